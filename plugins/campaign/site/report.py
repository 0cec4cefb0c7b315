"""The regional report's numbers (SPEC 4.1, 4.5, 5.3): counts by year, violation,
perpetrator, response, country and city, and the sensitive fields at regional
level only, each as a table and a static SVG bar chart; the key numbers; the
commitments tally with examples; and a section per country.

Sensitive counts go through `suppression`: small cells show as "fewer than N"
and, for age group (one value per story, so its cells add up to the published
number of stories), further cells are withheld until none can be derived.
"""
from __future__ import annotations

from collections import Counter

from ..safety.suppression import EXACT, SMALL, Cell, suppress
from . import aggregate
from .recordview import record_link

# The longest bar takes this share (%) of its row's track: the rest holds the value written at its end.
BAR_SPAN = 80
EXAMPLES = 3  # commitments named under each status of the tally
STATUSES = ("made", "in-progress", "implemented", "broken")


def _table(key, title, rows, note="", order="value"):
    """rows: (label, cell) where cell is a suppression.Cell; None rows: the table cannot be shown safely.
    order "value": the rows (chart and table alike) largest first, then those whose count is not
    shown; "time" (years) keeps the given, chronological order, which is what a reader compares."""
    if rows is None:
        return {"key": key, "title": title, "note": note, "rows": [], "order": order, "hidden": True}
    top = max([cell.count for _, cell in rows if cell.state == EXACT] or [1])
    shown = [{"label": label, "count": cell.count if cell.state == EXACT else None, "state": cell.state,
              "pct": round(BAR_SPAN * cell.count / top, 1) if cell.state == EXACT else 0}
             for label, cell in rows]
    if order == "value":  # sorted() is stable: equal counts keep the registry's order
        shown = (sorted((r for r in shown if r["count"] is not None), key=lambda r: -r["count"])
                 + [r for r in shown if r["count"] is None])
    return {"key": key, "title": title, "note": note, "rows": shown, "order": order, "hidden": False}


def _exact(counter, labels):
    return [(labels(k), Cell(str(k), n, EXACT)) for k, n in counter]


def view(published, ctx, min_count: int = 5, list_size: int = 20) -> dict:
    loc = ctx.loc
    _ = loc.gettext
    registries = published.registries
    stories = published.of_type("story")
    tables = []
    years = sorted(aggregate.count_years(stories).items())
    tables.append(_table("year", _("Stories by year of the incident"), _exact(years, str), order="time"))
    for key, field, taxonomy, title in (
        ("violation", "violations", "violation", _("Stories by violation")),
        ("perpetrator", "perpetrators", "perpetrator", _("Stories by perpetrator")),
        ("response", "responses", "response", _("Stories by response")),
    ):
        counts = aggregate.count_terms(stories, field)
        order = [t for t in registries.taxonomies[taxonomy].terms if counts.get(t)]
        tables.append(_table(key, title, _exact([(t, counts[t]) for t in order], lambda t, tx=taxonomy: loc.term(tx, t)),
                             _("A story can count in several rows.")))
    countries = Counter(aggregate.country_of(s.meta, registries) for s in stories)
    tables.append(_table("country", _("Stories by country"),
                         _exact([(c, countries[c]) for c in registries.countries if countries.get(c)], loc.country)))
    cities = Counter(s.meta["city"] for s in stories)
    tables.append(_table("city", _("Stories by city"),
                         _exact([(c, cities[c]) for c in registries.cities if cities.get(c)], loc.city)))
    # sensitive fields: regional level only, through suppression
    counts = aggregate.count_terms(stories, "intersections")
    cells = suppress({t: counts.get(t, 0) for t in registries.taxonomies["intersection"].terms}, min_count)
    tables.append(_table("intersection", _("Stories by intersection (region)"),
                         [(loc.term("intersection", c.key), c) for c in cells],
                         _("A story can count in several rows.")))
    ages = Counter(s.meta.get("age_group") or "" for s in stories)
    keys = list(registries.taxonomies["age-group"].terms) + [""]
    cells = suppress({k: ages.get(k, 0) for k in keys}, min_count, total=len(stories))
    tables.append(_table("age-group", _("Stories by age group (region)"),
                         None if cells is None else
                         [(loc.term("age-group", c.key) if c.key else _("Not recorded"), c) for c in cells]))
    return {"total": len(stories), "tables": tables, "figures": {t["key"]: t for t in tables},
            "min_count": min_count, "small": SMALL,
            "key_numbers": key_numbers(published),
            "tally": tally(published.of_type("commitment"), ctx),
            "countries": [country_section(code, stats, published, ctx, list_size)
                          for code, stats in aggregate.countries_with_counts(published) if stats.total]}


def key_numbers(published) -> dict:
    """The few numbers a journalist quotes: how many stories, where, and what came of commitments."""
    stories = published.of_type("story")
    commitments = published.of_type("commitment")
    return {
        "stories": len(stories),
        "cities": len({s.meta["city"] for s in stories}),
        "countries": len({aggregate.country_of(s.meta, published.registries) for s in stories}),
        "solutions": len(published.of_type("solution")),
        "successes": len(published.of_type("success")),
        "commitments": len(commitments),
        "implemented": sum(1 for c in commitments if c.meta.get("commitment_status") == "implemented"),
        "years": sorted(aggregate.count_years(stories)),
    }


def tally(commitments, ctx) -> list[dict]:
    """Commitments by status (made, in progress, implemented, broken), each with its newest examples."""
    loc = ctx.loc
    rows = []
    for status in STATUSES:
        these = aggregate.newest_first(c for c in commitments if c.meta.get("commitment_status") == status)
        rows.append({"status": status, "label": loc.term("commitment-status", status), "count": len(these),
                     "examples": [_commitment(c, ctx) for c in these[:EXAMPLES]]})
    return rows


def _commitment(record, ctx) -> dict:
    loc = ctx.loc
    meta = record.meta
    place = loc.city(meta["city"]) if meta.get("city") else (
        loc.country(loc.country_of(meta)) if loc.country_of(meta) else ctx.gettext("Regional"))
    return {**record_link(record, ctx), "made_by": record.version_for(ctx.lang).meta.get("made_by", ""),
            "place": place, "made_on": loc.date(meta["made_on"])}


def country_section(code, stats, published, ctx, list_size: int) -> dict:
    """A country's part of the report: its numbers, its commitments and its newest stories."""
    loc = ctx.loc
    registries = published.registries
    order = [t for t in registries.taxonomies["violation"].terms if stats.by_violation.get(t)]
    cities = Counter(s.meta["city"] for s in stats.stories)
    return {
        "code": code, "name": loc.country(code), "path": ctx.path(f"countries/{code}/"),
        "stories": len(stats.stories), "solutions": len(stats.solutions), "successes": len(stats.successes),
        "commitments": len(stats.commitments),
        "violation": _table(f"violation-{code}", ctx.gettext("Stories by violation"),
                            _exact([(t, stats.by_violation[t]) for t in order],
                                   lambda t: loc.term("violation", t))) if order else None,
        "city": _table(f"city-{code}", ctx.gettext("Stories by city"),
                       _exact([(c, cities[c]) for c in registries.cities if cities.get(c)], loc.city))
        if cities else None,
        "tally": [row for row in tally(stats.commitments, ctx) if row["count"]],
        "story_list": [{**record_link(s, ctx), "place": loc.city(s.meta["city"]),
                        "date": loc.partial_date(s.meta["incident_date"])} for s in stats.stories[:list_size]],
        "more": len(stats.stories) - min(len(stats.stories), list_size),
    }
