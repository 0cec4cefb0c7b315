"""Checks of the advocacy record: allies, events, statements, documents (SPEC 3.8-3.11).

What the schema cannot say: an ally named after a partner organisation takes its
name from organizations.yml and never types it again; a named person is
published only with her or his recorded consent; an event ends after it
starts; a statement names an event that exists; the files a document or a
statement's video lists exist under content/assets/ in a form the site can
clean (PDF, MP4, WebVTT, JPEG or PNG). A commitment may name the events where
it was made and the documents that record it. Each file found is recorded in
`assets` with how it is used, so the stage publishes it cleaned
(site.stage) and the check reports a file nobody uses.
"""
from __future__ import annotations

import datetime as dt
import posixpath

from ..safety import media
from ..safety.pii import find_pii
from .inventory import ASSETS_DIR, CAPTION_SUFFIXES, DOCUMENT_SUFFIXES, IMAGE_SUFFIXES, VIDEO_SUFFIXES, asset_path

ADVOCACY_TYPES = ("ally", "event", "statement", "document")


def _date(value):
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def organization_name(org: dict, lang: str, default: str) -> str:
    names = org.get("name") or {}
    return names.get(lang) or names.get(default) or org.get("slug", "")


def fill_ally_names(record, registries, default: str) -> None:
    """An ally that is a partner organisation shows the registry's name in each language
    (read once here, so pages, feeds and exports all say the same)."""
    org = registries.organizations.get(record.meta.get("organization"))
    if record.type != "ally" or org is None:
        return
    for version in record.versions.values():
        if not version.meta.get("title"):
            version.meta["title"] = organization_name(org, version.lang, default)


def check_advocacy(record, by_slug, registries, settings, report, assets) -> None:
    meta = record.meta
    rtype = record.type
    if rtype == "commitment":
        _targets(meta, "events", "event", by_slug, report)
        _targets(meta, "documents", "document", by_slug, report)
        return
    if rtype not in ADVOCACY_TYPES:
        return
    if rtype == "ally":
        _check_ally(record, registries, report)
    else:
        for version in record.versions.values():
            if not version.meta.get("title"):
                report(("title",), "is missing; it is required", "add 'title: ...' with a short human title", version)
    if rtype in ("ally", "statement"):
        _check_person(meta, report)
    if rtype == "event":
        start, end = _date(meta.get("date")), _date(meta.get("end"))
        if start and end and end < start:
            report(("end",), "is before the event's date", "give the last day of the event, on or after 'date'")
    if rtype == "statement":
        event = meta.get("event")
        if isinstance(event, str) and (event not in by_slug or by_slug[event].type != "event"):
            report(("event",), f"no event has the slug '{event}'",
                   "use the file name (without .md) of a record in content/events/, or remove the line")
        if meta.get("video") and meta.get("video_url"):
            report(("video_url",), "is given together with a video the site serves itself",
                   "keep one: the video file (video:) or the address on another site (video_url:)")
        _check_video(record, report, assets, settings)
    if rtype == "document":
        _check_files(record, report, assets)


def _targets(meta, field, rtype, by_slug, report):
    for i, slug in enumerate(meta.get(field) or [] if isinstance(meta.get(field), list) else []):
        if isinstance(slug, str) and (slug not in by_slug or by_slug[slug].type != rtype):
            report((field, i), f"no {rtype} has the slug '{slug}'",
                   f"use the file name (without .md) of a record in content/{'events' if rtype == 'event' else 'documents'}/")


def _check_ally(record, registries, report):
    meta = record.meta
    slug = meta.get("organization")
    if isinstance(slug, str) and registries.organizations and slug not in registries.organizations:
        report(("organization",), f"unknown organisation '{slug}'",
               "use an organisation slug from content/_data/organizations.yml, or add the organisation there")
    for version in record.versions.values():
        if slug and version.meta.get("title"):
            report(("title",), "is typed here although the ally is an organisation of organizations.yml",
                   "remove the title line: the name (and contacts) come from content/_data/organizations.yml, "
                   "so they are never typed twice", version)
        elif not slug and not version.meta.get("title"):
            report(("title",), "is missing; it is required when no organization is given",
                   "add 'title: ...' with the ally's name, or 'organization: <slug>' for a partner organisation", version)
    if meta.get("ally_kind") == "partner-organisation" and not slug:
        report(("organization",), "is missing; a partner organisation is listed in organizations.yml",
               "add 'organization: <slug>' with its slug from content/_data/organizations.yml")
    if slug and meta.get("website"):
        report(("website",), "is typed here although it comes from organizations.yml",
               "remove the website line: the organisation's website is in content/_data/organizations.yml")
    if slug and meta.get("individual"):
        report(("individual",), "an organisation is not a named individual", "remove 'individual: true'")


