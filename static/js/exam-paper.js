// The exam paper's clock: counts down from the server's remaining time (never the device's
// clock), warns at 15 and 5 minutes, and reloads when time is up so that the server hands
// the paper in. While a proctor has paused the paper it stands still and checks back.
(function () {
  const clock = document.getElementById('exam-clock');
  if (!clock) return;
  const out = document.getElementById('exam-left');
  const warning = document.getElementById('exam-warning');
  const paused = clock.dataset.paused === 'true';
  const end = performance.now() + Number(clock.dataset.remainingMs || 0);
  const fmt = (ms) => {
    const s = Math.max(0, Math.ceil(ms / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const mm = String(m).padStart(h ? 2 : 1, '0');
    return (h ? h + ':' : '') + mm + ':' + String(s % 60).padStart(2, '0');
  };
  let warned = 0;
  function tick() {
    const left = paused ? Number(clock.dataset.remainingMs || 0) : end - performance.now();
    out.textContent = fmt(left);
    clock.dataset.tone = left <= 5 * 60000 ? 'error' : left <= 15 * 60000 ? 'warn' : '';
    for (const mins of [15, 5]) {
      if (!paused && left <= mins * 60000 && left > 0 && warned !== mins && (warned === 0 || mins < warned)) {
        warned = mins;
        warning.textContent = warning.dataset['text' + mins];
        warning.hidden = false;
      }
    }
    if (!paused && left <= 0) {
      // The server hands the paper in (with a few seconds' grace for the last autosave).
      setTimeout(() => location.reload(), 6000);
      return;
    }
    setTimeout(tick, 1000 - (Math.round(performance.now()) % 1000));
  }
  tick();
  if (paused) setTimeout(() => location.reload(), 15000);
})();
