"""Every record of a type in a city or country, on paginated list pages.

A city or country page shows only the newest records of each type (its size
stays small for a slow phone and a printed dossier, however many stories a
place has); where a type has more, the page links to its list here, e.g.
/cities/kyiv/stories/ and /cities/kyiv/stories/page/2/. These are static pages:
the complete lists work without JavaScript, like term pages.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import aggregate, listlanguages
from .indexpages import COUNT_FORMS, item, plural_title
from .placepages import TYPES, PlacePage, list_path, place_pages
from .placepages import title as place_title


@dataclass(frozen=True)
class PlaceListPage:
    place: PlacePage  # a city or a country
    type: str  # story | solution | success | commitment
    number: int = 1

    @property
    def path(self) -> str:
        base = list_path(self.place, self.type)
        return base if self.number == 1 else f"{base}page/{self.number}/"

    @property
    def src_uri(self) -> str:
        return self.path + "index.md"


def records_of(published, place: PlacePage, rtype: str) -> list:
    """The place's published records of a type, newest first (as its page lists them)."""
    city = place.key if place.kind == "city" else None
    country = place.key if place.kind == "country" else None
    return getattr(aggregate.place_stats(published, city=city, country=country), TYPES[rtype])


def list_languages(published, place: PlacePage, rtype: str) -> frozenset:
    """The languages every page of the place's list of a type is written in (site.listlanguages)."""
    return listlanguages.written_in(published, ("place", place.kind, place.key, rtype),
                                    lambda: records_of(published, place, rtype))


def list_pages(published, list_size: int, page_size: int) -> list[PlaceListPage]:
    """The list pages of every city and country type that has more records than its page shows."""
    pages = []
    for place in place_pages(published.registries):
        for rtype in TYPES:
            count = len(records_of(published, place, rtype))
            if place.kind != "regional" and count > list_size:
                pages.extend(PlaceListPage(place, rtype, n) for n in range(1, -(-count // page_size) + 1))
    return pages


def view(page: PlaceListPage, published, ctx, page_size: int) -> dict:
    """The page as listing.html shows it (like a term page with one section)."""
    loc = ctx.loc
    records = records_of(published, page.place, page.type)
    chunk = records[(page.number - 1) * page_size: page.number * page_size]
    pages = max(1, -(-len(records) // page_size))
    heading = plural_title(loc, page.type)
    return {
        "title": loc.gettext("%(records)s: %(place)s") % {"records": heading, "place": place_title(page.place, loc)},
        "overview": False,
        "up": {"label": place_title(page.place, loc), "path": ctx.path(page.place.path)},
        "description": "",
        "total": len(records),
        "sections": [{"type": page.type, "title": heading, "count": len(records), "forms": COUNT_FORMS[page.type],
                      "items": [item(r, published, ctx) for r in chunk]}],
        "page": page.number,
        "pages": listlanguages.pager(pages, lambda n: PlaceListPage(page.place, page.type, n).path, ctx,
                                     list_languages(published, page.place, page.type)),
    }
