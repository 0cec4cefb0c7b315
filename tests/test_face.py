"""The campaign's face (issue 17), as readers see it in Chromium: pages fit phones, the maps
name every city, home shows numbers and results at once, filters count facets, nothing jumps."""
from __future__ import annotations

import re

import pytest

from campaign.site import aggregate

LANGS = ["", "ru/", "uk/", "ka/"]
# one page of every type
PAGES = ["", "stories/", "stories/card-held-for-ransom-tbilisi/", "solutions/", "cities/osh/", "countries/kz/",
         "map/", "violations/", "violations/extortion/", "commitments/", "report/", "data/", "help/"]
CLS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 1200);
})"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 740})
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_page_is_wider_than_the_screen(server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = []
    for lang in LANGS:
        for path in PAGES:
            page.goto(f"{server}/{lang}{path}", wait_until="load")
            extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if extra > 0:
                wide.append((lang + path, extra))
    context.close()
    assert wide == [], f"wider than {width} px (page, extra px): {wide}"


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["", "ka/"])
def test_regional_map_on_a_phone_names_every_city_without_a_tap(server, phone, sample, lang):
    code = lang.strip("/") or "en"
    cities = sample.registries.cities
    expected = {cities[slug]["name"].get(code) or cities[slug]["name"]["en"]
                for slug in cities if aggregate.place_stats(sample, city=slug).stories}
    phone.goto(f"{server}/{lang}map/")
    phone.locator(".wav-map__name").first.wait_for()
    labels = phone.locator(".wav-map__name").evaluate_all("""els => els.map(e => {
        const r = e.getBoundingClientRect(), m = e.closest('.leaflet-container').getBoundingClientRect();
        const c = e.parentElement.querySelector('.wav-map__count').getBoundingClientRect();
        return {text: e.textContent, circle: [c.left + c.width / 2, c.top + c.height / 2], names: e.dataset.names.split('|'), size: parseFloat(getComputedStyle(e).fontSize),
                box: [r.left, r.top, r.right, r.bottom], inside: r.left >= m.left && r.right <= m.right
                && r.top >= m.top && r.bottom <= m.bottom};
    })""")
    named = {name for label in labels for name in label["names"]}
    assert named == expected, "every city with stories is named, alone or in its group"
    for label in labels:
        assert label["inside"], f"{label['text']} is cut by the map's edge"
        assert label["size"] >= 12
        assert label["text"].startswith(label["names"][0])
    boxes = [label["box"] for label in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), "two city labels overlap"
    # the map fits the phone: not taller than wide
    box = phone.locator(".wav-map__canvas").bounding_box()
    assert box["height"] <= box["width"]
    # a group opens on a tap: the map zooms in until its cities have labels of their own
    groups = [label for label in labels if len(label["names"]) > 1]
    assert groups, "on a phone the region's nearby cities are grouped"
    phone.mouse.click(*groups[0]["circle"])
    phone.wait_for_function("""names => names.every(n => Array.from(document.querySelectorAll('.wav-map__name'))
        .some(e => e.dataset.names === n))""", arg=groups[0]["names"])


