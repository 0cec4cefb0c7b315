"""Checks of one record against the registries and the other records.

The schema says what shape a field has; these checks say whether its value
makes sense here: the city exists, terms belong to their taxonomy, consent and
review are complete, related records exist, a commitment's status follows its
updates. Values shared by all translations are checked on the original.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re

from ..safety import documents, images, media
from ..safety.dates import find_day_dates
from ..safety.pii import find_pii
from ..safety.sanitize import raw_html_problems
from .advocacy import check_advocacy
from .allowlist import allowed_entries
from .imported import check_imported
from .inventory import ASSETS_DIR, CAPTION_SUFFIXES, DOCUMENT_SUFFIXES, IMAGE_SUFFIXES, VIDEO_SUFFIXES, asset_path
from .placeholders import check_placeholders
from .problems import shown_path
from .references import references, resolve
from .registries import TERM_FIELDS
from .reviewers import check_reviewers


def _date(value):
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def check_record(record, by_slug, registries, settings, problems, assets=None) -> None:
    """Every check of one record; `assets` (path in content/ -> users) learns what its files use."""
    assets = {} if assets is None else assets
    published = any(v.meta.get("status") == "published" for v in record.versions.values())
    severity = "error" if published else "note"
    version = record.original
    meta = version.meta

    def report(path, message, hint, where=version):
        problems.add(where.path, where.doc.line_of(path), ".".join(str(p) for p in path), message, hint, severity)

    # places
    city = meta.get("city")
    if isinstance(city, str) and registries.cities and city not in registries.cities:
        report(("city",), f"unknown city '{city}'",
               "use a city slug from content/_data/places.yml (e.g. " + ", ".join(list(registries.cities)[:4]) + "), or add the city there")
    country = meta.get("country")
    if isinstance(country, str) and registries.countries and country not in registries.countries:
        report(("country",), f"unknown country '{country}'", "use a country code from content/_data/places.yml")
    if isinstance(city, str) and city in registries.cities and isinstance(country, str):
        if registries.cities[city]["country"] != country:
            report(("country",), f"'{country}' is not the country of {city} ('{registries.cities[city]['country']}')",
                   "remove the country line: it is taken from the city")
    if record.type != "story":
        scope = meta.get("scope")
        if scope == "regional" and (city or country):
            report(("scope",), "is regional but a city or country is also given", "remove city/country, or change scope")
        elif scope == "city" and not city:
            report(("city",), "is missing; it is required when scope is city", "add 'city: <slug>'")
        elif scope == "country" and not country:
            report(("country",), "is missing; it is required when scope is country", "add 'country: <code>'")
        elif scope is None and not (city or country):
            report(("city",), "no place is given", "add 'city: <slug>', 'country: <code>' or 'scope: regional'")

    # taxonomy terms
    for fname, taxonomy in TERM_FIELDS[record.type].items():
        values = meta.get(fname)
        if values is None:
            continue
        items = values if isinstance(values, list) else [values]
        tax = registries.taxonomies.get(taxonomy)
        if not tax:
            continue
        for i, term in enumerate(items):
            if isinstance(term, str) and term not in tax.terms:
                path = (fname, i) if isinstance(values, list) else (fname,)
                report(path, f"unknown term '{term}' of the taxonomy '{taxonomy}'",
                       "use one of: " + ", ".join(tax.terms) + " (or add the term to content/_data/taxonomies.yml)")

    # organisations
    orgs = registries.organizations
    refs = []
    if isinstance(meta.get("documented_by"), str):
        refs.append((("documented_by",), meta["documented_by"]))
    for i, slug in enumerate(meta.get("partners") or []):
        refs.append((("partners", i), slug))
    for path, slug in refs:
        if isinstance(slug, str) and orgs and slug not in orgs:
            report(path, f"unknown organisation '{slug}'", "use an organisation slug from content/_data/organizations.yml")

    # links to other records
    for i, slug in enumerate(meta.get("related") or []):
        if slug == record.slug:
            report(("related", i), "the record is related to itself", "remove its own slug from related")
        elif isinstance(slug, str) and slug not in by_slug:
            report(("related", i), f"no record has the slug '{slug}'",
                   "check the spelling against the file names in content/; a slug is the file name without .md")
    for i, alias in enumerate(meta.get("aliases") or []):
        if alias in by_slug:
            report(("aliases", i), f"'{alias}' is the slug of an existing record", "an alias must be an old, unused slug")
    if record.type == "success" and isinstance(meta.get("commitment"), str):
        target = by_slug.get(meta["commitment"])
        if target is None or target.type != "commitment":
            report(("commitment",), f"no commitment has the slug '{meta['commitment']}'",
                   "use the file name (without .md) of a record in content/commitments/")

    check_placeholders(record, problems)  # an error from review on, whatever the record's other problems
    check_imported(record, getattr(settings, "fingerprints", None), problems)  # what the importer left to do
    # consent, review
    _check_review(record, meta, report, settings)
    check_reviewers(meta, registries.reviewers, report)
    if record.type == "story":
        _check_consent(record, meta, report)
    if record.type == "commitment":
        _check_updates(meta, report)
    _check_images(record, report, settings, assets)
    _check_evidence_files(record, report, assets)
    check_advocacy(record, by_slug, registries, settings, report, assets)  # allies, events, statements, documents
    # pii_allow is itself checked: it never clears her own details (content.allowlist)
    allowed = allowed_entries(record, registries, getattr(settings, "fingerprints", None), report)
    for each in record.versions.values():
        _check_body(each, problems, severity)
        _check_pull_quote(each, problems, severity)
        _check_references(each.source, each.path, each.doc, problems, severity, assets)
        _check_personal_data(each, allowed, registries.public_numbers, problems, severity,
                             story=record.type == "story", cache=getattr(settings, "cache", None))


def check_page(page, problems, assets) -> None:
    """A fixed page is always published: its raw HTML and references are errors, as in a published record."""
    for line, snippet, why in raw_html_problems(page.doc.body, page=True):
        problems.add(page.path, page.doc.body_line + line - 1, "body", f"{snippet}: {why}",
                     "remove it: write the text in plain Markdown (no scripts, frames, styles or event handlers)")
    _check_references(page.rel, page.path, page.doc, problems, "error", assets)


def _check_references(source, shown, doc, problems, severity, assets) -> None:
    """Addresses in a body: nothing embedded from another host, no path out of content/, assets that exist."""
    for ref in references(doc.body):
        line = doc.body_line + ref.line - 1
        target, why = resolve(source, ref.target)
        if why:
            problems.add(shown, line, "body", f"'{ref.target[:80]}' {why}",
                         "refer to files inside content/ with a relative path, e.g. ../assets/photo.jpg", severity)
        elif target is None and ref.embedded and ref.target and not ref.target.startswith("#"):
            problems.add(shown, line, "body", f"'{ref.target[:80]}' would be loaded from another site when the page "
                         "is read: readers' browsers must contact no other host",
                         "put the image in content/assets/ and refer to it as ../assets/name.jpg, or link to it "
                         "with an ordinary link instead", severity)
        elif target is not None and target.split("/", 1)[0] == ASSETS_DIR:
            if target in assets:
                assets[target].append((shown, "body"))
            else:
                problems.add(shown, line, "body", f"content/{target} is not an image the site can publish",
                             "put a JPEG or PNG image at that path in content/assets/, or correct the address",
                             severity)


PII_KINDS = {"phone": "phone number", "email": "e-mail address", "social": "social-media profile",
             "id-number": "identity-document number", "address": "street address", "date": "day-precise date"}


def _text_fields(meta):
    """(field path, text) of every free-text value in a version's front matter."""
    for key in ("title", "summary", "made_by", "pull_quote", "role", "speaker", "speaker_role"):
        if isinstance(meta.get(key), str):
            yield (key,), meta[key]
    if isinstance(meta.get("recognised"), dict) and isinstance(meta["recognised"].get("reason"), str):
        yield ("recognised", "reason"), meta["recognised"]["reason"]
    for key, subkeys in (("evidence", ("title",)), ("updates", ("note",)), ("recognised", ("role", "institution")),
                         ("images", ("alt",))):
        for i, item in enumerate(meta.get(key) or [] if isinstance(meta.get(key), list) else []):
            if isinstance(item, dict):
                for sub in subkeys:
                    if isinstance(item.get(sub), str):
                        yield (key, i, sub), item[sub]


