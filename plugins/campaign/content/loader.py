"""Loading content/: every record file, its translations, the fixed pages and the registries.

`load_content` reads everything, validates it as the build does and returns a
Content holding the records, the fixed pages, the registries and *all*
problems found, so that editors see every mistake at once. Problems in
published records and fixed pages are errors; problems in drafts and records
in review are notes (they block nothing until the record is published). Every
other file under content/ is an error (content.inventory): nothing the engine
does not know can be published.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..safety.fingerprints import Fingerprints
from . import schemas
from .advocacy import fill_ally_names
from .cache import ContentCache, parse_key, precompute
from .chapters import load_chapters
from .checks import check_page, check_record, check_unused_assets
from .gate import HIDDEN, TOMBSTONE, decide
from .imported import check_registry_numbers
from .inventory import classify, page_base, walk
from .problems import Problems, shown_path
from .records import Record, Version, neutral
from .recordtypes import FOLDERS
from .registries import Registries, load_registries
from .reviewers import load_reviewers
from .yamlsource import Document, YamlError, parse_markdown

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANG_SUFFIX_RE = re.compile(r"^[a-z]{2,3}(_[A-Za-z]+)?$")


@dataclass
class Settings:
    languages: list  # site languages, default first
    default_language: str = "en"
    min_reviewers: int = 2
    today: dt.date = field(default_factory=dt.date.today)
    content_dir: str | None = None  # set by load_content; image files are looked up here
    # fixed pages the site declares (paths in content/ of the default-language file, e.g. about.md)
    pages: tuple = ("index.md",)
    fingerprints: object = None  # set by load_content: values the importer dropped (safety.fingerprints)
    cache: object = None  # set by load_content: the content cache of this build (content.cache)

    def cache_key(self) -> tuple:
        """What of the settings the content cache depends on (content.cache.salt)."""
        return (tuple(self.languages), self.default_language, self.min_reviewers, self.today.isoformat(),
                tuple(self.pages))


@dataclass
class Content:
    settings: Settings
    registries: Registries
    records: dict  # slug -> Record, every status
    problems: Problems
    pages: dict = field(default_factory=dict)  # path in content/ -> Page, every declared page present
    # path in content/ of an asset -> (file using it, "body" or "images"), e.g. ("content/about.md", "body")
    assets: dict = field(default_factory=dict)
    chapters: list = field(default_factory=list)  # the report's chapters (content/report/), in order

    def state(self, record: Record) -> str:
        if _withdrawn(record):
            # one language file withdrawn withdraws the record: a withdrawal is never held up by the
            # other files (the loader notes them until they say so too); beside a draft, nothing at all
            statuses = {v.meta.get("status") for v in record.versions.values()}
            return TOMBSTONE if statuses <= {"published", "withdrawn"} else HIDDEN
        return decide(record.meta, self.settings.today)


@dataclass
class Page:
    """A fixed page the site declares (home, about, help...), in one language."""

    rel: str  # path in content/, e.g. about.ru.md
    base: str  # path of its default-language file, e.g. about.md
    lang: str
    path: str  # shown in messages
    doc: Document


def _read_page(path: Path, rel: str, shown: str, problems: Problems) -> Document | None:
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        problems.add(shown, 0, "-", "the file is not UTF-8 text", "save the file as UTF-8")
        return None
    if not text.removeprefix("\ufeff").startswith("---"):
        return Document(data={}, body=text.removeprefix("\ufeff"), body_line=1)
    try:
        return parse_markdown(text)
    except YamlError as exc:
        problems.add(shown, exc.line, exc.field, f"the front matter cannot be read: {exc.message}",
                     "check the indentation, that every ':' has a space after it and that text with ':' or '#' is in quotes")
    return None


def _split_name(name: str, languages, default_language):
    """'x.ru.md' -> ('x', 'ru'); 'x.md' -> ('x', default); unknown suffix -> (stem, suffix)."""
    stem = name[:-3]
    if "." in stem:
        slug, suffix = stem.rsplit(".", 1)
        return slug, suffix
    return stem, default_language


def load_content(content_dir, settings: Settings, project_root=None, cache: ContentCache | None = None,
                 workers: int = 1, pool_minimum: int | None = None) -> Content:
    """Everything under content/, checked. `cache` keeps the pure results (parse, schema,
    personal-data scan) between builds; `workers` > 1 computes those missing from it in a
    process pool first, when at least `pool_minimum` files need it (default POOL_MINIMUM).
    Neither changes the result (content.cache)."""
    content_dir = Path(content_dir)
    settings.content_dir = str(content_dir)
    settings.cache = cache = cache if cache is not None else ContentCache()
    root = Path(project_root) if project_root else content_dir.parent
    settings.fingerprints = Fingerprints.load(root)
    problems = Problems()
    kinds = {}
    for rel in walk(content_dir, problems, lambda p: shown_path(p, root)):
        kind, problem = classify(rel, set(settings.pages), settings.languages)
        if problem:
            problems.add(shown_path(content_dir / rel, root), 0, "-", *problem)
        kinds[rel] = kind
    registries = load_registries(content_dir, settings.default_language, problems, root)
    registries.reviewers = load_reviewers(content_dir, registries.organizations, problems, root)
    registry_file = content_dir / "_data" / "organizations.yml"
    check_registry_numbers(registries, settings.fingerprints, registry_file, shown_path(registry_file, root),
                           problems)
    pages = {}
    for source in (rel for rel, kind in kinds.items() if kind == "page"):
        shown = shown_path(content_dir / source, root)
        base, lang = page_base(source, settings.languages)
        doc = _read_page(content_dir / source, source, shown, problems)
        if doc is not None:
            pages[source] = Page(source, base, lang or settings.default_language, shown, doc)
    records: dict[tuple, Record] = {}
    folder_types = {folder: rtype for rtype, folder in FOLDERS.items()}
    texts = _read_records(content_dir, [rel for rel, kind in kinds.items() if kind == "record"])
    if workers > 1:
        _prefill(cache, [(folder_types[rel.split("/", 1)[0]], text) for rel, text in texts.items()
                         if isinstance(text, str)], workers, POOL_MINIMUM if pool_minimum is None else pool_minimum)
    for source in (rel for rel, kind in kinds.items() if kind == "record"):
        rtype = folder_types[source.split("/", 1)[0]]
        path = content_dir / source
        rel = shown_path(path, root)
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
            text = texts[source]
            if isinstance(text, Exception):
                raise text
            doc = cache.parse(text, rel)
        except YamlError as exc:
            problems.add(rel, exc.line, exc.field, f"the front matter cannot be read: {exc.message}",
                         exc.hint or "check the indentation, that every ':' has a space after it and that text "
                         "with ':' or '#' is in quotes")
            continue
        except UnicodeDecodeError:
            problems.add(rel, 0, "-", "the file is not UTF-8 text", "save the file as UTF-8")
            continue
        record = records.setdefault((rtype, slug), Record(rtype, slug))
        record.versions[lang] = Version(lang, rel, doc, source)

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

    assets = {rel: [] for rel, kind in kinds.items() if kind == "asset"}
    for record in by_slug.values():
        _check_versions(record, settings, problems)
        if _withdrawn(record):  # it keeps no facts to check (content.repository says so)
            continue
        try:
            check_record(record, by_slug, registries, settings, problems, assets)
        except (TypeError, AttributeError, KeyError, ValueError, IndexError) as exc:
            # a value of a shape the schema refused (already reported) can trip a later check;
            # never a traceback: the record is named and fails closed
            paths = {v.path for v in record.versions.values()}
            if not any(p.path in paths for p in problems):
                problems.add(record.original.path, 0, "-", f"the record could not be checked ({type(exc).__name__}: {exc})",
                             "check the shape of each field against the editors' guide; please also tell the developers")
            elif not any(p.path in paths and p.severity == "error" for p in problems):
                problems.add(record.original.path, 0, "-", "the record could not be checked further because of the "
                             "problems noted above", "fix them first")
    for record in by_slug.values():
        fill_ally_names(record, registries, settings.default_language)  # after the check saw what was typed
    for page in pages.values():
        check_page(page, problems, assets)
    check_unused_assets(assets, content_dir, root, problems)
    chapters = load_chapters(content_dir, settings.languages, settings.default_language, problems, root)
    return Content(settings, registries, by_slug, problems, pages, assets, chapters)


def _read_records(content_dir: Path, sources: list) -> dict:
    """Path in content/ -> its text, or the exception reading it raised (reported by the caller)."""
    texts = {}
    for source in sources:
        try:
            texts[source] = (content_dir / source).read_text("utf-8")
        except (UnicodeDecodeError, OSError) as exc:
            texts[source] = exc
    return texts


# Below this many files to compute, starting processes costs more than it saves.
POOL_MINIMUM = 64


def _prefill(cache: ContentCache, items: list, workers: int, minimum: int) -> None:
    """Compute the cache entries missing for `items` ((record type, text)) in a process pool.

    Only fills the cache: the build then reads every file through it as without a pool, so
    the result is the same and every problem is reported by the build itself, with its file
    and line. A pool that cannot start or fails half-way leaves the rest to the build."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    missing = [item for item in items if not cache.has(parse_key(item[1]))]
    if not missing or len(missing) < minimum or "fork" not in multiprocessing.get_all_start_methods():
        return
    chunk = max(16, len(missing) // (workers * 4))
    try:
        # fork: the workers start from this process's modules at once (spawn would import the engine again)
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for entries in pool.map(precompute, missing, chunksize=chunk):
                for key, value in entries:
                    cache.put(key, value)
    except Exception:  # noqa: BLE001 - BrokenProcessPool, OSError: the build computes what is missing itself
        return


def _severity(record: Record) -> str:
    return "error" if any(v.meta.get("status") == "published" for v in record.versions.values()) else "note"


def _withdrawn(record: Record) -> bool:
    return any(v.meta.get("status") == "withdrawn" for v in record.versions.values())


def _typos(found) -> dict:
    """{unknown field: the known field it probably means} from schema problems."""
    typos = {}
    for path, message, hint in found:
        if len(path) == 1 and message == "is not a known field" and hint.startswith("did you mean '"):
            typos[path[0]] = hint.split("'")[1]
    return typos


def _check_versions(record: Record, settings: Settings, problems: Problems) -> None:
    severity = _severity(record)
    unknown = {}  # language -> {misspelt field: meant field}
    for version in record.versions.values():
        if "status" not in version.meta or version.meta.get("status") not in ("draft", "review", "published", "withdrawn"):
            # without a known status nobody can tell whether it may be published: always an error
            value = version.meta.get("status")
            problems.add(version.path, version.doc.line_of(("status",)), "status",
                         "is missing" if value is None else f"'{value}' is not a known status",
                         "use draft, review, published or withdrawn")
        if version.meta.get("status") == "withdrawn":
            continue  # only a neutral page is left: its fields are checked by content.repository
        found = settings.cache.validate(record.type, version.meta) if settings.cache else schemas.validate(
            record.type, version.meta)
        typos = _typos(found)
        for path, message, hint in found:
            if path == ("status",):
                continue  # reported above
            if len(path) == 1 and path[0] in typos.values() and message.startswith("is missing"):
                continue  # the misspelt field is reported once, with "did you mean"
            problems.add(version.path, version.doc.line_of(path), ".".join(str(p) for p in path),
                         message, hint, severity)
        unknown[version.lang] = typos
    original = record.original
    reference = neutral(original.meta)
    # only text values: a status of another type (a list, a mapping) is reported by the schema
    statuses = {s for v in record.versions.values() if isinstance(s := v.meta.get("status"), str)}
    withdrawing = "withdrawn" in statuses
    if withdrawing:
        # the withdrawal wins at once (Content.state): the record is only a neutral page in every language
        rest = [v for v in record.versions.values() if v.meta.get("status") != "withdrawn"]
        for version in rest:
            problems.add(version.path, version.doc.line_of(("status",)), "status",
                         "another language file of this record is withdrawn, so the whole record is already "
                         "shown as withdrawn in every language",
                         "withdraw this file too (" + ", ".join(v.path for v in rest) + "): make each the neutral "
                         "withdrawn file, as the editors' guide says; never copy fields back into a withdrawn file",
                         "note")
    for version in list(record.versions.values())[1:]:
        other = neutral(version.meta)
        # a misspelt field is reported once where it is written, not again as a difference between files
        skipped = set(unknown.get(original.lang, {})) | set(unknown.get(version.lang, {}))
        skipped |= set(unknown.get(original.lang, {}).values()) | set(unknown.get(version.lang, {}).values())
        for key in sorted(set(reference) | set(other)):
            if key in skipped and key != "status":
                continue
            if key == "status" and reference.get(key) != other.get(key) and not withdrawing:
                _status_mismatch(record, version, statuses, problems)
                continue
            if withdrawing:
                continue  # the fields of a record being withdrawn go with its text, not back into the file
            if reference.get(key) != other.get(key):
                # status mismatch is always an error: one version might be published
                sev = "error" if key == "status" else severity
                problems.add(version.path, version.doc.line_of((key,)), key,
                             f"differs from {original.path} ({_show(reference.get(key))} there, {_show(other.get(key))} here)",
                             "translations share every field except title, summary and other text; "
                             f"copy the value from {original.path}", sev)


# from the least public: a mismatch is resolved towards the first, never by publishing
STRICTEST_FIRST = ("withdrawn", "draft", "review", "published")


def _status_mismatch(record: Record, version: Version, statuses: set, problems: Problems) -> None:
    """Always an error (one version might be published); the fix never suggests publishing."""
    strict = next((s for s in STRICTEST_FIRST if s in statuses), "draft")
    files = ", ".join(v.path for v in record.versions.values())
    problems.add(version.path, version.doc.line_of(("status",)), "status",
                 f"differs from {record.original.path} ({_show(record.original.meta.get('status'))} there, "
                 f"{_show(version.meta.get('status'))} here)",
                 f"set 'status: {strict}' in every language file of this record ({files}); a record is set to "
                 "published only after its review, never to make its files agree")


def _show(value) -> str:
    """A value as an editor wrote it in YAML ([extortion, hiv]), never as Python (['extortion', 'hiv'])."""
    if value is None:
        return "missing"
    return f"'{_yaml_text(value)}'" if isinstance(value, str) else _yaml_text(value)


def _yaml_text(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
