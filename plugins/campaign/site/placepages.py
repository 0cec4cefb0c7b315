"""City, country and regional pages (SPEC 4.1, 4.2): what they show, per language.

A PlacePage is one generated page, independent of language; `view` gives the
page's content for a language as plain data (with links as site paths), and
`map_points` the markers of its map. Rendering is left to the templates.
"""
from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from markupsafe import Markup

from ..content.recordtypes import FOLDERS
from ..l10n.localize import Localizer
from . import aggregate
from .helpdirectory import names_everywhere
from .maps import Point
from .recordview import help_box, record_link
from .report import BAR_SPAN


@dataclass(frozen=True)
class PlacePage:
    kind: str  # city | country | regional
    key: str | None  # city slug, country code, None for the region

    @property
    def path(self) -> str:
        """Site path without language prefix, e.g. cities/tbilisi/."""
        if self.kind == "city":
            return f"cities/{self.key}/"
        if self.kind == "country":
            return f"countries/{self.key}/"
        return "map/"

    @property
    def src_uri(self) -> str:
        return self.path.rstrip("/") + ".md"

    @property
    def map_id(self) -> str:
        return f"{self.kind}_{self.key or 'region'}".replace("-", "_")


# Records of each type a city or country page lists before "See all" (mkdocs.yml: place_list_size)
LIST_SIZE = 20

# record type -> the PlaceStats list of its records
TYPES = {"story": "stories", "solution": "solutions", "success": "successes", "commitment": "commitments",
         "ally": "allies", "event": "events", "statement": "statements", "document": "documents"}


def list_path(page: PlacePage, rtype: str) -> str:
    """Where every record of a type in a city or country is listed (campaign.placelists)."""
    return f"{page.path}{FOLDERS[rtype]}/"


def place_pages(registries) -> list[PlacePage]:
    return ([PlacePage("regional", None)]
            + [PlacePage("country", code) for code in registries.countries]
            + [PlacePage("city", slug) for slug in registries.cities])


def title(page: PlacePage, loc: Localizer) -> str:
    if page.kind == "city":
        return loc.city(page.key)
    if page.kind == "country":
        return loc.country(page.key)
    return loc.gettext("Regional map")


def _counts_row(stats) -> dict:
    return {"stories": len(stats.stories), "solutions": len(stats.solutions),
            "successes": len(stats.successes), "commitments": len(stats.commitments)}


def view(page: PlacePage, published, ctx, list_size: int = LIST_SIZE) -> dict:
    """What a place page shows. Its lists hold the newest `list_size` records of each type;
    `more[type]` links to the complete list where there are more (campaign.placelists)."""
    lang, loc = ctx.lang, ctx.loc
    registries = published.registries
    city = page.key if page.kind == "city" else None
    country = page.key if page.kind == "country" else None
    stats = aggregate.place_stats(published, city=city, country=country)
    tax = registries.taxonomies.get("violation")
    by_violation = [{"label": loc.term("violation", slug), "slug": slug, "count": stats.by_violation[slug]}
                    for slug in (tax.terms if tax else []) if stats.by_violation.get(slug)]
    by_violation.sort(key=lambda row: -row["count"])
    top = max([row["count"] for row in by_violation] or [1])
    for row in by_violation:  # bar lengths for the chart beside the table (macros.bar_chart)
        row["pct"] = round(BAR_SPAN * row["count"] / top, 1)
    rows = []
    if page.kind == "country":
        rows = [{"name": loc.city(slug), "path": ctx.path(PlacePage("city", slug).path),
                 **_counts_row(s)} for slug, s in aggregate.cities_with_counts(published, country)]
    elif page.kind == "regional":
        rows = [{"name": loc.country(code), "path": ctx.path(PlacePage("country", code).path),
                 **_counts_row(s)} for code, s in aggregate.countries_with_counts(published)]
    city_rows = []
    if page.kind == "regional":
        city_rows = [{"name": loc.city(slug), "country": loc.country(registries.cities[slug]["country"]),
                      "path": ctx.path(PlacePage("city", slug).path), **_counts_row(s)}
                     for slug, s in aggregate.cities_with_counts(published)]

    def links(records):
        out = []
        for record in records:
            item = record_link(record, ctx)
            item["summary"] = record.version_for(lang).meta.get("summary", "")
            item["date"] = loc.date(record.meta["published"]) if record.meta.get("published") else ""
            if record.type in aggregate.DATED:  # when it happened (or was issued), beside its publication
                item["incident"] = loc.date(record.meta["date"])
            else:
                item["incident"] = (loc.partial_date(record.meta["incident_date"])
                                    if record.meta.get("incident_date") else "")
            out.append(item)
        return out

    more = {rtype: {"count": len(getattr(stats, name)),
                    "path": ctx.path(list_path(page, rtype))}
            for rtype, name in TYPES.items() if page.kind != "regional" and len(getattr(stats, name)) > list_size}
    tracker = []
    for record in stats.commitments[:list_size]:
        item = record_link(record, ctx)
        update = aggregate.last_update(record)
        made_at = [record_link(published.records[s], ctx) for s in record.meta.get("events") or []
                   if s in published.records]
        recorded_in = [record_link(published.records[s], ctx) for s in record.meta.get("documents") or []
                       if s in published.records]
        item.update({
            "made_at": made_at,
            "recorded_in": recorded_in,
            "made_by": record.version_for(lang).meta.get("made_by", ""),
            "status": loc.term("commitment-status", record.meta["commitment_status"]),
            "status_slug": record.meta["commitment_status"],
            "made_on": loc.date(record.meta["made_on"]),
            "last_update": loc.date(update) if update else "",
        })
        tracker.append(item)
    parent = None
    if page.kind == "city":
        code = registries.cities[page.key]["country"]
        parent = {"name": loc.country(code), "path": ctx.path(PlacePage("country", code).path)}
    names = []
    if page.kind in ("city", "country"):
        entry = (registries.cities if page.kind == "city" else registries.countries)[page.key]
        names = names_everywhere(entry["name"], published.settings.languages)
    return {
        "kind": page.kind,
        "title": title(page, loc),
        "names": names,
        "parent": parent,
        "regional_path": ctx.path("map/"),
        "count": _counts_row(stats),
        "total": stats.total,
        "by_violation": by_violation,
        "by_year": [{"year": year, "count": n} for year, n in sorted(stats.by_year.items())],
        "rows": rows,
        "city_rows": city_rows,
        "stories": links(stats.stories[:list_size]),
        "solutions": links(stats.solutions[:list_size]),
        "successes": links(stats.successes[:list_size]),
        "more": more,
        "tracker": tracker,
        # the advocacy record of the place: its allies, the events held there, what was said and written
        "allies": [ally_item(r, published, ctx) for r in stats.allies[:list_size]],
        "upcoming": links(aggregate.upcoming(stats.events, published.settings.today)[:list_size]),
        "past_events": links(aggregate.past(stats.events, published.settings.today)[:list_size]),
        "statements": links(stats.statements[:list_size]),
        "documents": links(stats.documents[:list_size]),
        "calendar_path": ctx.path("events/calendar.ics"),
        "help": help_box(loc, {"city": city, "country": country}) if (city or country) else None,
    }


