"""The build in parallel (content checked and every language generated in worker processes,
with and without the content cache) writes the same site as the serial build, byte for byte;
and what `mkdocs serve` keeps between rebuilds is only what cannot have changed."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from campaign.content.collection import Published
from campaign.content.loader import load_content
from campaign.site.languages import language_output
from campaign.site.sitepages import Options
from conftest import ROOT, copy_project, run_build


def _with_options(project: Path, **options) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    extra = "".join(f"      {key}: {value}\n" for key, value in options.items())
    text = re.sub(r"(  - campaign:\n)", lambda m: m.group(1) + extra, text, count=1)
    config.write_text(text, "utf-8")


def _files(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_parallel_build_writes_the_serial_build_byte_for_byte(tmp_path, built_site):
    project = copy_project(tmp_path / "project")
    _with_options(project, workers=1, cache_dir='""')
    serial = tmp_path / "serial"
    result = run_build(project / "mkdocs.yml", serial, project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (project / ".cache").exists()

    parallel = copy_project(tmp_path / "parallel-project")
    _with_options(parallel, workers=2)  # a pool even for the sample's few files
    site = tmp_path / "parallel-cold"  # the content cache cold
    result = run_build(parallel / "mkdocs.yml", site, parallel)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (parallel / ".cache" / "campaign").is_dir()
    # and the sample as the suite builds it (the project's settings: one worker per CPU, its cache)
    sites = [site, built_site]

    expected = _files(serial)
    assert len(expected) > 100
    for site in sites:
        found = _files(site)
        assert sorted(found) == sorted(expected), site
        different = [name for name in expected if found[name] != expected[name]]
        assert not different, f"{site.name}: {different[:10]}"


def test_generated_pages_do_not_depend_on_record_bodies(sample):
    """`mkdocs serve --dirty` re-renders only the edited record's pages after an edit of its text
    (site.languages.inputs_digest leaves bodies out): true only while no generated page reads one."""
    from campaign.site.fragments import Fragments
    from campaign.tools.cli import site_settings

    settings, docs_dir = site_settings(ROOT / "mkdocs.yml")
    other = load_content(docs_dir, settings, project_root=ROOT)
    for record in other.records.values():
        for version in record.versions.values():
            version.doc.body = "A different text, with **other** words.\n"
    changed = Published(other)
    templates = str(ROOT / "overrides" / "campaign")
    for lang in settings.languages:
        options = Options(site_name="Test")
        one = language_output(Fragments(templates, sample, settings.default_language), sample, lang, options)
        two = language_output(Fragments(templates, changed, settings.default_language), changed, lang, options)
        assert [(i.src_uri, i.content, i.html) for i in one.items] == [(i.src_uri, i.content, i.html) for i in two.items]
        assert (one.report_html, one.home_html, one.press_html, one.help_html) == \
               (two.report_html, two.home_html, two.press_html, two.help_html)


FAILING_HOOK = '''
import logging

log = logging.getLogger("mkdocs.plugins.failing_hook")


def on_post_page(output, page, config):
    # a Russian story's page (not the list, which is in the navigation: every process renders it)
    if page.file.dest_uri.startswith("ru/stories/") and "/page/" not in page.file.dest_uri \
            and page.file.dest_uri != "ru/stories/index.html":
        if {raise_it}:
            raise RuntimeError("RU-ONLY-PROBLEM")
        log.warning("RU-ONLY-PROBLEM on %s", page.file.dest_uri)
    return output
'''


@pytest.mark.parametrize("failure", ["warning", "exception"])
def test_a_language_that_fails_in_its_own_process_fails_the_build(tmp_path, failure):
    """The Russian pages render in a child process of the build (mkdocs_languages): a warning
    (strict) or an error there fails the build, with its message, and none of them is moved
    into the site; no scratch folder is left beside it."""
    project = copy_project(tmp_path / "project")
    _with_options(project, workers=2)
    (project / "hooks" / "failing_hook.py").write_text(FAILING_HOOK.format(raise_it=failure == "exception"), "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("hooks:\n", "hooks:\n  - hooks/failing_hook.py\n", 1), "utf-8")
    builds = tmp_path / "builds"
    builds.mkdir()
    site = builds / "site"

    result = run_build(config, site, project)

    assert result.returncode != 0
    assert "RU-ONLY-PROBLEM" in result.stderr
    assert "rendered in a second process, which failed" in result.stderr
    assert not list((site / "ru" / "stories").glob("*/index.html")) if (site / "ru" / "stories").exists() else True
    assert not (site / "pagefind").exists()
    assert sorted(p.name for p in builds.iterdir()) == ["site"]
