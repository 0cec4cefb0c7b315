/* Language suggestion (SPEC 4.7). Shows a note in the first site language the browser
   prefers, unless that is the page's own: a reader who asked for Ukrainian first and lands
   on an English page is offered Ukrainian; one who asked for English first is left alone.
   The notes, each written in its own language, come from lang-notes.js (one file for the
   whole site, loaded just before this one). The note links to this page in that language
   when the page exists in it (the page's hreflang links), else to that language's home.
   Nothing is fetched and nobody is redirected. Closing the note hides it; the choice is
   kept for this tab only (sessionStorage, gone when the tab closes: no cookie, nothing that
   outlives the visit). Runs where it is loaded, before the rest of the page is laid out, so
   that a note shown shifts no text the reader already sees. */
(function () {
  "use strict";
  var notes = window.wavLangNotes;
  var script = document.currentScript;
  if (!notes || !script) return;
  var KEY = "wav-lang-closed";
  try {
    if (window.sessionStorage.getItem(KEY)) return;
  } catch (e) { /* storage refused (private mode, file://): the note simply shows again */ }

  var own = (document.documentElement.getAttribute("lang") || "").toLowerCase().split("-")[0];
  var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  var code = null;
  for (var i = 0; i < wanted.length; i++) {
    var candidate = String(wanted[i]).toLowerCase().split(/[-_]/)[0];
    if (candidate === own) return;  // the page is already in the reader's first site language
    if (Object.prototype.hasOwnProperty.call(notes, candidate)) { code = candidate; break; }
  }
  if (!code) return;
  var note = notes[code];

  // this page in that language, if it exists in it; else that language's home page
  var same = document.head.querySelector('link[rel~="alternate"][hreflang="' + code + '"]');
  var root = new URL("../", script.src);  // the script is <site root>/javascripts/lang-suggest.js

  var aside = document.createElement("aside");
  aside.className = "wav-lang";
  aside.lang = code;
  aside.setAttribute("aria-label", note.label);
  aside.setAttribute("data-wav-lang", code);
  var text = document.createElement("p");
  text.className = "wav-lang__text";
  text.textContent = (same ? note.same : note.other) + " ";
  var link = document.createElement("a");
  link.className = "wav-lang__link";
  var href = same ? same.href : new URL(note.home, root).href;
  // a copy opened from a disk (file://) shows a folder as a listing, not its page
  if (location.protocol === "file:" && /\/$/.test(href)) href += "index.html";
  link.href = href;
  link.hreflang = code;
  link.textContent = same ? note.read : note.open;
  text.appendChild(link);
  var close = document.createElement("button");
  close.type = "button";
  close.className = "wav-lang__close";
  close.setAttribute("data-wav-lang-close", "");
  close.textContent = note.close;
  aside.appendChild(text);
  aside.appendChild(close);
  script.parentNode.insertBefore(aside, script);

  close.addEventListener("click", function () {
    aside.hidden = true;
    try { window.sessionStorage.setItem(KEY, "1"); } catch (e) { /* see above */ }
  });
})();
