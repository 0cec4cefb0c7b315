"""`campaign form`: the reporting form partners deploy, and the round trip of its exports into drafts.

The exports are built here the way KoboToolbox and ODK Central build theirs, from
the XForm pyxform made of the generated form (its instance gives the columns,
its selects the choices), with each platform's header conventions.
"""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from campaign.content.loader import Settings, load_content
from campaign.content.problems import Problems
from campaign.content.registries import TERM_FIELDS, load_registries
from campaign.content.yamlsource import parse_markdown
from campaign.tools.form import Question, build_form, language_column
from campaign.tools.formfiles import FormError, to_xform, write_form
from campaign.tools.importer import FIELD_ORDER, load_mapping
from conftest import LANGUAGES, ROOT, site_config, write

XF = "{http://www.w3.org/2002/xforms}"
H = "{http://www.w3.org/1999/xhtml}"


def campaign(*args, cwd):
    return subprocess.run([sys.executable, "-m", "campaign.tools.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=180)


def sample_form():
    problems = Problems()
    registries = load_registries(ROOT / "content", "en", problems, ROOT)
    assert not problems.errors
    return registries, build_form(registries, LANGUAGES, "en", "Women Against Violence")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The sample site's form, written to a folder as `campaign form` writes it."""
    out = tmp_path_factory.mktemp("form")
    registries, form = sample_form()
    write_form(form, out)
    return registries, form, out


def xform_of(out: Path) -> ET.Element:
    return ET.parse(out / "story-intake.xml").getroot()


# ------------------------------------------------------- the form itself --

def test_pyxform_converts_it_with_every_language_and_every_term(written, tmp_path):
    registries, form, out = written
    # the .xlsx as written, read back by pyxform (what KoboToolbox and ODK Central run on upload)
    xform, _warnings = to_xform(out / "story-intake.xlsx")
    root = ET.fromstring(xform)
    assert root.find(f"{H}head/{H}title").text == "Community interview"
    model = root.find(f"{H}head/{XF}model")
    translations = {t.get("lang"): t for t in model.iter(f"{XF}translation")}
    assert set(translations) == {"English (en)", "Русский (ru)", "Українська (uk)", "ქართული (ka)"}
    # every language has a text for every label and hint, and it is that language's own
    ids = {lang: {t.get("id") for t in tr.iter(f"{XF}text")} for lang, tr in translations.items()}
    assert len({frozenset(v) for v in ids.values()}) == 1
    texts = {lang: " ".join(v.text or "" for v in tr.iter(f"{XF}value")) for lang, tr in translations.items()}
    assert "Her consent" in texts["English (en)"]
    assert "Её согласие" in texts["Русский (ru)"] and "Її згода" in texts["Українська (uk)"]
    assert "მისი თანხმობა" in texts["ქართული (ka)"]
    # Latin letters only in the example number, an organisation's own name and "English" among the languages
    latin = set(re.findall("[A-Za-z]{3,}", texts["ქართული (ka)"]))
    assert latin <= {"SWO", "Rasa", "English"}, latin
    assert form.untranslated == {}
    # every taxonomy term of the story is a choice, with its label in every language
    instances = {i.get("id"): i for i in model.iter(f"{XF}instance") if i.get("id")}
    for list_name, taxonomy in (("violation", "violation"), ("perpetrator", "perpetrator"), ("response", "response"),
                                ("content_note", "content-note"), ("intersection", "intersection"),
                                ("age_group", "age-group")):
        names = [item.find(f"{XF}name").text for item in instances[list_name].iter(f"{XF}item")]
        terms = registries.taxonomies[taxonomy].terms
        assert names == list(terms), list_name
        for term in terms.values():
            for lang in LANGUAGES:
                assert term.label[lang] in texts[language_column(lang)], (term.slug, lang)
    assert [i.find(f"{XF}name").text for i in instances["city"].iter(f"{XF}item")] == list(registries.cities)
    assert [i.find(f"{XF}name").text for i in instances["organization"].iter(f"{XF}item")] \
        == list(registries.organizations)
    # the spreadsheet editors open: three sheets, a label and hint column per language
    book = load_workbook(out / "story-intake.xlsx", read_only=True)
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey_header = next(book["survey"].iter_rows(values_only=True))
    for lang in ("English (en)", "Русский (ru)", "Українська (uk)", "ქართული (ka)"):
        assert f"label::{lang}" in survey_header and f"hint::{lang}" in survey_header
    settings = list(book["settings"].iter_rows(values_only=True))
    assert dict(zip(settings[0], settings[1]))["form_id"] == "wav_intake"
    assert dict(zip(settings[0], settings[1]))["version"] == form.version
    data = model.find(f"{XF}instance/{XF}data")
    assert (data.get("id"), data.get("version")) == ("wav_intake", form.version)


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java (campaign form does not)")
def test_odk_validate_accepts_it(written):
    """ODK Validate (JavaRosa, the engine of ODK Collect) parses the form and its expressions."""
    from pyxform.xls2xform import convert

    _, _, out = written
    convert(xlsform=str(out / "story-intake.xlsx"), validate=True, file_type=".xlsx", warnings=[])  # raises if not


def test_the_same_content_gives_the_same_files_and_version(written, tmp_path):
    _, form, out = written
    _, again = sample_form()
    assert again.version == form.version
    write_form(again, tmp_path, shown_dir=out.as_posix())  # the mapping names its folder in a comment
    for path in out.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_it_asks_everything_the_importer_reads(written):
    _, form, out = written
    fills = {q.fills for q in form.questions}
    assert set(FIELD_ORDER) | {"body", "language"} <= fills
    mapping = load_mapping(out / "mapping.yml")
    filled = {c.field for c in mapping.columns.values()}
    assert set(FIELD_ORDER) | {"body"} <= filled
    assert mapping.form == {"id": "wav_intake", "version": form.version}
    # the fields a story must have are required answers
    for q in form.questions:
        if q.fills in ("title", "summary", "city", "incident_date", "violations", "documented_by", "body",
                       "consent.reference", "consent.date", "consent.scope") and q.type != "calculate":
            assert q.required, q.name


FORBIDDEN = {
    "en": r"\bname|phone|telephone|mobile|address|e-?mail|birth|born|passport|surname",
    "ru": r"имя|имени|фамили|отчеств|телефон|адрес|рожд|паспорт",
    "uk": r"ім'я|імені|прізвищ|по батькові|телефон|адрес|народж|паспорт",
    "ka": r"სახელ|გვარ|ტელეფონ|მისამართ|დაბად|პასპორტ",
}


def test_no_question_asks_for_a_name_a_phone_an_address_or_a_birth_date(written):
    _, form, out = written
    allowed_types = {"text", "integer", "date", "select_one", "select_multiple"}
    for q in form.inputs():
        assert q.type.split()[0] in allowed_types, q.name  # no gps, photo, audio, device or user metadata
        assert not re.search(FORBIDDEN["en"], q.name, re.I), q.name
        for lang, label in q.labels.items():
            assert not re.search(FORBIDDEN[lang], label, re.I), (q.name, lang, label)
    # one full date in the form: the day the consent form was signed; the incident has a year and a month
    assert [q.name for q in form.questions if q.type in ("date", "datetime", "time")] == ["consent_date"]
    assert [c.name for c in form.choices_of("month")] == [f"{m:02d}" for m in range(1, 13)]
    # the XForm collects nothing but the answers and the submission's own id
    model = xform_of(out).find(f"{H}head/{XF}model")
    preloads = {b.get("nodeset") for b in model.iter(f"{XF}bind") if b.get("{http://openrosa.org/javarosa}preload")}
    assert preloads <= {"/data/meta/instanceID"}, preloads
    assert xform_of(out).find(f".//{XF}upload") is None


def test_pyxform_refusing_the_form_writes_nothing(written, tmp_path):
    _, form, _ = written
    form.questions.append(Question("select_one no_such_list", "broken", "Broken", labels=dict.fromkeys(LANGUAGES, "x")))
    try:
        with pytest.raises(FormError, match="pyxform .* refused the form: .*no_such_list"):
            write_form(form, tmp_path / "out")
    finally:
        form.questions.pop()
    assert not (tmp_path / "out").exists()


def test_the_paper_form_in_every_language(written):
    _, form, out = written
    for lang in LANGUAGES:
        html = (out / f"paper-form.{lang}.html").read_text("utf-8")
        assert f'<html lang="{lang}">' in html
        assert "<script" not in html and "http" not in html.split("</style>", 1)[1]
        for q in form.inputs():
            assert escape(q.labels[lang]) in html, (lang, q.name)
            assert not q.hints or escape(q.hints[lang]) in html, (lang, q.name)
        for c in form.choices:
            assert escape(c.labels[lang]) in html, (lang, c.name)


@pytest.mark.browser
def test_the_paper_form_reads_on_a_phone_and_prints(written, reader):
    _, form, out = written
    for lang in ("en", "ka"):
        reader.set_viewport_size({"width": 390, "height": 844})
        reader.goto((out / f"paper-form.{lang}.html").as_uri())
        assert reader.evaluate("document.documentElement.scrollWidth") <= 390
        assert reader.locator(".q").count() == len(form.inputs())
        assert reader.hosts <= {None, ""}  # nothing fetched from anywhere
        assert reader.pdf(format="A4").startswith(b"%PDF-")  # Chromium prints it


def test_the_committed_form_is_never_published(built_site):
    found = [p for p in built_site.rglob("*") if "story-intake" in p.name or "paper-form" in p.name
             or p.name == "mapping.yml" or "forms" in p.relative_to(built_site).parts]
    assert found == []


# -------------------------------------------------------------- round trip --

def _fields(out: Path):
    """(leaf paths of the XForm's instance, {path: choice names} of its select-multiple questions)."""
    root = xform_of(out)
    data = root.find(f"{H}head/{XF}model/{XF}instance/{XF}data")
    leaves = []

    def walk(element, path):
        children = list(element)
        if not children:
            leaves.append(path)
        for child in children:
            walk(child, path + (child.tag.split("}")[-1],))

    for child in data:
        walk(child, (child.tag.split("}")[-1],))
    model = root.find(f"{H}head/{XF}model")
    instances = {i.get("id"): [item.find(f"{XF}name").text for item in i.iter(f"{XF}item")]
                 for i in model.iter(f"{XF}instance") if i.get("id")}
    multiple = {}
    for select in root.iter(f"{XF}select"):
        nodeset = select.find(f"{XF}itemset").get("nodeset")
        multiple[tuple(select.get("ref").split("/")[2:])] = instances[re.search(r"instance\('([^']+)'\)", nodeset)[1]]
    return leaves, multiple


def kobo_export(out: Path, rows: list[dict], path: Path, groups=True, sep="/", multiple="both"):
    """A KoboToolbox CSV export ('XML values and headers'), as its export options shape it."""
    leaves, multi = _fields(out)
    header, cells = ["start", "end"], []
    for leaf in leaves:
        if leaf[0] == "meta" or leaf[-1] == "before_you_start":
            continue
        name = sep.join(leaf) if groups else leaf[-1]
        if leaf in multi:
            if multiple in ("both", "summary"):
                header.append(name)
            if multiple in ("both", "details"):
                header += [f"{name}{sep}{c}" for c in multi[leaf]]
        else:
            header.append(name)
    header += ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
               "__version__", "_tags", "_index"]
    for i, answers in enumerate(rows, start=1):
        row = {"start": "2026-03-02T10:01:00.000+06:00", "end": "2026-03-02T11:12:00.000+06:00", "_id": str(400 + i),
               "_uuid": answers["uuid"], "_submission_time": "2026-03-02T11:12:30", "_submitted_by": "documenter_osh",
               "_validation_status": "validation_status_approved", "__version__": "vQx2d9", "_index": str(i)}
        for leaf in leaves:
            value = answers.get(leaf[-1], "")
            name = sep.join(leaf) if groups else leaf[-1]
            if leaf in multi:
                row[name] = " ".join(value)
                for c in multi[leaf]:
                    row[f"{name}{sep}{c}"] = "1" if c in value else "0"
            else:
                row[name] = value
        cells.append([row.get(h, "") for h in header])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header] + cells)  # Kobo's default CSV separator
    return header


