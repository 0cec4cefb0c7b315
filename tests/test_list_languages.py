"""Lists in a language none of their records is in (site.listlanguages, issue 21): the first page
is written in that language, the further pages are the default language's, and nothing offers or
links to a page that was not written. A real build of the sample with two records per list page."""
from __future__ import annotations

import posixpath
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from campaign.site import aggregate
from campaign.site.indexpages import TERM_TAXONOMIES, _term_records
from conftest import ROOT, run_build

LINK = re.compile(r'class="wav-item__title" href="([^"]+)"')
NOTE = {
    "ka": "ამ სიის შემდეგი გვერდები სხვა ენაზეა (ინგლისური): მისი არცერთი ჩანაწერი ამ ენაზე ჯერ არ არის.",
    "uk": "Наступні сторінки цього списку — іншою мовою (англійська): жодного його запису цією мовою ще немає.",
}


@pytest.fixture(scope="module")
def small_pages(tmp_path_factory):
    project = tmp_path_factory.mktemp("project")
    for name in ("content", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name)
    (project / "stage").mkdir()
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = config.replace("\n  - campaign:\n", "\n  - campaign:\n      place_list_size: 1\n      index_page_size: 2\n")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    site = project / "site"
    result = run_build(project / "mkdocs.yml", site, project)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def _terms(sample, lang, has):
    """(taxonomy path, term, records) of term lists with more than one page, with or without `lang`."""
    found = []
    for taxonomy in TERM_TAXONOMIES:
        tax = sample.registries.taxonomies.get(taxonomy)
        for term in (tax.terms if tax else []):
            records = [r for _, r in _term_records(sample, taxonomy, term)]
            if len(records) > 2 and any(lang in r.versions for r in records) == has:
                found.append((tax.path, term, records))
    return found


def _html(site, url):
    return (site / url / "index.html").read_text("utf-8")


def _pager(html):
    nav = re.search(r'<nav class="wav-pager"[^>]*>(.*?)</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)"( hreflang="([a-z]+)")?>(\d+)</a>', nav.group(1)) if nav else []


def _alternates(html):
    return set(re.findall(r'<link rel=" alternate" href="[^"]*" hreflang="([a-z]+)">', html))


@pytest.mark.parametrize("lang", ["ka", "uk"])
def test_a_list_none_of_whose_records_is_in_the_language_continues_in_the_default_one(small_pages, sample, lang):
    site = small_pages
    path, term, records = _terms(sample, lang, has=False)[0]
    first = f"{lang}/{path}/{term}/"
    html = _html(site, first)
    assert f'<html lang="{lang}"' in html
    # the first page, in the reader's language: the newest two records
    assert len(LINK.findall(html)) == 2
    assert not (site / first / "page" / "2").exists(), "no second page in a language none of the records is in"
    links = _pager(html)
    assert [int(number) for *_, number in links] == list(range(2, -(-len(records) // 2) + 1))
    assert all(code == "en" for _, _, code, _ in links), "the further pages are marked as in English"
    assert f'<p class="wav-pager__note">{NOTE[lang]}</p>' in html
    # a reader following the pager reaches every record of the list once, newest first
    found = [h.rstrip("/").rsplit("/", 1)[-1] for h in LINK.findall(html)]
    for href, *_ in links:
        url = posixpath.normpath(posixpath.join(first, href)) + "/"
        assert url == f"{path}/{term}/page/{url.rstrip('/').rsplit('/', 1)[-1]}/", url
        page = _html(site, url)
        assert '<html lang="en"' in page
        found += [h.rstrip("/").rsplit("/", 1)[-1] for h in LINK.findall(page)]
        # the English page offers only the languages it is written in: not this one
        assert lang not in _alternates(page) and "en" in _alternates(page)
        assert f'hreflang="{lang}" lang="{lang}" class="md-select__link"' not in page
    assert found == [r.slug for r in records]
    assert "wav-pager__note" not in _html(site, f"{path}/{term}/"), "no note where the pages are the reader's"


def test_a_list_with_a_record_in_the_language_is_written_whole_in_it(small_pages, sample):
    site = small_pages
    path, term, records = _terms(sample, "ka", has=True)[0]
    html = _html(site, f"ka/{path}/{term}/")
    links = _pager(html)
    assert links and all(not code for _, _, code, _ in links)
    assert "wav-pager__note" not in html
    second = _html(site, f"ka/{path}/{term}/page/2/")
    assert '<html lang="ka"' in second and {"en", "ka"} <= _alternates(second)


def test_indexes_and_place_lists_follow_the_same_rule(small_pages, sample):
    site = small_pages
    languages = sample.settings.languages
    for rtype, folder in (("story", "stories"), ("solution", "solutions")):
        records = sample.of_type(rtype)
        for lang in languages[1:]:
            written = (site / lang / folder / "page" / "2" / "index.html").exists()
            assert written == any(lang in r.versions for r in records), (lang, folder)
    # a city's list of stories: pages after the first only in the languages of its stories
    checked = 0
    for city in sample.registries.cities:
        stories = aggregate.place_stats(sample, city=city).stories
        if len(stories) <= 2:
            continue
        for lang in languages[1:]:
            has = any(lang in r.versions for r in stories)
            assert (site / lang / "cities" / city / "stories" / "page" / "2" / "index.html").exists() == has
            checked += not has
    assert checked, "the sample should have a city with a list none of whose stories is in some language"


def test_the_sitemap_names_no_page_that_was_not_written(small_pages):
    site = small_pages
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    base = re.search(r'<link rel="canonical" href="([^"]+)"', _html(site, "")).group(1)
    missing = []
    for url in root.findall("s:url", ns):
        for address in [url.find("s:loc", ns).text] + [a.get("href") for a in url.findall("x:link", ns)]:
            rel = address[len(base):]
            if not (site / rel / "index.html").is_file():
                missing.append(address)
    assert not missing, missing[:10]
