"""Search (SPEC 4.1, 4.4, 5.1): Pagefind over published records, city and country pages and the help
page, per language, fetched on demand.

The index is built by campaign.site.search from the real build; the browser tests type into the
search box in headless Chromium and measure what is fetched.
"""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from campaign.site.search import build_search_index
from conftest import ROOT, copy_project, run_build

CANARY = "CANARY-"
WORD = re.compile(r"[^\W\d_]{7,}")


# -- helpers --------------------------------------------------------------------------------

def bundle(site: Path) -> Path:
    folder = site / "pagefind"
    assert (folder / "pagefind-entry.json").is_file(), (
        "no Pagefind index in the built site: the build must call campaign.site.search.build_search_index")
    return folder


def decompressed(path: Path) -> bytes:
    """A bundle file as Pagefind reads it: its index, meta and fragment files are gzip-compressed."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    return data


def canary_strings() -> list[str]:
    found = set()
    for path in (ROOT / "content").rglob("*.md"):
        found.update(re.findall(r"CANARY-[A-Za-z0-9-]*[A-Za-z0-9]", path.read_text("utf-8")))
    return sorted(found)


def visible_words(markdown: str) -> list[str]:
    """Words of a record body as readers see them (no link targets, no HTML tags)."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"\S+://\S+", " ", text)
    return [w.lower() for w in WORD.findall(text)]


def word_of_one_record(sample, lang: str):
    """(record, word): a word found in the text of exactly one published record in `lang`."""
    words = {slug: set(visible_words(r.versions[lang].body))
             for slug, r in sorted(sample.records.items()) if lang in r.versions}
    counts = Counter(w for ws in words.values() for w in ws)
    for slug, ws in words.items():
        unique = sorted(w for w in ws if counts[w] == 1)
        if unique:
            return sample.records[slug], unique[0]
    pytest.fail(f"no {lang} record has a word of its own")


def common_word(sample, lang: str) -> str:
    """A word found in the text of many published records in `lang`."""
    counts = Counter(w for r in sample.records.values() if lang in r.versions
                     for w in set(visible_words(r.versions[lang].body)))
    return counts.most_common(1)[0][0]


def home(server, lang, sample):
    default = sample.settings.default_language
    return f"{server}/" if lang == default else f"{server}/{lang}/"


class Requests(list):
    """(url, body bytes as transferred) of every finished request of a page, in order.

    Playwright's "networkidle" resolves at once when the page already reached it, and a
    request's "requestfinished" reaches Python after the page used the response; so
    tests wait with `settle` until nothing is in flight and nothing new finished.
    """

    def __init__(self, page):
        super().__init__()
        self.page = page
        self.pending = set()
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfailed", lambda request: self.pending.discard(request))
        page.on("requestfinished", self._finished)

    def _finished(self, request):
        self.pending.discard(request)
        self.append((request.url, request.sizes()["responseBodySize"]))

    def settle(self, quiet_ms: int = 500, timeout_ms: int = 15_000) -> None:
        waited, still = 0, 0
        count = len(self)
        while waited < timeout_ms:
            self.page.wait_for_timeout(100)
            waited += 100
            if self.pending or len(self) != count:
                count, still = len(self), 0
            else:
                still += 100
                if still >= quiet_ms:
                    return
        raise AssertionError(f"requests still in flight after {timeout_ms} ms: "
                             f"{sorted(r.url for r in self.pending)}")


def watch_requests(page) -> Requests:
    return Requests(page)


