"""What the home page shows beside the editors' text: key numbers, results, featured
stories, latest records, help. A donor should see what the campaign is and what it has
achieved without scrolling."""
from __future__ import annotations

from ..content.recordtypes import FOLDERS
from . import aggregate
from .indexpages import item, plural_title, term_path

LATEST = 3
FEATURED = 3
# The results strip: commitments by what became of them, best news first
RESULTS = ("implemented", "in-progress", "broken")
# where the editors' text goes in home.html (sitepages.with_editors_text)
INTRO_MARK = "<!--wav-editors-intro-->"
MORE_MARK = "<!--wav-editors-more-->"


def split_intro(html: str) -> tuple[str, str]:
    """(the title and the first paragraph, the rest) of the editors' home text: the first
    paragraph is the campaign's purpose and goes above the numbers; the rest below them."""
    end = html.find("</p>")
    if end == -1:
        return html, ""
    end += len("</p>")
    return html[:end], html[end:]


def _results(published, ctx) -> list[dict]:
    registries = published.registries
    commitments = aggregate.newest_first(published.of_type("commitment"))
    out = []
    for status in RESULTS:
        if registries.term("commitment-status", status) is None:
            continue
        these = [r for r in commitments if r.meta.get("commitment_status") == status]
        out.append({"status": status, "label": ctx.loc.term("commitment-status", status), "count": len(these),
                    "path": ctx.path(term_path(registries, "commitment-status", status)),
                    "example": item(these[0], published, ctx) if these else None})
    return out


def view(published, ctx) -> dict:
    loc = ctx.loc
    stories = published.of_type("story")
    cities = {r.meta.get("city") for r in stories}
    countries = {aggregate.country_of(r.meta, published.registries) for r in stories}
    latest = []
    for rtype in ("story", "solution", "success"):  # commitments are in the results strip
        records = aggregate.newest_first(published.of_type(rtype))[:LATEST]
        if records:
            latest.append({"type": rtype, "title": plural_title(loc, rtype),
                           "index_path": ctx.path(f"{FOLDERS[rtype]}/"),
                           "items": [item(r, published, ctx) for r in records]})
    featured = [r for r in aggregate.newest_first(stories) if r.meta.get("featured") is True][:FEATURED]
    reporting = [o for o in published.registries.organizations.values() if o.get("report_url")]
    return {
        "numbers": {"stories": len(stories), "cities": len(cities - {None}), "countries": len(countries - {None}),
                    "solutions": len(published.of_type("solution")), "successes": len(published.of_type("success")),
                    "commitments": len(published.of_type("commitment"))},
        "results": _results(published, ctx),
        "featured": [item(r, published, ctx) for r in featured],
        "latest": latest,
        "stories_path": ctx.path("stories/"),
        "solutions_path": ctx.path("solutions/"),
        "commitments_path": ctx.path("commitments/"),
        "map_path": ctx.path("map/"),
        "help_path": ctx.path("help/"),
        "report_path": ctx.path("report/"),
        "partners": len(published.registries.organizations),
        "report_count": len(reporting),
    }
