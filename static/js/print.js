// A "print" button (scripts run from files only: the pages' CSP allows no inline handlers).
for (const b of document.querySelectorAll('[data-print]')) {
  b.addEventListener('click', () => window.print());
}
