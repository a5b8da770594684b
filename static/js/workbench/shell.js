// The workbench frame: a bar (task, timer, save state, flag, 标注规范, ?, submit, next), the
// body (tools on the left, the stage or the material in the middle, the panel on the right), the
// specification drawer, the shortcut overlay, a modal dialog and toasts.

import { h, clear } from './dom.js';
import { t, has, clockTime, duration } from './i18n.js';
import { icon } from './icons.js';
import { sheetSnap } from './gestures.js';

/** The narrow layout (phones, tablets upright): as `@media (max-width: 768px)` in workbench.css. */
export const NARROW = '(max-width: 768px)';

export class Shell {
  constructor(root, { task, config }) {
    this.task = task;
    this.config = config;
    this.onSubmit = null;
    this.onRetry = null;
    this.onFlag = null;
    this.shortcuts = [];
    this.lastFocus = null;

    document.body.classList.add('wb-active');
    clear(root);
    this.el = h('div', { class: 'wb', dataset: { kind: task.kind, mode: config.mode || 'practice' } });

    // Bar
    this.title = h('div', { class: 'wb-title' },
      h('span', { class: 'wb-kind', text: t(`kind_${task.kind}`) }),
      task.item_id ? h('span', { class: 'wb-item-id', text: task.item_id }) : null,
      h('span', { class: ['wb-mode', `wb-mode-${config.mode || 'practice'}`], text: t(`mode_${config.mode === 'exam' ? 'exam' : 'practice'}`) }));
    this.timer = h('div', { class: 'wb-timer', role: 'timer', hidden: true });
    this.statusText = h('span', { class: 'wb-status-text' });
    this.retryBtn = h('button', { type: 'button', class: 'wb-link', hidden: true, text: t('save_retry_now'), onclick: () => this.onRetry && this.onRetry() });
    this.status = h('div', { class: 'wb-status', role: 'status', 'aria-live': 'polite' }, h('span', { class: 'wb-dot', 'aria-hidden': 'true' }), this.statusText, this.retryBtn);
    this.flagBtn = h('button', { type: 'button', class: 'wb-btn wb-btn-ghost wb-flag', 'aria-pressed': 'false', hidden: true, onclick: () => this.onFlag && this.onFlag() },
      icon('flag'), h('span', { text: t('flag') }));
    this.specBtn = h('button', { type: 'button', class: 'wb-btn wb-btn-ghost', 'aria-expanded': 'false', 'aria-controls': 'wb-spec', hidden: !task.spec_html, onclick: () => this.toggleDrawer() },
      icon('book'), h('span', { text: t('spec') }));
    this.helpBtn = h('button', { type: 'button', class: 'wb-btn wb-btn-ghost wb-btn-icon', title: t('help_title') + ' (?)', 'aria-label': t('help_title'), onclick: () => this.toggleHelp() }, icon('help'));
    this.submitBtn = h('button', { type: 'button', class: 'wb-btn wb-btn-primary', hidden: !(config.mode !== 'exam' && config.submit_url), onclick: () => this.onSubmit && this.onSubmit() },
      h('span', { text: t('submit') }));
    this.nextBtn = h('a', { class: 'wb-btn wb-btn-primary', hidden: true, href: config.next_url || '#' }, h('span', { text: t('next') }), icon('next'));
    this.bar = h('header', { class: 'wb-bar' }, this.title,
      h('div', { class: 'wb-bar-right' }, this.timer, this.status, this.flagBtn, this.specBtn, this.helpBtn, this.submitBtn, this.nextBtn));

    // Body
    this.tools = h('nav', { class: 'wb-tools', 'aria-label': t('tools') });
    this.main = h('section', { class: 'wb-main' });
    // The panel: beside the stage on a desktop, a bottom sheet with tabs (one per section of the
    // panel) on a narrow screen. Kinds fill `this.side`, the sheet's body.
    this.side = h('div', { class: 'wb-side-body', id: 'wb-side-body' });
    this.sheetHandle = h('button', {
      type: 'button', class: 'wb-sheet-handle', 'aria-controls': 'wb-side-body', 'aria-expanded': 'false',
      'aria-label': t('sheet_toggle'), title: t('sheet_toggle'),
    }, h('span', { class: 'wb-sheet-grip', 'aria-hidden': 'true' }));
    this.sheetTabs = h('div', { class: 'wb-sheet-tabs', role: 'tablist', 'aria-label': t('panel') });
    this.sheetHead = h('div', { class: 'wb-sheet-head' }, this.sheetHandle, this.sheetTabs);
    this.sheet = h('aside', { class: 'wb-side', 'aria-label': t('panel'), dataset: { sheet: 'collapsed' } }, this.sheetHead, this.side);
    this.body = h('div', { class: 'wb-body' }, this.tools, this.main, this.sheet);

    // Drawer (标注规范)
    this.drawer = h('aside', { id: 'wb-spec', class: 'wb-drawer', hidden: true, tabindex: '-1', 'aria-label': t('spec') },
      h('div', { class: 'wb-drawer-head' }, h('h2', { text: t('spec') }),
        h('button', { type: 'button', class: 'wb-btn wb-btn-ghost wb-btn-icon', 'aria-label': t('close'), title: t('close') + ' (Esc)', onclick: () => this.toggleDrawer(false) }, icon('close'))),
      h('div', { class: 'wb-drawer-body wb-prose', html: task.spec_html || '' }));

    // Help overlay
    this.helpBody = h('div', { class: 'wb-help-body' });
    this.help = h('div', { class: 'wb-overlay', hidden: true, onclick: (e) => { if (e.target === this.help) this.toggleHelp(false); } },
      h('div', { class: 'wb-dialog wb-help', role: 'dialog', 'aria-modal': 'true', 'aria-label': t('help_title'), tabindex: '-1' },
        h('div', { class: 'wb-drawer-head' }, h('h2', { text: t('help_title') }),
          h('button', { type: 'button', class: 'wb-btn wb-btn-ghost wb-btn-icon', 'aria-label': t('close'), onclick: () => this.toggleHelp(false) }, icon('close'))),
        this.helpBody));

    this.toasts = h('div', { class: 'wb-toasts', 'aria-live': 'assertive' });
    this.el.append(this.bar, this.body, this.drawer, this.help, this.toasts);
    root.append(this.el);

    this.fitHeight = () => {
      const top = root.getBoundingClientRect().top + window.scrollY;
      this.el.style.setProperty('height', `${Math.max(480, window.innerHeight - top)}px`);
    };
    window.addEventListener('resize', this.fitHeight);
    this.fitHeight();
    this.initSheet();
  }

