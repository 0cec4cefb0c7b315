"""Every page and data file the engine adds to the site, for one language.

Place pages, indexes with their filter data, term pages and the home map's
script: each as a Generated (language-neutral source path, content and, for
pages, the HTML that replaces the rendered Markdown). The MkDocs adapter only
turns them into files; links are made relative to each page here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ..content import schemas
from ..content.recordtypes import FOLDERS
from . import aliases, calendar, exports, feeds, homepage, placepages
from .fragments import HOME_MAP_JS, MAP_JS
from .indexpages import index_languages, index_pages, plural_title, term_languages, term_pages
from .langnotes import NOTES_JS, notes_script
from .placelists import list_languages as place_list_languages
from .placelists import list_pages as place_list_pages
from .placepages import place_pages
from .placepages import title as place_title
from .urls import localized


@dataclass
class Generated:
    src_uri: str  # language-neutral, e.g. cities/tbilisi.md or cities/tbilisi/map.js
    content: str  # Markdown front matter for pages, the file itself otherwise
    html: str | None = None  # pages: replaces the rendered Markdown
    in_nav: bool = False
    # pages: the languages this page is written in (its language switcher offers those), None: all
    languages: frozenset | None = None

    @property
    def is_page(self) -> bool:
        return self.src_uri.endswith(".md")


@dataclass
class Options:
    """Site settings the generated pages depend on (from mkdocs.yml)."""
    page_size: int = 50
    place_list_size: int = placepages.LIST_SIZE
    tiles: dict | None = None
    site_url: str = ""
    site_name: str = "Women Against Violence"  # in the language being built
    licence: dict = field(default_factory=lambda: {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"})
    min_count: int = 5
    label_language: str = ""  # of the labels beside the codes in stories.csv; empty: the default language


def front_matter(title: str, **extra) -> str:
    return "---\n" + yaml.safe_dump({"title": str(title), "hide": ["toc"], **extra}, allow_unicode=True) + "---\n"


def generated(fragments, published, ctx, options: Options) -> list[Generated]:
    registries = published.registries
    page_size, tiles = options.page_size, options.tiles
    lang, default, loc, linker = ctx.lang, ctx.default, ctx.loc, ctx.linker

    def feed(path, page_path, title, records):
        out.append(Generated(path, feeds.atom(records, lang=lang, default=default, site_url=options.site_url,
                                              feed_path=ctx.path(path),
                                              page_path=ctx.path(page_path),
                                              title=f"{options.site_name}: {title}", author=options.site_name)))

    out = []
    for place in place_pages(registries):
        html, script = fragments.place_page(place, ctx, linker(place.path), tiles=tiles,
                                            list_size=options.place_list_size, site_name=options.site_name)
        extra = {}
        if place.kind in ("city", "country"):  # where the page's "Get help" link lands (helpdirectory.anchor)
            extra[place.kind] = place.key
        if place.kind == "city":
            extra["feed"] = ctx.path(f"{place.path}feed.xml")
            feed(f"{place.path}feed.xml", place.path, place_title(place, loc),
                 [r for r in published.records.values() if r.meta.get("city") == place.key])
        out.append(Generated(place.src_uri, front_matter(place_title(place, loc), **extra), html,
                             in_nav=place.kind == "regional"))
        out.append(Generated(place.path + MAP_JS, script))
    # a list's pages after the first are written only in the languages of its records (and the
    # default language): elsewhere its pager leads on to the default language's (site.listlanguages)
    for page in index_pages(published, page_size):
        written = None if page.number == 1 else index_languages(published, page.type)
        if written is not None and lang not in written:
            continue
        html = fragments.index_page(page, ctx, linker(page.path), page_size)
        out.append(Generated(page.src_uri, front_matter(plural_title(loc, page.type),
                                                        feed=ctx.path(f"{FOLDERS[page.type]}/feed.xml")),
                             html, in_nav=page.number == 1, languages=written))
    for rtype, folder in FOLDERS.items():
        out.append(Generated(f"{folder}/index.json", fragments.index_data(rtype, ctx, linker(f"{folder}/"))))
        feed(f"{folder}/feed.xml", f"{folder}/", plural_title(loc, rtype), published.of_type(rtype))
    feed("feed.xml", "", loc.gettext("all records"), published.records.values())
    out.append(Generated("events/calendar.ics", calendar.calendar(
        published.of_type("event"), lang=lang, default=default, site_url=options.site_url,
        name=f"{options.site_name}: {plural_title(loc, 'event')}", place_name=lambda meta: event_place(meta, loc),
        kind_name=lambda slug: loc.term("event-type", slug))))
    report_options = {"list_size": options.place_list_size, "site_name": options.site_name,
                      "licence": options.licence}
    out.append(Generated("report.md", front_matter(loc.gettext("Regional report")),
                         fragments.report_page(ctx, linker("report/"), options.min_count, **report_options),
                         in_nav=True))
    out.append(Generated("data.md", front_matter(loc.gettext("Open data")),
                         fragments.data_page(ctx, linker("data/"), options.licence, ctx.path("feed.xml"),
                                             site_name=options.site_name, label_language=options.label_language), in_nav=True))
    public = list(published.records.values()) + list(published.tombstones.values())
    for old, new in aliases.redirects(public, lang, default):
        # already language-prefixed: Generated paths are language-neutral, so strip the prefix
        neutral = old[len(lang) + 1:] if lang != default else old
        out.append(Generated(neutral + "index.html", aliases.redirect_page(old, new, lang)))
    if lang == default:  # language-neutral files, once at the site root
        out.append(Generated("data/records.json", exports.records_json(published, options.site_url, options.licence)))
        out.append(Generated("data/records.schema.json", exports.records_schema()))
        out.append(Generated("data/stories.csv", exports.stories_csv(published, options.site_url, options.label_language)))
        out.append(Generated("data/cities.geojson", exports.cities_geojson(published, options.site_url, options.licence)))
        for name, text in schemas.schema_files().items():
            out.append(Generated(f"schemas/{name}", text))
        languages = published.settings.languages
        if len(languages) > 1:
            out.append(Generated(NOTES_JS, notes_script(languages, default)))
    for page in place_list_pages(published, options.place_list_size, page_size):
        written = None if page.number == 1 else place_list_languages(published, page.place, page.type)
        if written is not None and lang not in written:
            continue
        title, html = fragments.place_list_page(page, ctx, linker(page.path), page_size)
        out.append(Generated(page.src_uri, front_matter(title), html, languages=written))
    for page in term_pages(published, page_size):
        written = None if page.number == 1 else term_languages(published, page.taxonomy, page.term)
        if written is not None and lang not in written:
            continue
        title, html = fragments.term_page(page, ctx, linker(page.path(registries)), page_size)
        out.append(Generated(page.src_uri(registries), front_matter(title), html, languages=written))
    return out


def event_place(meta: dict, loc) -> str:
    """Where an event is held, in words, for the calendar: city and country, online or regional."""
    if meta.get("online"):
        return loc.gettext("Online")
    country = loc.country_of(meta)
    if meta.get("city"):
        return f"{loc.city(meta['city'])}, {loc.country(country)}" if country else loc.city(meta["city"])
    return loc.country(country) if country else loc.gettext("Regional")


def press(fragments, ctx, options: Options) -> str:
    """What the press page adds to its Markdown in the context's language (campaign.press)."""
    return fragments.press(ctx, ctx.linker("press/"), options.licence)


