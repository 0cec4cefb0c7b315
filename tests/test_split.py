"""A build split by language (campaign.tools.split: one job per language, as in the CI matrix,
then merge and index) writes the serial build's site byte for byte; bad parts are refused."""
from __future__ import annotations

import subprocess
import sys

import pytest

from campaign.tools import split
from conftest import copy_project


def _files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _split(project, *args):
    return subprocess.run([sys.executable, "-m", "campaign.tools.split", "-f", str(project / "mkdocs.yml"), *args],
                          cwd=project, capture_output=True, text=True, timeout=900)


def test_the_merged_parts_are_the_one_machine_site_byte_for_byte(tmp_path, built_site):
    """Compared with the sample as the suite builds it once (`mkdocs build` of the project)."""
    project = copy_project(tmp_path / "project")
    serial = built_site
    parts = []
    for lang in ("en", "ru", "uk", "ka"):
        part = tmp_path / "parts" / lang
        result = _split(project, "build", "--language", lang, "--site", str(part))
        assert result.returncode == 0, result.stderr[-3000:]
        assert not (part / "pagefind").exists()  # indexed once, after the merge
        parts.append(str(part))
    # a part holds its own language's record pages, not the others' (the pages in the navigation
    # are in every part: the navigation of each language's 404 page reads their titles)
    en_stories = {p.parent.name for p in (tmp_path / "parts" / "en" / "stories").glob("*/index.html")}
    ru_stories = {p.parent.name for p in (tmp_path / "parts" / "ru" / "ru" / "stories").glob("*/index.html")}
    assert en_stories and ru_stories
    assert not list((tmp_path / "parts" / "ru" / "stories").glob("*/index.html"))
    assert not list((tmp_path / "parts" / "en" / "ru" / "stories").glob("*/index.html"))
    merged = tmp_path / "merged"
    result = _split(project, "merge", "--site", str(merged), *parts)
    assert result.returncode == 0, result.stderr[-3000:]
    result = _split(project, "index", "--site", str(merged))
    assert result.returncode == 0, result.stderr[-3000:]
    expected, found = _files(serial), _files(merged)
    assert sorted(found) == sorted(expected)
    different = [name for name in expected if found[name] != expected[name]]
    assert not different, different[:10]


def test_parts_that_disagree_are_not_merged(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for part, text in ((one, "a"), (two, "b")):
        (part / "assets").mkdir(parents=True)
        (part / "assets" / "x.css").write_text(text)
    with pytest.raises(split.SplitError, match="assets/x.css differs"):
        split.merge([one, two], tmp_path / "site")


def test_a_one_language_build_names_a_wrong_language_and_never_shows_a_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    result = _split(project, "build", "--language", "fr", "--site", str(tmp_path / "part"))
    assert result.returncode == 1
    assert "CAMPAIGN_BUILD_LANGUAGE=fr: not a language of this site" in result.stderr
    assert "Traceback" not in result.stderr
