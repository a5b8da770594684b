// Selection {"ids": [...]}: a grid of items to toggle (data cleaning: tick what to discard), or,
// when the task has `given` annotations on an image, a review: click the annotations that are
// wrong (on the stage or in the list).

import { h, s, clear, labelColor, nameOf } from '../dom.js';
import { t } from '../i18n.js';
import { Stage } from '../stage.js';
import { TOOLS, promptStrip, attrText } from './image.js';
import { entryContent, entryKind, preview } from './entries.js';
import * as fb from '../feedback.js';

export function create(ctx) {
  return new SelectKind(ctx);
}

function toolFor(a) {
  if (Array.isArray(a.keypoints)) return TOOLS.keypoints;
  if (Array.isArray(a.bbox)) return TOOLS.boxes;
  if (Array.isArray(a.points)) return a.closed === false ? TOOLS.polylines : TOOLS.polygons;
  return null;
}

class SelectKind {
  constructor(ctx) {
    this.ctx = ctx;
    this.task = ctx.task;
    this.review = Array.isArray(this.task.given) && this.task.given.length > 0 && !!this.task.image_url;
    this.items = this.review
      ? this.task.given.map((g) => ({ ...g, id: String(g.id) }))
      : (this.task.entries || []).map((e) => ({ ...e, id: String(e.id) }));
    this.chosen = new Set();
    this.readOnly = false;
    this.result = null;
    this.labels = (this.task.labels || []).map(String);
    const shell = ctx.shell;

    if (this.review) {
      shell.setLayout('split');
      const strip = promptStrip(this.task.prompt_html);
      if (strip) shell.main.append(strip);
      const img = this.task.image || {};
      this.stage = new Stage(shell.main, { width: Number(img.width) || 640, height: Number(img.height) || 480, imageUrl: this.task.image_url });
      this.stage.el.dataset.mode = 'view';
      this.stage.setHint(t('hint_review'));
      this.stage.handler = {
        down: (p, ev) => {
          const el = ev.target.closest ? ev.target.closest('[data-given]') : null;
          if (el) this.toggle(el.dataset.given);
        },
      };
      this.stage.onView(() => this.drawStage());
      // the minimal controller the tools' draw functions expect
      this.c = {
        stage: this.stage, task: this.task, sel: null, selV: null, liveCross: null,
        index: () => 0,
        drawTag: (g, x, y, o) => {
          const fs = this.stage.px(12);
          const ty = y - this.stage.px(4) < fs ? y + fs : y - this.stage.px(4);
          g.append(s('text', { class: 'wb-tag', x, y: ty, 'font-size': fs, 'stroke-width': this.stage.px(3) }, `${o.id} ${o.label ? nameOf(this.task.names, o.label) : ''}`));
        },
      };
    } else {
      shell.setLayout('split');
      this.grid = h('div', { class: ['wb-grid', this.items.every((e) => entryKind(e) === 'text') && 'is-rows'] });
      this.doc = h('div', { class: 'wb-doc', tabindex: '0', role: 'region', 'aria-label': t('task_area') },
        this.task.prompt_html ? h('div', { class: 'wb-prompt wb-card wb-prose', html: this.task.prompt_html }) : null,
        this.grid);
      shell.main.append(this.doc);
    }
    this.panel = h('div', { class: 'wb-panel' });
    shell.side.append(this.panel);
  }

  // ---- the kind interface -----------------------------------------------------------------
  load(answer) {
    const ids = answer && Array.isArray(answer.ids) ? answer.ids.map(String) : [];
    const known = new Set(this.items.map((e) => e.id));
    this.chosen = new Set(ids.filter((id) => known.has(id)));
    this.render();
  }

  answer() {
    return { ids: this.items.filter((e) => this.chosen.has(e.id)).map((e) => e.id) };
  }

  snapshot() {
    return JSON.stringify([...this.chosen].sort());
  }

  restore(snap) {
    this.chosen = new Set(JSON.parse(snap));
    this.render();
  }

  validate() {
    return null;
  }

  incomplete() {
    return this.chosen.size ? null : t('warn_none_selected');
  }

  lock() {
    this.readOnly = true;
    this.render();
  }

  focus() {
    if (this.review) this.stage.el.focus({ preventScroll: true });
    else {
      const first = this.grid.querySelector('input');
      if (first) first.focus({ preventScroll: true });
    }
  }

