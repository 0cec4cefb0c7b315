"""Suggested citations (SPEC 4.6): of a record, on its page, and of the open data, on /data/.

A citation names the title, the campaign, the publication date and the
permanent address (the record's canonical URL in the reader's language). The
date accessed is the reader's, not the build's: the page shows a placeholder
that javascripts/cite.js fills with today's date before it is copied.
"""
from __future__ import annotations

import re

from .exports import absolute


def _tidy(text: str) -> str:
    """One full stop where a date that ends with one ("2015 г.") meets the sentence's own."""
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)


def _newest_publication(published) -> str | None:
    dates = [str(r.meta["published"]) for r in published.records.values() if r.meta.get("published")]
    return max(dates) if dates else None


def record_citation(record, ctx, site_url: str, site_name: str) -> dict:
    """The parts of a record's citation, in the reader's language (the version shown on the page)."""
    _ = ctx.gettext
    version = record.version_for(ctx.lang)
    published = record.meta.get("published")
    return {
        "id": "wav-cite-record",
        "title": _("“%(title)s”.") % {"title": version.meta.get("title", record.slug)},
        "source": _tidy(_("%(campaign)s, published %(date)s.") % {"campaign": site_name,
                                                                     "date": ctx.loc.date(published)}
                        if published else f"{site_name}."),
        "url": absolute(site_url, record.url(version.lang, ctx.default)),
    }


def dataset_citation(published, ctx, site_url: str, site_name: str, licence: dict) -> dict:
    """The parts of the open data's citation: the newest publication dates the data, not the build."""
    _ = ctx.gettext
    newest = _newest_publication(published)
    source = _("%(campaign)s. Open data: published stories, solutions, success stories and commitments.") % {
        "campaign": site_name}
    if newest:
        source += " " + _("Data as of %(date)s") % {"date": ctx.loc.date(newest)} + "."
    if licence.get("name"):
        source += " " + _("Licence: %(name)s.") % {"name": licence["name"]}
    return {"id": "wav-cite-data", "title": "", "source": _tidy(source), "url": absolute(site_url, ctx.path("data/"))}
