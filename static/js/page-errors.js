// The page's own error log, kept in memory for the browser tests (tests/browser.rs), which assert
// that a page logged no error: WebDriver has no console API that both Chromium and Firefox
// implement. Loaded first, as a classic script in <head>, so it sees what every later script
// does. It records uncaught exceptions, unhandled promise rejections, elements whose resource
// failed to load (a 404 image, stylesheet or module), CSP violations and console.error calls into
// `window.pageErrors`, an array of strings (the first 50). Nothing leaves the page and nothing
// else changes: console.error still prints as before.
(() => {
  const MAX = 50;
  const list = [];
  Object.defineProperty(window, 'pageErrors', { value: list });
  const add = (text) => {
    if (list.length < MAX) list.push(String(text).slice(0, 2000));
  };
  const describe = (v) => {
    // An error (from any realm): Chromium's stack starts with the message, Firefox's does not.
    if (v && typeof v === 'object' && typeof v.message === 'string') {
      const stack = typeof v.stack === 'string' ? v.stack : '';
      return stack.includes(v.message) ? stack : `${v.name || 'Error'}: ${v.message}\n${stack}`.trim();
    }
    if (typeof v === 'string') return v;
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  };

  // Capture phase: a resource's `error` event does not bubble, but the window sees it on the way down.
  window.addEventListener('error', (e) => {
    const el = e.target;
    if (el && el !== window && el.nodeType === 1) {
      add(`failed to load <${el.localName}> ${el.currentSrc || el.src || el.getAttribute('href') || ''}`);
    } else {
      add(`uncaught ${e.error ? describe(e.error) : `${e.message} at ${e.filename}:${e.lineno}:${e.colno}`}`);
    }
  }, true);
  window.addEventListener('unhandledrejection', (e) => add(`unhandled rejection: ${describe(e.reason)}`));
  window.addEventListener('securitypolicyviolation', (e) =>
    add(`CSP ${e.effectiveDirective || e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || ''}:${e.lineNumber || 0}`));

  const error = console.error;
  console.error = function (...args) {
    add(`console.error: ${args.map(describe).join(' ')}`);
    return error.apply(this, args);
  };
})();
