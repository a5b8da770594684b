// Transcripts {"text": "…"}: an audio player (play/pause, seek, speed 0.75 / 1 / 1.25, replay the
// last 3 s) and a text box. While typing: Esc plays/pauses, F2 replays the last 3 s, F3/F4 slow
// down/speed up. After a practice submit, the character diff against the gold (as the grader
// aligned it: over the normalised text, without punctuation and spaces).

import { h, clear } from '../dom.js';
import { t, duration, percent } from '../i18n.js';
import { icon } from '../icons.js';
import * as fb from '../feedback.js';

const SPEEDS = [0.75, 1, 1.25];

export function create(ctx) {
  return new TranscriptKind(ctx);
}

/** The grader's normalisation: NFKC, lower case, no whitespace, punctuation or symbols. */
export function normalise(text) {
  return Array.from(String(text || '').normalize('NFKC').toLowerCase()).filter((ch) => !/[\s\p{P}\p{S}]/u.test(ch)).join('');
}

class TranscriptKind {
  constructor(ctx) {
    this.ctx = ctx;
    this.task = ctx.task;
    this.readOnly = false;
    this.result = null;
    const shell = ctx.shell;
    shell.setLayout('split');

    this.audio = h('audio', { preload: 'metadata', src: this.task.audio_url || '' });
    this.playBtn = h('button', { type: 'button', class: 'wb-btn wb-btn-primary wb-btn-icon wb-play-main', 'aria-label': t('audio_play'), title: `${t('audio_play')} (Esc)`, onclick: () => this.toggle() }, icon('play'));
    this.backBtn = h('button', { type: 'button', class: 'wb-btn wb-btn-ghost', title: `${t('audio_back3')} (F2)`, onclick: () => this.back3() }, icon('replay'), h('span', { text: t('audio_back3_short') }));
    this.seek = h('input', { type: 'range', class: 'wb-seek', min: '0', max: '0', step: '0.01', value: '0', 'aria-label': t('audio_seek') });
    this.time = h('span', { class: 'wb-time', text: '00:00 / 00:00' });
    this.speedBtns = SPEEDS.map((sp) => h('button', { type: 'button', class: 'wb-speed', 'aria-pressed': sp === 1 ? 'true' : 'false', onclick: () => this.setSpeed(sp) }, `${sp}×`));
    const player = h('div', { class: 'wb-player', role: 'group', 'aria-label': t('audio_player') },
      this.playBtn, this.backBtn, this.seek, this.time,
      h('div', { class: 'wb-speeds', role: 'group', 'aria-label': t('audio_speed') }, h('span', { class: 'wb-muted', text: t('audio_speed') }), this.speedBtns),
      this.audio);
    this.text = h('textarea', { class: 'wb-transcript', rows: '6', lang: 'zh-CN', spellcheck: 'false', 'aria-label': t('transcript_label'), placeholder: t('transcript_placeholder') });
    this.count = h('span', { class: 'wb-muted' });
    this.diffHost = h('div', {});
    this.textCard = h('div', { class: 'wb-card' }, h('div', { class: 'wb-card-head' }, h('label', { text: t('transcript_label') }), this.count), this.text,
      h('p', { class: 'wb-muted wb-transcript-keys', text: t('transcript_keys') }));
    this.doc = h('div', { class: 'wb-doc' },
      this.task.prompt_html ? h('div', { class: 'wb-prompt wb-card wb-prose', html: this.task.prompt_html }) : null,
      h('div', { class: 'wb-card' }, player),
      this.diffHost,
      this.textCard);
    shell.main.append(this.doc);
    this.panel = h('div', { class: 'wb-panel' });
    shell.side.append(this.panel);
    this.renderPanel();

    this.text.addEventListener('input', () => {
      this.updateCount();
      this.ctx.changed();
    });
    this.text.addEventListener('keydown', (e) => this.typingKey(e));
    this.audio.addEventListener('loadedmetadata', () => this.updateTime());
    this.audio.addEventListener('durationchange', () => this.updateTime());
    this.audio.addEventListener('timeupdate', () => this.updateTime());
    this.audio.addEventListener('play', () => this.updatePlay());
    this.audio.addEventListener('pause', () => this.updatePlay());
    this.audio.addEventListener('ended', () => this.updatePlay());
    this.seek.addEventListener('input', () => {
      this.audio.currentTime = Number(this.seek.value);
      this.updateTime();
    });
  }