def _check_personal_data(version, allowed, public_numbers, problems, severity, story=False, cache=None):
    """Probable personal data (SPEC 5.2), unless a reviewer listed the exact string in review.pii_allow.

    A phone number is also accepted when it is an organisation's public number from
    organizations.yml (`public_numbers`, digits only): quoting a hotline identifies nobody.
    Any other number still fails, wherever it stands."""
    # in a testimony a day-precise date identifies too (safety.dates)
    # the scanners' raw results may come from the content cache (same text, same engine); what each
    # finding means here (pii_allow, public numbers) is decided again below at every build
    pii, dates = (cache.pii, cache.day_dates) if cache is not None else (find_pii, find_day_dates)
    find = (lambda text: pii(text) + dates(text)) if story else pii
    found = [(version.doc.body_line + f.line - 1, "body", f) for f in find(version.body)]
    for path, text in _text_fields(version.meta):
        found += [(version.doc.line_of(path), ".".join(str(p) for p in path), f) for f in find(text)]
    for line, field, finding in found:
        if finding.text in allowed:
            continue
        if finding.kind in ("phone", "id-number") and _digits(finding.text) in public_numbers:
            continue
        if story and finding.kind in ("phone", "email", "social"):
            # in a testimony a contact is hers unless a partner publishes it (content.allowlist)
            hint = ("remove it or replace it with a general description; only a partner organisation's public "
                    "contact listed in content/_data/organizations.yml can be allowed, under review.pii_allow")
        elif finding.kind == "date":
            hint = ("give only the month and year (\"in December 2015\") or a time without a date (\"one winter "
                    "morning\"): the exact day can show who she is; if it is a public day everyone knows (e.g. "
                    "8 March) and two reviewers agree, add the exact text under review.pii_allow")
        elif finding.kind == "id-number":
            hint = "remove it: an identity-document number can never be published"
        else:
            hint = ("remove it or replace it with a general description; if two reviewers confirmed it is safe "
                    "(e.g. a public hotline), add the exact text under review.pii_allow")
        problems.add(version.path, line, field, f"probable {PII_KINDS.get(finding.kind, finding.kind)}: '{finding.text}'",
                     hint, severity)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _check_body(version, problems, severity):
    """Raw HTML the sanitiser would remove, reported where it stands in the file."""
    for line, snippet, why in raw_html_problems(version.body):
        problems.add(version.path, version.doc.body_line + line - 1, "body", f"{snippet}: {why}",
                     "remove it: write the text in plain Markdown (no scripts, frames, styles or event handlers)",
                     severity)


