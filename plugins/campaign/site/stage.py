"""The stage: the only folder the generator reads, holding nothing but what may be published.

MkDocs' `docs_dir` names the stage; content/ is read by the engine alone. At
every build `plan` decides every file of the stage from the published
collection: each version of a public record (its title, summary and checked
body, none of its other front matter), a neutral page for each withdrawn one,
the fixed pages the site declares, and the assets they use: images re-encoded
from pixels, PDF documents rewritten without metadata and scripts, MP4 videos with their
metadata boxes blanked (safety.media). `write` makes the stage exactly that: it writes only files whose bytes
changed (so `mkdocs serve` sees no change and does not rebuild in a loop) and
deletes everything else, links included, without following them. A file the
engine does not know therefore has no path to the site, whatever its name,
folder or link, and whatever generator reads the stage.
"""
from __future__ import annotations

import json
import os
import stat
from functools import lru_cache
from pathlib import Path

import yaml

from ..safety import documents, images, media

# how a record uses an asset that is published at its own address (content.checks, content.advocacy)
AT_OWN_ADDRESS = ("body", "evidence", "file", "video", "poster", "captions")

# Written in the stage: marks a folder the engine may empty, and lists what it holds.
MARKER = ".campaign-stage"
KEEP = {MARKER, ".gitignore"}  # hidden: MkDocs never publishes them


class StageError(Exception):
    pass


def _markdown(meta: dict, body: str) -> bytes:
    head = ("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n") if meta else ""
    return (head + body).encode("utf-8")


@lru_cache(maxsize=65536)
def _record_markdown(meta: tuple, body: str) -> bytes:
    """A record version's staged file; remembered by its text (a rebuild under `mkdocs serve`
    writes the same YAML for every record that did not change)."""
    return _markdown(dict(meta), body)


def plan(published, tombstone_markdown) -> dict[str, bytes]:
    """Path in the stage -> bytes, for everything the site may publish from content/.

    `tombstone_markdown(lang)` is the neutral page of a withdrawn record."""
    content = published.content
    files: dict[str, bytes] = {}
    users = set()
    for record in published.records.values():
        for version in record.versions.values():
            meta = tuple((key, version.meta[key]) for key in ("title", "summary") if isinstance(version.meta.get(key), str))
            files[version.source] = _record_markdown(meta, version.body)
            users.add(version.path)
    for record in published.tombstones.values():
        for version in record.versions.values():
            files[version.source] = tombstone_markdown(version.lang).encode("utf-8")
    for page in content.pages.values():
        files[page.rel] = _markdown(page.doc.data, page.doc.body)
        users.add(page.path)
    content_dir = Path(content.settings.content_dir)
    for rel, used_by in sorted(content.assets.items()):
        # images of records (`images:`) are published as re-encoded variants (safety.images);
        # a file a text, an evidence list, a document's files or a statement's video refers to
        # is published at its own address, cleaned
        if users.intersection(user for user, how in used_by if how in AT_OWN_ADDRESS):
            data = images.asset_path(content_dir, rel.split("/", 1)[1]).read_bytes()
            suffix = os.path.splitext(rel)[1].lower()
            if suffix == ".pdf":
                files[rel] = documents.clean(data)
            elif suffix == ".mp4":
                files[rel] = media.clean(data)
            elif suffix == ".vtt":
                media.captions_text(data)  # checked again: only WebVTT text is published
                files[rel] = data
            else:
                files[rel] = images.reencode(data, rel, images.WIDTHS[-1])
            # the size readers download, shown beside a document's files (site.advocacyview)
            published.memo(("asset-bytes", rel), lambda rel=rel: len(files[rel]))
    return files


def _entries(stage: Path):
    """(path relative to the stage, lstat mode) of everything in it, without following links."""
    for root, dirs, names in os.walk(stage, followlinks=False):
        for name in dirs + names:
            path = Path(root) / name
            yield path.relative_to(stage).as_posix(), path.lstat().st_mode


def write(stage: Path, files: dict[str, bytes], changed: set | None = None) -> int:
    """Make `stage` hold exactly `files`; the number of files written (unchanged ones are not),
    whose paths are added to `changed` if given."""
    stage = Path(stage)
    if stage.is_symlink() or not stage.is_dir():
        raise StageError(f"the stage folder {stage} must be a real folder")
    marker = stage / MARKER
    visible = [rel for rel, _ in _entries(stage) if rel not in KEEP]
    if visible and not marker.is_file():
        raise StageError(f"{stage} is not empty and was not written by the engine; docs_dir in mkdocs.yml must name "
                         "an empty folder of its own (e.g. stage), never content/ or a folder with other files")
    # everything not planned goes, links and folders too (deepest first)
    for rel, mode in sorted(_entries(stage), key=lambda e: e[0].count("/"), reverse=True):
        path = stage / rel
        if rel in KEEP or rel in files:
            if stat.S_ISREG(mode):
                continue
        if stat.S_ISDIR(mode):
            if not any(name.startswith(rel + "/") for name in files):
                path.rmdir() if not any(path.iterdir()) else None
            continue
        path.unlink()
    written = 0
    for rel, data in sorted(files.items()):
        path = stage / rel
        if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += 1
        if changed is not None:
            changed.add(rel)
    manifest = json.dumps(sorted(files), indent=0)
    if not marker.is_file() or marker.read_text("utf-8") != manifest:
        marker.write_text(manifest, "utf-8")
    return written


def manifest(stage: Path) -> set[str]:
    marker = Path(stage) / MARKER
    return set(json.loads(marker.read_text("utf-8"))) if marker.is_file() else set()