def report_print(fragments, ctx, options: Options) -> str:
    """The HTML document of the report's PDF in the context's language (campaign.reportpdf)."""
    return fragments.report_print(ctx, options.min_count, list_size=options.place_list_size,
                                  site_name=options.site_name, licence=options.licence)


def home(fragments, ctx, tiles=None) -> tuple[str, Generated]:
    """The home page's HTML around the editors' text (see with_editors_text) and its map script."""
    html, script = fragments.home(ctx, ctx.linker(""), tiles=tiles)
    return html, Generated(HOME_MAP_JS, script)


def help_directory(fragments, ctx) -> str:
    """What the help page adds below the editors' emergency advice: the directory."""
    return fragments.help_directory(ctx, ctx.linker("help/"))


def search_pages(published, languages, default: str) -> list[str]:
    """Site paths (folders) of the pages other than records that the search covers:
    the help page, and every city and country page, in every language (SPEC 4.4)."""
    paths = ["help/"] + [p.path for p in place_pages(published.registries) if p.kind != "regional"]
    return [localized(path, lang, default) for lang in languages for path in paths]


def search_candidates(published, site_dir) -> list:
    """The HTML files of the built site that may be searchable: every public record's pages and
    the pages of search_pages. From the collection, not from the pages written (a --dirty build,
    or one part of a build split by language, writes few)."""
    from pathlib import Path

    default = published.settings.default_language
    site = Path(site_dir)
    candidates = [site / record.url(lang, default) / "index.html"
                  for record in published.records.values() for lang in record.versions]
    candidates += [site / path / "index.html" for path in search_pages(published, published.settings.languages, default)]
    return candidates


def with_editors_text(home_html: str, editors_html: str) -> str:
    """The home page: the editors' title and first paragraph (the purpose) above the numbers
    and results, the rest of their text further down (homepage.split_intro)."""
    intro, more = homepage.split_intro(editors_html)
    return home_html.replace(homepage.INTRO_MARK, intro, 1).replace(homepage.MORE_MARK, more, 1)


def footer(published, licence: dict) -> dict:
    """What the campaign footer of every page says: partners, places and the licence."""
    return {"partners": len(published.registries.organizations),
            "cities": len(published.registries.cities), "licence": licence}
