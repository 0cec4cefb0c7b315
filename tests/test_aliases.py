"""Old slugs keep working: redirect pages, and a check against a previous build's records."""
from __future__ import annotations

import json

import pytest

from campaign.site.aliases import missing_urls
from conftest import load


def test_every_alias_has_a_redirect_page_in_each_language_of_its_record(built_site, sample):
    with_aliases = [r for r in sample.records.values() if r.meta.get("aliases")]
    assert with_aliases, "the sample should exercise aliases"
    for record in with_aliases:
        for alias in record.meta["aliases"]:
            for lang in sample.settings.languages:
                prefix = "" if lang == "en" else f"{lang}/"
                page = built_site / f"{prefix}{record.folder}/{alias}/index.html"
                assert page.is_file() == (lang in record.versions), page
                if lang in record.versions:
                    assert f'url=../{record.slug}/"' in page.read_text("utf-8")


@pytest.mark.browser
def test_redirect_pages_lead_to_the_new_url_in_every_language(server, reader, sample):
    record = next(r for r in sample.records.values() if r.meta.get("aliases"))
    alias = record.meta["aliases"][0]
    for lang in record.versions:
        prefix = "" if lang == "en" else f"{lang}/"
        reader.goto(f"{server}/{prefix}{record.folder}/{alias}/")
        reader.wait_for_url(f"{server}/{prefix}{record.folder}/{record.slug}/")
        assert reader.locator("html").get_attribute("lang") == lang
    assert reader.errors == []


def previous_build(content):
    return json.dumps({"records": [{"slug": r.slug, "type": r.type, "languages": r.languages}
                                   for r in content.records.values() if content.state(r) == "public"]})


def test_a_renamed_record_without_alias_is_caught(content_dir):
    before = previous_build(load(content_dir))
    old = content_dir / "stories" / "card-story.md"
    old.rename(content_dir / "stories" / "story-of-the-card.md")
    (content_dir / "stories" / "card-story.ru.md").rename(content_dir / "stories" / "story-of-the-card.ru.md")
    assert missing_urls(before, load(content_dir)) == ["ru/stories/card-story/", "stories/card-story/"]
    for name in ("story-of-the-card.md", "story-of-the-card.ru.md"):
        path = content_dir / "stories" / name
        path.write_text(path.read_text("utf-8").replace("related: [second-story]",
                                                        "related: [second-story]\naliases: [card-story]"), "utf-8")
    assert missing_urls(before, load(content_dir)) == []


def test_withdrawing_keeps_the_url_but_unpublishing_does_not(content_dir):
    before = previous_build(load(content_dir))
    path = content_dir / "stories" / "second-story.md"
    path.write_text(path.read_text("utf-8").replace("status: published", "status: withdrawn"), "utf-8")
    assert missing_urls(before, load(content_dir)) == []  # a tombstone stays at the URL
    path.write_text(path.read_text("utf-8").replace("status: withdrawn", "status: draft"), "utf-8")
    assert missing_urls(before, load(content_dir)) == ["stories/second-story/"]


def test_check_with_the_previous_build_reports_a_vanished_url(content_dir):
    import subprocess
    import sys

    from test_cli import project

    root = project(content_dir)
    previous = root / "records.json"
    previous.write_text(previous_build(load(content_dir)), "utf-8")
    (content_dir / "stories" / "second-story.md").rename(content_dir / "stories" / "night-in-the-cell.md")
    result = subprocess.run([sys.executable, "-m", "campaign.tools.cli", "check", "--previous", str(previous)],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode == 1
    assert "/stories/second-story/ was published before and would disappear" in result.stdout
    assert "aliases:" in result.stdout
