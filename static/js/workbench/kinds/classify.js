// Classification of several items. Two views of the same answer {"labels": {id: label}}:
//  - list: one row per item with a radio per label (Tab moves between items, arrows choose,
//    number keys 1–9 choose and go on to the next item);
//  - folders (sorting, the default when items are images): drag the cards into folders, or
//    select a card and press a number key or click a folder; 0 puts it back.

import { h, clear, labelColor, nameOf, labelName } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { entryContent, entryKind, preview } from './entries.js';
import * as fb from '../feedback.js';

export function create(ctx) {
  return new ClassifyKind(ctx);
}

class ClassifyKind {
  constructor(ctx) {
    this.ctx = ctx;
    this.task = ctx.task;
    this.entries = (this.task.entries || []).map((e) => ({ ...e, id: String(e.id) }));
    this.labels = (this.task.labels || []).map(String);
    this.values = {};
    this.readOnly = false;
    this.result = null;
    this.view = this.entries.some((e) => entryKind(e) === 'image') ? 'folders' : 'list';
    this.active = this.entries.length ? this.entries[0].id : null;

    const shell = ctx.shell;
    shell.setLayout('split');
    this.body = h('div', { class: 'wb-entries-host' });
    this.viewBtns = {
      list: h('button', { type: 'button', class: 'wb-btn wb-btn-ghost', onclick: () => this.setView('list') }, icon('list'), h('span', { text: t('view_list') })),
      folders: h('button', { type: 'button', class: 'wb-btn wb-btn-ghost', onclick: () => this.setView('folders') }, icon('folder'), h('span', { text: t('view_folders') })),
    };
    this.doc = h('div', { class: 'wb-doc', tabindex: '0', role: 'region', 'aria-label': t('task_area') },
      this.task.prompt_html ? h('div', { class: 'wb-prompt wb-card wb-prose', html: this.task.prompt_html }) : null,
      h('div', { class: 'wb-view-switch', role: 'group', 'aria-label': t('view') }, this.viewBtns.list, this.viewBtns.folders),
      this.body);
    shell.main.append(this.doc);
    this.panel = h('div', { class: 'wb-panel' });
    shell.side.append(this.panel);
  }

  color(label) {
    return labelColor(this.labels, label);
  }

  // ---- the kind interface -----------------------------------------------------------------
  load(answer) {
    this.values = {};
    const given = answer && typeof answer === 'object' && answer.labels && typeof answer.labels === 'object' ? answer.labels : {};
    for (const e of this.entries) if (given[e.id] !== undefined && given[e.id] !== null) this.values[e.id] = String(given[e.id]);
    this.render();
  }

  answer() {
    const labels = {};
    for (const e of this.entries) if (this.values[e.id] !== undefined) labels[e.id] = this.values[e.id];
    return { labels };
  }

  snapshot() {
    return JSON.stringify(this.values);
  }

  restore(snap) {
    this.values = JSON.parse(snap);
    this.render();
  }

  validate() {
    return null;
  }

  incomplete() {
    const n = this.entries.filter((e) => this.values[e.id] === undefined).length;
    return n ? t('warn_unanswered', { count: n }) : null;
  }

  lock() {
    this.readOnly = true;
    this.render();
  }

  focus() {
    const el = this.body.querySelector(`[data-entry="${CSS.escape(this.active || '')}"] input:checked, [data-entry="${CSS.escape(this.active || '')}"] input, [data-card="${CSS.escape(this.active || '')}"]`);
    if (el) el.focus({ preventScroll: true });
  }

  shortcuts() {
    return [[t('keys_classify'), [
      ['Tab / Shift+Tab', t('key_item_next')],
      ['↑ ↓ / ← →', t('key_item_choose')],
      ['1 – 9', t('key_item_label')],
      ['0', t('key_item_clear')],
      [t('key_drag'), t('key_item_drag')],
      [t('key_dblclick'), t('key_preview')],
    ]]];
  }

  setView(v) {
    this.view = v;
    this.render();
  }

  set(id, label) {
    if (this.readOnly) return;
    if (label === null) delete this.values[id];
    else this.values[id] = label;
    this.active = id;
    this.ctx.changed();
    this.render();
  }

  nextOf(id, unansweredOnly) {
    const i = this.entries.findIndex((e) => e.id === id);
    for (let j = i + 1; j < this.entries.length; j++) {
      if (!unansweredOnly || this.values[this.entries[j].id] === undefined) return this.entries[j].id;
    }
    return unansweredOnly ? this.nextOf(id, false) : id;
  }

  entryOf(target) {
    const el = target && target.closest ? target.closest('[data-entry], [data-card]') : null;
    return el ? el.dataset.entry || el.dataset.card : null;
  }

