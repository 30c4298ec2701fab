// A form sent back with errors: the summary at its top takes the focus, so it is read out
// first, and each of its links puts the focus in the field it names (a plain link to an id
// only scrolls there). Without JavaScript the links still scroll to the fields.
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;

  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    // Show the field's label or legend above it, not just the field at the top edge.
    var group = field.closest("fieldset") || field.closest(".field") || field;
    group.scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
