// Text spans (命名实体等): select text with the mouse (or Shift+arrows), then pick a label (click,
// or number key 1–9). Offsets count Unicode code points, end exclusive, as the grader does.
// Overlapping spans are allowed by the format; the panel marks them so the trainee can check the
// item's rules (e.g. "only the outermost entity").

import { h, clear, labelColor, nameOf, labelName } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import * as fb from '../feedback.js';

export function create(ctx) {
  return new SpansKind(ctx);
}

class SpansKind {
  constructor(ctx) {
    this.ctx = ctx;
    this.task = ctx.task;
    this.chars = Array.from(String(this.task.text || ''));
    this.labels = (this.task.labels || []).map(String);
    this.spans = [];
    this.nextId = 1;
    this.sel = null; // selected span id
    this.range = null; // {start, end} being labeled
    this.anchor = 0;
    this.caret = 0;
    this.readOnly = false;
    this.result = null;

    const shell = ctx.shell;
    shell.setLayout('split');
    this.textEl = h('div', {
      class: 'wb-text', tabindex: '0', role: 'textbox', 'aria-readonly': 'true', 'aria-multiline': 'true', lang: 'zh-CN',
      'aria-label': t('spans_text_label'),
    });
    this.popover = h('div', { class: 'wb-popover', hidden: true, role: 'toolbar', 'aria-label': t('labels') });
    this.doc = h('div', { class: 'wb-doc', tabindex: '0', role: 'region', 'aria-label': t('task_area') },
      this.task.prompt_html ? h('div', { class: 'wb-prompt wb-card wb-prose', html: this.task.prompt_html }) : null,
      h('div', { class: 'wb-card wb-text-card' }, h('div', { class: 'wb-card-head' }, h('span', { text: t('spans_text') }), h('span', { class: 'wb-muted', text: t('spans_how') })), this.textEl),
      this.popover);
    shell.main.append(this.doc);
    this.panel = h('div', { class: 'wb-panel' });
    shell.side.append(this.panel);

    document.addEventListener('mouseup', (e) => this.onMouseUp(e));
    // Touch: the browser's own selection (long press, then its handles) ends with no mouseup;
    // the selection is taken once it has stayed still for a moment.
    this.touchSelect = false;
    this.textEl.addEventListener('pointerdown', (e) => { this.touchSelect = e.pointerType !== 'mouse'; });
    let still = null;
    document.addEventListener('selectionchange', () => {
      if (!this.touchSelect) return;
      clearTimeout(still);
      still = setTimeout(() => {
        const sel = window.getSelection();
        if (sel && !sel.isCollapsed) this.onMouseUp(null);
      }, 600);
    });
    this.textEl.addEventListener('keydown', (e) => this.textKey(e));
    this.doc.addEventListener('scroll', () => this.placePopover());
  }

  color(label) {
    return labelColor(this.labels, label);
  }

  find(id) {
    return this.spans.find((sp) => sp.id === id) || null;
  }

  sorted(list = this.spans) {
    return list.slice().sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  }

  // ---- the kind interface -----------------------------------------------------------------
  load(answer) {
    this.nextId = 1;
    this.spans = Array.isArray(answer)
      ? answer.map((a) => ({ id: this.nextId++, label: String(a.label), start: Number(a.start), end: Number(a.end) }))
      : [];
    this.sel = null;
    this.range = null;
    this.render();
  }

  answer() {
    return this.sorted().map((sp) => ({ label: sp.label, start: sp.start, end: sp.end }));
  }

  snapshot() {
    return JSON.stringify({ s: this.spans, n: this.nextId });
  }

  restore(snap) {
    const st = JSON.parse(snap);
    this.spans = st.s;
    this.nextId = st.n;
    if (!this.find(this.sel)) this.sel = null;
    this.render();
  }

  validate() {
    const n = this.chars.length;
    for (const sp of this.spans) {
      if (!(sp.start >= 0 && sp.end <= n && sp.start < sp.end)) return t('err_span_range');
    }
    return null;
  }

  incomplete() {
    return this.spans.length ? null : t('warn_no_spans');
  }

  lock() {
    this.readOnly = true;
    this.range = null;
    this.render();
  }

  focus() {
    this.textEl.focus({ preventScroll: true });
  }

  shortcuts() {
    return [[t('keys_spans'), [
      [t('key_drag'), t('key_span_select')],
      ['Shift+← / Shift+→', t('key_span_extend')],
      ['← / →', t('key_span_caret')],
      ['1 – 9', t('key_span_label')],
      ['Del', t('key_span_delete')],
      ['Esc', t('key_span_clear')],
    ]]];
  }

