"""Help first (issue 13, SPEC 4.4): the help directory, phone and messenger links, the quick exit
that covers nothing, and the "Get help" entry points, tried as a reader on a phone would.

The directory is read back in Chromium from the real build; the registry checks run on the
`content_dir` fixture with the real loader.
"""
from __future__ import annotations

import re

import phonenumbers
import pytest
import yaml

from campaign.content.registries import HELP_SERVICES
from campaign.safety.pii import find_pii
from conftest import LANGUAGES, STORY, load
from test_a11y import KINDS, page_path

PHONE = pytest.mark.browser
TOUCH = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def prefix(sample, lang):
    return "" if lang == sample.settings.default_language else f"{lang}/"


def text_in(mapping, lang, default="en"):
    return mapping.get(lang) or mapping[default]


def e164(number: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(number, None), phonenumbers.PhoneNumberFormat.E164)


@pytest.fixture
def phone(browser):
    """A reader on a phone: 390 x 844, touch, no hover, no keyboard."""
    context = browser.new_context(**TOUCH)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


# -- the directory ------------------------------------------------------------------------

@PHONE
@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_directory_lists_every_city_and_organisation_in_every_language(server, reader, sample, lang):
    registries = sample.registries
    reader.goto(f"{server}/{prefix(sample, lang)}help/")
    assert reader.locator("html").get_attribute("lang") == lang
    # emergency advice first, then the jump list, then the countries
    headings = reader.locator("article h2").all_inner_texts()
    jump = reader.locator(".wav-directory__jump h2").inner_text()
    assert headings.index(jump) == 1, f"the emergency advice should come first: {headings}"
    jump_links = reader.locator(".wav-directory__jump a").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), a.textContent.trim()])")
    for slug, city in registries.cities.items():
        name = text_in(city["name"], lang)
        assert [f"#{slug}", name] in jump_links, f"{name} is missing from the jump list"
        section = reader.locator(f'section[aria-labelledby="{slug}"]')
        assert section.locator("h3").inner_text().strip() == name
        country = registries.countries[city["country"]]
        assert section.locator("xpath=..").locator("h2").first.inner_text().strip() == text_in(country["name"], lang)
        orgs = [o for o in registries.organizations_in(city=slug) if set(o["services"]) & set(HELP_SERVICES)]
        assert orgs, f"the sample has no organisation in {slug}"
        assert section.locator(".wav-org h4").all_inner_texts() == [text_in(o["name"], lang) for o in orgs]
        for org in orgs:
            block = section.locator(".wav-org", has=reader.locator("h4", has_text=text_in(org["name"], lang)))
            hrefs = block.locator('a[href^="tel:"]').evaluate_all("links => links.map(a => a.getAttribute('href'))")
            assert hrefs == [f"tel:{e164(n)}" for n in org.get("phone", [])]
            for key in ("contact", "hours"):
                if org.get(key):
                    assert text_in(org[key], lang) in block.inner_text()
            if org.get("report_url"):
                assert block.locator(f'a[href="{org["report_url"]}"]').count() == 1
    # the jump list works without JavaScript: plain links to ids on the page
    reader.locator(".wav-directory__jump a", has_text=text_in(registries.cities["osh"]["name"], lang)).click()
    assert reader.url.endswith("#osh")
    assert reader.errors == []


@pytest.mark.build
def test_tel_and_messenger_links_only_for_numbers_from_the_registry(built_site, sample):
    numbers, messengers = set(), set()
    for org in sample.registries.organizations.values():
        numbers |= {e164(n) for n in org.get("phone", [])}
        messengers |= {e164(m["number"]) for m in org.get("messengers", []) if m.get("number")}
    assert numbers and messengers, "every sample organisation publishes a number"
    seen = set()
    for path in built_site.rglob("*.html"):
        html = path.read_text("utf-8")
        for number in re.findall(r'href="tel:([^"]*)"', html):
            assert number in numbers, f"{path}: a tel: link to {number}, which organizations.yml does not list"
            seen.add(number)
        for href in re.findall(r'href="((?:https://(?:t\.me|wa\.me|signal\.me)|viber:)[^"]*)"', html):
            digits = re.sub(r"\D", "", href.replace("%2B", "+"))
            assert f"+{digits}" in messengers, f"{path}: a messenger link {href} to a number no organisation lists"
    assert seen == numbers, "every listed number is a tel: link somewhere (the help page)"


# -- the registry and the personal-data check -------------------------------------------

def with_organisation(content_dir, **fields):
    path = content_dir / "_data" / "organizations.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["organizations"][0].update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def story_body(content_dir, text):
    path = content_dir / "stories" / "card-story.md"
    path.write_text(STORY.replace("I was stopped near the pharmacy.", text), encoding="utf-8")


def errors(content):
    return [p.format() for p in content.problems.errors]