  onKey(e, typing) {
    if (typing || this.readOnly || e.ctrlKey || e.metaKey || e.altKey) return false;
    const id = this.entryOf(document.activeElement) || this.active;
    if (!id) return false;
    if (/^[1-9]$/.test(e.key)) {
      const label = this.labels[Number(e.key) - 1];
      if (label === undefined) return false;
      this.set(id, label);
      this.active = this.nextOf(id, this.view === 'folders');
      this.focus();
      return true;
    }
    if (e.key === '0' || (this.view === 'folders' && (e.key === 'Delete' || e.key === 'Backspace'))) {
      this.set(id, null);
      this.focus();
      return true;
    }
    if (this.view === 'folders' && e.key.startsWith('Arrow')) {
      const cards = [...this.body.querySelectorAll('[data-card]')];
      const i = cards.indexOf(document.activeElement);
      if (i < 0) return false;
      const j = e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? i - 1 : i + 1;
      if (cards[j]) {
        this.active = cards[j].dataset.card;
        cards[j].focus();
      }
      return true;
    }
    if (this.view === 'folders' && (e.key === 'Enter' || e.key === ' ')) {
      const entry = this.entries.find((x) => x.id === id);
      if (entry && entryKind(entry) === 'image') preview(this.ctx.shell, entry);
      return true;
    }
    return false;
  }

  // ---- rendering --------------------------------------------------------------------------
  render() {
    for (const [k, b] of Object.entries(this.viewBtns)) b.setAttribute('aria-pressed', k === this.view ? 'true' : 'false');
    const keepFocus = this.body.contains(document.activeElement);
    clear(this.body);
    if (this.view === 'list') this.renderList();
    else this.renderFolders();
    this.renderPanel();
    if (keepFocus) this.focus();
  }

  wrongOf(id) {
    if (!this.result) return null;
    return (this.result.feedback || []).find((f) => f.type === 'wrong_item' && String(f.id) === id) || null;
  }

  resultBadge(id) {
    if (!this.result) return null;
    const w = this.wrongOf(id);
    if (!w) return h('span', { class: 'wb-badge wb-badge-ok', text: t('badge_right') });
    return h('span', { class: 'wb-badge wb-badge-error', text: t('badge_should_be', { label: w.expected }), title: fb.message(w) });
  }

  renderList() {
    const list = h('ol', { class: 'wb-entries' });
    this.entries.forEach((e, i) => {
      const group = h('div', { class: 'wb-choices', role: 'radiogroup', 'aria-label': t('entry_no', { no: i + 1, id: e.id }) });
      this.labels.forEach((l, k) => {
        const input = h('input', { type: 'radio', name: `wb-cls-${e.id}`, value: l, checked: this.values[e.id] === l, disabled: this.readOnly });
        input.addEventListener('change', () => this.set(e.id, l));
        input.addEventListener('focus', () => { this.active = e.id; });
        group.append(h('label', { class: 'wb-choice', style: { '--c': this.color(l) } }, input, h('span', {}, k < 9 ? h('kbd', { text: String(k + 1) }) : null, labelName(this.task.names, l, 'wb-choice-name'))));
      });
      const w = this.wrongOf(e.id);
      list.append(h('li', {
        class: ['wb-entry', this.values[e.id] === undefined && 'is-open', this.result && (w ? 'is-wrong' : 'is-right')],
        dataset: { entry: e.id },
      },
      h('div', { class: 'wb-entry-head' }, h('span', { class: 'wb-entry-no', text: String(i + 1) }), entryContent(e, (x) => preview(this.ctx.shell, x)), this.resultBadge(e.id)),
      group));
    });
    this.body.append(list);
  }

  card(e) {
    const card = h('div', {
      class: ['wb-sort-card', this.active === e.id && 'is-active', this.result && (this.wrongOf(e.id) ? 'is-wrong' : 'is-right')],
      tabindex: '0', role: 'button', dataset: { card: e.id },
      'aria-label': `${e.id}${this.values[e.id] ? ' · ' + this.values[e.id] : ''}`,
    }, entryContent(e, (x) => preview(this.ctx.shell, x)), h('div', { class: 'wb-sort-card-id', text: e.id }), this.resultBadge(e.id));
    card.addEventListener('focus', () => {
      this.active = e.id;
      for (const c of this.body.querySelectorAll('.wb-sort-card.is-active')) if (c !== card) c.classList.remove('is-active');
      card.classList.add('is-active');
    });
    if (!this.readOnly) card.addEventListener('pointerdown', (ev) => this.dragStart(ev, e, card));
    return card;
  }

