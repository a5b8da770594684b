// The result of a practice submit: the score, the grader's feedback (each entry carries a
// localised `message` from the server), the explanation. Kinds draw the gold and the mistakes in
// place; this module builds the parts they share.

import { h } from './dom.js';
import { t, has, percent, num } from './i18n.js';
import { icon } from './icons.js';

export function message(f) {
  if (f && typeof f.message === 'string' && f.message) return f.message;
  if (!f || !f.type) return '';
  return has(`fb_${f.type}`) ? t(`fb_${f.type}`) : String(f.type);
}

/** 得分 86% with the key metrics. */
export function scoreBanner(result) {
  const score = Number(result.score) || 0;
  const tone = score >= 0.999 ? 'ok' : score >= 0.6 ? 'warn' : 'error';
  const m = result.metrics || {};
  const parts = [];
  if ('tp' in m) {
    parts.push(t('metric_counts', { tp: m.tp, fn: m.fn, fp: m.fp, mismatched: m.mismatched || 0 }));
  } else if ('cer' in m) {
    parts.push(t('metric_cer', { cer: percent(Number(m.cer) || 0, 1) }));
  } else if ('correct' in m && 'total' in m) {
    parts.push(t('metric_correct', { correct: m.correct, total: m.total }));
  }
  if ('mean_similarity' in m && Number.isFinite(m.mean_similarity)) {
    parts.push(t('metric_similarity', { value: num(m.mean_similarity, 2) }));
  }
  return h('div', { class: 'wb-score', dataset: { tone } },
    h('div', { class: 'wb-score-label', text: t('score') }),
    h('div', { class: 'wb-score-value', text: percent(score, 1) }),
    parts.length ? h('div', { class: 'wb-score-detail', text: parts.join(' · ') }) : null,
    result.unanswered
      ? h('div', { class: 'wb-score-detail', text: t('unanswered') })
      : !(result.feedback || []).length ? h('div', { class: 'wb-score-detail', text: t('fb_none') }) : null);
}

/**
 * The list of mistakes, numbered as the pins on the stage. `onPick(f, i)` is called when an
 * entry is chosen; returns the <ol> (entries have data-fb = index).
 */
export function feedbackList(result, onPick) {
  const list = h('ol', { class: 'wb-fb-list' });
  (result.feedback || []).forEach((f, i) => {
    const btn = h('button', { type: 'button', class: 'wb-fb-item', dataset: { fb: i, type: f.type || '' }, onclick: () => onPick && onPick(f, i) },
      h('span', { class: 'wb-fb-no', text: String(i + 1) }),
      h('span', { class: 'wb-fb-text', text: message(f) }));
    list.append(h('li', {}, btn));
  });
  return list;
}

export function explanation(result) {
  if (!result.explanation_html) return null;
  return h('details', { class: 'wb-explain', open: true },
    h('summary', {}, icon('book'), h('span', { text: t('explanation') })),
    h('div', { class: 'wb-prose', html: result.explanation_html }));
}

/** Marks entry i of a feedback list as the current one. */
export function highlight(list, i) {
  for (const el of list.querySelectorAll('.wb-fb-item')) {
    const on = Number(el.dataset.fb) === i;
    el.classList.toggle('is-current', on);
    if (on) el.scrollIntoView({ block: 'nearest' });
  }
}

/** A section of the right panel. */
export function section(title, ...kids) {
  return h('section', { class: 'wb-section' }, h('h3', { class: 'wb-section-title', text: title }), ...kids);
}
