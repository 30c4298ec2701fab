// The map of municipalities on /inzicht/ (templates/insight/_overview_map.html): a layer that
// js/map.js draws with its own tools (Leaflet loaded, the popup and its keyboard handling, the
// texts' numbers), kept apart so the list pages do not load it.
(function () {
  "use strict";

  // Municipalities as circles at their centres (we have no boundaries): the area in proportion
  // to their initiatives, the colour and letter their most-made kind of connection. The server
  // decides both (radius, symbol, letter), so the legend beside the map says the same; each
  // circle is a button named in words, and its popup lists the counts the table has.
  function drawSymbols(state, tools) {
    var texts = JSON.parse(state.data.symbolTexts);
    // The letter is drawn by the stylesheet (::before), not written in the button: its name
    // says the kind in words, and a name must hold the text a button shows.
    var SymbolIcon = L.DivIcon.extend({
      createIcon: function (old) {
        var icon = L.DivIcon.prototype.createIcon.call(this, old);
        icon.setAttribute("aria-label", this.options.label);
        if (this.options.letter) icon.setAttribute("data-letter", this.options.letter);
        return icon;
      },
    });
    tools.setUpPopup(state);
    state.map.setView(tools.center, 7);
    state.el.setAttribute("aria-busy", "true");
    tools.fetchPoints(state.data.symbols).then(function (data) {
      var drawn = data.features.filter(function (feature) { return feature.properties.count > 0; });
      // The largest first, so a small neighbour stays on top of it and can be reached.
      drawn.sort(function (a, b) { return b.properties.count - a.properties.count; });
      var layer = L.featureGroup().addTo(state.map);
      drawn.forEach(function (feature, index) {
        var p = feature.properties;
        var lonLat = feature.geometry.coordinates;
        var label = describeSymbol(tools, texts, p);
        var size = Math.round(2 * p.radius);
        var icon = new SymbolIcon({
          className: "map__symbol symbol symbol--" + p.symbol,
          iconSize: L.point(size, size),
          html: "",
          label: label,
          letter: p.radius >= data.letterRadius ? p.letter : "",
        });
        var marker = L.marker([lonLat[1], lonLat[0]], { icon: icon, title: label, zIndexOffset: index });
        marker.feature = feature;
        marker.describe = function () { return symbolLines(tools, texts, p, data.kinds); };
        marker.on("click", function () { tools.openPopup(state, marker, false); });
        marker.on("keypress", function (event) {
          if (event.originalEvent.key === "Enter") tools.openPopup(state, marker, true);
        });
        layer.addLayer(marker);
      });
      if (drawn.length) state.map.fitBounds(layer.getBounds(), { padding: [32, 32], maxZoom: 10 });
      state.status.textContent = drawn.length
        ? tools.format(tools.plural(texts.shown, drawn.length), { count: drawn.length })
        : texts.nothing;
    }).catch(function () {
      tools.failed(state);
    }).then(function () {
      state.el.removeAttribute("aria-busy");
    });
  }

  // "Utrecht: 10 initiatieven, meest gemaakt: bonding", the name of a circle.
  function describeSymbol(tools, texts, p) {
    var count = tools.format(tools.plural(texts.count, p.count), { count: p.count });
    return p.name + ": " + count + ", " + leadText(tools, texts, p);
  }

  function leadText(tools, texts, p) {
    if (p.dominant === "gelijk") return tools.format(texts.tie, { kinds: p.leading.join(", ") });
    if (p.dominant === "geen") return texts.noKind;
    return tools.format(texts.most, { kind: p.leading[0] });
  }

  // The popup under the municipality's name: its count, each kind's, and what it makes most.
  function symbolLines(tools, texts, p, kinds) {
    var lines = [tools.format(tools.plural(texts.count, p.count), { count: p.count })];
    kinds.forEach(function (kind) {
      lines.push(tools.format("%(kind)s: %(count)s", { kind: kind.name, count: p.counts[kind.slug] }));
    });
    lines.push(leadText(tools, texts, p));
    return lines;
  }

  (window.wijkMapLayers = window.wijkMapLayers || {}).symbols = drawSymbols;
})();
