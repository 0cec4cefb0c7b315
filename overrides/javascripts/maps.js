/* Maps out of the keyboard's way (loaded before Leaflet by campaign/home.html and place.html).
   A map is a picture of the tables beside it, so it is hidden from screen readers
   (aria-hidden on .wav-map) and the tables are its text alternative. Leaflet makes its
   container, zoom buttons, city circles and open popups focusable: Tab would land on things
   that no screen reader announces (WCAG 4.1.2; axe aria-hidden-focus, serious). This takes
   each of them out of the Tab order as Leaflet adds it (tabindex -1). Mouse and touch work as
   before, and a clicked map still pans and zooms with the arrow and +/- keys; keyboard users
   reach the same pages from the tables' links. */
(function () {
  "use strict";
  // .leaflet-interactive: the circles of the cities; Chromium lets Tab reach SVG shapes that
  // have focus listeners, and Leaflet adds them to show a circle's tooltip on focus.
  var FOCUSABLE = "a[href], area[href], button, input, select, textarea, iframe, summary, [tabindex], " +
    "[contenteditable], .leaflet-interactive";

  function quiet(node) {
    if (node.nodeType !== 1) return;
    var nodes = Array.prototype.slice.call(node.querySelectorAll(FOCUSABLE));
    if (node.matches(FOCUSABLE)) nodes.push(node);
    nodes.forEach(function (el) {
      if (el.getAttribute("tabindex") !== "-1") el.setAttribute("tabindex", "-1");
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('.wav-map[aria-hidden="true"]'), function (map) {
    quiet(map);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.type === "attributes") quiet(change.target);
        else Array.prototype.forEach.call(change.addedNodes, quiet);
      });
    }).observe(map, { subtree: true, childList: true, attributes: true, attributeFilter: ["tabindex", "href"] });
  });
})();
