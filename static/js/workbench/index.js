// The labeling workbench: boots from the page's JSON blocks (wb-task, wb-state, wb-config,
// wb-i18n; see docs/workbench.md), loads the module of the task's kind, and wires history,
// autosave, the timer, submit and the result overlay.

import { setMessages, setTimeZone, t } from './i18n.js';
import { isTyping } from './dom.js';
import { Shell, closedText } from './shell.js';
import { History } from './history.js';
import { Saver, readBackup, clearBackup } from './save.js';

// The server names the editor module of the task's kind (`task.editor`, from the one list of
// kinds in Rust); only a plain module name under ./kinds/ is ever imported.
const EDITOR = /^[a-z]+$/;

function readJSON(id) {
  const el = document.getElementById(id);
  if (!el) return null;
  try {
    return JSON.parse(el.textContent || 'null');
  } catch (e) {
    console.error('workbench: bad JSON in #' + id, e);
    return null;
  }
}

async function boot() {
  const root = document.getElementById('workbench');
  if (!root) return;
  const task = readJSON('wb-task') || {};
  const state = readJSON('wb-state') || { answer: null, seq: 0, saved_at: null, result: null };
  const config = readJSON('wb-config') || { mode: 'practice' };
  setMessages(readJSON('wb-i18n') || {});
  setTimeZone(config.time_zone);

  const shell = new Shell(root, { task, config });
  const path = typeof task.editor === 'string' && EDITOR.test(task.editor) ? `./kinds/${task.editor}.js` : null;
  if (!path) {
    shell.main.append(Object.assign(document.createElement('p'), { className: 'wb-empty', textContent: t('unsupported_kind', { kind: String(task.kind) }) }));
    shell.setLayout('doc');
    return;
  }
  const mod = await import(path);

  const storageKey = `wb:${config.save_url || task.item_id || location.pathname}`;
  const ctx = { task, config, state, shell, history: null, changed: () => {}, undo: () => {}, redo: () => {} };
  const kind = mod.create(ctx);

  // What to load: the server's answer, unless this tab knows a newer one (see save.js):
  //  - an unsaved change built on the page's seq or a later one → restore it and save it;
  //  - a confirmed save with a later seq than the page (the page was rendered before that save
  //    landed) → show it; the server has it already.
  let answer = state.answer ?? null;
  let flagged = !!state.flagged;
  let seq = Number(state.seq) || 0;
  let unsavedBackup = false;
  const backup = readBackup(storageKey);
  const usable = backup && !state.result && backup.body && 'answer' in backup.body && Number.isFinite(backup.base);
  if (usable && (backup.saved ? backup.base > seq : backup.base >= seq)) {
    answer = backup.body.answer;
    if ('flagged' in backup.body) flagged = !!backup.body.flagged;
    seq = backup.base;
    unsavedBackup = !backup.saved;
  } else if (backup) {
    clearBackup(storageKey);
  }
  kind.load(answer);

  const history = new History(() => kind.snapshot(), (snap) => {
    kind.restore(snap);
    saver.changed();
  });
  ctx.history = history;
  history.onChange(() => kind.historyChanged && kind.historyChanged());

  const showFlag = config.mode === 'exam' || task.theory === true;
  let closed = false; // the server takes no more saves or submits for this attempt
  const saver = new Saver({
    saveUrl: config.save_url,
    seq,
    savedAt: state.saved_at,
    storageKey,
    getBody: () => (showFlag ? { answer: kind.answer(), flagged } : { answer: kind.answer() }),
    validate: () => kind.validate(),
    onStatus: (st) => shell.setStatus(st),
    onReload: () => kind.lock(),
    onClosed: (err) => {
      closed = true;
      kind.lock();
      shell.flagBtn.disabled = true;
      shell.submitBtn.disabled = true;
      shell.toast(err.message || closedText(), 'warn', 10000);
    },
    onConflict: (body) => {
      kind.load(body.answer ?? null);
      if ('flagged' in body) {
        flagged = !!body.flagged;
        shell.showFlag(flagged);
      }
      history.reset();
      shell.toast(t('save_conflict'), 'warn', 6000);
    },
  });
  shell.onRetry = () => saver.retryNow();
  if (!config.save_url) {
    // a read-only view (e.g. a reviewer looking at an attempt): nothing is saved
    saver.lock();
    shell.setStatus({ state: 'locked', savedAt: state.saved_at });
  }

  ctx.changed = () => {
    if (history.commit()) saver.changed();
  };
  ctx.undo = () => history.undo();
  ctx.redo = () => history.redo();
  if (kind.historyChanged) kind.historyChanged();

  if (showFlag) {
    shell.showFlag(flagged);
    shell.onFlag = () => {
      if (saver.locked) return;
      flagged = !flagged;
      shell.showFlag(flagged);
      saver.changed();
    };
  }
  if (unsavedBackup && !saver.locked) {
    saver.markDirty();
    shell.toast(t('restored_unsaved'), 'info', 5000);
  }

  // Shortcuts shown by "?"
  const general = [
    ['?', t('key_help')],
    ['Ctrl+Z', t('undo')],
    ['Ctrl+Shift+Z / Ctrl+Y', t('redo')],
    ['Esc', t('key_close')],
  ];
  shell.setShortcuts([[t('keys_general'), general], ...(kind.shortcuts ? kind.shortcuts() : [])]);

  // Result (already submitted) or submit.
  let done = false;
  const finish = (result, submitted) => {
    done = true;
    saver.lock();
    kind.lock();
    kind.showResult(result, submitted);
    shell.showSubmitted();
    shell.flagBtn.disabled = true;
  };
  if (state.result && config.mode !== 'exam') {
    finish(state.result, state.answer);
    shell.setStatus({ state: 'submitted', savedAt: state.saved_at });
  }
  if (config.mode === 'exam') shell.showNextAlways();

  shell.onSubmit = async () => {
    if (done || closed || !config.submit_url) return;
    const warn = kind.incomplete ? kind.incomplete() : null;
    if (warn && !(await shell.confirm(t('submit_confirm_title'), warn, t('submit_anyway'), t('confirm_cancel')))) return;
    const submitted = kind.answer();
    shell.busy(true);
    try {
      const result = await saver.submit(config.submit_url);
      finish(result, submitted);
    } catch (e) {
      // {status, code, message} from saver.submit; `closed`: onClosed has shown the reason
      if (!(e && e.closed)) shell.toast(e && typeof e.message === 'string' && e.message ? e.message : t('submit_failed'), 'error', 6000);
    } finally {
      shell.busy(false);
      if (closed) shell.submitBtn.disabled = true;
    }
  };

  // Time limit: save, then stop editing.
  if (Number.isFinite(config.deadline_ms)) {
    shell.startTimer(config.deadline_ms, config.server_now_ms, () => {
      saver.flush();
      setTimeout(() => {
        saver.lock();
        kind.lock();
        shell.flagBtn.disabled = true;
        shell.toast(t('time_up_locked'), 'warn', 10000);
      }, 300);
    }, Array.isArray(config.warn_minutes) ? config.warn_minutes : []);
  }

  // Keyboard
  window.addEventListener('keydown', (e) => {
    if (e.defaultPrevented) return;
    const typing = isTyping(e.target);
    if (e.key === 'Escape' && shell.closeTop()) {
      e.preventDefault();
      return;
    }
    if (shell.anyOverlayOpen()) return;
    if (e.key === '?' && !typing) {
      e.preventDefault();
      shell.toggleHelp(true);
      return;
    }
    const ctrl = e.ctrlKey || e.metaKey;
    if (kind.onKey && kind.onKey(e, typing)) {
      e.preventDefault();
      return;
    }
    if (ctrl && !typing && !e.altKey) {
      const k = e.key.toLowerCase();
      if (k === 'z' && !saver.locked) {
        e.preventDefault();
        if (e.shiftKey) history.redo();
        else history.undo();
        return;
      }
      if (k === 'y' && !saver.locked) {
        e.preventDefault();
        history.redo();
      }
    }
  });

  // Leaving with an answer the server has not got: the browser asks first.
  window.addEventListener('beforeunload', (e) => {
    const st = saver.status.state;
    if (saver.dirty() && (st === 'error' || st === 'rejected' || st === 'invalid')) {
      e.preventDefault();
      e.returnValue = '';
    }
  });

  document.documentElement.dataset.wbReady = '1';
  if (kind.focus && !state.result) kind.focus();
}

boot().catch((e) => {
  console.error('workbench failed to start', e);
  const root = document.getElementById('workbench');
  if (root) root.textContent = String(e && e.message ? e.message : e);
});
