"""The content cache (campaign.content.cache) and the process pool that fills it.

Every invalidation is proved the same way: a cache whose scan result for a text was
altered (as a cache written by an older, weaker scanner would be) is first shown to be
used as it is (the control: without it the test could not fail), then shown to be
dropped after the change under test, so that the phone number in that text is found.
Each would fail if that invalidation were missing.
"""
from __future__ import annotations

import datetime as dt
import pickle

import pytest

from campaign.content import cache as cache_module
from campaign.content import loader as loader_module
from campaign.content.cache import ContentCache, pii_key, salt
from campaign.content.collection import Published
from campaign.content.loader import Settings, load_content
from campaign.content.yamlsource import parse_markdown
from conftest import LANGUAGES, STORY, copy_project, run_build, write

PHONE = "+995 555 123 456"
TODAY = dt.date(2020, 1, 1)


def settings(today=TODAY, min_reviewers=2):
    return Settings(languages=list(LANGUAGES), default_language="en", min_reviewers=min_reviewers, today=today)


def load(content_dir, folder, workers=1, **options):
    s = settings(**options)
    cache = ContentCache(folder, salt(content_dir, s.cache_key()))
    content = load_content(content_dir, s, project_root=content_dir.parent, cache=cache, workers=workers)
    cache.save()
    return content, cache


def phone_found(content) -> bool:
    return any("probable phone number" in p.message for p in content.problems.errors)


@pytest.fixture
def with_phone(content_dir):
    """The second story's text with a phone number in it (an error: personal data)."""
    path = content_dir / "stories" / "second-story.md"
    path.write_text(path.read_text("utf-8").replace("They kept me overnight.",
                                                    f"They kept me overnight. Call me on {PHONE}."), "utf-8")
    return path


def poison(folder, path):
    """Make the cache say the file's text holds no personal data (as an older scanner might have)."""
    stored = pickle.loads((folder / cache_module.FILE_NAME).read_bytes())
    body = parse_markdown(path.read_text("utf-8")).body
    assert pii_key(body) in stored["entries"]
    stored["entries"][pii_key(body)] = pickle.dumps([])
    (folder / cache_module.FILE_NAME).write_bytes(pickle.dumps(stored))


def test_a_second_load_reuses_every_result_and_gives_the_same_content(content_dir, tmp_path):
    folder = tmp_path / "cache"
    first, cold = load(content_dir, folder)
    second, warm = load(content_dir, folder)
    assert cold.parsed and not warm.parsed and warm.misses == 0 and warm.loaded
    assert first.problems.report() == second.problems.report()
    assert {s: [v.meta for v in r.versions.values()] for s, r in first.records.items()} == \
           {s: [v.meta for v in r.versions.values()] for s, r in second.records.items()}


def test_a_rebuild_after_one_edit_parses_and_scans_that_file_alone(content_dir, tmp_path, with_phone):
    folder = tmp_path / "cache"
    content, _ = load(content_dir, folder)
    assert phone_found(content)
    with_phone.write_text(with_phone.read_text("utf-8").replace(f" Call me on {PHONE}.", ""), "utf-8")
    content, cache = load(content_dir, folder)
    assert cache.parsed == ["content/stories/second-story.md"]
    assert not content.problems.errors


def test_a_changed_file_is_checked_again_new_personal_data_is_caught(content_dir, tmp_path):
    folder = tmp_path / "cache"
    content, _ = load(content_dir, folder)
    assert not content.problems.errors
    path = content_dir / "stories" / "second-story.md"
    path.write_text(path.read_text("utf-8").replace("overnight.", f"overnight. Call me on {PHONE}."), "utf-8")
    content, cache = load(content_dir, folder)
    assert cache.parsed == ["content/stories/second-story.md"]
    assert phone_found(content)


def test_a_record_set_back_to_draft_or_withdrawn_is_never_published_from_the_cache(content_dir, tmp_path):
    folder = tmp_path / "cache"
    content, _ = load(content_dir, folder)
    assert "second-story" in Published(content).records
    path = content_dir / "stories" / "second-story.md"
    for status in ("draft", "withdrawn"):
        path.write_text(path.read_text("utf-8").replace("status: published", f"status: {status}")
                        .replace("status: draft", f"status: {status}"), "utf-8")
        content, _ = load(content_dir, folder)
        assert "second-story" not in Published(content).records, status


def test_control_an_altered_entry_is_used_while_nothing_changed(content_dir, tmp_path, with_phone):
    folder = tmp_path / "cache"
    assert phone_found(load(content_dir, folder)[0])
    poison(folder, with_phone)
    assert not phone_found(load(content_dir, folder)[0])  # the cache is trusted for the same inputs


def test_a_changed_registry_drops_the_cache(content_dir, tmp_path, with_phone):
    folder = tmp_path / "cache"
    load(content_dir, folder)
    poison(folder, with_phone)
    places = content_dir / "_data" / "places.yml"
    places.write_text(places.read_text("utf-8") + "\n# a comment is a change too\n", "utf-8")
    content, cache = load(content_dir, folder)
    assert not cache.loaded and phone_found(content)


