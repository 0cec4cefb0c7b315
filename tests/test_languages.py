"""Every language whole (SPEC 4.7, issue 16): no English interface text on a page of another
language, `campaign translations --strict`, the language switcher, and the suggestion to
switch to the language the reader's browser prefers."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
import yaml
from babel.messages.pofile import read_po

from campaign.tools.completeness import catalogue_gaps, source_gaps
from campaign.tools.translations import default_locales_dir
from conftest import LANGUAGE_NAMES, ROOT, _reader, site_config, write

LOCALES = default_locales_dir()
MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
OTHER_LANGUAGES = ("ru", "uk", "ka")
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")  # read out or shown like text


# -- what a page shows ----------------------------------------------------------------------

class _Texts(HTMLParser):
    """Every text node and shown attribute of a page, with the language it is marked in."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[tuple[str, str | None]] = []

    def _lang(self):
        return self.stack[-1][1] if self.stack else None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or self._lang()
        for name, value in attrs.items():
            # data-wav-* values are the texts scripts show (quick exit, search, language notes)
            if value and (name in SHOWN_ATTRIBUTES or name.startswith("data-wav-")):
                self.found.append((" ".join(value.split()), lang))
        if tag not in self.VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in ("script", "style", "template"):
            return
        text = " ".join(data.split())
        if text:
            self.found.append((text, self._lang()))


def shown_texts(html: str) -> list[tuple[str, str | None]]:
    parser = _Texts()
    parser.feed(html)
    return parser.found


def _material_strings(lang: str) -> dict:
    text = (MATERIAL_LANGUAGES / f"{lang}.html").read_text("utf-8")
    return {key: value for key, value in re.findall(r'"([\w.]+)":\s*"((?:[^"\\]|\\.)*)"', text)
            if not key.startswith("search.config") and key not in ("language", "direction")}


def english_strings(lang: str) -> set[str]:
    """The English interface strings a page in `lang` must not show: the campaign's catalogue,
    Material's own strings and mkdocs.yml's menu labels and site name, less those that `lang`'s
    translators wrote the same way (a term kept as it is)."""
    with (LOCALES / "campaign.pot").open("rb") as handle:
        template = read_po(handle)
    with (LOCALES / lang / "LC_MESSAGES" / "campaign.po").open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    strings = set()
    for message in template:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        found = catalogue.get(message.id)
        kept = found is not None and set(ids) & set(found.string if isinstance(found.string, tuple) else (found.string,))
        if not kept:
            strings |= {" ".join(i.split()) for i in ids}
    own = _material_strings(lang)
    strings |= {value for key, value in _material_strings("en").items() if own.get(key) != value}
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    strings |= {title for item in config["nav"] if isinstance(item, dict) for title in item}
    strings.add(config["site_name"])
    strings.add(" ".join(config["site_description"].split()))
    return strings


def test_no_english_interface_string_on_any_page_of_another_language(built_site):
    offending = []
    for lang in OTHER_LANGUAGES:
        english = english_strings(lang)
        pages = sorted((built_site / lang).rglob("*.html"))
        assert len(pages) > 50, f"the {lang} site has only {len(pages)} pages"
        for page in pages:
            for text, marked in shown_texts(page.read_text("utf-8")):
                if text in english and not (marked or "").startswith("en"):
                    offending.append(f"{page.relative_to(built_site)}: {text!r}")
    assert not offending, f"{len(offending)} English interface strings outside lang=\"en\":\n" + "\n".join(offending[:40])


