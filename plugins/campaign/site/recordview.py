"""What a record page shows, as plain data in the reader's language.

The view never contains sensitive fields (intersections, age group: SPEC 5.3)
and only links to records that passed the gate. Templates turn it into HTML.
"""
from __future__ import annotations

from ..content.registries import HELP_SERVICES
from ..l10n.localize import Localizer
from . import advocacyview, helpdirectory


def type_label(_, rtype):
    return {"story": _("Story"), "solution": _("Solution"), "success": _("Success story"),
            "commitment": _("Commitment"), "ally": _("Ally"), "event": _("Event"), "statement": _("Statement"),
            "document": _("Document")}[rtype]


def stage_label(_, stage):
    return {"piloted": _("Piloted"), "implemented": _("Implemented"), "scaled": _("Scaled")}.get(stage, stage)


def evidence_label(_, kind):
    return {"report": _("Report"), "court-decision": _("Court decision"), "media": _("Media"),
            "data": _("Data"), "policy": _("Policy")}.get(kind, kind)


def _terms(loc: Localizer, meta, field, taxonomy):
    values = meta.get(field) or []
    values = values if isinstance(values, list) else [values]
    return [loc.term(taxonomy, v) for v in values]



def place(loc: Localizer, meta) -> dict:
    code = loc.country_of(meta)
    return {
        "city": loc.city(meta["city"]) if meta.get("city") else None,
        "country": loc.country(code) if code else None,
        "regional": meta.get("scope") == "regional",
    }


def record_link(record, ctx):
    """Link data for a record in the context's language, or in the first language it exists in, with its badge."""
    lang = ctx.lang
    version = record.version_for(lang)
    return {
        "url": record.url(version.lang, ctx.default),
        "title": version.meta.get("title", record.slug),
        "lang": version.lang,
        "other_language": version.lang != lang,
        "type": record.type,
        "type_label": type_label(ctx.gettext, record.type),
    }


def facts(record, ctx, published) -> list[dict]:
    """Rows of the facts panel: {label, values}, in the reader's language."""
    lang, loc = ctx.lang, ctx.loc
    meta = record.meta
    rows = []
    _ = loc.gettext

    def row(label, values):
        values = [v for v in (values if isinstance(values, list) else [values]) if v]
        if values:
            rows.append({"label": label, "values": values})

    where = place(loc, meta)
    registries = published.registries
    if where["regional"]:
        row(_("Where"), [_("Regional")])
    if where["city"]:
        row(_("City"), [{"label": where["city"], "path": ctx.path(f"cities/{meta['city']}/")}])
    if where["country"]:
        row(_("Country"), [{"label": where["country"], "path": ctx.path(f"countries/{loc.country_of(meta)}/")}])
    if record.type == "story":
        row(_("When it happened"), loc.partial_date(meta["incident_date"]))
        for field, taxonomy in (("violations", "violation"), ("perpetrators", "perpetrator"),
                                ("responses", "response")):
            row(loc.taxonomy_name(taxonomy), ctx.term_links(registries, meta, field, taxonomy))
        row(_("Documented by"), loc.organization(meta.get("documented_by")))
    elif record.type == "solution":
        row(loc.taxonomy_name("solution-type"), _terms(loc, meta, "solution_types", "solution-type"))
        row(_("Responds to"), _terms(loc, meta, "addresses", "violation"))
        row(_("Stage"), stage_label(_, meta.get("stage")))
        row(_("Partners"), [loc.organization(s) for s in meta.get("partners") or []])
    elif record.type == "success":
        row(loc.taxonomy_name("success-type"), _terms(loc, meta, "success_types", "success-type"))
        row(_("Partners"), [loc.organization(s) for s in meta.get("partners") or []])
    elif record.type == "commitment":
        row(_("Made by"), record.version_for(lang).meta.get("made_by"))
        row(_("Made on"), loc.date(meta["made_on"]))
        row(_("Status"), loc.term("commitment-status", meta["commitment_status"]))
    else:
        advocacyview.facts(record, ctx, published, row)
    if meta.get("published"):
        row(_("Published"), loc.date(meta["published"]))
    return rows