@pytest.mark.browser
def test_home_at_desktop_shows_the_numbers_in_one_row_and_the_results_at_once(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    for lang in ("", "ka/"):
        page.goto(f"{server}/{lang}")
        tops = page.locator(".wav-numbers > li").evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
        assert len(tops) == 5 and len(set(tops)) == 1, f"key numbers not in one row: {tops}"
        results = page.locator(".wav-results__list > li")
        assert results.count() == 3  # implemented, in progress, broken
        bottom = page.locator(".wav-results__list").evaluate("e => e.getBoundingClientRect().bottom")
        assert bottom <= 800, f"results strip ends {bottom} px down, below the fold"
        assert all(results.nth(i).locator(".wav-result__example a").count() == 1 for i in range(3))
        assert page.locator(".wav-cards > li").count() >= 1  # featured stories
        assert "Made with" not in page.locator(".md-footer").inner_text()
        assert page.locator(".wav-footer a[rel~=license]").count() == 1
    context.close()


@pytest.mark.browser
def test_choosing_a_country_updates_the_counts_of_the_violation_filter(server, reader, sample):
    reader.goto(f"{server}/stories/")
    country = "kz"
    reader.locator('select[name="country"]').select_option(country)
    stories = [r for r in sample.of_type("story") if aggregate.country_of(r.meta, sample.registries) == country]
    expected = {}
    for story in stories:
        for slug in story.meta["violations"]:
            expected[slug] = expected.get(slug, 0) + 1
    reader.wait_for_function("""n => document.querySelectorAll('.wav-index__list > li').length === n""", arg=len(stories))
    options = reader.locator('select[name="violations"] option[data-label]').evaluate_all(
        "els => els.map(o => [o.value, o.textContent, o.disabled])")
    for value, text, disabled in options:
        count = int(re.search(r"\((\d+)\)$", text).group(1))
        assert count == expected.get(value, 0), (value, text)
        assert disabled == (count == 0)
    assert reader.locator(".wav-index__status").inner_text().startswith(f"{len(stories)} stor")


@pytest.mark.browser
def test_on_a_phone_the_filters_fold_behind_one_button(server, phone):
    phone.goto(f"{server}/stories/")
    toggle = phone.locator(".wav-filters__toggle")
    assert toggle.is_visible() and not phone.locator("form.wav-filters").is_visible()
    toggle.click()
    phone.locator('select[name="city"]').select_option(index=1)
    phone.wait_for_function("e => /\\(1\\)$/.test(e.textContent)", arg=toggle.element_handle())
    assert toggle.get_attribute("aria-expanded") == "true"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["map/", "cities/osh/", "stories/", "ka/map/", "ka/cities/osh/", "ka/stories/"])
def test_nothing_jumps_after_load(server, browser, path):
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(f"{server}/{path}", wait_until="load")
        shift = page.evaluate(CLS)
        context.close()
        assert shift < 0.05, f"cumulative layout shift {shift:.3f} on {path} at {width} px"