def search(page, query: str) -> list[str]:
    """Type `query` into the search box; the result links once the results are shown."""
    box = page.locator("[data-wav-search]")
    waiting = [box.get_attribute("data-wav-initializer").strip(), box.get_attribute("data-wav-placeholder").strip()]
    none = box.get_attribute("data-wav-none").strip()
    field = page.locator("[data-wav-search-query]")
    field.click()
    field.fill("")
    field.fill(query)
    page.wait_for_function(
        """([waiting, none]) => {
             const meta = document.querySelector('[data-wav-search-meta]').textContent.trim();
             if (!meta || waiting.includes(meta)) return false;
             return meta === none || document.querySelectorAll('[data-wav-search-list] li').length > 0;
           }""",
        arg=[waiting, none],
    )
    page.wait_for_load_state("networkidle")
    return page.locator("[data-wav-search-list] a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def other_pages(sample) -> list[str]:
    """Site paths (no language prefix) of the searchable pages that are not records (SPEC 4.4)."""
    registries = sample.registries
    return (["help/"] + [f"cities/{slug}/" for slug in registries.cities]
            + [f"countries/{code}/" for code in registries.countries])


def searchable(sample, lang: str) -> set[str]:
    """Links a search in `lang` may return: published record pages, city and country pages, help."""
    default = sample.settings.default_language
    prefix = "" if lang == default else f"{lang}/"
    return ({f"/{r.url(lang, default)}" for r in sample.records.values() if lang in r.versions}
            | {f"/{prefix}{path}" for path in other_pages(sample)})


def pagefind_requests(fetched) -> list:
    return [(url, size) for url, size in fetched if "/pagefind/" in url]


# -- the index (real build) -----------------------------------------------------------------

@pytest.mark.build
def test_index_holds_every_published_record_version_and_nothing_else(built_site, sample):
    entry = json.loads((bundle(built_site) / "pagefind-entry.json").read_text("utf-8"))
    indexed = {lang: info["page_count"] for lang, info in entry["languages"].items()}
    expected = Counter(lang for record in sample.records.values() for lang in record.versions)
    for lang in sample.settings.languages:  # and in every language: help, every city and country page
        expected[lang] += len(other_pages(sample))
    assert indexed == dict(expected)


@pytest.mark.build
def test_index_contains_no_unpublished_text(built_site, sample):
    files = [path for path in bundle(built_site).rglob("*") if path.is_file()]
    fragments = [path for path in files if path.suffix == ".pf_fragment"]
    assert fragments, "the index has no fragment files"
    others = len(other_pages(sample)) * len(sample.settings.languages)
    assert sum(len(r.versions) for r in sample.records.values()) + others == len(fragments)
    published_text = " ".join(v.body + " " + json.dumps(v.meta, default=str, ensure_ascii=False)
                              for r in sample.records.values() for v in r.versions.values()).lower()
    for path in files:
        data = decompressed(path)
        assert CANARY.encode() not in data, f"{path} holds text of an unpublished record"
        if path.suffix == ".pf_index" and "canary" not in published_text:
            assert b"canary" not in data.lower(), f"{path} indexes a word of an unpublished record"
    for record in list(sample.tombstones.values()) + list(sample.hidden.values()):
        for path in fragments:
            assert f"/{record.folder}/{record.slug}/".encode() not in decompressed(path), \
                f"{record.slug} is not published but {path} holds its page"


# -- build_search_index on its own ----------------------------------------------------------

RECORD_PAGE = """<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body>
<h1>{title}</h1><div class="wav-record" data-pagefind-body><p>{text}</p>
<section class="wav-help"><p>helpline everywhere</p></section></div></body></html>"""
OTHER_PAGE = """<!doctype html><html lang="{lang}"><head><title>x</title></head><body>
<h1>{title}</h1><p>{text}</p><p>data-pagefind-body is only mentioned here</p></body></html>"""


def write_site(site: Path, pages: dict) -> Path:
    """A built site of the given pages (relative path -> HTML) on disk."""
    for path, text in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    return site


def test_build_search_index_indexes_only_pages_marked_as_records(tmp_path):
    site = write_site(tmp_path / "site", {
        "stories/kept-card/index.html": RECORD_PAGE.format(lang="en", title="Kept card", text="zebrafinch pharmacy"),
        "ru/stories/kept-card/index.html": RECORD_PAGE.format(lang="ru", title="Карточка", text="аптека зебра"),
        "stories/withdrawn/index.html": OTHER_PAGE.format(lang="en", title="Withdrawn", text="TOMBSTONE-TEXT"),
        "index.html": OTHER_PAGE.format(lang="en", title="Home", text="HOMEPAGE-TEXT"),
    })
    (site / "pagefind" / "fragment").mkdir(parents=True)
    (site / "pagefind" / "fragment" / "stale.pf_fragment").write_text("STALE-ENTRY")

    summary = build_search_index(site)

    assert summary["pages"] == {"en": 1, "ru": 1}
    assert summary["total"] == 2
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    assert not (site / "pagefind" / "fragment" / "stale.pf_fragment").exists()
    assert not any(p.name.startswith("pagefind-ui") for p in files)
    everything = b"".join(decompressed(p) for p in files)
    assert b"zebrafinch" in everything
    for absent in (b"TOMBSTONE-TEXT", b"HOMEPAGE-TEXT", b"STALE-ENTRY", b"helpline"):
        assert absent not in everything


def test_build_search_index_reads_only_the_candidates_and_still_checks_them(tmp_path):
    """The build passes the pages it wrote as records; one that is not marked is never indexed."""
    site = write_site(tmp_path / "site", {
        "stories/kept-card/index.html": RECORD_PAGE.format(lang="en", title="Kept card", text="zebrafinch pharmacy"),
        "stories/other/index.html": RECORD_PAGE.format(lang="en", title="Other", text="NOT-A-CANDIDATE"),
        "stories/withdrawn/index.html": OTHER_PAGE.format(lang="en", title="Withdrawn", text="TOMBSTONE-TEXT"),
    })

    summary = build_search_index(site, candidates=[site / "stories/kept-card/index.html",
                                                   site / "stories/withdrawn/index.html",
                                                   tmp_path / "elsewhere.html"])

    assert summary["pages"] == {"en": 1}
    everything = b"".join(decompressed(p) for p in (site / "pagefind").rglob("*") if p.is_file())
    assert b"zebrafinch" in everything
    assert b"TOMBSTONE-TEXT" not in everything and b"NOT-A-CANDIDATE" not in everything


def test_build_search_index_without_records_answers_no_result(tmp_path):
    """Pagefind would index every page when none is marked: a tombstone must not become searchable."""
    site = tmp_path / "site"
    (site / "stories" / "withdrawn").mkdir(parents=True)
    (site / "stories" / "withdrawn" / "index.html").write_text(
        OTHER_PAGE.format(lang="en", title="Withdrawn", text="TOMBSTONE-TEXT"), encoding="utf-8")

    summary = build_search_index(site)

    assert summary["total"] == 0
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    assert [p.name for p in files] == ["pagefind.js"]
    assert "TOMBSTONE-TEXT" not in files[0].read_text("utf-8")
    assert "export async function search" in files[0].read_text("utf-8")


# -- a reader in Chromium -------------------------------------------------------------------

@pytest.mark.browser
def test_a_page_view_fetches_nothing_from_the_index(server, reader, sample):
    fetched = watch_requests(reader)
    default = sample.settings.default_language
    record = next(r for _, r in sorted(sample.records.items()) if {"en", "ru"} <= set(r.versions))
    for url in (home(server, "en", sample), home(server, "ru", sample),
                f"{server}/{record.url('ru', default)}"):
        reader.goto(url)
        reader.wait_for_load_state("networkidle")
        assert reader.locator(".md-search__input").count() == 1
        reader.locator(".md-search__input").focus()  # focusing the box is not searching yet
        reader.wait_for_timeout(300)
        fetched.settle()
    assert fetched, "no request was recorded"
    assert pagefind_requests(fetched) == []
    assert not any("search_index" in url for url, _ in fetched), "Material's search index is still fetched"
    assert reader.errors == []
    assert reader.hosts == {"127.0.0.1"}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_search_finds_a_published_record_by_a_word_of_its_text(server, reader, sample, lang):
    default = sample.settings.default_language
    record, word = word_of_one_record(sample, lang)
    fetched = watch_requests(reader)
    reader.goto(home(server, lang, sample))

    links = search(reader, word)

    assert f"/{record.url(lang, default)}" in links, f"searching {word!r} did not find {record.slug}"
    assert set(links) <= searchable(sample, lang), "a result is not a published page in this language"
    # only this language's part of the index was fetched
    for url, _ in pagefind_requests(fetched):
        name = url.rsplit("/", 1)[-1]
        if "/index/" in url or "/fragment/" in url:
            assert name.startswith(f"{lang}_"), url
    # the result opens the record
    with reader.expect_navigation():
        reader.locator(f'[data-wav-search-list] a[href="/{record.url(lang, default)}"]').click()
    assert reader.url == f"{server}/{record.url(lang, default)}"
    assert reader.errors == []
    assert reader.hosts == {"127.0.0.1"}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_search_never_finds_unpublished_text(server, reader, sample, lang):
    canaries = canary_strings()
    assert canaries, "the sample should hold unpublished records with CANARY- strings"
    reader.goto(home(server, lang, sample))
    none = reader.locator("[data-wav-search]").get_attribute("data-wav-none").strip()
    for query in ["CANARY", *canaries]:
        assert search(reader, query) == [], f"searching {query!r} found something"
        assert reader.locator("[data-wav-search-meta]").inner_text().strip() == none
    assert reader.errors == []
    assert reader.hosts == {"127.0.0.1"}


@pytest.mark.browser
def test_a_search_fetches_only_a_small_part_of_the_index(server, reader, sample, built_site):
    lang = "en"
    word = common_word(sample, lang)
    fetched = watch_requests(reader)
    reader.goto(home(server, lang, sample))
    reader.wait_for_load_state("networkidle")
    fetched.settle()
    page_view = sum(size for _, size in fetched)
    start = len(fetched)

    links = search(reader, word)
    fetched.settle()

    query = pagefind_requests(fetched[start:])
    assert len(query) == len(fetched[start:]), "a search fetched something outside /pagefind/"
    total = sum(size for _, size in query)
    folder = bundle(built_site)
    index_files = [p for p in folder.rglob(f"{lang}_*") if p.suffix in (".pf_index", ".pf_fragment")]
    index_fetched = sum(size for url, size in query if "/index/" in url or "/fragment/" in url)
    bundle_size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(f"\npage view: {page_view} bytes, 0 from /pagefind/; search {word!r}: {len(query)} requests, "
          f"{total} bytes ({index_fetched} of the {sum(p.stat().st_size for p in index_files)} bytes of "
          f"the {lang} index and fragments; whole bundle on disk {bundle_size} bytes)")
    count = reader.locator("[data-wav-search-meta]").inner_text()
    assert int(re.sub(r"\D", "", count)) > 10, f"{word!r} should find more than ten records: {count}"
    assert len(links) == 10, "the first ten results are shown"
    fragments = [url for url, _ in query if "/fragment/" in url]
    assert len(fragments) == 10, f"{count}: fragments are fetched only for the results shown"
    assert index_fetched < 0.5 * sum(p.stat().st_size for p in index_files)
    assert total < 250_000, "a search should cost far less than Material's 2 MB index"
    assert reader.errors == []
    assert reader.hosts == {"127.0.0.1"}


@pytest.mark.browser
def test_search_box_is_usable_with_the_keyboard(server, reader, sample):
    _, word = word_of_one_record(sample, "en")
    reader.goto(home(server, "en", sample))
    links = search(reader, word)
    assert links
    field = reader.locator("[data-wav-search-query]")
    assert reader.locator("#__search").is_checked()
    reader.keyboard.press("ArrowDown")
    assert reader.evaluate("document.activeElement.getAttribute('href')") == links[0]
    reader.keyboard.press("ArrowUp")
    assert field.evaluate("el => el === document.activeElement")
    reader.keyboard.press("Escape")
    assert not reader.locator("#__search").is_checked()
    assert reader.locator("[data-wav-search-list]").is_hidden()
    field.focus()
    with reader.expect_navigation():
        reader.keyboard.press("Enter")
    assert reader.url == f"{server}{links[0]}"
    assert reader.errors == []
    assert reader.hosts == {"127.0.0.1"}


@pytest.mark.build
def test_a_dirty_rebuild_keeps_every_record_searchable(tmp_path, built_site):
    """`mkdocs build --dirty` (and `serve --dirty`) rewrites only changed pages; the index keeps them all."""
    import os
    import shutil

    project = copy_project(tmp_path / "project")  # copies keep their times: nothing looks changed
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    story = next(p for p in sorted((project / "content" / "stories").glob("*.md")) if "status: published" in p.read_text("utf-8"))
    os.utime(story)  # an editor saves one story

    # (not strict: MkDocs warns that a dirty build may leave stale navigation)
    result = run_build(project / "mkdocs.yml", site, project, "--no-strict", "--dirty")

    assert result.returncode == 0, result.stderr[-3000:]
    before = json.loads((bundle(built_site) / "pagefind-entry.json").read_text("utf-8"))["languages"]
    after = json.loads((bundle(site) / "pagefind-entry.json").read_text("utf-8"))["languages"]
    assert {k: v["page_count"] for k, v in after.items()} == {k: v["page_count"] for k, v in before.items()}


# -- places and help (SPEC 4.4) -------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("lang, query", [("en", "Osh"), ("en", "Ош"), ("ru", "Osh"), ("ru", "Ош")])
def test_a_city_name_puts_its_city_page_first(server, reader, sample, lang, query):
    prefix = "" if lang == sample.settings.default_language else f"{lang}/"
    reader.goto(home(server, lang, sample))

    links = search(reader, query)

    assert links and links[0] == f"/{prefix}cities/osh/", f"searching {query!r} in {lang}: {links}"
    assert set(links) <= searchable(sample, lang)
    with reader.expect_navigation():
        reader.keyboard.press("Enter")  # a phone's "Go": the first result
    assert reader.url == f"{server}/{prefix}cities/osh/"
    assert reader.errors == []
    assert reader.hosts == {"127.0.0.1"}


PAGEFIND_FIRST = """async ([queries, basePath, ranking]) => {
  const pagefind = await import(basePath + 'pagefind.js');
  await pagefind.options({basePath, baseUrl: '/', ranking});
  const out = {};
  for (const query of queries) {
    const found = await pagefind.search(query);
    out[query] = found.results.length ? (await found.results[0].data()).url : null;
  }
  return out;
}"""


def search_js_ranking() -> dict:
    """The ranking options the site's search box gives Pagefind (overrides/javascripts/search.js)."""
    js = (ROOT / "overrides" / "javascripts" / "search.js").read_text("utf-8")
    found = re.search(r"ranking:\s*(\{.*\})\s*$", js, re.MULTILINE)
    assert found, "search.js passes no ranking options"
    return json.loads(re.sub(r"(\w+):", r'"\1":', found.group(1)))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ru", "uk", "ka"])
def test_every_city_and_country_in_every_spelling_finds_its_page_first(server, reader, sample, lang):
    """Each place's name in every site language, searched in each language's index."""
    registries = sample.registries
    prefix = "" if lang == sample.settings.default_language else f"{lang}/"
    expected = {}
    for slug, city in registries.cities.items():
        for name in city["name"].values():
            expected.setdefault(name, set()).add(f"/{prefix}cities/{slug}/")
    for code, country in registries.countries.items():
        for name in country["name"].values():
            expected.setdefault(name, set()).add(f"/{prefix}countries/{code}/")
    reader.goto(home(server, lang, sample))

    first = reader.evaluate(PAGEFIND_FIRST, [sorted(expected), "/pagefind/", search_js_ranking()])

    wrong = {name: url for name, url in first.items() if url not in expected[name]}
    assert wrong == {}, f"in {lang}, these names do not find their page first"


@pytest.mark.browser
@pytest.mark.parametrize("lang, query", [("en", "ambulance"), ("ru", "скорую")])
def test_the_help_page_is_found(server, reader, sample, lang, query):
    prefix = "" if lang == sample.settings.default_language else f"{lang}/"
    reader.goto(home(server, lang, sample))
    assert f"/{prefix}help/" in search(reader, query)
