// The checklist on a project page: say when it has changes not saved yet, warn before "Move to another stage", and
// let the browser ask before the page is left another way.
// Without this script nothing is lost either: "Move to another stage" sends the checklist, which is saved first.
const checklist = document.querySelector("[data-checklist-form]");

if (checklist) {
  const status = checklist.querySelector("[data-checklist-status]");
  const warning = document.getElementById("checklist-warning");
  const moveButton = document.querySelector("[data-move-stage]");
  const saveButton = checklist.querySelector("button[type=submit]");
  let saidUnsaved = false;

  // The browser remembers each field as the page drew it (defaultChecked, defaultValue): that is what is saved.
  const hasUnsavedChanges = () =>
    Array.from(checklist.elements).some((field) => {
      if (field.type === "checkbox") return field.checked !== field.defaultChecked;
      if (field.type === "text") return field.value !== field.defaultValue;
      return false;
    });

  const update = () => {
    const unsaved = hasUnsavedChanges();
    if (unsaved !== saidUnsaved && status) {
      // Said once when the checklist changes, not at every key, so a screen reader is not kept talking.
      status.textContent = unsaved ? status.dataset.unsavedText : "";
      saidUnsaved = unsaved;
    }
    if (!unsaved && warning) warning.hidden = true;
  };

  checklist.addEventListener("input", update);
  checklist.addEventListener("change", update);

  // Leaving by any other link with changes not saved: the browser asks first. Sending the checklist is not leaving.
  let sending = false;
  checklist.addEventListener("submit", () => {
    sending = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (!sending && hasUnsavedChanges()) event.preventDefault();
  });

  if (moveButton && warning) {
    moveButton.addEventListener("click", (event) => {
      if (!hasUnsavedChanges()) return; // nothing to lose: go straight on
      event.preventDefault();
      warning.hidden = false;
      warning.focus();
    });
    const stay = warning.querySelector("[data-stay-here]");
    if (stay) {
      stay.addEventListener("click", () => {
        warning.hidden = true;
        if (saveButton) saveButton.focus();
      });
    }
  }
}
