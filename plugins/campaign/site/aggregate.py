"""Counting published records by place, violation type, year and status.

Plain functions over the published collection; every number shown on city,
country and regional pages and maps comes from here, so a record that did not
pass the gate can never change a number.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..content.recordtypes import FOLDERS


def country_of(meta: dict, registries) -> str | None:
    if meta.get("country"):
        return meta["country"]
    city = registries.cities.get(meta.get("city"))
    return city["country"] if city else None


def in_place(records, registries, city: str | None = None, country: str | None = None) -> list:
    """Records of a city, of a country (its cities' records included), or all of them."""
    if city:
        return [r for r in records if r.meta.get("city") == city]
    if country:
        return [r for r in records if country_of(r.meta, registries) == country]
    return list(records)


def story_year(record) -> int:
    return int(str(record.meta["incident_date"])[:4])


def count_terms(records, field_name: str) -> Counter:
    counts = Counter()
    for record in records:
        values = record.meta.get(field_name) or []
        counts.update(set(values if isinstance(values, list) else [values]))
    return counts


def count_years(stories) -> Counter:
    return Counter(story_year(s) for s in stories)


def newest_first(records) -> list:
    """By publication date; events, statements and documents by their own date (when it happened)."""
    return sorted(records, key=lambda r: (str(r.meta.get("date") if r.type in DATED else r.meta.get("published", "")),
                                          r.slug), reverse=True)


DATED = ("event", "statement", "document")  # records that carry the date they happened or were issued


def upcoming(events, today) -> list:
    """Events that have not ended by `today`, soonest first."""
    return sorted((e for e in events if str(e.meta.get("end") or e.meta.get("date")) >= today.isoformat()),
                  key=lambda e: (str(e.meta.get("date")), e.slug))


def past(events, today) -> list:
    """Events that have ended before `today`, newest first."""
    return newest_first(e for e in events if str(e.meta.get("end") or e.meta.get("date")) < today.isoformat())


@dataclass
class PlaceStats:
    stories: list = field(default_factory=list)
    solutions: list = field(default_factory=list)
    successes: list = field(default_factory=list)
    commitments: list = field(default_factory=list)
    allies: list = field(default_factory=list)
    events: list = field(default_factory=list)
    statements: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    by_violation: Counter = field(default_factory=Counter)
    by_year: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return len(self.stories) + len(self.solutions) + len(self.successes) + len(self.commitments)


def place_stats(published, city: str | None = None, country: str | None = None) -> PlaceStats:
    """Records and counts of a place; computed once per build (pages, maps and exports share them)."""
    return published.memo(("place_stats", city, country), lambda: _place_stats(published, city, country))


def _place_stats(published, city: str | None, country: str | None) -> PlaceStats:
    here = in_place(published.records.values(), published.registries, city, country)
    by_type = {t: newest_first(r for r in here if r.type == t) for t in FOLDERS}
    return PlaceStats(
        stories=by_type["story"], solutions=by_type["solution"], successes=by_type["success"],
        commitments=by_type["commitment"], allies=by_type["ally"], events=by_type["event"],
        statements=by_type["statement"], documents=by_type["document"],
        by_violation=count_terms(by_type["story"], "violations"),
        by_year=count_years(by_type["story"]),
    )


def last_update(commitment) -> str | None:
    dates = [str(u.get("date")) for u in commitment.meta.get("updates") or [] if u.get("date")]
    return max(dates) if dates else None


def cities_with_counts(published, country: str | None = None) -> list[tuple[str, PlaceStats]]:
    """(city slug, stats) for every registry city (of a country), in registry order."""
    return [(slug, place_stats(published, city=slug))
            for slug, city in published.registries.cities.items()
            if country is None or city["country"] == country]


def countries_with_counts(published) -> list[tuple[str, PlaceStats]]:
    return [(code, place_stats(published, country=code)) for code in published.registries.countries]
