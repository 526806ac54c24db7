// Small progressive enhancements; every page works without them.
document.documentElement.classList.add("js");

document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit();
  }
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.dataset.confirm;
  // A bulk form (data-confirm-ticked="<name>") with nothing ticked goes straight to the server,
  // which says so: there is nothing to confirm.
  const ticked = form.dataset.confirmTicked;
  if (ticked && !form.querySelector(`input[name="${ticked}"]:checked`)) {
    return;
  }
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

// A refusal (422) carries the form or cell with its error message: show it, never drop it.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