def test_an_organisations_number_may_be_quoted_but_any_other_number_in_a_story_fails(content_dir):
    # Ofcom's drama ranges: fictional numbers that the checker still recognises as phone numbers
    quoted = "I called the hotline, +44 808 157 0101, from the station."
    story_body(content_dir, quoted)
    assert [f.kind for f in find_pii(quoted)] == ["phone"], "the checker must see the number to accept it"
    assert any("+44 808 157 0101" in p for p in errors(load(content_dir))), "not listed yet: refused"

    with_organisation(content_dir, phone=["+44 808 157 0101"])
    assert errors(load(content_dir)) == []

    story_body(content_dir, "I called the hotline, +44 808 157 0101, and then my friend on +44 20 7946 0999.")
    found = errors(load(content_dir))
    assert len(found) == 1, found
    assert "stories/card-story.md:" in found[0] and "body" in found[0]
    assert "phone number" in found[0] and "+44 20 7946 0999" in found[0]


def test_a_tel_link_in_a_story_body_is_refused(content_dir):
    with_organisation(content_dir, phone=["+44 808 157 0101"])
    story_body(content_dir, "Call [the hotline](tel:+448081570101).")
    found = errors(load(content_dir))
    assert any("card-story.md" in p and "link is not allowed" in p for p in found), found


@pytest.mark.parametrize("fields, expected", [
    ({"phone": ["+44 12"]}, "'+44 12' is not a phone number that can be dialled"),
    ({"phone": "+44 808 157 0101"}, "should be a list"),
    ({"messengers": [{"service": "signal", "handle": "stepforward"}]}, "signal has no public user names"),
    ({"messengers": [{"service": "telegram"}]}, "give either a number or a handle"),
    ({"messengers": [{"service": "icq", "number": "+44 20 7946 0102"}]}, "'icq' is not one of the allowed values"),
    ({"languages": ["xx"]}, "unknown language code 'xx'"),
    ({"anonymous": "yes"}, "should be true or false"),
])
def test_bad_contact_details_are_explained_in_plain_words(content_dir, fields, expected):
    with_organisation(content_dir, **fields)
    found = errors(load(content_dir))
    assert any("_data/organizations.yml:" in p and expected in p for p in found), found
    line = next(p for p in found if expected in p)
    assert re.search(r"organizations\.yml:\d+:", line) and "organizations.0." in line


# -- on a phone: the quick exit covers nothing, help in two taps --------------------------

COVERED = """() => {
  const exit = document.querySelector('[data-wav-exit]').getBoundingClientRect();
  // the sticky bar and header are the page's chrome: content scrolled beneath them is hidden by
  // them (as under any header) until the reader scrolls back, so only what lies below them counts
  const chrome = [...document.querySelectorAll('.wav-bar, .md-header')].map(e => e.getBoundingClientRect().bottom);
  const chromeBottom = Math.max(...chrome);
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.wav-exit')) continue;
    const control = el.matches('a[href], button, input, select, textarea, summary, label, [tabindex]');
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!(control || text)) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const inChrome = !!el.closest('.wav-bar, .md-header');
    for (const r of el.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      const top = inChrome ? r.top : Math.max(r.top, chromeBottom);
      if (top < exit.bottom && r.bottom > exit.top && r.left < exit.right && r.right > exit.left && top < r.bottom) {
        found.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '')
                   + ': ' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40));
      }
    }
  }
  return found;
}"""


def covered_anywhere(page) -> list[str]:
    """What lies under the quick exit at any scroll position, from the top to the bottom of the page."""
    found = []
    height = page.evaluate("document.documentElement.scrollHeight")
    step = page.viewport_size["height"] // 3
    for y in list(range(0, height, step)) + [height]:
        page.evaluate("y => window.scrollTo(0, y)", y)
        page.wait_for_timeout(30)
        found += [f"at {y}px: {what}" for what in page.evaluate(COVERED)]
    return found


@PHONE
@pytest.mark.parametrize("kind, lang", [(k, "en") for k in KINDS if k != "russian-only story"]
                         + [("russian-only story", "ru")]
                         + [(k, lang) for k in ("home", "story", "city", "help") for lang in ("ru", "ka")])
def test_on_a_phone_the_quick_exit_covers_no_text_or_control(server, phone, sample, kind, lang):
    phone.goto(f"{server}/{page_path(sample, kind, lang)}")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("[data-wav-exit]").is_visible()
    assert not phone.locator(".wav-exit__hint").is_visible(), "no Shift key on a phone: the hint is hidden"
    assert covered_anywhere(phone) == []


@PHONE
@pytest.mark.parametrize("width", [320, 768, 1024, 1440])
@pytest.mark.parametrize("kind, lang", [("story", "en"), ("help", "ka"), ("city", "ru"), ("home", "ka")])
def test_at_any_width_the_quick_exit_covers_nothing(browser, server, sample, width, kind, lang):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{server}/{page_path(sample, kind, lang)}")
    page.wait_for_load_state("networkidle")
    try:
        assert covered_anywhere(page) == []
        # with a mouse, a keyboard is likely: the Shift hint is shown where there is room
        if width >= 768:
            assert page.locator(".wav-exit__hint").is_visible()
    finally:
        context.close()


