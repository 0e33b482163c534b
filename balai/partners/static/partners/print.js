// The receipt's print button (no inline scripts under the CSP).
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) { window.print(); }
});
