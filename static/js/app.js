// Small progressive enhancements; every page works without them.
document.documentElement.classList.add("js");

document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit();
  }
});

document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// A select-all box (data-select-all="<name>") ticks or clears every box of that name in its table.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-select-all]");
  if (!all) {
    return;
  }
  const scope = all.closest("table, form, section") || document;
  scope.querySelectorAll(`input[type="checkbox"][name="${all.dataset.selectAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
