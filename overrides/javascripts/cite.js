// "How to cite" blocks (campaign.citation): fill in today's date as the date accessed, show the
// copy button and copy the citation. Works without a network, from a server or from file://.
(function () {
  "use strict";

  function today(lang) {
    try {
      return new Intl.DateTimeFormat(lang || undefined, { day: "numeric", month: "long", year: "numeric" }).format(new Date());
    } catch (e) {
      return new Date().toISOString().slice(0, 10);
    }
  }

  // a hidden text area and execCommand: the Clipboard API needs a secure context, which a
  // page opened from a USB stick or an old browser may not have
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    area.remove();
    return done;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallbackCopy(text); });
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function setup() {
    var lang = document.documentElement.lang;
    document.querySelectorAll("[data-wav-accessed]").forEach(function (span) {
      // one full stop where a date that ends with one ("2026 г.") meets the sentence's own
      span.textContent = span.getAttribute("data-template").replace("{date}", today(lang)).replace(/([^.])\.\.$/, "$1.");
    });
    document.querySelectorAll("[data-wav-copy]").forEach(function (button) {
      if (button.getAttribute("data-ready")) { return; }
      button.setAttribute("data-ready", "1");
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-wav-copy"));
        var status = button.parentNode.querySelector(".wav-cite__status");
        var text = source.textContent.replace(/\s+/g, " ").trim();
        copy(text).then(function (done) {
          if (status) { status.textContent = button.getAttribute(done ? "data-done" : "data-failed"); }
          if (!done) {
            var range = document.createRange();
            range.selectNodeContents(source);
            var selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
          }
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
