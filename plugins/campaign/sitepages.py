"""Every page and data file the engine adds to the site, for one language.

Place pages, indexes with their filter data, term pages and the home map's
script: each as a Generated (language-neutral source path, content and, for
pages, the HTML that replaces the rendered Markdown). The MkDocs adapter only
turns them into files; links are made relative to each page here.
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml

from . import FOLDERS
from .fragments import HOME_MAP_JS, MAP_JS
from .indexpages import index_pages, plural_title, term_pages, term_view
from .localize import Localizer
from .placepages import place_pages, title as place_title
from .urls import localized, relative


@dataclass
class Generated:
    src_uri: str  # language-neutral, e.g. cities/tbilisi.md or cities/tbilisi/map.js
    content: str  # Markdown front matter for pages, the file itself otherwise
    html: str | None = None  # pages: replaces the rendered Markdown
    in_nav: bool = False

    @property
    def is_page(self) -> bool:
        return self.src_uri.endswith(".md")


def front_matter(title: str, **extra) -> str:
    return "---\n" + yaml.safe_dump({"title": title, "hide": ["toc"], **extra}, allow_unicode=True) + "---\n"


def generated(fragments, published, lang: str, default: str, page_size: int = 50, tiles=None) -> list[Generated]:
    registries = published.registries
    loc = Localizer(registries, lang, default)

    def linker(page_path: str):
        page_url = localized(page_path, lang, default)
        return lambda target: relative(target, page_url)

    out = []
    for place in place_pages(registries):
        html, script = fragments.place_page(place, lang, linker(place.path), tiles=tiles)
        out.append(Generated(place.src_uri, front_matter(place_title(place, loc)), html, in_nav=place.kind == "regional"))
        out.append(Generated(place.path + MAP_JS, script))
    for page in index_pages(published, page_size):
        html = fragments.index_page(page, lang, linker(page.path), page_size)
        out.append(Generated(page.src_uri, front_matter(plural_title(loc, page.type)), html, in_nav=page.number == 1))
    for rtype, folder in FOLDERS.items():
        out.append(Generated(f"{folder}/index.json", fragments.index_data(rtype, lang, linker(f"{folder}/"))))
    for page in term_pages(registries):
        path = page.path(registries)
        title = term_view(page, published, lang, default)["title"]
        out.append(Generated(page.src_uri(registries), front_matter(title), fragments.term_page(page, lang, linker(path))))
    return out


def home(fragments, published, lang: str, default: str, tiles=None) -> tuple[str, Generated]:
    """The home page's added HTML and its map script."""
    html, script = fragments.home(lang, linker_for_home(lang, default), tiles=tiles)
    return html, Generated(HOME_MAP_JS, script)


def linker_for_home(lang: str, default: str):
    page_url = localized("", lang, default)
    return lambda target: relative(target, page_url)
