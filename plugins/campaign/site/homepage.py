"""What the home page shows beside the editors' text: headline numbers, latest records, help."""
from __future__ import annotations

from ..content.recordtypes import FOLDERS
from . import aggregate
from .indexpages import item, plural_title

LATEST = 3


def view(published, ctx) -> dict:
    loc = ctx.loc
    stories = published.of_type("story")
    cities = {r.meta.get("city") for r in stories}
    countries = {aggregate.country_of(r.meta, published.registries) for r in stories}
    latest = []
    for rtype in FOLDERS:
        records = aggregate.newest_first(published.of_type(rtype))[:LATEST]
        if records:
            latest.append({"type": rtype, "title": plural_title(loc, rtype),
                           "index_path": ctx.path(f"{FOLDERS[rtype]}/"),
                           "items": [item(r, published, ctx) for r in records]})
    reporting = [o for o in published.registries.organizations.values() if o.get("report_url")]
    return {
        "numbers": {"stories": len(stories), "cities": len(cities - {None}), "countries": len(countries - {None}),
                    "solutions": len(published.of_type("solution")), "successes": len(published.of_type("success")),
                    "commitments": len(published.of_type("commitment"))},
        "latest": latest,
        "map_path": ctx.path("map/"),
        "help_path": ctx.path("help/"),
        "report_count": len(reporting),
    }
