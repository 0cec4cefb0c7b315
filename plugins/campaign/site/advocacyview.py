"""What the pages of allies, events, statements and documents add to a record page.

Facts (kind, place, dates, participants, speaker), an ally's organisation with its
contacts from organizations.yml (never typed twice), a recognition, the files of a
document with their language and size, a statement's video served by the site
itself (captions per language, a poster, never autoplay) or a plain link to a video
on another site with a note that it leaves the site (never embedded: SPEC 5.4),
and the records linked to this one grouped by type (an event's commitments,
statements and documents). Plain data in the reader's language.
"""
from __future__ import annotations

from babel import Locale
from babel.units import format_unit

from ..safety import documents, media
from . import aggregate, helpdirectory

ADVOCACY = ("ally", "event", "statement", "document")


def facts(record, ctx, published, row) -> None:
    """Rows of the facts panel of an advocacy record, added with `row(label, values)`."""
    loc = ctx.loc
    _ = loc.gettext
    meta = record.meta
    vmeta = record.version_for(ctx.lang).meta
    registries = published.registries
    if record.type == "ally":
        row(_("Kind of ally"), ctx.term_links(registries, meta, "ally_kind", "ally-kind"))
        row(_("Role"), vmeta.get("role"))
        if meta.get("joined"):
            row(_("Working with the campaign since"), loc.date(meta["joined"]))
    elif record.type == "event":
        row(_("Kind of event"), ctx.term_links(registries, meta, "event_type", "event-type"))
        when = loc.date(meta["date"]) + (" – " + loc.date(meta["end"]) if meta.get("end") else "")
        row(_("Date"), when)
        if meta.get("online"):
            row(_("Where"), [_("Online")])
        row(loc.taxonomy_name("participant"), ctx.term_links(registries, meta, "participants", "participant"))
    elif record.type == "statement":
        row(_("Speaker"), vmeta.get("speaker"))
        row(_("Speaker's role"), vmeta.get("speaker_role"))
        row(_("Date"), loc.date(meta["date"]))
        event = published.records.get(meta.get("event"))
        if event is not None:
            link = record_link(event, ctx)
            row(_("Event"), [{"label": link["title"], "path": link["url"]}])
    elif record.type == "document":
        row(_("Kind of document"), ctx.term_links(registries, meta, "document_type", "document-type"))
        row(_("Date"), loc.date(meta["date"]))


def record_link(record, ctx):
    from .recordview import record_link as link  # recordview imports this module

    return link(record, ctx)


def file_size(published, rel: str, data_of) -> int:
    """Bytes of the file as readers download it (cleaned); the stage already knows it."""
    return published.memo(("asset-bytes", rel), lambda: len(data_of()))


def human_size(size: int, lang: str) -> str:
    locale = Locale.parse(lang)
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=locale)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=locale)


def _language_name(code: str, lang: str) -> str:
    try:
        return Locale.parse(lang).languages.get(code, code)
    except (ValueError, TypeError):
        return code


def view(record, published, ctx) -> dict:
    """What an advocacy record's page shows besides its facts and body."""
    out = {"organization": None, "website": None, "recognition": None, "files": [], "video": None,
           "video_url": None, "linked": []}
    if record.type not in ADVOCACY and record.type != "commitment":
        return out
    loc = ctx.loc
    meta = record.meta
    vmeta = record.version_for(ctx.lang).meta
    content_dir = published.settings.content_dir
    if record.type == "ally":
        org = published.registries.organizations.get(meta.get("organization"))
        out["organization"] = helpdirectory.organization(org, loc) if org else None
        out["website"] = meta.get("website")
        recognised = meta.get("recognised")
        if isinstance(recognised, dict):
            out["recognition"] = {"date": loc.date(recognised["date"]),
                                  "reason": (vmeta.get("recognised") or recognised).get("reason", "")}
    if record.type == "document":
        files = []
        for item in meta.get("files") or []:
            rel = "assets/" + item["src"]
            size = file_size(published, rel, lambda rel=rel: documents.clean(_read(content_dir, rel)))
            files.append({"path": rel, "lang": item["lang"], "label": _language_name(item["lang"], item["lang"]).capitalize(),
                          "size": human_size(size, ctx.lang)})
        out["files"] = files
    if record.type == "statement":
        video = meta.get("video")
        if isinstance(video, dict):
            tracks = [{"path": "assets/" + c["src"], "lang": c["lang"],
                       "label": _language_name(c["lang"], c["lang"]).capitalize(),
                       "default": c["lang"] == ctx.lang} for c in video.get("captions") or []]
            if tracks and not any(t["default"] for t in tracks):
                tracks[0]["default"] = True
            rel = "assets/" + video["src"]
            size = file_size(published, rel, lambda rel=rel: media.clean(_read(content_dir, rel)))
            out["video"] = {"path": rel, "poster": "assets/" + video["poster"], "tracks": tracks,
                            "size": human_size(size, ctx.lang)}
        if meta.get("video_url"):
            out["video_url"] = meta["video_url"]
    # the records linked to this one, by type: what an event produced, where a commitment was made
    groups = []
    for rtype, label in (("commitment", loc.gettext("Commitments")), ("statement", loc.gettext("Statements")),
                         ("document", loc.gettext("Documents")), ("event", loc.gettext("Events"))):
        linked = [r for r in published.related(record.slug) if r.type == rtype]
        if linked and rtype != record.type:
            groups.append({"type": rtype, "title": label,
                           "items": [record_link(r, ctx) for r in aggregate.newest_first(linked)]})
    out["linked"] = groups
    return out


def _read(content_dir, rel: str) -> bytes:
    from ..safety.images import asset_path

    return asset_path(content_dir, rel.split("/", 1)[1]).read_bytes()