def ally_item(record, published, ctx) -> dict:
    """An ally on a place page: its name, kind and, when recognised, since when."""
    item = record_link(record, ctx)
    item["summary"] = record.version_for(ctx.lang).meta.get("summary", "")
    item["kind"] = ctx.loc.term("ally-kind", record.meta.get("ally_kind"))
    recognised = record.meta.get("recognised")
    item["recognised"] = ctx.loc.date(recognised["date"]) if isinstance(recognised, dict) else ""
    return item


def map_points(page: PlacePage, published, ctx, popup) -> list[Point]:
    """Markers of the page's map: the city itself, a country's cities, or every city with stories.

    `popup(city_view) -> html` renders a marker's popup (escaped, in the page's language).
    """
    registries = published.registries
    loc = ctx.loc
    if page.kind == "city":
        slugs = [page.key]
    elif page.kind == "country":
        slugs = [s for s, c in registries.cities.items() if c["country"] == page.key]
    else:
        slugs = list(registries.cities)
    points = []
    for slug in slugs:
        stats = aggregate.place_stats(published, city=slug)
        if page.kind == "regional" and not stats.stories:
            continue  # the regional map shows cities with published stories
        city = registries.cities[slug]
        data = {"name": loc.city(slug), "path": ctx.path(PlacePage("city", slug).path),
                **_counts_row(stats)}
        points.append(Point(lat=city["lat"], lon=city["lon"], count=len(stats.stories),
                            label=data["name"], popup=Markup(popup(data))))
    return points


# Seas on the regional map, at points inside them (lat, lon)
SEAS = {"black-sea": (43.4, 34.2), "caspian-sea": (42.2, 50.6)}


def outline_name(page: PlacePage) -> str | None:
    """The outline a country page's map shows whole: Natural Earth names countries in English."""
    return Locale.parse("en").territories.get(page.key.upper()) if page.kind == "country" else None


def map_places(page: PlacePage, ctx) -> list[dict]:
    """Names written on the regional map: the campaign's countries and the seas."""
    if page.kind != "regional":
        return []
    loc = ctx.loc
    seas = {"black-sea": loc.gettext("Black Sea"), "caspian-sea": loc.gettext("Caspian Sea")}
    return ([{"name": loc.country(code), "kind": "country", "outline": outline_name(PlacePage("country", code))}
             for code in loc.registries.countries]
            + [{"name": seas[key], "kind": "sea", "lat": lat, "lon": lon} for key, (lat, lon) in SEAS.items()])
