// Image kinds (boxes, polygons, polylines, keypoints): the stage, the tools on the left, the
// labels / attributes / object list on the right, and after a practice submit the gold, the
// trainee's labels and every mistake pinned in place.

import { h, s, clear, labelColor, nameOf, labelName } from '../dom.js';
import { t, has } from '../i18n.js';
import { icon } from '../icons.js';
import { Stage } from '../stage.js';
import { unionBounds } from '../geometry.js';
import { boxTool } from '../tools/box.js';
import { polygonTool } from '../tools/polygon.js';
import { polylineTool } from '../tools/polyline.js';
import { keypointTool } from '../tools/keypoints.js';
import * as fb from '../feedback.js';

export const TOOLS = { boxes: boxTool, polygons: polygonTool, polylines: polylineTool, keypoints: keypointTool };

export function create(ctx) {
  return new ImageKind(ctx);
}

/** The prompt above the stage: two lines, expandable. */
export function promptStrip(html) {
  if (!html) return null;
  const body = h('div', { class: 'wb-prompt-body wb-prose', html });
  const more = h('button', { type: 'button', class: 'wb-link wb-prompt-more', text: t('prompt_more'), hidden: true });
  const strip = h('div', { class: 'wb-prompt wb-prompt-strip' }, body, more);
  more.addEventListener('click', () => {
    const open = strip.classList.toggle('is-open');
    more.textContent = open ? t('prompt_less') : t('prompt_more');
  });
  requestAnimationFrame(() => {
    more.hidden = body.scrollHeight <= body.clientHeight + 2;
  });
  return strip;
}

export function attrText(attrs, names) {
  return Object.entries(attrs || {}).map(([k, v]) => `${nameOf(names, k)}=${nameOf(names, v)}`).join(', ');
}

class ImageKind {
  constructor(ctx) {
    this.ctx = ctx;
    this.task = ctx.task;
    this.tool = TOOLS[this.task.kind];
    this.labels = Array.isArray(this.task.labels) && this.task.labels.length ? this.task.labels.map(String) : ['object'];
    this.attrSpec = this.task.attributes && typeof this.task.attributes === 'object' ? this.task.attributes : {};
    this.objects = [];
    this.nextId = 1;
    this.sel = null;
    this.selV = null;
    this.mode = 'draw';
    this.label = this.labels[0];
    this.names = this.task.names;
    this.draft = null;
    this.draftShape = null;
    this.session = null;
    this.hover = null;
    this.readOnly = false;
    this.result = null;

    const shell = ctx.shell;
    shell.setLayout('image');
    const strip = promptStrip(this.task.prompt_html);
    if (strip) shell.main.append(strip);
    const img = this.task.image || {};
    this.stage = new Stage(shell.main, {
      width: Number(img.width) || 640,
      height: Number(img.height) || 480,
      imageUrl: this.task.image_url,
      label: t('stage_label'),
    });
    this.stage.handler = this;
    this.stage.onView(() => this.renderShapes());
    this.stage.el.addEventListener('keydown', (e) => this.stageKey(e));

    this.buildTools();
    this.panel = h('div', { class: 'wb-panel' });
    shell.side.append(this.panel);
  }

  // ---- model ------------------------------------------------------------------------------
  color(label) {
    return labelColor(this.labels, label);
  }

  find(id) {
    return this.objects.find((o) => o.id === id) || null;
  }

  index(id) {
    return this.objects.findIndex((o) => o.id === id);
  }

  add(fields, noCommit) {
    const o = { id: this.nextId++, label: this.label, attributes: {}, ...fields };
    this.objects.push(o);
    this.sel = o.id;
    this.selV = null;
    if (noCommit) this.render();
    else this.commit();
    return o;
  }

  remove(id) {
    this.objects = this.objects.filter((o) => o.id !== id);
    if (this.sel === id) {
      this.sel = null;
      this.selV = null;
    }
    if (this.draft && this.draft.id === id) this.draft = null;
    this.commit();
  }

  select(id, quiet) {
    this.sel = id;
    this.selV = null;
    if (!quiet) this.render();
    if (id !== null) {
      const row = this.panel.querySelector(`[data-row="${id}"]`);
      if (row) row.scrollIntoView({ block: 'nearest' });
    }
  }

