"""`campaign import`: a form export becomes drafts, never published, never half-imported."""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

from campaign.content.yamlsource import parse_markdown
from campaign.tools.importer import MappingError, import_export, load_mapping
from conftest import LANGUAGES, ROOT, load, site_config, write

EXAMPLES = Path(str(resources.files("campaign.tools") / "examples"))
EXPORT = EXAMPLES / "kobo-export.csv"
MAPPING = EXAMPLES / "kobo-mapping.yml"

# What the example export must give: form id -> file written (language from the row).
WRITTEN = {
    "101": "osh-101.md", "102": "osh-102.ru.md", "103": "bishkek-103.md", "104": "bishkek-104.ru.md",
    "108": "karaganda-108.ru.md", "109": "tbilisi-109.md", "111": "kharkiv-111.md", "112": "kyiv-112.md",
}
# form id -> (spreadsheet row, column, words of the problem)
REJECTED = {
    "105": (6, "city", "unknown city 'Shymkent'"),
    "106": (7, "violations", "unknown choice 'bribe'"),
    "107": (8, "incident_date", "has no answer"),
    "110": (11, "violations", "has no answer"),
}
# city names in the example -> slug (by name in any language, or the mapping's own spelling "Kiev")
CITIES = {"Osh": "osh", "Ош": "osh", "Bishkek": "bishkek", "Бишкек": "bishkek", "Караганда": "karaganda",
          "Tbilisi": "tbilisi", "Kharkiv": "kharkiv", "Kiev": "kyiv"}


