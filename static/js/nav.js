// The top bar collapses into a menu button whenever its links do not fit on one line: on a phone,
// and on a desktop for roles with many sections (an admin). Measured rather than set by a width
// breakpoint, so that adding a section never makes the bar scroll sideways. Without JS the bar
// wraps as before. The open menu closes on Escape (focus back on the button), on a click
// outside, and when the bar fits again.
(() => {
  const bar = document.querySelector('.topbar');
  const btn = bar && bar.querySelector('.menu-btn');
  const menu = bar && bar.querySelector('.topmenu');
  if (!bar || !btn || !menu) return;

  const setOpen = (open) => {
    bar.classList.toggle('is-open', open);
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
  };

  // Lay the bar out uncollapsed and see whether its row overflows.
  const fits = () => {
    const wasCollapsed = bar.classList.contains('is-collapsed');
    bar.classList.remove('is-collapsed');
    const row = bar.querySelector('.topbar-inner');
    const nav = bar.querySelector('.mainnav');
    const over = row.scrollWidth > row.clientWidth + 1 || (nav && nav.scrollWidth > nav.clientWidth + 1);
    if (wasCollapsed) bar.classList.add('is-collapsed');
    return !over;
  };

  const update = () => {
    const collapse = !fits() || window.matchMedia('(max-width: 720px)').matches;
    bar.classList.toggle('is-collapsed', collapse);
    btn.hidden = !collapse;
    if (!collapse) setOpen(false);
  };

  btn.addEventListener('click', () => setOpen(!bar.classList.contains('is-open')));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && bar.classList.contains('is-open')) {
      setOpen(false);
      btn.focus();
    }
  });
  document.addEventListener('click', (e) => {
    if (bar.classList.contains('is-open') && !bar.contains(e.target)) setOpen(false);
  });

  bar.classList.add('has-menu');
  update();
  // The window's width is what changes the fit (a ResizeObserver here could loop on the layout
  // it changes itself).
  window.addEventListener('resize', update);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(update);
})();
