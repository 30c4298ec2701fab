// Admin: place an initiative's pin on a map under the latitude and longitude fields
// (initiatives/admin.py, PinMapInput). Clicking or dragging fills both fields, typing in them
// moves the pin, and emptying them (or "Remove the pin") takes it away. The fields stay the
// truth: without JavaScript they work as they always did.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (!window.L) return;

  document.querySelectorAll("input[data-pin-map]").forEach(function (longitude) {
    var latitude = longitude.form.elements.namedItem(longitude.name.replace(/longitude$/, "latitude"));
    if (!latitude) return;
    var data = longitude.dataset;

    // A row of its own under the fields, lined up with them as the admin lines up help text.
    var box = document.createElement("div");
    box.className = "form-row pin-map";
    var column = box.appendChild(document.createElement("div"));
    column.className = "help";
    var help = column.appendChild(document.createElement("p"));
    help.id = longitude.id + "-map-help";
    help.textContent = data.help;
    var canvas = column.appendChild(document.createElement("div"));
    canvas.setAttribute("role", "region");
    canvas.setAttribute("aria-label", data.label);
    canvas.setAttribute("aria-describedby", help.id);
    canvas.style.height = "20rem";
    canvas.style.maxWidth = "40rem";
    var clear = column.appendChild(document.createElement("button"));
    clear.type = "button";
    clear.className = "button";
    clear.style.marginTop = "0.5rem";
    clear.textContent = data.clear;
    var row = longitude.closest(".form-row") || longitude.parentNode;
    row.parentNode.insertBefore(box, row.nextSibling);

    var map = L.map(canvas, { maxZoom: 18 });
    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 18, attribution: data.attribution }).addTo(map);
    }
    var icon = L.icon({
      iconUrl: data.markerIcon,
      iconRetinaUrl: data.markerIcon2x,
      shadowUrl: data.markerShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      shadowSize: [41, 41],
    });
    var pin = null;

    function typed() {
      var lat = parseFloat(latitude.value.replace(",", "."));
      var lon = parseFloat(longitude.value.replace(",", "."));
      var valid = Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
      return valid ? L.latLng(lat, lon) : null;
    }

    function write(point) {
      latitude.value = point ? point.lat.toFixed(6) : "";
      longitude.value = point ? point.lng.toFixed(6) : "";
      [latitude, longitude].forEach(function (input) {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }

    function place(point) {
      if (!point) {
        if (pin) map.removeLayer(pin);
        pin = null;
        return;
      }
      if (!pin) {
        pin = L.marker(point, { icon: icon, draggable: true, alt: data.pin, title: data.pin });
        pin.on("dragend", function () { write(pin.getLatLng()); });
        pin.addTo(map);
      } else {
        pin.setLatLng(point);
      }
    }

    map.on("click", function (event) {
      place(event.latlng);
      write(event.latlng);
    });
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("input", function () {
        var point = typed();
        place(point);
        if (point) map.panTo(point);
      });
    });
    clear.addEventListener("click", function () {
      place(null);
      write(null);
    });

    var start = typed();
    place(start);
    if (start) map.setView(start, 15); else map.setView([52.2, 5.3], 7);
  });
});
