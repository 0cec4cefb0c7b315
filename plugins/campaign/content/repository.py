"""What the source repository may hold (SPEC 5.5).

The gate keeps drafts and withdrawn texts off the site, but every file of
content/ also lives in the git repository, where anyone with access (everyone,
if it is public) can read it, in every version ever committed. Two checks:

- `withdrawn_problems`: a withdrawn record keeps no text. Its files hold only
  a neutral title, the status and (for redirects) its aliases; the rest goes,
  and `campaign purge` takes the old versions out of the history.
- `public_repository_problems`: what a public repository must not hold at all:
  drafts, records in review, withdrawn or expired texts, files and comments in
  content/_data/ that no published registry needs, photos of unpublished
  records.

Plain Python: the git side (tracked files, history) is in campaign.tools.
"""
from __future__ import annotations

from pathlib import Path

from ..safety.fingerprints import FILE_NAME as FINGERPRINTS
from ..safety.pii import find_pii
from .gate import TOMBSTONE
from .inventory import FORM_FILES, FORMS_DIR
from .problems import Problems, shown_path
from .registries import CAMPAIGN_FILE, DATA_DIR, REGISTRY_FILES

NEUTRAL_TITLE = "Withdrawn"
# the only fields a withdrawn record keeps: aliases, so that its old addresses still answer
WITHDRAWN_KEEPS = ("title", "status", "aliases")
# registries the site publishes or needs to check records; anything else in content/_data/ is private
PUBLIC_REGISTRIES = frozenset(REGISTRY_FILES.values()) | {"reviewers.yml", CAMPAIGN_FILE}

NEUTRAL_FILE = f"---\ntitle: {NEUTRAL_TITLE}\nstatus: withdrawn\n---\n"
_MAKE_NEUTRAL = (f"a withdrawn record keeps no text: make the whole file these four lines: '---', "
                 f"'title: {NEUTRAL_TITLE}', 'status: withdrawn', '---' (keep 'aliases:' if it has any); "
                 "then run 'campaign purge {slug}' to take the old text out of the git history")


def is_withdrawn(record) -> bool:
    return any(v.meta.get("status") == "withdrawn" for v in record.versions.values())


def neutral_title(title) -> bool:
    return isinstance(title, str) and title.strip().casefold() == NEUTRAL_TITLE.casefold()


def version_keeps_text(version) -> bool:
    """True when a withdrawn record's file still holds something beyond the neutral lines."""
    meta = version.meta
    return (not neutral_title(meta.get("title")) or bool(version.body.strip())
            or any(key not in WITHDRAWN_KEEPS for key in meta))


def withdrawn_problems(content) -> Problems:
    """Every withdrawn record file that still holds a title, text, facts or photos."""
    problems = Problems()
    for record in content.records.values():
        if not is_withdrawn(record):
            continue
        hint = _MAKE_NEUTRAL.format(slug=record.slug)
        for version in record.versions.values():
            meta, doc = version.meta, version.doc
            kept = []  # what is left, in plain words, reported once per file at its first line
            if not neutral_title(meta.get("title")):
                kept.append((doc.line_of(("title",)), "title", "its title" if meta.get("title") else "no neutral title"))
            extra = [key for key in meta if key not in WITHDRAWN_KEEPS]
            if extra:
                kept.append((doc.line_of((extra[0],)), extra[0], "its details (" + ", ".join(extra) + ")"))
            if version.body.strip():
                kept.append((doc.body_line, "body", "its text"))
            if kept:
                line, field, _ = min(kept)
                problems.add(version.path, line, field, "this record is withdrawn but its file still has "
                             + " and ".join(what for _, _, what in kept), hint)
    return problems


def _status_words(status) -> str:
    return {"draft": "is a draft", "review": "is waiting for review"}.get(
        status, f"has the status '{status}'" if status else "has no status")


def public_repository_problems(content, content_dir, project_root=None) -> Problems:
    """What a public repository must not hold, each with where it is and what to do."""
    problems = Problems()
    content_dir = Path(content_dir)
    keep_private = ("keep the repository private (see 'Keeping the repository safe' in the editors' guide)")
    unpublished_assets: dict[str, str] = {}
    for record in content.records.values():
        state = content.state(record)
        statuses = {v.meta.get("status") for v in record.versions.values()}
        if statuses <= {"published", "withdrawn"} and state != "hidden":
            if state == TOMBSTONE and "withdrawn" not in statuses:
                expires = (record.meta.get("consent") or {}).get("expires")
                for version in record.versions.values():
                    problems.add(version.path, version.doc.line_of(("consent", "expires")), "consent.expires",
                                 f"the consent ended on {expires}: the site shows only a withdrawn page, but the "
                                 "text is still in the repository",
                                 f"withdraw it (set 'status: withdrawn' and remove the text), run 'campaign purge "
                                 f"{record.slug}', or {keep_private}")
            continue
        for version in record.versions.values():
            status = version.meta.get("status")
            if status in ("published", "withdrawn"):
                continue
            problems.add(version.path, version.doc.line_of(("status",)), "status",
                         f"{_status_words(status)}: a public repository must not hold a record that is not published",
                         "move the file to your organisation's private intake (outside this repository), delete it "
                         f"here, then run 'campaign purge {record.slug}' to take it out of the history; or "
                         + keep_private)
        for image in record.meta.get("images") or []:
            if isinstance(image, dict) and isinstance(image.get("src"), str):
                unpublished_assets.setdefault(image["src"], record.original.path)
    problems.extend(withdrawn_problems(content))
    root = Path(project_root) if project_root else content_dir.parent
    for src, owner in sorted(unpublished_assets.items()):
        path = content_dir / "assets" / src
        if path.is_file():
            problems.add(shown_path(path, root), 0, "-", f"this photo belongs to {owner}, which is not published",
                         "keep it with the record in your private intake and delete it here; " + keep_private)
    if (root / FINGERPRINTS).is_file():
        problems.add(FINGERPRINTS, 0, "-", "fingerprints of the names and phone numbers the importer dropped: "
                     "anyone could test a number they suspect against them",
                     "keep the repository private; a public repository must not hold it (delete it and purge it "
                     "from the history as the editors' guide explains)")
    data_dir = content_dir / DATA_DIR
    for path in sorted(data_dir.rglob("*")) if data_dir.is_dir() else []:
        if not path.is_file():
            continue
        rel = shown_path(path, root)
        inside = path.relative_to(data_dir).parts
        if len(inside) == 2 and inside[0] == FORMS_DIR and FORM_FILES.fullmatch(inside[1]):
            continue  # the reporting form, made from the public registries by `campaign form`
        if path.relative_to(data_dir).as_posix() not in PUBLIC_REGISTRIES:
            problems.add(rel, 0, "-", "this file is not one of the site's registries ("
                         + ", ".join(sorted(PUBLIC_REGISTRIES)) + "), so it may hold private data",
                         "move it out of the repository (to your organisation's private storage); " + keep_private)
            continue
        _registry_comments(path, rel, problems, keep_private)
    return problems


def _registry_comments(path: Path, rel: str, problems: Problems, keep_private: str) -> None:
    """Comments in a registry never reach the site but are read by anyone who opens the repository."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return  # the registry check reports an unreadable file
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        comment = stripped[1:] if stripped.startswith("#") else ""
        for finding in find_pii(comment) if comment else []:
            problems.add(rel, number, "-", f"a comment holds probable personal data: '{finding.text}'",
                         "delete it from the comment (the site never shows comments, but the repository does); "
                         + keep_private)
