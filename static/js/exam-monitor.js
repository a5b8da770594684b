// The live monitor: time left counts down each second between refreshes, and the page
// refreshes itself every 20 s unless someone is typing into it or a menu is open.
(function () {
  const started = performance.now();
  const cells = [...document.querySelectorAll('.countdown[data-running="true"]')];
  const fmt = (ms) => {
    const s = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  };
  setInterval(() => {
    const gone = performance.now() - started;
    for (const c of cells) c.textContent = fmt(Number(c.dataset.remainingMs) - gone);
  }, 1000);
  const hint = document.getElementById('monitor-refresh');
  const every = Number(hint && hint.dataset.every) || 20;
  setInterval(() => {
    const busy = document.activeElement && /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (!busy && !document.querySelector('details[open]')) location.reload();
  }, every * 1000);
})();