  shortcuts() {
    const rows = [
      ['Space', t('key_toggle')],
      ['← ↑ → ↓', t('key_grid_move')],
    ];
    if (this.review) rows.push([t('key_click'), t('key_review_toggle')], ['F', t('key_fit')], [t('key_wheel'), t('key_zoom_wheel')], ['Space+' + t('key_drag'), t('key_pan')]);
    else rows.push([t('key_dblclick'), t('key_preview')]);
    return [[t('keys_select'), rows]];
  }

  toggle(id) {
    if (this.readOnly) return;
    if (this.chosen.has(id)) this.chosen.delete(id);
    else this.chosen.add(id);
    this.ctx.changed();
    this.render();
  }

  onKey(e, typing) {
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (this.review && (e.key === 'f' || e.key === 'F')) {
      this.stage.fit();
      return true;
    }
    if (!this.review && e.key.startsWith('Arrow')) {
      const inputs = [...this.grid.querySelectorAll('input[type="checkbox"]')];
      const i = inputs.indexOf(document.activeElement);
      if (i < 0) return false;
      const cols = this.grid.classList.contains('is-rows') ? 1 : Math.max(1, getComputedStyle(this.grid).gridTemplateColumns.split(' ').length);
      const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : e.key === 'ArrowUp' ? -cols : cols;
      const j = i + step;
      if (inputs[j]) inputs[j].focus();
      return true;
    }
    if (!this.review && e.key === 'Enter') {
      const el = document.activeElement;
      if (el && el.matches && el.matches('.wb-grid input[type="checkbox"]')) {
        el.click();
        return true;
      }
    }
    return false;
  }

  // ---- result marks -----------------------------------------------------------------------
  verdict(id) {
    if (!this.result) return null;
    const f = (this.result.feedback || []).find((x) => (x.type === 'missed_item' || x.type === 'extra_item') && String(x.id) === id);
    if (f) return f.type === 'missed_item' ? { cls: 'is-missed', badge: t('badge_missed_pick'), f } : { cls: 'is-extra', badge: t('badge_extra_pick'), f };
    return this.chosen.has(id) ? { cls: 'is-right', badge: t('badge_right') } : null;
  }

  badge(v) {
    if (!v) return null;
    return h('span', { class: ['wb-badge', v.cls === 'is-right' ? 'wb-badge-ok' : 'wb-badge-error'], text: v.badge, title: v.f ? fb.message(v.f) : '' });
  }

  // ---- rendering --------------------------------------------------------------------------
  render() {
    if (this.review) {
      this.drawStage();
      this.renderReviewList();
    } else {
      this.renderGrid();
      this.renderPanel();
    }
  }

  renderGrid() {
    const focusedId = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.id : null;
    clear(this.grid);
    this.items.forEach((e, i) => {
      const on = this.chosen.has(e.id);
      const input = h('input', { type: 'checkbox', checked: on, disabled: this.readOnly, dataset: { id: e.id }, 'aria-label': t('select_item', { id: e.id }) });
      input.addEventListener('change', () => this.toggle(e.id));
      const v = this.verdict(e.id);
      const card = h('label', { class: ['wb-pick', `wb-pick-${entryKind(e)}`, on && 'is-on', v && v.cls] },
        h('span', { class: 'wb-pick-head' }, input, h('span', { class: 'wb-pick-id', text: e.id }), on ? h('span', { class: 'wb-pick-state', text: t('selected') }) : null, this.badge(v)),
        entryContent(e, (x) => preview(this.ctx.shell, x)));
      this.grid.append(card);
      if (focusedId === e.id) input.focus({ preventScroll: true });
      void i;
    });
  }

  renderPanel() {
    const p = clear(this.panel);
    if (this.result) {
      this.resultPanel(p);
      return;
    }
    const ids = this.answer().ids;
    p.append(fb.section(t('selected_count', { count: ids.length, total: this.items.length }),
      ids.length ? h('div', { class: 'wb-chips' }, ids.map((id) => h('span', { class: 'wb-chip is-static', text: id }))) : h('p', { class: 'wb-muted', text: t('select_none_yet') }),
      h('p', { class: 'wb-muted', text: t('select_how') }),
      this.items.some((e) => entryKind(e) === 'image') ? h('p', { class: 'wb-muted', text: t('select_preview_hint') }) : null));
  }

