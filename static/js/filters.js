// Enhancements of the list pages; without JavaScript the plain GET form does everything.
(function () {
  "use strict";
  // Where the filters are a panel over the page (the stylesheet's breakpoint, 600 px).
  var PHONE = window.matchMedia("(max-width: 37.49rem)");
  var REDUCED_MOTION = window.matchMedia("(prefers-reduced-motion: reduce)");

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

  // A new list leaves what the visitor opened or folded as they left it (the server cannot
  // know, and nothing must jump shut under their finger), and the panel's dialog state,
  // which only this script sets.
  var callbacks = window.Idiomorph && Idiomorph.defaults.callbacks;
  if (callbacks) {
    callbacks.beforeAttributeUpdated = function (name, element) {
      if (name === "inert" || element.id === "filter-panel") return false;
      if (name === "open" && element.classList.contains("facet-fold")) return false;
      return !(name === "aria-expanded" && element.classList.contains("filters__toggle"));
    };
  }

  // --- The filter panel on a phone -------------------------------------------------------
  // The heading's button opens the filters over the page as a modal dialog: the rest of the
  // page is inert, the panel says how many results there are, and "Show N results" (or
  // Close, or Escape) closes it. On a wider screen the filters stand beside the results.

  function part(selector) {
    return document.querySelector("#filter-panel " + selector);
  }

  function isOpen() {
    var toggle = part(".filters__toggle");
    return PHONE.matches && !!toggle && toggle.getAttribute("aria-expanded") === "true";
  }

  // Everything outside the panel: each sibling along the path from the panel to <body>.
  function setBackgroundInert(inert) {
    var node = document.getElementById("filter-panel");
    for (; node && node.parentElement && node !== document.body; node = node.parentElement) {
      Array.from(node.parentElement.children).forEach(function (sibling) {
        if (sibling !== node) sibling.inert = inert;
      });
    }
  }

  function becomeDialog(focus) {
    var panel = document.getElementById("filter-panel");
    part(".filters__toggle").setAttribute("aria-expanded", "true");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "true");
    panel.setAttribute("aria-labelledby", "filters-heading");
    panel.setAttribute("tabindex", "-1");
    document.documentElement.classList.add("filters-open");
    setBackgroundInert(true);
    (focus || panel).focus();
  }

  function stopBeingDialog() {
    var panel = document.getElementById("filter-panel");
    ["role", "aria-modal", "aria-labelledby", "tabindex"].forEach(function (name) {
      panel.removeAttribute(name);
    });
    document.documentElement.classList.remove("filters-open");
    setBackgroundInert(false);
    part(".filters__status").textContent = "";
  }

  function close(focus) {
    part(".filters__toggle").setAttribute("aria-expanded", "false");
    stopBeingDialog();
    if (focus) focus.focus();
  }

  // The categories with nothing ticked start folded on a phone; the server sends them open,
  // as a wider screen (and a phone without scripts) shows them.
  function foldUntickedCategories() {
    document.querySelectorAll("#filter-panel details.facet-fold").forEach(function (details) {
      if (!details.querySelector("input:checked")) details.open = false;
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("#filter-panel .filters__toggle")) {
      becomeDialog();
    } else if (target.closest("#filter-panel .filters__close")) {
      close(part(".filters__toggle"));
    } else if (target.closest("#filter-panel .filters__show") && isOpen()) {
      // The results are already live: show them, and start reading at their heading.
      event.preventDefault();
      close();
      document.getElementById("results").scrollIntoView({ block: "start" });
      document.getElementById("results-heading").focus({ preventScroll: true });
    } else if (target.closest(".error-summary a")) {
      // A refused filter's link: unfold the category it points into.
      var field = document.getElementById(target.closest("a").hash.slice(1));
      var details = field && field.closest("details");
      if (details) details.open = true;
    }
  });

  // Escape in an open list of choices (the municipality's combobox) closes just that list:
  // asked while capturing, before the combobox closes it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !isOpen()) return;
    if (event.target.matches('[aria-expanded="true"]')) return;
    close(part(".filters__toggle"));
  }, true);

  // A phone turned sideways (or a window made wider) leaves the panel where it belongs.
  PHONE.addEventListener("change", function () {
    if (!part(".filters__toggle")) return;
    if (isOpen()) becomeDialog();
    else stopBeingDialog();
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail.target; // none on a history restore, which keeps its place
    if (!swapped || swapped.id !== "list-layout") return;
    var count = document.querySelector("#results .result-count");
    if (isOpen()) {
      // Once per change, from the one live region a visitor in the dialog can hear.
      if (count) part(".filters__status").textContent = count.textContent.trim();
    } else if (!PHONE.matches) {
      // Beside the filters, the new results come into view only if they were out of it.
      var results = document.getElementById("results");
      var top = results.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight) {
        results.scrollIntoView({ block: "start", behavior: REDUCED_MOTION.matches ? "auto" : "smooth" });
      }
    }
  });

  if (part(".filters__toggle") && PHONE.matches) {
    foldUntickedCategories();
    // A refused filter opens the panel (the server sends it open): there the visitor fixes it.
    if (isOpen()) becomeDialog(part(".error-summary"));
  }
})();
