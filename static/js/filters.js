// Enhancements of the list pages; without JavaScript the plain GET form does everything.
(function () {
  // Live results (htmx swaps the list in place): leave empty fields out of the address.
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

  // A new list leaves every folded part (fold.js) and every opened explanation of an option
  // as the visitor left it: the server cannot know, and the panel must not jump shut and open
  // again under their finger.
  var callbacks = window.Idiomorph && Idiomorph.defaults.callbacks;
  if (callbacks) {
    callbacks.beforeAttributeUpdated = function (name, element) {
      if (name === "aria-expanded" && element.classList.contains("fold__toggle")) return false;
      return !(name === "open" && element.tagName === "DETAILS");
    };
  }
})();
