"""Loading content/: every record file, its translations and the registries.

`load_content` reads everything, validates it as the build does and returns a
Content holding the records, the registries and *all* problems found, so that
editors see every mistake at once. Problems in published records are errors;
problems in drafts and records in review are notes (they block nothing until
the record is published).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import schemas
from .chapters import load_chapters
from .checks import check_record
from .gate import decide
from .problems import Problems, shown_path
from .records import Record, Version, neutral
from .recordtypes import FOLDERS, RECORD_TYPES
from .registries import Registries, load_registries
from .yamlsource import YamlError, parse_markdown

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANG_SUFFIX_RE = re.compile(r"^[a-z]{2,3}(_[A-Za-z]+)?$")


@dataclass
class Settings:
    languages: list  # site languages, default first
    default_language: str = "en"
    min_reviewers: int = 2
    today: dt.date = field(default_factory=dt.date.today)
    content_dir: str | None = None  # set by load_content; image files are looked up here


@dataclass
class Content:
    settings: Settings
    registries: Registries
    records: dict  # slug -> Record, every status
    problems: Problems
    chapters: list = field(default_factory=list)  # the report's chapters (content/report/), in order

    def state(self, record: Record) -> str:
        return decide(record.meta, self.settings.today)


def _split_name(name: str, languages, default_language):
    """'x.ru.md' -> ('x', 'ru'); 'x.md' -> ('x', default); unknown suffix -> (stem, suffix)."""
    stem = name[:-3]
    if "." in stem:
        slug, suffix = stem.rsplit(".", 1)
        return slug, suffix
    return stem, default_language


def load_content(content_dir, settings: Settings, project_root=None) -> Content:
    content_dir = Path(content_dir)
    settings.content_dir = str(content_dir)
    root = Path(project_root) if project_root else content_dir.parent
    problems = Problems()
    registries = load_registries(content_dir, settings.default_language, problems, root)
    records: dict[tuple, Record] = {}
    for rtype in RECORD_TYPES:
        folder = content_dir / FOLDERS[rtype]
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.md")):
            rel = shown_path(path, root)
            if path.parent != folder:
                problems.add(rel, 0, "-", f"record files must sit directly in content/{FOLDERS[rtype]}/",
                             f"move the file to content/{FOLDERS[rtype]}/{path.name}")
                continue
            slug, lang = _split_name(path.name, settings.languages, settings.default_language)
            if lang not in settings.languages:
                how = ("use one of " + ", ".join(f".{code}.md" for code in settings.languages[1:])
                       + " or no suffix for " + settings.default_language)
                if LANG_SUFFIX_RE.match(lang):
                    problems.add(rel, 0, "-", f"the language '{lang}' is not configured for this site", how)
                else:
                    problems.add(rel, 0, "-", f"the file name has an unexpected part '.{lang}'", how)
                continue
            if not SLUG_RE.match(slug):
                problems.add(rel, 0, "-", f"the file name '{slug}' is not a valid slug",
                             "rename the file with lower-case letters a-z, digits and single hyphens, e.g. detained-at-night-osh.md")
                continue
            try:
                doc = parse_markdown(path.read_text("utf-8"))
            except YamlError as exc:
                problems.add(rel, exc.line, "-", f"the front matter cannot be read: {exc.message}",
                             "check the indentation, that every ':' has a space after it and that text with ':' or '#' is in quotes")
                continue
            except UnicodeDecodeError:
                problems.add(rel, 0, "-", "the file is not UTF-8 text", "save the file as UTF-8")
                continue
            record = records.setdefault((rtype, slug), Record(rtype, slug))
            record.versions[lang] = Version(lang, rel, doc)

    # versions in site-language order, so the original is the first language present
    for record in records.values():
        record.versions = {lang: record.versions[lang] for lang in settings.languages if lang in record.versions}

    by_slug: dict[str, Record] = {}
    for (_rtype, slug), record in sorted(records.items()):
        if slug in by_slug:
            other = by_slug[slug]
            problems.add(record.original.path, 0, "-",
                         f"the slug '{slug}' is already used by {other.original.path}",
                         "every record needs its own file name across all folders; rename one of them")
            continue
        by_slug[slug] = record

    for record in by_slug.values():
        _check_versions(record, settings, problems)
        check_record(record, by_slug, registries, settings, problems)
    chapters = load_chapters(content_dir, settings.languages, settings.default_language, problems, root)
    return Content(settings, registries, by_slug, problems, chapters)


def _severity(record: Record) -> str:
    return "error" if any(v.meta.get("status") == "published" for v in record.versions.values()) else "note"


def _check_versions(record: Record, settings: Settings, problems: Problems) -> None:
    severity = _severity(record)
    for version in record.versions.values():
        if "status" not in version.meta or version.meta.get("status") not in ("draft", "review", "published", "withdrawn"):
            # without a known status nobody can tell whether it may be published: always an error
            value = version.meta.get("status")
            problems.add(version.path, version.doc.line_of(("status",)), "status",
                         "is missing" if value is None else f"'{value}' is not a known status",
                         "use draft, review, published or withdrawn")
        for path, message, hint in schemas.validate(record.type, version.meta):
            if path == ("status",):
                continue  # reported above
            problems.add(version.path, version.doc.line_of(path), ".".join(str(p) for p in path),
                         message, hint, severity)
    original = record.original
    reference = neutral(original.meta)
    for version in list(record.versions.values())[1:]:
        other = neutral(version.meta)
        for key in sorted(set(reference) | set(other)):
            if reference.get(key) != other.get(key):
                # status mismatch is always an error: one version might be published
                sev = "error" if key == "status" else severity
                problems.add(version.path, version.doc.line_of((key,)), key,
                             f"differs from {original.path} ({_show(reference.get(key))} there, {_show(other.get(key))} here)",
                             "translations share every field except title, summary and other text; "
                             f"copy the value from {original.path}", sev)


def _show(value) -> str:
    return "missing" if value is None else repr(value)
