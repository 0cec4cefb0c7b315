"""Open data, feeds and the report: parsed back with the tools a journalist would use."""
from __future__ import annotations

import csv
import io
import json
import re

import feedparser
import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.content.recordtypes import FOLDERS
from campaign.safety.suppression import EXACT, SMALL, WITHHELD, feasible_ranges, suppress
from campaign.site import aggregate

SENSITIVE = ("intersections", "age_group")


def test_records_json_validates_against_its_schema_and_holds_the_published_records(built_site, sample):
    data = json.loads((built_site / "data" / "records.json").read_text("utf-8"))
    schema = json.loads((built_site / "data" / "records.schema.json").read_text("utf-8"))
    jsonschema.validate(data, schema)
    assert data["licence"]["name"] == "CC BY 4.0"
    assert sorted(r["slug"] for r in data["records"]) == sorted(sample.records)
    for record in data["records"]:
        assert not set(SENSITIVE + ("consent", "review")) & set(record["fields"])
        for slug in record["fields"].get("related", []):
            assert slug in sample.records  # never the slug of a record that is not public
        original = sample.records[record["slug"]]
        assert record["titles"] == {lang: v.meta["title"] for lang, v in original.versions.items()}


def test_stories_csv_round_trips(built_site, sample):
    text = (built_site / "data" / "stories.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(sample.of_type("story"))
    for row in rows:
        story = sample.records[row["slug"]]
        assert row["city"] == story.meta["city"]
        assert row["violations"].split(";") == story.meta["violations"]
        assert row["incident_year"] == str(story.meta["incident_date"])[:4]
        assert not set(SENSITIVE) & set(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    assert out.getvalue() == text


def test_cities_geojson_is_valid_rfc7946_with_counts(built_site, sample):
    data = json.loads((built_site / "data" / "cities.geojson").read_text("utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert len(data["features"]) == len(sample.registries.cities)
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        city = sample.registries.cities[feature["properties"]["slug"]]
        assert (lon, lat) == (city["lon"], city["lat"])  # the city centre, nothing more precise
        stats = aggregate.place_stats(sample, city=city["slug"])
        assert feature["properties"]["stories"] == len(stats.stories)


def feeds(site):
    return sorted(site.rglob("feed.xml"))


def test_feeds_parse_and_list_published_records_with_stable_ids(built_site, sample):
    paths = feeds(built_site)
    expected = 4 * (1 + len(FOLDERS) + len(sample.registries.cities))
    assert len(paths) == expected
    for path in paths:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        for entry in feed.entries:
            kind, slug = entry.id.rsplit(":", 1)[1].split("/")
            assert slug in sample.records and sample.records[slug].type == kind
    site_wide = feedparser.parse((built_site / "ru" / "feed.xml").read_bytes())
    assert len(site_wide.entries) == min(50, len(sample.records))
    stories = feedparser.parse((built_site / "stories" / "feed.xml").read_bytes())
    assert {e.id.rsplit("/", 1)[1] for e in stories.entries} <= {r.slug for r in sample.of_type("story")}


def test_pages_announce_their_feeds(built_site):
    home = (built_site / "ru" / "index.html").read_text("utf-8")
    assert re.search(r'<link rel=" alternate" type="application/atom\+xml"[^>]*href="feed.xml"', home)
    city = (built_site / "cities" / "osh" / "index.html").read_text("utf-8")
    assert 'href="feed.xml"' in city and "application/atom+xml" in city


def report_table(html, key):
    body = re.search(rf'data-table="{key}">(.*?)</table>', html, re.S).group(1)
    return [(re.sub("<[^>]+>", "", label), state, value)
            for state, label, value in re.findall(r'<tr data-state="(\w+)"><th scope="row">(.*?)</th><td>(.*?)</td></tr>', body)]


def test_report_numbers_equal_the_records_and_small_sensitive_cells_are_hidden(built_site, sample):
    stories = sample.of_type("story")
    for prefix in ("", "ru/"):
        html = (built_site / prefix / "report" / "index.html").read_text("utf-8")
        years = report_table(html, "year")
        assert [(label, int(value)) for label, _, value in years] == sorted(
            (str(y), n) for y, n in aggregate.count_years(stories).items())
        violations = {label: int(value) for label, _, value in report_table(html, "violation")}
        assert sum(violations.values()) == sum(aggregate.count_terms(stories, "violations").values())
        for key in ("intersection", "age-group"):
            rows = report_table(html, key)
            for label, state, value in rows:
                if state == "exact":
                    assert int(value) >= 5, (key, label, value)
                else:
                    assert not value.isdigit()
        assert html.count("<svg") >= 8 and "<script" not in html.split('class="wav-report"')[1].split("</article>")[0]
        # every chart has an accessible name: its title, by id (macros.bar_chart)
        charts = re.findall(r'<div class="wav-chart" role="img" aria-labelledby="(chart-[\w-]+-title) chart-[\w-]+-desc"', html)
        assert len(charts) >= 8
        for title in charts:
            assert re.search(rf'id="{title}"[^>]*>[^<]+<', html), title


@settings(max_examples=400, deadline=None)
@given(counts=st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8),
       min_count=st.integers(min_value=2, max_value=10), knows_total=st.booleans())
def test_no_suppressed_cell_can_be_derived(counts, min_count, knows_total):
    table = {f"k{i}": n for i, n in enumerate(counts)}
    total = sum(counts) if knows_total else None
    cells = suppress(table, min_count, total)
    if cells is None:  # the table is not published at all
        assert total is not None
        return
    # nothing small is ever shown (zero neither: "fewer than 2" would otherwise mean 1)
    for cell in cells:
        if cell.count < min_count:
            assert cell.state == SMALL
        if cell.state == EXACT:
            assert cell.count == 0 or cell.count >= min_count
    # from what is shown (and the total), no small cell has a single possible value
    ranges = feasible_ranges(cells, min_count, total)
    for cell in cells:
        if cell.state == SMALL:
            lo, hi = ranges[cell.key]
            assert lo < hi, (table, total, cells)
            assert lo <= cell.count <= hi
        if cell.state == WITHHELD:
            assert cell.count >= min_count