  renderFolders() {
    const tray = h('div', { class: 'wb-tray', dataset: { folder: '' } },
      h('div', { class: 'wb-folder-head' }, h('span', { text: t('folder_unsorted') }), h('span', { class: 'wb-count', text: String(this.entries.filter((e) => this.values[e.id] === undefined).length) })));
    const trayCards = h('div', { class: 'wb-cards' });
    for (const e of this.entries) if (this.values[e.id] === undefined) trayCards.append(this.card(e));
    if (!trayCards.childNodes.length) trayCards.append(h('p', { class: 'wb-muted', text: t('folder_unsorted_empty') }));
    tray.append(trayCards);
    const folders = h('div', { class: 'wb-folders' });
    this.labels.forEach((l, k) => {
      const cards = h('div', { class: 'wb-cards' });
      const inside = this.entries.filter((e) => this.values[e.id] === l);
      for (const e of inside) cards.append(this.card(e));
      const head = h('button', {
        type: 'button', class: 'wb-folder-head', disabled: this.readOnly, title: t('folder_put_here'),
        onclick: () => { if (this.active) { const id = this.active; this.set(id, l); this.active = this.nextOf(id, true); this.focus(); } },
      }, icon('folder'), k < 9 ? h('kbd', { text: String(k + 1) }) : null, labelName(this.task.names, l, 'wb-folder-name'), h('span', { class: 'wb-count', text: String(inside.length) }));
      folders.append(h('div', { class: 'wb-folder', dataset: { folder: l }, style: { '--c': this.color(l) } }, head, cards));
    });
    this.body.append(tray, folders);
  }

  dragStart(ev, e, card) {
    if (ev.button !== 0 || (ev.target.closest && ev.target.closest('button'))) return;
    const x0 = ev.clientX, y0 = ev.clientY;
    let ghost = null;
    let over = null;
    const move = (m) => {
      if (!ghost && Math.hypot(m.clientX - x0, m.clientY - y0) < 5) return;
      if (!ghost) {
        ghost = card.cloneNode(true);
        ghost.classList.add('wb-ghost');
        ghost.style.setProperty('width', `${card.offsetWidth}px`);
        this.ctx.shell.el.append(ghost);
        card.classList.add('is-dragging');
      }
      const host = this.ctx.shell.el.getBoundingClientRect();
      ghost.style.setProperty('left', `${m.clientX - host.left - card.offsetWidth / 2}px`);
      ghost.style.setProperty('top', `${m.clientY - host.top - 20}px`);
      ghost.hidden = true;
      const under = document.elementFromPoint(m.clientX, m.clientY);
      ghost.hidden = false;
      const f = under && under.closest ? under.closest('[data-folder]') : null;
      if (over !== f) {
        if (over) over.classList.remove('is-over');
        over = f;
        if (over) over.classList.add('is-over');
      }
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      if (over) over.classList.remove('is-over');
      if (!ghost) return; // a click: focus only
      ghost.remove();
      card.classList.remove('is-dragging');
      if (over) {
        const label = over.dataset.folder;
        this.set(e.id, label === '' ? null : label);
      }
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
  }

  renderPanel() {
    const p = clear(this.panel);
    if (this.result) {
      p.append(fb.scoreBanner(this.result));
      const list = fb.feedbackList(this.result, (f, i) => {
        fb.highlight(list, i);
        this.active = String(f.id);
        const el = this.body.querySelector(`[data-entry="${CSS.escape(String(f.id))}"], [data-card="${CSS.escape(String(f.id))}"]`);
        if (el) {
          el.scrollIntoView({ block: 'center' });
          el.classList.add('is-flash');
          setTimeout(() => el.classList.remove('is-flash'), 1200);
        }
      });
      p.append(fb.section(t('mistakes_count', { count: (this.result.feedback || []).length }), list));
      const ex = fb.explanation(this.result);
      if (ex) p.append(ex);
      return;
    }
    const done = this.entries.filter((e) => this.values[e.id] !== undefined).length;
    p.append(fb.section(t('progress'),
      h('div', { class: 'wb-progress-text', text: t('progress_done', { done, total: this.entries.length }) }),
      h('progress', { class: 'bar', max: String(this.entries.length || 1), value: String(done) })));
    const tally = h('ul', { class: 'wb-objects' });
    this.labels.forEach((l, k) => {
      const n = this.entries.filter((e) => this.values[e.id] === l).length;
      tally.append(h('li', { class: 'wb-object', style: { '--c': this.color(l) } },
        h('span', { class: 'wb-object-main' }, k < 9 ? h('kbd', { text: String(k + 1) }) : null, h('span', { class: 'wb-swatch' }), h('span', { class: 'wb-object-label', text: nameOf(this.task.names, l) }), h('span', { class: 'wb-count', text: String(n) }))));
    });
    p.append(fb.section(t('labels'), tally));
  }

  showResult(result, answer) {
    this.result = result;
    this.readOnly = true;
    if (answer) this.load(answer);
    this.view = 'list';
    this.render();
  }
}
