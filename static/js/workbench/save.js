// Autosave. The answer (in the scoring format of the kind) goes to the server as
//   PUT save_url  {"answer": …, "seq": n + 1}   header X-CSRF-Token
// about a second after the last change, and at once when the window loses focus or the page is
// hidden or left (fetch keepalive). 200 {"seq", "saved_at"} confirms. Errors come as
// {"error": {"code", "message", "fields"?}} (message in the page's language; see errorOf). A 409
// with code "stale" (or none) means our seq is stale (another window saved): we adopt the state
// the 409 carries at top level, or reload the page. A 409 with any other code ("closed",
// "submitted", "outdated", "hand_in_required") means the attempt takes no more saves: editing
// stops, the server's message is shown, and for "closed"/"submitted" the page reloads once, a few
// seconds later, to show the handed-in state. Network errors and 5xx are retried with backoff
// (1 s, 2 s, 4 s … 30 s); nothing is dropped meanwhile. The answer is also kept in this tab's
// sessionStorage with the seq it builds on ("base") and whether the server confirmed it
// ("saved"), so a reload restores an unsaved change, and a page rendered before its own last save
// landed (a reload racing the keepalive save) still shows the newest.

const DEBOUNCE_MS = 1000;
const MAX_BACKOFF_MS = 30000;
const KEEPALIVE_LIMIT = 60000; // bytes; browsers cap keepalive bodies at 64 KiB in flight
const CLOSED_RELOAD_MS = 5000; // time to read why the attempt was closed before the page reloads
const PAUSED_RETRY_MS = 15000; // a paper paused by a proctor: try the save again this often
const CLOSED_RELOAD_GUARD_MS = 60000; // no second automatic reload within this time (no loops)
// 409 codes after which the page reloads (once) to show the handed-in / submitted state.
const RELOAD_CODES = new Set(['closed', 'submitted']);

/**
 * The error a server reply carries: {"error": {"code", "message", "fields"?}}. Also reads the
 * older shapes {"error": "text"} and {"message": "text"}. Never throws; missing parts are ''.
 * @returns {{status: number, code: string, message: string, fields?: object[]}}
 */
export function errorOf(body, status = 0) {
  const e = body && typeof body === 'object' ? body.error : undefined;
  let code = '';
  let message = '';
  let fields;
  if (e && typeof e === 'object') {
    if (typeof e.code === 'string') code = e.code;
    if (typeof e.message === 'string') message = e.message;
    if (Array.isArray(e.fields)) fields = e.fields;
  } else if (typeof e === 'string') {
    message = e;
  }
  if (!message && body && typeof body === 'object' && typeof body.message === 'string') message = body.message;
  const out = { status, code, message };
  if (fields) out.fields = fields;
  return out;
}

/** UTF-8 length of a string (keepalive's limit is in bytes, not UTF-16 units). */
function byteLength(text) {
  return typeof TextEncoder === 'function' ? new TextEncoder().encode(text).length : text.length * 3;
}

export function csrfToken() {
  const m = document.querySelector('meta[name="csrf-token"]');
  return m ? m.getAttribute('content') || '' : '';
}

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function readBackup(key) {
  const st = storage();
  if (!st) return null;
  try {
    return JSON.parse(st.getItem(key) || 'null');
  } catch {
    return null;
  }
}

export function clearBackup(key) {
  const st = storage();
  if (st) st.removeItem(key);
}

