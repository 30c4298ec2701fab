// Admin: the pickers (Django's autocomplete fields, select2) pick what the editor typed. Loaded
// after admin/js/autocomplete.js by the pickers' media (catalogue/pickers.py).
//
// - Enter takes the highlighted match for the text in the search box. select2 asks the server
//   for matches 250 ms after the last key, so an Enter typed before the answer took the
//   highlight of the list before ("Bridg" + Enter chose Bonding, the first of the unfiltered
//   list). Such an Enter now waits for the matches of what was typed, then takes the
//   highlighted one.
// - A chip's × removes it on the first click. On mousedown the browser focused the picker's
//   search box; when that box lay outside the window (on the line under a chip at the window's
//   edge) the page scrolled, the mouseup landed on something else and the click was lost. The ×
//   now leaves the focus where it is until the click, and removing a chip no longer opens the
//   list (which covered the field below it).
(function () {
  "use strict";
  var $ = window.django && window.django.jQuery;
  if (!$ || !$.fn.djangoAdminSelect2) return;

  var improved = new WeakSet();
  var openPicker = null; // the state of the picker whose list is open

  function improve(select) {
    var picker = $(select).data("select2");
    if (!picker || improved.has(picker)) return;
    improved.add(picker);
    // listed: the search text the list shows matches for; waiting: the text of an Enter that
    // waits for its matches.
    var state = { picker: picker, listed: "", waiting: null };

    picker.on("open", function () {
      openPicker = state;
    });
    picker.on("close", function () {
      state.waiting = null;
      if (openPicker === state) openPicker = null;
    });
    picker.on("query", function (params) {
      // Typing on after Enter: that Enter was not meant for these matches.
      if (state.waiting !== null && (params.term || "") !== state.waiting) state.waiting = null;
    });
    // After select2's own handler, which has listed the matches and highlighted the first.
    picker.on("results:all", function (params) {
      state.listed = params.query.term || "";
      if (state.waiting !== null && state.waiting === state.listed && picker.isOpen()) {
        state.waiting = null;
        picker.trigger("results:select", {});
      }
    });

    // Bound after select2's own handlers on the same element, so they run after its "remove
    // this chip" and before its "open or close the list" (bound to the element itself).
    var selection = picker.$container.find(".select2-selection");
    selection.on("mousedown", ".select2-selection__choice__remove", function (event) {
      event.preventDefault();
    });
    selection.on("click", ".select2-selection__choice__remove", function (event) {
      event.stopPropagation();
    });
  }

  // Before select2 sees the key: its own handler would take the stale highlight at once.
  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key !== "Enter" || event.isComposing || !openPicker) return;
      var box = event.target;
      if (!box.classList || !box.classList.contains("select2-search__field")) return;
      if (box.value === openPicker.listed) return; // the list matches what was typed
      event.preventDefault(); // neither select2 nor the form (Enter would send it)
      event.stopImmediatePropagation();
      openPicker.waiting = box.value;
    },
    true
  );

  // Django sets the pickers up when the page is ready and when an inline row is added, both
  // through this plugin.
  var setUp = $.fn.djangoAdminSelect2;
  $.fn.djangoAdminSelect2 = function () {
    setUp.apply(this, arguments);
    this.each(function () {
      improve(this);
    });
    return this;
  };
})();
