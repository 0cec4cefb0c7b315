// The head of a printed page (macros.print_head): writes the day the page is printed, in the
// page's language, when printing starts, so that a paper copy says how old it is. Set at load
// too, for browsers whose print preview does not fire beforeprint.
(function () {
  "use strict";

  function today(lang) {
    try {
      return new Intl.DateTimeFormat(lang || undefined, { day: "numeric", month: "long", year: "numeric" }).format(new Date());
    } catch (e) {
      return new Date().toISOString().slice(0, 10);
    }
  }

  function stamp() {
    var lang = document.documentElement.lang;
    document.querySelectorAll("[data-wav-printed]").forEach(function (span) {
      span.textContent = span.getAttribute("data-template").replace("{date}", today(lang));
      span.hidden = false;
    });
  }

  stamp();
  window.addEventListener("beforeprint", stamp);
})();
