"""The regional report as a document, and what journalists need to cite it (issue 18, SPEC 4.5, 4.6).

The PDFs are read back with pypdf, the CSV with the csv module, the pages as the
built HTML and, for the copy button, in Chromium.
"""
from __future__ import annotations

import csv
import datetime as dt
import getpass
import html as htmllib
import io
import re
import socket
from functools import cache

import pypdf
import pytest
import yaml

from campaign.content.chapters import load_chapters
from campaign.content.problems import Problems
from campaign.safety.suppression import EXACT
from campaign.site import reportpdf, sitepages
from campaign.site.context import language_context
from campaign.site.fragments import Fragments
from conftest import LANGUAGES, ROOT, load, write

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").replace("!!python", "#"))
SITE_URL = CONFIG["site_url"].rstrip("/")
SCRIPTS = {"en": r"[A-Za-z]", "ru": r"[А-Яа-яЁё]", "uk": r"[А-Яа-яІіЇїЄєҐґ]", "ka": r"[\u10D0-\u10FF]"}
SENSITIVE_TABLES = ("intersection", "age-group")


def prefix(lang):
    return "" if lang == "en" else f"{lang}/"


def pdf_path(site, lang):
    return site / prefix(lang) / "report" / reportpdf.pdf_name(lang)


@cache
def read_pdf(path):
    reader = pypdf.PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"\s+", " ", text)


def outline_titles(items, depth=0):
    for item in items:
        if isinstance(item, list):
            yield from outline_titles(item, depth + 1)
        else:
            yield depth, item.title


