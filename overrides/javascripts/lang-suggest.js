/* Language suggestion (SPEC 4.7; the notes are in main.html, one per other site language,
   each written in its own language and hidden). Shows the note of the first site language
   the browser prefers, unless that is the page's own: a reader who asked for Ukrainian first
   and lands on an English page is offered Ukrainian; one who asked for English first is
   left alone. Nothing is fetched and nobody is redirected. Closing the note hides it; the
   choice is kept for this tab only (sessionStorage, gone when the tab closes: no cookie,
   nothing that outlives the visit). Loaded right after the notes, before the rest of the
   page, so that a note shown shifts no text the reader already sees. */
(function () {
  "use strict";
  var notes = document.querySelectorAll("[data-wav-lang]");
  if (!notes.length) return;
  var KEY = "wav-lang-closed";
  try {
    if (window.sessionStorage.getItem(KEY)) return;
  } catch (e) { /* storage refused (private mode, file://): the note simply shows again */ }

  var byLang = {};
  for (var i = 0; i < notes.length; i++) byLang[notes[i].getAttribute("data-wav-lang")] = notes[i];
  var own = (document.documentElement.getAttribute("lang") || "").toLowerCase().split("-")[0];
  var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];

  var note = null;
  for (var j = 0; j < wanted.length; j++) {
    var code = String(wanted[j]).toLowerCase().split(/[-_]/)[0];
    if (code === own) return;  // the page is already in the reader's first site language
    if (byLang[code]) { note = byLang[code]; break; }
  }
  if (!note) return;
  note.hidden = false;
  note.querySelector("[data-wav-lang-close]").addEventListener("click", function () {
    note.hidden = true;
    try { window.sessionStorage.setItem(KEY, "1"); } catch (e) { /* see above */ }
  });
})();
