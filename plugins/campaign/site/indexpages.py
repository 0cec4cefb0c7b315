"""Indexes of each record type and term pages (SPEC 4.1): what they list, per language.

An index lists every published record of its type, newest first, paginated so
that a page stays light on a phone; the full list of one type and language is
also written as JSON for the filters, loaded only when a reader filters. Term
pages are the no-JavaScript path to every filter. Sensitive taxonomies
(intersection, age group) never get term pages or filters (SPEC 5.3).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from babel import Locale

from ..content.recordtypes import FOLDERS
from . import aggregate, listlanguages
from .recordview import record_link
from .reportpdf import pdf_name

# record field -> taxonomy, for the filters and term links of each type
FILTER_FIELDS = {
    "story": [("violations", "violation"), ("perpetrators", "perpetrator"), ("responses", "response")],
    "solution": [("solution_types", "solution-type"), ("addresses", "violation")],
    "success": [("success_types", "success-type")],
    "commitment": [("commitment_status", "commitment-status")],
    "ally": [("ally_kind", "ally-kind")],
    "event": [("event_type", "event-type"), ("participants", "participant")],
    "statement": [],
    "document": [("document_type", "document-type")],
}
# how a count of each type is said ("46 stories", not "46 records"): msgids of the catalogues
COUNT_FORMS = {"story": ("%(num)d story", "%(num)d stories"), "solution": ("%(num)d solution", "%(num)d solutions"),
               "success": ("%(num)d success story", "%(num)d success stories"),
               "commitment": ("%(num)d commitment", "%(num)d commitments"),
               "ally": ("%(num)d ally", "%(num)d allies"), "event": ("%(num)d event", "%(num)d events"),
               "statement": ("%(num)d statement", "%(num)d statements"),
               "document": ("%(num)d document", "%(num)d documents")}
TERM_TAXONOMIES = ("violation", "perpetrator", "response", "solution-type", "success-type", "commitment-status",
                   "ally-kind", "event-type", "participant", "document-type")


def values(meta, field):
    value = meta.get(field)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def year(record) -> int | None:
    if record.type == "story":
        return aggregate.story_year(record)
    published = record.meta.get("date") if record.type in aggregate.DATED else record.meta.get("published")
    return int(str(published)[:4]) if published else None


def _sort_date(record) -> str:
    if record.type == "story":
        return str(record.meta.get("incident_date"))
    return str(record.meta.get("date") if record.type in aggregate.DATED else record.meta.get("published"))


def newest_first(records) -> list:
    """Stories by incident date; events, statements and documents by their date; other records by
    publication date; newest first."""
    return sorted(records, key=lambda r: (_sort_date(r), r.slug), reverse=True)


def term_path(registries, taxonomy: str, term: str) -> str:
    return f"{registries.taxonomies[taxonomy].path}/{term}/"


def item(record, published, ctx) -> dict:
    """One record as an index entry: link, place, date, linked terms, summary and filter facets.

    Made once per record and language: the same entry is on its index page, its term pages,
    its place's lists and in the filter data (links are site paths, not relative to a page)."""
    return published.memo(("item", record.slug, ctx.lang), lambda: _item(record, published, ctx))


def _item(record, published, ctx) -> dict:
    loc = ctx.loc
    registries = published.registries
    meta = record.meta
    link = record_link(record, ctx)
    country = aggregate.country_of(meta, registries)
    if meta.get("city"):
        place = loc.city(meta["city"])
    elif country:
        place = loc.country(country)
    else:
        place = loc.gettext("Regional")
    if record.type == "story":
        date = loc.partial_date(meta["incident_date"])
    elif record.type in aggregate.DATED:
        date = loc.date(meta["date"]) + (" – " + loc.date(meta["end"]) if meta.get("end") else "")
    else:
        date = loc.date(meta["published"]) if meta.get("published") else ""
    terms, facets = [], {"city": meta.get("city") or "", "country": country or "", "year": year(record),
                         "lang": record.languages}
    for field, taxonomy in FILTER_FIELDS[record.type]:
        slugs = values(meta, field)
        facets[field] = slugs
        for slug in slugs:
            terms.append({"label": loc.term(taxonomy, slug),
                          "path": ctx.path(term_path(registries, taxonomy, slug))})
    link.update({
        "place": place,
        "date": date,
        "terms": terms,
        "summary": record.version_for(ctx.lang).meta.get("summary", ""),
        "facets": facets,
        "languages": record.languages,
    })
    return link


@dataclass(frozen=True)
class IndexPage:
    type: str
    number: int  # 1-based page number

    @property
    def path(self) -> str:
        folder = FOLDERS[self.type]
        return f"{folder}/" if self.number == 1 else f"{folder}/page/{self.number}/"

    @property
    def src_uri(self) -> str:
        return f"{FOLDERS[self.type]}/index.md" if self.number == 1 else self.path.rstrip("/") + ".md"


