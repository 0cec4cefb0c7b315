"""Every file under content/, as the engine sees it: known kinds, and everything else refused.

The engine publishes nothing it does not know. `walk` lists the regular files
under content/ without following a symbolic link (a link to a folder once
published a whole .git directory), and reports every link and special file.
`classify` says what each file is: a registry, a record file, a fixed page
the site declares, an asset; anything else (another extension, an editor's
backup copy, a hidden file, a folder of drafts) is a problem naming the file
and what to do. Whether an asset is used is decided by the loader, which
knows the references.
"""
from __future__ import annotations

import os
import posixpath
import re
import stat
from pathlib import Path

from .chapters import FOLDER as REPORT_DIR
from .recordtypes import FOLDERS
from .registries import CAMPAIGN_FILE, DATA_DIR, REGISTRY_FILES

ASSETS_DIR = "assets"
REVIEWERS_FILE = "reviewers.yml"  # content/_data/reviewers.yml (content.reviewers)
FORMS_DIR = "forms"  # content/_data/forms/: the community reporting form and its mapping
# the files `campaign form` writes there (campaign.tools.formfiles): made from the registries only
FORM_FILES = re.compile(r"story-intake\.xlsx|story-intake\.xml|mapping\.yml|paper-form\.[a-z]{2,3}\.html")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}  # what can be re-encoded from pixels alone
DOCUMENT_SUFFIXES = {".pdf"}  # what can be rewritten without metadata and scripts
VIDEO_SUFFIXES = {".mp4"}  # a statement's video: its metadata boxes are blanked (safety.media)
CAPTION_SUFFIXES = {".vtt"}  # WebVTT captions of a video, text checked like any other
ASSET_SUFFIXES = IMAGE_SUFFIXES | DOCUMENT_SUFFIXES | VIDEO_SUFFIXES | CAPTION_SUFFIXES
# how to turn a file the site cannot clean into one it can (the check says so, naming the file)
CONVERT = {
    **{s: "save it as PDF (in Word or LibreOffice: File > Save as / Export as PDF) and refer to the .pdf"
       for s in (".doc", ".docx", ".odt", ".rtf", ".pages", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp")},
    **{s: "convert it to MP4 (H.264), e.g. with HandBrake, or publish it on a video host and give its "
          "address as video_url" for s in (".mov", ".avi", ".webm", ".mkv", ".wmv", ".3gp", ".m4v")},
    **{s: "convert it to WebVTT (.vtt), e.g. with Subtitle Edit (File > Save as > WebVTT)" for s in (".srt", ".sub", ".ass")},
    **{s: "save it as JPEG or PNG" for s in (".heic", ".webp", ".gif", ".tif", ".tiff", ".bmp")},
}
RESERVED_STEMS = {"index"}  # the engine writes <folder>/index.md (the list of the folder's records)


def asset_path(src: str) -> str | None:
    """The path in content/ of the file a record names as `src` (inside content/assets/), or None when
    `src` leads out of content/assets/."""
    target = posixpath.normpath(posixpath.join(ASSETS_DIR, src.replace("\\", "/")))
    if src.startswith(("/", "\\")) or not target.startswith(ASSETS_DIR + "/"):
        return None
    return target


def walk(content_dir: Path, problems, shown) -> list[str]:
    """Paths (posix, relative to content/) of the regular files; links and special files reported."""
    files = []
    content_dir = Path(content_dir)
    if content_dir.is_symlink():
        problems.add(shown(content_dir), 0, "-", "the content folder is a symbolic link; the engine does not follow links",
                     "make content/ a real folder")
        return files

    def visit(folder: Path, rel: str):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.add(shown(folder), 0, "-", f"the folder cannot be read ({exc.strerror})",
                         "check its permissions")
            return
        for entry in entries:
            path_rel = f"{rel}{entry.name}"
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                problems.add(shown(Path(entry.path)), 0, "-",
                             "is a symbolic link; the engine never follows links (they can point at drafts or "
                             "at files outside the project)",
                             "replace the link with a copy of the file itself, or delete it")
            elif stat.S_ISDIR(mode):
                visit(Path(entry.path), path_rel + "/")
            elif stat.S_ISREG(mode):
                files.append(path_rel)
            else:
                problems.add(shown(Path(entry.path)), 0, "-", "is not a regular file", "delete it")

    visit(content_dir, "")
    return files


def pages_from_nav(nav, extra=()) -> tuple:
    """The fixed pages a site declares: the home page, the .md entries of its `nav` outside
    the record folders (those the engine generates have no file in content/), and `extra`."""
    found = []

    def visit(entry):
        if isinstance(entry, str):
            if entry.endswith(".md") and entry.split("/", 1)[0] not in FOLDERS.values():
                found.append(entry.lstrip("/"))
        elif isinstance(entry, dict):
            for value in entry.values():
                visit(value)
        elif isinstance(entry, list):
            for item in entry:
                visit(item)

    visit(nav or [])
    for page in ["index.md", *(extra or ())]:  # the home page, in the nav or not
        if page not in found:
            found.append(page)
    return tuple(found)


def page_base(rel: str, languages) -> tuple[str, str | None]:
    """'about.ru.md' -> ('about.md', 'ru'); 'about.md' -> ('about.md', None); else (rel, '?')."""
    folder, _, name = rel.rpartition("/")
    prefix = f"{folder}/" if folder else ""
    if not name.endswith(".md"):
        return rel, "?"
    stem = name[:-3]
    if "." in stem:
        base, suffix = stem.rsplit(".", 1)
        return f"{prefix}{base}.md", suffix if suffix in languages[1:] else "?"
    return rel, None


def classify(rel: str, pages, languages) -> tuple[str, tuple[str, str] | None]:
    """(kind, problem) of one file: kind is registry, record, page, asset or refused."""
    parts = rel.split("/")
    name = parts[-1]
    if any(part.startswith(".") for part in parts):
        return "refused", ("is a hidden file; hidden files are never published and do not belong in content/",
                           "delete it (editors' tools leave such files; keep them outside content/)")
    if name.endswith(("~", ".bak", ".orig", ".swp", ".tmp")) or name.startswith("#"):
        return "refused", ("looks like a backup copy left by an editor's tool; it is never published",
                           "delete it, or keep copies outside content/")
    if parts[0] == DATA_DIR:
        if len(parts) == 2 and name in REGISTRY_FILES.values():
            return "registry", None
        if len(parts) == 3 and parts[1] == FORMS_DIR and FORM_FILES.fullmatch(name):
            return "data", None  # the reporting form (campaign form): read by tools, never published
        if len(parts) == 2 and name in (REVIEWERS_FILE, CAMPAIGN_FILE):
            return "data", None  # who may review (content.reviewers), the press contact: read, never published
        known = [*REGISTRY_FILES.values(), REVIEWERS_FILE, CAMPAIGN_FILE]
        return "refused", (f"is not one of the registries ({', '.join(known)}) and is never published",
                           f"move it out of content/{DATA_DIR}/ or delete it")
    if parts[0] in FOLDERS.values():
        folder = parts[0]
        if len(parts) != 2:
            return "refused", (f"record files must sit directly in content/{folder}/; this one is never published",
                               f"move it to content/{folder}/{name} if it is a record, otherwise out of content/")
        if not name.endswith(".md"):
            return "refused", ("only .md files are read in a record folder; this file is never published",
                               "if it is a record, rename it to end in .md; otherwise move it out of content/")
        if name.split(".", 1)[0] in RESERVED_STEMS:
            return "refused", (f"'{name}' is reserved: the site makes the list of content/{folder}/ itself",
                               "rename the file (a record's file name is its slug, e.g. detained-at-night-osh.md)")
        return "record", None
    if parts[0] == REPORT_DIR:
        # the report's chapters: read into /report/ and its PDF by content.chapters, which
        # reports anything else in the folder; never a page of their own
        return "chapter", None
    if parts[0] == ASSETS_DIR:
        suffix = Path(name).suffix.lower()
        if suffix not in ASSET_SUFFIXES:
            return "refused", ("only JPEG and PNG images, PDF documents, MP4 videos and WebVTT captions can be "
                               "published from content/assets/ (they are rewritten without their metadata); "
                               f"a {suffix or 'file without extension'} file cannot be cleaned and is never published",
                               (CONVERT[suffix] + ", then delete this file") if suffix in CONVERT else
                               "convert an image to JPEG or PNG and a document to PDF; otherwise link to where it "
                               "is published, and move the file out of content/")
        stem = name[: -len(suffix)]
        if "." in stem and stem.rsplit(".", 1)[1] in languages:
            # mkdocs-static-i18n takes x.ru.pdf for the Russian version of x.pdf and moves it to
            # /ru/assets/x.pdf: every link to the file would lead nowhere
            better = stem.replace(".", "-") + suffix
            return "refused", ("the name ends in a language code before the extension, which the site reads as "
                               "a translation of another file: links to it would break",
                               f"rename it to {better} (and the references to it)")
        return "asset", None
    base, lang = page_base(rel, languages)
    if base in pages and lang != "?":
        return "page", None
    if name.endswith(".md"):
        return "refused", ("is not a page the site declares, so it is never published (drafts belong in a record "
                           "folder with 'status: draft')",
                           "to publish it as a page, add it to 'nav' in mkdocs.yml; if it is a record, move it to "
                           "its folder (" + ", ".join(f"content/{f}/" for f in FOLDERS.values()) + "); otherwise move it "
                           "out of content/")
    return "refused", ("is not a kind of file the site publishes (records, declared pages, images and PDF "
                       "documents in content/assets/, registries in content/_data/)",
                       "move it out of content/ or delete it")
