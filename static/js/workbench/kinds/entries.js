// What classify and select show for each entry: its text, an image thumbnail, or a sound to
// play; and a large preview of an image.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';

const AUDIO = /\.(ogg|oga|opus|wav|mp3|m4a|aac|flac|webm)(\?|#|$)/i;

export function isAudio(url) {
  return typeof url === 'string' && AUDIO.test(url);
}

export function entryKind(e) {
  if (e.asset_url && isAudio(e.asset_url)) return 'audio';
  if (e.asset_url) return 'image';
  return 'text';
}

/** One player for every entry: starting another stops the one playing. */
let player = null;
let playingBtn = null;

function playBtn(url, name) {
  const b = h('button', { type: 'button', class: 'wb-play', 'aria-label': t('audio_play_entry', { id: name }), title: t('audio_play') }, icon('play'));
  b.addEventListener('click', (ev) => {
    ev.preventDefault();
    ev.stopPropagation();
    if (!player) {
      player = new Audio();
      player.addEventListener('ended', () => setPlaying(null));
      player.addEventListener('pause', () => setPlaying(null));
    }
    if (playingBtn === b) {
      player.pause();
      return;
    }
    player.pause();
    player.src = url;
    player.currentTime = 0;
    player.play().then(() => setPlaying(b)).catch(() => setPlaying(null));
  });
  return b;
}

function setPlaying(b) {
  if (playingBtn && playingBtn !== b) {
    playingBtn.classList.remove('is-playing');
    playingBtn.replaceChildren(icon('play'));
  }
  playingBtn = b;
  if (b) {
    b.classList.add('is-playing');
    b.replaceChildren(icon('pause'));
  }
}

/** The content of an entry card. */
export function entryContent(e, onPreview) {
  const kind = entryKind(e);
  if (kind === 'image') {
    const img = h('img', { class: 'wb-thumb', src: e.asset_url, alt: e.id, loading: 'lazy', draggable: 'false' });
    if (onPreview) img.addEventListener('dblclick', (ev) => { ev.preventDefault(); onPreview(e); });
    return img;
  }
  if (kind === 'audio') {
    return h('div', { class: 'wb-audio-entry' }, playBtn(e.asset_url, e.id), h('span', { class: 'wb-wave', 'aria-hidden': 'true' }));
  }
  return h('div', { class: 'wb-entry-text', text: e.text ?? '' });
}

/** A large view of an image entry; Esc or a click closes it. */
export function preview(shell, e) {
  const prev = document.activeElement;
  const close = () => {
    ov.remove();
    if (prev && prev.focus) prev.focus();
  };
  const closeBtn = h('button', { type: 'button', class: 'wb-btn wb-btn-ghost wb-btn-icon', 'aria-label': t('close'), onclick: close }, icon('close'));
  const ov = h('div', { class: 'wb-overlay wb-modal-overlay wb-lightbox', onclick: (ev) => { if (ev.target === ov) close(); } },
    h('figure', { class: 'wb-dialog wb-lightbox-fig', role: 'dialog', 'aria-modal': 'true', 'aria-label': e.id, tabindex: '-1' },
      h('div', { class: 'wb-drawer-head' }, h('strong', { text: e.id }), closeBtn),
      h('img', { src: e.asset_url, alt: e.id })));
  ov.addEventListener('wb-cancel', close);
  shell.el.append(ov);
  closeBtn.focus();
}
