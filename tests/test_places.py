"""City, country and regional pages: real builds and a reader in Chromium."""
from __future__ import annotations

import re
import shutil

import pytest

from campaign.site import aggregate
from conftest import ROOT, run_build

PLACE_DIRS = ("cities", "countries", "map")
# numbers and exports that a draft must not change either
NUMBER_DIRS = PLACE_DIRS + ("report", "data", "stories", "solutions", "successes", "commitments")


def place_files(site, dirs=PLACE_DIRS):
    """Every file of the place pages (HTML and map scripts), in every language, by relative path."""
    out = {}
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        parts = rel.split("/")
        if parts[0] in ("ru", "uk", "ka"):
            parts = parts[1:]
        if path.is_file() and parts and parts[0] in dirs and (
                dirs is PLACE_DIRS or parts[0] in PLACE_DIRS + ("report", "data") or len(parts) <= 2):
            out[rel] = path.read_bytes()
    return out


def table(html: str, name: str) -> dict:
    body = re.search(rf'data-table="{name}">(.*?)</table>', html, re.S)
    if body is None:
        return {}
    return {key: int(n) for key, n in re.findall(r'<tr data-key="([^"]+)"><th[^>]*>.*?</th><td>(\d+)</td>', body.group(1))}


def test_every_city_and_country_page_exists_in_every_language(built_site, sample):
    registries = sample.registries
    assert len(registries.cities) >= 16 and len(registries.countries) >= 8
    for lang in sample.settings.languages:
        prefix = "" if lang == "en" else f"{lang}/"
        paths = ([f"cities/{slug}/" for slug in registries.cities]
                 + [f"countries/{code}/" for code in registries.countries] + ["map/"])
        for path in paths:
            page = built_site / prefix / path / "index.html"
            assert page.is_file(), f"missing {prefix}{path}"
            html = page.read_text("utf-8")
            assert f'<html lang="{lang}"' in html
            assert (built_site / prefix / path / "map.js").is_file()
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    assert "cities/tbilisi/" in sitemap and "ru/countries/ge/" in sitemap


def test_numbers_on_city_and_country_pages_equal_those_of_their_records(built_site, sample):
    registries = sample.registries
    places = [("city", slug) for slug in registries.cities] + [("country", code) for code in registries.countries]
    for kind, key in places:
        stats = aggregate.place_stats(sample, **{kind: key})
        folder = "cities" if kind == "city" else "countries"
        for prefix in ("", "ru/"):
            html = (built_site / f"{prefix}{folder}/{key}/index.html").read_text("utf-8")
            assert f'data-stories="{len(stats.stories)}"' in html
            assert table(html, "violation") == dict(stats.by_violation)
            assert table(html, "year") == {str(y): n for y, n in stats.by_year.items()}
            for story in stats.stories:
                assert f"/stories/{story.slug}/" in html


def test_city_page_links_to_its_records_and_help(built_site, sample):
    html = (built_site / "ru/cities/tbilisi/index.html").read_text("utf-8")
    assert 'class="wav-help"' in html
    assert "step-forward.example/report" in html  # how to report a case
    assert "Карта региона" in html