export class Saver {
  /**
   * @param {object} o
   * @param {string} o.saveUrl
   * @param {number} o.seq            the server's sequence number of the stored answer
   * @param {number|null} o.savedAt
   * @param {() => object} o.getBody  {"answer": …} plus optional extra fields
   * @param {() => string|null} o.validate  a message when the answer cannot be saved as it is
   * @param {(st: object) => void} o.onStatus
   * @param {(body: object) => void} o.onConflict  called with a 409 body that carries the state
   * @param {() => void} [o.onReload]  called before the page reloads after a 409 without state
   * @param {(err: {status, code, message}) => void} [o.onClosed]  the attempt takes no more
   *   saves (409 "closed", "submitted", …): editing must stop; show err.message
   * @param {string} o.storageKey
   */
  constructor(o) {
    this.o = o;
    this.seq = Number.isFinite(o.seq) ? o.seq : 0;
    this.savedAt = o.savedAt || null;
    this.version = 0;
    this.savedVersion = 0;
    this.inflight = null;
    this.again = false;
    this.timer = null;
    this.retries = 0;
    this.locked = false;
    this.submitting = false;
    this.status = { state: this.savedAt ? 'saved' : 'idle', savedAt: this.savedAt };
    this.emit(this.status);

    const flushNow = () => this.flush();
    window.addEventListener('blur', flushNow);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flush();
    });
    window.addEventListener('pagehide', flushNow);
    window.addEventListener('online', () => {
      if (this.dirty()) this.flush();
    });
  }

  emit(st) {
    this.status = st;
    this.o.onStatus(st);
  }

  dirty() {
    return this.version !== this.savedVersion;
  }

  /** The model changed: back it up now, save it soon. */
  changed() {
    if (this.locked) return;
    this.version++;
    this.backup();
    if (this.status.state !== 'error') this.emit({ state: 'dirty', savedAt: this.savedAt });
    this.schedule(DEBOUNCE_MS);
  }

  /** Marks the loaded answer as not yet on the server (restored from the backup). */
  markDirty() {
    this.changed();
  }

  backup(saved = false) {
    const st = storage();
    if (!st) return;
    try {
      st.setItem(this.o.storageKey, JSON.stringify({ body: this.o.getBody(), base: this.seq, saved, at: Date.now() }));
    } catch {
      /* storage full or disabled: the server copy is still the goal */
    }
  }

  schedule(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), ms);
  }

  headers() {
    return { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken() };
  }

  /** Sends the answer now if it changed since the last confirmed save. */
  flush() {
    clearTimeout(this.timer);
    if (this.locked || this.submitting || !this.dirty()) return this.inflight || Promise.resolve(!this.dirty());
    if (this.inflight) {
      this.again = true;
      return this.inflight;
    }
    const invalid = this.o.validate();
    if (invalid) {
      this.emit({ state: 'invalid', savedAt: this.savedAt, message: invalid });
      return Promise.resolve(false);
    }
    const sent = this.version;
    const text = JSON.stringify({ ...this.o.getBody(), seq: this.seq + 1 });
    this.emit({ state: 'saving', savedAt: this.savedAt });
    this.inflight = fetch(this.o.saveUrl, {
      method: 'PUT',
      headers: this.headers(),
      body: text,
      credentials: 'same-origin',
      keepalive: byteLength(text) < KEEPALIVE_LIMIT,
    })
      .then(async (r) => {
        const body = await r.json().catch(() => ({}));
        if (r.ok) {
          this.seq = Number.isFinite(body.seq) ? body.seq : this.seq + 1;
          this.savedAt = Number.isFinite(body.saved_at) ? body.saved_at : Date.now();
          this.savedVersion = sent;
          this.retries = 0;
          if (this.dirty()) {
            this.backup(); // newer changes wait for the next round, on top of the new seq
            this.emit({ state: 'dirty', savedAt: this.savedAt });
            this.schedule(DEBOUNCE_MS);
          } else {
            this.backup(true);
            this.emit({ state: 'saved', savedAt: this.savedAt });
          }
          return true;
        }
        if (r.status === 409) {
          this.conflict(body, errorOf(body, r.status));
          return false;
        }
        if (r.status >= 500 || r.status === 408 || r.status === 429) {
          this.retryLater();
          return false;
        }
        // Refused for good (deadline passed, session expired, invalid answer …): say so and keep
        // the answer; the next change, or the retry button, tries again.
        const err = errorOf(body, r.status);
        this.emit({ state: 'rejected', savedAt: this.savedAt, status: r.status, code: err.code, message: err.message });
        return false;
      })
      .catch(() => {
        this.retryLater();
        return false;
      })
      .finally(() => {
        this.inflight = null;
        if (this.again) {
          this.again = false;
          if (this.dirty() && this.status.state !== 'error' && this.status.state !== 'rejected') this.flush();
        }
      });
    return this.inflight;
  }

  retryLater() {
    this.retries++;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.retries - 1));
    this.emit({ state: 'error', savedAt: this.savedAt, retryAt: Date.now() + delay });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), delay);
  }

  /** The retry button: try again at once. */
  retryNow() {
    this.retries = 0;
    if (this.dirty()) this.flush();
  }

  /** A 409: our seq is stale (adopt the server's state, or reload), or the attempt is closed. */
  conflict(body, err = errorOf(body, 409)) {
    clearTimeout(this.timer);
    if (err.code === 'paused') {
      // A proctor paused the exam: nothing is lost (the answer stays dirty and backed up) and
      // the save is tried again until the exam resumes.
      this.emit({ state: 'paused', savedAt: this.savedAt, code: err.code, message: err.message });
      this.timer = setTimeout(() => this.flush(), PAUSED_RETRY_MS);
    } else if (err.code && err.code !== 'stale') {
      this.close(err);
    } else if (body && 'answer' in body && Number.isFinite(body.seq)) {
      this.seq = body.seq;
      this.savedAt = Number.isFinite(body.saved_at) ? body.saved_at : this.savedAt;
      // The same answer (this tab's own save that landed while the page reloaded): nothing to say.
      const same = JSON.stringify(body.answer ?? null) === JSON.stringify(this.o.getBody().answer ?? null);
      if (!same) this.o.onConflict(body);
      this.savedVersion = this.version;
      this.backup(true);
      this.emit({ state: same ? 'saved' : 'conflict', savedAt: this.savedAt });
    } else {
      // The server's copy is newer and the 409 did not carry it: load the page afresh (editing
      // stops at once, so nothing is typed into a page about to go).
      clearBackup(this.o.storageKey);
      this.locked = true;
      if (this.o.onReload) this.o.onReload();
      this.emit({ state: 'reloading', savedAt: this.savedAt });
      setTimeout(() => window.location.reload(), 800);
    }
  }

  /**
   * The attempt takes no more saves (a mock paper handed in or out of time, a practice attempt
   * already submitted, a changed scene …): stop for good and say why. The tab's backup is
   * dropped, since restoring it after a reload would only be refused again.
   */
  close(err) {
    clearTimeout(this.timer);
    this.locked = true;
    clearBackup(this.o.storageKey);
    this.emit({ state: 'closed', savedAt: this.savedAt, code: err.code, message: err.message });
    if (this.o.onClosed) this.o.onClosed(err);
    if (RELOAD_CODES.has(err.code) && this.mayReload()) {
      setTimeout(() => window.location.reload(), CLOSED_RELOAD_MS);
    }
  }

  /** True once per CLOSED_RELOAD_GUARD_MS for this page: a reload that lands on a page which is
   * refused again stays put instead of reloading in a loop. */
  mayReload() {
    const st = storage();
    const key = `${this.o.storageKey}#closed-reload`;
    if (!st) return false;
    try {
      const last = Number(st.getItem(key));
      if (Number.isFinite(last) && last > 0 && Date.now() - last < CLOSED_RELOAD_GUARD_MS) return false;
      st.setItem(key, String(Date.now()));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Practice submit: POST submit_url {"answer", "seq": n + 1} (after any save in flight) and
   * resolve with the result. Rejects with {status, code, message} when the server refuses
   * (message: the server's text, or '' when it gave none; status 0: invalid answer or no network)
   * and with `closed: true` when the attempt was closed (the message was shown via onClosed).
   */
  async submit(submitUrl) {
    if (this.locked) throw { status: 0, code: 'locked', message: '' };
    this.submitting = true; // no autosave from now on: it would race the POST for the same seq
    try {
      // A save in flight may be followed by another (changes made meanwhile); wait for all.
      while (this.inflight) await this.inflight.catch(() => {});
      clearTimeout(this.timer);
      if (this.locked) throw { status: 0, code: 'locked', message: '', closed: this.status.state === 'closed' };
      const invalid = this.o.validate();
      if (invalid) throw { status: 0, code: 'invalid', message: invalid };
      const sent = this.version;
      let r;
      try {
        r = await fetch(submitUrl, {
          method: 'POST',
          headers: this.headers(),
          body: JSON.stringify({ ...this.o.getBody(), seq: this.seq + 1 }),
          credentials: 'same-origin',
        });
      } catch {
        throw { status: 0, code: 'network', message: '' };
      }
      const body = await r.json().catch(() => ({}));
      if (r.ok) {
        this.seq = Number.isFinite(body.seq) ? body.seq : this.seq + 1;
        this.savedVersion = sent;
        this.savedAt = Number.isFinite(body.saved_at) ? body.saved_at : Date.now();
        clearBackup(this.o.storageKey);
        this.locked = true;
        this.emit({ state: 'submitted', savedAt: this.savedAt });
        return body;
      }
      const err = errorOf(body, r.status);
      // "hand_in_required": this question goes in with its paper; saving it still works.
      if (r.status === 409 && err.code !== 'hand_in_required') this.conflict(body, err);
      const e = { status: r.status, code: err.code, message: err.message };
      if (this.status.state === 'closed') e.closed = true;
      throw e;
    } finally {
      this.submitting = false;
      if (!this.locked && this.dirty()) this.schedule(DEBOUNCE_MS);
    }
  }

  lock() {
    this.locked = true;
    clearTimeout(this.timer);
  }
}
