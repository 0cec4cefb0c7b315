"""Indexes, term pages and the home page: real builds and a reader in Chromium."""
from __future__ import annotations

import json
import posixpath
import re

import pytest

from campaign.content.recordtypes import FOLDERS
from campaign.site.indexpages import FILTER_FIELDS, TERM_TAXONOMIES, values

LINK = re.compile(r'class="wav-item__title" href="([^"]+)"')


def page_path(site, url):
    return site / url / "index.html"


def listed_slugs(site, page_url):
    """Record slugs an index page (all its pages) or term page lists."""
    html = page_path(site, page_url).read_text("utf-8")
    targets = [posixpath.normpath(posixpath.join(page_url, href)) for href in LINK.findall(html)]
    pager = re.findall(r'<nav class="wav-pager".*?</nav>', html, re.S)
    for href in re.findall(r'href="([^"]+)"', pager[0] if pager else ""):
        other = posixpath.normpath(posixpath.join(page_url, href)) + "/"
        if other != page_url:
            more = page_path(site, other).read_text("utf-8")
            targets += [posixpath.normpath(posixpath.join(other, h)) for h in LINK.findall(more)]
    return [t.rstrip("/").split("/")[-1] for t in targets]


@pytest.mark.parametrize("rtype", list(FOLDERS))
def test_each_index_lists_exactly_the_published_records_of_its_type(built_site, sample, rtype):
    expected = sorted(r.slug for r in sample.of_type(rtype))
    assert expected
    for prefix in ("", "ru/"):
        slugs = listed_slugs(built_site, f"{prefix}{FOLDERS[rtype]}/")
        assert sorted(slugs) == expected
        assert len(slugs) == len(set(slugs))
    hidden = [s for s, r in {**sample.hidden, **sample.tombstones}.items() if r.type == rtype]
    html = page_path(built_site, f"{FOLDERS[rtype]}/").read_text("utf-8")
    for slug in hidden:
        assert slug not in html


def test_filter_data_holds_the_same_records_with_facets(built_site, sample):
    data = json.loads((built_site / "ru/stories/index.json").read_text("utf-8"))
    assert sorted(re.search(r'href="([^"]+)"', it["h"]).group(1).rstrip("/").split("/")[-1] for it in data["items"]) \
        == sorted(r.slug for r in sample.of_type("story"))
    first = data["items"][0]
    assert set(first["f"]) >= {"city", "country", "year", "lang", "violations"}
    assert "intersections" not in first["f"] and "age_group" not in first["f"]  # sensitive: never per record


def test_russian_only_story_is_listed_in_the_english_index_with_a_badge(built_site, sample):
    story = next(r for r in sample.records.values() if r.languages == ["ru"])
    html = page_path(built_site, "stories/").read_text("utf-8")
    match = re.search(rf'href="(\.\./ru/stories/{story.slug}/)" hreflang="ru" lang="ru">([^<]+)</a> <span class="wav-badge" lang="ru">RU</span>', html)
    assert match, "the Russian-only story should be linked to its Russian page with a badge"
    assert match.group(2) == story.versions["ru"].meta["title"]


def test_term_pages_list_their_records_with_counts(built_site, sample):
    registries = sample.registries
    checked = 0
    for taxonomy in TERM_TAXONOMIES:
        tax = registries.taxonomies[taxonomy]
        fields = [(rtype, field) for rtype, pairs in FILTER_FIELDS.items() for field, t in pairs if t == taxonomy]
        for term in tax.terms:
            expected = sorted(r.slug for rtype, field in fields for r in sample.of_type(rtype) if term in values(r.meta, field))
            for prefix in ("", "ru/"):
                url = f"{prefix}{tax.path}/{term}/"
                assert sorted(listed_slugs(built_site, url)) == expected, url
                assert f'data-total="{len(expected)}"' in page_path(built_site, url).read_text("utf-8")
            checked += 1
    assert checked >= 30
    for taxonomy in ("intersection", "age-group"):  # sensitive: no term page may exist
        assert not (built_site / registries.taxonomies[taxonomy].path).exists()


