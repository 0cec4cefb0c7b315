"""Open data (SPEC 4.3): records.json, stories.csv and cities.geojson, language-neutral.

Every published record, with slugs and codes rather than labels, and titles,
summaries and URLs per language. What is never exported: sensitive fields
(intersections, age group: SPEC 5.3), consent, review (reviewers' handles,
allowed strings), and anything not published.
"""
from __future__ import annotations

import csv
import io
import json

from ..content.records import TRANSLATABLE
from ..content.recordtypes import RECORD_TYPES
from ..l10n.localize import Localizer
from . import aggregate

PRIVATE_FIELDS = {"intersections", "age_group", "consent", "review", "status", "aliases", "images"}
# text fields given per language beside titles and summaries
PER_LANGUAGE = ("made_by", "role", "speaker", "speaker_role")
SCHEMA_NAME = "records.schema.json"


def N_(text):  # marks a string for the translation catalogue; translated where it is shown
    return text


# (column, meaning): the data dictionary on /data/. Columns marked {lang} exist once per
# site language (title_en, title_ru...); label columns are in the site's default language.
STORY_COLUMNS = [
    ("slug", N_("Permanent identifier of the story; also its URL: /stories/<slug>/")),
    ("languages", N_("Languages the story is published in, separated by ';'")),
    ("title_{lang}", N_("Title of the story in %(language)s; empty when it is not published in that language")),
    ("summary_{lang}", N_("Summary of the story in %(language)s; empty when it is not published in that language")),
    ("url_{lang}", N_("Permanent address of the story in %(language)s; empty when it is not published in that language")),
    ("city", N_("City slug (see cities.geojson)")),
    ("city_name", N_("Name of the city in %(labels)s")),
    ("country", N_("ISO 3166-1 alpha-2 country code, lower case")),
    ("country_name", N_("Name of the country in %(labels)s")),
    ("incident_year", N_("Year of the incident")),
    ("incident_month", N_("Month of the incident (1-12), empty when only the year is known")),
    ("published", N_("Date the story was published (YYYY-MM-DD)")),
    ("violations", N_("Violation term slugs, separated by ';'")),
    ("violations_labels", N_("The same violations in %(labels)s, in the same order, separated by ';'")),
    ("perpetrators", N_("Perpetrator term slugs (units, never names), separated by ';'")),
    ("perpetrators_labels", N_("The same perpetrators in %(labels)s, in the same order, separated by ';'")),
    ("responses", N_("Response term slugs, separated by ';'")),
    ("responses_labels", N_("The same responses in %(labels)s, in the same order, separated by ';'")),
    ("documented_by", N_("Slug of the documenting partner organisation")),
    ("documented_by_name", N_("Name of the documenting partner organisation in %(labels)s")),
]


def story_columns(languages) -> list[tuple[str, str, str | None]]:
    """(column, meaning, language of a per-language column or None), in the CSV's order."""
    out = []
    for name, meaning in STORY_COLUMNS:
        if "{lang}" in name:
            out.extend((name.format(lang=lang), meaning, lang) for lang in languages)
        else:
            out.append((name, meaning, None))
    return out


def safe_json(data, **options) -> str:
    """JSON with <, > and & written as \\u escapes: the same values, and harmless even if
    someone pastes the file into a web page."""
    text = json.dumps(data, ensure_ascii=False, **options)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def absolute(site_url: str, path: str) -> str:
    return (site_url.rstrip("/") + "/" + path) if site_url else "/" + path


def public_record(record, published, site_url: str) -> dict:
    languages, default = published.settings.languages, published.settings.default_language
    registries = published.registries
    meta = record.meta
    fields = {}
    for key, value in meta.items():
        if key in PRIVATE_FIELDS or key in TRANSLATABLE:
            continue
        if key == "recognised" and isinstance(value, dict):  # an ally's: {date, reason}
            value = {k: v for k, v in value.items() if k != "reason"}
        elif key in ("evidence", "updates", "recognised"):
            # items carry translatable text: keep their language-neutral parts here
            value = [{k: v for k, v in item.items() if k not in ("title", "note", "role", "institution")}
                     for item in value or []]
        fields[key] = value
    # links to records that are not public would name them: keep only public ones
    if "related" in fields:
        fields["related"] = [slug for slug in fields["related"] if slug in published.records]
    for key in ("events", "documents"):
        if key in fields:
            fields[key] = [slug for slug in fields[key] if slug in published.records]
    for key in ("commitment", "event"):
        if fields.get(key) and fields[key] not in published.records:
            del fields[key]
    if "country" not in fields:
        country = aggregate.country_of(meta, registries)
        if country:
            fields["country"] = country
    texts = {lang: record.versions[lang].meta for lang in languages if lang in record.versions}
    out = {
        "slug": record.slug,
        "type": record.type,
        "languages": record.languages,
        "urls": {lang: absolute(site_url, record.url(lang, default)) for lang in texts},
        "titles": {lang: m.get("title", "") for lang, m in texts.items()},
        "summaries": {lang: m.get("summary", "") for lang, m in texts.items()},
        "fields": fields,
    }
    for key in PER_LANGUAGE:
        if key in meta:
            out[key] = {lang: m.get(key, "") for lang, m in texts.items()}
    return out


