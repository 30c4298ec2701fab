// Enhancements of the list pages; without JavaScript the plain GET form does everything.
(function () {
  "use strict";
  var PHONE = matchMedia("(max-width: 37.49rem)"); // site.css: the filters as a panel
  var $ = function (selector) { return document.querySelector("#filter-panel " + selector); };

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
    if (box) box.value = new URLSearchParams(location.search).get("q") || "";
  });

  // A new list leaves open or folded what the visitor left so: every fold and every opened
  // explanation of an option (nothing may jump shut under their finger), and the panel's
  // dialog state, which only this script sets.
  var callbacks = window.Idiomorph && Idiomorph.defaults.callbacks;
  if (callbacks) {
    callbacks.beforeAttributeUpdated = function (name, element) {
      var toggle = element.classList.contains("filters__toggle") ||
        element.classList.contains("fold__toggle");
      return !(name === "inert" || element.id === "filter-panel" ||
        (name === "open" && element.tagName === "DETAILS") ||
        (name === "aria-expanded" && toggle));
    };
  }

  // On a phone the heading's button opens the filters over the page as a modal dialog: the
  // rest of the page inert, the number of results announced from within it.
  function isOpen() {
    var toggle = $(".filters__toggle");
    return PHONE.matches && !!toggle && toggle.getAttribute("aria-expanded") === "true";
  }

  function dialog(on, focus) {
    var panel = document.getElementById("filter-panel");
    var attributes = { role: "dialog", "aria-modal": "true", "aria-labelledby": "filters-heading", tabindex: "-1" };
    Object.keys(attributes).forEach(function (name) {
      if (on) panel.setAttribute(name, attributes[name]);
      else panel.removeAttribute(name);
    });
    document.documentElement.classList.toggle("filters-open", on);
    // Inert: every sibling along the path from the panel up to <body>.
    for (var node = panel; node.parentElement && node !== document.body; node = node.parentElement) {
      Array.from(node.parentElement.children).forEach(function (sibling) {
        if (sibling !== node) sibling.inert = on;
      });
    }
    if (!on) $(".filters__status").textContent = "";
    if (focus) focus.focus();
  }

  function close(focus) {
    $(".filters__toggle").setAttribute("aria-expanded", "false");
    dialog(false, focus);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("#filter-panel .filters__toggle")) {
      target.closest("button").setAttribute("aria-expanded", "true");
      dialog(true, document.getElementById("filter-panel"));
    } else if (target.closest("#filter-panel .filters__close")) {
      close($(".filters__toggle"));
    } else if (target.closest("#filter-panel .filters__show") && isOpen()) {
      event.preventDefault(); // the results are live already: show them, from their heading
      close();
      document.getElementById("results").scrollIntoView();
      document.getElementById("results-heading").focus({ preventScroll: true });
    } else if (target.closest(".error-summary a")) {
      var field = document.getElementById(target.closest("a").hash.slice(1));
      var fold = field && field.closest("details");
      if (fold) fold.open = true;
    }
  });

  // Captured, so that Escape in an open list of choices (the municipality's combobox) is
  // seen before that list closes, and closes only the list.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen() && !event.target.matches('[aria-expanded="true"]')) {
      close($(".filters__toggle"));
    }
  }, true);

  // A phone turned sideways, or a window made wider: the panel becomes what fits.
  PHONE.addEventListener("change", function () {
    if ($(".filters__toggle")) dialog(isOpen());
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail.target; // none on a history restore, which keeps its place
    if (!swapped || swapped.id !== "list-layout") return;
    var count = document.querySelector("#results .result-count");
    var results = document.getElementById("results");
    var top = results.getBoundingClientRect().top;
    if (isOpen()) {
      if (count) $(".filters__status").textContent = count.textContent.trim();
    } else if (!PHONE.matches && (top < 0 || top > innerHeight)) {
      // Beside the filters: the new results come into view only if they were out of it.
      var instant = matchMedia("(prefers-reduced-motion: reduce)").matches;
      results.scrollIntoView({ behavior: instant ? "auto" : "smooth" });
    }
  });

  // On a phone the categories with nothing ticked start folded (the server sends them open,
  // as a wider screen shows them), and a refused filter opens the panel at its summary.
  if ($(".filters__toggle") && PHONE.matches) {
    document.querySelectorAll("#filter-panel details.facet-fold").forEach(function (fold) {
      if (!fold.querySelector("input:checked")) fold.open = false;
    });
    if (isOpen()) dialog(true, $(".error-summary"));
  }
})();
