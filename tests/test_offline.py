"""The offline copy (issue 8): `python3 -m campaign.tools.offline` writes a zip that a reader
unzips and opens from the file system, without a server; Chromium reads it over file://."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from campaign.tools.offline import Offline, with_file_sources
from conftest import ROOT

HREF = re.compile(r"""\s(?:href|src|data-first)=["']([^"']*)["']""" r'|\scontent="\d+; ?url=([^"]*)"')


# -- the zip ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory) -> Path:
    """The offline copy of the sample site, built once with the command editors run."""
    out = tmp_path_factory.mktemp("offline") / "wav-offline.zip"
    result = subprocess.run(
        [sys.executable, "-m", "campaign.tools.offline", "--config", str(ROOT / "mkdocs.yml"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    assert out.is_file()
    return out


@pytest.fixture(scope="module")
def copy(offline_zip, tmp_path_factory) -> Path:
    """The zip, unzipped as a reader would."""
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(folder)
    return folder


def links(html: str) -> list[str]:
    """href, src and data-first values, and the address of a meta refresh."""
    return [a or b for a, b in HREF.findall(html)]


def pages(copy: Path):
    return sorted(copy.rglob("*.html"))


def test_help():
    result = subprocess.run([sys.executable, "-m", "campaign.tools.offline", "--help"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "--config" in result.stdout and "--out" in result.stdout


def test_zip_root_opens_the_english_home_page(copy):
    home = (copy / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home
    assert (copy / "ru" / "index.html").is_file()
    assert (copy / "OFFLINE.txt").is_file()
    assert not (copy / "pagefind").exists()  # search cannot work from file://


def test_no_link_points_to_a_folder_and_every_local_link_exists(copy):
    """From file:// a link to a folder shows a listing: every relative link names a file
    of the copy. Absolute links (https:, mailto:) are left to the browser."""
    broken = []
    for page in pages(copy):
        for value in links(page.read_text(encoding="utf-8")):
            if not value or value.startswith(("#", "?", "//")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
                continue
            path = unquote(re.split(r"[?#]", value, maxsplit=1)[0])
            target = (page.parent / path)
            if value.startswith("/") or not target.is_file():
                broken.append(f"{page.relative_to(copy)}: {value}")
    assert broken == []


def test_map_popups_link_to_pages(copy):
    """Popups of the maps (map.js, home-map.js) carry links too; they name files as well."""
    scripts = [p for p in copy.rglob("*.js") if p.name in ("map.js", "home-map.js")]
    assert len(scripts) >= 4 * 2  # the regional map and the home page's, in four languages
    for script in scripts:
        hrefs = re.findall(r'href=\\"([^"\\]*)\\"', script.read_text(encoding="utf-8"))
        assert hrefs, script
        for value in hrefs:
            assert (script.parent / value).is_file(), (script, value)


def test_absolute_links_are_untouched(copy, built_site, sample):
    """The rewriting never touches links to other sites (quick exit, organisations, licences)."""
    absolute = re.compile(r"""\s(?:href|src)=["']((?:https?|mailto|tel):[^"']*)["']""")
    story = next(r for r in sorted(sample.records.values(), key=lambda r: r.slug)
                 if r.type == "story" and r.status == "published")
    for path in ("index.html", "about/index.html", "help/index.html", f"{story.url('en', 'en')}index.html"):
        original = absolute.findall((built_site / path).read_text(encoding="utf-8"))
        assert original, path
        assert absolute.findall((copy / path).read_text(encoding="utf-8")) == original, path


def test_every_page_keeps_its_policy_with_file_sources(copy):
    for page in pages(copy):
        text = page.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        assert policy, page
        directives = {d.split()[0]: d.split()[1:] for d in policy.group(1).split(";") if d.strip()}
        if page.name != "index.html" or "http-equiv=\"refresh\"" not in text:  # redirects: default-src 'none'
            assert "file:" in directives["script-src"] and "'self'" in directives["script-src"], page
            assert "'unsafe-inline'" not in directives["script-src"], page
        for name in ("default-src", "script-src", "style-src", "img-src"):
            assert ("'self'" in directives.get(name, [])) == ("file:" in directives.get(name, [])), (page, name)
        assert not any("http" in word for words in directives.values() for word in words), page
        assert 'type="module"' not in text, page  # refused from file://, so not loaded at all


def test_index_pages_load_their_data_as_a_script(copy):
    indexes = [p for p in pages(copy) if "data-wav-index" in p.read_text(encoding="utf-8")]
    assert len(indexes) >= 16  # four record types in four languages
    for page in indexes:
        text = page.read_text(encoding="utf-8")
        src = re.search(r'<script src="([^"]*index\.data\.js)" defer></script>\s*<script src="[^"]*filters\.js"', text)
        assert src, page
        script = (page.parent / src.group(1)).read_text(encoding="utf-8")
        data = json.loads(script.split("window.WAV_INDEX_DATA = ", 1)[1].rstrip().rstrip(";"))
        original = json.loads((page.parent / src.group(1)).with_name("index.json").read_text(encoding="utf-8"))
        assert [item["f"] for item in data["items"]] == [item["f"] for item in original["items"]]
        for item in data["items"]:
            for value in links(item["h"]):
                assert value.endswith("index.html"), (page, value)


# -- the rewriting, on a small tree ----------------------------------------------------

@pytest.fixture
def tree(tmp_path) -> Path:
    for folder in ("", "stories", "stories/x", "ru", "ru/stories"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "index.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.css").write_text("", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("value, expected", [
    ("x/", "x/index.html"),
    ("./", "./index.html"),
    (".", "./index.html"),
    ("..", "../index.html"),
    ("../", "../index.html"),
    ("../ru/stories/", "../ru/stories/index.html"),
    ("x/#top", "x/index.html#top"),
    ("./?city=osh", "./index.html?city=osh"),
    ("/ru/", "../ru/index.html"),
    ("/", "../index.html"),
    ("/assets/a.css", "../assets/a.css"),
    ("../assets/a.css", None),
    ("../missing/", None),
    ("../assets/", None),  # a folder without a page
    ("../../", None),  # outside the copy
    ("https://example.org/stories/", None),
    ("mailto:someone@example.org", None),
    ("//example.org/", None),
    ("#top", None),
    ("?city=osh", None),
    ("", None),
])
def test_folder_links_point_to_index_html(tree, value, expected):
    assert Offline(tree, prefix="/").file_url(value, str(tree / "stories")) == expected


def test_only_url_attributes_of_tags_change(tree):
    offline = Offline(tree, prefix="/")
    html = ('<a data-src="x/" href="x/" title="x/">x/</a><script>var a = "<a href=\\"x/\\">";</script>'
            "<!-- <a href=\"x/\"> --><img src='..' alt=\"..\"><div data-first=./></div>")
    assert offline.rewrite_fragment(html, str(tree / "stories")) == (
        '<a data-src="x/" href="x/index.html" title="x/">x/</a><script>var a = "<a href=\\"x/\\">";</script>'
        "<!-- <a href=\"x/\"> --><img src='../index.html' alt=\"..\"><div data-first=./index.html></div>")


def test_redirect_pages_lead_to_the_page(tree):
    offline = Offline(tree, prefix="/")
    html = '<meta http-equiv="refresh" content="0; url=../x/"><meta name="x" content="0; url=../x/">'
    assert offline.rewrite_fragment(html, str(tree / "stories" / "old")) == (
        '<meta http-equiv="refresh" content="0; url=../x/index.html"><meta name="x" content="0; url=../x/">')


def test_policy_gets_file_sources_only_beside_self():
    page = ('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
            "script-src 'self' 'sha256-abc'; img-src 'self' data: https://tiles.example; "
            "object-src 'none'; base-uri 'self'\">")
    assert with_file_sources(page) == (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\' file:; '
        "script-src 'self' 'sha256-abc' file:; img-src 'self' data: https://tiles.example file:; "
        "object-src 'none'; base-uri 'self'\">")


# -- a reader in Chromium, over file:// --------------------------------------------------

@pytest.fixture
def reader(browser):
    """A fresh page recording console errors (page.errors), failed loads (page.failed) and
    every requested URL (page.urls)."""
    context = browser.new_context()
    page = context.new_page()
    page.errors, page.failed, page.urls = [], [], []
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    # net::ERR_ABORTED is a load the browser cancelled because the test moved on to the next
    # page (seen once for the favicon); a missing or refused file fails differently
    page.on("requestfailed", lambda req: req.failure != "net::ERR_ABORTED"
            and page.failed.append(f"{req.url} {req.failure}"))
    page.on("request", lambda req: page.urls.append(req.url))
    yield page
    context.close()


def settled(reader):
    """Nothing went wrong, and nothing was requested from a network host."""
    reader.wait_for_load_state("load")
    assert any(u.startswith("file://") for u in reader.urls)  # the request hook sees file:// loads
    assert reader.errors == []
    assert reader.failed == []
    assert [u for u in reader.urls if urlparse(u).scheme not in ("file", "data", "blob")] == []


def styled(reader) -> bool:
    background = reader.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    return background not in ("", "transparent", "rgba(0, 0, 0, 0)")


def switch_language(reader, lang):
    reader.locator(".md-header__option .md-select").first.hover()
    reader.locator(f'.md-select__link[hreflang="{lang}"]').first.click()


def index_items(copy, folder) -> list[dict]:
    return json.loads((copy / folder / "index.json").read_text(encoding="utf-8"))["items"]


@pytest.mark.browser
def test_home_page_shows_styled_with_its_map_and_switches_language(copy, reader):
    reader.goto((copy / "index.html").as_uri())
    assert styled(reader)
    assert reader.locator("html").get_attribute("lang") == "en"
    assert reader.locator(".leaflet-overlay-pane path.leaflet-interactive").count() > 0
    switch_language(reader, "ru")
    reader.wait_for_url((copy / "ru" / "index.html").as_uri())
    assert reader.locator("html").get_attribute("lang") == "ru"
    assert styled(reader)
    settled(reader)


@pytest.mark.browser
def test_index_filter_story_and_language_switch(copy, reader, sample):
    story = next(r for r in sorted(sample.records.values(), key=lambda r: r.slug)
                 if r.type == "story" and r.status == "published" and {"en", "ru"} <= set(r.versions))
    city = story.meta["city"]
    items = index_items(copy, "stories")
    expected = [i for i in items if i["f"]["city"] == city]
    assert 0 < len(expected) < len(items)

    # from the home page to the stories index, as a reader goes
    reader.goto((copy / "index.html").as_uri())
    reader.locator('a[href="stories/index.html"]').first.click()
    reader.wait_for_url((copy / "stories" / "index.html").as_uri())
    assert styled(reader)
    listed = reader.locator(".wav-index__list .wav-item")
    assert listed.count() > len(expected)

    # filtering by city narrows the list to that city's records
    reader.locator('select[name="city"]').select_option(city)
    reader.wait_for_function("n => document.querySelectorAll('.wav-index__list .wav-item').length === n",
                             arg=len(expected))
    assert reader.url.endswith(f"stories/index.html?city={city}")
    assert str(len(expected)) in reader.locator(".wav-index__status").inner_text()
    titles = listed.locator(".wav-item__title").all_inner_texts()
    assert story.versions["en"].meta["title"] in titles

    # opening a story from the filtered list
    reader.locator(".wav-item__title", has_text=story.versions["en"].meta["title"]).first.click()
    reader.wait_for_url((copy / "stories" / story.slug / "index.html").as_uri())
    assert reader.locator("h1").first.inner_text().strip() == story.versions["en"].meta["title"]
    assert styled(reader)

    # the language switcher leads to the same story in Russian
    switch_language(reader, "ru")
    reader.wait_for_url((copy / "ru" / "stories" / story.slug / "index.html").as_uri())
    assert reader.locator("html").get_attribute("lang") == "ru"
    assert reader.locator("h1").first.inner_text().strip() == story.versions["ru"].meta["title"]

    # back in the browser history: the filtered list again
    reader.go_back()
    reader.go_back()
    reader.wait_for_url(f"**/stories/index.html?city={city}")
    reader.wait_for_function("n => document.querySelectorAll('.wav-index__list .wav-item').length === n",
                             arg=len(expected))
    settled(reader)


@pytest.mark.browser
def test_russian_index_filters_with_its_own_data(copy, reader):
    items = index_items(copy, "ru/stories")
    cities = sorted({i["f"]["city"] for i in items})
    city = cities[0]
    expected = [i for i in items if i["f"]["city"] == city]
    reader.goto((copy / "ru" / "stories" / "index.html").as_uri() + f"?city={city}")
    reader.wait_for_function("n => document.querySelectorAll('.wav-index__list .wav-item').length === n",
                             arg=len(expected))
    assert reader.locator("html").get_attribute("lang") == "ru"
    settled(reader)


@pytest.mark.browser
def test_regional_map_draws_markers_and_its_popups_open_city_pages(copy, reader):
    reader.goto((copy / "index.html").as_uri())
    reader.locator('a[href="map/index.html"]').first.click()
    reader.wait_for_url((copy / "map" / "index.html").as_uri())
    markers = reader.locator(".leaflet-overlay-pane path.leaflet-interactive")
    assert markers.count() > 0
    markers.first.dispatch_event("click")
    link = reader.locator(".leaflet-popup-content a").first
    href = link.get_attribute("href")
    assert href.startswith("../cities/") and href.endswith("/index.html")
    link.click()
    reader.wait_for_url("**/cities/*/index.html")
    assert styled(reader)
    assert reader.locator(".leaflet-overlay-pane path.leaflet-interactive").count() > 0
    settled(reader)


@pytest.mark.browser
def test_redirect_of_a_renamed_record_opens_the_page(copy, reader):
    redirects = [p for p in sorted((copy / "stories").glob("*/index.html"))
                 if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")]
    if not redirects:
        pytest.skip("the sample has no renamed record")
    reader.goto(redirects[0].as_uri())
    reader.wait_for_url(lambda url: url != redirects[0].as_uri() and url.endswith("/index.html"))
    reader.locator("h1").first.wait_for()
    assert styled(reader)
    settled(reader)
