// Irreversible steps ask first: a form, or the button that sent it, may carry data-confirm="…".
document.addEventListener("submit", (event) => {
  const question = (event.submitter && event.submitter.dataset.confirm) || event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// A form of rows (a Django formset: the rubric editor) saved with rows ticked for deletion asks first,
// and lists what goes: a row by its code and name, a dimension with the indicators that go with it.
function describeRow(scope) {
  return Array.from(scope.querySelectorAll("input[name$='-code'], input[name$='-name'], input[name$='-text'], textarea[name$='-text']"))
    .map((input) => input.value.trim()).filter(Boolean).join(" ");
}
document.addEventListener("submit", (event) => {
  if (event.defaultPrevented) return;
  const ticked = Array.from(event.target.querySelectorAll("input[type=checkbox][name$='-DELETE']:checked"));
  if (!ticked.length) return;
  const lines = [];
  ticked.forEach((box) => {
    const group = box.closest("[data-dimension]");
    const header = box.closest(".card-header");
    if (group && header) {
      lines.push(`· ${describeRow(header)}`);
      group.querySelectorAll("tbody tr").forEach((row) => { if (describeRow(row)) lines.push(`    · ${describeRow(row)}`); });
    } else if (!(group && group.querySelector(".card-header input[name$='-DELETE']:checked"))) {
      lines.push(`· ${describeRow(box.closest("tr") || box.parentElement)}`);
    }
  });
  const text = document.body.dataset;
  if (!window.confirm(`${text.deleting}\n${lines.join("\n")}\n${text.deletingAsk}`)) event.preventDefault();
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

// After a failed submit the focus goes to the summary of what to correct (includes/error_summary.html),
// which is read out, instead of staying on <body> at the top of a long page.
const errorSummary = document.querySelector("[data-error-summary]");
if (errorSummary) errorSummary.focus();

// A box that scrolls (a wide table on a phone, the list of figures beside the section editor) can be
// reached and scrolled by keyboard: it takes the focus and is named after its table or heading.
// Tables of the report (shared with the PDF) get such a box here, not in their template.
document.querySelectorAll(".gw-document table").forEach((table) => {
  if (table.parentElement.classList.contains("table-scroll")) return;
  const box = document.createElement("div");
  box.className = "table-scroll";
  table.before(box);
  box.append(table);
});
function scrollBoxName(box) {
  if (box.dataset.label) return box.dataset.label;
  const caption = box.querySelector("caption");
  if (caption) return caption.textContent.trim();
  let node = box.closest(".annex") ? box.closest(".annex").querySelector(".annex-title") : null;
  for (let before = box.previousElementSibling; !node && before; before = before.previousElementSibling) {
    if (/^H[1-6]$/.test(before.tagName)) node = before;
  }
  return node ? node.textContent.trim() : document.title;
}
function regionName(region) {
  if (!region) return null;
  const by = region.getAttribute("aria-labelledby");
  const label = by ? document.getElementById(by) : null;
  return label ? label.textContent.trim() : region.getAttribute("aria-label");
}
// The report's annexes are laid out only when scrolled to (report.css, content-visibility): their
// boxes are taken to scroll on a phone rather than measured, which would lay them all out at once.
const narrow = window.matchMedia("(max-width: 767.98px)");
function markScrollBoxes() {
  document.querySelectorAll(".table-responsive, .table-scroll, .tokens-table").forEach((box) => {
    const scrolls = box.closest(".gw-document") ? narrow.matches
      : box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      const name = scrollBoxName(box);
      box.tabIndex = 0;
      // a region of its own, unless the section around it is a region of the same name already
      // (two landmarks of one name): then a group, named the same, inside it
      box.setAttribute("role", name === regionName(box.parentElement.closest("section, [role=region]")) ? "group" : "region");
      box.setAttribute("aria-label", name);
    } else if (!scrolls && box.getAttribute("tabindex") === "0") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
markScrollBoxes();
window.addEventListener("resize", markScrollBoxes);

// A page waiting for a background task (includes/poll.html) brings its content up to date every few
// seconds without reloading: the reading position and the focus stay, and only the blocks that
// changed are replaced, so a screen reader reads out the news (aria-live), not the whole page again.
const poll = document.querySelector('meta[name="liuhao-poll"]');
const served = new WeakMap();  // a block of the page → the HTML the server sent for it
function imported(node) {
  const copy = document.importNode(node, true);
  served.set(copy, node.outerHTML);
  return copy;
}
function updateChildren(target, source) {
  const old = Array.from(target.children);
  const fresh = Array.from(source.children);
  if (old.length !== fresh.length) {
    target.replaceChildren(...fresh.map(imported));
    return;
  }
  fresh.forEach((node, index) => {
    if (node.outerHTML !== served.get(old[index])) old[index].replaceWith(imported(node));
  });
}
if (poll) {
  const main = document.querySelector("main");
  Array.from(main.children).forEach((node) => served.set(node, node.outerHTML));
  main.setAttribute("aria-live", "polite");
  const seconds = Number(poll.content) || 2;
  const look = async () => {
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (response.redirected) { window.location.assign(response.url); return; }
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      const freshMain = fresh.querySelector("main");
      if (freshMain) updateChildren(main, freshMain);
      document.title = fresh.title;
      markScrollBoxes();
      if (!fresh.querySelector('meta[name="liuhao-poll"]')) return;  // done, or failed: nothing more to wait for
    } catch (error) {
      // the server did not answer this time: look again
    }
    window.setTimeout(look, seconds * 1000);
  };
  window.setTimeout(look, seconds * 1000);
}