def central_export(out: Path, rows: list[dict], path: Path, group_paths=True, split=True):
    """An ODK Central CSV export, as central-backend's briefcase.js writes it."""
    leaves, multi = _fields(out)
    header = ["SubmissionDate"]
    for leaf in leaves:
        name = "-".join(leaf) if group_paths else leaf[-1]
        header.append(name)
        if leaf in multi and split:
            header += [f"{name}/{c}" for c in multi[leaf]]
    header += ["KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status",
               "ReviewState", "DeviceID", "Edits", "FormVersion"]
    cells = []
    for answers in rows:
        row = {"SubmissionDate": "2026-03-02T05:12:30.512Z", "KEY": "uuid:" + answers["uuid"], "SubmitterID": "7",
               "SubmitterName": "Gulnara T.", "AttachmentsPresent": "0", "AttachmentsExpected": "0",
               "ReviewState": "approved", "Edits": "0", "FormVersion": "v"}
        for leaf in leaves:
            name = "-".join(leaf) if group_paths else leaf[-1]
            value = "uuid:" + answers["uuid"] if leaf[-1] == "instanceID" else answers.get(leaf[-1], "")
            if leaf in multi:
                row[name] = " ".join(value)
                for c in multi[leaf]:
                    row[f"{name}/{c}"] = "1" if c in value else "0"
            else:
                row[name] = value
        cells.append([row.get(h, "") for h in header])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header] + cells)
    return header