def test_home_page_has_numbers_map_latest_records_and_help(built_site, sample):
    for prefix, _lang in (("", "en"), ("ru/", "ru")):
        html = (built_site / prefix / "index.html").read_text("utf-8")
        assert f"<strong>{len(sample.of_type('story'))}</strong>" in html
        assert 'class="folium-map wav-map__canvas"' in html and (built_site / prefix / "home-map.js").is_file()
        latest = max(sample.of_type("story"), key=lambda r: (str(r.meta["published"]), r.slug))
        assert f"stories/{latest.slug}/" in html
        assert 'href="help/"' in html


def _matching(sample, city, violation):
    return sorted(r.slug for r in sample.of_type("story")
                  if r.meta["city"] == city and violation in r.meta["violations"])


def _shown(reader):
    return sorted(href.rstrip("/").split("/")[-1]
                  for href in reader.locator(".wav-index__list .wav-item__title").evaluate_all("els => els.map(e => e.getAttribute('href'))"))


@pytest.mark.browser
def test_filters_narrow_the_list_share_in_the_url_and_follow_back(server, reader, sample):
    story = sorted(sample.of_type("story"), key=lambda r: r.slug)[0]
    city, violation = story.meta["city"], story.meta["violations"][0]
    expected = _matching(sample, city, violation)
    reader.goto(f"{server}/stories/")
    assert len(_shown(reader)) == len(sample.of_type("story"))
    reader.select_option('select[name="city"]', city)
    reader.select_option('select[name="violations"]', violation)
    reader.wait_for_function("n => document.querySelectorAll('.wav-index__list > li').length === n", arg=len(expected))
    assert _shown(reader) == expected
    assert f"city={city}" in reader.url and f"violations={violation}" in reader.url
    assert reader.locator(".wav-index__status").inner_text().startswith(str(len(expected)))
    # the shared URL restores the filter
    shared = reader.url
    reader.goto(shared)
    reader.wait_for_function("n => document.querySelectorAll('.wav-index__list > li').length === n", arg=len(expected))
    assert _shown(reader) == expected
    assert reader.locator('select[name="city"]').input_value() == city
    # back restores the previous state (city only)
    reader.go_back()
    reader.wait_for_function("() => !location.search.includes('violations')")
    only_city = sorted(r.slug for r in sample.of_type("story") if r.meta["city"] == city)
    reader.wait_for_function("n => document.querySelectorAll('.wav-index__list > li').length === n", arg=len(only_city))
    assert _shown(reader) == only_city
    assert reader.locator('select[name="violations"]').input_value() == ""
    assert reader.errors == [] and reader.hosts == {"127.0.0.1"}


@pytest.mark.browser
def test_filters_work_by_keyboard_alone(server, reader, sample):
    reader.goto(f"{server}/ru/stories/")
    reader.locator('select[name="city"]').focus()
    reader.keyboard.press("ArrowDown")  # first city in the list
    city = reader.locator('select[name="city"]').input_value()
    assert city
    expected = sorted(r.slug for r in sample.of_type("story") if r.meta["city"] == city)
    reader.wait_for_function("n => document.querySelectorAll('.wav-index__list > li').length === n", arg=len(expected))
    assert _shown(reader) == expected
    assert "истори" in reader.locator(".wav-index__status").inner_text()  # announced in Russian, as stories
    assert reader.locator(".wav-index__status").get_attribute("aria-live") == "polite"
    reader.keyboard.press("Tab")
    while reader.evaluate("document.activeElement.type") != "reset":
        reader.keyboard.press("Tab")
    reader.keyboard.press("Enter")
    reader.wait_for_function("n => document.querySelectorAll('.wav-index__list > li').length === n",
                             arg=len(sample.of_type("story")))