def test_the_scan_sees_english_where_it_is(built_site):
    """The scan above can fail: an English page shows catalogue strings outside lang="en" markup."""
    english = english_strings("uk")
    texts = {text for text, marked in shown_texts((built_site / "cities" / "tbilisi" / "index.html").read_text("utf-8"))
             if not marked or not marked.startswith("en")}
    # <html lang="en"> marks the whole English page; without it these would all be found
    assert not texts & english
    texts = {text for text, _ in shown_texts((built_site / "cities" / "tbilisi" / "index.html").read_text("utf-8"))}
    assert {"Published stories by violation", "Header", "Safer browsing"} <= texts & english


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_material_speaks_the_page_language_and_the_switcher_names_each_language_in_itself(built_site, lang):
    html = (built_site / lang / "index.html").read_text("utf-8")
    assert f'<html lang="{lang}"' in html
    own = _material_strings(lang)
    # Material's own strings in the page's language: its search box's field (which
    # javascripts/search.js builds from this label) and "back to top"
    assert f'data-wav-field="{own["search.placeholder"]}"' in html
    assert re.search(r'class="md-top md-icon"[^>]*>\s*<span class="wav-icon wav-icon--top"></span>\s*'
                     + re.escape(own["top"]) + r'\s*</button>', html)
    links = re.findall(r'<a href="[^"]*" hreflang="([a-z]+)" lang="([a-z]+)" class="md-select__link">\s*([^<]*?)\s*</a>', html)
    assert [(code, name) for code, marked, name in links if code == marked] == list(LANGUAGE_NAMES.items())


def test_every_template_string_is_in_the_catalogue_and_translated_in_every_language():
    """A string added to a template or to Python without its translations fails here, named."""
    gaps = source_gaps(ROOT, LOCALES, ROOT) + catalogue_gaps(LOCALES, OTHER_LANGUAGES, ROOT)
    assert not gaps, "\n".join(gap.format() for gap in gaps)


def test_the_sample_has_a_third_of_its_stories_in_ukrainian_and_a_fifth_in_georgian(sample, built_site):
    stories = sample.of_type("story")
    uk = [s for s in stories if "uk" in s.versions]
    ka = [s for s in stories if "ka" in s.versions]
    assert len(uk) * 3 >= len(stories) and len(ka) * 5 >= len(stories), (len(stories), len(uk), len(ka))
    # the Ukrainian list shows both: stories read in Ukrainian, and the others marked with their language
    index = (built_site / "uk" / "stories" / "index.html").read_text("utf-8")
    items = re.findall(r'class="wav-item__title" href="[^"]*"(?: hreflang="([a-z]+)")?', index)
    assert items.count("") == len(uk)
    assert len(items) - len(uk) == len(stories) - len(uk) and index.count('class="wav-badge"') >= len(stories) - len(uk)


# -- campaign translations --strict ----------------------------------------------------------

RU_PO = """\
msgid ""
msgstr ""
"Language: ru\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Home page"
msgstr "Главная"

msgid "Where to get help"
msgstr ""
"""


