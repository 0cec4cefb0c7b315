"""Material's own interface strings that its translation of a language lacks, from our catalogues.

Material for MkDocs ships one translation per language (partials/languages/<lang>.html)
and shows English for any key that translation lacks: its Georgian, for one, has no
names for the header and footer landmarks and no "Initializing search" (shown by the
search box, javascripts/search.js). The theme override partials/language.html asks
Material's translation first, then `lookup(lang)`, then Material's English, so those
keys are read from the campaign's catalogues, where `campaign translations --strict`
keeps them translated in every language.
"""
from __future__ import annotations

from .catalog import gettext_for


def N_(text):  # marks a string for the catalogue; translated in lookup()
    return text


# Material key -> the English text of Material 9.8's en.html (the msgid of our catalogue)
KEYS = {
    "header": N_("Header"),
    "footer": N_("Footer"),
    "search.result.initializer": N_("Initializing search"),
}


def lookup(lang: str):
    """key -> the text in `lang`, or "" for a key this module does not provide."""
    gettext = gettext_for(lang)

    def translate(key: str) -> str:
        msgid = KEYS.get(key)
        return gettext(msgid) if msgid else ""

    return translate
