// Enhancements of the list pages; without JavaScript the plain GET form does everything.
(function () {
  // On small screens, fold the filter panel so the results come first. Errors keep it open,
  // so a visitor sees what went wrong.
  function panel() { return document.getElementById("filter-panel"); }
  var small = window.matchMedia("(max-width: 63.99rem)");
  var first = panel();
  if (first && small.matches && !first.querySelector(".error-summary")) first.open = false;

  // Live results (htmx swaps the list in place): leave empty fields out of the address…
  document.addEventListener("htmx:configRequest", function (event) {
    var data = event.detail.formData;
    if (!data) return;
    Array.from(data.keys()).forEach(function (key) {
      if (data.getAll(key).every(function (value) { return value === ""; })) data.delete(key);
    });
  });

  // The search box lives outside the swapped part: after Back, show the search of that page.
  document.addEventListener("htmx:historyRestore", function () {
    var box = document.getElementById("id_q");
    if (box) box.value = new URLSearchParams(window.location.search).get("q") || "";
  });

  // …and keep the filter panel open or folded, as the visitor left it.
  var wasOpen = null;
  document.addEventListener("htmx:beforeSwap", function () {
    wasOpen = panel() ? panel().open : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (wasOpen !== null && panel()) panel().open = wasOpen;
  });
})();