def test_a_draft_changes_no_page_number_export_or_feed_and_builds_are_byte_identical(tmp_path, built_site, sample):
    project = tmp_path / "project"
    for name in ("content", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name)
    (project / "stage").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    story = next(r for r in sample.records.values() if r.type == "story" and r.meta["city"] == "tbilisi")
    text = (ROOT / story.original.path).read_text("utf-8")
    draft = text.replace("status: published", "status: draft").replace(story.original.meta["title"], "PLACE-DRAFT-CANARY")
    (project / "content/stories/a-new-draft-tbilisi.md").write_text(draft, "utf-8")
    site = tmp_path / "site"
    result = run_build(project / "mkdocs.yml", site, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    before, after = place_files(built_site, NUMBER_DIRS), place_files(site, NUMBER_DIRS)
    assert len(before) >= (16 + 10 + 1) * 4 * 2
    assert "data/records.json" in before and "ru/report/index.html" in before and "ru/stories/feed.xml" in before
    assert before.keys() == after.keys()
    changed = [path for path in before if before[path] != after[path]]
    assert changed == [], f"pages differ between two builds of the same published content: {changed[:5]}"


@pytest.mark.browser
def test_regional_map_has_one_marker_per_city_with_stories_and_links_in_language(server, reader, sample):
    with_stories = [slug for slug in sample.registries.cities if aggregate.place_stats(sample, city=slug).stories]
    reader.goto(f"{server}/ru/map/")
    markers = reader.locator(".leaflet-overlay-pane path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() == len(with_stories)
    markers.nth(0).click(force=True)
    link = reader.locator(".leaflet-popup-content a").first
    link.wait_for()
    city = with_stories[0]
    assert link.inner_text() == sample.registries.cities[city]["name"]["ru"]
    link.click()
    reader.wait_for_url(f"**/ru/cities/{city}/")
    assert reader.locator("html").get_attribute("lang") == "ru"
    assert reader.errors == []
    assert reader.hosts == {"127.0.0.1"}


@pytest.mark.browser
def test_without_javascript_the_tables_replace_the_map(server, reader_without_js):
    reader_without_js.goto(f"{server}/map/")
    assert reader_without_js.locator('table.wav-table').first.is_visible()
    assert not reader_without_js.locator(".wav-map__canvas").is_visible()
    reader_without_js.goto(f"{server}/cities/osh/")
    assert reader_without_js.locator('table[data-table="violation"]').is_visible()
    assert reader_without_js.hosts == {"127.0.0.1"}


@pytest.mark.browser
def test_printed_city_page_is_a_clean_dossier(server, reader):
    reader.goto(f"{server}/cities/tbilisi/")
    reader.locator(".wav-map__canvas").wait_for()
    assert reader.locator(".md-header").is_visible()
    reader.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".wav-map"):
        assert not reader.locator(selector).first.is_visible(), selector
    assert reader.locator('table[data-table="violation"]').is_visible()
    shown = reader.locator(".wav-list a[data-print]").first.evaluate(
        "a => getComputedStyle(a, '::after').content")
    assert "/stories/" in shown
    pdf = reader.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


# -- long lists: a place page shows the newest records, its list pages all of them ----------

def test_place_page_lists_the_newest_records_and_links_to_all_of_them(sample):
    from campaign.site import placelists, placepages
    from campaign.site.context import language_context

    # the country with the most stories in the sample
    code = max(sample.registries.countries, key=lambda c: len(aggregate.place_stats(sample, country=c).stories))
    stats = aggregate.place_stats(sample, country=code)
    assert len(stats.stories) >= 5
    page = placepages.PlacePage("country", code)

    view = placepages.view(page, sample, language_context(sample, "ru"), list_size=2)
    assert [item["url"] for item in view["stories"]] == [r.url("ru", "en") for r in stats.stories[:2]], \
        "the page shows the two newest stories"
    assert view["count"]["stories"] == len(stats.stories), "the counts still count every story"
    assert view["more"]["story"] == {"count": len(stats.stories), "path": f"ru/countries/{code}/stories/"}

    # the list pages (3 a page) hold every story of the country once, newest first, then stop
    pages = [p for p in placelists.list_pages(sample, 2, 3) if p.place == page and p.type == "story"]
    assert len(pages) == -(-len(stats.stories) // 3)
    assert pages[0].path == f"countries/{code}/stories/" and pages[1].path == f"countries/{code}/stories/page/2/"
    listed = [it["url"] for p in pages for it in placelists.view(p, sample, language_context(sample, "ru"), 3)["sections"][0]["items"]]
    assert listed == [r.url("ru", "en") for r in stats.stories]

    # a place whose lists fit on its page gets no "see all" and no list page
    whole = placepages.view(page, sample, language_context(sample, "ru"), list_size=len(stats.stories) + 100)
    assert whole["more"] == {} and len(whole["stories"]) == len(stats.stories)
    assert placelists.list_pages(sample, 1000, 3) == []


def test_see_all_links_lead_to_every_record_of_the_place_in_a_real_build(tmp_path, sample):
    project = tmp_path / "project"
    for name in ("content", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name)
    (project / "stage").mkdir()
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "\n  - campaign:\n" in config
    config = config.replace("\n  - campaign:\n", "\n  - campaign:\n      place_list_size: 1\n      index_page_size: 2\n")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    site = tmp_path / "site"
    result = run_build(project / "mkdocs.yml", site, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]

    city = max(sample.registries.cities, key=lambda c: len(aggregate.place_stats(sample, city=c).stories))
    stories = aggregate.place_stats(sample, city=city).stories
    assert len(stories) >= 3, "the sample should have a city with three stories or more"
    html = (site / f"ru/cities/{city}/index.html").read_text("utf-8")
    listed = re.search(r'<h2 id="stories">.*?</ul>', html, re.S).group(0)
    assert len(re.findall(r"<li>", listed)) == 1
    see_all = re.search(r'<p class="wav-more"><a href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert see_all and see_all.group(2) == f"Показать все ({len(stories)})"
    # follow the link, then each page of its pager, as a reader would
    first = ((site / f"ru/cities/{city}") / see_all.group(1)).resolve()
    pager = re.search(r'<nav class="wav-pager"[^>]*>(.*?)</nav>', (first / "index.html").read_text("utf-8"), re.S)
    assert pager, "more stories than a list page holds: the list is paginated"
    pages = [first] + [(first / href).resolve() for href in re.findall(r'href="([^"]+)"', pager.group(1))]
    assert len(pages) == -(-len(stories) // 2)
    found = []
    for page in pages:
        listing = (page / "index.html").read_text("utf-8")
        assert '<html lang="ru"' in listing
        hrefs = re.findall(r'<a class="wav-item__title" href="([^"]+)"', listing)
        assert all((page / href / "index.html").resolve().is_file() for href in hrefs), "list links open the records"
        found += [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]
    assert found == [s.slug for s in stories], "every story of the city, once, newest first"


@pytest.mark.parametrize("option", ["place_list_size", "index_page_size"])
def test_a_list_size_below_one_is_refused_with_the_option_named(tmp_path, option):
    project = tmp_path / "project"
    for name in ("content", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name)
    (project / "stage").mkdir()
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace("\n  - campaign:\n", f"\n  - campaign:\n      {option}: 0\n")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    result = run_build(project / "mkdocs.yml", tmp_path / "site", cwd=project)
    assert result.returncode != 0
    assert f"campaign: {option} is 0; it must be 1 or more" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists(), "nothing is published"
