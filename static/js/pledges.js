// The certificate's print button (no inline handlers: the Content Security Policy forbids them).
document.querySelectorAll("[data-print-page]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