# Fictional submissions: what the documenter answered, question by question.
ANSWERS = [
    {"uuid": "5b1e0c52-7d1a-4f7e-9a51-000000000401", "consent_given": "yes", "consent_reference": "SWO-2026-014",
     "consent_date": "2026-02-11", "consent_scope": ["text", "city", "translation"], "story_language": "en",
     "city": "osh", "incident_year": "2025", "incident_month": "11", "incident_date": "2025-11",
     "violations": ["extortion", "arbitrary-detention"], "perpetrators": ["patrol-police"],
     "responses": ["legal-aid", "complaint-filed"], "content_notes": [], "intersections": ["drug-use", "hiv"],
     "age_group": "25-34", "organization": "south-women-osh",
     "title": "Held at the station until she paid",
     "summary": "Patrol officers took a woman from a bus stop to the station and let her go after her friend paid.",
     "narrative": "They said I looked like I was using and put me in the car.\n\nIn the morning they said I could "
                  "go if someone brought money. My friend came and paid."},
    {"uuid": "5b1e0c52-7d1a-4f7e-9a51-000000000402", "consent_given": "yes", "consent_reference": "AZB-2026-007",
     "consent_date": "2026-01-28", "consent_scope": ["text", "city"], "story_language": "ru", "city": "bishkek",
     "incident_year": "2024", "incident_month": "", "incident_date": "2024",
     "violations": ["physical-violence", "denial-of-medical-care"], "perpetrators": [], "responses": [],
     "content_notes": ["physical-injury"], "intersections": [], "age_group": "", "organization": "ak-zhol-bishkek",
     "title": "Врача так и не вызвали", "summary": "Во время задержания её избили и не дали лекарств.",
     "narrative": "Меня задержали вечером. Я просила вызвать врача, но никто не пришёл."},
    # bad: no consent reference, and a city the site does not know
    {"uuid": "5b1e0c52-7d1a-4f7e-9a51-000000000403", "consent_given": "yes", "consent_reference": "",
     "consent_date": "2026-02-20", "consent_scope": ["text"], "story_language": "en", "city": "shymkent",
     "incident_year": "2025", "incident_month": "03", "incident_date": "2025-03", "violations": ["extortion"],
     "organization": "sana-almaty", "title": "Stopped at the market", "summary": "Officers demanded money.",
     "narrative": "They stopped me at the market."},
    # bad: a month the calendar does not have (an edited export)
    {"uuid": "5b1e0c52-7d1a-4f7e-9a51-000000000404", "consent_given": "yes", "consent_reference": "SA-2026-002",
     "consent_date": "2026-02-20", "consent_scope": ["text", "city"], "story_language": "en", "city": "almaty",
     "incident_year": "2025", "incident_month": "13", "incident_date": "2025-13", "violations": ["threats-and-humiliation"],
     "organization": "sana-almaty", "title": "Threatened in the clinic yard", "summary": "Officers threatened her.",
     "narrative": "They waited for me outside the clinic."},
]