@pytest.fixture
def site(tmp_path) -> Path:
    """An empty content folder with the site's real registries (the example names real cities)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "_data", content / "_data")
    (content / "stories").mkdir()
    return content


def run_import(content, export=EXPORT, mapping=MAPPING, **kw):
    return import_export(export, load_mapping(mapping), content, LANGUAGES, "en", **kw)


def export_rows():
    with open(EXPORT, encoding="utf-8", newline="") as handle:
        return {row["_id"]: (number, row) for number, row in enumerate(csv.DictReader(handle), start=2)}


def front(path: Path) -> dict:
    return parse_markdown(path.read_text("utf-8")).data


def test_the_example_is_fictional_bilingual_and_has_bad_rows():
    rows = export_rows()
    assert 10 <= len(rows) <= 15
    assert {row["form_language"] for _, row in rows.values()} == {"English", "Русский"}
    assert set(WRITTEN) | set(REJECTED) == set(rows)
    # the example mapping is commented for editors
    assert sum(line.lstrip().startswith("#") for line in MAPPING.read_text("utf-8").splitlines()) >= 20


def test_drafts_match_the_mapping_field_by_field(site):
    result = run_import(site)
    assert {d.form_id: d.path.name for d in result.drafts} == WRITTEN
    assert sorted(p.name for p in (site / "stories").iterdir()) == sorted(WRITTEN.values())
    mapping = yaml.safe_load(MAPPING.read_text("utf-8"))["columns"]

    def mapped(column, answer):
        choices = {str(k): v for k, v in mapping[column]["choices"].items()}
        return [choices[a] for a in answer.split() if choices[a] is not None]

    rows = export_rows()
    for form_id, name in WRITTEN.items():
        number, row = rows[form_id]
        path = site / "stories" / name
        meta = front(path)
        expected = {
            "title": row["headline"],
            "summary": row["summary"],
            "status": "draft",
            # the language of the row, so translations are reported against it (issue 15)
            "original_language": name.split(".")[-2] if name.count(".") == 2 else "en",
            "city": CITIES[row["city"]],
            "incident_date": re.sub(r"^(\d\d)\.(\d\d)\.(\d{4})$", r"\3-\2", row["incident_date"]),
            "violations": mapped("violations", row["violations"]),
            "documented_by": mapped("organization", row["organization"])[0],
            "consent": {"reference": row["consent_id"], "date": row["consent_date"],
                        "scope": row["consent_scope"].split()},
        }
        for column, fname in (("perpetrator", "perpetrators"), ("responses", "responses"),
                              ("intersections", "intersections")):
            if mapped(column, row[column]):
                expected[fname] = mapped(column, row[column])
        expected["age_group"] = mapped("age_group", row["age_group"])[0]
        assert meta == expected, name
        assert name.endswith(".ru.md") == (row["form_language"] == "Русский")
        assert parse_markdown(path.read_text("utf-8")).body.strip() == row["narrative"].strip()


def test_one_draft_in_full(site):
    run_import(site)
    assert front(site / "stories" / "osh-101.md") == {
        "title": "Held at the pharmacy until I paid",
        "summary": "Patrol officers stopped a woman outside a pharmacy in Osh, kept her at the station overnight "
                   "and let her go only after her sister paid.",
        "status": "draft", "original_language": "en", "city": "osh", "incident_date": "2016-03",
        "violations": ["extortion", "arbitrary-detention"], "perpetrators": ["patrol-police"],
        "responses": ["legal-aid", "complaint-filed"], "intersections": ["drug-use", "opioid-substitution-therapy"],
        "age_group": "25-34", "documented_by": "south-women-osh",
        "consent": {"reference": "SWO-2016-031", "date": "2016-05-20", "scope": ["text", "city", "translation"]},
    }
    # an answer mapped to ~ is left out (row 12: perpetrator "dont_know")
    assert "perpetrators" not in front(site / "stories" / "kharkiv-111.md")
    assert front(site / "stories" / "kharkiv-111.md")["responses"] == ["no-action"]


def test_bad_rows_are_reported_with_row_column_and_reason_and_leave_no_file(site):
    result = run_import(site)
    assert not result.ok
    assert set(result.rejected) == {row for row, _, _ in REJECTED.values()}
    for form_id, (row, column, words) in REJECTED.items():
        problems = result.rejected[row]
        assert any(p.column == column and words in p.message and p.form_id == form_id for p in problems), problems
        assert all(p.hint for p in problems)
        assert not list((site / "stories").glob(f"*-{form_id}*.md"))
    report = result.report()
    assert "row 6 (form id 105): city: unknown city 'Shymkent'" in report
    assert "row 7 (form id 106): violations: unknown choice 'bribe'" in report
    assert "4 row(s) were NOT imported (no file was written for them)" in report


def test_a_row_is_written_completely_or_not_at_all(site, tmp_path):
    header, *rows = list(csv.reader(EXPORT.open(encoding="utf-8", newline="")))
    good = rows[0]
    bad = list(good)
    bad[header.index("_id")] = "900"
    bad[header.index("city")] = "Atlantis"
    bad[header.index("violations")] = "extortion flying"
    bad[header.index("incident_date")] = "32.13.2016"
    export = tmp_path / "two.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, good, bad])
    result = run_import(site, export=export)
    assert [d.form_id for d in result.drafts] == ["101"]
    columns = {p.column for p in result.rejected[3]}
    assert columns == {"city", "violations", "incident_date"}  # every problem of the row at once
    assert sorted(p.name for p in (site / "stories").iterdir()) == ["osh-101.md"]


def test_nothing_is_published_and_the_loader_accepts_the_drafts(site):
    run_import(site)
    content = load(site)
    assert content.problems.errors == [], content.problems.report()
    slugs = {name.split(".")[0] for name in WRITTEN.values()}
    assert slugs <= set(content.records)
    for slug in slugs:
        record = content.records[slug]
        assert all(v.meta["status"] == "draft" for v in record.versions.values())
        assert content.state(record) == "hidden"
    for path in (site / "stories").iterdir():
        assert re.search(r"^status: draft$", path.read_text("utf-8"), re.M)
        assert "published:" not in path.read_text("utf-8").split("# Added when")[0]


def test_incident_dates_never_keep_a_day(site):
    result = run_import(site)
    for path in (site / "stories").iterdir():
        assert re.fullmatch(r"\d{4}(-\d{2})?", front(path)["incident_date"]), path.name
    assert front(site / "stories" / "bishkek-104.ru.md")["incident_date"] == "2017-03"  # was 14.03.2017
    assert any(n.row == 5 and n.column == "incident_date" and "day was removed" in n.message for n in result.notes)


def test_personal_data_is_flagged_at_the_top_with_its_line(site):
    run_import(site)
    path = site / "stories" / "karaganda-108.ru.md"
    text = path.read_text("utf-8")
    lines = text.splitlines()
    listed = {(int(n), what) for n, what in re.findall(r"^#   line (\d+) \(body\): (.+)$", text, re.M)}
    assert "PROBABLE PERSONAL DATA" in lines[2]
    phone_line = next(i for i, line in enumerate(lines, 1) if "+7 701 555 12 34" in line and not line.startswith("#"))
    name_line = next(i for i, line in enumerate(lines, 1) if "Динара" in line and not line.startswith("#"))
    assert (phone_line, "phone number") in listed
    assert (name_line, "'respondent_name' was dropped, but its value appears here") in listed
    # the same line as `campaign check` reports for the draft (as a note: it is a draft)
    notes = [p for p in load(site).problems.notes if p.path.endswith("karaganda-108.ru.md") and "phone" in p.message]
    assert [p.line for p in notes] == [phone_line]
    # the dropped name found again in an English text
    kyiv = (site / "stories" / "kyiv-112.md").read_text("utf-8")
    oksana = next(i for i, line in enumerate(kyiv.splitlines(), 1) if "Oksana" in line and not line.startswith("#"))
    assert f"#   line {oksana} (body): 'respondent_name' was dropped" in kyiv
    # drafts without findings say so, and list nothing
    assert "PROBABLE PERSONAL DATA" not in (site / "stories" / "osh-101.md").read_text("utf-8")


def test_dropped_columns_are_never_copied(site):
    run_import(site)
    rows = export_rows()
    dropped = [c for c, spec in yaml.safe_load(MAPPING.read_text("utf-8"))["columns"].items() if spec == "drop"]
    assert {"respondent_name", "respondent_phone", "interviewer"} <= set(dropped)
    for form_id, name in WRITTEN.items():
        _, row = rows[form_id]
        text = (site / "stories" / name).read_text("utf-8")
        meta_text = yaml.safe_dump(front(site / "stories" / name), allow_unicode=True)
        for column in dropped:
            value = row[column].strip()
            if not value:
                continue
            assert value not in meta_text, (name, column)
            if value not in row["narrative"]:
                assert value not in text, (name, column)


def test_running_twice_does_not_overwrite(site):
    run_import(site)
    before = {p.name: p.read_bytes() for p in (site / "stories").iterdir()}
    # an editor renames one draft and edits another: a second import must leave both alone
    (site / "stories" / "osh-101.md").rename(site / "stories" / "held-at-the-pharmacy-osh.md")
    edited = site / "stories" / "tbilisi-109.md"
    edited.write_text(edited.read_text("utf-8") + "\nEdited by the editor.\n", "utf-8")
    again = run_import(site)
    assert again.drafts == []
    assert {p.form_id for p in again.skipped} == set(WRITTEN)
    assert "imported before, as content/stories/held-at-the-pharmacy-osh.md" in again.report()
    after = {p.name for p in (site / "stories").iterdir()}
    assert after == (set(before) - {"osh-101.md"}) | {"held-at-the-pharmacy-osh.md"}
    assert edited.read_text("utf-8").endswith("Edited by the editor.\n")


def test_a_taken_file_name_is_reported_not_overwritten(site):
    existing = write(site / "stories" / "osh-101.md", "---\ntitle: Someone else's story\nstatus: draft\n---\nMine.\n")
    result = run_import(site)
    assert existing.read_text("utf-8").endswith("Mine.\n")
    assert any(p.column == "_id" and "content/stories/osh-101.md already exists" in p.message
               for p in result.rejected[2])


def test_a_mapping_that_does_not_fit_imports_nothing(site, tmp_path):
    bad = tmp_path / "bad-mapping.yml"
    bad.write_text(MAPPING.read_text("utf-8").replace("detention: arbitrary-detention", "detention: detentoin")
                   .replace("headline: title", "headline: titel"), "utf-8")
    with pytest.raises(MappingError) as error:
        run_import(site, mapping=bad)
    assert any("'titel' is not a field a form can fill" in m for m in error.value.messages)
    bad.write_text(MAPPING.read_text("utf-8").replace("detention: arbitrary-detention", "detention: detentoin"), "utf-8")
    with pytest.raises(MappingError) as error:
        run_import(site, mapping=bad)
    assert any("'detention' is mapped to 'detentoin', which is not a term of the taxonomy 'violation'" in m
               for m in error.value.messages)
    assert list((site / "stories").iterdir()) == []


def test_lang_option_sets_the_language_of_rows_that_do_not_say(site, tmp_path):
    header, *rows = list(csv.reader(EXPORT.open(encoding="utf-8", newline="")))
    row = rows[0]
    row[header.index("form_language")] = ""
    export = tmp_path / "one.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, row])  # Kobo's ';' exports are read too
    result = run_import(site, export=export, lang="uk")
    assert [d.path.name for d in result.drafts] == ["osh-101.uk.md"]


SITE_CONFIG = site_config()


def test_the_command(site):
    root = site.parent
    write(root / "mkdocs.yml", SITE_CONFIG)
    command = [sys.executable, "-m", "campaign.tools.cli", "import", str(EXPORT), "--mapping", str(MAPPING)]
    dry = subprocess.run(command + ["--dry-run"], cwd=root, capture_output=True, text=True, timeout=120)
    assert dry.returncode == 1 and dry.stdout.startswith("Would import 8 of 12 row(s)")
    assert list((site / "stories").iterdir()) == []
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 1, result.stderr  # some rows were not imported
    assert "row 6 (form id 105): city: unknown city 'Shymkent'" in result.stdout
    assert "content/stories/karaganda-108.ru.md" in result.stdout
    assert len(list((site / "stories").iterdir())) == 8
    check = subprocess.run([sys.executable, "-m", "campaign.tools.cli", "check"], cwd=root, capture_output=True,
                           text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 published" in check.stdout
    bad_lang = subprocess.run(command + ["--lang", "fr"], cwd=root, capture_output=True, text=True, timeout=120)
    assert bad_lang.returncode == 2 and "language 'fr' is not configured" in bad_lang.stderr