def view(record, published, ctx, images=None) -> dict:
    lang, loc = ctx.lang, ctx.loc
    _ = loc.gettext
    version = record.version_for(lang)
    meta = record.meta
    vmeta = version.meta
    commitment = None
    if record.type == "success" and meta.get("commitment") in published.records:
        commitment = record_link(published.records[meta["commitment"]], ctx)
    advocacy = advocacyview.view(record, published, ctx)
    grouped = {item["url"] for group in advocacy.get("linked", []) for item in group["items"]}
    return {
        **advocacy,
        "type": record.type,
        "type_label": type_label(_, record.type),
        "summary": vmeta.get("summary", ""),
        "pull_quote": vmeta.get("pull_quote", "") if record.type == "story" else "",
        "facts": facts(record, ctx, published),
        "content_notes": _terms(loc, meta, "content_notes", "content-note"),
        "evidence": [
            {"title": item.get("title"), "url": item.get("url"), "file": item.get("file"),
             "kind": evidence_label(_, item.get("kind"))}
            for item in vmeta.get("evidence") or []
        ],
        "updates": [
            {"date": loc.date(u["date"]), "status": loc.term("commitment-status", u["status"]),
             "note": u.get("note"), "evidence": u.get("evidence")}
            for u in vmeta.get("updates") or []
        ],
        # a success story's officials (a list); an ally's recognition is advocacy.recognition
        "recognised": vmeta.get("recognised") if isinstance(vmeta.get("recognised"), list) else [],
        "commitment": commitment,
        # what advocacy.linked already shows by type is not listed again
        "related": [link for link in (record_link(r, ctx) for r in published.related(record.slug))
                    if link["url"] not in grouped],
        **further_stories(record, published, ctx),
        "help": help_box(loc, meta),
        "languages": record.languages,
        "images": [
            {"alt": image.get("alt", ""), "variants": [(v.path, v.width) for v in (images or {}).get(image["src"], [])]}
            for image in vmeta.get("images") or []
        ],
    }


MORE = 3  # stories offered at the end of a story, in each of its two lists


def further_stories(record, published, ctx) -> dict:
    """Where a reader goes on from a story: newest others from its city, then others that
    report the most of the same violations (no story in both lists)."""
    if record.type != "story":
        return {"same_city": [], "similar": []}
    city, similar = published.memo("further-stories", lambda: _further_index(published))[record.slug]
    return {"same_city": [record_link(r, ctx) for r in city], "similar": [record_link(r, ctx) for r in similar],
            "city_name": ctx.loc.city(record.meta["city"]) if record.meta.get("city") else "",
            "city_path": ctx.path(f"cities/{record.meta['city']}/") if record.meta.get("city") else ""}


def _further_index(published) -> dict:
    """slug -> (same city, similar) for every story, once per build and for every language.

    Stories are ordered newest incident first (then slug, descending). "Similar" ranks the
    others by how many violations they share, then by that order. Stories with the same set
    of violations score alike, so each story is compared with the few distinct sets, not
    with every other story (which was quadratic: most of a 2,000-story build)."""
    stories = sorted(published.of_type("story"), key=lambda r: (str(r.meta.get("incident_date")), r.slug),
                     reverse=True)
    rank = {r.slug: i for i, r in enumerate(stories)}
    by_city, by_set = {}, {}
    for r in stories:
        by_city.setdefault(r.meta.get("city"), []).append(r)
        by_set.setdefault(frozenset(r.meta.get("violations") or []), []).append(r)
    index = {}
    for r in stories:
        city = [o for o in by_city[r.meta.get("city")][:MORE + 1] if o.slug != r.slug][:MORE]
        skip = {r.slug, *(o.slug for o in city)}
        mine = frozenset(r.meta.get("violations") or [])
        levels = {}
        for violations, members in by_set.items():
            shared = len(mine & violations)
            if shared:
                # at most len(skip) of a set's first members are skipped
                levels.setdefault(shared, []).extend(members[:len(skip) + MORE])
        similar = []
        for shared in sorted(levels, reverse=True):
            similar += [o for o in sorted(levels[shared], key=lambda o: rank[o.slug]) if o.slug not in skip]
            if len(similar) >= MORE:
                break
        index[r.slug] = (city, similar[:MORE])
    return index


def help_box(loc: Localizer, meta) -> dict | None:
    """Organisations offering help where the record happened, with how to report."""
    city = meta.get("city")
    country = loc.country_of(meta)
    # the same box on every record of a place: made once per language (the registries never change)
    boxes = loc.__dict__.setdefault("_help_boxes", {})
    if (city, country) not in boxes:
        boxes[(city, country)] = _help_box(loc, city, country)
    return boxes[(city, country)]


def _help_box(loc: Localizer, city, country) -> dict | None:
    registries = loc.registries
    orgs = registries.organizations_in(city=city) if city else registries.organizations_in(country=country)
    orgs = [o for o in orgs if set(o.get("services") or []) & set(HELP_SERVICES)]
    if not orgs and not country:
        return None
    country_entry = registries.countries.get(country, {}) if country else {}
    return {
        "place": loc.city(city) if city else (loc.country(country) if country else ""),
        "country_help": loc.text(country_entry.get("help") or {}),
        "organizations": [helpdirectory.organization(o, loc) for o in orgs],
        # the help directory, at this city (or country): every "Get help" leads there
        "directory": helpdirectory.help_path(loc.lang, loc.default_language),
        "anchor": helpdirectory.anchor({"city": city, "country": country}, registries),
    }