  // ---- player -----------------------------------------------------------------------------
  toggle() {
    if (this.audio.paused) this.audio.play().catch(() => this.ctx.shell.toast(t('audio_failed'), 'error'));
    else this.audio.pause();
  }

  back3() {
    this.audio.currentTime = Math.max(0, this.audio.currentTime - 3);
    if (this.audio.paused) this.audio.play().catch(() => {});
    this.updateTime();
  }

  setSpeed(sp) {
    this.audio.playbackRate = sp;
    this.speedBtns.forEach((b, i) => b.setAttribute('aria-pressed', SPEEDS[i] === sp ? 'true' : 'false'));
  }

  stepSpeed(dir) {
    const i = SPEEDS.indexOf(this.audio.playbackRate);
    this.setSpeed(SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? 1 : i) + dir))]);
  }

  updatePlay() {
    const playing = !this.audio.paused && !this.audio.ended;
    this.playBtn.replaceChildren(icon(playing ? 'pause' : 'play'));
    this.playBtn.setAttribute('aria-label', playing ? t('audio_pause') : t('audio_play'));
  }

  updateTime() {
    const d = Number.isFinite(this.audio.duration) ? this.audio.duration : 0;
    this.seek.max = String(d);
    this.seek.value = String(this.audio.currentTime || 0);
    this.time.textContent = `${duration(this.audio.currentTime || 0)} / ${duration(d)}`;
  }

  typingKey(e) {
    if (e.isComposing || e.keyCode === 229) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.toggle();
    } else if (e.key === 'F2') {
      e.preventDefault();
      this.back3();
    } else if (e.key === 'F3') {
      e.preventDefault();
      this.stepSpeed(-1);
    } else if (e.key === 'F4') {
      e.preventDefault();
      this.stepSpeed(1);
    }
  }

  updateCount() {
    this.count.textContent = t('transcript_count', { count: Array.from(this.text.value).length });
  }

  // ---- the kind interface -----------------------------------------------------------------
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
    return null;
  }

  incomplete() {
    return this.text.value.trim() ? null : t('warn_empty_transcript');
  }

  lock() {
    this.readOnly = true;
    this.text.readOnly = true;
    this.text.rows = 2;
    this.textCard.classList.add('is-locked');
  }

  focus() {
    this.text.focus({ preventScroll: true });
  }

  onKey(e, typing) {
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === ' ' && !(e.target && e.target.closest && e.target.closest('button, input, a'))) {
      this.toggle();
      return true;
    }
    if (e.key === 'Escape') { this.toggle(); return true; }
    if (e.key === 'F2') { this.back3(); return true; }
    if (e.key === 'F3') { this.stepSpeed(-1); return true; }
    if (e.key === 'F4') { this.stepSpeed(1); return true; }
    if (e.key === 'ArrowLeft' && e.target === document.body) { this.audio.currentTime = Math.max(0, this.audio.currentTime - 3); return true; }
    if (e.key === 'ArrowRight' && e.target === document.body) { this.audio.currentTime += 3; return true; }
    return false;
  }

  shortcuts() {
    return [[t('keys_transcript'), [
      ['Esc', t('audio_play_pause')],
      ['F2', t('audio_back3')],
      ['F3 / F4', t('audio_speed_step')],
      ['Space', t('key_space_play')],
    ]]];
  }

  renderPanel() {
    const p = clear(this.panel);
    if (this.result) {
      p.append(fb.scoreBanner(this.result));
      const list = fb.feedbackList(this.result, (f, i) => {
        fb.highlight(list, i);
        const el = this.diffHost.querySelector(`[data-fb="${i}"]`);
        if (el) {
          el.scrollIntoView({ block: 'nearest' });
          el.classList.add('is-flash');
          setTimeout(() => el.classList.remove('is-flash'), 1200);
        }
      });
      p.append(fb.section(t('mistakes_count', { count: (this.result.feedback || []).length }), list));
      const ex = fb.explanation(this.result);
      if (ex) p.append(ex);
      return;
    }
    p.append(fb.section(t('keys_transcript'), h('dl', { class: 'wb-keys' },
      h('dt', {}, h('kbd', { text: 'Esc' })), h('dd', { text: t('audio_play_pause') }),
      h('dt', {}, h('kbd', { text: 'F2' })), h('dd', { text: t('audio_back3') }),
      h('dt', {}, h('kbd', { text: 'F3' }), ' / ', h('kbd', { text: 'F4' })), h('dd', { text: t('audio_speed_step') }))));
  }

  /** The gold text with the grader's edits marked (positions in the normalised gold). */
  renderDiff(result) {
    const goldText = result.gold && typeof result.gold.text === 'string' ? result.gold.text : '';
    const gold = Array.from(normalise(goldText));
    const marks = Array.from({ length: gold.length + 1 }, () => ({ before: [], at: null }));
    (result.feedback || []).forEach((f, i) => {
      if (f.type !== 'char_diff') return;
      const at = Math.max(0, Math.min(gold.length, Number(f.at) || 0));
      if (f.op === 'inserted') marks[at].before.push({ i, got: f.got || '' });
      else {
        const len = Math.max(1, Array.from(f.expected || '').length);
        for (let k = 0; k < len && at + k < gold.length; k++) marks[at + k].at = { i, op: f.op, got: k === 0 ? f.got || '' : '', first: k === 0 };
      }
    });
    const line = h('div', { class: 'wb-diff', lang: 'zh-CN' });
    for (let k = 0; k <= gold.length; k++) {
      for (const ins of marks[k].before) line.append(h('ins', { class: 'wb-diff-ins', dataset: { fb: ins.i }, title: t('diff_inserted') }, ins.got));
      if (k === gold.length) break;
      const m = marks[k].at;
      if (!m) line.append(h('span', { class: 'wb-diff-ok' }, gold[k]));
      else if (m.op === 'deleted') line.append(h('del', { class: 'wb-diff-del', dataset: m.first ? { fb: m.i } : {}, title: t('diff_deleted') }, gold[k]));
      else line.append(h('span', { class: 'wb-diff-sub', dataset: m.first ? { fb: m.i, got: m.got } : { got: '' }, title: t('diff_substituted') }, gold[k]));
    }
    const cer = result.metrics && Number.isFinite(result.metrics.cer) ? percent(result.metrics.cer, 1) : null;
    clear(this.diffHost).append(h('div', { class: 'wb-card wb-diff-card' },
      h('div', { class: 'wb-card-head' }, h('span', { text: t('diff_title') }), cer ? h('span', { class: 'wb-muted', text: t('metric_cer', { cer }) }) : null),
      line,
      h('div', { class: 'wb-diff-legend' },
        h('span', {}, h('del', { class: 'wb-diff-del', text: '字' }), ' ', t('diff_deleted')),
        h('span', {}, h('span', { class: 'wb-diff-sub', dataset: { got: '子' }, text: '字' }), ' ', t('diff_substituted')),
        h('span', {}, h('ins', { class: 'wb-diff-ins', text: '字' }), ' ', t('diff_inserted'))),
      h('dl', { class: 'wb-diff-texts' },
        h('dt', { text: t('legend_gold') }), h('dd', { text: goldText }),
        h('dt', { text: t('legend_mine') }), h('dd', { text: this.text.value || '—' }))));
  }

  showResult(result, answer) {
    this.result = result;
    if (answer) this.load(answer);
    this.lock();
    this.renderDiff(result);
    this.renderPanel();
  }
}