def _every_text_in_russian(node):
    """The fixture's registries with a Russian text beside every English one."""
    if isinstance(node, dict):
        if "en" in node and all(len(k) == 2 for k in node):
            return {**node, "ru": node.get("ru") or f"{node['en']} (ru)"}
        return {k: _every_text_in_russian(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_every_text_in_russian(v) for v in node]
    return node


@pytest.fixture
def almost_whole(content_dir) -> Path:
    """An en+ru site that lacks exactly one interface string and one fixed page in Russian
    (and one record, which is allowed)."""
    root = content_dir.parent
    second = content_dir / "stories" / "second-story.md"
    second.write_text(second.read_text("utf-8").replace("scope: [text, city]", "scope: [text, city, translation]"),
                      "utf-8")
    for registry in (content_dir / "_data").glob("*.yml"):
        data = yaml.safe_load(registry.read_text("utf-8"))
        registry.write_text(yaml.safe_dump(_every_text_in_russian(data), allow_unicode=True, sort_keys=False), "utf-8")
    write(content_dir / "index.md", "---\ntitle: Home\n---\nWelcome.\n")
    write(content_dir / "index.ru.md", "---\ntitle: Главная\n---\nДобро пожаловать.\n")
    write(content_dir / "about.md", "---\ntitle: About\n---\nWho we are.\n")
    locales = root / "locales"
    write(locales / "campaign.pot", 'msgid "Home page"\nmsgstr ""\n\nmsgid "Where to get help"\nmsgstr ""\n')
    write(locales / "ru" / "LC_MESSAGES" / "campaign.po", RU_PO)
    write(locales / "babel.cfg", "[python: nothing/**.py]\n")
    write(root / "mkdocs.yml", site_config(("en", "ru")).replace("name: Русский}", "name: Русский, site_name: Тест}"))
    return root


def _strict(root, *extra):
    return subprocess.run([sys.executable, "-m", "campaign.tools.cli", "translations", "--strict", "--no-git",
                           "--locales", str(root / "locales"), *extra],
                          cwd=root, capture_output=True, text=True, timeout=120)


def test_strict_fails_naming_the_missing_string_and_the_missing_fixed_page(almost_whole):
    result = _strict(almost_whole)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "locales/ru/LC_MESSAGES/campaign.po: interface string missing in ru: 'Where to get help'" in result.stdout
    assert "content/about.ru.md: fixed page missing in ru: the page content/about.md has no Russian (ru) version" \
        in result.stdout
    document = json.loads(_strict(almost_whole, "--json").stdout)
    assert {(g["kind"], g["where"], g["what"]) for g in document["strict"]["gaps"]} == {
        ("interface string", "locales/ru/LC_MESSAGES/campaign.po", "'Where to get help'"),
        ("fixed page", "content/about.ru.md",
         "the page content/about.md has no Russian (ru) version")}
    # the record without Russian is reported, and is not why it fails
    assert [r["record"] for r in document["languages"]["ru"]["records_missing"]] == ["second-story"]


def test_strict_passes_once_only_records_are_missing(almost_whole):
    po = almost_whole / "locales" / "ru" / "LC_MESSAGES" / "campaign.po"
    po.write_text(RU_PO[:RU_PO.rindex('msgstr ""')] + 'msgstr "Где получить помощь"\n', "utf-8")
    write(almost_whole / "content" / "about.ru.md", "---\ntitle: О нас\n---\nКто мы.\n")
    result = _strict(almost_whole)
    assert result.returncode == 0, result.stdout
    assert "second-story.ru.md" in result.stdout  # still reported


def test_strict_names_a_registry_text_and_a_menu_label(almost_whole):
    places = almost_whole / "content" / "_data" / "places.yml"
    data = yaml.safe_load(places.read_text("utf-8"))
    del data["countries"][0]["help"]["ru"]
    places.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    config = almost_whole / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("theme:", "nav:\n  - About us: about.md\ntheme:"), "utf-8")
    write(almost_whole / "content" / "about.ru.md", "---\ntitle: О нас\n---\nКто мы.\n")
    out = _strict(almost_whole).stdout
    assert re.search(r"content/_data/places\.yml:\d+: registry text missing in ru: countries\.ge\.help has no "
                     r"Russian \(ru\) text", out), out
    assert "mkdocs.yml: menu label missing in ru: 'About us'" in out


def test_strict_names_a_template_string_that_is_not_in_the_catalogue(almost_whole):
    write(almost_whole / "locales" / "babel.cfg", "[jinja2: overrides/**.html]\n")
    write(almost_whole / "overrides" / "campaign" / "new.html", '<p>{{ _("Home page") }}</p>\n<p>{{ _("Brand new words") }}</p>\n')
    out = _strict(almost_whole).stdout
    assert "overrides/campaign/new.html:2: catalogue entry missing: 'Brand new words'" in out
    assert not [line for line in out.splitlines() if "catalogue entry" in line and "Home page" in line]


# -- the language suggestion, in Chromium -----------------------------------------------------

def _stories(sample, has, lacks=()):
    return [r for r in sorted(sample.of_type("story"), key=lambda r: r.slug)
            if set(has) <= set(r.versions) and not set(lacks) & set(r.versions)]


@pytest.fixture
def ukrainian_reader(browser):
    """A reader whose browser prefers Ukrainian (navigator.languages and Accept-Language)."""
    context, page = _reader(browser, locale="uk-UA")
    yield page
    context.close()


