// Just enough browser for the workbench modules that run without a DOM tree (save.js, i18n.js,
// shell.js's setStatus): `window` and `document` as event targets, an in-memory sessionStorage,
// `location.reload` counted, the CSRF meta tag, and a scripted `fetch`.
// Call installDom() in beforeEach: every test gets fresh globals (listeners do not leak).

export class MemoryStorage {
  constructor() {
    this.map = new Map();
  }
  getItem(k) {
    return this.map.has(k) ? this.map.get(k) : null;
  }
  setItem(k, v) {
    this.map.set(k, String(v));
  }
  removeItem(k) {
    this.map.delete(k);
  }
  clear() {
    this.map.clear();
  }
}

/**
 * Fresh `window`, `document`, `sessionStorage` and `fetch` on globalThis.
 * @param {{storage?: MemoryStorage, csrf?: string}} [o]  keep a storage across "page loads"
 */
export function installDom(o = {}) {
  const storage = o.storage || new MemoryStorage();
  const win = new EventTarget();
  win.sessionStorage = storage;
  win.reloads = 0;
  win.location = { pathname: '/practice/x', reload: () => { win.reloads++; } };
  const doc = new EventTarget();
  doc.visibilityState = 'visible';
  doc.documentElement = { lang: 'en', dataset: {} };
  const csrf = o.csrf ?? 'tok-123';
  doc.querySelector = (sel) => (sel === 'meta[name="csrf-token"]' ? { getAttribute: () => csrf } : null);
  globalThis.window = win;
  globalThis.document = doc;
  globalThis.sessionStorage = storage;
  const fetch = new FakeFetch();
  globalThis.fetch = fetch.fn;
  return { window: win, document: doc, storage, fetch };
}

/** A Response-like object. */
export function reply(status, body) {
  return {
    ok: status >= 200 && status < 300,
    status,
    json: async () => {
      if (body === undefined) throw new SyntaxError('Unexpected end of JSON input');
      return body;
    },
  };
}

/**
 * fetch whose calls wait until the test answers them: `calls[i].respond(status, body)` or
 * `calls[i].fail()`. Each call records url, method, parsed body, headers and keepalive.
 */
export class FakeFetch {
  constructor() {
    this.calls = [];
    this.fn = (url, init = {}) => {
      let resolve, reject;
      const p = new Promise((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.calls.push({
        url,
        method: init.method || 'GET',
        body: init.body ? JSON.parse(init.body) : undefined,
        headers: init.headers || {},
        keepalive: init.keepalive,
        respond: (status, body) => resolve(reply(status, body)),
        fail: () => reject(new TypeError('Failed to fetch')),
      });
      return p;
    };
  }
  get last() {
    return this.calls[this.calls.length - 1];
  }
}

/** Lets pending promise callbacks run (setImmediate is not faked by mock.timers here). */
export function settle() {
  return new Promise((r) => setImmediate(r));
}