def test_a_changed_schema_drops_the_cache(content_dir, tmp_path, with_phone, monkeypatch):
    folder = tmp_path / "cache"
    load(content_dir, folder)
    poison(folder, with_phone)
    real = cache_module.schemas.schema_files
    monkeypatch.setattr(cache_module.schemas, "schema_files",
                        lambda: {**real(), "story.schema.json": real()["story.schema.json"].replace(
                            '"title"', '"title" ', 1)})
    content, cache = load(content_dir, folder)
    assert not cache.loaded and phone_found(content)


def test_another_engine_version_drops_the_cache(content_dir, tmp_path, with_phone, monkeypatch):
    folder = tmp_path / "cache"
    load(content_dir, folder)
    poison(folder, with_phone)
    monkeypatch.setattr(cache_module, "engine_digest", lambda: "another engine")
    content, cache = load(content_dir, folder)
    assert not cache.loaded and phone_found(content)


def test_the_engine_digest_follows_every_file_of_the_engine(tmp_path):
    import shutil

    copy = tmp_path / "campaign"
    shutil.copytree(cache_module.ENGINE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache_module._tree_digest(copy)
    for changed in (copy / "safety" / "pii.py", copy / "content" / "schemas" / "story.schema.json"):
        changed.write_bytes(changed.read_bytes() + b"\n")
        after = cache_module._tree_digest(copy)
        assert after != before, changed
        before = after


@pytest.mark.parametrize("change", [{"today": dt.date(2020, 1, 2)}, {"min_reviewers": 3}])
def test_other_settings_drop_the_cache(content_dir, tmp_path, with_phone, change):
    folder = tmp_path / "cache"
    load(content_dir, folder)
    poison(folder, with_phone)
    content, cache = load(content_dir, folder, **change)
    assert not cache.loaded and phone_found(content)


def test_a_damaged_cache_file_is_ignored_whole(content_dir, tmp_path, with_phone):
    folder = tmp_path / "cache"
    load(content_dir, folder)
    data = (folder / cache_module.FILE_NAME).read_bytes()
    (folder / cache_module.FILE_NAME).write_bytes(data[: len(data) // 2])
    content, cache = load(content_dir, folder)
    assert not cache.loaded and phone_found(content)


def _many_stories(content_dir, n=12):
    for i in range(n):
        write(content_dir / "stories" / f"story-{i}.md", STORY.replace("related: [second-story]\n", "")
              .replace("UNIQUE-BODY-OF-CARD-STORY.", f"Story number {i}. Call {PHONE} if needed."
                       if i % 4 == 0 else f"Story number {i}."))
    write(content_dir / "stories" / "broken-yaml.md", "---\ntitle: [unclosed\nstatus: published\n---\nText.\n")


def test_the_process_pool_gives_the_same_content_and_problems(content_dir, tmp_path, monkeypatch):
    _many_stories(content_dir)
    monkeypatch.setattr(loader_module, "POOL_MINIMUM", 0)
    serial, _ = load(content_dir, None, workers=1)
    parallel, cache = load(content_dir, None, workers=2)
    assert serial.problems.report() == parallel.problems.report()
    assert "content/stories/broken-yaml.md:2" in parallel.problems.report()  # file and line, from the build
    assert cache.parsed == ["content/stories/broken-yaml.md"]  # every other file came from the workers
    assert {s: [v.meta for v in r.versions.values()] for s, r in serial.records.items()} == \
           {s: [v.meta for v in r.versions.values()] for s, r in parallel.records.items()}


def test_a_pool_that_breaks_leaves_the_work_to_the_build_and_never_hangs(content_dir, tmp_path, monkeypatch):
    import os

    _many_stories(content_dir)
    monkeypatch.setattr(loader_module, "POOL_MINIMUM", 0)
    monkeypatch.setattr(loader_module, "precompute", lambda item: os._exit(1))  # a worker dies
    expected, _ = load(content_dir, None, workers=1)
    content, cache = load(content_dir, None, workers=2)
    assert content.problems.report() == expected.problems.report()
    assert "probable phone number" in content.problems.report()


def test_the_build_keeps_its_cache_outside_content_and_site_and_rechecks_an_edit(tmp_path):
    """A real build of the sample twice: the cache is in .cache/campaign/, not in content/ or the
    site; a phone number added to a story that was cached clean stops the second build, naming
    the file and line."""
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    result = run_build(project / "mkdocs.yml", site, project)
    assert result.returncode == 0, result.stderr[-3000:]
    stored = project / ".cache" / "campaign" / cache_module.FILE_NAME
    assert stored.is_file()
    assert not [p for p in site.rglob("*") if "pickle" in p.name or p.name == ".gitignore"]
    assert not list((project / "content").rglob("*.pickle"))
    story = next(p for p in sorted((project / "content" / "stories").glob("*.md"))
                 if "status: published" in p.read_text("utf-8") and "." not in p.stem)
    story.write_text(story.read_text("utf-8").rstrip("\n") + f" Call me on {PHONE}.\n", "utf-8")
    result = run_build(project / "mkdocs.yml", site, project)
    assert result.returncode != 0
    assert f"content/stories/{story.name}:" in result.stderr and "probable phone number" in result.stderr
    assert "Traceback" not in result.stderr
