"""The regional report (SPEC 4.1, 5.3): counts by year, violation, perpetrator,
response, country and city, and the sensitive fields at regional level only,
each as a table and a static SVG bar chart.

Sensitive counts go through `suppression`: small cells show as "fewer than N"
and, for age group (one value per story, so its cells add up to the published
number of stories), further cells are withheld until none can be derived.
"""
from __future__ import annotations

from collections import Counter

from ..l10n.localize import Localizer
from ..safety.suppression import EXACT, SMALL, Cell, suppress
from . import aggregate

BAR_WIDTH = 360
ROW_HEIGHT = 22


def _table(key, title, rows, note=""):
    """rows: (label, cell) where cell is a suppression.Cell; None rows: the table cannot be shown safely."""
    if rows is None:
        return {"key": key, "title": title, "note": note, "rows": [], "height": 0, "hidden": True}
    top = max([cell.count for _, cell in rows if cell.state == EXACT] or [1])
    return {
        "key": key, "title": title, "note": note,
        "rows": [{"label": label, "count": cell.count if cell.state == EXACT else None, "state": cell.state,
                  "width": round(BAR_WIDTH * cell.count / top) if cell.state == EXACT else 0}
                 for label, cell in rows],
        "height": ROW_HEIGHT * len(rows) + 10,
        "hidden": False,
    }


def _exact(counter, labels):
    return [(labels(k), Cell(str(k), n, EXACT)) for k, n in counter]


def view(published, lang: str, default: str, min_count: int = 5) -> dict:
    loc = Localizer(published.registries, lang, default)
    _ = loc.gettext
    registries = published.registries
    stories = published.of_type("story")
    tables = []
    years = sorted(aggregate.count_years(stories).items())
    tables.append(_table("year", _("Stories by year of the incident"), _exact(years, str)))
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
    return {"total": len(stories), "tables": tables, "min_count": min_count,
            "small": SMALL}