def records_json(published, site_url: str, licence: dict) -> str:
    records = sorted(published.records.values(), key=lambda r: (r.type, r.slug))
    data = {
        "licence": licence,
        "schema": SCHEMA_NAME,
        "records": [public_record(r, published, site_url) for r in records],
    }
    return safe_json(data, indent=1, sort_keys=True)


def records_schema() -> str:
    localized = {"type": "object", "additionalProperties": {"type": "string"}}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Published records of the Women Against Violence campaign",
        "type": "object",
        "required": ["licence", "records"],
        "properties": {
            "licence": {"type": "object", "required": ["name", "url"],
                        "properties": {"name": {"type": "string"}, "url": {"type": "string"}}},
            "schema": {"type": "string"},
            "records": {"type": "array", "items": {
                "type": "object",
                "required": ["slug", "type", "languages", "urls", "titles", "summaries", "fields"],
                "additionalProperties": False,
                "properties": {
                    "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "type": {"enum": list(RECORD_TYPES)},
                    "languages": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "urls": localized, "titles": localized, "summaries": localized,
                    **{key: localized for key in PER_LANGUAGE},
                    "fields": {
                        "type": "object",
                        "description": "Language-neutral front matter of the record: slugs, codes, dates.",
                        "not": {"anyOf": [{"required": [f]} for f in sorted(PRIVATE_FIELDS)]},
                    },
                },
            }},
        },
    }
    return json.dumps(schema, indent=1)


def stories_csv(published, site_url: str = "", label_language: str = "") -> str:
    """One row per published story: codes, their labels in `label_language` (else the default
    language), and the title, summary and address of every language the story is published in."""
    settings = published.settings
    languages, default = settings.languages, settings.default_language
    loc = Localizer(published.registries, label_language or default, default)
    columns = story_columns(languages)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _, _ in columns])
    for record in sorted(published.of_type("story"), key=lambda r: r.slug):
        meta = record.meta
        incident = str(meta["incident_date"])
        country = aggregate.country_of(meta, published.registries) or ""

        def terms(field, taxonomy, m=meta):
            return ";".join(str(loc.term(taxonomy, t)) for t in m.get(field) or [])

        row = {
            "slug": record.slug, "languages": ";".join(record.languages),
            "city": meta["city"], "city_name": loc.city(meta["city"]),
            "country": country, "country_name": loc.country(country) if country else "",
            "incident_year": incident[:4], "incident_month": str(int(incident[5:7])) if len(incident) >= 7 else "",
            "published": meta.get("published", ""),
            "violations": ";".join(meta.get("violations") or []), "violations_labels": terms("violations", "violation"),
            "perpetrators": ";".join(meta.get("perpetrators") or []),
            "perpetrators_labels": terms("perpetrators", "perpetrator"),
            "responses": ";".join(meta.get("responses") or []), "responses_labels": terms("responses", "response"),
            "documented_by": meta.get("documented_by", ""),
            "documented_by_name": loc.organization(meta["documented_by"]) if meta.get("documented_by") else "",
        }
        for lang in languages:
            version = record.versions.get(lang)
            row[f"title_{lang}"] = version.meta.get("title", "") if version else ""
            row[f"summary_{lang}"] = version.meta.get("summary", "") if version else ""
            row[f"url_{lang}"] = absolute(site_url, record.url(lang, default)) if version else ""
        writer.writerow([row[name] for name, _, _ in columns])
    return out.getvalue()


def cities_geojson(published, site_url: str, licence: dict) -> str:
    """RFC 7946: one Point per city (its centre), with the counts of published records."""
    settings = published.settings
    features = []
    for slug, stats in aggregate.cities_with_counts(published):
        city = published.registries.cities[slug]
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [city["lon"], city["lat"]]},
            "properties": {
                "slug": slug, "country": city["country"], "names": dict(city["name"]),
                "stories": len(stats.stories), "solutions": len(stats.solutions),
                "successes": len(stats.successes), "commitments": len(stats.commitments),
                "urls": {lang: absolute(site_url, ("" if lang == settings.default_language else f"{lang}/") + f"cities/{slug}/")
                         for lang in settings.languages},
            },
        })
    return safe_json({"type": "FeatureCollection", "licence": licence, "features": features}, indent=1)
