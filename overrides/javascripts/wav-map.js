/* Draws a campaign map (campaign.maps): country outlines, a circle per city sized by its
   published stories with the number inside, and every city's name always visible (phones
   have no hover). Labels are placed where they collide with nothing; on a narrow map
   (a phone) cities whose circles or labels would collide merge into one labelled group,
   and a tap on a group zooms in until it splits. Country pages show their whole country;
   the view never leaves the outlines' box, so their cut edges are never seen.
   Loaded after Leaflet and outlines.js; the page's map script calls WAV_MAP.draw. */
(function () {
  "use strict";
  var REGION = [[33, 12], [61, 82]];  // campaign.outlines.REGION (lat, lon)
  var NARROW = 720;  // px: below this map width (phones, the home page's column), colliding cities merge
  var FONT = "700 12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var measure = document.createElement("canvas").getContext("2d");

  var small = false;  // a narrow map: circles grow more slowly, so groups stay readable
  function diameter(count) { return Math.round(20 + (small ? 4 : 7) * Math.sqrt(Math.max(count, 0))); }

  // with a margin: the canvas may measure in a slightly different face than the page renders
  function textWidth(text) { measure.font = FONT; return Math.ceil(measure.measureText(text).width * 1.05) + 4; }

  function overlaps(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }

  function outline(name) {
    var found = null;
    (window.WAV_OUTLINES ? window.WAV_OUTLINES.features : []).forEach(function (f) {
      if (f.properties.name === name) found = L.geoJSON(f).getBounds();
    });
    return found;
  }

  // Where a label may go around its circle: beside it (right, left, above, below), then at its
  // corners; on a wide map, where cities stay apart, also further out along the same eight
  // directions, joined to its circle by a leader line. The first spot that collides with nothing
  // placed wins, so Balti, Chisinau and Odesa each keep a readable name at 1280 px.
  var DIRECTIONS = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [1, 1], [-1, -1], [-1, 1]];
  var REACH = [0, 14, 28, 44, 62];  // px beyond the circle's edge

  function candidate(point, r, width, h, dir, reach) {
    var gap = 3, len = Math.sqrt(dir[0] * dir[0] + dir[1] * dir[1]);
    var ux = dir[0] / len, uy = dir[1] / len;
    // the label's nearest edge or corner touches the circle's edge plus gap and reach
    var ax = point.x + ux * (r + gap + reach), ay = point.y + uy * (r + gap + reach);
    if (dir[1] === 0) ay = point.y;  // beside: centred on the circle's middle line
    if (dir[0] === 0) ax = point.x;  // above, below: centred on its middle
    var x1 = dir[0] > 0 ? ax : dir[0] < 0 ? ax - width : ax - width / 2;
    var y1 = dir[1] > 0 ? ay : dir[1] < 0 ? ay - h : ay - h / 2;
    var side = dir[1] === 0 ? (dir[0] > 0 ? "right" : "left") : dir[0] === 0 ? (dir[1] < 0 ? "top" : "bottom")
      : (dir[1] < 0 ? "top" : "bottom") + "-" + (dir[0] > 0 ? "right" : "left");
    var box = { side: side, x1: x1, y1: y1, x2: x1 + width, y2: y1 + h };
    // a leader from the circle's edge to the label's nearest point, when the label stands off
    var leader = reach ? { x1: point.x + ux * r, y1: point.y + uy * r,
                           x2: Math.min(Math.max(point.x, box.x1), box.x2), y2: Math.min(Math.max(point.y, box.y1), box.y2) } : null;
    return { box: box, leader: leader };
  }

  // the label of a city or group: around its circle where it collides with nothing placed
  function placeLabel(point, r, width, placed, size, far) {
    var h = 16, fallback = null;
    var reaches = far ? REACH : [0];
    for (var k = 0; k < reaches.length; k++) {
      for (var i = 0; i < DIRECTIONS.length; i++) {
        if (!far && reaches[k] === 0 && i >= 4) break;  // a narrow map groups cities instead
        var c = candidate(point, r, width, h, DIRECTIONS[i], reaches[k]);
        var s = c.box;
        var inside = s.x1 >= 2 && s.x2 <= size.x - 2 && s.y1 >= 2 && s.y2 <= size.y - 2;
        if (inside && !fallback) fallback = c;
        if (inside && !placed.some(function (p) { return overlaps(p, s); })) {
          return { box: s, leader: c.leader, free: true };
        }
      }
    }
    fallback = fallback || candidate(point, r, width, h, DIRECTIONS[0], 0);
    return { box: fallback.box, leader: fallback.leader, free: false };
  }

  function draw(map, data) {
    var layer = L.layerGroup().addTo(map);
    window.WAV_MAP.maps.push(map);
    var narrow = function () { return map.getSize().x < NARROW; };

    if (window.WAV_OUTLINES) {
      L.geoJSON(window.WAV_OUTLINES, { interactive: false, style: {
        color: "#a8949f", weight: 1, fillColor: "#fbf8fa", fillOpacity: 1 } }).addTo(map);
    }
    // country and sea names: anchored once, drawn in render() where no city needs the room
    var places = (data.places || []).map(function (p) {
      var at = p.outline ? outline(p.outline) : null;
      var latlng = at ? at.getCenter() : (p.lat !== undefined ? L.latLng(p.lat, p.lon) : null);
      return latlng ? { name: p.name, kind: p.kind, latlng: latlng } : null;
    }).filter(Boolean);

    function frame() {
      var box = L.latLngBounds(REGION);
      var target = data.fit ? outline(data.fit) : null;
      if (!target && data.cities.length > 1) target = L.latLngBounds(data.cities.map(function (c) { return [c.lat, c.lon]; }));
      map.options.minZoom = map.getBoundsZoom(box, true);  // setMinZoom would animate a zoom
      if (target) map.fitBounds(target, { padding: [24, 24], animate: false });
      else if (data.cities.length) map.setView([data.cities[0].lat, data.cities[0].lon], Math.max(map.getZoom(), map.getMinZoom()), { animate: false });
      // the first view inside the box (not setMaxBounds: it starts an animated pan from the
      // first view that ends after this fit, Leaflet 1.9.4; nor kept on every move: a popup
      // near the edge must be able to pan the map to open in full)
      map.setView(map._limitCenter(map.getCenter(), map.getZoom(), box), map.getZoom(), { animate: false });
    }

    // Circles and labels laid out together. On a narrow map, two groups merge only when their
    // circles overlap or a label finds no free side, nearest neighbours first, until all fit.
    function layout() {
      var size = map.getSize();
      var groups = data.cities.map(function (c, i) {
        return { members: [c], count: c.count, order: i, at: map.latLngToContainerPoint([c.lat, c.lon]) };
      });
      for (var round = 0; round < 100; round++) {
        groups.forEach(function (g) { g.point = clamped(g, size); });
        if (!small) spread(groups, size);
        var clash = small ? circleClash(groups) : null;
        if (clash) { merge(groups, clash[0], clash[1]); continue; }
        var result = place(groups, size);
        if (!small || result.stuck === null) return result;
        merge(groups, result.stuck, nearest(groups, result.stuck));
      }
      return place(groups, size);
    }

    // On a wide map every city keeps its circle; circles that would cover each other's number
    // (Balti, Chisinau, Odesa) are pushed apart a little, each by at most its own radius.
    function spread(groups, size) {
      for (var step = 0; step < 40; step++) {
        var moved = false;
        for (var i = 0; i < groups.length; i++) {
          for (var j = i + 1; j < groups.length; j++) {
            var a = groups[i], b = groups[j];
            var need = (diameter(a.count) + diameter(b.count)) / 2 + 2, d = a.point.distanceTo(b.point);
            if (d >= need) continue;
            var push = (need - d) / 2 + 0.5;
            var ux = d > 0.01 ? (b.point.x - a.point.x) / d : 1, uy = d > 0.01 ? (b.point.y - a.point.y) / d : 0;
            a.point = nudge(a, -ux * push, -uy * push, size);
            b.point = nudge(b, ux * push, uy * push, size);
            moved = true;
          }
        }
        if (!moved) return;
      }
    }

    function nudge(g, dx, dy, size) {
      var r = diameter(g.count) / 2, home = clamped(g, size);
      var x = g.point.x + dx, y = g.point.y + dy;
      var off = Math.sqrt((x - home.x) * (x - home.x) + (y - home.y) * (y - home.y));
      if (off > r) { x = home.x + (x - home.x) * r / off; y = home.y + (y - home.y) * r / off; }
      return L.point(Math.min(Math.max(x, r + 2), size.x - r - 2), Math.min(Math.max(y, r + 2), size.y - r - 2));
    }

    function circleClash(groups) {
      for (var i = 0; i < groups.length; i++) {
        for (var j = i + 1; j < groups.length; j++) {
          var a = groups[i], b = groups[j];
          if (a.point.distanceTo(b.point) < (diameter(a.count) + diameter(b.count)) / 2 + 2) return [a, b];
        }
      }
      return null;
    }

    function nearest(groups, g) {
      var best = null;
      groups.forEach(function (o) {
        if (o !== g && (!best || g.point.distanceTo(o.point) < g.point.distanceTo(best.point))) best = o;
      });
      return best;
    }

    function merge(groups, a, b) {
      if (b.count > a.count) { var t = a; a = b; b = t; }  // the larger city names its group
      // the group stands where its stories are: the weighted middle of its cities
      a.at = a.at.multiplyBy(a.count).add(b.at.multiplyBy(b.count)).divideBy(a.count + b.count);
      a.members = a.members.concat(b.members);
      a.count += b.count;
      a.order = Math.min(a.order, b.order);
      groups.splice(groups.indexOf(b), 1);
    }

    // circles first (labels must not cover any), then labels, largest first
    function place(groups, size) {
      var placed = groups.map(function (g) {
        var r = diameter(g.count) / 2;
        return { x1: g.point.x - r, y1: g.point.y - r, x2: g.point.x + r, y2: g.point.y + r };
      });
      var stuck = null;
      var homeless = [];
      groups.slice().sort(function (a, b) { return b.count - a.count; }).forEach(function (g) {
        g.label = name(g);
        g.guests = [];
        g.spot = placeLabel(g.point, diameter(g.count) / 2, textWidth(g.label), placed, size, !small);
        if (!g.spot.free && stuck === null) stuck = g;
        if (g.spot.free || small) placed.push(g.spot.box);
        else homeless.push(g);
      });
      // a wide map keeps every circle; a name with no free spot anywhere joins the label of the
      // nearest city ("Chisinau · Balti"), which is placed again with its longer text
      homeless.forEach(function (g) {
        var host = null;
        groups.forEach(function (o) {
          if (o !== g && o.spot && o.spot.free && (!host || g.point.distanceTo(o.point) < g.point.distanceTo(host.point))) host = o;
        });
        if (!host) { placed.push(g.spot.box); return; }
        placed.splice(placed.indexOf(host.spot.box), 1);
        host.guests.push(g);
        host.label = [host.label].concat(host.guests.map(name)).join(" · ");
        host.spot = placeLabel(host.point, diameter(host.count) / 2, textWidth(host.label), placed, size, true);
        placed.push(host.spot.box);
        g.spot = null;
      });
      groups.sort(function (a, b) { return a.order - b.order; });
      return { groups: groups, placed: placed, stuck: stuck };
    }

    // a circle at the edge of a small map is nudged in by up to its radius, not cut
    function clamped(g, size) {
      var r = diameter(g.count) / 2;
      return L.point(Math.min(Math.max(g.at.x, r + 2), size.x - r - 2),
                     Math.min(Math.max(g.at.y, r + 2), size.y - r - 2));
    }

    function name(group) {
      return group.members.length === 1 ? group.members[0].name
        : group.members[0].name + " +" + (group.members.length - 1);
    }

    function render() {
      layer.clearLayers();
      small = narrow();
      var size = map.getSize();
      var result = layout();
      result.groups.forEach(function (g) {
        var d = diameter(g.count), latlng = map.containerPointToLatLng(g.point);
        var circle = L.circleMarker(latlng, { radius: d / 2, color: "#fff", weight: 2, fillColor: "#5b1a47",
          fillOpacity: 0.92, className: "wav-map__city" }).addTo(layer);
        if (g.members.length === 1) {
          // at the circle, not where the click was (a circle is larger than a marker's point)
          circle.on("click", function () {
            L.popup({ autoPanPadding: [12, 12] }).setLatLng(latlng).setContent(g.members[0].popup).openOn(map);
          });
        } else {
          circle.on("click", function () {
            map.fitBounds(L.latLngBounds(g.members.map(function (c) { return [c.lat, c.lon]; })).pad(0.6),
              { maxZoom: map.getZoom() + 3 });
          });
        }
        if (g.spot && g.spot.leader) {
          var l = g.spot.leader;
          L.polyline([map.containerPointToLatLng([l.x1, l.y1]), map.containerPointToLatLng([l.x2, l.y2])], {
            color: "#5c5359", weight: 1, interactive: false, className: "wav-map__leader" }).addTo(layer);
        }
        var el = document.createElement("div");
        var count = document.createElement("span");
        count.className = "wav-map__count";
        count.textContent = String(g.count);
        count.style.width = count.style.height = count.style.lineHeight = d + "px";
        count.style.left = count.style.top = (-d / 2) + "px";
        el.appendChild(count);
        if (g.spot) {  // null: its name is in a neighbour's label
          var text = document.createElement("span");
          text.className = "wav-map__name wav-map__name--" + g.spot.box.side;
          text.textContent = g.label;
          var named = g.members.concat.apply(g.members, g.guests.map(function (o) { return o.members; }));
          text.setAttribute("data-names", named.map(function (c) { return c.name; }).join("|"));
          text.style.left = (g.spot.box.x1 - g.point.x) + "px";
          text.style.top = (g.spot.box.y1 - g.point.y) + "px";
          el.appendChild(text);
        }
        L.marker(latlng, { interactive: false, keyboard: false,
          icon: L.divIcon({ className: "wav-map__label", html: el, iconSize: [0, 0] }) }).addTo(layer);
      });
      renderPlaces(result.placed, size);
    }

    function renderPlaces(placed, size) {
      places.forEach(function (p) {
        var pt = map.latLngToContainerPoint(p.latlng);
        var text = p.kind === "country" ? p.name.toUpperCase() : p.name;
        var w = textWidth(text) * 1.1, h = 14;
        var box = { x1: pt.x - w / 2, y1: pt.y - h / 2, x2: pt.x + w / 2, y2: pt.y + h / 2 };
        if (box.x1 < 0 || box.y1 < 0 || box.x2 > size.x || box.y2 > size.y) return;
        if (placed.some(function (q) { return overlaps(q, box); })) return;
        placed.push(box);
        var el = document.createElement("span");
        el.textContent = p.name;
        L.marker(p.latlng, { interactive: false, keyboard: false, icon: L.divIcon({
          className: "wav-map__place wav-map__place--" + p.kind, html: el, iconSize: null }) }).addTo(layer);
      });
    }

    if (map.zoomControl && map.getSize().x < 600) map.zoomControl.remove();  // phones pinch; groups zoom on tap
    else if (map.zoomControl) map.zoomControl.setPosition("topright");  // over Siberia, not the Baltic cities
    frame();
    render();
    // not on moveend: a popup pans the map open, and a redraw would close it again
    map.on("zoomend resize", render);
    map.on("resize", frame);
  }

  window.WAV_MAP = { draw: draw, diameter: diameter, maps: [] };
})();