def orgs_in_view(page, sample, city, lang):
    """Names of the city's organisations whose heading is on screen (below the sticky chrome)."""
    names = [text_in(o["name"], lang) for o in sample.registries.organizations_in(city=city)]
    return page.evaluate("""(names) => {
        const chrome = Math.max(...[...document.querySelectorAll('.wav-bar, .md-header')]
                                 .map(e => e.getBoundingClientRect().bottom));
        return [...document.querySelectorAll('.wav-org > :is(h3, h4)')].filter(h => {
            const r = h.getBoundingClientRect();
            return names.includes(h.textContent.trim()) && r.top >= chrome - 1 && r.bottom <= innerHeight;
        }).map(h => h.textContent.trim());
    }""", names)


@PHONE
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_woman_in_osh_reaches_her_citys_help_in_two_taps_from_any_page(server, phone, sample, lang):
    default = sample.settings.default_language
    story = next(r for r in sorted(sample.of_type("story"), key=lambda r: r.slug)
                 if r.meta["city"] == "osh" and lang in r.versions) if lang in ("en", "ru") else None
    city_name = text_in(sample.registries.cities["osh"]["name"], lang)
    taps = {}

    # home: "Get help" in the bar, then her city in the jump list
    phone.goto(f"{server}/{prefix(sample, lang)}")
    phone.locator("[data-wav-help]").tap()
    phone.wait_for_url(f"**/{prefix(sample, lang)}help/")
    phone.locator(".wav-directory__jump a", has_text=city_name).tap()
    phone.wait_for_timeout(300)
    assert orgs_in_view(phone, sample, "osh", lang), "after two taps from home the organisations are on screen"
    taps["home"] = 2

    # a story in Osh: "Get help" opens the directory at Osh
    if story:
        phone.goto(f"{server}/{story.url(lang, default)}")
        # the story's own help box leads to the same place as the bar
        assert phone.locator(".wav-help .wav-help__more a").get_attribute("href").endswith("help/#osh")
        assert phone.locator("[data-wav-help]").get_attribute("href").endswith("help/#osh")
        phone.locator("[data-wav-help]").tap()
        phone.wait_for_url("**/help/#osh")
        phone.wait_for_timeout(300)
        assert orgs_in_view(phone, sample, "osh", lang)
        taps["story"] = 1

    # the city page: its help comes first, on the first screen
    phone.goto(f"{server}/{prefix(sample, lang)}cities/osh/")
    assert orgs_in_view(phone, sample, "osh", lang), "the city page shows its help on the first screen"
    taps["city"] = 0
    assert phone.locator(".wav-place > .wav-help").evaluate(
        "help => help.compareDocumentPosition(document.querySelector('.wav-map')) & Node.DOCUMENT_POSITION_FOLLOWING")
    print(f"\n{lang}: taps to the organisations of Osh at 390 px: {taps}")
    assert max(taps.values()) <= 2
    assert phone.errors == []


@pytest.mark.build
def test_get_help_lands_at_the_pages_city_but_a_withdrawn_record_names_none(built_site, sample):
    """The bar's "Get help" on every page: at the city of a city page or record, never at the city
    of a withdrawn record (its tombstone must not say where it happened)."""
    default = sample.settings.default_language
    link = re.compile(r'<a href="([^"]*)" data-wav-help>')

    def help_link(site_path):
        found = link.findall((built_site / site_path / "index.html").read_text("utf-8"))
        assert len(found) == 1, site_path
        return found[0]

    for record in sample.records.values():
        for lang in record.versions:
            city, country = record.meta.get("city"), record.meta.get("country")
            expected = f"#{city}" if city else (f"#country-{country}" if country else "")
            assert help_link(record.url(lang, default)).endswith("help/" + expected)
    for record in sample.tombstones.values():
        for lang in record.versions:
            assert help_link(record.url(lang, default)).endswith("help/")
    for lang in LANGUAGES:
        for slug in sample.registries.cities:
            assert help_link(f"{prefix(sample, lang)}cities/{slug}/").endswith(f"help/#{slug}")
        for code in sample.registries.countries:
            assert help_link(f"{prefix(sample, lang)}countries/{code}/").endswith(f"help/#country-{code}")


@PHONE
def test_the_shift_hint_is_hidden_on_a_touch_screen_of_any_size(browser, server):
    """A tablet is as wide as a laptop but has no Shift key: the hint follows the pointer, not the width."""
    for touch in (True, False):
        context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=touch, is_mobile=touch)
        page = context.new_page()
        page.goto(f"{server}/")
        try:
            assert page.locator(".wav-exit__hint").is_visible() is not touch
            assert page.locator("[data-wav-exit]").is_visible()
        finally:
            context.close()