  resultPanel(p) {
    p.append(fb.scoreBanner(this.result));
    const list = fb.feedbackList(this.result, (f, i) => {
      fb.highlight(list, i);
      this.current = String(f.id);
      if (this.review) {
        const g = this.items.find((x) => x.id === this.current);
        const tool = g && toolFor(g);
        if (tool) this.stage.zoomTo(tool.bounds(tool === TOOLS.keypoints ? { keypoints: g.keypoints } : tool.fromAnswer(g, this.c)), 4);
        this.drawStage();
      } else {
        const el = this.grid.querySelector(`input[data-id="${CSS.escape(this.current)}"]`);
        if (el) {
          const card = el.closest('.wb-pick');
          card.scrollIntoView({ block: 'center' });
          card.classList.add('is-flash');
          setTimeout(() => card.classList.remove('is-flash'), 1200);
        }
      }
    });
    p.append(fb.section(t('mistakes_count', { count: (this.result.feedback || []).length }), list));
    const ex = fb.explanation(this.result);
    if (ex) p.append(ex);
  }

  drawStage() {
    const L = this.stage.layers;
    clear(L.given);
    clear(L.pins);
    for (const g of this.items) {
      const tool = toolFor(g);
      if (!tool) continue;
      const o = { id: g.id, label: g.label, attributes: g.attributes, ...tool.fromAnswer(g, this.c) };
      const on = this.chosen.has(g.id);
      const v = this.verdict(g.id);
      const grp = s('g', { class: ['wb-obj', 'wb-given', on && 'is-picked', v && v.cls, this.current === g.id && 'is-hl'], dataset: { given: g.id } });
      grp.style.setProperty('--c', on ? 'var(--wb-bad)' : labelColor(this.labels, g.label));
      const attrs = attrText(g.attributes, this.task.names);
      grp.append(s('title', { text: `${g.id} ${g.label ? nameOf(this.task.names, g.label) : ''}${attrs ? ' · ' + attrs : ''}` }));
      tool.draw(this.c, o, grp, { given: true });
      // every part of the annotation toggles it
      for (const el of grp.querySelectorAll('[data-part]')) el.dataset.given = g.id;
      L.given.append(grp);
      if (v && v.cls !== 'is-right') {
        const [x, y] = tool.anchor(o);
        const r = this.stage.px(10);
        L.pins.append(s('g', { class: 'wb-pin' }, s('title', { text: fb.message(v.f) }), s('circle', { cx: x, cy: y, r }),
          s('text', { x, y, 'font-size': this.stage.px(11), 'text-anchor': 'middle', 'dominant-baseline': 'central' }, v.cls === 'is-missed' ? '!' : '×')));
      }
    }
  }

  renderReviewList() {
    const p = clear(this.panel);
    if (this.result) {
      this.resultPanel(p);
    }
    const list = h('ul', { class: 'wb-objects wb-review-list' });
    for (const g of this.items) {
      const on = this.chosen.has(g.id);
      const input = h('input', { type: 'checkbox', checked: on, disabled: this.readOnly, 'aria-label': t('select_item', { id: g.id }) });
      input.addEventListener('change', () => this.toggle(g.id));
      const attrs = attrText(g.attributes, this.task.names);
      const v = this.verdict(g.id);
      list.append(h('li', { class: ['wb-object', on && 'is-sel', v && v.cls], style: { '--c': on ? 'var(--wb-bad)' : labelColor(this.labels, g.label) } },
        h('label', { class: 'wb-object-main' }, input, h('span', { class: 'wb-object-no', text: g.id }), h('span', { class: 'wb-object-label', text: g.label ? nameOf(this.task.names, g.label) : '' }),
          h('span', { class: 'wb-object-attrs', text: attrs }), this.badge(v))));
    }
    p.append(fb.section(t('review_given', { count: this.chosen.size }), h('p', { class: 'wb-muted', text: t('review_how') }), list));
  }

  showResult(result, answer) {
    this.result = result;
    this.readOnly = true;
    if (this.review) this.stage.setHint(t('hint_review_result'));
    if (answer) this.load(answer);
    this.render();
  }
}