  // ---- selection --------------------------------------------------------------------------
  /** The code point index of a DOM boundary point inside the text. */
  boundaryIndex(node, offset) {
    const els = this.textEl.querySelectorAll('.wb-ch');
    const r = document.createRange();
    r.setStart(node, offset);
    r.collapse(true);
    let lo = 0, hi = els.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const tn = els[mid].firstChild || els[mid];
      if (r.comparePoint(tn, 0) >= 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  onMouseUp(e) {
    if (this.readOnly) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && selection.rangeCount) {
      const r = selection.getRangeAt(0);
      // a drag that starts or ends outside the text is clipped to it
      if (!this.textEl.contains(r.startContainer) && !this.textEl.contains(r.endContainer)) return;
      let a = this.boundaryIndex(r.startContainer, r.startOffset);
      let b = this.boundaryIndex(r.endContainer, r.endOffset);
      while (a < b && /\s/.test(this.chars[a])) a++;
      while (b > a && /\s/.test(this.chars[b - 1])) b--;
      selection.removeAllRanges();
      if (a < b) {
        this.sel = null;
        this.range = { start: a, end: b };
        this.anchor = a;
        this.caret = b;
        this.render();
        this.textEl.focus({ preventScroll: true });
        return;
      }
    }
    // a click: select the (innermost) span under the pointer, or put the caret there
    if (!e || !this.textEl.contains(e.target)) return;
    const ch = e.target.closest ? e.target.closest('.wb-ch') : null;
    if (!ch) return;
    const i = Number(ch.dataset.i);
    const covering = this.spans.filter((sp) => sp.start <= i && i < sp.end).sort((x, y) => (x.end - x.start) - (y.end - y.start));
    this.range = null;
    this.caret = this.anchor = i;
    this.sel = covering.length ? covering[0].id : null;
    this.render();
  }

  textKey(e) {
    if (this.readOnly) return;
    const n = this.chars.length;
    let to = null;
    if (e.key === 'ArrowLeft') to = this.caret - 1;
    else if (e.key === 'ArrowRight') to = this.caret + 1;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = n;
    if (to === null) return;
    e.preventDefault();
    to = Math.max(0, Math.min(n, to));
    if (e.shiftKey) {
      if (!this.range) this.anchor = this.caret;
      this.caret = to;
      const a = Math.min(this.anchor, to), b = Math.max(this.anchor, to);
      this.range = a < b ? { start: a, end: b } : null;
      this.sel = null;
    } else {
      this.caret = this.anchor = to;
      this.range = null;
    }
    this.render();
  }

  apply(label) {
    if (this.readOnly) return;
    if (this.range) {
      const { start, end } = this.range;
      const same = this.spans.find((sp) => sp.start === start && sp.end === end);
      if (same) {
        same.label = label;
        this.sel = same.id;
      } else {
        const sp = { id: this.nextId++, label, start, end };
        this.spans.push(sp);
        this.sel = sp.id;
      }
      this.range = null;
      this.ctx.changed();
      this.render();
      this.textEl.focus({ preventScroll: true });
      return;
    }
    const sp = this.find(this.sel);
    if (sp && sp.label !== label) {
      sp.label = label;
      this.ctx.changed();
      this.render();
    }
  }

  removeSpan(id) {
    this.spans = this.spans.filter((sp) => sp.id !== id);
    if (this.sel === id) this.sel = null;
    this.ctx.changed();
    this.render();
  }

  onKey(e, typing) {
    if (typing || this.readOnly || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (/^[1-9]$/.test(e.key)) {
      const label = this.labels[Number(e.key) - 1];
      if (label !== undefined && (this.range || this.sel !== null)) {
        this.apply(label);
        return true;
      }
      return false;
    }
    if ((e.key === 'Delete' || e.key === 'Backspace') && this.sel !== null) {
      this.removeSpan(this.sel);
      return true;
    }
    if (e.key === 'Escape' && (this.range || this.sel !== null)) {
      this.range = null;
      this.sel = null;
      this.render();
      return true;
    }
    return false;
  }

  // ---- rendering --------------------------------------------------------------------------
  /**
   * Draws `chars` into `host` with `spans` highlighted. opts.mark(sp) gives extra classes
   * (is-missed / is-extra / is-current), opts.range the live selection, opts.caret the caret.
   */
  renderText(host, spans, opts = {}) {
    clear(host);
    const n = this.chars.length;
    const cover = Array.from({ length: n }, () => []);
    for (const sp of spans) for (let i = Math.max(0, sp.start); i < Math.min(n, sp.end); i++) cover[i].push(sp);
    const ends = new Map();
    for (const sp of this.sorted(spans)) {
      if (!ends.has(sp.end)) ends.set(sp.end, []);
      ends.get(sp.end).push(sp);
    }
    const frag = document.createDocumentFragment();
    for (let i = 0; i <= n; i++) {
      if (opts.caret === i && !opts.range) frag.append(h('span', { class: 'wb-caret', 'aria-hidden': 'true' }));
      if (i < n) {
        const cs = cover[i].slice().sort((x, y) => (x.end - x.start) - (y.end - y.start));
        const inner = cs[0];
        const cls = ['wb-ch'];
        const style = {};
        if (inner) {
          cls.push('in-span');
          style['--c'] = opts.colorOf ? opts.colorOf(inner) : this.color(inner.label);
          if (cs.length > 1) {
            cls.push('is-overlap');
            const outer = cs[cs.length - 1];
            style['--c2'] = opts.colorOf ? opts.colorOf(outer) : this.color(outer.label);
          }
          if (i === inner.start) cls.push('is-start');
          if (i === inner.end - 1) cls.push('is-end');
          for (const sp of cs) if (opts.mark) cls.push(...opts.mark(sp));
          if (cs.some((sp) => sp.id === this.sel && !opts.static)) cls.push('is-sel');
        }
        if (opts.range && i >= opts.range.start && i < opts.range.end) cls.push('in-range');
        frag.append(h('span', { class: cls, dataset: { i }, style }, this.chars[i]));
      }
      for (const sp of ends.get(i + 1) || []) {
        const extra = opts.mark ? opts.mark(sp) : [];
        frag.append(h('span', {
          class: ['wb-span-tag', ...extra, sp.id === this.sel && !opts.static && 'is-sel'], 'aria-hidden': 'true',
          style: { '--c': opts.colorOf ? opts.colorOf(sp) : this.color(sp.label) },
        }, nameOf(this.task.names, sp.label)));
      }
    }
    host.append(frag);
  }

  render() {
    if (this.result) return;
    this.renderText(this.textEl, this.spans, { range: this.range, caret: this.readOnly ? null : this.caret });
    this.renderPopover();
    this.renderPanel();
  }

  renderPopover() {
    clear(this.popover);
    if (!this.range || this.readOnly) {
      this.popover.hidden = true;
      return;
    }
    const text = this.chars.slice(this.range.start, this.range.end).join('');
    this.popover.append(h('div', { class: 'wb-popover-head' },
      h('span', { class: 'wb-popover-text', text: `“${text}”` }),
      h('span', { class: 'wb-muted', text: `[${this.range.start}, ${this.range.end})` })));
    const row = h('div', { class: 'wb-popover-labels' });
    this.labels.forEach((l, i) => {
      row.append(h('button', { type: 'button', class: 'wb-chip', style: { '--c': this.color(l) }, onclick: () => this.apply(l) },
        i < 9 ? h('kbd', { text: String(i + 1) }) : null, labelName(this.task.names, l)));
    });
    this.popover.append(row);
    this.popover.hidden = false;
    this.placePopover();
  }

  placePopover() {
    if (this.popover.hidden || !this.range) return;
    const last = this.textEl.querySelector(`.wb-ch[data-i="${this.range.end - 1}"]`);
    if (!last) return;
    const r = last.getBoundingClientRect();
    const host = this.doc.getBoundingClientRect();
    const left = Math.min(Math.max(8, r.left - host.left - 40), host.width - this.popover.offsetWidth - 8);
    this.popover.style.setProperty('left', `${left}px`);
    this.popover.style.setProperty('top', `${r.bottom - host.top + this.doc.scrollTop + 10}px`);
  }

  renderPanel() {
    const p = clear(this.panel);
    const labels = h('div', { class: 'wb-labels' });
    this.labels.forEach((l, i) => {
      const current = this.sel !== null && this.find(this.sel) && this.find(this.sel).label === l;
      labels.append(h('button', {
        type: 'button', class: 'wb-label', 'aria-pressed': current ? 'true' : 'false',
        disabled: this.readOnly || (!this.range && this.sel === null), style: { '--c': this.color(l) }, onclick: () => this.apply(l),
      }, i < 9 ? h('kbd', { text: String(i + 1) }) : null, h('span', { class: 'wb-swatch' }), labelName(this.task.names, l)));
    });
    p.append(fb.section(t('labels'), h('p', { class: 'wb-muted', text: this.range || this.sel !== null ? t('spans_pick_label') : t('spans_select_first') }), labels));

    const list = h('ul', { class: 'wb-objects' });
    const sorted = this.sorted();
    sorted.forEach((sp, i) => {
      const overlaps = this.spans.some((o) => o !== sp && o.start < sp.end && sp.start < o.end);
      list.append(h('li', { class: ['wb-object', sp.id === this.sel && 'is-sel'], style: { '--c': this.color(sp.label) }, dataset: { row: sp.id } },
        h('button', { type: 'button', class: 'wb-object-main', 'aria-pressed': sp.id === this.sel ? 'true' : 'false', onclick: () => { this.sel = sp.id; this.range = null; this.render(); } },
          h('span', { class: 'wb-swatch' }),
          h('span', { class: 'wb-object-no', text: `#${i + 1}` }),
          h('span', { class: 'wb-object-label', text: nameOf(this.task.names, sp.label) }),
          h('span', { class: 'wb-span-text', text: this.chars.slice(sp.start, sp.end).join('') }),
          h('span', { class: 'wb-object-attrs', text: `[${sp.start}, ${sp.end})` }),
          overlaps ? h('span', { class: 'wb-badge wb-badge-warn', text: t('badge_overlap'), title: t('spans_overlap_hint') }) : null),
        this.readOnly ? null : h('button', { type: 'button', class: 'wb-object-del', 'aria-label': t('delete_span', { no: i + 1 }), title: t('delete'), onclick: () => this.removeSpan(sp.id) }, icon('trash'))));
    });
    p.append(fb.section(t('spans_count', { count: this.spans.length }), list, this.spans.length ? null : h('p', { class: 'wb-muted', text: t('spans_empty') })));
  }

  // ---- result -----------------------------------------------------------------------------
  showResult(result, answer) {
    this.result = result;
    this.readOnly = true;
    this.range = null;
    this.popover.hidden = true;
    const mine = (Array.isArray(answer) ? answer : this.answer()).map((a, i) => ({ id: `a${i}`, idx: i, ...a }));
    const gold = (Array.isArray(result.gold) ? result.gold : []).map((a, i) => ({ id: `g${i}`, idx: i, ...a }));
    const feedback = result.feedback || [];
    const missed = new Set(feedback.filter((f) => f.type === 'missed_span').map((f) => f.gold));
    const extra = new Set(feedback.filter((f) => f.type === 'extra_span').map((f) => f.answer));
    this.current = null;

    const goldEl = h('div', { class: 'wb-text wb-text-result' });
    const mineEl = h('div', { class: 'wb-text wb-text-result' });
    const draw = () => {
      const cur = this.current !== null ? feedback[this.current] : null;
      this.renderText(goldEl, gold, {
        static: true,
        colorOf: () => 'var(--wb-gold)',
        mark: (sp) => [missed.has(sp.idx) && 'is-missed', cur && cur.type === 'missed_span' && cur.gold === sp.idx && 'is-current'].filter(Boolean),
      });
      this.renderText(mineEl, mine, {
        static: true,
        colorOf: () => 'var(--wb-mine)',
        mark: (sp) => [extra.has(sp.idx) && 'is-extra', cur && cur.type === 'extra_span' && cur.answer === sp.idx && 'is-current'].filter(Boolean),
      });
    };
    draw();
    const card = this.textEl.closest('.wb-text-card');
    clear(card).append(
      h('div', { class: 'wb-card-head' }, h('span', { class: 'wb-legend-item is-gold' }, h('span', { class: 'wb-legend-swatch' }), h('span', { text: t('legend_gold') })), h('span', { class: 'wb-muted', text: t('spans_missed_hint') })),
      goldEl,
      h('div', { class: 'wb-card-head' }, h('span', { class: 'wb-legend-item is-mine' }, h('span', { class: 'wb-legend-swatch' }), h('span', { text: t('legend_mine') })), h('span', { class: 'wb-muted', text: t('spans_extra_hint') })),
      mineEl);

    const p = clear(this.panel);
    p.append(fb.scoreBanner(result));
    const list = fb.feedbackList(result, (f, i) => {
      this.current = i;
      draw();
      fb.highlight(list, i);
      const el = card.querySelector('.is-current');
      if (el) el.scrollIntoView({ block: 'nearest' });
    });
    p.append(fb.section(t('mistakes_count', { count: feedback.length }), list));
    const ex = fb.explanation(result);
    if (ex) p.append(ex);
  }
}
