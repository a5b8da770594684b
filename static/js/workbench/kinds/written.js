// Written answers {"text": "…"} to rubric items (评分细则题): the task, what to deliver (the
// spec) and a text box. Examiners score it after the exam (docs/marking.md); the candidate sees
// no score here.

import { h } from '../dom.js';
import { t } from '../i18n.js';

/** The longest answer taken, in characters (the server refuses longer ones). */
export const MAX_CHARS = 20000;

export function create(ctx) {
  return new WrittenKind(ctx);
}

class WrittenKind {
  constructor(ctx) {
    this.ctx = ctx;
    this.task = ctx.task;
    this.readOnly = false;
    ctx.shell.setLayout('doc');
    this.text = h('textarea', { id: 'wb-written', class: 'wb-written', rows: '18', lang: 'zh-CN', maxlength: String(MAX_CHARS), 'aria-describedby': 'wb-written-count' });
    this.count = h('span', { class: 'wb-muted', id: 'wb-written-count', 'aria-live': 'polite' });
    this.card = h('div', { class: 'wb-card' },
      h('div', { class: 'wb-card-head' }, h('label', { for: 'wb-written', text: t('written_label') }), this.count),
      this.text,
      h('p', { class: 'wb-muted', text: t('written_note') }));
    ctx.shell.main.append(h('div', { class: 'wb-doc' },
      this.task.prompt_html ? h('div', { class: 'wb-prompt wb-card wb-prose', html: this.task.prompt_html }) : null,
      this.task.spec_html ? h('section', { class: 'wb-card wb-prose', 'aria-label': t('written_spec') }, h('h2', { class: 'wb-card-title', text: t('written_spec') }), h('div', { html: this.task.spec_html })) : null,
      this.card));
    this.text.addEventListener('input', () => {
      this.updateCount();
      this.ctx.changed();
    });
  }

  updateCount() {
    this.count.textContent = t('written_count', { count: Array.from(this.text.value).length, max: MAX_CHARS });
  }

  load(answer) {
    this.text.value = answer && typeof answer.text === 'string' ? answer.text : '';
    this.updateCount();
  }

  answer() {
    return { text: this.text.value };
  }

  snapshot() {
    return JSON.stringify(this.text.value);
  }

  restore(snap) {
    this.text.value = JSON.parse(snap);
    this.updateCount();
  }

  validate() {
    return Array.from(this.text.value).length > MAX_CHARS ? t('written_too_long', { max: MAX_CHARS }) : null;
  }

  incomplete() {
    return this.text.value.trim() ? null : t('warn_empty_written');
  }

  lock() {
    this.readOnly = true;
    this.text.readOnly = true;
    this.card.classList.add('is-locked');
  }

  focus() {
    this.text.focus({ preventScroll: true });
  }

  onKey() {
    return false;
  }

  shortcuts() {
    return [];
  }

  showResult() {}
}