@pytest.mark.browser
def test_story_page_reads_at_full_size_and_leads_on(server, reader):
    reader.goto(f"{server}/stories/card-held-for-ransom-tbilisi/")
    facts = reader.locator(".wav-facts dd a")
    hrefs = facts.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any("cities/tbilisi/" in h for h in hrefs) and any("violations/" in h for h in hrefs)
    note = reader.locator(".wav-content-note")
    if note.count():
        note.locator("summary").click()
        assert note.evaluate("e => getComputedStyle(e).borderLeftColor") != "rgb(68, 138, 255)"  # not Material's note blue
    size = reader.locator(".wav-record__body p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 16
    assert reader.locator("#more-from-city + ul a, #stories-like-this + ul a").count() >= 2


def test_pages_have_no_checkbox_autocomplete_and_escape_the_data_table(built_site):
    for path in ("index.html", "ka/map/index.html", "404.html", "stories/card-held-for-ransom-tbilisi/index.html"):
        html = (built_site / path).read_text("utf-8")
        assert not re.search(r'type="checkbox"[^>]*autocomplete', html), path
    data = (built_site / "data" / "index.html").read_text("utf-8")
    assert "/stories/&lt;slug&gt;/" in data and "<slug>" not in data


def test_the_browser_title_names_the_campaign_once(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    assert re.search(r"<title>Women Against Violence</title>", home)
    ru = (built_site / "ru" / "index.html").read_text("utf-8")
    assert ru.count("Женщины против насилия - Женщины против насилия") == 0


VNU_PAGES = ["index.html", "stories/index.html", "stories/card-held-for-ransom-tbilisi/index.html",
             "solutions/index.html", "cities/osh/index.html", "countries/kz/index.html", "map/index.html",
             "violations/index.html", "violations/extortion/index.html", "commitments/index.html",
             "report/index.html", "data/index.html", "help/index.html", "404.html"]


def test_nu_html_checker_finds_no_error(built_site):
    """The Nu Html Checker (npm vnu-jar; VNU_JAR names its vnu.jar, .ci/run sets it) on every
    page type in two languages."""
    import os
    import shutil
    import subprocess

    jar = os.environ.get("VNU_JAR")
    if not jar or not shutil.which("java"):
        pytest.skip("the Nu Html Checker is not installed: npm pack vnu-jar, then VNU_JAR=.../build/dist/vnu.jar")
    files = [str(built_site / lang / page) for lang in ("", "ru/") for page in VNU_PAGES
             if (built_site / lang / page).is_file()]
    assert len(files) >= 2 * len(VNU_PAGES) - 1  # 404.html exists once per language, ru's under ru/
    result = subprocess.run(["java", "-jar", jar, "--errors-only", "--format", "gnu", *files],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[:4000]


# Every text of every bar chart as the reader's browser draws it: the size a reader sees (an
# SVG text's font size times its scale on screen), where it is, and each row's value and bar.
CHARTS = """() => Array.from(document.querySelectorAll('.wav-chart')).map(chart => {
  const box = chart.getBoundingClientRect();
  const rows = Array.from(chart.querySelectorAll('.wav-chart__row')).map(row => {
    const text = e => {
      const r = e.getBoundingClientRect();
      let size = parseFloat(getComputedStyle(e).fontSize);
      if (e instanceof SVGElement) { const m = e.getScreenCTM(); size *= Math.hypot(m.a, m.b); }
      return {text: e.textContent, size: size, left: r.left, right: r.right, height: r.height};
    };
    const bar = row.querySelector('rect');
    return {value: row.dataset.value === undefined ? null : Number(row.dataset.value),
            label: text(row.querySelector('.wav-chart__label')), number: text(row.querySelector('.wav-chart__value')),
            bar: bar ? {left: bar.getBoundingClientRect().left, right: bar.getBoundingClientRect().right,
                        width: bar.getBoundingClientRect().width, fill: getComputedStyle(bar).fill} : null};
  });
  return {key: chart.dataset.chart, order: chart.dataset.order, right: box.right, rows: rows,
          name: (chart.getAttribute('aria-labelledby') || '').split(' ').map(id => document.getElementById(id))
                  .filter(Boolean).map(e => e.textContent).join(' ')};
})"""


def check_charts(charts, where):
    assert charts, f"no chart on {where}"
    for chart in charts:
        what = f"{where}, chart {chart['key']}"
        assert chart["name"].strip(), f"{what} has no accessible name"
        rows = chart["rows"]
        assert rows, f"{what} has no rows"
        for row in rows:
            for text in (row["label"], row["number"]):
                assert text["size"] >= 12 and text["height"] >= 12, f"{what}: {text['text']!r} drawn at {text['size']:.1f} px"
                assert text["right"] <= chart["right"] + 1, f"{what}: {text['text']!r} runs out of the chart"
            if row["bar"]:  # the number is written at the end of its bar
                assert 0 <= row["number"]["left"] - row["bar"]["right"] <= 16, f"{what}: {row['number']['text']} away from its bar"
        bars = [row["bar"] for row in rows if row["bar"]]
        assert len({bar["fill"] for bar in bars}) <= 1, f"{what}: bars in several colours"
        shown = [row for row in rows if row["value"] is not None]
        assert rows[:len(shown)] == shown, f"{what}: a count that is not shown comes before a bar"
        if chart["order"] == "time":  # years, oldest first
            years = [int(row["label"]["text"]) for row in rows]
            assert years == sorted(years), what
        else:
            values = [row["value"] for row in shown]
            assert values == sorted(values, reverse=True), f"{what}: bars not largest first: {values}"
            widths = [row["bar"]["width"] if row["bar"] else 0 for row in shown]
            assert widths == sorted(widths, reverse=True), f"{what}: bar lengths {widths}"


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_chart_labels_are_readable_at_every_width_and_bars_come_largest_first(server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in ("report/", "ka/report/", "cities/chisinau/", "ru/countries/ua/", "ka/countries/ge/"):
        page.goto(f"{server}/{path}", wait_until="load")
        charts = page.evaluate(CHARTS)
        check_charts(charts, f"{path} at {width} px")
        if path.endswith("report/"):
            assert len(charts) >= 8
        else:  # beside the help box, never under it
            covered = page.evaluate("""() => {
                const help = document.querySelector('.wav-help');
                if (!help) return [];
                const h = help.getBoundingClientRect();
                return Array.from(document.querySelectorAll('.wav-chart, .wav-table')).filter(e => {
                    const r = e.getBoundingClientRect();
                    return r.left < h.right && h.left < r.right && r.top < h.bottom && h.top < r.bottom; }).length;
            }""")
            assert covered == 0, f"{path} at {width} px: a chart or table runs under the help box"
    # and on paper, as the browser prints them
    page.emulate_media(media="print")
    for path in ("report/", "ka/cities/chisinau/"):
        page.goto(f"{server}/{path}", wait_until="load")
        check_charts(page.evaluate(CHARTS), f"{path} printed")
    context.close()


@pytest.mark.browser
def test_the_report_prints_from_the_browser_on_full_pages(server, browser):
    import io

    from pypdf import PdfReader

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{server}/report/", wait_until="load")
    pages = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    context.close()
    text = [len(p.extract_text()) for p in pages]
    # a chapter per sheet and charts twinned with tables left most sheets a third full
    sparse = [i + 1 for i, n in enumerate(text[:-1]) if n < 500]
    assert sparse == [], f"sheets with little on them (of {len(pages)}): {sparse}, characters per sheet {text}"


@pytest.mark.browser
@pytest.mark.parametrize("path, campaign", [("countries/ua/", "Women Against Violence"),
                                            ("ru/cities/chisinau/", "Женщины против насилия")])
def test_a_printed_place_page_says_whose_it_is_where_it_lives_and_when_it_was_printed(server, browser, path, campaign):
    import datetime as dt
    import io

    from pypdf import PdfReader

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{server}/{path}", wait_until="load")
    assert not page.locator(".wav-print-head").is_visible()  # on screen the browser shows all that
    page.emulate_media(media="print")
    head = page.locator(".wav-print-head")
    assert head.is_visible()
    # first on the sheet, above the page's title
    assert head.evaluate("e => e.getBoundingClientRect().bottom") <= page.locator("h1").evaluate(
        "e => e.getBoundingClientRect().top")
    # every entry dated with what the date is: when it happened, when it was published
    entries = page.locator("#stories + .wav-list > li")
    assert entries.count() >= 3
    for i in range(entries.count()):
        kinds = entries.nth(i).locator(".wav-date").evaluate_all("els => els.map(e => [e.dataset.date, e.textContent])")
        assert [k for k, _ in kinds] == ["incident", "published"], kinds
        assert all(re.match(r"\S.*: \S", text) for _, text in kinds), kinds
    avoid = page.locator(".wav-list > li, .wav-tracker tr").evaluate_all(
        "els => els.filter(e => getComputedStyle(e).breakInside !== 'avoid').length")
    assert avoid == 0
    parts = page.locator("#stories + .wav-list > li").evaluate_all(
        "els => els.map(e => [e.querySelector('a').textContent, e.querySelector('.wav-list__summary').textContent])")
    pages = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    context.close()
    text = [p.extract_text() for p in pages]
    flat = [re.sub(r"\s+", "", t) for t in text]
    assert campaign in text[0]
    assert f"https://women-against-violence.example/{path}" in flat[0]
    printed = re.search(r"(Printed on|Напечатано) ([^\n·]+)", text[0])
    assert printed and str(dt.date.today().year) in printed.group(2), text[0][:600]
    # no entry is split between two sheets: its title and its last line are on the same one
    if path.startswith("countries/"):
        assert len(pages) >= 2  # the list runs over a page break: the check below can fail
    for title, summary in parts:
        title, summary = re.sub(r"\s+", "", title), re.sub(r"\s+", "", summary)
        assert any(title in t and summary in t for t in flat), f"{title} is split between two sheets"


@pytest.mark.browser
@pytest.mark.parametrize("path, quote", [
    ("stories/card-held-for-ransom-tbilisi/", "Then they said I could have my documents back in the evening if I brought money."),
    ("ka/stories/beaten-in-the-patrol-car-yerevan/", "მითხრეს, რომ თუ ვინმეს ვეტყოდი, შემდეგ ჯერზე ნარკოტიკს „მიპოვიდნენ“."),
])
def test_a_story_with_a_pull_quote_shows_it_large_at_the_head_of_her_text(server, reader, path, quote):
    reader.goto(f"{server}/{path}")
    note = reader.locator(".wav-content-note > summary")
    if note.count():
        note.click()  # the quote is her account too: behind the content note like the rest
    pull = reader.locator(".wav-pullquote blockquote")
    assert pull.is_visible() and pull.inner_text().strip() == quote
    body = reader.locator(".wav-record__body")
    assert quote in " ".join(body.inner_text().split())  # her words, as they stand in the text
    size = pull.locator("p").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    text_size = body.locator("p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 1.2 * text_size
    # before the text, near the top
    assert pull.evaluate("e => e.getBoundingClientRect().bottom") <= body.evaluate("e => e.getBoundingClientRect().top")


def test_a_pull_quote_that_is_not_in_her_text_fails_the_check_with_file_line_and_field(content_dir):
    import subprocess
    import sys

    from conftest import site_config, write

    root = content_dir.parent
    write(root / "mkdocs.yml", site_config(today="2020-01-01", custom_dir=True))
    (root / "overrides").mkdir(exist_ok=True)
    story = content_dir / "stories" / "card-story.md"
    text = story.read_text("utf-8")
    good = text.replace('summary: "Police held her', 'pull_quote: "I was stopped near the pharmacy."\nsummary: "Police held her')
    story.write_text(good, "utf-8")

    def check():
        return subprocess.run([sys.executable, "-m", "campaign.tools.cli", "check"], cwd=root,
                              capture_output=True, text=True, timeout=120)

    result = check()
    assert result.returncode == 0, result.stdout + result.stderr
    story.write_text(good.replace("I was stopped near the pharmacy.", "I was stopped near the station.", 1), "utf-8")
    result = check()
    assert result.returncode == 1
    line = good.splitlines().index('pull_quote: "I was stopped near the pharmacy."') + 1
    assert f"content/stories/card-story.md:{line}: pull_quote: is not in the text of the story" in result.stdout, result.stdout
    # and like every text of a story, the quote is scanned for personal data
    story.write_text(good.replace("pull_quote: \"I was stopped near the pharmacy.\"",
                                  "pull_quote: \"Call me on +995 555 12 34 56 any time.\"").replace(
        "I was stopped near the pharmacy.", "I was stopped near the pharmacy. Call me on +995 555 12 34 56 any time."), "utf-8")
    result = check()
    assert result.returncode == 1
    assert f"content/stories/card-story.md:{line}: pull_quote: probable phone number" in result.stdout, result.stdout


MAP_LABELS = """() => Array.from(document.querySelectorAll('.wav-map__name')).map(e => {
    const r = e.getBoundingClientRect(), m = e.closest('.leaflet-container').getBoundingClientRect();
    return {text: e.textContent, names: e.dataset.names.split('|'), size: parseFloat(getComputedStyle(e).fontSize),
            box: [r.left, r.top, r.right, r.bottom], visible: r.width > 0 && getComputedStyle(e).visibility === 'visible',
            inside: r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom};
})"""


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_regional_map_labels_never_overlap_and_name_every_city(server, browser, sample, width):
    cities = sample.registries.cities
    with_stories = [slug for slug in cities if aggregate.place_stats(sample, city=slug).stories]
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for lang in ("", "ka/"):
        code = lang.strip("/") or "en"
        page.goto(f"{server}/{lang}map/")
        page.locator(".wav-map__name").first.wait_for()
        labels = page.evaluate(MAP_LABELS)
        assert all(label["visible"] and label["inside"] and label["size"] >= 12 for label in labels), labels
        named = [name for label in labels for name in label["names"]]
        expected = {cities[slug]["name"].get(code) or cities[slug]["name"]["en"] for slug in with_stories}
        assert sorted(named) == sorted(expected), "every city with stories is named once, alone or in a group"
        clashes = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:] if _overlap(a["box"], b["box"])]
        assert clashes == [], f"labels overlap at {width} px ({lang or 'en'}): {clashes}"
        counts = page.locator(".wav-map__count").evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")
        if width == 1280:  # a wide map keeps a circle per city, and no circle covers another's number
            assert len(counts) == len(with_stories)
            inner = [[c[0] + 4, c[1] + 4, c[2] - 4, c[3] - 4] for c in counts]
            assert not any(_overlap(a, b) for i, a in enumerate(inner) for b in inner[i + 1:])
        # no label lies on a circle
        assert not any(_overlap(label["box"], c) for label in labels for c in counts)
    context.close()


@pytest.mark.build
@pytest.mark.parametrize("lang", ["en", "ka"])
def test_the_report_pdf_charts_are_printed_at_a_readable_size(built_site, lang):
    """In the PDF (WeasyPrint) every chart label and value is at least 9 pt, 12 px."""
    import html as htmllib
    import math

    from pypdf import PdfReader

    from campaign.site import reportpdf

    folder = built_site / ("" if lang == "en" else lang) / "report"
    page_html = (folder / "index.html").read_text("utf-8")
    chart = re.search(r'data-chart="violation".*?</div>\n</div>', page_html, re.S).group(0)
    labels = [htmllib.unescape(t) for t in re.findall(r'<span class="wav-chart__label">([^<]+)</span>', chart)]
    values = re.findall(r'<text class="wav-chart__value"[^>]*>([^<]+)</text>', chart)
    assert labels and len(values) == len(labels)
    reader = PdfReader(folder / reportpdf.pdf_name(lang))
    for sheet in reader.pages:
        seen = []
        sheet.extract_text(visitor_text=lambda text, cm, tm, font, size, seen=seen: text.strip() and seen.append(
            (text.strip(), size * math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]))))
        texts = [t for t, _ in seen]
        if labels[0] in texts:
            break
    else:
        pytest.fail("the violation chart is not in the PDF")
    # the chart comes before its table; a label may come in pieces (a hyphen in another font)
    at, drawn = texts.index(labels[0]), []
    for label in labels:
        pieces = ""
        while pieces != label.replace(" ", ""):
            assert at < len(seen) and label.replace(" ", "").startswith(pieces + seen[at][0].replace(" ", "")), (label, seen[at:at + 3])
            pieces += seen[at][0].replace(" ", "")
            drawn.append(seen[at])
            at += 1
    assert min(size for _, size in drawn) >= 9, drawn
    numbers = [size for text, size in seen if text in values]
    assert numbers and min(numbers) >= 9, numbers


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_header_icons_are_drawn_and_back_to_top_shows_below_the_header(server, browser, width):
    """The icons come from the stylesheet, not the page: each is painted at Material's size in the
    header's text colour; the back-to-top button, once it appears, is not under the header."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{server}/ka/stories/", wait_until="networkidle")
        icons = page.evaluate("""() => [...document.querySelectorAll('.md-header .wav-icon')]
            .filter(icon => icon.getClientRects().length)
            .map(icon => { const s = getComputedStyle(icon), r = icon.getBoundingClientRect();
                           return [icon.className, r.width, r.height, s.maskImage || s.webkitMaskImage, s.backgroundColor,
                                   getComputedStyle(icon.closest('.md-header')).color]; })""")
        shown = {name.split("--")[1] for name, *_ in icons}
        assert shown == ({"menu", "translate", "search"} if width < 1220 else {"translate"}), icons
        for name, w, h, mask, colour, header_colour in icons:
            assert (w, h) == (24, 24) and mask.startswith('url("data:image/svg+xml'), name
            assert colour == header_colour, name
        page.mouse.wheel(0, 4000)
        page.wait_for_timeout(300)
        page.mouse.wheel(0, -800)
        top = page.locator(".md-top")
        top.wait_for(state="visible")
        page.wait_for_timeout(300)
        header = page.locator(".md-header").bounding_box()
        box = top.bounding_box()
        assert box["y"] >= header["y"] + header["height"], (box, header)
        assert page.evaluate("getComputedStyle(document.querySelector('.md-top .wav-icon')).width") == "24px"
    finally:
        context.close()
