// A character counter under every text area with a length limit (and every long text input):
// "123 / 3000", amber near the limit, red at it. The browser cuts a paste at maxlength without a
// word; the counter shows that the text reached the limit. Characters are counted as the server
// counts them (code points; a line break is one character, the server stores it as "\n").
(() => {
  const SHORT = 100; // text inputs with a smaller maxlength (names, phone numbers) need no counter

  function counted(field) {
    return [...field.value].length;
  }

  function attach(field) {
    const limit = Number(field.getAttribute("maxlength"));
    if (!limit || (field.tagName === "INPUT" && limit < SHORT)) return;
    if (field.getAttribute("autocomplete") === "username") return; // a user name (150 allowed) is never long
    const counter = document.createElement("div");
    counter.className = "form-text text-end char-counter";
    counter.setAttribute("aria-live", "polite");
    if (field.id) counter.id = `${field.id}_counter`;
    const update = () => {
      const length = counted(field);
      counter.textContent = `${length} / ${limit}`;
      counter.classList.toggle("text-danger", length >= limit);
      counter.classList.toggle("text-warning-emphasis", length < limit && length >= limit * 0.9);
    };
    field.addEventListener("input", update);
    field.insertAdjacentElement("afterend", counter);
    update();
  }

  document.querySelectorAll("textarea[maxlength], input[type=text][maxlength]").forEach(attach);
})();
