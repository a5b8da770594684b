// Theory items: 单选 (radio), 多选 (checkboxes), 判断 (true / false). Keys: A–F or 1–6 choose an
// option (toggle for 多选); 判断: T or 1 = 正确, F or 2 = 错误. "Flag for review" is the flag in the
// bar. After a practice submit: the right answer, the trainee's, and the explanation.

import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import * as fb from '../feedback.js';

export function create(ctx) {
  return new TheoryKind(ctx);
}

const KEYS = 'ABCDEFGH';

class TheoryKind {
  constructor(ctx) {
    this.ctx = ctx;
    this.task = ctx.task;
    this.kind = this.task.kind;
    this.options = this.kind === 'true_false'
      ? [{ key: 'true', text: t('tf_true') }, { key: 'false', text: t('tf_false') }]
      : (this.task.options || []).map((text, i) => ({ key: KEYS[i], text: String(text) }));
    this.value = this.kind === 'multi_choice' ? new Set() : null;
    this.readOnly = false;
    this.result = null;

    const shell = ctx.shell;
    shell.setLayout('doc');
    this.list = h('div', { class: 'wb-options', role: this.kind === 'multi_choice' ? 'group' : 'radiogroup', 'aria-label': t(`kind_${this.kind}`) });
    this.resultHost = h('div', {});
    this.card = h('div', { class: 'wb-card wb-question' },
      h('div', { class: 'wb-question-type' }, h('span', { class: 'wb-tag-type', text: t(`kind_${this.kind}`) }), h('span', { class: 'wb-muted', text: t(`theory_how_${this.kind}`, { last: KEYS[Math.max(0, this.options.length - 1)], n: this.options.length }) })),
      h('div', { class: 'wb-prose wb-question-text', html: this.task.prompt_html || '' }),
      this.list);
    this.inner = h('div', { class: 'wb-doc-narrow' }, this.resultHost, this.card);
    this.doc = h('div', { class: 'wb-doc' }, this.inner);
    shell.main.append(this.doc);
    this.build();
  }

  build() {
    clear(this.list);
    this.inputs = this.options.map((o, i) => {
      const input = h('input', {
        type: this.kind === 'multi_choice' ? 'checkbox' : 'radio', name: 'wb-theory', value: o.key, disabled: this.readOnly,
      });
      input.addEventListener('change', () => this.choose(o.key, input.checked));
      const keyLabel = this.kind === 'true_false' ? (i === 0 ? '✓' : '✗') : o.key;
      const label = h('label', { class: 'wb-option', dataset: { key: o.key } }, input,
        h('span', { class: 'wb-option-key', text: keyLabel }), h('span', { class: 'wb-option-text', text: o.text }));
      this.list.append(label);
      return input;
    });
    this.sync();
  }

  sync() {
    this.inputs.forEach((input, i) => {
      const k = this.options[i].key;
      input.checked = this.kind === 'multi_choice' ? this.value.has(k) : this.value === k;
      input.disabled = this.readOnly;
      input.closest('.wb-option').classList.toggle('is-on', input.checked);
    });
  }

  choose(key, on) {
    if (this.readOnly) return;
    if (this.kind === 'multi_choice') {
      if (on) this.value.add(key);
      else this.value.delete(key);
    } else {
      this.value = key;
    }
    this.sync();
    this.ctx.changed();
  }

  // ---- the kind interface -----------------------------------------------------------------
  load(answer) {
    if (this.kind === 'multi_choice') this.value = new Set(answer && Array.isArray(answer.choices) ? answer.choices.map(String) : []);
    else if (this.kind === 'true_false') this.value = answer && typeof answer.answer === 'boolean' ? String(answer.answer) : null;
    else this.value = answer && typeof answer.choice === 'string' ? answer.choice : null;
    this.sync();
  }

