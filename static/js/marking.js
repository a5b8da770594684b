// The scoring screen (阅卷) and the practice review screen (练习评阅): picking a band sets the
// points to its top, the current band is highlighted, the total follows, and on the scoring
// screen the marks are saved as a draft a moment after each change (PUT /api/v1/marking/{id}
// under the page's seq, like every autosave here; not where the form says data-autosave="off").
// Ctrl+Enter submits. Without this script the forms still save and submit.

const form = document.getElementById('rubric-form');
const messages = JSON.parse(document.getElementById('marking-i18n')?.textContent || '{}');
const fill = (s, args) => String(s || '').replace(/\{(\w+)\}/g, (m, k) => (k in args ? args[k] : m));

if (form) {
  const id = form.dataset.id;
  const seqInput = form.querySelector('input[name="seq"]');
  const status = document.getElementById('mark-status');
  const total = document.getElementById('mark-total');
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';
  let timer = null;
  let inflight = null;
  let again = false;

  const criteria = [...form.querySelectorAll('fieldset.criterion')];

  function body() {
    const points = {};
    const reasons = {};
    for (const f of criteria) {
      const c = f.dataset.criterion;
      const v = f.querySelector('input.points').value.trim();
      if (v !== '') points[c] = Number(v);
      const r = f.querySelector('textarea.reason').value;
      if (r.trim()) reasons[c] = r;
    }
    return { seq: Number(seqInput.value) || 0, points, reasons, submit: false };
  }

  function refresh() {
    let sum = 0;
    for (const f of criteria) {
      const v = f.querySelector('input.points').value.trim();
      const x = v === '' ? NaN : Number(v);
      if (Number.isFinite(x)) sum += x;
      let lo = 0;
      for (const li of f.querySelectorAll('.bands li')) {
        const hi = Number(li.dataset.max);
        li.classList.toggle('is-current', Number.isFinite(x) && x >= lo && x <= hi);
        lo = hi + 1;
      }
    }
    if (total) total.textContent = fill(messages.total, { points: sum, max: form.dataset.max });
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  async function save() {
    if (inflight) {
      again = true;
      return;
    }
    say(messages.saving);
    inflight = fetch(`/api/v1/marking/${encodeURIComponent(id)}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body()),
    })
      .then(async (r) => {
        const b = await r.json().catch(() => ({}));
        if (r.ok) {
          seqInput.value = String(b.seq);
          const time = new Date().toLocaleTimeString(document.documentElement.lang || undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
          say(fill(messages.saved, { time }));
        } else {
          // A field error (points out of range) is shown by the form on submit; say why here.
          const e = b.error || {};
          const field = (e.fields || [])[0];
          say(fill(messages.failed, { message: (field && field.message) || e.message || String(r.status) }));
        }
      })
      .catch(() => say(fill(messages.failed, { message: '—' })))
      .finally(() => {
        inflight = null;
        if (again) {
          again = false;
          save();
        }
      });
  }

  // The review of a practice answer is one form, sent once: no drafts to save.
  const autosave = form.dataset.autosave !== 'off';

  function changed() {
    refresh();
    if (!autosave) return;
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  }

  form.addEventListener('input', changed);
  form.addEventListener('click', (e) => {
    const band = e.target.closest('button.band');
    if (!band) return;
    const input = band.closest('fieldset').querySelector('input.points');
    input.value = band.dataset.set;
    input.focus();
    changed();
  });
  form.addEventListener('submit', (e) => {
    const button = e.submitter;
    if (button && button.dataset.confirm && !form.dataset.confirmed && !window.confirm(button.dataset.confirm)) {
      e.preventDefault();
      return;
    }
    if (button && button.dataset.confirm) form.dataset.confirmed = '1';
    clearTimeout(timer);
    if (inflight) {
      // Let the autosave land first, so that the form carries the seq it produced.
      e.preventDefault();
      inflight.then(() => setTimeout(() => form.requestSubmit(button), 0));
    }
  });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.querySelector('button[value="submit"]')?.click();
    } else if (e.key === 'Enter' && e.target.matches('input.points')) {
      // Enter moves on to the reason, as in a paper score sheet.
      e.preventDefault();
      e.target.closest('fieldset').querySelector('textarea.reason')?.focus();
    }
  });
  // The server's seq may have moved in another tab: a stale save says so and the page reloads.
  window.addEventListener('beforeunload', () => clearTimeout(timer));
  refresh();
}