def index_pages(published, page_size: int) -> list[IndexPage]:
    pages = []
    for rtype in FOLDERS:
        count = len(listed(rtype, published))
        pages.extend(IndexPage(rtype, n) for n in range(1, max(1, -(-count // page_size)) + 1))
    return pages


def index_languages(published, rtype: str) -> frozenset:
    """The languages every page of a type's index is written in (site.listlanguages)."""
    return listlanguages.written_in(published, ("index", rtype), lambda: listed(rtype, published))


def filters(records, published, rtype: str, ctx) -> list[dict]:
    """The filter controls of an index: each with its query-string key and options (value, label, count)."""
    loc = ctx.loc
    registries = published.registries

    def options(counter, label):
        return [{"value": str(k), "label": label(k), "count": n} for k, n in counter.items() if n]

    cities = Counter(r.meta.get("city") for r in records if r.meta.get("city"))
    countries = Counter(aggregate.country_of(r.meta, registries) for r in records)
    countries.pop(None, None)
    out = [
        {"key": "city", "label": loc.gettext("City"),
         "options": sorted(options(cities, loc.city), key=lambda o: o["label"])},
        {"key": "country", "label": loc.gettext("Country"),
         "options": sorted(options(countries, loc.country), key=lambda o: o["label"])},
    ]
    for field, taxonomy in FILTER_FIELDS[rtype]:
        counter = Counter(slug for r in records for slug in values(r.meta, field))
        order = list(registries.taxonomies[taxonomy].terms)
        out.append({"key": field, "label": loc.taxonomy_name(taxonomy),
                    "options": sorted(options(counter, lambda s, t=taxonomy: loc.term(t, s)),
                                      key=lambda o: order.index(o["value"]) if o["value"] in order else 999)})
    years = Counter(year(r) for r in records)
    years.pop(None, None)
    out.append({"key": "year", "label": loc.gettext("Year"),
                "options": sorted(options(years, str), key=lambda o: o["value"], reverse=True)})
    langs = Counter(code for r in records for code in r.languages)
    out.append({"key": "lang", "label": loc.gettext("Language"),
                "options": [{"value": code, "label": _language_name(code), "count": langs[code]}
                            for code in published.settings.languages if langs.get(code)]})
    return out


def _language_name(code: str) -> str:
    return Locale.parse(code).get_display_name(code).capitalize()


def index_view(page: IndexPage, published, ctx, page_size: int) -> dict:
    shared = published.memo(("index", page.type, ctx.lang, page_size),
                            lambda: _index_shared(page.type, published, ctx, page_size))
    chunk = shared["records"][(page.number - 1) * page_size: page.number * page_size]
    view = {k: v for k, v in shared.items() if k != "records"}
    view.update(page=page.number, items=[item(r, published, ctx) for r in chunk])
    return view


def listed(rtype: str, published) -> list:
    """The records an index lists and pages through, newest first. Events coming up are listed
    apart, above (`upcoming`): the paginated list and its filters hold the past ones."""
    records = newest_first(published.of_type(rtype))
    if rtype == "event":
        records = aggregate.past(records, published.settings.today)
    return records


def upcoming_items(published, ctx) -> list:
    """Events not yet over, soonest first, as index entries (the top of /events/)."""
    return [item(r, published, ctx) for r in aggregate.upcoming(published.of_type("event"), published.settings.today)]


def _index_shared(rtype: str, published, ctx, page_size: int) -> dict:
    """What every page of one index shares: order, pages, filters, term links."""
    loc = ctx.loc
    records = listed(rtype, published)
    pages = max(1, -(-len(records) // page_size))
    term_links = []
    every = published.of_type(rtype)  # term pages list every record of the type (events coming up too)
    for field, taxonomy in FILTER_FIELDS[rtype]:
        counts = Counter(slug for r in every for slug in values(r.meta, field))
        term_links.append({
            "label": loc.taxonomy_name(taxonomy),
            "terms": [{"label": loc.term(taxonomy, slug), "count": counts[slug],
                       "path": ctx.path(term_path(published.registries, taxonomy, slug))}
                      for slug in published.registries.taxonomies[taxonomy].terms if counts.get(slug)],
        })
    return {
        "records": records,
        "type": rtype,
        "title": plural_title(loc, rtype),
        "total": len(records),
        "pages": listlanguages.pager(pages, lambda n: IndexPage(rtype, n).path, ctx, index_languages(published, rtype)),
        "filters": filters(records, published, rtype, ctx),
        "term_links": term_links,
        "data_path": ctx.path(f"{FOLDERS[rtype]}/index.json"),
        "upcoming": upcoming_items(published, ctx) if rtype == "event" else [],
        "calendar_path": ctx.path("events/calendar.ics") if rtype == "event" else "",
        "report": report_files(published, ctx) if rtype == "document" else None,
    }


def report_files(published, ctx) -> dict:
    """The regional report among the documents: its page and its PDF in every language (site.reportpdf)."""
    return {"path": ctx.path("report/"),
            "pdfs": [{"lang": lang, "language": _language_name(lang),  # named in itself
                      "path": ctx.path_in("report/" + pdf_name(lang), lang)}
                     for lang in published.settings.languages]}


def plural_title(loc, rtype: str) -> str:
    _ = loc.gettext
    return {"story": _("Stories"), "solution": _("Solutions"), "success": _("Success stories"),
            "commitment": _("Commitments"), "ally": _("Allies"), "event": _("Events"), "statement": _("Statements"),
            "document": _("Documents")}[rtype]


def all_items(rtype: str, published, ctx) -> list[dict]:
    """Every record of a type as index entries, newest first (for the filter data)."""
    return [item(r, published, ctx) for r in listed(rtype, published)]


@dataclass(frozen=True)
class TermPage:
    taxonomy: str
    term: str | None  # None: the taxonomy's overview page
    number: int = 1  # term pages are paginated like indexes

    def path(self, registries) -> str:
        base = registries.taxonomies[self.taxonomy].path
        if self.term is None:
            return f"{base}/"
        return f"{base}/{self.term}/" if self.number == 1 else f"{base}/{self.term}/page/{self.number}/"

    def src_uri(self, registries) -> str:
        return self.path(registries) + "index.md"


def _term_fields(taxonomy: str) -> list[tuple[str, str]]:
    return [(rtype, field) for rtype, pairs in FILTER_FIELDS.items() for field, t in pairs if t == taxonomy]


def _term_records(published, taxonomy: str, term: str) -> list:
    """(type, record) of every published record with the term, by type then newest first."""
    return published.memo(("term", taxonomy, term), lambda: _find_term_records(published, taxonomy, term))


def _find_term_records(published, taxonomy: str, term: str) -> list:
    out = []
    for rtype, field in _term_fields(taxonomy):
        out += [(rtype, r) for r in newest_first(r for r in published.of_type(rtype) if term in values(r.meta, field))]
    return out


def term_languages(published, taxonomy: str, term: str) -> frozenset:
    """The languages every page of a term's list is written in (site.listlanguages)."""
    return listlanguages.written_in(published, ("term", taxonomy, term),
                                    lambda: [r for _, r in _term_records(published, taxonomy, term)])


def term_pages(published, page_size: int) -> list[TermPage]:
    registries = published.registries
    pages = []
    for taxonomy in TERM_TAXONOMIES:
        tax = registries.taxonomies.get(taxonomy)
        if not tax:
            continue
        counts = {term: len(_term_records(published, taxonomy, term)) for term in tax.terms}
        if not any(counts.values()):
            # no record has any of its terms: no page would link to its overview or its terms
            continue
        pages.append(TermPage(taxonomy, None))
        for term, count in counts.items():
            pages.extend(TermPage(taxonomy, term, n) for n in range(1, max(1, -(-count // page_size)) + 1))
    return pages


def term_view(page: TermPage, published, ctx, page_size: int = 50) -> dict:
    registries = published.registries
    loc = ctx.loc
    tax = registries.taxonomies[page.taxonomy]
    fields = _term_fields(page.taxonomy)
    if page.term is None:
        terms = []
        for slug, term in tax.terms.items():
            found = _term_records(published, page.taxonomy, slug)
            by_type = Counter(rtype for rtype, _ in found)
            terms.append({"label": loc.term(page.taxonomy, slug), "count": len(found),
                          "by_type": [{"type": t, "count": by_type[t], "forms": COUNT_FORMS[t]}
                                      for t, _ in fields if by_type.get(t)],
                          "description": loc.text(term.description),
                          "path": ctx.path(term_path(registries, page.taxonomy, slug))})
        return {"title": loc.text(tax.name), "overview": True, "terms": terms, "sections": []}
    records = _term_records(published, page.taxonomy, page.term)
    counts = Counter(rtype for rtype, _ in records)
    chunk = records[(page.number - 1) * page_size: page.number * page_size]
    sections = []
    for rtype, field in fields:  # each section says what it counts: stories, solutions...
        shown = [r for t, r in chunk if t == rtype]
        sections.append({"type": rtype, "title": plural_title(loc, rtype), "count": counts[rtype],
                         "forms": COUNT_FORMS[rtype],
                         "items": [item(r, published, ctx) for r in shown],
                         "index_path": ctx.path(f"{FOLDERS[rtype]}/") + f"?{field}={page.term}"})
    term = tax.terms[page.term]
    pages = max(1, -(-len(records) // page_size))
    return {"title": loc.term(page.taxonomy, page.term), "overview": False,
            "up": {"label": loc.text(tax.name), "path": ctx.path(f"{tax.path}/")},
            "description": loc.text(term.description), "sections": sections, "total": len(records),
            "page": page.number,
            "pages": listlanguages.pager(pages, lambda n: TermPage(page.taxonomy, page.term, n).path(registries), ctx,
                                         term_languages(published, page.taxonomy, page.term))}
