"""The editors' console command: `campaign check` and `campaign new`."""
from __future__ import annotations

import subprocess
import sys

import yaml

from conftest import ROOT, load, site_config, write

SITE_CONFIG = site_config(today="2020-01-01", custom_dir=True)


def campaign(*args, cwd):
    return subprocess.run([sys.executable, "-m", "campaign.tools.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def project(content_dir):
    root = content_dir.parent
    write(root / "mkdocs.yml", SITE_CONFIG)
    (root / "overrides").mkdir(exist_ok=True)
    return root


def test_check_passes_on_the_sample_site():
    result = campaign("check", "--quiet", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK:")


def test_check_fails_with_precise_messages(content_dir):
    root = project(content_dir)
    story = content_dir / "stories" / "second-story.md"
    story.write_text(story.read_text("utf-8").replace('incident_date: "2014"', 'incident_date: "2014-03-09"'), "utf-8")
    result = campaign("check", cwd=root)
    assert result.returncode == 1
    assert "content/stories/second-story.md:7: incident_date: '2014-03-09' is not written in the expected form" in result.stdout
    assert "never the day" in result.stdout


def test_new_scaffolds_a_draft_with_every_field_in_the_chosen_language(content_dir):
    root = project(content_dir)
    result = campaign("new", "story", "--title", "Задержана ночью", "--slug", "detained-at-night",
                      "--lang", "ru", "--city", "almaty", "--organization", "sana", cwd=root)
    assert result.returncode == 0, result.stderr
    path = content_dir / "stories" / "detained-at-night.ru.md"
    text = path.read_text("utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front["status"] == "draft" and front["title"] == "Задержана ночью" and front["city"] == "almaty"
    for field in ("summary", "incident_date", "violations", "perpetrators", "responses", "content_notes",
                  "intersections", "documented_by", "consent", "review", "related"):
        assert field in front, field
    assert "# images:" in text and "# age_group:" in text  # optional fields are there, commented
    # the new draft blocks nothing and is not public
    content = load(content_dir)
    assert not content.problems.errors
    assert content.state(content.records["detained-at-night"]) == "hidden"
    # a second call does not overwrite it
    again = campaign("new", "story", "--title", "x", "--slug", "detained-at-night", "--lang", "ru", cwd=root)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_for_every_type_gives_a_file_the_schema_accepts_once_filled(content_dir):
    root = project(content_dir)
    for rtype in ("solution", "success", "commitment"):
        result = campaign("new", rtype, "--title", f"A {rtype}", "--city", "tbilisi", cwd=root)
        assert result.returncode == 0, result.stderr
    content = load(content_dir)
    assert not content.problems.errors
    assert {"a-solution", "a-success", "a-commitment"} <= set(content.records)
