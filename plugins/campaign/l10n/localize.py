"""Names, labels and dates in a reader's language.

Registry names fall back to the default language; country names fall back to
Babel's CLDR data; dates are formatted with Babel in the page's locale. An
incident date is never more precise than a month (SPEC 3.3).
"""
from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date, format_skeleton

from .catalog import gettext_for


class Text(str):
    """Registry text in the language it was found in. `lang` is set only when that is not
    the page's language (it fell back to the default), so a template can mark the
    passage with lang="..." and a screen reader reads it with the right voice."""

    lang: str | None

    def __new__(cls, value: str, lang: str | None = None):
        text = super().__new__(cls, value)
        text.lang = lang
        return text


class Localizer:
    def __init__(self, registries, lang: str, default_language: str):
        self.registries = registries
        self.lang = lang
        self.default_language = default_language
        self.locale = Locale.parse(lang)
        self.gettext = gettext_for(lang)

    def text(self, mapping) -> Text:
        """A per-language mapping in this language, else the default language (marked as such)."""
        if not isinstance(mapping, dict):
            return Text(mapping or "")
        for code in (self.lang, self.default_language, *mapping):
            if mapping.get(code):
                return Text(mapping[code], None if code == self.lang else code)
        return Text("")

    def city(self, slug) -> str:
        city = self.registries.cities.get(slug)
        return self.text(city["name"]) if city else slug

    def country(self, code) -> str:
        country = self.registries.countries.get(code)
        if country and self.lang in country["name"]:
            return country["name"][self.lang]
        return self.locale.territories.get(str(code).upper()) or (self.text(country["name"]) if country else code)

    def country_of(self, meta) -> str | None:
        if meta.get("country"):
            return meta["country"]
        city = self.registries.cities.get(meta.get("city"))
        return city["country"] if city else None

    def term(self, taxonomy, slug) -> str:
        term = self.registries.term(taxonomy, slug)
        return self.text(term.label) if term else slug

    def taxonomy_name(self, taxonomy) -> str:
        tax = self.registries.taxonomies.get(taxonomy)
        return self.text(tax.name) if tax else taxonomy

    def organization(self, slug) -> str:
        org = self.registries.organizations.get(slug)
        return self.text(org["name"]) if org else slug

    def date(self, iso) -> str:
        return format_date(dt.date.fromisoformat(str(iso)), format="long", locale=self.locale)

    def partial_date(self, value) -> str:
        """'2015' or '2015-03' in words; never a day."""
        value = str(value)
        if len(value) == 4:
            return value
        year, month = value.split("-")[:2]
        return format_skeleton("yMMMM", dt.date(int(year), int(month), 1), locale=self.locale)
