"""Interface strings from gettext catalogues (locales/<lang>/LC_MESSAGES/campaign.po).

English is the source language (msgid); an untranslated string in any other
language falls back to English. PO files are read directly with Babel, so no
compiled .mo file has to be kept in the repository.
"""
from __future__ import annotations

import gettext
import io
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "campaign"


def po_path(lang: str):
    return resources.files("campaign.l10n") / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    path = po_path(lang)
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # untranslated and fuzzy entries are left out, so they fall back
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(lang: str):
    return translations(lang).gettext
