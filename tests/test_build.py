"""Real builds of the sample site: the gate holds in every output file."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from conftest import ROOT, run_build

CANARY = "CANARY-"


def page(site: Path, url: str) -> Path:
    return site / url / "index.html"


def output_texts(site: Path):
    for path in site.rglob("*"):
        if path.is_file():
            yield path, path.read_bytes().decode("utf-8", errors="ignore")


def test_every_published_record_has_a_page_in_each_of_its_languages(built_site, sample):
    default = sample.settings.default_language
    assert len(sample.records) >= 40
    for record in sample.records.values():
        for lang, version in record.versions.items():
            path = page(built_site, record.url(lang, default))
            assert path.is_file(), f"{record.slug} has no {lang} page"
            text = path.read_text("utf-8")
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
            assert h1 and html.unescape(h1.group(1).strip()) == version.meta["title"], f"{path} lacks its title"
            assert f'<html lang="{lang}"' in text


def test_a_record_has_no_page_in_languages_it_does_not_exist_in(built_site, sample):
    default = sample.settings.default_language
    only_ru = [r for r in sample.records.values() if r.languages == ["ru"]]
    assert only_ru, "the sample should have a story that exists only in Russian"
    for record in only_ru:
        assert page(built_site, record.url("ru", default)).is_file()
        for lang in sample.settings.languages:
            if lang != "ru":
                assert not page(built_site, record.url(lang, default)).exists()


def test_no_unpublished_string_reaches_any_output_file(built_site, sample):
    # the sample's non-public records carry canary strings; make sure they really do
    canaries = set()
    for record in list(sample.hidden.values()) + list(sample.tombstones.values()):
        for version in record.versions.values():
            canaries.update(re.findall(r"CANARY-[A-Z0-9-]+", version.doc.body + str(version.meta)))
    assert len(canaries) >= 5, canaries
    hidden_slugs = set(sample.hidden)
    assert {r.meta.get("status") for r in sample.hidden.values()} >= {"draft", "review"}
    checked = 0
    for path, text in output_texts(built_site):
        checked += 1
        assert CANARY not in text, f"a canary leaked into {path}"
        for slug in hidden_slugs:
            assert f"/{slug}/" not in text and f'"{slug}' not in text, f"hidden {slug} named in {path}"
    assert checked > 100
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    assert "stories/" in sitemap  # it does list published records
    assert (built_site / "pagefind" / "pagefind-entry.json").is_file()  # and the search index exists


def test_withdrawn_and_expired_records_leave_only_a_tombstone(built_site, sample):
    default = sample.settings.default_language
    statuses = {r.meta["status"] for r in sample.tombstones.values()}
    assert statuses == {"withdrawn", "published"}  # withdrawn, and published with expired consent
    for record in sample.tombstones.values():
        for lang, version in record.versions.items():
            text = page(built_site, record.url(lang, default)).read_text("utf-8")
            assert version.meta["title"] not in text
            assert html.escape(version.meta["title"], quote=False) not in text
            lines = version.doc.body.strip().splitlines()
            if lines:  # a withdrawn record keeps no text (issue 14); one with expired consent still has it
                assert lines[0][:60] not in text
            assert 'name="robots" content="noindex"' in text
        # nowhere else: not in the sitemap, the search index or any other page
        for path, text in output_texts(built_site):
            if f"/{record.slug}/" in path.as_posix() + "/":
                continue
            assert record.slug not in text, f"{record.slug} named in {path}"


def test_record_page_shows_facts_notes_related_and_help(built_site, sample):
    story = next(r for r in sample.records.values()
                 if r.type == "story" and r.meta.get("content_notes") and sample.related(r.slug) and "ru" in r.versions)
    text = page(built_site, story.url("ru", "en")).read_text("utf-8")
    assert 'class="wav-facts"' in text
    assert "<details class=\"wav-content-note\">" in text
    assert text.index("wav-content-note") < text.index("wav-record__body")
    for other in sample.related(story.slug):
        assert f"/{other.slug}/" in text
    assert 'class="wav-help"' in text and "Где получить помощь" in text
    # sensitive fields never appear on a record page
    for term in story.meta.get("intersections") or []:
        label = sample.registries.term("intersection", term).label
        for value in label.values():
            assert f"<dd>{value}" not in text


def test_invalid_published_record_fails_the_build_and_writes_nothing(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "hooks", project / "hooks")
    (project / "stage").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    story = next(p for p in sorted((project / "content" / "stories").glob("*.md"))
                 if "status: published" in p.read_text("utf-8") and "." not in p.stem)
    text = story.read_text("utf-8")
    story.write_text(re.sub(r"^city: .*$", "city: atlantis", text, count=1, flags=re.M), "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "previous.html").write_text("the previous build")
    result = run_build(project / "mkdocs.yml", site, cwd=project)
    assert result.returncode != 0
    line = next(i for i, text in enumerate(story.read_text("utf-8").splitlines(), 1) if text.startswith("city:"))
    assert f"content/stories/{story.name}:{line}: city: unknown city 'atlantis'" in result.stderr + result.stdout
    assert sorted(p.name for p in site.iterdir()) == ["previous.html"]


def test_the_page_frame_holds_nothing_a_shared_file_holds(built_site, sample):
    """The parts of the page frame that are the same on every page, or that only JavaScript shows,
    are in shared files (the icons in face.css, the language notes in lang-notes.js, the search
    box's inside in search.js), not in each of the site's pages."""
    story = next(r for r in sample.records.values() if r.type == "story" and "ka" in r.versions)
    pages = [built_site / "index.html", page(built_site, "ka/stories"), page(built_site, story.url("ka", "en"))]
    for path in pages:
        text = path.read_text("utf-8")
        frame = text[:text.index('<div class="md-content"')] + text[text.index("</article>"):]
        assert "<svg" not in frame, path
        assert "wav-lang__text" not in frame and "md-search__form" not in frame, path
        # what is left of them: the icons' places, the notes' script, the search box's labels
        assert frame.count('class="wav-icon wav-icon--') == 4, path
        assert 'lang-notes.js"></script>' in frame and "data-wav-search-label=" in frame, path
    css = (built_site / "stylesheets" / "face.css").read_text("utf-8")
    for name in ("menu", "translate", "search", "top"):
        assert f".wav-icon--{name} {{ --wav-icon: url('data:image/svg+xml" in css