def _plain(text: str) -> str:
    """Text as a reader sees it, for comparing: Markdown emphasis marks dropped, spaces and line
    breaks as single spaces, typographic apostrophes as plain ones."""
    text = re.sub(r"[*_]", "", text).replace("\u2019", "'")
    return " ".join(text.split())


def _check_pull_quote(version, problems, severity):
    """A pull quote repeats her own words: it must be a sentence of this version's text, word for
    word, or the page would put words in her mouth (a translation quotes its own text)."""
    quote = version.meta.get("pull_quote")
    if not isinstance(quote, str) or not quote.strip():
        return
    if _plain(quote) not in _plain(version.body):
        problems.add(version.path, version.doc.line_of(("pull_quote",)), "pull_quote",
                     "is not in the text of the story: a pull quote must be her words exactly as they stand below "
                     "the front matter",
                     "copy a short sentence from the text of this file into pull_quote without changing a word, "
                     "or remove the pull_quote line", severity)
    for _line, snippet, why in raw_html_problems(quote):
        problems.add(version.path, version.doc.line_of(("pull_quote",)), "pull_quote", f"{snippet}: {why}",
                     "write the pull quote as plain text", severity)


def _check_review(record, meta, report, settings):
    review = meta.get("review")
    if not isinstance(review, dict) or not isinstance(review.get("by"), list):
        return
    handles = [h for h in review["by"] if isinstance(h, str)]
    if len(set(handles)) < settings.min_reviewers:
        report(("review", "by"), f"has {len(set(handles))} distinct reviewer(s); at least {settings.min_reviewers} are needed",
               f"ask {settings.min_reviewers - len(set(handles))} more editor(s) to review and add their handles")
    documenter = meta.get("documented_by")
    if documenter and documenter in handles:
        report(("review", "by"), f"the reviewer '{documenter}' is the documenting organisation",
               "a record must be reviewed by someone other than who documented it")
    published, reviewed = _date(meta.get("published")), _date(review.get("date"))
    if published and reviewed and reviewed > published:
        report(("review", "date"), "is after the publication date",
               "a record can only be published after it was reviewed; check both dates")


