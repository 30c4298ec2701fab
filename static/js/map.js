// Maps (templates/includes/map.html): an enhancement, never in the way. Without JavaScript the
// stylesheet leaves the map out and the list says everything. Leaflet (about 50 kB) loads only when a map
// comes into view; a list page's map follows its filters as htmx updates the list. Three kinds:
// initiatives in clusters (data-geojson), one point (data-latitude), and municipalities as
// proportional symbols (data-symbols, /inzicht/; drawn by js/symbol_map.js with this script's
// tools), whose table beside it is the alternative.
(function () {
  "use strict";
  if (window.wijkMaps) return; // two maps on a page load this script twice
  window.wijkMaps = true;

  var NETHERLANDS = [52.2, 5.3];
  var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var observer = "IntersectionObserver" in window
    ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        start(entry.target.closest("[data-map]").wijkMap);
      });
    }, { rootMargin: "200px" })
    : null;

  // Each file once, however many maps ask for it.
  var files = {};
  function load(url) {
    if (!files[url]) {
      files[url] = new Promise(function (resolve, reject) {
        var css = /\.css$/.test(url);
        var el = document.createElement(css ? "link" : "script");
        if (css) { el.rel = "stylesheet"; el.href = url; } else { el.src = url; }
        el.onload = resolve;
        el.onerror = reject;
        document.head.appendChild(el);
      });
    }
    return files[url];
  }

  function loadLeaflet(data) {
    var ready = [load(data.leafletStylesheet), load(data.leafletScript)];
    if (data.geojson) {
      ready.push(load(data.clusterStylesheet));
      ready.push(ready[1].then(function () { return load(data.clusterScript); }));
    }
    return Promise.all(ready);
  }

  // "%(total)s" in a translated text becomes the number, written the page's way (10.000);
  // a name stays as it is.
  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, name) {
      var value = values[name];
      return typeof value === "number" ? value.toLocaleString(document.documentElement.lang) : value;
    });
  }
  function plural(forms, n) { return forms[n === 1 ? 0 : 1]; } // Dutch and English

  function describe(texts, data) {
    var shown = data.features.length;
    var total = data.count;
    if (data.truncated) return format(texts.truncated, { shown: shown, total: data.total });
    if (!total) return texts.empty;
    if (!shown) return format(plural(texts.none, total), { total: total });
    if (shown === total) return format(plural(texts.all, total), { total: total });
    return format(plural(texts.some, shown), { shown: shown, total: total });
  }

  // One map per [data-map] element; `map` (Leaflet) exists once it has been drawn.
  function setUp(el) {
    if (el.wijkMap) return;
    var canvas = el.querySelector(".map__canvas");
    if (canvas.children.length) {
      // Restored from htmx's history snapshot: Leaflet's markup without Leaflet behind it.
      var fresh = document.createElement("div");
      ["role", "aria-label"].forEach(function (name) {
        fresh.setAttribute(name, canvas.getAttribute(name));
      });
      fresh.className = "map__canvas";
      canvas.replaceWith(fresh);
      canvas = fresh;
    }
    var state = el.wijkMap = {
      el: el,
      canvas: canvas,
      data: el.dataset,
      texts: JSON.parse(el.dataset.texts),
      status: el.querySelector(".map__status"),
      url: el.dataset.geojson,
      request: 0,
    };
    if (el.hasAttribute("data-follow-filters")) state.url = listedUrl(state);
    // Folded on a phone (fold.js), the map may have missed a turn of the screen.
    el.addEventListener("fold:toggle", function (event) {
      if (event.detail.open && state.map) state.map.invalidateSize();
    });
    if (observer) observer.observe(canvas); else start(state);
  }

  function start(state) {
    if (state.status) state.status.textContent = state.texts.loading;
    loadLeaflet(state.data).then(function () { draw(state); }, function () { failed(state); });
  }

  function failed(state) {
    if (state.status) state.status.textContent = state.texts.failed;
  }

  function draw(state) {
    var data = state.data;
    var map = state.map = L.map(state.canvas, {
      maxZoom: 18, // also without tiles, which would otherwise tell Leaflet
      zoomSnap: 0.5, // the Netherlands fills a wide, low map better
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
      zoomControl: false,
      attributionControl: false, // the credit is in the caption, where it can be read
      scrollWheelZoom: false, // scrolling the page must not zoom the map by accident…
    });
    // …but once the map has the focus (click or Tab), the wheel zooms it.
    map.on("focus", function () { map.scrollWheelZoom.enable(); });
    map.on("blur", function () { map.scrollWheelZoom.disable(); });
    L.control.zoom({ zoomInTitle: state.texts.zoomIn, zoomOutTitle: state.texts.zoomOut }).addTo(map);
    if (data.tiles) L.tileLayer(data.tiles, { maxZoom: 18 }).addTo(map);
    state.icon = L.icon({
      iconUrl: data.markerIcon,
      iconRetinaUrl: data.markerIcon2x,
      shadowUrl: data.markerShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
    if (data.geojson) {
      drawCollection(state);
    } else if (data.symbols) {
      // Drawn by js/symbol_map.js, which the page loads with this one.
      var drawSymbols = window.wijkMapLayers && window.wijkMapLayers.symbols;
      if (drawSymbols) {
        drawSymbols(state, {
          format: format, plural: plural, setUpPopup: setUpPopup, openPopup: openPopup,
          fetchPoints: fetchPoints, failed: failed, center: NETHERLANDS,
        });
      } else {
        failed(state);
      }
    } else {
      var point = [parseFloat(data.latitude), parseFloat(data.longitude)];
      // Nothing to open, so not a button: a picture of where it is, named by its alt text.
      L.marker(point, { icon: state.icon, alt: data.title, keyboard: false, interactive: false })
        .addTo(map);
      map.setView(point, 14);
    }
  }

  function drawCollection(state) {
    var texts = state.texts;
    var ClusterIcon = L.DivIcon.extend({
      createIcon: function (old) {
        var icon = L.DivIcon.prototype.createIcon.call(this, old);
        icon.setAttribute("aria-label", this.options.label); // a button named "12 initiatieven"
        return icon;
      },
    });
    state.cluster = L.markerClusterGroup({
      chunkedLoading: true, // 10,000 markers without freezing the page
      animate: !still,
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        return new ClusterIcon({
          html: '<span aria-hidden="true">' + count + "</span>",
          className: "map__cluster" + (count >= 100 ? " map__cluster--large" : ""),
          iconSize: L.point(44, 44),
          label: format(plural(texts.cluster, count), { count: count }),
        });
      },
    });
    setUpPopup(state);
    state.cluster.on("click", function (event) { openPopup(state, event.layer, false); });
    state.cluster.on("keypress", function (event) {
      if (event.originalEvent.key === "Enter") openPopup(state, event.layer, true);
    });
    state.map.addLayer(state.cluster);
    state.map.setView(NETHERLANDS, 7);
    refresh(state);
  }

  // The popup links to the initiative (or municipality). Opened from the keyboard, it takes the
  // focus, and Escape or closing it gives the focus back to the marker.
  function openPopup(state, marker, fromKeyboard) {
    var properties = marker.feature.properties;
    var lines = properties.place ? [properties.place] : [];
    if (marker.describe) lines = marker.describe();
    var box = document.createElement("div");
    var title = box.appendChild(document.createElement("p"));
    var link = title.appendChild(document.createElement("a"));
    title.className = "map__popup-title";
    link.href = state.data.linkPrefix + properties.url;
    link.textContent = properties.title || properties.name;
    lines.forEach(function (line) {
      var place = box.appendChild(document.createElement("p"));
      place.className = "map__popup-place";
      place.textContent = line;
    });
    state.popup.setLatLng(marker.getLatLng()).setContent(box).openOn(state.map);
    state.opener = fromKeyboard ? marker : null;
    if (fromKeyboard) link.focus();
  }

  function setUpPopup(state) {
    var popup = state.popup = L.popup({ maxWidth: 260 });
    state.map.on("popupopen", function (event) {
      if (event.popup !== popup || popup.wijkReady) return;
      popup.wijkReady = true; // Leaflet keeps the popup's element for the next time
      var element = popup.getElement();
      var close = element.querySelector(".leaflet-popup-close-button");
      close.setAttribute("aria-label", state.texts.close);
      element.addEventListener("keydown", function (keyboard) {
        if (keyboard.key === "Escape") state.map.closePopup();
      });
    });
    state.map.on("popupclose", function (event) {
      var opener = state.opener;
      state.opener = null;
      var focus = document.activeElement;
      var lost = !focus || focus === document.body || event.popup.getElement().contains(focus);
      if (opener && lost && opener.getElement()) opener.getElement().focus();
    });
  }

  function fetchPoints(url) {
    return fetch(url, { headers: { Accept: "application/geo+json" } }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  function refresh(state) {
    var request = ++state.request; // only the newest answer is drawn
    state.el.setAttribute("aria-busy", "true");
    fetchPoints(state.url).then(function (data) {
      if (request !== state.request) return;
      var icon = state.icon;
      var markers = data.features.map(function (feature) {
        var lonLat = feature.geometry.coordinates;
        var title = feature.properties.title;
        var marker = L.marker([lonLat[1], lonLat[0]], { icon: icon, alt: title, title: title });
        marker.feature = feature;
        return marker;
      });
      state.map.closePopup();
      state.cluster.clearLayers();
      state.cluster.addLayers(markers);
      if (markers.length) {
        state.map.fitBounds(state.cluster.getBounds(), { padding: [24, 24], maxZoom: 15 });
      } else {
        state.map.setView(NETHERLANDS, 7);
      }
      state.status.textContent = describe(state.texts, data);
    }).catch(function () {
      if (request === state.request) failed(state);
    }).then(function () {
      if (request === state.request) state.el.removeAttribute("aria-busy");
    });
  }

  // A list page's map shows what the list shows: the filters in the address, without the page
  // number (the map has every page) and without what the list says it ignored (its error
  // summary names those parameters), so the GeoJSON never refuses them.
  function listedUrl(state) {
    var query = new URLSearchParams(window.location.search);
    query.delete("page");
    document.querySelectorAll('.error-summary a[href^="#filter-"]').forEach(function (link) {
      query.delete(link.getAttribute("href").slice("#filter-".length));
    });
    var search = query.toString();
    return state.url.split("?")[0] + (search ? "?" + search : "");
  }

  // After htmx put new filters in the address, ask for the points of that address.
  function follow() {
    document.querySelectorAll("[data-map][data-follow-filters]").forEach(function (el) {
      var state = el.wijkMap;
      if (!state) return;
      var url = listedUrl(state);
      if (url === state.url) return;
      state.url = url;
      if (state.cluster) refresh(state);
    });
  }

  function setUpAll() { document.querySelectorAll("[data-map]").forEach(setUp); }

  document.addEventListener("htmx:pushedIntoHistory", follow);
  // Back or Forward through htmx puts back an old copy of the page: draw its maps anew.
  document.addEventListener("htmx:historyRestore", setUpAll);
  setUpAll();
})();
