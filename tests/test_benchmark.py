"""The benchmark's corpus generator (issue 8): valid content, deterministic. No timing here."""
from __future__ import annotations

import subprocess
import sys

import yaml

from campaign.content.recordtypes import FOLDERS
from campaign.tools.benchmark import generate_corpus, plain_config, record_counts
from conftest import ROOT

STORIES = 6


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_generated_corpus_passes_campaign_check(tmp_path):
    corpus = tmp_path / "corpus"
    counts = generate_corpus(corpus, STORIES, source=ROOT)
    assert counts == record_counts(STORIES)
    for rtype in counts:  # the types the generator writes (the advocacy record is not generated)
        folder = FOLDERS[rtype]
        names = [p.name for p in (corpus / "content" / folder).glob("*.md")]
        english = {n[:-len(".md")] for n in names if n.count(".") == 1}
        russian = {n[:-len(".ru.md")] for n in names if n.endswith(".ru.md")}
        assert len(english) == counts[rtype] and russian == english and len(names) == 2 * counts[rtype], names
    result = subprocess.run([sys.executable, "-m", "campaign.tools.cli", "--config", str(corpus / "mkdocs.yml"), "check"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    published = sum(counts.values())
    assert f"{published} published" in result.stdout, result.stdout


def test_generator_is_deterministic(tmp_path):
    generate_corpus(tmp_path / "a", STORIES, source=ROOT)
    generate_corpus(tmp_path / "b", STORIES, source=ROOT)
    first, second = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    generate_corpus(tmp_path / "c", STORIES, seed=7, source=ROOT)
    assert files_of(tmp_path / "c") != first  # the seed matters


def test_sample_records_are_not_copied(tmp_path):
    generate_corpus(tmp_path, STORIES, source=ROOT)
    sample = {p.name for folder in FOLDERS.values() for p in (ROOT / "content" / folder).glob("*.md")}
    generated = {p.name for folder in FOLDERS.values() for p in (tmp_path / "content" / folder).glob("*.md")}
    assert not sample & generated


def test_plain_configuration_is_plain_material(tmp_path):
    generate_corpus(tmp_path, STORIES, source=ROOT)
    config = yaml.safe_load(plain_config(tmp_path).read_text("utf-8"))
    ours = yaml.safe_load((tmp_path / "mkdocs.yml").read_text("utf-8"))
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert names == ["search", "i18n"]
    assert "custom_dir" not in config["theme"] and config["theme"]["name"] == "material"
    assert "_data/" in config["exclude_docs"]
    assert config["not_in_nav"] == ours["not_in_nav"]
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    ours_i18n = next(p["i18n"] for p in ours["plugins"] if isinstance(p, dict) and "i18n" in p)
    assert [lang["locale"] for lang in i18n["languages"]] == [lang["locale"] for lang in ours_i18n["languages"]]
    for entry in config["nav"]:  # only pages that exist as Markdown (an entry may carry a menu label)
        target = entry if isinstance(entry, str) else next(iter(entry.values()))
        assert (tmp_path / "content" / target).is_file()
