// On small screens, fold the filter panel so the results come first; without JavaScript it
// simply stays open. Errors keep it open, so a visitor sees what went wrong.
(function () {
  var panel = document.getElementById("filter-panel");
  if (!panel || panel.querySelector(".error-summary")) return;
  if (window.matchMedia("(max-width: 63.99rem)").matches) panel.open = false;
})();