def _check_consent(record, meta, report):
    consent = meta.get("consent")
    if not isinstance(consent, dict):
        return
    scope = consent.get("scope") if isinstance(consent.get("scope"), list) else []
    if meta.get("status") == "published":
        if "text" not in scope:
            report(("consent", "scope"), "does not include 'text'",
                   "the story can only be published if the person agreed to publishing the text")
        if "city" not in scope:
            report(("consent", "scope"), "does not include 'city'",
                   "story pages name the city; publish only if the person agreed, or keep it as a draft")
        if len(record.versions) > 1 and "translation" not in scope:
            extra = ", ".join(v.path for v in list(record.versions.values())[1:])
            report(("consent", "scope"), f"does not include 'translation' but translations exist ({extra})",
                   "remove the translations or record the person's consent to translation")
    given, published = _date(consent.get("date")), _date(meta.get("published"))
    if given and published and given > published:
        report(("consent", "date"), "is after the publication date", "consent must be given before publishing")


def _check_updates(meta, report):
    updates = meta.get("updates")
    if not isinstance(updates, list) or not updates:
        return
    dates = [_date(u.get("date")) for u in updates if isinstance(u, dict)]
    if all(dates) and dates != sorted(dates):
        report(("updates",), "are not in date order", "list the updates from the oldest to the newest")
    newest = max((u for u in updates if isinstance(u, dict) and _date(u.get("date"))),
                 key=lambda u: _date(u["date"]), default=None)
    if newest and meta.get("commitment_status") and newest.get("status") != meta["commitment_status"]:
        report(("commitment_status",),
               f"'{meta['commitment_status']}' differs from the newest update's status '{newest.get('status')}'",
               "the newest update decides the status: make both the same")


def _check_images(record, report, settings, assets):
    meta = record.meta
    images = meta.get("images")
    if not isinstance(images, list) or not images:
        return
    consent = meta.get("consent")
    scope = consent.get("scope") if isinstance(consent, dict) and isinstance(consent.get("scope"), list) else []
    if record.type == "story" and "photos" not in scope:
        report(("images",), "the record has images but the consent scope lacks 'photos'",
               "remove the images or record the person's consent to photos in consent.scope")
    for i, image in enumerate(images):
        src = image.get("src") if isinstance(image, dict) else None
        if not isinstance(src, str) or not src:
            continue
        target = asset_path(src)
        if target is None:
            report(("images", i, "src"), f"'{src[:80]}' points outside content/{ASSETS_DIR}/",
                   f"give the file name inside content/{ASSETS_DIR}/, e.g. src: photo.jpg")
        elif target in assets and posixpath.splitext(target)[1].lower() in IMAGE_SUFFIXES:
            assets[target].append((record.original.path, "images"))
        else:
            report(("images", i, "src"), f"content/{target} is not an image the site can publish",
                   f"put a JPEG or PNG image in content/{ASSETS_DIR}/ or correct the file name")


def _check_evidence_files(record, report, assets):
    for i, item in enumerate(record.meta.get("evidence") or [] if isinstance(record.meta.get("evidence"), list) else []):
        src = item.get("file") if isinstance(item, dict) else None
        if not isinstance(src, str) or not src:
            continue
        target = asset_path(src)
        if target is None:
            report(("evidence", i, "file"), f"'{src[:80]}' points outside content/{ASSETS_DIR}/",
                   f"give the file name inside content/{ASSETS_DIR}/, e.g. file: report.pdf")
        elif target in assets:
            assets[target].append((record.original.path, "evidence"))
        else:
            report(("evidence", i, "file"), f"content/{target} is not a document the site can publish",
                   f"put the PDF in content/{ASSETS_DIR}/ or correct the file name; or give its address as url")


def check_unused_assets(assets, content_dir, root, problems) -> None:
    """An asset no record or page uses is never published: say so, it may be a draft's evidence."""
    for rel, users in sorted(assets.items()):
        shown = shown_path(content_dir / rel, root)
        if not users:
            problems.add(shown, 0, "-", "no record or page uses this file, so it is never published",
                         "delete it, or refer to it from a record ('images:' or the text); keep files of "
                         "unpublished work outside content/")
            continue
        try:
            data = (content_dir / rel).read_bytes()
            suffix = posixpath.splitext(rel)[1].lower()
            if suffix in DOCUMENT_SUFFIXES:
                documents.probe(data)
            elif suffix in VIDEO_SUFFIXES:
                media.probe(data)
            elif suffix in CAPTION_SUFFIXES:
                media.captions_text(data)
            else:
                images.probe(data)
        except (images.ImageError, documents.DocumentError, media.MediaError, OSError) as exc:
            problems.add(shown, 0, "-", str(exc), f"used by {', '.join(sorted({user for user, _ in users}))}")