  commit() {
    this.render();
    this.ctx.changed();
  }

  /** A message for the trainee: a string, or {key, args} of the messages. */
  toast(msg, tone = 'info') {
    this.ctx.shell.toast(typeof msg === 'string' ? msg : t(msg.key, msg.args), tone);
  }

  fromAnswerObject(a) {
    const attrs = {};
    for (const [k, v] of Object.entries(a.attributes || {})) attrs[k] = String(v);
    return { id: this.nextId++, label: String(a.label ?? this.labels[0]), attributes: attrs, ...this.tool.fromAnswer(a, this) };
  }

  // ---- the kind interface -----------------------------------------------------------------
  load(answer) {
    this.nextId = 1;
    if (Array.isArray(answer)) {
      this.objects = answer.map((a) => this.fromAnswerObject(a));
    } else if (Array.isArray(this.task.given)) {
      // review-and-correct tasks start from someone else's labels
      this.objects = this.task.given.map((a) => this.fromAnswerObject(a));
    } else {
      this.objects = [];
    }
    this.sel = null;
    this.selV = null;
    this.draft = null;
    this.mode = this.objects.length ? 'edit' : 'draw';
    this.render();
  }

  answer() {
    return this.objects.map((o) => this.tool.toAnswer(o));
  }

  snapshot() {
    return JSON.stringify({ o: this.objects, n: this.nextId });
  }

  restore(snap) {
    const st = JSON.parse(snap);
    this.objects = st.o;
    this.nextId = st.n;
    this.draft = null;
    if (!this.find(this.sel)) this.sel = null;
    this.selV = null;
    this.render();
  }

  validate() {
    for (let i = 0; i < this.objects.length; i++) {
      const err = this.tool.validate(this.objects[i]);
      if (err) return t('err_object', { no: i + 1, message: t(err.key, err.args) });
    }
    return null;
  }

  incomplete() {
    if (!this.objects.length) return t('warn_no_objects');
    const keys = Object.keys(this.attrSpec);
    const missing = this.objects.filter((o) => keys.some((k) => !(k in (o.attributes || {})))).length;
    if (missing) return t('warn_missing_attrs', { count: missing });
    return null;
  }

  historyChanged() {
    this.updateTools();
  }

  lock() {
    this.readOnly = true;
    this.draft = null;
    this.mode = 'edit';
    this.render();
  }

  focus() {
    this.stage.el.focus({ preventScroll: true });
  }

  shortcuts() {
    const rows = [
      ['N', t('key_new')],
      ['Shift+N', t('key_new_keyboard')],
      ['V / Esc', t('key_edit')],
      ['1 – 9', t('key_label')],
      ['Del', t('key_delete')],
      ['Tab / Shift+Tab', t('key_tab')],
      ['← ↑ → ↓', t('key_nudge')],
      ['F', t('key_fit')],
      ['+ / −', t('key_zoom')],
      [t('key_wheel'), t('key_zoom_wheel')],
      ['Space+' + t('key_drag'), t('key_pan')],
    ];
    const k = this.task.kind;
    if (k === 'boxes') rows.push(['Alt+← ↑ → ↓', t('key_resize')]);
    if (k === 'polygons') {
      rows.push(['Enter', t('key_close_polygon')], ['Backspace', t('key_back_vertex')], ['[ / ]', t('key_vertex_cycle')],
        ['Alt+' + t('key_click'), t('key_delete_vertex')], [t('key_dblclick'), t('key_insert_vertex')]);
    }
    if (k === 'polylines') {
      rows.push(['Enter', t('key_finish_line')], ['Backspace', t('key_back_vertex')], ['[ / ]', t('key_vertex_cycle')],
        ['Alt+' + t('key_click'), t('key_delete_vertex')], [t('key_dblclick'), t('key_insert_vertex')]);
    }
    if (k === 'keypoints') {
      rows.push(['Shift+' + t('key_click'), t('key_kpt_occluded')], ['X', t('key_kpt_skip')], ['Backspace', t('key_kpt_back')],
        ['Enter', t('key_kpt_finish')], ['[ / ]', t('key_joint_cycle')]);
    }
    return [[t('keys_image'), rows]];
  }

