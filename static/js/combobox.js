// The municipality and district filters as comboboxes you can type in (accessible-autocomplete).
// The <select> stays in the form, hidden, and keeps carrying the choice: the form, htmx and the
// address work as before. Without JavaScript the plain select does the same job.
(function () {
  var script = document.currentScript;
  var texts = script.dataset;
  var ids = texts.selects.split(" ");
  var COUNT = /\s*\(\d+\)$/; // an option reads "Utrecht (12)": the name, then its count

  if (!window.accessibleAutocomplete) return;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return values[key]; });
  }

  function escape(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function choices(select) {
    return Array.from(select.options).filter(function (option) { return option.value; })
      .map(function (option) {
        var label = option.textContent.trim();
        // data-also: other names people know the place by ("Den Haag" for 's-Gravenhage).
        return { value: option.value, label: label, name: label.replace(COUNT, ""),
                 also: option.dataset.also || "" };
      });
  }

  // Names that start with what was typed come first, then names that contain it; accents
  // never matter ("fryslan" finds Fryslân). Read from the select each time: after every
  // update of the list it holds the current options and counts.
  function matches(select, query) {
    var typed = fold(query.trim());
    var starting = [];
    var containing = [];
    choices(select).forEach(function (choice) {
      var at = fold(choice.name).indexOf(typed);
      var also = choice.also ? fold(choice.also).indexOf(typed) : -1;
      if (at === 0 || also === 0) starting.push(choice);
      else if (at > 0 || also > 0) containing.push(choice);
    });
    return starting.concat(containing);
  }

  // The widget shows a choice by its name; the name it starts with is a plain string.
  function nameOf(choice) {
    return typeof choice === "string" ? choice : choice && choice.name;
  }

  function inputOf(box) {
    return box.querySelector(".autocomplete__input");
  }

  // A confirmed choice, or an emptied field (all places), goes to the select, whose change
  // event the filter form listens to. Half-typed text changes nothing.
  function choose(select, box, choice) {
    var value;
    if (choice && typeof choice === "object") value = choice.value;
    else if (!choice && !inputOf(box).value.trim()) value = "";
    else return;
    if (select.value === value) return;
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function enhance(select) {
    var id = select.id;
    var current = choices(select).filter(function (choice) {
      return choice.value === select.value;
    })[0];
    var all = select.options[0] && !select.options[0].value ? select.options[0].textContent : "";
    var box = document.createElement("div");
    box.className = "combobox";
    select.parentNode.insertBefore(box, select);
    // The label points at the id: it now names the text field.
    select.id = id + "-select";
    select.hidden = true;
    select.combobox = box;
    window.accessibleAutocomplete({
      element: box,
      id: id,
      name: "",
      source: function (query, populate) { populate(matches(select, query)); },
      defaultValue: current ? current.name : "",
      placeholder: all,
      autoselect: true,
      minLength: 1,
      templates: {
        inputValue: nameOf,
        suggestion: function (choice) {
          if (typeof choice === "string") return escape(choice);
          if (!choice.also) return escape(choice.label);
          // "'s-Gravenhage – Den Haag (12)": the name typed shows why it was offered.
          var count = choice.label.slice(choice.name.length);
          return escape(choice.name + " – " + choice.also + count);
        },
      },
      onConfirm: function (choice) { choose(select, box, choice); },
      tNoResults: function () { return texts.noResults; },
      tStatusNoResults: function () { return texts.noResults; },
      tStatusQueryTooShort: function () { return texts.queryTooShort; },
      tStatusSelectedOption: function (option, count, index) {
        return fill(texts.selected, { option: option, position: index + 1, count: count });
      },
      tStatusResults: function (count, selected) {
        var results = count === 1 ? texts.resultsOne : texts.resultsOther;
        return fill(results, { count: count }) + " " + selected;
      },
      tAssistiveHint: function () { return texts.hint; },
    });
    // What is typed is not a choice yet: only the select tells the form about changes.
    box.addEventListener("change", function (event) { event.stopPropagation(); });
    // Enter on an emptied field sends the form for all places, not the place chosen before.
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.defaultPrevented && !inputOf(box).value.trim()) {
        select.value = "";
      }
    });
  }

  // Back to the plain select: for a combobox copied into htmx's history snapshot (its script
  // state is gone), or one whose select the server answered with another choice.
  function unenhance(select, id) {
    var box = select.previousElementSibling;
    if (box && box.classList.contains("combobox")) box.remove();
    select.id = id;
    select.hidden = false;
    select.combobox = null;
  }

  function enhanceAll() {
    ids.forEach(function (id) {
      var select = document.getElementById(id + "-select") || document.getElementById(id);
      if (!select || select.tagName !== "SELECT") return;
      if (select.combobox && select.combobox.isConnected) return;
      if (select.id !== id) unenhance(select, id);
      enhance(select);
    });
  }

  // After a filter changes, htmx morphs the list into the server's answer (idiomorph), which
  // has the plain select again. Keep each live combobox, so focus and what was typed stay put,
  // and take only the options (with their new counts) from the answer's select.
  function refresh(select, fresh) {
    var id = fresh.id;
    var had = select.value;
    select.innerHTML = fresh.innerHTML;
    if (select.value === had) return;
    var focused = select.combobox.contains(document.activeElement);
    unenhance(select, id);
    enhance(select);
    if (focused) inputOf(select.combobox).focus();
  }

  if (window.Idiomorph) {
    var callbacks = window.Idiomorph.defaults.callbacks;
    var beforeNodeAdded = callbacks.beforeNodeAdded;
    var beforeNodeRemoved = callbacks.beforeNodeRemoved;
    callbacks.beforeNodeAdded = function (node) {
      var live = ids.indexOf(node.id) !== -1 && document.getElementById(node.id + "-select");
      if (live && live.combobox) {
        refresh(live, node);
        return false;
      }
      return beforeNodeAdded(node);
    };
    callbacks.beforeNodeRemoved = function (node) {
      if (node.combobox || (node.classList && node.classList.contains("combobox"))) return false;
      return beforeNodeRemoved(node);
    };
  }

  enhanceAll();
  if (window.htmx) {
    window.htmx.onLoad(enhanceAll);
    document.addEventListener("htmx:historyRestore", enhanceAll);
  }
})();
