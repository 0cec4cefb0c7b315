"""`campaign translations` reports exactly the gaps of a fixture: a missing record version, a
missing interface string, a translation older than its original (git history or source_hash)."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from campaign.content.loader import Settings, load_content
from campaign.tools.translations import body_hash, file_body_hash, translation_report
from conftest import site_config, write

LANGS = ["en", "ru"]

POT = """\
msgid "Home page"
msgstr ""

msgid "Stories"
msgstr ""

msgid "Where to get help"
msgstr ""
"""

RU_PO = """\
msgid ""
msgstr ""
"Language: ru\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Home page"
msgstr "Главная"

msgid "Stories"
msgstr "Истории"

msgid "Where to get help"
msgstr ""
"""

CONFIG = site_config(("en", "ru"), today="2020-01-01")

THIRD = """\
---
title: "Told only in English"
summary: "She agreed to the text, not to translations."
status: published
published: 2015-05-02
city: almaty
incident_date: "2014"
violations: [arbitrary-detention]
documented_by: sana
consent:
  reference: "SA-2015-3"
  date: 2015-02-20
  scope: [text, city]
review:
  by: [nino-k, maria-c]
  date: 2015-03-30
---
Only in English.
"""


@pytest.fixture
def project(content_dir) -> Path:
    """content_dir with known gaps in en+ru: second-story lacks ru (and may be translated), third-story
    lacks ru but must not be translated, the ru catalogue lacks 'Where to get help'."""
    root = content_dir.parent
    second = content_dir / "stories" / "second-story.md"
    second.write_text(second.read_text("utf-8").replace("scope: [text, city]", "scope: [text, city, translation]"),
                      "utf-8")
    write(content_dir / "stories" / "third-story.md", THIRD)
    locales = root / "locales"
    write(locales / "campaign.pot", POT)
    write(locales / "ru" / "LC_MESSAGES" / "campaign.po", RU_PO)
    write(root / "mkdocs.yml", CONFIG)
    return root


def content_of(root):
    settings = Settings(languages=LANGS, default_language="en", today=dt.date(2020, 1, 1))
    return load_content(root / "content", settings, project_root=root)


def git(root, *args, date=None):
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=root,
                   env=env, check=True, capture_output=True, text=True)


@pytest.fixture
def history(project) -> Path:
    """The project as a git repository with two commits: the second changes the English original
    of card-story after its Russian translation was made."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "stories and translations", date="2020-01-01T10:00:00+00:00")
    original = project / "content" / "stories" / "card-story.md"
    original.write_text(original.read_text("utf-8") + "A paragraph added later to the original.\n", "utf-8")
    git(project, "commit", "-q", "-am", "the original grows", date="2020-02-01T10:00:00+00:00")
    return project


def gaps(document):
    """(lang, kind, what) of every gap in the JSON document."""
    found = set()
    for lang, entry in document["languages"].items():
        found |= {(lang, "record missing", item["record"]) for item in entry["records_missing"]}
        found |= {(lang, "record outdated", item["path"]) for item in entry["records_outdated"]}
        found |= {(lang, "record unknown", item["path"]) for item in entry["records_unknown"]}
        found |= {(lang, "string missing", msgid) for msgid in entry.get("strings_missing", [])}
        found |= {(lang, "string fuzzy", msgid) for msgid in entry.get("strings_fuzzy", [])}
    return found


EXPECTED = {
    ("ru", "record missing", "second-story"),
    ("ru", "record outdated", "content/stories/card-story.ru.md"),
    ("ru", "string missing", "Where to get help"),
}


def test_git_history_report_lists_exactly_the_gaps(history):
    report = translation_report(content_of(history), project_root=history, locales_dir=history / "locales")
    document = report.to_json()
    assert document["method"] == "git"
    assert gaps(document) == EXPECTED
    assert document["not_to_translate"] == [{"record": "third-story", "type": "story",
                                             "path": "content/stories/third-story.md"}]
    outdated = document["languages"]["ru"]["records_outdated"][0]
    assert outdated["original"] == "content/stories/card-story.md"
    assert outdated["translation_changed"] == "2020-01-01 10:00" and outdated["original_changed"] == "2020-02-01 10:00"
    assert document["languages"]["ru"]["strings_total"] == 3
    assert document["totals"] == {"records_missing": 1, "records_outdated": 1, "records_unknown": 0,
                                  "strings_missing": 1, "strings_fuzzy": 0}

    table = report.table()
    lines = table.splitlines()
    en = next(line for line in lines if line.startswith("en (default)"))
    ru = next(line for line in lines if line.startswith("ru "))
    assert en.split()[2:] == ["0", "0", "0", "-", "-"]
    assert ru.split()[1:] == ["1", "1", "0", "1", "of", "3", "0"]
    assert "  missing    content/stories/second-story.ru.md  (published; translate content/stories/second-story.md)" in lines
    assert any(line.startswith("  outdated   content/stories/card-story.ru.md  (") for line in lines)
    assert "  string     missing: 'Where to get help'" in lines
    assert "third-story" in lines[-1] and "lacks 'translation'" in lines[-1]
    assert "[en]" not in lines  # nothing to do in English


