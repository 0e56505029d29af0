// The rubric editor (templates/reviews/rubric_edit.html). "添加…" adds an empty row to a part's table,
// copied from the part's <template>; and the sums the server checks are shown while points are typed:
// each dimension's indicators against its points, the dimensions against the total.
(() => {
  const editor = document.getElementById("rubric-editor");
  if (!editor) return;

  editor.addEventListener("click", (event) => {
    const button = event.target.closest("[data-add-row]");
    if (!button) return;
    const prefix = button.dataset.addRow;
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    const index = Number(total.value);
    const rows = document.getElementById(`${prefix}-rows`);
    rows.insertAdjacentHTML("beforeend", document.getElementById(`${prefix}-template`).innerHTML.replaceAll("__prefix__", String(index)));
    total.value = String(index + 1);
    const positions = [...rows.querySelectorAll("input[name$='-position']")];
    const last = Math.max(0, ...positions.slice(0, -1).map((input) => Number(input.value) || 0));
    if (positions.length) positions[positions.length - 1].value = String(last + 1); // after the last row
    const first = rows.lastElementChild.querySelector("input:not([type=hidden]), select");
    if (first) first.focus();
  });

  const points = (input) => {
    const value = Number(input ? input.value : "");
    return Number.isFinite(value) ? value : 0;
  };
  const deleted = (scope) => {
    const box = scope.querySelector("input[name$='-DELETE']");
    return Boolean(box && box.checked);
  };
  const shown = (value) => String(Math.round(value * 10) / 10);

  function updateSums() {
    let dimensions = 0;
    editor.querySelectorAll("[data-dimension]").forEach((card) => {
      const header = card.querySelector(".card-header");
      const own = header.querySelector("input[name$='-points']");
      let sum = 0;
      card.querySelectorAll("tbody tr").forEach((row) => {
        if (!deleted(row)) sum += points(row.querySelector("input[name$='-points']"));
      });
      const label = card.querySelector("[data-indicator-sum]");
      label.textContent = shown(sum);
      label.classList.toggle("text-danger-emphasis", own.value !== "" && sum !== points(own));
      if (!deleted(header)) dimensions += points(own);
    });
    const total = points(document.getElementById("id_rubric-total_points"));
    editor.querySelector("[data-dimension-sum]").textContent = shown(dimensions);
    editor.querySelector("[data-total]").textContent = shown(total);
    editor.querySelector("[data-dimension-sum]").classList.toggle("text-danger-emphasis", dimensions !== total);
  }

  editor.addEventListener("input", updateSums);
  editor.addEventListener("change", updateSums);
  updateSums();
})();