def page_tables(html):
    """{table key: [(label, state, shown value)]} of the report page."""
    out = {}
    for key, body in re.findall(r'<table class="wav-table" data-table="([\w-]+)">(.*?)</table>', html, re.S):
        out[key] = [(htmllib.unescape(re.sub("<[^>]+>", "", label)), state, htmllib.unescape(value))
                    for state, label, value in
                    re.findall(r'<tr data-state="(\w+)"[^>]*><th scope="row">(.*?)</th><td>(.*?)</td></tr>', body)]
    return out


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_of_each_language_has_the_chapters_in_order_in_its_script_with_the_pages_numbers(built_site, sample,
                                                                                                   lang):
    path = pdf_path(built_site, lang)
    reader, text = read_pdf(path)
    assert len(reader.pages) >= 10
    assert reader.pdf_header.startswith("%PDF-")
    # chapters, as the outline (bookmarks) lists them, in the editors' order
    chapters = [c.version_for(lang, "en").title for c in sample.content.chapters]
    assert len(chapters) >= 4
    top = [title for depth, title in outline_titles(reader.outline) if depth == 1]
    found = [next(i for i, t in enumerate(top) if t.startswith(title)) for title in chapters]
    assert found == sorted(found), (chapters, top)
    # text in the language's script: the interface strings are, whatever the chapters' language
    assert len(re.findall(SCRIPTS[lang], text)) > 200
    # every number of every table of the page is in the PDF, beside its label
    page = (built_site / prefix(lang) / "report" / "index.html").read_text("utf-8")
    tables = page_tables(page)
    assert {"year", "violation", "perpetrator", "response", "country", "city", "commitments"} <= set(tables)
    for key, rows in tables.items():
        for label, _state, value in rows:
            assert re.sub(r"\s+", " ", f"{label} {value}") in text, (lang, key, label, value)
    # key numbers as on the page
    for _key, value in re.findall(r'<dd data-key="(\w+)">(\d+)</dd>', page):
        assert value in text
    # chapter text and the generated parts, not only the interface
    assert "[[" not in text


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_reveals_no_small_count(built_site, lang):
    _reader, text = read_pdf(pdf_path(built_site, lang))
    page = (built_site / prefix(lang) / "report" / "index.html").read_text("utf-8")
    tables = page_tables(page)
    hidden = 0
    for key in SENSITIVE_TABLES:
        for label, state, value in tables[key]:
            if state == EXACT:
                assert int(value) >= 5
                continue
            hidden += 1
            assert not value.isdigit(), value  # "fewer than 5" or "withheld", in the page's language
            # the PDF shows the same words, never the count
            assert f"{label} {value}" in text
            for n in range(0, 5):
                assert f"{label} {n} " not in text + " ", (lang, key, label, n)
    assert hidden  # the sample has small cells: the test looks at them


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_names_no_user_machine_or_path_and_embeds_its_fonts(built_site, lang):
    path = pdf_path(built_site, lang)
    reader, text = read_pdf(path)
    data = path.read_bytes()
    meta = dict(reader.metadata or {})
    assert set(meta) <= {"/Producer", "/Title", "/Author"}, meta
    assert "/CreationDate" not in meta and "/ModDate" not in meta
    secrets = {getpass.getuser(), socket.gethostname(), str(ROOT), str(built_site), "/tmp/", "/home/", "/root",
               "file:"}
    for secret in secrets:
        assert not any(secret in str(v) for v in meta.values()), secret
        assert secret not in text, secret
        if len(secret) >= 5:  # in the raw bytes too; a short name turns up by chance in compressed streams
            assert secret.encode() not in data, secret
    # links point at the public site, never at the build machine
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            uri = annot.get_object().get("/A", {}).get("/URI")
            if uri:
                assert str(uri).startswith(SITE_URL), uri
    # the shipped fonts, embedded: no font of the build machine
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts") or [font]:
                descendant = descendant.get_object()
                descriptor = descendant["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), descendant["/BaseFont"]
                fonts.add(str(descendant["/BaseFont"]).split("+", 1)[-1])
    assert fonts and all(name.startswith(("WAV-", "Noto")) for name in fonts), fonts
    if lang == "ka":
        assert any("Georgian" in name for name in fonts)


@pytest.mark.build
def test_the_same_content_gives_the_same_pdf_bytes(built_site, sample):
    """The built PDF, made again in this process from the same content, is byte for byte the same."""
    fragments = Fragments(ROOT / "overrides" / "campaign", sample, "en", site_url=CONFIG["site_url"])
    options = sitepages.Options(site_url=CONFIG["site_url"], site_name=CONFIG["site_name"],
                                licence=CONFIG["plugins"][-1]["campaign"]["data_licence"])
    html = sitepages.report_print(fragments, language_context(sample, "en"), options)
    again = reportpdf.render(html, reportpdf.epoch_of(sample))
    assert again == reportpdf.render(html, reportpdf.epoch_of(sample))
    assert again == pdf_path(built_site, "en").read_bytes()


@pytest.mark.build
def test_the_report_page_links_its_pdf_and_the_methodology(built_site):
    for lang in LANGUAGES:
        page = (built_site / prefix(lang) / "report" / "index.html").read_text("utf-8")
        assert f'href="{reportpdf.pdf_name(lang)}" download type="application/pdf"' in page
        assert 'href="../methodology/"' in page
        assert '<nav class="wav-toc"' in page and "[[" not in page


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGUAGES)
def test_methodology_and_press_pages_exist_in_every_language(built_site, sample, lang):
    english = ["Press contact", "Key numbers", "Logo and photos", "The regional report", "Download the logo"]
    for name in ("methodology", "press"):
        page = (built_site / prefix(lang) / name / "index.html").read_text("utf-8")
        assert f'<html lang="{lang}"' in page
        assert "<h1" in page and "[[" not in page
        if lang != "en":
            for text in english:
                assert text not in page, (lang, name, text)
    methodology = (built_site / prefix(lang) / "methodology" / "index.html").read_text("utf-8")
    assert re.search(SCRIPTS[lang], re.sub("<[^>]+>", "", methodology.split("<h1", 1)[1]))
    press = (built_site / prefix(lang) / "press" / "index.html").read_text("utf-8")
    contact = sample.registries.campaign["press"]
    assert f'href="mailto:{contact["email"]}"' in press
    assert htmllib.escape(contact["name"][lang], quote=False) in press
    # the PDF of every language, each one there
    for other in LANGUAGES:
        link = re.search(rf'<a href="([^"]+{reportpdf.pdf_name(other)})"', press).group(1)
        assert (built_site / prefix(lang) / "press" / link).resolve() == pdf_path(built_site, other).resolve()
        assert pdf_path(built_site, other).exists()
    logo = re.search(r'<img class="wav-press__logo" src="([^"]+)"', press).group(1)
    assert (built_site / prefix(lang) / "press" / logo).resolve().is_file()
    # the key numbers are the report's
    report = (built_site / prefix(lang) / "report" / "index.html").read_text("utf-8")
    numbers = re.findall(r'<dd data-key="(\w+)">(\d+)</dd>', press)
    assert numbers and numbers == re.findall(r'<dd data-key="(\w+)">(\d+)</dd>', report)
    assert dict(numbers)["stories"] == str(len(sample.of_type("story")))


def canonical(page):
    return re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)