  // ---- tools (left) -----------------------------------------------------------------------
  buildTools() {
    const shell = this.ctx.shell;
    const btn = (name, title, key, onclick) => h('button', {
      type: 'button', class: 'wb-tool', title: key ? `${title} (${key})` : title, 'aria-label': title, dataset: { tool: name }, onclick,
    }, icon(name === 'draw' ? this.tool.icon : name));
    this.toolBtns = {
      select: btn('select', t('tool_edit'), 'V', () => this.setMode('edit')),
      draw: btn('draw', t(this.tool.titleKey), 'N', () => this.setMode('draw')),
    };
    // finishes the polygon, polyline or skeleton being drawn (Enter): shown while one is
    this.finishBtn = btn('check', t('act_finish'), 'Enter', () => this.tool.key && this.tool.key(this, { key: 'Enter' }));
    this.finishBtn.hidden = true;
    this.undoBtn = btn('undo', t('undo'), 'Ctrl+Z', () => this.ctx.undo());
    this.redoBtn = btn('redo', t('redo'), 'Ctrl+Shift+Z', () => this.ctx.redo());
    this.delBtn = btn('trash', t('delete'), 'Del', () => this.sel !== null && this.remove(this.sel));
    shell.tools.append(
      this.toolBtns.select, this.toolBtns.draw, this.finishBtn,
      h('hr', { class: 'wb-tool-sep' }),
      h('span', { class: 'wb-tool-zoom' },
        btn('zoomIn', t('zoom_in'), '+', () => this.stage.zoomAt(1.25)),
        btn('zoomOut', t('zoom_out'), '−', () => this.stage.zoomAt(0.8))),
      btn('fit', t('fit'), 'F', () => this.stage.fit()),
      h('hr', { class: 'wb-tool-sep' }),
      this.undoBtn, this.redoBtn, this.delBtn);
  }

  setMode(mode) {
    if (this.readOnly) return;
    if (mode === 'edit') this.draft = null;
    this.mode = mode;
    this.render();
    this.focus();
  }

  updateTools() {
    for (const [name, b] of Object.entries(this.toolBtns)) {
      b.setAttribute('aria-pressed', (name === 'draw') === (this.mode === 'draw') ? 'true' : 'false');
      b.disabled = this.readOnly;
    }
    this.delBtn.disabled = this.readOnly || this.sel === null;
    const hist = this.ctx.history;
    this.undoBtn.disabled = this.readOnly || !hist || !hist.canUndo();
    this.redoBtn.disabled = this.readOnly || !hist || !hist.canRedo();
    this.stage.el.dataset.mode = this.readOnly ? 'view' : this.mode;
  }

  /** The hint's message key, in touch words once a finger or pen has been used. */
  hintKey(key) {
    return this.stage.coarse && has(`${key}_touch`) ? `${key}_touch` : key;
  }

  updateHint() {
    let text = '';
    if (this.readOnly) text = this.result ? t('hint_result') : '';
    else if (this.draft && this.tool.hint) text = this.tool.hint(this);
    else if (this.draft) text = t(this.hintKey(`${this.tool.hintKey}_drafting`));
    else if (this.mode === 'draw') text = t(this.hintKey(this.tool.hintKey), { label: nameOf(this.names, this.label) });
    else text = t(this.hintKey('hint_edit'));
    this.stage.setHint(text);
    if (this.finishBtn) this.finishBtn.hidden = this.readOnly || !this.draft;
  }

  // ---- pointer (from the stage) -----------------------------------------------------------
  hit(ev) {
    const el = ev.target && ev.target.closest ? ev.target.closest('[data-part]') : null;
    if (!el || el.dataset.obj === undefined) return null;
    return { id: Number(el.dataset.obj), part: el.dataset.part };
  }

  down(p, ev) {
    const hit = this.hit(ev);
    if (this.readOnly) {
      if (this.result) this.pickFromStage(ev);
      return;
    }
    if (this.draft) {
      this.session = this.tool.down(this, p, ev, hit);
      return;
    }
    if (hit && hit.id === this.sel && hit.part !== 'body' && (this.task.kind !== 'keypoints' || this.mode === 'edit')) {
      this.session = this.tool.edit(this, this.find(hit.id), hit.part, p, ev);
      return;
    }
    if (this.mode === 'draw') {
      this.session = this.tool.down(this, p, ev, hit);
      return;
    }
    if (hit) {
      if (this.sel !== hit.id) this.select(hit.id);
      this.session = this.tool.edit(this, this.find(hit.id), hit.part, p, ev);
    } else {
      this.select(null);
    }
  }

