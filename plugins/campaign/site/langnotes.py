"""The language suggestion's notes (SPEC 4.7): one script for the whole site.

For every site language, the note that offers it, written in that language:
javascripts/lang-suggest.js shows the one of the first site language the
reader's browser prefers. The notes were in every page, three hidden asides
(about 1.4 KB a page, 5% of the site at 10,000 stories); a reader only ever
sees one of them, and only with JavaScript, so they come from this one file,
which the browser keeps after the first page.
"""
from __future__ import annotations

import json

from ..l10n.catalog import gettext_for
from .urls import localized

NOTES_JS = "lang-notes.js"


def notes_script(languages, default: str) -> str:
    notes = {}
    for code in languages:
        # each note speaks its own language: "English" in each string is that language's name
        # (named gettext so that pybabel extract finds the strings)
        gettext = gettext_for(code)
        notes[code] = {
            "home": localized("", code, default),
            "label": gettext("Another language"),
            "same": gettext("This page is also in English."),
            "other": gettext("This page is not in English yet, but the rest of the site is."),
            "read": gettext("Read in English"),
            "open": gettext("Open the site in English"),
            "close": gettext("Close this note"),
        }
    body = json.dumps(notes, ensure_ascii=False, indent=0, sort_keys=True)
    return ("/* The language suggestion's notes, each in its own language (campaign.site.langnotes);\n"
            "   read by javascripts/lang-suggest.js. Written by the build: do not edit. */\n"
            f"window.wavLangNotes = {body};\n")