@pytest.mark.build
def test_the_citation_on_every_record_page_holds_its_canonical_address(built_site, sample):
    checked = 0
    for record in sample.records.values():
        for lang, version in record.versions.items():
            page = (built_site / record.url(lang, "en") / "index.html").read_text("utf-8")
            cite = re.search(r'<p class="wav-cite__text" id="wav-cite-record">(.*?)</p>', page, re.S).group(1)
            text = htmllib.unescape(re.sub("<[^>]+>", "", cite))
            assert canonical(page) in text
            assert canonical(page) == f"{SITE_URL}/{record.url(lang, 'en')}"
            assert version.meta["title"] in text
            assert CONFIG["site_name"] in text or lang != "en"
            checked += 1
    assert checked > 50


@pytest.mark.build
@pytest.mark.browser
def test_the_copy_button_copies_the_citation_with_today_as_the_date_accessed(browser, server, sample):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    hosts = set()
    page.on("request", lambda req: hosts.add(req.url.split("/")[2]))
    story = next(r for r in sample.of_type("story") if "ru" in r.versions)
    page.goto(f"{server}/{story.url('ru', 'en')}")
    button = page.locator("button.wav-cite__copy")
    assert button.is_visible()
    button.click()
    page.wait_for_function("document.querySelector('.wav-cite__status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert f"{SITE_URL}/ru/stories/{story.slug}/" in copied
    assert story.versions["ru"].meta["title"] in copied
    assert str(dt.date.today().year) in copied.split(story.slug)[-1] and "[" not in copied
    assert page.locator(".wav-cite__status").text_content() == "Ссылка скопирована."
    assert not errors and hosts == {server.split("/")[2]}
    # the dataset's citation on /data/ works the same way
    page.goto(f"{server}/data/")
    page.locator("button.wav-cite__copy").click()
    page.wait_for_function("document.querySelector('.wav-cite__status').textContent.length > 0")
    assert f"{SITE_URL}/data/" in page.evaluate("navigator.clipboard.readText()")
    context.close()


@pytest.mark.build
@pytest.mark.browser
def test_without_javascript_the_citation_is_there_to_select_and_no_button_shows(reader_without_js, server, sample):
    story = next(iter(sample.of_type("story")))
    reader_without_js.goto(f"{server}/{story.url('en', 'en')}")
    assert f"{SITE_URL}/{story.url('en', 'en')}" in reader_without_js.locator("#wav-cite-record").text_content()
    assert not reader_without_js.locator("button.wav-cite__copy").is_visible()


@pytest.mark.build
def test_stories_csv_round_trips_with_titles_summaries_urls_and_labels(built_site, sample):
    text = (built_site / "data" / "stories.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    stories = sample.of_type("story")
    assert sorted(row["slug"] for row in rows) == sorted(s.slug for s in stories)
    for row in rows:
        story = sample.records[row["slug"]]
        for lang in LANGUAGES:
            version = story.versions.get(lang)
            if version is None:
                assert row[f"title_{lang}"] == row[f"summary_{lang}"] == row[f"url_{lang}"] == ""
                continue
            assert row[f"title_{lang}"] == version.meta["title"]
            assert row[f"summary_{lang}"] == version.meta["summary"]
            assert row[f"url_{lang}"] == f"{SITE_URL}/{story.url(lang, 'en')}"
            assert (built_site / story.url(lang, "en") / "index.html").exists()
        assert any(row[f"title_{lang}"] for lang in LANGUAGES)
        city = sample.registries.cities[row["city"]]
        assert row["city_name"] == city["name"]["en"]
        labels = [sample.registries.term("violation", t).label["en"] for t in story.meta["violations"]]
        assert row["violations_labels"].split(";") == labels
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    assert out.getvalue() == text
    # the data dictionary on /data/ describes every column, in every language
    header = list(rows[0])
    for lang in LANGUAGES:
        page = (built_site / prefix(lang) / "data" / "index.html").read_text("utf-8")
        documented = re.findall(r'<tr><th scope="row"><code[^>]*>([\w]+)</code></th><td>[^<]+</td></tr>', page)
        assert documented == header, lang
        assert f"{SITE_URL}/{prefix(lang)}data/" in page  # the dataset's citation


# -- editors' chapters: problems named by file, line and field ------------------------------------

def chapter_problems(content_dir, files: dict) -> Problems:
    for name, text in files.items():
        write(content_dir / "report" / name, text)
    problems = Problems()
    load_chapters(content_dir, LANGUAGES, "en", problems, content_dir.parent)
    return problems


def test_a_misspelt_figure_is_named_with_its_line_and_the_known_ones(content_dir):
    problems = chapter_problems(content_dir, {"02-findings.md": "---\ntitle: Findings\n---\nText.\n\n[[figure: yeer]]\n"})
    [problem] = problems.errors
    assert (problem.path, problem.line, problem.field) == ("content/report/02-findings.md", 6, "[[figure: yeer]]")
    assert "[[figure: year]]" in problem.hint


def test_a_figure_inside_a_sentence_and_a_chapter_without_title_or_number_are_refused(content_dir):
    problems = chapter_problems(content_dir, {
        "01-intro.md": "---\ntitle: Intro\n---\nAs the table [[figure: year]] shows.\n",
        "02-empty.ru.md": "---\nsummary: x\n---\nТекст.\n",
        "findings.md": "---\ntitle: Findings\n---\n",
        "03-x.fr.md": "---\ntitle: X\n---\n",
    })
    found = {(p.path.rsplit("/", 1)[1], p.field, p.line) for p in problems.errors}
    assert ("01-intro.md", "[[figure: year]]", 4) in found
    assert ("02-empty.ru.md", "title", 1) in found
    assert ("findings.md", "-", 0) in found
    assert ("03-x.fr.md", "-", 0) in found
    assert all(p.hint for p in problems.errors)


def test_the_check_reports_chapter_problems_like_record_problems(content_dir):
    write(content_dir / "report" / "01-intro.md", "---\ntitle: Intro\n---\n[[countriez]]\n")
    content = load(content_dir)
    assert [p.format().splitlines()[0] for p in content.problems.errors] == [
        "content/report/01-intro.md:4: [[countriez]]: this is not a figure or section the report knows"]


def test_a_chapter_missing_in_a_language_falls_back_with_its_language(content_dir):
    write(content_dir / "report" / "01-intro.md", "---\ntitle: Intro\n---\nHello.\n\n[[key-numbers]]\n")
    write(content_dir / "report" / "01-intro.ru.md", "---\ntitle: Введение\n---\nПривет.\n\n[[key-numbers]]\n")
    content = load(content_dir)
    assert not content.problems.errors
    [chapter] = content.chapters
    assert chapter.version_for("ru", "en").title == "Введение"
    assert chapter.version_for("ka", "en").lang == "en"


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ka"])
@pytest.mark.parametrize("path", ["report/", "methodology/", "press/", "data/"])
def test_the_new_pages_have_no_serious_axe_violation_and_fit_a_phone(browser, server, path, lang):
    from test_a11y import FAILING, describe, run_axe

    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{server}/{prefix(lang)}{path}")
    failing = [v for v in run_axe(page, server)["violations"] if v["impact"] in FAILING]
    assert not failing, describe(failing)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_a_pdf_that_asks_for_anything_but_the_shipped_files_is_not_made():
    for source in ("https://tracker.example/pixel.png", "file:///etc/hostname",
                   reportpdf.PRINT_DIR.as_uri() + "/../reportpdf.py"):
        with pytest.raises(reportpdf.ReportPDFError):
            reportpdf.render(f'<html><body><p>x</p><img src="{source}" alt=""></body></html>')
    assert reportpdf.render("<html><body><p>x</p></body></html>").startswith(b"%PDF-")


def test_the_labels_beside_the_codes_are_in_the_chosen_language(sample):
    from campaign.site import exports

    rows = list(csv.DictReader(io.StringIO(exports.stories_csv(sample, SITE_URL + "/", "ru"))))
    for row in rows:
        assert row["city_name"] == sample.registries.cities[row["city"]]["name"]["ru"]
        story = sample.records[row["slug"]]
        assert row["violations_labels"].split(";") == [
            sample.registries.term("violation", t).label.get("ru") for t in story.meta["violations"]]
        assert row["url_en"] in ("", f"{SITE_URL}/stories/{row['slug']}/")


def test_a_pdf_made_in_its_own_process_is_the_same_and_refuses_the_same():
    html = "<html><body><h1>Отчёт ქალები</h1></body></html>"
    data, cpu = reportpdf.Job(html, 86400).result()
    assert data == reportpdf.render(html, 86400) and cpu > 0
    with pytest.raises(reportpdf.ReportPDFError, match="shipped print files"):
        reportpdf.Job('<html><body><img src="https://tracker.example/p.png" alt=""></body></html>').result()