def _check_person(meta, report):
    """A named person only with recorded consent, like a story (never a private person)."""
    if not meta.get("individual") or meta.get("status") != "published":
        return
    consent = meta.get("consent")
    if not isinstance(consent, dict):
        report(("consent",), "is missing; a named person is published only with recorded consent",
               "add consent: {reference: <the offline consent id>, date: YYYY-MM-DD}, or name a role instead "
               "of the person and remove 'individual: true'")
        return
    given, published = _date(consent.get("date")), _date(meta.get("published"))
    if given and published and given > published:
        report(("consent", "date"), "is after the publication date", "consent must be given before publishing")


def _use(assets, target, user, how) -> bool:
    if target in assets:
        assets[target].append((user, how))
        return True
    return False


def _check_files(record, report, assets):
    files = record.meta.get("files")
    if not isinstance(files, list):
        return
    seen = set()
    for i, item in enumerate(files):
        if not isinstance(item, dict) or not isinstance(item.get("src"), str):
            continue
        src, lang = item["src"], item.get("lang")
        if lang in seen:
            report(("files", i, "lang"), f"a second file in '{lang}'", "list one PDF per language")
        seen.add(lang)
        target = asset_path(src)
        if target is None:
            report(("files", i, "src"), f"'{src[:80]}' points outside content/{ASSETS_DIR}/",
                   f"give the file name inside content/{ASSETS_DIR}/, e.g. src: documents/plan.en.pdf")
        elif posixpath.splitext(target)[1].lower() not in DOCUMENT_SUFFIXES or not _use(
                assets, target, record.original.path, "file"):
            report(("files", i, "src"), f"content/{target} is not a PDF the site can publish",
                   f"put the PDF at content/{target} (a Word or LibreOffice file: File > Save as > PDF), "
                   "or correct the file name")


def _check_video(record, report, assets, settings):
    video = record.meta.get("video")
    if not isinstance(video, dict):
        return
    user = record.original.path
    parts = [(("video", "src"), video.get("src"), VIDEO_SUFFIXES, "video", "an MP4 video"),
             (("video", "poster"), video.get("poster"), IMAGE_SUFFIXES, "poster", "a JPEG or PNG image")]
    captions = video.get("captions") if isinstance(video.get("captions"), list) else []
    langs = set()
    for i, item in enumerate(captions):
        if isinstance(item, dict):
            parts.append((("video", "captions", i, "src"), item.get("src"), CAPTION_SUFFIXES, "captions",
                          "a WebVTT captions file (.vtt)"))
            if item.get("lang") in langs:
                report(("video", "captions", i, "lang"), f"a second captions file in '{item.get('lang')}'",
                       "list one captions file per language")
            langs.add(item.get("lang"))
    for path, src, suffixes, how, what in parts:
        if not isinstance(src, str) or not src:
            continue
        target = asset_path(src)
        if target is None:
            report(path, f"'{src[:80]}' points outside content/{ASSETS_DIR}/",
                   f"give the file name inside content/{ASSETS_DIR}/")
            continue
        if posixpath.splitext(target)[1].lower() not in suffixes or not _use(assets, target, user, how):
            hint = {"video": "convert it to MP4 (H.264), e.g. with HandBrake, and put it in content/assets/",
                    "captions": "convert subtitles (.srt) to WebVTT, e.g. with Subtitle Edit, and put the .vtt "
                                "file in content/assets/",
                    "poster": "put a JPEG or PNG image in content/assets/"}[how]
            report(path, f"content/{target} is not {what} the site can publish", hint)
            continue
        if how == "captions" and settings.content_dir:
            _check_captions(record, path, target, settings, report)


def _check_captions(record, path, target, settings, report):
    """Caption words reach readers as any text does: the same personal-data check."""
    try:
        with open(posixpath.join(settings.content_dir, target), "rb") as handle:
            text = media.captions_text(handle.read())
    except (OSError, media.MediaError) as exc:
        report(path, str(exc), "fix the captions file")
        return
    review = record.meta.get("review") if isinstance(record.meta.get("review"), dict) else {}
    allowed = set(review.get("pii_allow") or [])
    for finding in find_pii(media.cue_text(text)):
        if finding.text not in allowed:
            report(path, f"the captions hold a probable {finding.kind}: '{finding.text}'",
                   "remove it from the captions (and the video's words if it is said), or if two reviewers "
                   "confirmed it is safe, add the exact text under review.pii_allow")
