/* Search box of the site (partials/search.html) over the Pagefind index that
 * campaign.search writes to <site root>/pagefind/. Loaded as a module
 * (extra_javascript type: module): browsers that cannot run Pagefind do not run
 * it either, and the box stays hidden (stylesheets/search.css).
 *
 * Costs nothing until the reader types: only then is Pagefind's script imported
 * from the site itself, and Pagefind fetches the index of the page's language
 * (it reads <html lang>) in small chunks, and only the result fragments shown.
 * Every value from the index reaches the page as text; the only markup built
 * from an excerpt is the <mark> Pagefind puts around the words found.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-wav-search]");
  if (!box) return;

  // Browsers refuse to import modules over file:// (a copy of the site opened from a disk),
  // and Pagefind needs WebAssembly: leave the box empty and hidden where search cannot work.
  if (location.protocol === "file:" || typeof WebAssembly !== "object") return;

  /* Material's icons (Material Design Icons, Apache License 2.0): magnify, arrow-left, close. */
  var ICONS = {
    magnify: "M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5",
    back: "M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"
  };

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function icon(name) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(NS, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function label(name) {
    return box.getAttribute("data-wav-" + name) || "";
  }

  /* The box's inside, as Material's partials/search.html writes it (its CSS styles it). */
  function build() {
    var field = element("input", {
      type: "text", class: "md-search__input", name: "query", "aria-label": label("field"),
      placeholder: label("field"), "aria-controls": "wav-search-results", autocapitalize: "off",
      autocorrect: "off", autocomplete: "off", spellcheck: "false", "data-wav-search-query": "", required: ""
    });
    var form = element("form", { class: "md-search__form", name: "wav-search" }, [
      field,
      element("label", { class: "md-search__icon md-icon", for: "__search" }, [icon("magnify"), icon("back")]),
      element("nav", { class: "md-search__options", "aria-label": label("search-label") }, [
        element("button", { type: "reset", class: "md-search__icon md-icon", title: label("reset"),
                            "aria-label": label("reset"), tabindex: "-1" }, [icon("close")])
      ])
    ]);
    var status = element("div", { class: "md-search-result__meta", role: "status", "aria-live": "polite",
                                  "data-wav-search-meta": "" });
    status.textContent = label("placeholder");
    var results = element("ol", { class: "md-search-result__list", id: "wav-search-results",
                                  "data-wav-search-list": "", hidden: "" });
    box.appendChild(element("label", { class: "md-search__overlay", for: "__search" }));
    box.appendChild(element("div", { class: "md-search__inner", role: "search", "aria-label": label("search-label") }, [
      form,
      element("div", { class: "md-search__output" }, [
        element("div", { class: "md-search__scrollwrap", "data-md-scrollfix": "" }, [
          element("div", { class: "md-search-result" }, [status, results])
        ])
      ])
    ]));
  }

  build();
  var input = box.querySelector("[data-wav-search-query]");
  var form = input.form;
  var meta = box.querySelector("[data-wav-search-meta]");
  var list = box.querySelector("[data-wav-search-list]");
  var scrollwrap = box.querySelector(".md-search__scrollwrap");
  var toggle = document.getElementById("__search");
  var opener = document.querySelector('.md-header__button[for="__search"]');

  var BATCH = 10;      // results rendered (and fragments fetched) at a time
  var DELAY = 250;     // ms of quiet typing before searching

  document.documentElement.classList.add("wav-search-ready");

  /* The site root, from Material's configuration: "base" is relative to the page. */
  function siteRoot() {
    var base = ".";
    try {
      base = JSON.parse(document.getElementById("__config").textContent).base || ".";
    } catch (e) { /* no configuration: assume the page is at the root */ }
    return new URL(base.replace(/\/*$/, "/"), location.href);
  }

  var root = siteRoot();
  var loading = null;   // promise of the Pagefind module, once the reader typed
  var timer = 0;
  var seq = 0;          // number of the latest search; older answers are dropped
  var results = [];     // results of the latest search (fragments not loaded)
  var shown = 0;        // how many of them are rendered
  var shownQuery = null;
  var observer = null;

  function text(name, count) {
    return (box.getAttribute("data-wav-" + name) || "").replace("#", String(count));
  }

  function setMeta(value) {
    if (meta.textContent !== value) meta.textContent = value;
  }

  function setToggle(value) {
    // Like Material: a click changes the checkbox and emits "change" for its listeners.
    if (toggle && toggle.checked !== value) toggle.click();
  }

  /* A query as Pagefind reads it: lower case, without punctuation or diacritics. */
  var PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;
  function normalise(value) {
    return value.toLocaleLowerCase().replace(PUNCTUATION, "").normalize("NFD").replace(/\p{M}/gu, "");
  }

  /* Whether a word of the results' text (title or marked excerpt words) begins with `term`. */
  function beginsAWord(data, term) {
    var texts = [(data.meta && data.meta.title) || ""];
    var pattern = /<mark>([\s\S]*?)<\/mark>/g;
    var match;
    while ((match = pattern.exec(data.excerpt || "")) !== null) texts.push(match[1]);
    return texts.some(function (value) {
      return value.split(/\s+/).some(function (word) { return normalise(word).indexOf(term) === 0; });
    });
  }

  /* Pagefind answers a word it does not know with the pages of its longest known
     beginning ("canary" finds "can"; no option turns this off). A query is searched
     only if each of its words is a word of the index (exact search, which still
     applies stemming) or the beginning of one (a word still being typed). */
  function known(pagefind, query) {
    var terms = normalise(query).split(/\s+/).filter(Boolean);
    if (!terms.length) return Promise.resolve(false);
    return Promise.all(terms.map(function (term) {
      return pagefind.search('"' + term + '"').then(function (exact) {
        if (exact.results.length) return true;
        return pagefind.search(term).then(function (loose) {
          if (!loose.results.length) return false;
          return loose.results[0].data().then(function (data) { return beginsAWord(data, term); });
        });
      });
    })).then(function (answers) { return answers.every(Boolean); });
  }

  function load() {
    if (!loading) {
      setMeta(text("initializer"));
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return Promise.resolve(pagefind.options({
          basePath: new URL("pagefind/", root).pathname,
          baseUrl: root.pathname,
          noWorker: true,  // the worker would cost one more script for a small index
          // a city or country page carries its name in every language as the metadata field
          // "place" (campaign/place.html): a match there outranks a record's title (5)
          ranking: { metaWeights: { place: 10 } }
        })).then(function () { return pagefind; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function clearResults() {
    if (observer) observer.disconnect();
    results = [];
    shown = 0;
    shownQuery = null;
    list.textContent = "";
  }

  /* An excerpt as text and <mark> elements: Pagefind stores the text as it is
     (not HTML-escaped) and wraps the words found in <mark>...</mark>. */
  function appendExcerpt(parent, excerpt) {
    var pattern = /<mark>([\s\S]*?)<\/mark>/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(excerpt)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(excerpt.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[1];
      parent.appendChild(mark);
      last = pattern.lastIndex;
    }
    if (last < excerpt.length) parent.appendChild(document.createTextNode(excerpt.slice(last)));
  }

  function renderItem(data) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("div");
    title.className = "wav-search-result__title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    var excerpt = document.createElement("p");
    appendExcerpt(excerpt, data.excerpt || "");
    article.appendChild(icon);
    article.appendChild(title);
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  /* Fetch and render the next batch of results (Pagefind fetches one small fragment per result). */
  function renderMore(id) {
    var batch = results.slice(shown, shown + BATCH);
    shown += batch.length;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (items) {
      if (id !== seq) return;
      items.forEach(function (data) { list.appendChild(renderItem(data)); });
      if (shown < results.length && "IntersectionObserver" in window) {
        if (observer) observer.disconnect();
        observer = new IntersectionObserver(function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) {
            observer.disconnect();
            renderMore(id);
          }
        }, { root: scrollwrap });
        observer.observe(list.lastElementChild);
      }
    });
  }

  function search(query) {
    var id = ++seq;
    return load().then(function (pagefind) {
      return known(pagefind, query).then(function (yes) {
        return yes ? pagefind.search(query) : { results: [] };
      });
    }).then(function (answer) {
      if (id !== seq) return;
      clearResults();
      results = (answer && answer.results) || [];
      shownQuery = query;
      var count = results.length;
      setMeta(count === 0 ? text("none") : count === 1 ? text("one") : text("other", count));
      return renderMore(id);
    }).catch(function () {
      if (id !== seq) return;
      clearResults();
      setMeta(text("none"));
    });
  }

  function schedule() {
    clearTimeout(timer);
    var query = input.value.trim();
    if (!query) {
      seq++;
      clearResults();
      setMeta(text("placeholder"));
      return;
    }
    if (query === shownQuery) return;
    load().catch(function () { /* reported by search() */ });
    timer = setTimeout(function () { search(query); }, DELAY);
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a[href]"));
  }

  function close() {
    setToggle(false);
    input.blur();
  }

  input.addEventListener("input", function () {
    setToggle(true);
    schedule();
  });

  input.addEventListener("focus", function () {
    // Deferred: when the header button was clicked, its label opens the search itself.
    setTimeout(function () { if (document.activeElement === input) setToggle(true); }, 0);
    // A query the browser restored (back button) is searched once the reader is here again.
    if (input.value.trim() && shownQuery === null) schedule();
  });

  // Enter (or a phone's "Go"): open the first result, searching first if still typing.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    if (!query) return;
    clearTimeout(timer);
    var ready = query === shownQuery ? Promise.resolve() : search(query);
    ready.then(function () {
      var first = links()[0];
      if (first && input.value.trim() === query) first.click();
    });
  });

  form.addEventListener("reset", function () {
    clearTimeout(timer);
    seq++;
    clearResults();
    setMeta(text("placeholder"));
    input.focus();
  });

  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var items = [input].concat(links());
      if (items.length < 2) return;
      var at = items.indexOf(document.activeElement);
      var next = (Math.max(at, 0) + (event.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
      items[next].focus();
      event.preventDefault();
    }
  });

  // Tabbing out of the search closes it, like Material; clicks outside land on its overlay.
  box.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !box.contains(event.relatedTarget)) setToggle(false);
  });

  box.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("a[href]")) setToggle(false);
  });

  if (toggle) {
    // Results are in the accessibility tree only while the search is open.
    var sync = function () { list.hidden = !toggle.checked; };
    toggle.addEventListener("change", sync);
    sync();
  }

  // On small screens the header button opens the search; focusing in the same click
  // brings up the on-screen keyboard (iOS allows it only during a user action).
  if (opener) opener.addEventListener("click", function () { input.focus(); });
})();
