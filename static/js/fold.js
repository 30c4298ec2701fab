// Parts that phones show folded (templates/includes/fold_toggle.html): the button folds and
// unfolds what it controls. The stylesheet reads aria-expanded, so the first paint already
// shows each part as it stays; this only answers the button.
(function () {
  "use strict";
  if (window.wijkFolds) return; // a page with two folded parts may load this script twice
  window.wijkFolds = true;

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".fold__toggle");
    if (!button) return;
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    var part = document.getElementById(button.getAttribute("aria-controls"));
    if (part) part.dispatchEvent(new CustomEvent("fold:toggle", { bubbles: true, detail: { open: open } }));
  });
})();