def test_a_translation_updated_after_its_original_is_not_outdated(history):
    ru = history / "content" / "stories" / "card-story.ru.md"
    ru.write_text(ru.read_text("utf-8") + "Абзац, переведённый позже.\n", "utf-8")
    git(history, "commit", "-q", "-am", "translation caught up", date="2020-03-01T10:00:00+00:00")
    document = translation_report(content_of(history), project_root=history, locales_dir=history / "locales").to_json()
    assert gaps(document) == EXPECTED - {("ru", "record outdated", "content/stories/card-story.ru.md")}
    # a change not yet committed counts as a change made now
    original = history / "content" / "stories" / "card-story.md"
    original.write_text(original.read_text("utf-8") + "Edited, not committed.\n", "utf-8")
    document = translation_report(content_of(history), project_root=history, locales_dir=history / "locales").to_json()
    assert gaps(document) == EXPECTED


def test_the_command_prints_the_table_and_the_json(history):
    base = [sys.executable, "-m", "campaign.tools.cli", "translations", "--locales", str(history / "locales")]
    table = subprocess.run(base, cwd=history, capture_output=True, text=True, timeout=120)
    assert table.returncode == 0, table.stderr
    assert "content/stories/card-story.ru.md" in table.stdout and "second-story.ru.md" in table.stdout
    as_json = subprocess.run(base + ["--json"], cwd=history, capture_output=True, text=True, timeout=120)
    assert as_json.returncode == 0, as_json.stderr
    assert gaps(json.loads(as_json.stdout)) == EXPECTED


def test_without_git_the_source_hash_decides(project, monkeypatch):
    # make sure no enclosing repository is found above the temporary folder
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    ru = project / "content" / "stories" / "card-story.ru.md"
    report = translation_report(content_of(project), project_root=project, locales_dir=project / "locales")
    document = report.to_json()
    assert document["method"] == "source_hash"
    assert gaps(document) == (EXPECTED - {("ru", "record outdated", "content/stories/card-story.ru.md")}) | {
        ("ru", "record unknown", "content/stories/card-story.ru.md")}
    assert "no source_hash" in report.table()

    original = project / "content" / "stories" / "card-story.md"
    recorded = file_body_hash(original)
    assert recorded == body_hash(original.read_text("utf-8").split("---\n", 2)[2])
    text = ru.read_text("utf-8").replace("status: published", f"status: published\nsource_hash: {recorded}")
    ru.write_text(text, "utf-8")
    document = translation_report(content_of(project), project_root=project, locales_dir=project / "locales",
                                  use_git=False).to_json()
    assert gaps(document) == EXPECTED - {("ru", "record outdated", "content/stories/card-story.ru.md")}

    original.write_text(original.read_text("utf-8") + "A paragraph added later to the original.\n", "utf-8")
    document = translation_report(content_of(project), project_root=project, locales_dir=project / "locales",
                                  use_git=False).to_json()
    assert gaps(document) == EXPECTED
    assert document["languages"]["ru"]["records_outdated"][0]["source_hash"] == recorded


def test_the_hash_command_prints_what_to_record(project):
    original = project / "content" / "stories" / "card-story.md"
    result = subprocess.run([sys.executable, "-m", "campaign.tools.cli", "translations", "--hash", str(original)],
                            cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == file_body_hash(original)


def test_fuzzy_and_absent_catalogues(project):
    po = project / "locales" / "ru" / "LC_MESSAGES" / "campaign.po"
    po.write_text(po.read_text("utf-8").replace('msgid "Stories"', '#, fuzzy\nmsgid "Stories"'), "utf-8")
    settings = Settings(languages=["en", "ru", "uk"], default_language="en", today=dt.date(2020, 1, 1))
    content = load_content(project / "content", settings, project_root=project)
    document = translation_report(content, project_root=project, locales_dir=project / "locales",
                                  use_git=False).to_json()
    assert document["languages"]["ru"]["strings_fuzzy"] == ["Stories"]
    assert document["languages"]["ru"]["strings_missing"] == ["Where to get help"]
    assert document["languages"]["uk"]["strings_missing"] == ["Home page", "Stories", "Where to get help"]
    assert document["languages"]["uk"]["catalog"] is None
    assert "en" not in {lang for lang, e in document["languages"].items() if "strings_missing" in e}


def test_withdrawn_records_need_no_translation(project):
    second = project / "content" / "stories" / "second-story.md"
    second.write_text(second.read_text("utf-8").replace("status: published", "status: withdrawn"), "utf-8")
    document = translation_report(content_of(project), project_root=project, locales_dir=project / "locales",
                                  use_git=False).to_json()
    assert ("ru", "record missing", "second-story") not in gaps(document)
