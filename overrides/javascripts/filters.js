/* Filters of the record indexes (SPEC 4.1): narrow the list at once, keep the state in the
   query string (shareable, back button works), announce the number of matches.
   Without JavaScript the page lists every record and links to term pages instead.
   The full list of this index is fetched only when a reader filters. Items arrive as
   HTML escaped at build time; nothing from the data is inserted unescaped by this script. */
(function () {
  "use strict";
  var root = document.querySelector("[data-wav-index]");
  if (!root) return;
  var form = root.querySelector("form.wav-filters");
  var list = root.querySelector(".wav-index__list");
  var status = root.querySelector(".wav-index__status");
  var pager = root.querySelector(".wav-pager");
  var counts = JSON.parse(root.getAttribute("data-counts"));
  var rules = new Intl.PluralRules(root.getAttribute("lang"));
  var firstPage = root.getAttribute("data-page") === "1";
  var original = { html: list.innerHTML, status: status.textContent };
  var data = null;
  var names = Array.prototype.map.call(form.querySelectorAll("select"), function (s) { return s.name; });
  form.hidden = false;
  var toggle = root.querySelector(".wav-filters__toggle");
  var active = toggle.querySelector("[data-wav-active]");
  // phones: the filters fold behind one "Filter (n)" button (stylesheets/face.css)
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    form.classList.toggle("wav-filters--open", open);
  });

  function current() {
    var params = new URLSearchParams();
    names.forEach(function (name) {
      var value = form.elements[name].value;
      if (value) params.set(name, value);
    });
    return params;
  }

  function show(params) {
    names.forEach(function (name) {
      var select = form.elements[name];
      var value = params.get(name) || "";
      select.value = Array.prototype.some.call(select.options, function (o) { return o.value === value; }) ? value : "";
    });
  }

  function load() {
    if (data) return Promise.resolve(data);
    // The offline copy (campaign.offline) ships the same data as a script: no fetch from file://.
    if (window.WAV_INDEX_DATA) return Promise.resolve(data = window.WAV_INDEX_DATA.items);
    return fetch(root.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (json) {
      data = json.items;
      return data;
    });
  }

  function matches(facets, params) {
    var ok = true;
    params.forEach(function (value, key) {
      var facet = facets[key];
      if (Array.isArray(facet)) ok = ok && facet.indexOf(value) !== -1;
      else ok = ok && String(facet) === value;
    });
    return ok;
  }

  function announce(n) {
    var text = counts[rules.select(n)] || counts.other;
    status.textContent = text.replace("{n}", String(n));
  }

  // Faceted counts: each option says how many records it would leave, given the other filters.
  function recount(items, params) {
    names.forEach(function (name) {
      var others = new URLSearchParams(params);
      others.delete(name);
      var counts = {};
      items.forEach(function (item) {
        if (!matches(item.f, others)) return;
        var facet = item.f[name];
        (Array.isArray(facet) ? facet : [facet]).forEach(function (v) { counts[String(v)] = (counts[String(v)] || 0) + 1; });
      });
      Array.prototype.forEach.call(form.elements[name].options, function (option) {
        var label = option.getAttribute("data-label");
        if (label === null) return;  // "All"
        var n = counts[option.value] || 0;
        option.textContent = label + " (" + n + ")";
        option.disabled = n === 0 && !option.selected;
      });
    });
    var n = Array.from(params.keys()).length;
    active.textContent = n ? " (" + n + ")" : "";
  }

  function render(params) {
    if (!Array.from(params.keys()).length) {
      list.innerHTML = original.html;
      status.textContent = original.status;
      if (pager) pager.hidden = false;
      if (data) recount(data, params);
      else active.textContent = "";
      return Promise.resolve();
    }
    return load().then(function (items) {
      recount(items, params);
      var found = items.filter(function (item) { return matches(item.f, params); });
      list.innerHTML = found.map(function (item) { return item.h; }).join("");
      if (pager) pager.hidden = true;
      announce(found.length);
    });
  }

  function update() {
    var params = current();
    var query = params.toString();
    if (!firstPage) {
      window.location.href = root.getAttribute("data-first") + (query ? "?" + query : "");
      return;
    }
    history.pushState(null, "", query ? "?" + query : window.location.pathname);
    render(params);
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("reset", function () { setTimeout(update, 0); });
  window.addEventListener("popstate", function () {
    var params = new URLSearchParams(window.location.search);
    show(params);
    render(params);
  });
  var initial = new URLSearchParams(window.location.search);
  if (Array.from(initial.keys()).length) {
    show(initial);
    render(current());
  }
})();
