// Irreversible steps ask first: a form, or the button that sent it, may carry data-confirm="…".
document.addEventListener("submit", (event) => {
  const question = (event.submitter && event.submitter.dataset.confirm) || event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// Long form submissions (imports) show their progress bar and cannot be sent twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const progressId = form.dataset.progress;
  if (!progressId || event.defaultPrevented) return;
  const progress = document.getElementById(progressId);
  if (progress) progress.hidden = false;
  form.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = true; });
});
