// Written answers {"text": "…"} to rubric items (评分细则题): the task, what to deliver (the
// spec), what it is judged on, and a text box. In an exam examiners score it afterwards
// (docs/marking.md) and nothing is shown here; in practice a trainer reviews it, and the result
// shows "waiting for review" until the points and comments per criterion arrive.

import { h, clear } from '../dom.js';
import { t, num } from '../i18n.js';
import * as fb from '../feedback.js';

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
      this.criteriaCard(),
      this.resultHost = h('div', { class: 'wb-written-result', 'aria-live': 'polite' }),
      this.card));
    this.text.addEventListener('input', () => {
      this.updateCount();
      this.ctx.changed();
    });
  }

  /** What the answer is judged on: criterion and points. */
  criteriaCard() {
    const cs = Array.isArray(this.task.criteria) ? this.task.criteria : [];
    if (!cs.length) return null;
    return h('section', { class: 'wb-card', 'aria-label': t('written_criteria') },
      h('h2', { class: 'wb-card-title', text: t('written_criteria') }),
      h('ul', { class: 'wb-criteria' }, cs.map((c) => h('li', {}, h('span', { text: String(c.text || c.id) }), h('span', { class: 'wb-muted', text: t('written_points', { max: num(Number(c.max) || 0, 0) }) })))));
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

  showResult(result) {
    const host = clear(this.resultHost);
    if (!result) return;
    const review = result.review;
    if (result.pending || !review) {
      host.append(h('p', { class: 'wb-card wb-note', text: t('written_pending') }));
    } else {
      const cs = Array.isArray(this.task.criteria) ? this.task.criteria : [];
      const rows = cs.map((c) => {
        const points = review.points ? review.points[c.id] : undefined;
        const comment = review.comments ? review.comments[c.id] : '';
        return h('li', {},
          h('div', { class: 'wb-criterion-head' }, h('strong', { text: String(c.text || c.id) }), h('span', { text: `${num(Number(points) || 0, 0)} / ${num(Number(c.max) || 0, 0)}` })),
          comment ? h('p', { class: 'wb-criterion-comment', text: String(comment) }) : null);
      });
      host.append(h('section', { class: 'wb-card', 'aria-label': t('written_review') },
        fb.scoreBanner(result),
        h('p', { class: 'wb-muted', text: t('written_reviewed_by', { name: String(review.reviewer || '') }) }),
        h('ol', { class: 'wb-criteria wb-criteria-result' }, rows),
        review.comment ? h('p', { class: 'wb-review-comment' }, h('strong', { text: t('written_comment') }), ' ', String(review.comment)) : null));
    }
    const ex = fb.explanation(result);
    if (ex) host.append(h('div', { class: 'wb-card' }, ex));
  }
}