@pytest.mark.browser
def test_language_suggestion_for_a_browser_preferring_ukrainian(server, ukrainian_reader, sample):
    page = ukrainian_reader
    both = _stories(sample, ("en", "uk"))[0]
    address = f"{server}/{both.url('en', 'en')}"
    page.goto(address)
    note = page.locator('[data-wav-lang="uk"]')
    assert note.is_visible()
    assert page.locator("[data-wav-lang]:visible").count() == 1
    assert note.get_attribute("lang") == "uk"
    assert "українською" in note.inner_text()
    # it links to the same story in Ukrainian, and takes the reader nowhere by itself
    link = note.locator("a")
    assert link.evaluate("a => a.href") == f"{server}/{both.url('uk', 'en')}"
    page.wait_for_timeout(800)
    assert page.url == address
    # it never covers the quick exit, which stays the first thing to tab to
    exit_box = page.locator("[data-wav-exit]").bounding_box()
    note_box = note.bounding_box()
    assert (note_box["y"] + note_box["height"] <= exit_box["y"] or exit_box["y"] + exit_box["height"] <= note_box["y"]
            or note_box["x"] + note_box["width"] <= exit_box["x"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-wav-exit')")
    link.click()
    page.wait_for_url(f"**/{both.url('uk', 'en')}")
    assert page.locator("[data-wav-lang]:visible").count() == 0  # the page is in her language now

    # a story not told in Ukrainian: the Ukrainian home page instead
    only = _stories(sample, ("en",), lacks=("uk",))[0]
    page.goto(f"{server}/{only.url('en', 'en')}")
    assert note.is_visible()
    assert note.locator("a").evaluate("a => a.href") == f"{server}/uk/"
    # closed, it stays closed for the rest of the visit in this tab
    note.locator("button").click()
    assert not note.is_visible()
    page.goto(f"{server}/")
    assert page.locator("[data-wav-lang]:visible").count() == 0
    page.wait_for_load_state("networkidle")
    assert page.errors == [] and page.hosts == {"127.0.0.1"}


@pytest.mark.browser
def test_no_suggestion_when_the_page_is_in_the_browsers_first_site_language(server, browser, sample):
    context, page = _reader(browser, locale="en-US")
    try:
        page.goto(f"{server}/")
        assert page.locator("[data-wav-lang]:visible").count() == 0
        # the same reader on a Georgian page is offered English, in English
        page.goto(f"{server}/ka/")
        note = page.locator('[data-wav-lang="en"]')
        assert note.is_visible() and note.locator("a").evaluate("a => a.href") == f"{server}/"
        assert page.errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_no_suggestion_is_shown(server, browser):
    context, page = _reader(browser, locale="uk-UA", java_script_enabled=False)
    try:
        page.goto(f"{server}/")
        assert page.locator("[data-wav-lang]:visible").count() == 0
    finally:
        context.close()


def test_the_language_notes_are_one_file_each_note_in_its_own_language(built_site):
    """The notes come from lang-notes.js (one file, kept by the browser), not from every page."""
    script = (built_site / "lang-notes.js").read_text("utf-8")
    notes = json.loads(script[script.index("{"):script.rindex("}") + 1])
    assert set(notes) == {"en", *OTHER_LANGUAGES}
    assert notes["en"]["home"] == "" and all(notes[lang]["home"] == f"{lang}/" for lang in OTHER_LANGUAGES)
    for lang in OTHER_LANGUAGES:
        english = english_strings(lang)
        texts = [notes[lang][key] for key in ("label", "same", "other", "read", "open", "close")]
        assert all(texts) and not set(texts) & english, (lang, texts)
    assert "українською" in notes["uk"]["read"] and "ქართულად" in notes["ka"]["open"]
    for page in (built_site / "index.html", built_site / "ka" / "stories" / "index.html"):
        html = page.read_text("utf-8")
        assert "wav-lang__text" not in html and 'lang-notes.js"></script>' in html


def test_materials_configuration_is_the_same_json_in_fewer_bytes(built_site):
    """site.compact writes Material's configuration again in UTF-8: what the bundle reads is unchanged
    (the page's translations and base), and no Georgian letter is a six-byte escape any more."""
    html = (built_site / "ka" / "stories" / "index.html").read_text("utf-8")
    raw = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1)
    config = json.loads(raw)
    assert config["base"] == "../.." and config["translations"]["clipboard.copy"] == _material_strings("ka")["clipboard.copy"]
    assert "\\u10" not in raw and "ა" in raw
    # still nothing a parser could take for markup inside the element
    assert "<" not in raw and ">" not in raw and "&" not in raw
