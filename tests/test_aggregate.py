"""Counting by place, type, violation and year, on small hand-made collections."""
from __future__ import annotations

import datetime as dt

from campaign.content.collection import Published
from campaign.site import aggregate
from campaign.site.context import language_context
from campaign.site.placepages import PlacePage, map_points, place_pages, view
from conftest import MEMO, SECOND, load, write

TODAY = dt.date(2020, 1, 1)


def published(content_dir):
    return Published(load(content_dir, today=TODAY))


def add_story(content_dir, slug, city="almaty", status="published", incident='"2015-06"',
              violations="[extortion, arbitrary-detention]"):
    text = (SECOND.replace("city: almaty", f"city: {city}").replace('incident_date: "2014"', f"incident_date: {incident}")
            .replace("violations: [arbitrary-detention]", f"violations: {violations}")
            .replace("status: published", f"status: {status}"))
    if city == "tbilisi":
        text = text.replace("documented_by: sana", "documented_by: step-forward")
    write(content_dir / "stories" / f"{slug}.md", text)


def test_counts_per_city_country_violation_and_year(content_dir):
    add_story(content_dir, "third-story")
    add_story(content_dir, "fourth-story", incident='"2014-02"', violations="[extortion]")
    pub = published(content_dir)
    almaty = aggregate.place_stats(pub, city="almaty")
    assert [s.slug for s in almaty.stories] and len(almaty.stories) == 3
    assert almaty.by_violation == {"arbitrary-detention": 2, "extortion": 2}
    assert almaty.by_year == {2014: 2, 2015: 1}
    kazakhstan = aggregate.place_stats(pub, country="kz")
    assert len(kazakhstan.stories) == 3
    georgia = aggregate.place_stats(pub, country="ge")
    assert [s.slug for s in georgia.stories] == ["card-story"]
    region = aggregate.place_stats(pub)
    assert len(region.stories) == 4 and region.by_violation["extortion"] == 3


def test_a_city_with_no_record_has_zero_everywhere_and_still_a_page(content_dir):
    places = content_dir / "_data" / "places.yml"
    places.write_text(places.read_text("utf-8").replace(
        "cities:\n", "cities:\n- slug: osh\n  country: kz\n  name:\n    en: Osh\n  lat: 40.5\n  lon: 72.8\n"), "utf-8")
    pub = published(content_dir)
    stats = aggregate.place_stats(pub, city="osh")
    assert stats.total == 0 and not stats.by_violation and not stats.by_year
    assert PlacePage("city", "osh") in place_pages(pub.registries)
    data = view(PlacePage("city", "osh"), pub, language_context(pub, "en"))
    assert data["total"] == 0 and data["stories"] == []
    # the regional map shows only cities with published stories
    points = map_points(PlacePage("regional", None), pub, language_context(pub, "en"), popup=lambda city: city["name"])
    assert sorted(p.label for p in points) == ["Almaty", "Tbilisi"]
    # a country map shows all its cities, with or without records
    points = map_points(PlacePage("country", "kz"), pub, language_context(pub, "en"), popup=lambda city: city["name"])
    assert sorted((p.label, p.count) for p in points) == [("Almaty", 1), ("Osh", 0)]


def test_drafts_withdrawn_and_expired_records_change_no_number(content_dir):
    before = aggregate.place_stats(published(content_dir), city="almaty")
    add_story(content_dir, "draft-story", status="draft")
    add_story(content_dir, "review-story", status="review")
    add_story(content_dir, "gone-story", status="withdrawn")
    write(content_dir / "stories" / "expired-story.md",
          SECOND.replace("scope: [text, city]", "scope: [text, city]\n  expires: 2019-01-01"))
    after = aggregate.place_stats(published(content_dir), city="almaty")
    assert (len(after.stories), after.by_violation, after.by_year) == (len(before.stories), before.by_violation, before.by_year)


def test_commitment_tracker_uses_the_newest_update(content_dir):
    write(content_dir / "commitments" / "memo.md", MEMO)
    pub = published(content_dir)
    data = view(PlacePage("city", "almaty"), pub, language_context(pub, "ru"))
    assert len(data["tracker"]) == 1
    row = data["tracker"][0]
    assert row["status_slug"] == "in-progress" and row["last_update"] == "1 сентября 2016\u202fг."
    assert row["other_language"] and row["lang"] == "en"  # exists only in English: badge and link to it