@pytest.mark.browser
def test_without_javascript_the_full_list_and_term_links_are_there(server, reader_without_js, sample):
    reader_without_js.goto(f"{server}/stories/")
    assert not reader_without_js.locator("form.wav-filters").is_visible()
    assert _shown(reader_without_js) == sorted(r.slug for r in sample.of_type("story"))
    links = reader_without_js.locator(".wav-browse a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(href.startswith("../violations/") for href in links)
    reader_without_js.locator(".wav-browse a").first.click()
    assert "/violations/" in reader_without_js.url or "/perpetrators/" in reader_without_js.url
    assert reader_without_js.locator(".wav-index__list > li").count() >= 1


def test_term_pages_and_indexes_are_paginated_without_losing_a_record(content_dir):
    import datetime as dt

    from campaign.content.collection import Published
    from campaign.site.context import language_context
    from campaign.site.indexpages import index_pages, index_view, term_pages, term_view
    from conftest import SECOND, load, write

    for i in range(3):
        write(content_dir / "stories" / f"extra-{i}.md", SECOND.replace("[arbitrary-detention]", "[extortion]"))
    published = Published(load(content_dir, today=dt.date(2020, 1, 1)))
    pages = [p for p in term_pages(published, 2) if p.taxonomy == "violation" and p.term == "extortion"]
    assert [p.number for p in pages] == [1, 2]  # card-story and three extras: 4 records, 2 per page
    seen = []
    for page in pages:
        view = term_view(page, published, language_context(published, "en"), page_size=2)
        assert view["total"] == 4 and len(view["pages"]) == 2
        seen += [it["url"] for section in view["sections"] for it in section["items"]]
    assert sorted(seen) == sorted(f"stories/{s}/" for s in ("card-story", "extra-0", "extra-1", "extra-2"))
    base = published.registries.taxonomies["violation"].path
    assert pages[1].path(published.registries) == f"{base}/extortion/page/2/"
    stories = [p for p in index_pages(published, 2) if p.type == "story"]
    assert [p.path for p in stories] == ["stories/", "stories/page/2/", "stories/page/3/"]
    urls = [it["url"] for p in stories for it in index_view(p, published, language_context(published, "ru"), 2)["items"]]
    assert len(urls) == len(set(urls)) == 5


def _further_links(site, record):
    prefix = "" if "en" in record.languages else f"{record.languages[0]}/"
    html = page_path(site, f"{prefix}stories/{record.slug}/").read_text("utf-8")
    groups = {}
    for heading, block in re.findall(r'<h2 id="(more-from-city|stories-like-this)">.*?</h2>\s*<ul>(.*?)</ul>', html, re.S):
        groups[heading] = [h.rstrip("/").split("/")[-1] for h in re.findall(r'<a href="([^"]+)"', block)]
    return groups.get("more-from-city", []), groups.get("stories-like-this", [])


def test_each_story_offers_the_newest_from_its_city_then_the_most_alike(built_site, sample):
    """At the end of a story a reader goes on to the three newest other stories of her city, then
    to three others (not those) that share the most violations, newest first among equals."""
    stories = sample.of_type("story")
    offered = 0
    for record in stories:
        others = sorted((r for r in stories if r.slug != record.slug),
                        key=lambda r: (str(r.meta.get("incident_date")), r.slug), reverse=True)
        city = [r.slug for r in others if r.meta.get("city") == record.meta.get("city")][:3]
        mine = set(record.meta.get("violations") or [])
        shared = [(len(mine & set(r.meta.get("violations") or [])), r.slug) for r in others if r.slug not in city]
        similar = [slug for n, slug in sorted(shared, key=lambda pair: -pair[0]) if n][:3]
        assert _further_links(built_site, record) == (city, similar), record.slug
        offered += bool(city) + bool(similar)
    assert offered > len(stories)  # most stories offer both lists


def test_a_taxonomy_no_record_uses_gets_no_page_nobody_could_reach(content_dir):
    """Term pages are reached from records' facts, index pages and each other; a taxonomy none of
    whose terms any record has (events' kinds on a site without events) would be pages no link
    leads to. A term without records in a taxonomy that has some keeps its page (its overview
    links it)."""
    import datetime as dt

    from campaign.content.collection import Published
    from campaign.site.indexpages import term_pages
    from conftest import load

    published = Published(load(content_dir, today=dt.date(2020, 1, 1)))
    assert not published.of_type("event")
    taxonomies = {p.taxonomy for p in term_pages(published, 50)}
    assert "violation" in taxonomies and not {"event-type", "participant"} & taxonomies
    violations = {p.term for p in term_pages(published, 50) if p.taxonomy == "violation"}
    assert violations == {None, *published.registries.taxonomies["violation"].terms}
