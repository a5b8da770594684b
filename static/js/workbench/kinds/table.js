// Tables {"cells": {key: number}}: one number per field. Full-width digits, thousands separators
// and spaces are accepted and normalised; anything else is shown as an error under the field and
// left out of the answer. Enter moves to the next field.

import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { Stage } from '../stage.js';
import * as fb from '../feedback.js';

export function create(ctx) {
  return new TableKind(ctx);
}

/** "１２,３４５.６" → 12345.6; null when empty; NaN when not a number. */
export function parseNumber(text) {
  const s = String(text ?? '').normalize('NFKC').replace(/[\s,_]/g, '').replace(/[−–]/g, '-');
  if (!s) return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return NaN;
  const x = Number(s);
  return Number.isFinite(x) ? x : NaN;
}

class TableKind {
  constructor(ctx) {
    this.ctx = ctx;
    this.task = ctx.task;
    this.fields = (this.task.fields || []).map((f) => ({ key: String(f.key), label: String(f.label ?? f.key) }));
    this.texts = {};
    this.readOnly = false;
    this.result = null;
    this.inputs = {};
    this.errors = {};

    const shell = ctx.shell;
    shell.setLayout('split');
    this.doc = h('div', { class: 'wb-doc', tabindex: '0', role: 'region', 'aria-label': t('task_area') },
      this.task.prompt_html ? h('div', { class: 'wb-prompt wb-card wb-prose', html: this.task.prompt_html }) : null);
    shell.main.append(this.doc);
    if (this.task.image_url && this.task.image) {
      const host = h('div', { class: 'wb-card wb-figure' });
      this.doc.append(host);
      this.stage = new Stage(host, { width: Number(this.task.image.width) || 640, height: Number(this.task.image.height) || 480, imageUrl: this.task.image_url });
      this.stage.el.dataset.mode = 'view';
    }
    this.panel = h('div', { class: 'wb-panel' });
    shell.side.append(this.panel);
    this.form = h('form', { class: 'wb-form', novalidate: true, onsubmit: (e) => e.preventDefault() });
    this.fields.forEach((f, i) => {
      const id = `wb-cell-${i}`;
      const input = h('input', { id, type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', dataset: { key: f.key } });
      const err = h('p', { class: 'wb-field-error', id: `${id}-err`, hidden: true });
      input.setAttribute('aria-describedby', `${id}-err`);
      input.addEventListener('input', () => {
        this.texts[f.key] = input.value;
        this.check(f.key);
        this.ctx.changed();
      });
      input.addEventListener('blur', () => this.check(f.key, true));
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          const next = this.inputs[this.fields[i + 1] ? this.fields[i + 1].key : null];
          if (next) next.focus();
          else input.blur();
        }
      });
      this.inputs[f.key] = input;
      this.errors[f.key] = err;
      this.form.append(h('div', { class: 'wb-field', dataset: { key: f.key } }, h('label', { for: id, text: f.label }), input, err));
    });
    this.resultHost = h('div', {});
    this.resultTail = h('div', {});
    this.panel.append(this.resultHost, fb.section(t('table_fields'), this.form), this.resultTail);
  }

  check(key, strict) {
    const x = parseNumber(this.texts[key]);
    const bad = Number.isNaN(x);
    const input = this.inputs[key];
    input.setAttribute('aria-invalid', bad && (strict || input.value.length > 0) ? 'true' : 'false');
    this.errors[key].hidden = !bad;
    this.errors[key].textContent = bad ? t('err_not_number') : '';
  }

  // ---- the kind interface -----------------------------------------------------------------
  load(answer) {
    this.texts = {};
    const cells = answer && answer.cells && typeof answer.cells === 'object' ? answer.cells : {};
    for (const f of this.fields) {
      const v = cells[f.key];
      this.texts[f.key] = v === undefined || v === null ? '' : String(v);
      this.inputs[f.key].value = this.texts[f.key];
      this.check(f.key);
    }
  }

  answer() {
    const cells = {};
    for (const f of this.fields) {
      const x = parseNumber(this.texts[f.key]);
      if (x !== null && !Number.isNaN(x)) cells[f.key] = x;
    }
    return { cells };
  }

  snapshot() {
    return JSON.stringify(this.texts);
  }

  restore(snap) {
    this.texts = JSON.parse(snap);
    for (const f of this.fields) {
      this.inputs[f.key].value = this.texts[f.key] ?? '';
      this.check(f.key);
    }
  }

  validate() {
    return null; // a field that is not a number is shown in place and left out
  }

  incomplete() {
    const bad = this.fields.filter((f) => Number.isNaN(parseNumber(this.texts[f.key]))).length;
    if (bad) return t('warn_not_numbers', { count: bad });
    const empty = this.fields.filter((f) => parseNumber(this.texts[f.key]) === null).length;
    return empty ? t('warn_empty_cells', { count: empty }) : null;
  }

  lock() {
    this.readOnly = true;
    for (const input of Object.values(this.inputs)) input.readOnly = true;
  }

  focus() {
    const first = this.fields.find((f) => !this.texts[f.key]) || this.fields[0];
    if (first) this.inputs[first.key].focus({ preventScroll: true });
  }

  shortcuts() {
    return [[t('keys_table'), [['Tab / Enter', t('key_field_next')], ['Shift+Tab', t('key_field_prev')]]]];
  }

  showResult(result, answer) {
    this.result = result;
    if (answer) this.load(answer);
    this.lock();
    const wrong = new Map((result.feedback || []).filter((f) => f.type === 'wrong_cell').map((f) => [String(f.key), f]));
    for (const f of this.fields) {
      const field = this.form.querySelector(`.wb-field[data-key="${CSS.escape(f.key)}"]`);
      const w = wrong.get(f.key);
      field.classList.add(w ? 'is-wrong' : 'is-right');
      const gold = result.gold && result.gold.cells ? result.gold.cells[f.key] : w ? w.expected : undefined;
      field.append(h('p', { class: ['wb-cell-verdict', w ? 'is-wrong' : 'is-right'], title: w ? fb.message(w) : '' },
        w ? t('cell_should_be', { value: gold === undefined ? '' : String(gold) }) : t('badge_right')));
    }
    clear(this.resultHost).append(fb.scoreBanner(result));
    const p = clear(this.resultTail);
    const list = fb.feedbackList(result, (f, i) => {
      fb.highlight(list, i);
      const input = this.inputs[String(f.key)];
      if (input) input.focus();
    });
    if ((result.feedback || []).length) p.append(fb.section(t('mistakes_count', { count: result.feedback.length }), list));
    const ex = fb.explanation(result);
    if (ex) p.append(ex);
  }
}
