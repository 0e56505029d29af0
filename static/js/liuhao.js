// Long form submissions (imports) show their progress bar and cannot be sent twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const progressId = form.dataset.progress;
  if (!progressId) return;
  const progress = document.getElementById(progressId);
  if (progress) progress.hidden = false;
  form.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = true; });
});