  answer() {
    if (this.kind === 'multi_choice') return { choices: this.options.map((o) => o.key).filter((k) => this.value.has(k)) };
    if (this.kind === 'true_false') return this.value === null ? null : { answer: this.value === 'true' };
    return this.value === null ? null : { choice: this.value };
  }

  snapshot() {
    return JSON.stringify(this.kind === 'multi_choice' ? [...this.value].sort() : this.value);
  }

  restore(snap) {
    const v = JSON.parse(snap);
    this.value = this.kind === 'multi_choice' ? new Set(v) : v;
    this.sync();
  }

  validate() {
    return null;
  }

  incomplete() {
    if (this.kind === 'multi_choice' ? this.value.size === 0 : this.value === null) return t('warn_unanswered_question');
    if (this.kind === 'multi_choice' && this.value.size === 1) return t('warn_multi_one');
    return null;
  }

  lock() {
    this.readOnly = true;
    this.sync();
  }

  focus() {
    const el = this.inputs.find((i) => i.checked) || this.inputs[0];
    if (el) el.focus({ preventScroll: true });
  }

  shortcuts() {
    const rows = this.kind === 'true_false'
      ? [['T / 1', t('tf_true')], ['F / 2', t('tf_false')]]
      : [[`A – ${KEYS[this.options.length - 1] || 'D'} / 1 – ${this.options.length}`, t(this.kind === 'multi_choice' ? 'key_option_toggle' : 'key_option_choose')]];
    return [[t('keys_theory'), rows]];
  }

  onKey(e, typing) {
    if (typing || this.readOnly || e.ctrlKey || e.metaKey || e.altKey) return false;
    const k = e.key.toUpperCase();
    let idx = -1;
    if (this.kind === 'true_false') {
      if (k === 'T' || k === '1') idx = 0;
      else if (k === 'F' || k === '2') idx = 1;
    } else if (/^[1-9]$/.test(k)) {
      idx = Number(k) - 1;
    } else if (k.length === 1 && KEYS.includes(k)) {
      idx = KEYS.indexOf(k);
    }
    if (idx < 0 || idx >= this.options.length) return false;
    const key = this.options[idx].key;
    if (this.kind === 'multi_choice') this.choose(key, !this.value.has(key));
    else this.choose(key, true);
    this.inputs[idx].focus({ preventScroll: true });
    return true;
  }

  showResult(result, answer) {
    this.result = result;
    if (answer !== undefined) this.load(answer);
    this.lock();
    const g = result.gold || {};
    const right = new Set(
      this.kind === 'multi_choice' ? (g.choices || []).map(String)
        : this.kind === 'true_false' ? (typeof g.answer === 'boolean' ? [String(g.answer)] : [])
          : g.choice ? [String(g.choice)] : []);
    this.options.forEach((o, i) => {
      const el = this.inputs[i].closest('.wb-option');
      const chosen = this.inputs[i].checked;
      const isRight = right.has(o.key);
      el.classList.add(isRight ? (chosen || this.kind !== 'multi_choice' ? 'is-right' : 'is-missed') : chosen ? 'is-wrong' : 'is-plain');
      if (isRight || chosen) {
        el.append(h('span', { class: ['wb-badge', isRight ? (chosen || this.kind !== 'multi_choice' ? 'wb-badge-ok' : 'wb-badge-warn') : 'wb-badge-error'] },
          isRight ? icon('check') : icon('close'), isRight ? (chosen ? t('opt_right_chosen') : t('opt_right_missed')) : t('opt_wrong_chosen')));
      }
    });
    const box = clear(this.resultHost);
    box.append(h('div', { class: 'wb-theory-result' }, fb.scoreBanner(result),
      h('div', { class: 'wb-theory-answer' }, h('span', { class: 'wb-muted', text: t('right_answer') }),
        h('strong', { text: this.options.filter((o) => right.has(o.key)).map((o) => (this.kind === 'true_false' ? o.text : o.key)).join('、') || '—' }))));
    const ex = fb.explanation(result);
    if (ex) this.inner.append(ex);
  }
}
