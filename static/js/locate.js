// "Use my location" after every place field (input[data-locate]): fills in the browser's
// position as "lat,lon" and sends the form. Its texts come from the field's data-locate-*
// attributes (translated on the server). Without JavaScript, or where the browser cannot
// share a position, there is no button and the field works as typed.
(function () {
  if (!window.isSecureContext || !("geolocation" in navigator)) return;

  function enhance() {
    document.querySelectorAll("input[data-locate]").forEach(function (input) {
      var next = input.nextElementSibling;
      if (!(next && next.classList.contains("locate"))) input.after(locateBox(input));
    });
  }

  function locateBox(input) {
    var texts = input.dataset;
    var box = document.createElement("div");
    var button = document.createElement("button");
    var status = document.createElement("p");
    box.className = "locate";
    button.type = "button";
    button.className = "button button--secondary locate__button";
    button.textContent = texts.locateLabel;
    status.className = "locate__status";
    status.setAttribute("role", "status");
    box.append(button, status);

    function done(message) {
      button.removeAttribute("aria-disabled");
      status.textContent = message;
    }

    button.addEventListener("click", function () {
      if (button.getAttribute("aria-disabled")) return;
      // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
      button.setAttribute("aria-disabled", "true");
      status.textContent = texts.locateBusy;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          done("");
          var coords = position.coords;
          input.value = coords.latitude.toFixed(4) + "," + coords.longitude.toFixed(4);
          // requestSubmit, so htmx sees the submit; browsers from before 2022 lack it.
          if (input.form.requestSubmit) input.form.requestSubmit();
          else input.form.submit();
        },
        function (error) {
          done(error.code === error.PERMISSION_DENIED ? texts.locateDenied : texts.locateFailed);
        },
        { timeout: 15000, maximumAge: 300000 }
      );
    });
    return box;
  }

  enhance();

  // The list pages morph their filter form in place (htmx), which drops the button: add it
  // again, and give it the focus back if it had it.
  var focusedField = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    var box = active && active.classList.contains("locate__button") && active.parentElement;
    focusedField = box ? box.previousElementSibling.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    enhance();
    var field = focusedField && document.getElementById(focusedField);
    if (field && document.activeElement !== field.nextElementSibling.firstChild) {
      field.nextElementSibling.firstChild.focus();
    }
    focusedField = null;
  });
})();
