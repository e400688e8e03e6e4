// A button with the class js-print prints the page (no inline script: the CSP allows this file).
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest(".js-print") : null;
  if (button) { window.print(); }
});

// The printed footer's date (dashboard/printed.py): the day the page is printed, in its language
// (Thai: the Buddhist Era, as Thai dates are written).
window.addEventListener("beforeprint", function () {
  document.querySelectorAll(".js-print-date").forEach(function (el) {
    var thai = el.getAttribute("lang") !== "en";
    el.textContent = new Date().toLocaleDateString(thai ? "th-TH" : "en-GB", {
      day: "numeric", month: "short", year: "numeric",
    });
  });
});