  move(p, ev) {
    this.hover = p;
    if (this.session) this.session.move(p, ev);
    else if (this.mode === 'draw' || this.draft) this.renderDraft();
  }

  up(p, ev) {
    const sess = this.session;
    this.session = null;
    if (sess) sess.up(p, ev);
  }

  leave() {
    this.hover = null;
    this.renderDraft();
  }

  /** A second finger landed during a drag (it becomes a pinch): the drag leaves no trace. */
  cancel() {
    const had = this.session;
    this.session = null;
    this.draftShape = null;
    this.liveCross = null;
    const hist = this.ctx.history;
    if (had && hist) {
      const draft = this.draft;
      this.restore(hist.current);
      this.draft = draft;
    }
    this.render();
  }

  /** Touch: handles and hit areas grow to finger size. */
  coarseChanged() {
    this.renderShapes();
    this.updateHint();
  }

  /** A long press (finger or pen): the actions a right click or a key gives on a desktop. */
  longpress(p, ev, client) {
    if (this.readOnly) return;
    const hit = this.hit(ev);
    const items = this.tool.actions ? this.tool.actions(this, p, ev, hit) : [];
    if (!this.draft && hit) {
      if (this.sel !== hit.id) this.select(hit.id);
      const o = this.find(hit.id);
      items.push({ key: 'act_label', run: () => this.ctx.shell.openSheet(0) });
      items.push({ key: 'act_zoom_object', run: () => this.stage.zoomTo(this.tool.bounds(o)) });
      items.push({ key: 'delete', danger: true, run: () => this.remove(o.id) });
    }
    if (!this.draft) items.push({ key: 'fit', run: () => this.stage.fit() });
    this.ctx.shell.menu(client[0], client[1], items.map((it) => ({ ...it, text: t(it.key) })));
  }

  dblclick(p, ev) {
    if (this.readOnly || !this.tool.dblclick) return;
    this.tool.dblclick(this, p, ev);
  }

  contextmenu(p, ev) {
    if (this.readOnly || !this.tool.contextmenu) return false;
    return this.tool.contextmenu(this, p, ev, this.hit(ev));
  }