  // ---- the bottom sheet (narrow screens) --------------------------------------------------
  initSheet() {
    this.narrowQuery = typeof matchMedia === 'function' ? matchMedia(NARROW) : null;
    this.tab = 0;
    this.tabKey = null;
    const onNarrow = () => {
      const narrow = !!(this.narrowQuery && this.narrowQuery.matches);
      this.el.classList.toggle('wb-narrow', narrow);
      this.refreshTabs();
    };
    if (this.narrowQuery) this.narrowQuery.addEventListener('change', onNarrow);
    window.addEventListener('resize', () => {
      if (this.el.classList.contains('wb-narrow')) this.setSheet(this.sheet.dataset.sheet);
    });
    // the kinds re-render their panel often: the tabs follow its sections
    let queued = false;
    new MutationObserver(() => {
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        this.refreshTabs();
      });
    }).observe(this.side, { childList: true, subtree: true });
    onNarrow();

    // Tap (or Enter / Space) on the handle: collapsed → half → full → collapsed; ↑ / ↓ step.
    const order = ['collapsed', 'half', 'full'];
    this.stepSheet = () => {
      const i = order.indexOf(this.sheet.dataset.sheet);
      this.setSheet(order[(i + 1) % order.length]);
    };
    this.sheetHandle.addEventListener('click', (e) => {
      if (this.sheetDragged || this.tappedRecently(e)) return;
      this.stepSheet();
    });
    this.sheetHandle.addEventListener('keydown', (e) => {
      const i = order.indexOf(this.sheet.dataset.sheet);
      if (e.key === 'ArrowUp' && i < 2) this.setSheet(order[i + 1]);
      else if (e.key === 'ArrowDown' && i > 0) this.setSheet(order[i - 1]);
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
    // Drag the head (handle or tab strip) up and down; it rests at the nearest state, or one
    // further when flicked.
    this.sheetHead.addEventListener('pointerdown', (e) => {
      if (!this.el.classList.contains('wb-narrow') || (e.pointerType === 'mouse' && e.button !== 0)) return;
      const h0 = this.sheet.getBoundingClientRect().height;
      const y0 = e.clientY;
      let last = { y: e.clientY, t: e.timeStamp }, v = 0;
      let dragging = false;
      this.sheetDragged = false;
      const move = (m) => {
        if (m.pointerId !== e.pointerId) return;
        if (!dragging && Math.abs(m.clientY - y0) < 8) return;
        if (!dragging) {
          dragging = true;
          this.sheetDragged = true;
          this.sheet.classList.add('is-dragging');
        }
        const dt = m.timeStamp - last.t;
        if (dt > 0) v = (last.y - m.clientY) / dt;
        last = { y: m.clientY, t: m.timeStamp };
        const hs = this.sheetHeights();
        const hgt = Math.max(hs.collapsed, Math.min(hs.full, h0 + (y0 - m.clientY)));
        this.sheet.style.setProperty('--wb-sheet-h', `${hgt}px`);
      };
      const up = (u) => {
        if (u.pointerId !== e.pointerId) return;
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        window.removeEventListener('pointercancel', up);
        if (!dragging) {
          // A finger's tap acts on its pointerup (the click a browser makes of it may come late
          // or not at all after a drag elsewhere); that click is then ignored.
          if (u.type !== 'pointerup' || e.pointerType === 'mouse') return;
          const tab = e.target.closest && e.target.closest('.wb-sheet-tab');
          if (tab) this.openSheet([...this.sheetTabs.children].indexOf(tab));
          else if (this.sheetHandle.contains(e.target)) this.stepSheet();
          else return;
          this.lastHeadTap = performance.now();
          return;
        }
        this.sheet.classList.remove('is-dragging');
        const hgt = this.sheet.getBoundingClientRect().height;
        this.setSheet(sheetSnap(hgt, v, this.sheetHeights()));
        // the click that follows a drag is not a tap on the handle or a tab
        setTimeout(() => { this.sheetDragged = false; }, 0);
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
      window.addEventListener('pointercancel', up);
    });
  }

  /** A click made of a finger's tap the head has already acted on (keyboard clicks have detail 0). */
  tappedRecently(e) {
    return e.detail !== 0 && this.lastHeadTap !== undefined && performance.now() - this.lastHeadTap < 800;
  }

  /** The three heights of the sheet, in px, for the current size of the workbench. */
  sheetHeights() {
    const body = this.body.getBoundingClientRect().height || 600;
    const collapsed = this.sheetHead.getBoundingClientRect().height || 72;
    return { collapsed, half: Math.max(collapsed, Math.round(body * 0.5)), full: Math.max(collapsed, Math.round(body - 8)) };
  }

  /** collapsed | half | full */
  setSheet(state) {
    const hs = this.sheetHeights();
    this.sheet.dataset.sheet = state;
    this.sheet.style.setProperty('--wb-sheet-h', `${hs[state]}px`);
    this.sheetHandle.setAttribute('aria-expanded', state === 'collapsed' ? 'false' : 'true');
  }

  /** Opens the sheet (at least half way) on tab i. */
  openSheet(i) {
    if (Number.isInteger(i)) this.selectTab(i);
    if (this.el.classList.contains('wb-narrow') && this.sheet.dataset.sheet === 'collapsed') this.setSheet('half');
  }

  /** The panel's sections, each with what goes with it (a score banner before the first …). */
  tabGroups() {
    const groups = [];
    let lead = [];
    for (const panel of this.side.children) {
      for (const el of panel.classList.contains('wb-section') ? [panel] : panel.children) {
        if (el.classList.contains('wb-section')) {
          groups.push({ section: el, extra: lead });
          lead = [];
        } else if (groups.length) {
          groups[groups.length - 1].extra.push(el);
        } else {
          lead.push(el);
        }
      }
    }
    if (lead.length && groups.length) groups[groups.length - 1].extra.push(...lead);
    return groups;
  }

  refreshTabs() {
    const narrow = this.el.classList.contains('wb-narrow');
    const groups = narrow ? this.tabGroups() : [];
    // a tab is known by its title without numbers ("对象（3）" stays the same tab as objects come)
    const keyOf = (g) => (g.section.querySelector('.wb-section-title')?.textContent || '').replace(/[#\d\s（）()]+/g, '');
    const keys = groups.map(keyOf);
    let active = keys.indexOf(this.tabKey);
    if (active < 0) active = Math.min(this.tab, Math.max(0, groups.length - 1));
    this.tab = active;
    this.tabKey = keys[active] ?? null;
    const focused = [...this.sheetTabs.children].indexOf(document.activeElement);
    clear(this.sheetTabs);
    this.sheetTabs.hidden = !groups.length;
    groups.forEach((g, i) => {
      const title = g.section.querySelector('.wb-section-title');
      const id = `wb-tab-${i}`;
      g.section.id = `wb-tabpanel-${i}`;
      g.section.setAttribute('role', 'tabpanel');
      g.section.setAttribute('aria-labelledby', id);
      const on = i === active;
      for (const el of [g.section, ...g.extra]) el.classList.toggle('is-tab-hidden', !on);
      this.sheetTabs.append(h('button', {
        type: 'button', role: 'tab', id, class: 'wb-sheet-tab', 'aria-selected': on ? 'true' : 'false',
        'aria-controls': g.section.id, tabindex: on ? '0' : '-1',
        onclick: (e) => {
          if (this.sheetDragged || this.tappedRecently(e)) return;
          this.openSheet(i);
        },
        onkeydown: (e) => {
          if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
          e.preventDefault();
          e.stopPropagation();
          const j = (i + (e.key === 'ArrowRight' ? 1 : groups.length - 1)) % groups.length;
          this.selectTab(j);
          this.sheetTabs.children[j]?.focus();
        },
      }, title ? title.textContent : String(i + 1)));
    });
    if (focused >= 0 && this.sheetTabs.children[Math.min(focused, groups.length - 1)]) {
      this.sheetTabs.children[Math.min(focused, groups.length - 1)].focus({ preventScroll: true });
    }
    if (!narrow) {
      for (const el of this.side.querySelectorAll('.is-tab-hidden')) el.classList.remove('is-tab-hidden');
      for (const el of this.side.querySelectorAll('[role="tabpanel"]')) {
        el.removeAttribute('role');
        el.removeAttribute('aria-labelledby');
      }
      this.sheet.style.removeProperty('--wb-sheet-h');
    } else if (!this.sheet.classList.contains('is-dragging')) {
      // the head's height may have changed with the tabs
      this.setSheet(this.sheet.dataset.sheet || 'collapsed');
    }
  }

  selectTab(i) {
    this.tab = i;
    this.tabKey = null;
    this.refreshTabs();
  }

  // ---- a menu of actions at a point (long press) ------------------------------------------
  /** items: [{text, run, danger?}]; closes on a choice, a tap outside or Esc. */
  menu(x, y, items) {
    this.closeMenu();
    if (!items.length) return;
    const prev = document.activeElement;
    const close = () => {
      this.closeMenu();
      if (prev && prev.focus) prev.focus({ preventScroll: true });
    };
    const buttons = items.map((it) => h('button', {
      type: 'button', role: 'menuitem', class: ['wb-menu-item', it.danger && 'is-danger'],
      onclick: () => {
        close();
        it.run();
      },
    }, it.text));
    const el = h('div', { class: 'wb-menu', role: 'menu', tabindex: '-1', 'aria-label': t('actions') }, buttons);
    el.addEventListener('keydown', (e) => {
      const i = buttons.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        buttons[(i + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length].focus();
      }
    });
    this.el.append(el);
    const host = this.el.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const left = Math.max(8, Math.min(x - host.left - r.width / 2, host.width - r.width - 8));
    const top = y - host.top - r.height - 16 >= 8 ? y - host.top - r.height - 16 : Math.min(y - host.top + 16, host.height - r.height - 8);
    el.style.setProperty('left', `${left}px`);
    el.style.setProperty('top', `${Math.max(8, top)}px`);
    this.menuEl = el;
    this.menuOutside = (e) => {
      if (!el.contains(e.target)) close();
    };
    // the finger that opened the menu is still down: listen from the next press on
    setTimeout(() => window.addEventListener('pointerdown', this.menuOutside, true), 0);
    // the menu itself takes the focus (arrows then move through the items, Esc closes it)
    el.focus({ preventScroll: true });
  }

  closeMenu() {
    if (!this.menuEl) return false;
    this.menuEl.remove();
    this.menuEl = null;
    window.removeEventListener('pointerdown', this.menuOutside, true);
    return true;
  }

  setLayout(name) {
    this.el.dataset.layout = name;
  }

  // ---- save state -------------------------------------------------------------------------
  setStatus(st) {
    const time = st.savedAt ? clockTime(st.savedAt) : '';
    let text, tone;
    switch (st.state) {
      case 'saved': text = t('save_saved', { time }); tone = 'ok'; break;
      case 'saving': text = t('save_saving'); tone = 'busy'; break;
      case 'dirty': text = t('save_pending'); tone = 'busy'; break;
      case 'error': text = t('save_error'); tone = 'error'; break;
      case 'invalid': text = t('save_invalid', { message: st.message || '' }); tone = 'error'; break;
      case 'rejected':
        text = st.status === 401 || st.status === 403 ? t('save_expired') : t('save_rejected', { message: st.message || String(st.status || '') });
        tone = 'error';
        break;
      case 'conflict': text = t('save_conflict'); tone = 'warn'; break;
      case 'reloading': text = t('save_reloading'); tone = 'warn'; break;
      // the attempt takes no more saves: the server's reason, in the page's language
      case 'closed': text = st.message || closedText(); tone = 'warn'; break;
      case 'paused': text = st.message || t('save_paused'); tone = 'warn'; break;
      case 'submitted': text = t('save_submitted', { time }); tone = 'ok'; break;
      case 'locked': text = time ? t('save_saved', { time }) : t('save_idle'); tone = 'muted'; break;
      default: text = t('save_idle'); tone = 'muted';
    }
    this.statusText.textContent = text;
    this.status.dataset.tone = tone;
    this.retryBtn.hidden = !(st.state === 'error' || st.state === 'rejected');
  }

  // ---- timer ------------------------------------------------------------------------------
  startTimer(deadlineMs, serverNowMs, onExpire, warnMinutes = []) {
    if (!Number.isFinite(deadlineMs)) return;
    // Minutes left at which to warn once (exam papers: 15 and 5); none already passed at load.
    const pending = new Set(warnMinutes.filter((m) => Number.isFinite(m)));
    const offset = Number.isFinite(serverNowMs) ? serverNowMs - Date.now() : 0;
    this.timer.hidden = false;
    const label = h('span', { class: 'wb-timer-text' });
    clear(this.timer).append(icon('clock'), label);
    let expired = false;
    const tick = () => {
      const left = (deadlineMs - (Date.now() + offset)) / 1000;
      if (left <= 0) {
        label.textContent = t('time_up');
        this.timer.dataset.tone = 'error';
        this.timer.setAttribute('aria-label', t('time_up'));
        if (!expired) {
          expired = true;
          onExpire && onExpire();
        }
        return;
      }
      for (const m of [...pending].sort((a, b) => a - b)) {
        if (left <= m * 60) {
          for (const x of [...pending]) if (x >= m) pending.delete(x);
          this.toast(t('time_warning', { n: m }), 'warn', 10000);
          break;
        }
      }
      const txt = duration(left);
      label.textContent = txt;
      this.timer.setAttribute('aria-label', t('time_left', { time: txt }));
      this.timer.title = t('time_left', { time: txt });
      this.timer.dataset.tone = left <= 60 ? 'error' : left <= 300 ? 'warn' : '';
      setTimeout(tick, 1000 - ((Date.now() + offset) % 1000) + 5);
    };
    tick();
  }

  // ---- flag -------------------------------------------------------------------------------
  showFlag(on) {
    this.flagBtn.hidden = false;
    this.flagBtn.setAttribute('aria-pressed', on ? 'true' : 'false');
    this.flagBtn.querySelector('span').textContent = on ? t('flagged') : t('flag');
    this.flagBtn.title = t('flag_hint');
  }

  // ---- drawer and help --------------------------------------------------------------------
  toggleDrawer(open) {
    const show = open === undefined ? this.drawer.hidden : open;
    if (show && !this.task.spec_html) return;
    if (show) this.lastFocus = document.activeElement;
    this.drawer.hidden = !show;
    this.specBtn.setAttribute('aria-expanded', show ? 'true' : 'false');
    this.el.classList.toggle('wb-drawer-open', show);
    if (show) this.drawer.focus();
    else if (this.lastFocus && this.lastFocus.focus) this.lastFocus.focus();
  }

  setShortcuts(groups) {
    this.shortcuts = groups;
  }

  toggleHelp(open) {
    const show = open === undefined ? this.help.hidden : open;
    if (show) {
      this.lastFocus = document.activeElement;
      clear(this.helpBody);
      for (const [title, rows] of this.shortcuts) {
        if (!rows.length) continue;
        const dl = h('dl', { class: 'wb-keys' });
        for (const [keys, what] of rows) {
          const alts = keys.split(' / ').map((k, i) => {
            const parts = k.split('+');
            const combo = parts.length > 1 && parts.every((x) => x !== '') ? parts : [k];
            return [i ? ' / ' : '', ...combo.map((p, j) => [j ? '+' : '', h('kbd', { text: p })])];
          });
          dl.append(h('dt', {}, ...alts), h('dd', { text: what }));
        }
        this.helpBody.append(h('section', {}, h('h3', { text: title }), dl));
      }
    }
    this.help.hidden = !show;
    if (show) this.help.querySelector('.wb-dialog').focus();
    else if (this.lastFocus && this.lastFocus.focus) this.lastFocus.focus();
  }

  anyOverlayOpen() {
    return !this.help.hidden || !!this.el.querySelector('.wb-modal-overlay');
  }

  /** Closes the topmost overlay; true if one was open. */
  closeTop() {
    if (this.closeMenu()) return true;
    const modal = this.el.querySelector('.wb-modal-overlay');
    if (modal) {
      modal.dispatchEvent(new CustomEvent('wb-cancel'));
      return true;
    }
    if (!this.help.hidden) {
      this.toggleHelp(false);
      return true;
    }
    if (!this.drawer.hidden) {
      this.toggleDrawer(false);
      return true;
    }
    return false;
  }

  // ---- dialogs and toasts -----------------------------------------------------------------
  confirm(title, message, okText, cancelText) {
    return new Promise((resolve) => {
      const prev = document.activeElement;
      const done = (v) => {
        overlay.remove();
        if (prev && prev.focus) prev.focus();
        resolve(v);
      };
      const ok = h('button', { type: 'button', class: 'wb-btn wb-btn-primary', text: okText || t('confirm_ok'), onclick: () => done(true) });
      const cancel = h('button', { type: 'button', class: 'wb-btn wb-btn-ghost', text: cancelText || t('confirm_cancel'), onclick: () => done(false) });
      const overlay = h('div', { class: 'wb-overlay wb-modal-overlay' },
        h('div', { class: 'wb-dialog wb-modal', role: 'alertdialog', 'aria-modal': 'true', 'aria-label': title },
          h('h2', { text: title }), h('p', { text: message }), h('div', { class: 'wb-modal-actions' }, cancel, ok)));
      overlay.addEventListener('wb-cancel', () => done(false));
      overlay.addEventListener('keydown', (e) => {
        if (e.key === 'Tab') {
          // keep focus inside the dialog
          const f = [cancel, ok];
          const i = f.indexOf(document.activeElement);
          e.preventDefault();
          f[(i + (e.shiftKey ? f.length - 1 : 1)) % f.length].focus();
        }
      });
      this.el.append(overlay);
      ok.focus();
    });
  }

  toast(message, tone = 'info', ms = 3500) {
    const el = h('div', { class: 'wb-toast', dataset: { tone }, role: tone === 'error' ? 'alert' : 'status', text: message });
    this.toasts.append(el);
    setTimeout(() => el.classList.add('is-leaving'), ms);
    setTimeout(() => el.remove(), ms + 400);
  }

  // ---- after submit -----------------------------------------------------------------------
  showSubmitted() {
    this.submitBtn.hidden = true;
    if (this.config.next_url) this.nextBtn.hidden = false;
    // on a narrow screen the result is in the sheet: show it
    this.openSheet(0);
  }

  showNextAlways() {
    if (this.config.next_url) this.nextBtn.hidden = false;
  }

  busy(on) {
    this.submitBtn.disabled = !!on;
    this.el.classList.toggle('wb-busy', !!on);
  }
}

/** Fallback when a closed attempt's 409 carries no message (a newer catalog has save_closed). */
export function closedText() {
  return has('save_closed') ? t('save_closed') : t('save_rejected', { message: '409' });
}