def expected_front_matter(a: dict) -> dict:
    meta = {"title": a["title"], "summary": a["summary"], "status": "draft",
            "original_language": a["story_language"],  # the language she told it in (campaign translations)
            "city": a["city"], "incident_date": a["incident_date"]}
    for name in TERM_FIELDS["story"]:
        if a.get(name):
            meta[name] = a[name]
    meta["documented_by"] = a["organization"]
    meta["consent"] = {"reference": a["consent_reference"], "date": a["consent_date"], "scope": a["consent_scope"]}
    return meta


@pytest.fixture(scope="module")
def project_template(tmp_path_factory):
    """A site with the real registries and no stories, and its form written by `campaign form`."""
    root = tmp_path_factory.mktemp("template") / "project"
    shutil.copytree(ROOT / "content" / "_data", root / "content" / "_data")
    (root / "content" / "stories").mkdir()
    write(root / "mkdocs.yml", site_config())
    result = campaign("form", "--out", "intake", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Wrote the community reporting form t_intake, version v" in result.stdout
    return root


@pytest.fixture
def project(project_template, tmp_path):
    """A fresh copy of the template, to import into."""
    return Path(shutil.copytree(project_template, tmp_path / "project"))


EXPORTS = {
    "kobo, groups in headers, one column per choice": lambda out, path: kobo_export(out, ANSWERS, path,
                                                                                    multiple="details"),
    "kobo, no groups, answers in one column": lambda out, path: kobo_export(out, ANSWERS, path, groups=False,
                                                                            multiple="summary"),
    "kobo, '.' separator, both": lambda out, path: kobo_export(out, ANSWERS, path, sep="."),
    "odk central, split select multiple": lambda out, path: central_export(out, ANSWERS, path),
    "odk central, without group names": lambda out, path: central_export(out, ANSWERS, path, group_paths=False,
                                                                         split=False),
}


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_round_trip_an_export_becomes_drafts_equal_to_the_answers(project, kind):
    export = project / "export.csv"
    header = EXPORTS[kind](project / "intake", export)
    assert len(header) > 20
    result = campaign("import", str(export), "--mapping", "intake/mapping.yml", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr  # two rows were not imported
    out = result.stdout
    assert out.startswith("Imported 2 of 4 row(s) from export.csv as drafts (status: draft; nothing is published).")
    # bad rows: named with their row, id, question and reason; no file for them
    assert "row 4 (form id 5b1e0c52-7d1a-4f7e-9a51-000000000403): consent_reference: has no answer" in out
    assert "row 4 (form id 5b1e0c52-7d1a-4f7e-9a51-000000000403): city: unknown city 'shymkent'" in out
    assert "row 5 (form id 5b1e0c52-7d1a-4f7e-9a51-000000000404): incident_date: '2025-13' has no month 13" in out
    assert "Not copied (not in the mapping)" not in out  # the mapping knows every column of both platforms
    assert re.search(r"Never copied \(marked drop in the mapping\): .*(_submitted_by|SubmitterName)", out)
    stories = project / "content" / "stories"
    files = sorted(p.name for p in stories.iterdir())
    assert files == ["bishkek-5b1e0c52-7d1a-4f7e-9a51-000000000402.ru.md",
                     "osh-5b1e0c52-7d1a-4f7e-9a51-000000000401.md"]
    for name, answers in zip(files, (ANSWERS[1], ANSWERS[0])):
        doc = parse_markdown((stories / name).read_text("utf-8"))
        assert doc.data == expected_front_matter(answers), name
        assert doc.body.strip() == answers["narrative"]
    # nothing is published: the site's own check sees two drafts and no published record
    settings = Settings(languages=LANGUAGES, default_language="en", min_reviewers=2)
    content = load_content(project / "content", settings, project_root=project)
    assert content.problems.errors == [], content.problems.report()
    assert all(content.state(r) == "hidden" for r in content.records.values())
    check = campaign("check", cwd=project)
    assert check.returncode == 0 and "2 records checked, 0 published" in check.stdout, check.stdout
    # the same export again: nothing new, and the KoboToolbox and ODK Central ids of a submission are one id
    again = campaign("import", str(export), "--mapping", "intake/mapping.yml", cwd=project)
    assert again.stdout.startswith("Imported 0 of 4 row(s)") and "2 row(s) were imported before" in again.stdout


def test_the_same_submission_from_both_platforms_is_imported_once(project):
    kobo_export(project / "intake", ANSWERS[:1], project / "kobo.csv")
    central_export(project / "intake", ANSWERS[:1], project / "central.csv")
    first = campaign("import", "kobo.csv", "--mapping", "intake/mapping.yml", cwd=project)
    assert first.returncode == 0, first.stdout + first.stderr
    second = campaign("import", "central.csv", "--mapping", "intake/mapping.yml", cwd=project)
    assert "1 row(s) were imported before" in second.stdout, second.stdout
    assert len(list((project / "content" / "stories").iterdir())) == 1


# ------------------------------------------------------------- staleness --

def test_a_new_term_is_in_the_regenerated_form_and_check_reports_the_stale_one(content_dir):
    root = content_dir.parent
    write(root / "mkdocs.yml", site_config())
    made = campaign("form", cwd=root)
    assert made.returncode == 0, made.stderr
    forms = content_dir / "_data" / "forms"
    assert (forms / "story-intake.xlsx").is_file() and (forms / "mapping.yml").is_file()
    fresh = campaign("check", cwd=root)
    assert fresh.returncode == 0 and "warning" not in fresh.stdout, fresh.stdout
    old_version = yaml.safe_load((forms / "mapping.yml").read_text("utf-8"))["form"]["version"]

    taxonomies = content_dir / "_data" / "taxonomies.yml"
    data = yaml.safe_load(taxonomies.read_text("utf-8"))
    data["violation"]["terms"].append({"slug": "online-harassment",
                                       "label": {"en": "Online harassment", "ru": "Травля в интернете"}})
    taxonomies.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    stale = campaign("check", cwd=root)
    assert stale.returncode == 0, stale.stdout  # a warning blocks nothing
    assert "2 warning(s) on the community reporting form" in stale.stdout
    assert (f"content/_data/forms/story-intake.xlsx: the form is older than content/_data/ and the form texts "
            f"(it is version {old_version}") in stale.stdout
    assert "new choice violation: online-harassment" in stale.stdout
    assert f"content/_data/forms/mapping.yml: the import mapping was made for form version {old_version}" in stale.stdout
    assert "how to fix: run 'campaign form'" in stale.stdout

    again = campaign("form", cwd=root)
    assert again.returncode == 0 and "unchanged" not in again.stdout
    new_version = yaml.safe_load((forms / "mapping.yml").read_text("utf-8"))["form"]["version"]
    assert new_version != old_version
    book = load_workbook(forms / "story-intake.xlsx", read_only=True)
    choices = [row[:2] for row in book["choices"].iter_rows(values_only=True)]
    assert ("violation", "online-harassment") in choices
    xform = (forms / "story-intake.xml").read_text("utf-8")
    assert "<name>online-harassment</name>" in xform and "Травля в интернете" in xform
    assert f'version="{new_version}"' in xform
    assert "warning" not in campaign("check", cwd=root).stdout


def test_the_form_is_never_written_where_the_site_would_publish_it(content_dir):
    root = content_dir.parent
    write(root / "mkdocs.yml", site_config())
    result = campaign("form", "--out", "content/forms", cwd=root)
    assert result.returncode == 2
    assert "content/forms is inside the content folder, whose files can be published" in result.stderr
    assert "use --out content/_data/forms" in result.stderr
    assert not (content_dir / "forms").exists()


def test_check_without_a_committed_form_says_nothing_about_it(content_dir):
    root = content_dir.parent
    write(root / "mkdocs.yml", site_config())
    result = campaign("check", cwd=root)
    assert result.returncode == 0 and "form" not in result.stdout.lower(), result.stdout