  visibleBox() {
    const { w, h: hh } = this.stage.size();
    const a = [(0 - this.stage.tx) / this.stage.k, (0 - this.stage.ty) / this.stage.k];
    const b = [(w - this.stage.tx) / this.stage.k, (hh - this.stage.ty) / this.stage.k];
    const x0 = Math.max(0, a[0]), y0 = Math.max(0, a[1]);
    const x1 = Math.min(this.stage.W, b[0]), y1 = Math.min(this.stage.H, b[1]);
    return [x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)];
  }

  // ---- keyboard ---------------------------------------------------------------------------
  /** Tab / Shift+Tab on the stage: next / previous object (then on out of the stage). */
  stageKey(e) {
    if (e.key !== 'Tab' || e.ctrlKey || e.altKey || !this.objects.length) return;
    const i = this.index(this.sel);
    const j = e.shiftKey ? (i < 0 ? this.objects.length - 1 : i - 1) : i + 1;
    if (j < 0 || j >= this.objects.length) return; // let focus leave the stage
    e.preventDefault();
    this.select(this.objects[j].id);
  }

  onKey(e) {
    const key = e.key;
    const ctrl = e.ctrlKey || e.metaKey;
    if (this.readOnly) {
      if (!ctrl && (key === 'f' || key === 'F')) { this.stage.fit(); return true; }
      if (key === '+' || key === '=') { this.stage.zoomAt(1.25); return true; }
      if (key === '-' || key === '_') { this.stage.zoomAt(0.8); return true; }
      return false;
    }
    if (this.tool.key && this.tool.key(this, e)) return true;
    if (ctrl) return false;
    if (key === 'Escape') {
      if (this.sel !== null) this.select(null);
      else if (this.mode === 'draw') this.setMode('edit');
      return true;
    }
    if ((key === 'n' || key === 'N') && !e.altKey) {
      this.setMode('draw');
      if (e.shiftKey && this.tool.create) this.tool.create(this);
      return true;
    }
    if ((key === 'v' || key === 'V') && !e.shiftKey) {
      this.setMode('edit');
      return true;
    }
    if (/^[1-9]$/.test(key) && !e.altKey) {
      const label = this.labels[Number(key) - 1];
      if (label !== undefined) this.pickLabel(label);
      return true;
    }
    if (key === 'Delete' || key === 'Backspace') {
      if (this.sel !== null) this.remove(this.sel);
      return true;
    }
    if (key === 'f' || key === 'F') { this.stage.fit(); return true; }
    if (key === '+' || key === '=') { this.stage.zoomAt(1.25); return true; }
    if (key === '-' || key === '_') { this.stage.zoomAt(0.8); return true; }
    if (key.startsWith('Arrow')) {
      const step = e.shiftKey ? 10 : 1;
      const dx = key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0;
      const dy = key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0;
      const o = this.find(this.sel);
      if (o) {
        this.tool.nudge(this, o, dx, dy, e.altKey);
        this.commit();
      } else {
        this.stage.tx -= dx * 4;
        this.stage.ty -= dy * 4;
        this.stage.fitted = false;
        this.stage.apply();
      }
      return true;
    }
    return false;
  }

  pickLabel(label) {
    this.label = label;
    const o = this.find(this.sel);
    if (o && o.label !== label && !this.readOnly) {
      o.label = label;
      this.commit();
    } else {
      this.render();
    }
  }

  // ---- drawing ----------------------------------------------------------------------------
  drawTag(g, x, y, o) {
    const fs = this.stage.px(11);
    const no = o.no !== undefined ? o.no : this.index(o.id) + 1;
    const ty = y - this.stage.px(4) < fs ? y + fs + this.stage.px(2) : y - this.stage.px(4);
    const text = o.prefix ? `${o.prefix}${no}` : `#${no} ${nameOf(this.names, o.label)}`; // result view: numbers only (labels on hover)
    g.append(s('text', { class: 'wb-tag', x: x + this.stage.px(1), y: ty, 'font-size': fs, 'stroke-width': this.stage.px(3) }, text));
  }

  objectGroup(o, cls) {
    const g = s('g', { class: ['wb-obj', ...cls], dataset: { obj: o.id } });
    g.style.setProperty('--c', o.color || this.color(o.label));
    const attrs = attrText(o.attributes, this.names);
    g.append(s('title', { text: `${o.prefix || '#'}${o.no !== undefined ? o.no : this.index(o.id) + 1} ${nameOf(this.names, o.label)}${attrs ? ' · ' + attrs : ''}` }));
    return g;
  }

  renderShapes() {
    const L = this.stage.layers;
    clear(L.objects);
    clear(L.handles);
    if (this.result) {
      this.renderResult();
    } else {
      const order = this.objects.filter((o) => o.id !== this.sel);
      const selected = this.find(this.sel);
      if (selected) order.push(selected);
      for (const o of order) {
        const bad = this.tool.validate(o);
        const g = this.objectGroup(o, [o.id === this.sel && 'is-sel', bad && 'is-bad', this.mode === 'draw' && 'is-drawmode']);
        this.tool.draw(this, o, g);
        L.objects.append(g);
      }
      if (selected && !this.readOnly) {
        const hg = s('g', { class: 'wb-obj is-sel' });
        hg.style.setProperty('--c', this.color(selected.label));
        this.tool.handles(this, selected, hg);
        L.handles.append(hg);
      }
    }
    this.renderDraft();
  }

  renderDraft() {
    const g = this.stage.layers.draft;
    clear(g);
    if (this.readOnly) return;
    const dg = s('g', { class: 'wb-obj' });
    dg.style.setProperty('--c', this.color(this.label));
    this.tool.drawDraft(this, dg);
    g.append(dg);
  }

  render() {
    this.renderShapes();
    this.renderPanel();
    this.updateTools();
    this.updateHint();
  }

  // ---- the right panel --------------------------------------------------------------------
  renderPanel() {
    if (this.result) return; // the result panel stays as built
    const p = clear(this.panel);
    const sel = this.find(this.sel);

    // Labels
    const labels = h('div', { class: 'wb-labels', role: 'radiogroup', 'aria-label': t('labels') });
    this.labels.forEach((l, i) => {
      const current = sel ? sel.label === l : this.label === l;
      labels.append(h('button', {
        type: 'button', role: 'radio', class: 'wb-label', 'aria-checked': current ? 'true' : 'false', disabled: this.readOnly,
        dataset: { label: l }, style: { '--c': this.color(l) },
        onclick: () => this.pickLabel(l),
      }, i < 9 ? h('kbd', { text: String(i + 1) }) : null, h('span', { class: 'wb-swatch' }), labelName(this.names, l)));
    });
    p.append(fb.section(t('labels'), labels));

    // Attributes / joints of the selected object
    const keys = Object.keys(this.attrSpec);
    if (keys.length) {
      const box = h('div', { class: 'wb-attrs' });
      if (!sel) {
        box.append(h('p', { class: 'wb-muted', text: t('attrs_select_first') }));
      } else {
        for (const k of keys) {
          const values = (this.attrSpec[k] || []).map(String);
          const seg = h('div', { class: 'wb-seg', role: 'radiogroup', 'aria-label': nameOf(this.names, k) });
          for (const v of values) {
            const input = h('input', { type: 'radio', name: `wb-attr-${k}`, value: v, checked: sel.attributes[k] === v, disabled: this.readOnly });
            input.addEventListener('change', () => {
              sel.attributes = { ...sel.attributes, [k]: v };
              this.commit();
            });
            seg.append(h('label', { class: 'wb-seg-opt' }, input, h('span', { text: nameOf(this.names, v) })));
          }
          box.append(h('div', { class: ['wb-attr', !(k in sel.attributes) && 'is-missing'] }, h('div', { class: 'wb-attr-key', text: nameOf(this.names, k) }), seg));
        }
      }
      p.append(fb.section(sel ? t('attrs_of', { no: this.index(sel.id) + 1 }) : t('attrs'), box));
    }
    if (sel && this.tool.panel) {
      const host = h('div', {});
      this.tool.panel(this, sel, host);
      p.append(fb.section(t('joints_of', { no: this.index(sel.id) + 1 }), host));
    }

    // Objects
    const list = h('ul', { class: 'wb-objects' });
    this.objects.forEach((o, i) => {
      const bad = this.tool.validate(o);
      const missing = keys.filter((k) => !(k in (o.attributes || {})));
      const row = h('li', { class: ['wb-object', o.id === this.sel && 'is-sel'], dataset: { row: o.id }, style: { '--c': this.color(o.label) } },
        h('button', {
          type: 'button', class: 'wb-object-main', 'aria-pressed': o.id === this.sel ? 'true' : 'false',
          onclick: () => this.select(o.id),
          ondblclick: () => this.stage.zoomTo(this.tool.bounds(o)),
        },
        h('span', { class: 'wb-swatch' }),
        h('span', { class: 'wb-object-no', text: `#${i + 1}` }),
        h('span', { class: 'wb-object-label', text: nameOf(this.names, o.label) }),
        h('span', { class: 'wb-object-attrs', text: attrText(o.attributes, this.names) }),
        bad ? h('span', { class: 'wb-badge wb-badge-error', text: t('badge_invalid'), title: t(bad.key, bad.args) }) : null,
        !bad && missing.length ? h('span', { class: 'wb-badge wb-badge-warn', text: t('badge_missing_attrs'), title: missing.map((k) => nameOf(this.names, k)).join(', ') }) : null),
        this.readOnly ? null : h('button', { type: 'button', class: 'wb-object-del', title: t('delete'), 'aria-label': t('delete_object', { no: i + 1 }), onclick: () => this.remove(o.id) }, icon('trash')));
      list.append(row);
    });
    const empty = this.objects.length ? null : h('p', { class: 'wb-muted', text: t('objects_empty') });
    p.append(fb.section(t('objects_count', { count: this.objects.length }), list, empty));
  }

  // ---- result -----------------------------------------------------------------------------
  showResult(result, answer) {
    this.result = result;
    this.readOnly = true;
    this.draft = null;
    this.sel = null;
    if (Array.isArray(answer)) {
      this.nextId = 1;
      this.objects = answer.map((a) => this.fromAnswerObject(a));
    }
    this.mine = this.objects.map((o, i) => ({ ...o, no: i + 1, prefix: '#', color: 'var(--wb-mine)' }));
    this.gold = (Array.isArray(result.gold) ? result.gold : []).map((a, i) => ({
      ...this.fromAnswerObject(a), id: `g${i}`, no: i + 1, prefix: t('gold_prefix'), color: 'var(--wb-gold)',
    }));
    this.show = { gold: true, mine: true, pins: true };
    this.current = null;

    const p = clear(this.panel);
    p.append(fb.scoreBanner(result));
    const toggle = (key, label, cls) => {
      const input = h('input', { type: 'checkbox', checked: true });
      input.addEventListener('change', () => {
        this.show[key] = input.checked;
        this.renderShapes();
      });
      return h('label', { class: ['wb-legend-item', cls] }, input, h('span', { class: 'wb-legend-swatch' }), h('span', { text: label }));
    };
    p.append(h('div', { class: 'wb-legend' },
      toggle('gold', t('legend_gold'), 'is-gold'), toggle('mine', t('legend_mine'), 'is-mine'), toggle('pins', t('legend_pins'), 'is-pin')));
    this.fbList = fb.feedbackList(result, (f, i) => this.pick(i));
    p.append(fb.section(t('mistakes_count', { count: (result.feedback || []).length }), this.fbList));
    const ex = fb.explanation(result);
    if (ex) p.append(ex);
    this.render();
  }

  feedbackObjects(f) {
    const g = Number.isInteger(f.gold) ? this.gold[f.gold] : null;
    const a = Number.isInteger(f.answer) ? this.mine[f.answer] : null;
    return { g, a };
  }

  pick(i) {
    this.current = i;
    const f = this.result.feedback[i];
    const { g, a } = this.feedbackObjects(f);
    const b = unionBounds([g && this.tool.bounds(g), a && this.tool.bounds(a)].filter(Boolean));
    if (g || a) this.stage.zoomTo(b, 4);
    fb.highlight(this.fbList, i);
    this.renderShapes();
  }

  pickFromStage(ev) {
    const pin = ev.target && ev.target.closest ? ev.target.closest('[data-pin]') : null;
    if (pin) this.pick(Number(pin.dataset.pin));
  }

  renderResult() {
    const L = this.stage.layers;
    clear(L.gold);
    clear(L.pins);
    const cur = this.current !== null ? this.result.feedback[this.current] : null;
    const hl = cur ? this.feedbackObjects(cur) : { g: null, a: null };
    if (this.show.gold) {
      for (const o of this.gold) {
        const grp = this.objectGroup(o, ['wb-gold', hl.g === o && 'is-hl']);
        this.tool.draw(this, o, grp, { small: true, given: true });
        L.gold.append(grp);
      }
    }
    if (this.show.mine) {
      for (const o of this.mine) {
        const grp = this.objectGroup(o, ['wb-mine', hl.a === o && 'is-hl']);
        this.tool.draw(this, o, grp, { small: true });
        L.objects.append(grp);
      }
    }
    if (!this.show.pins) return;
    const used = new Map();
    (this.result.feedback || []).forEach((f, i) => {
      const { g, a } = this.feedbackObjects(f);
      const target = a || g;
      if (!target) return;
      const [x, y] = this.tool.anchor(target);
      const key = `${Math.round(x)},${Math.round(y)}`;
      const n = used.get(key) || 0;
      used.set(key, n + 1);
      const r = this.stage.px(10);
      const cx = x + n * r * 2.2, cy = y;
      const pin = s('g', { class: ['wb-pin', this.current === i && 'is-current'], dataset: { pin: i } },
        s('title', { text: fb.message(f) }),
        s('circle', { cx, cy, r }),
        s('text', { x: cx, y: cy, 'font-size': this.stage.px(11), 'text-anchor': 'middle', 'dominant-baseline': 'central' }, String(i + 1)));
      L.pins.append(pin);
    });
  }
}
