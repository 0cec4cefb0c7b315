"""HTML fragments of generated and record pages, rendered with autoescaping.

Templates live in the site's `overrides/campaign/` folder; this module owns a
Jinja2 environment of its own with autoescape on, so every value that comes
from content is escaped (MkDocs' own environment does not autoescape).
"""
from __future__ import annotations

import json
from pathlib import Path

from babel import Locale
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..content import schemas
from ..l10n.catalog import translations
from . import (
    citation,
    exports,
    helpdirectory,
    homepage,
    indexpages,
    maps,
    placelists,
    placepages,
    press,
    report,
    reportdoc,
    reportpdf,
)
from .recordview import view

FILTERS_JS = "javascripts/filters.js"
HOME_MAP_JS = "home-map.js"
MAP_JS = "map.js"  # beside each place page


def lang_of(text) -> Markup:
    """` lang="en"` for registry text that fell back to another language (localize.Text), else nothing."""
    code = getattr(text, "lang", None)
    return Markup(' lang="%s"') % code if code else Markup("")


class Fragments:
    def __init__(self, template_dir, published, default_language: str, site_url: str = "", images=None):
        self.images = images or {}  # src -> re-encoded variants (campaign.images)
        self.template_dir = str(Path(template_dir))
        self.site_url = (site_url or "").rstrip("/")  # shown beside links on paper
        self.published = published
        self.default_language = default_language
        self._envs: dict[str, Environment] = {}  # one per language, for this build only

    def env(self, lang: str) -> Environment:
        if lang not in self._envs:
            self._envs[lang] = self._new_env(lang)
        return self._envs[lang]

    def _new_env(self, lang: str) -> Environment:
        env = Environment(
            loader=FileSystemLoader(self.template_dir),
            autoescape=select_autoescape(default=True, default_for_string=True),
            extensions=["jinja2.ext.i18n"],
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_gettext_translations(translations(lang), newstyle=True)
        env.globals["lang_of"] = lang_of
        return env

    def render(self, template: str, ctx, link, **context) -> str:
        return self.env(ctx.lang).get_template(template).render(lang=ctx.lang, link=link, site_url=self.site_url,
                                                                **context)

    def record_page(self, record, ctx, body_html: str, link, site_name: str = "") -> str:
        """The record's body wrapped in its facts panel, notes, related records, help box and citation."""
        data = view(record, self.published, ctx, self.images)
        cite = citation.record_citation(record, ctx, self.site_url, site_name)
        return self.render("record.html", ctx, link, record=data, body=Markup(body_html), cite=cite)

    def tombstone_markdown(self, ctx) -> str:
        """Neutral Markdown source of a withdrawn record's page: no title, text or facts."""
        return self.render("tombstone.md", ctx, None)

    def place_page(self, page, ctx, link, tiles=None, list_size: int = placepages.LIST_SIZE,
                   site_name: str = "") -> tuple[str, str]:
        """(content HTML, map script) of a city, country or regional page in the context's language."""
        data = placepages.view(page, self.published, ctx, list_size)
        map_html, script = self._map(page, ctx, link, tiles)
        html = self.render("place.html", ctx, link, place=data, map_html=Markup(map_html),
                           page_head=self.print_head(ctx, page.path, site_name),
                           leaflet_css=maps.LEAFLET_CSS, leaflet_js=maps.LEAFLET_JS, outlines_js=maps.OUTLINES_JS,
                           map_script=MAP_JS)
        return html, script

    def print_head(self, ctx, path: str, site_name: str) -> dict:
        """What a printed page says of itself (macros.print_head): the campaign, the page's address
        (absolute where the site's address is configured) and how recent its data are: the newest
        publication, not the build's day, so the same content gives the same page."""
        dates = [str(r.meta["published"]) for r in self.published.records.values() if r.meta.get("published")]
        site_path = ctx.path(path)
        return {"campaign": site_name, "url": f"{self.site_url}/{site_path}" if self.site_url else f"/{site_path}",
                "as_of": ctx.loc.date(max(dates)) if dates else ""}

    def _map(self, page, ctx, link, tiles) -> tuple[str, str]:
        popup = self.env(ctx.lang).get_template("popup.html")
        points = placepages.map_points(page, self.published, ctx,
                                       lambda city: popup.render(city=city, link=link, site_url=self.site_url))
        zoom = 6 if page.kind == "city" else None
        map_html, script = maps.build_map(page.map_id, points, tiles=tiles, zoom=zoom,
                                          fit=placepages.outline_name(page), places=placepages.map_places(page, ctx))
        # the class tells the stylesheet a map will be drawn, so the canvas only takes room then
        script = 'document.documentElement.classList.add("wav-maps");\n(function () {' + script + "})();\n"
        return map_html, script

    def plural_forms(self, lang: str, singular: str, plural: str) -> str:
        """JSON {CLDR plural category: text with {n}} for scripts that count (Intl.PluralRules)."""
        locale = Locale.parse(lang)
        ngettext = translations(lang).ngettext
        forms = {}
        for n in (0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 111):
            forms.setdefault(locale.plural_form(n), ngettext(singular, plural, n).replace("%(num)d", "{n}"))
        forms.setdefault("other", ngettext(singular, plural, 5).replace("%(num)d", "{n}"))
        return json.dumps(forms, ensure_ascii=False)

    def index_page(self, page, ctx, link, page_size: int) -> str:
        data = indexpages.index_view(page, self.published, ctx, page_size)
        return self.render("index.html", ctx, link, index=data, filters_js=FILTERS_JS,
                           counts_json=self.plural_forms(ctx.lang, *indexpages.COUNT_FORMS[page.type]),
                           count_forms=indexpages.COUNT_FORMS[page.type])

    def index_data(self, rtype: str, ctx, link) -> str:
        """JSON of every record of a type for the filters: facets and the item's escaped HTML."""
        item_macro = self.env(ctx.lang).get_template("macros.html").module.index_item
        items = indexpages.all_items(rtype, self.published, ctx)
        return exports.safe_json({"items": [{"f": it["facets"], "h": str(item_macro(it, link)).strip()} for it in items]},
                                 separators=(",", ":"), sort_keys=True)

    def term_page(self, page, ctx, link, page_size: int) -> tuple[str, str]:
        """(title, content HTML) of a term page or a taxonomy's overview."""
        data = indexpages.term_view(page, self.published, ctx, page_size)
        return data["title"], self.render("term.html", ctx, link, term=data)

    def place_list_page(self, page, ctx, link, page_size: int) -> tuple[str, str]:
        """(title, content HTML) of the complete list of a type in a city or country."""
        data = placelists.view(page, self.published, ctx, page_size)
        return data["title"], self.render("term.html", ctx, link, term=data)

    def home(self, ctx, link, tiles=None) -> tuple[str, str]:
        """What the home page adds to its Markdown: numbers, the regional map, latest records, help."""
        region = placepages.PlacePage("regional", None)
        data = homepage.view(self.published, ctx)
        map_html, script = self._map(region, ctx, link, tiles)
        html = self.render("home.html", ctx, link, home=data, map_html=Markup(map_html),
                           intro=Markup(homepage.INTRO_MARK), more=Markup(homepage.MORE_MARK),
                           leaflet_css=maps.LEAFLET_CSS, leaflet_js=maps.LEAFLET_JS, outlines_js=maps.OUTLINES_JS,
                           map_script=HOME_MAP_JS)
        return html, script

    def help_directory(self, ctx, link) -> str:
        """The directory of every city's organisations, for the help page in the context's language."""
        data = helpdirectory.directory(self.published, ctx)
        return self.render("helpdirectory.html", ctx, link, directory=data)

    def report_data(self, ctx, min_count: int, list_size: int = placepages.LIST_SIZE, site_name: str = "",
                    licence: dict | None = None) -> dict:
        """What the report shows in the context's language: numbers, chapters, where its PDF is."""
        def compute():
            data = report.view(self.published, ctx, min_count, list_size)
            dates = [str(r.meta["published"]) for r in self.published.records.values() if r.meta.get("published")]
            data.update(
                chapters=reportdoc.document(self.published, ctx),
                site_name=site_name,
                licence=licence or {"name": "", "url": ""},
                # the newest publication, not the day of the build: the same content, the same document
                as_of=ctx.loc.date(max(dates)) if dates else "",
                page_url=f"{self.site_url}/{ctx.path('report/')}",
                pdf_path=ctx.path("report/" + reportpdf.pdf_name(ctx.lang)),
                methodology_path=ctx.path("methodology/"),
            )
            return data
        return self.published.memo(("report-data", ctx.lang, min_count, list_size, site_name), compute)

    def report_page(self, ctx, link, min_count: int, **options) -> str:
        data = self.report_data(ctx, min_count, **options)
        return self.render("report.html", ctx, link, report=data, print=False)

    def report_print(self, ctx, min_count: int, **options) -> str:
        """The whole HTML document the PDF is made from: the same report, with a cover and
        absolute links (a relative link in a PDF would point into the build machine)."""
        data = self.report_data(ctx, min_count, **options)

        def absolute(site_path):
            return exports.absolute(self.site_url, site_path)

        body = self.render("report.html", ctx, absolute, report=data, print=True, svg_fonts=reportpdf.SVG_FONTS)
        return self.render("report-print.html", ctx, absolute, report=data, body=Markup(body))

    def press(self, ctx, link, licence: dict) -> str:
        return self.render("press.html", ctx, link, press=press.view(self.published, ctx, licence))

    def data_page(self, ctx, link, licence: dict, feed_path: str, site_name: str = "", label_language: str = "") -> str:
        settings = self.published.settings
        names = Locale.parse(ctx.lang).languages
        labels = label_language or settings.default_language
        default_name = names.get(labels, labels)
        columns = []
        for name, meaning, lang in exports.story_columns(settings.languages):
            text = ctx.gettext(meaning)
            if "%(" in text:
                text = text % {"language": names.get(lang, lang) if lang else "", "labels": default_name}
            columns.append((name, text))
        data = {"licence": licence, "columns": columns, "feed": feed_path,
                "schemas": [f"{name}.schema.json" for name in schemas.SCHEMA_NAMES],
                "cite": citation.dataset_citation(self.published, ctx, self.site_url, site_name, licence)}
        return self.render("data.html", ctx, link, data=data)
