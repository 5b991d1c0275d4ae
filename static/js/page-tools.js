// Print buttons and "copy the address" buttons on any page (no inline handlers: the Content Security Policy forbids them).
document.querySelectorAll("[data-print-page]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

const copyStatus = document.querySelector("[data-copy-status]");

function say(text) {
  if (copyStatus) copyStatus.textContent = text;
}

document.querySelectorAll("[data-copy-target]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copyTarget);
    if (!field) return;
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      say(copyStatus.dataset.copiedText);
    } catch (error) {
      // Older browsers, or no permission: fall back to the selection the person can copy themselves.
      const copied = document.execCommand && document.execCommand("copy");
      say(copied ? copyStatus.dataset.copiedText : copyStatus.dataset.failedText);
    }
  });
});
