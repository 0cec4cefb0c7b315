"""Accessibility (issue 8) in headless Chromium: axe-core on every page type in English and
Russian, language attributes, and the keyboard paths (filters, the maps' text alternative,
quick exit, content notes).

axe-core is vendored in tests/vendor/axe-core/ (from the npm registry, see VERSION there).
The site's Content-Security-Policy allows only same-origin scripts and a few inline ones by
hash, so reader.add_script_tag(path=...), which inserts an inline script, is (rightly)
refused: axe is served to the page at a same-origin address through a Playwright route
instead. The pages are checked exactly as readers get them, CSP included.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, load_content, run_build

pytestmark = pytest.mark.browser

VENDOR = Path(__file__).resolve().parent / "vendor" / "axe-core"
AXE = VENDOR / "axe.min.js"
AXE_PATH = "/__tests__/axe-core/axe.min.js"  # never a file of the site: answered by the route
AXE_VERSION = re.match(r"axe-core (\S+)", (VENDOR / "VERSION").read_text("utf-8")).group(1)
FAILING = ("serious", "critical")
LANGS = ("en", "ru")


# -- the pages ----------------------------------------------------------------------------

def _by_slug(records):
    return sorted(records, key=lambda r: r.slug)


def _record(sample, rtype, prefer=lambda r: True):
    """A record of `rtype` in English and Russian, one matching `prefer` if there is one."""
    both = [r for r in _by_slug(sample.of_type(rtype)) if {"en", "ru"} <= set(r.versions)]
    assert both, f"the sample has no {rtype} in English and Russian"
    return next((r for r in both if prefer(r)), both[0])


def _story(sample):
    # with a content note and related records: the richest story page
    return _record(sample, "story", lambda r: r.meta.get("content_notes") and r.meta.get("related"))


def _russian_only_story(sample):
    stories = [r for r in _by_slug(sample.of_type("story")) if r.languages == ["ru"]]
    assert stories, "the sample should have a story that exists only in Russian"
    return stories[0]


def _withdrawn(sample):
    return next(r for r in _by_slug(sample.tombstones.values()) if r.meta.get("status") == "withdrawn")


def _city(sample):
    return _story(sample).meta["city"]


def _term(sample):
    return _story(sample).meta["violations"][0]


def page_path(sample, kind: str, lang: str) -> str:
    """The site path (no leading slash) of a page type in `lang`."""
    default = sample.settings.default_language
    prefix = "" if lang == default else f"{lang}/"
    records = {
        "story": lambda: _story(sample),
        "solution": lambda: _record(sample, "solution"),
        "success": lambda: _record(sample, "success", lambda r: r.meta.get("commitment")),
        "commitment": lambda: _record(sample, "commitment"),
        "russian-only story": lambda: _russian_only_story(sample),
        "tombstone": lambda: _withdrawn(sample),
        # the advocacy record (issue 19)
        "ally": lambda: _record(sample, "ally", lambda r: r.meta.get("recognised")),
        "event": lambda: _record(sample, "event", lambda r: r.meta.get("participants")),
        "statement with video": lambda: _record(sample, "statement", lambda r: r.meta.get("video")),
        "document": lambda: _record(sample, "document"),
    }
    if kind in records:
        return records[kind]().url(lang, default)
    city = _city(sample)
    paths = {
        "home": "",
        "stories index": "stories/",
        "stories index filtered": f"stories/?city={city}",
        "commitments index": "commitments/",
        "term": f"violations/{_term(sample)}/",
        "taxonomy overview": "violations/",
        "city": f"cities/{city}/",
        "country": f"countries/{sample.registries.cities[city]['country']}/",
        "regional map": "map/",
        "report": "report/",
        "data": "data/",
        "about": "about/",
        "help": "help/",
        "safety": "safety/",
        "404": "404.html",
        "allies index": "allies/",
        "events index": "events/",
        "documents index": "documents/",
    }
    return prefix + paths[kind]


KINDS = ["home", "story", "solution", "success", "commitment", "russian-only story", "stories index",
         "stories index filtered", "commitments index", "term", "taxonomy overview", "city", "country",
         "regional map", "report", "data", "about", "help", "safety", "tombstone", "404",
         "ally", "event", "statement with video", "document", "allies index", "events index", "documents index"]
# a story told only in Russian has no English page; the sample's advocacy records are in English and Russian
IN_TWO = {"ally", "event", "statement with video", "document"}
PAGES = [pytest.param(kind, lang, id=f"{kind}-{lang}") for kind in KINDS for lang in LANGS
         if not (kind == "russian-only story" and lang != "ru") and not (kind in IN_TWO and lang not in ("en", "ru"))]


def open_page(reader, server, sample, kind, lang):
    response = reader.goto(f"{server}/{page_path(sample, kind, lang)}")
    assert response is not None and response.ok, f"{reader.url}: HTTP {response and response.status}"
    reader.wait_for_load_state("networkidle")
    if kind == "stories index filtered":
        # the filter is applied by javascripts/filters.js from the query string
        city = _city(sample)
        expected = sum(1 for r in sample.of_type("story") if r.meta.get("city") == city)
        assert reader.locator('select[name="city"]').input_value() == city
        reader.wait_for_function("n => document.querySelectorAll('.wav-index__list > li').length === n",
                                 arg=expected)


# -- axe-core -----------------------------------------------------------------------------

def run_axe(reader, server) -> dict:
    if not getattr(reader, "_wav_axe_route", False):
        reader.route(f"{server}{AXE_PATH}", lambda route: route.fulfill(
            path=str(AXE), content_type="application/javascript; charset=utf-8"))
        reader._wav_axe_route = True
    reader.add_script_tag(url=f"{server}{AXE_PATH}")
    assert reader.evaluate("axe.version") == AXE_VERSION
    return reader.evaluate("axe.run(document, {resultTypes: ['violations']})")


def describe(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
    return "\n".join(lines)


@pytest.mark.parametrize("kind, lang", PAGES)
def test_no_serious_or_critical_axe_violation(server, reader, sample, kind, lang):
    open_page(reader, server, sample, kind, lang)
    results = run_axe(reader, server)
    failing = [v for v in results["violations"] if v["impact"] in FAILING]
    assert not failing, f"axe-core {AXE_VERSION} on {reader.url}:\n{describe(failing)}"


def test_axe_finds_what_it_should(server, reader):
    """The check itself works: a serious violation put into a page is reported."""
    reader.goto(f"{server}/about/")
    reader.evaluate("""() => {
        const a = document.createElement('a');   // a link without any text: link-name, serious
        a.href = '#';
        document.querySelector('.md-content__inner').appendChild(a);
    }""")
    results = run_axe(reader, server)
    assert "link-name" in {v["id"] for v in results["violations"] if v["impact"] in FAILING}



@pytest.mark.parametrize("lang", LANGS)
def test_focused_links_and_buttons_keep_their_contrast(server, reader, sample, lang):
    """axe sees a page at rest; Material gives focused links and buttons the palette's accent
    colour. Checked on a link and a button of the home page, each reached with Tab."""
    open_page(reader, server, sample, "home", lang)
    run_axe(reader, server)
    for selector in (".md-content a.wav-item__title", ".md-content a.md-button--primary"):
        tab_to(reader, selector)
        reader.wait_for_timeout(400)  # Material's colour transitions
        results = reader.evaluate(
            "axe.run(document.activeElement, {runOnly: ['color-contrast'], resultTypes: ['violations']})")
        assert not results["violations"], f"{selector} focused, on {reader.url}:\n{describe(results['violations'])}"

# -- language attributes --------------------------------------------------------------------

# Problems with languages on the page, as text (JavaScript in the page). "Effective" is the
# lang of the closest element that has one. Checked: <html lang>; every badge names its
# language in lang; every link to another language (hreflang: record links, the language
# selector) and the link a badge stands beside is in that language; Cyrillic text is in
# ru/uk, Georgian text in ka; on pages not in English, running English text (a common English
# word) is marked lang="en".
LANGUAGE_PROBLEMS = r"""([pageLang, siteLangs]) => {
  const problems = [];
  const eff = el => { const l = el.closest('[lang]'); return l ? l.getAttribute('lang') : ''; };
  const primary = code => (code || '').toLowerCase().split('-')[0];
  const show = el => el.outerHTML.slice(0, 160);
  const html = document.documentElement.getAttribute('lang');
  if (html !== pageLang) problems.push(`<html lang="${html}">, expected "${pageLang}"`);
  for (const badge of document.querySelectorAll('.wav-badge')) {
    const code = badge.textContent.trim().toLowerCase();
    if (badge.getAttribute('lang') !== code || !siteLangs.includes(code))
      problems.push(`badge without its language: ${show(badge)}`);
    if (code === pageLang) problems.push(`badge for the page's own language: ${show(badge)}`);
    const link = badge.parentElement.querySelector('a');
    if (!link || primary(eff(link)) !== code)
      problems.push(`the link beside a ${code} badge is not lang="${code}": ${link ? show(link) : show(badge.parentElement)}`);
  }
  for (const link of document.querySelectorAll('body a[hreflang]')) {
    if (primary(eff(link)) !== primary(link.getAttribute('hreflang')))
      problems.push(`link to another language without its lang: ${show(link)}`);
  }
  for (const option of document.querySelectorAll('select[name="lang"] option[value]:not([value=""])')) {
    if (primary(eff(option)) !== option.value) problems.push(`language option without its lang: ${show(option)}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('script, style, template, noscript')) continue;
    const lang = primary(eff(el));
    let expected = null;
    if (/[\u10A0-\u10FF]/.test(text)) expected = ['ka'];
    else if (/[\u0400-\u04FF]/.test(text)) expected = ['ru', 'uk'];
    else if (pageLang !== 'en' && /\b(the|and|with|for|of|to|is|are|was|this|that)\b/i.test(text)) expected = ['en'];
    if (expected && !expected.includes(lang))
      problems.push(`text in ${expected.join('/')} inside lang="${lang}": "${text.slice(0, 60)}" in ${show(el)}`);
  }
  return problems;
}"""


def language_problems(reader, sample, lang):
    return reader.evaluate(LANGUAGE_PROBLEMS, [lang, list(sample.settings.languages)])


@pytest.mark.parametrize("kind, lang", PAGES)
def test_language_attributes(server, reader, sample, kind, lang):
    open_page(reader, server, sample, kind, lang)
    problems = language_problems(reader, sample, lang)
    assert not problems, f"{reader.url}:\n" + "\n".join(problems)


def test_english_page_lists_the_russian_only_story_in_russian(server, reader, sample):
    story = _russian_only_story(sample)
    reader.goto(f"{server}/stories/")
    link = reader.locator(f'.wav-item__title[href$="/{story.slug}/"]')
    assert link.get_attribute("lang") == "ru" and link.get_attribute("hreflang") == "ru"
    badge = link.locator("xpath=following-sibling::span[contains(@class, 'wav-badge')]")
    assert badge.get_attribute("lang") == "ru" and badge.inner_text().strip() == "RU"
    assert language_problems(reader, sample, "en") == []


def _untranslated_pages(sample):
    """(lang, path) of Markdown pages shown from the default language's file (i18n fallback)."""
    default = sample.settings.default_language
    out = []
    for source in sorted((ROOT / "content").glob("*.md")):
        if source.stem == "index" or source.stem.count("."):
            continue
        for lang in sample.settings.languages:
            if lang != default and not source.with_name(f"{source.stem}.{lang}.md").exists():
                out.append((lang, f"{lang}/{source.stem}/"))
    return out


def test_untranslated_page_marks_its_text_as_the_default_language(server, reader, sample):
    pages = _untranslated_pages(sample)
    if not pages:
        pytest.skip("every page of the sample is translated into every language")
    default = sample.settings.default_language
    for lang, path in pages:
        reader.goto(f"{server}/{path}")
        assert reader.locator("html").get_attribute("lang") == lang
        assert reader.locator("h1").first.evaluate("h => h.closest('[lang]').getAttribute('lang')") == default, path
        # the page's own interface (header, quick exit) stays in the page's language
        assert reader.locator("[data-wav-exit]").evaluate("a => a.closest('[lang]').getAttribute('lang')") == lang


def _fallback_texts(sample):
    """(language, English text) of registry texts the language lacks: help, contacts, descriptions."""
    registries = sample.registries
    default = sample.settings.default_language
    mappings = [c.get("help") for c in registries.countries.values()]
    mappings += [o.get("contact") for o in registries.organizations.values()]
    mappings += [t.description for tax in registries.taxonomies.values() for t in tax.terms.values()]
    out = set()
    for mapping in mappings:
        if isinstance(mapping, dict) and mapping.get(default):
            out.update((lang, mapping[default]) for lang in sample.settings.languages
                       if lang != default and not mapping.get(lang))
    return out


@pytest.mark.build
def test_registry_text_in_another_language_is_marked_with_its_language(tmp_path):
    """A help text or description shown in English on a Ukrainian page is read with an English voice.

    The sample is complete in every language (issue 16), so this builds a copy whose country
    help texts and term descriptions lack Ukrainian and Georgian."""
    import html as html_module

    import yaml

    from campaign.content.collection import Published
    from campaign.tools.cli import site_settings

    project = copy_project(tmp_path / "project")
    data = project / "content" / "_data"
    for name, strip in (("places.yml", lambda d: [c.get("help") for c in d["countries"]]),
                        ("taxonomies.yml", lambda d: [t.get("description") for tax in d.values()
                                                      for t in (tax.get("terms") or [])])):
        doc = yaml.safe_load((data / name).read_text("utf-8"))
        for mapping in strip(doc):
            if isinstance(mapping, dict):
                mapping.pop("uk", None)
                mapping.pop("ka", None)
        (data / name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    settings, docs_dir = site_settings(project / "mkdocs.yml")
    content = load_content(docs_dir, settings, project_root=project)
    assert not content.problems.errors, content.problems.report()
    sample = Published(content)
    site = tmp_path / "site"
    result = run_build(project / "mkdocs.yml", site, project)
    assert result.returncode == 0, result.stderr[-3000:]

    fallbacks = _fallback_texts(sample)
    assert {lang for lang, _ in fallbacks} >= {"uk", "ka"}
    default = sample.settings.default_language
    checked = 0
    for lang in {lang for lang, _ in fallbacks}:
        texts = [html_module.escape(text, quote=True) for code, text in fallbacks if code == lang]
        for page in (site / lang).rglob("index.html"):
            source = page.read_text("utf-8")
            for text in texts:
                for found in re.finditer(re.escape(text), source):
                    opening = source[:found.start()].rsplit("<", 1)[-1]
                    assert f'lang="{default}"' in opening, f"{page}: '{text[:40]}...' is not marked lang={default}"
                    checked += 1
    assert checked > 50
    # and a text shown in the page's own language carries no other language
    ru = (site / "ru/cities/almaty/index.html").read_text("utf-8")
    help_box = ru[ru.index('class="wav-help'):]
    assert 'lang="en"' not in help_box[:help_box.index("</section>")]


# -- keyboard alone ------------------------------------------------------------------------

def tab_to(reader, selector: str, limit: int = 400) -> int:
    """Press Tab until the focused element matches `selector`; the number of presses."""
    for presses in range(1, limit + 1):
        reader.keyboard.press("Tab")
        if reader.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"Tab never reached {selector} in {limit} presses on {reader.url}")


def tab_order(reader, limit: int = 600) -> list[dict]:
    """Every element that Tab reaches, once round the page, from the top."""
    seen = []
    for _ in range(limit):
        reader.keyboard.press("Tab")
        el = reader.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            if (!el.dataset.wavTabSeen) el.dataset.wavTabSeen = String(Math.random());
            return {id: el.dataset.wavTabSeen, tag: el.tagName, html: el.outerHTML.slice(0, 120),
                    href: el.getAttribute('href'), hidden: !!el.closest('[aria-hidden="true"]'),
                    table: !!el.closest('.wav-table')};
        }""")
        if el is None or (seen and el["id"] == seen[0]["id"]):
            return seen
        seen.append(el)
    raise AssertionError(f"no end to the Tab order after {limit} presses on {reader.url}")


def shown_count(reader) -> int:
    return reader.locator(".wav-index__list > li").count()


@pytest.mark.parametrize("lang", LANGS)
def test_filters_by_keyboard_alone(server, reader, sample, lang):
    prefix = "" if lang == sample.settings.default_language else f"{lang}/"
    stories = sample.of_type("story")
    reader.goto(f"{server}/{prefix}stories/")
    reader.wait_for_load_state("networkidle")
    unfiltered = shown_count(reader)
    tab_to(reader, 'form.wav-filters select[name="city"]')
    reader.keyboard.press("ArrowDown")  # the first city of the list, and the list follows at once
    city = reader.locator('select[name="city"]').input_value()
    assert city
    expected = sum(1 for r in stories if r.meta.get("city") == city)
    assert 0 < expected < len(stories)
    reader.wait_for_function("n => document.querySelectorAll('.wav-index__list > li').length === n", arg=expected)
    assert f"city={city}" in reader.url
    assert reader.locator(".wav-index__status").inner_text().strip().startswith(str(expected))
    # on to "Clear filters" with Tab only; Space presses the button
    tab_to(reader, "form.wav-filters button[type=reset]", limit=20)
    reader.keyboard.press("Space")
    reader.wait_for_function("() => !location.search")
    assert reader.locator('select[name="city"]').input_value() == ""
    reader.wait_for_function("n => document.querySelectorAll('.wav-index__list > li').length === n", arg=unfiltered)
    assert reader.errors == []


@pytest.mark.parametrize("kind, lang", [("home", "en"), ("regional map", "en"), ("regional map", "ru"),
                                        ("city", "en"), ("country", "ru")])
def test_keyboard_skips_the_maps_and_reaches_their_tables(server, reader, sample, kind, lang):
    open_page(reader, server, sample, kind, lang)
    reader.locator(".wav-map .leaflet-container").wait_for(state="attached")  # the map is drawn
    order = tab_order(reader)
    assert order, "nothing can be reached with Tab"
    inside = [el["html"] for el in order if el["hidden"]]
    assert not inside, f"Tab lands in content hidden from screen readers (the map): {inside}"
    table_links = reader.locator(".wav-table a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    reached = {el["href"] for el in order if el["table"]}
    assert set(table_links) <= reached, f"table links Tab does not reach: {set(table_links) - reached}"
    if kind == "home":  # the home page's map leads to the regional page and its tables
        assert any(el["href"] and el["href"].rstrip("/").endswith("map") for el in order)


@pytest.mark.parametrize("lang", LANGS)
def test_map_table_link_opens_with_enter(server, reader, sample, lang):
    open_page(reader, server, sample, "regional map", lang)
    tab_to(reader, ".wav-table a[href]")
    href = reader.evaluate("document.activeElement.href")
    with reader.expect_navigation():
        reader.keyboard.press("Enter")
    assert reader.url == href and "/countries/" in href


@pytest.mark.parametrize("lang", LANGS)
def test_quick_exit_is_among_the_first_tab_stops_and_leaves_with_enter(server, reader, sample, lang):
    reader.goto(f"{server}/{page_path(sample, 'story', lang)}")
    neutral = reader.locator("[data-wav-exit]").get_attribute("href")
    reader.route(neutral + "**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>Neutral</title><p>neutral</p>"))
    # only Material's "skip to content" link may come before it
    assert tab_to(reader, "[data-wav-exit]", limit=2) <= 2
    outline = reader.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused quick exit shows no focus outline"
    reader.keyboard.press("Enter")
    reader.wait_for_url(neutral)


@pytest.mark.parametrize("lang", LANGS)
def test_content_note_opens_and_closes_by_keyboard(server, reader, sample, lang):
    story = _story(sample)
    assert story.meta.get("content_notes")
    reader.goto(f"{server}/{story.url(lang, sample.settings.default_language)}")
    body = reader.locator(".wav-content-note .wav-record__body")
    assert not body.is_visible()
    tab_to(reader, ".wav-content-note > summary")
    reader.keyboard.press("Enter")
    body.wait_for(state="visible", timeout=2000)
    reader.keyboard.press("Space")
    body.wait_for(state="hidden", timeout=2000)
    reader.keyboard.press("Space")
    body.wait_for(state="visible", timeout=2000)
    assert reader.evaluate("document.activeElement.matches('.wav-content-note > summary')")
    assert reader.errors == []
