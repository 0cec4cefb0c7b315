"""One language's pass over the site: everything a view needs to speak that language.

Built once per language and build (memoised on the published collection) and
passed down to every view, instead of `lang` and `default` threaded through
each call and a Localizer rebuilt in every view.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..l10n.localize import Localizer
from .urls import localized, relative


@dataclass(frozen=True)
class LanguageContext:
    lang: str  # the language of the pages being made
    default: str  # the site's default language (no URL prefix)
    loc: Localizer  # registry names, terms and dates in `lang`

    @property
    def gettext(self):
        return self.loc.gettext

    def path(self, site_path: str) -> str:
        """Site path of `site_path` (no leading slash) in this language."""
        return localized(site_path, self.lang, self.default)

    def path_in(self, site_path: str, lang: str) -> str:
        """Site path of `site_path` in another language `lang` (e.g. its report PDF)."""
        return localized(site_path, lang, self.default)

    def term_links(self, registries, meta: dict, field: str, taxonomy: str) -> list[dict]:
        """The terms a record's `field` names, each with its label and the path of its term page here."""
        values = meta.get(field) or []
        values = values if isinstance(values, list) else [values]
        tax = registries.taxonomies.get(taxonomy)
        return [{"label": self.loc.term(taxonomy, v), "path": self.path(f"{tax.path}/{v}/") if tax else None}
                for v in values]

    def linker(self, page_path: str):
        """Links relative to the page at the language-neutral `page_path`."""
        page_url = self.path(page_path)
        return lambda target: relative(target, page_url)


def language_context(published, lang: str) -> LanguageContext:
    """The context of `lang` for this published collection (one per language and build)."""
    default = published.settings.default_language
    return published.memo(("language-context", lang),
                          lambda: LanguageContext(lang, default, Localizer(published.registries, lang, default)))
