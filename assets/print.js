// A button marked data-print prints the page. Served from /scripts/print.js, as the page
// policy runs no inline script (and so no onclick attribute).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
