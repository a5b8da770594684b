// Forms that take a while (uploads that are checked on the server): on submit, the button is
// disabled and says what is happening, so that nobody submits twice or thinks nothing happened.
for (const form of document.querySelectorAll('form[data-busy]')) {
  form.addEventListener('submit', () => {
    const button = form.querySelector('button[type="submit"]');
    if (!button) return;
    // After this event: a disabled button would not be part of the submission.
    setTimeout(() => {
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      button.textContent = form.dataset.busy;
    }, 0);
  });
}
