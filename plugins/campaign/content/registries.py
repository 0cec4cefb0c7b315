"""The registries under content/_data/: places, organisations, taxonomies.

They are data, not pages. Each is checked against its JSON Schema and for
internal consistency (a city's country exists, slugs are unique, a term label
exists in the default language), with problems located by file and line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import phonenumbers
from babel import Locale

from . import schemas
from .problems import Problems, shown_path
from .yamlsource import Document, YamlError, parse_yaml

DATA_DIR = "_data"
REGISTRY_FILES = {"places": "places.yml", "organizations": "organizations.yml", "taxonomies": "taxonomies.yml"}
# optional: a site without it shows no press contact (SPEC 4.6)
CAMPAIGN_FILE = "campaign.yml"

# record field -> taxonomy it takes its terms from (SPEC 3.3-3.6)
TERM_FIELDS = {
    "story": {"violations": "violation", "perpetrators": "perpetrator", "responses": "response",
              "content_notes": "content-note", "intersections": "intersection", "age_group": "age-group"},
    "solution": {"solution_types": "solution-type", "addresses": "violation"},
    "success": {"success_types": "success-type"},
    "commitment": {"commitment_status": "commitment-status"},
    "ally": {"ally_kind": "ally-kind"},
    "event": {"event_type": "event-type", "participants": "participant"},
    "statement": {},
    "document": {"document_type": "document-type"},
}
SENSITIVE_FIELDS = ("intersections", "age_group")
HELP_SERVICES = ("legal-aid", "hotline", "shelter", "harm-reduction", "medical-care",
                 "psychological-support", "peer-support")
# messengers an organisation may list; only Telegram has public user names (t.me/<name>)
MESSENGERS = ("telegram", "signal", "whatsapp", "viber")


def parse_phone(number: str):
    """A registry number ("+995 32 200 00 00") as phonenumbers reads it, or None if it cannot be dialled."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def dialled_forms(number: str) -> set[str]:
    """The digits of a registry number as people write it: international, national and without trunk prefix.

    The personal-data check compares a number found in a record with these, so that a public
    hotline listed in organizations.yml may be quoted while any other number is refused."""
    parsed = parse_phone(number)
    if parsed is None:
        return set()
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return {f"{parsed.country_code}{parsed.national_number}", str(parsed.national_number),
            "".join(ch for ch in national if ch.isdigit())}


@dataclass
class Term:
    slug: str
    label: dict
    description: dict = field(default_factory=dict)


@dataclass
class Taxonomy:
    slug: str
    path: str
    name: dict
    terms: dict  # slug -> Term


@dataclass
class Registries:
    countries: dict = field(default_factory=dict)  # code -> {code, name, help}
    cities: dict = field(default_factory=dict)  # slug -> {slug, country, name, lat, lon}
    organizations: dict = field(default_factory=dict)  # slug -> {...}
    taxonomies: dict = field(default_factory=dict)  # slug -> Taxonomy
    reviewers: dict | None = None  # handle -> entry of reviewers.yml; None without the registry (content.reviewers)
    campaign: dict = field(default_factory=dict)  # the campaign's own details: {press: {...}}

    def term(self, taxonomy: str, slug: str) -> Term | None:
        tax = self.taxonomies.get(taxonomy)
        return tax.terms.get(slug) if tax else None

    @cached_property  # asked once per record; the registries do not change after loading
    def public_numbers(self) -> frozenset[str]:
        """Digits of every phone and messenger number the organisations publish (see dialled_forms)."""
        found = set()
        for org in self.organizations.values():
            numbers = list(org.get("phone") or []) + [m["number"] for m in org.get("messengers") or [] if m.get("number")]
            for number in numbers:
                found |= dialled_forms(number)
        return frozenset(found)

    def organizations_in(self, city: str | None = None, country: str | None = None) -> list[dict]:
        found = []
        for org in self.organizations.values():
            org_city = self.cities.get(org["city"], {})
            if (city and org["city"] == city) or (not city and country and org_city.get("country") == country):
                found.append(org)
        return found


def _load(path: Path, rel: str, problems: Problems) -> Document | None:
    if path.is_symlink():
        return None  # never followed: content.inventory reports the link
    if not path.exists():
        problems.add(rel, 0, "-", "the registry file is missing",
                     f"create {rel}; see the README for its format")
        return None
    try:
        return parse_yaml(path.read_text("utf-8"))
    except YamlError as exc:
        problems.add(rel, exc.line, exc.field, f"the YAML cannot be read: {exc.message}",
                     exc.hint or "check the indentation and that every ':' has a space after it")
    except UnicodeDecodeError:
        problems.add(rel, 0, "-", "the file is not UTF-8 text", "save the file as UTF-8")
    return None


def _schema_problems(name, doc: Document, rel: str, problems: Problems) -> bool:
    found = schemas.validate(name, doc.data)
    for path, message, hint in found:
        problems.add(rel, doc.line_of(path), ".".join(str(p) for p in path) or "-", message, hint)
    return not found


def load_registries(content_dir: Path, default_language: str, problems: Problems,
                    rel_root: Path | None = None) -> Registries:
    content_dir = Path(content_dir)
    reg = Registries()
    docs = {}
    for name, fname in REGISTRY_FILES.items():
        path = content_dir / DATA_DIR / fname
        rel = shown_path(path, rel_root)
        doc = _load(path, rel, problems)
        if doc is not None and _schema_problems(name, doc, rel, problems):
            docs[name] = (doc, rel)
    campaign_path = content_dir / DATA_DIR / CAMPAIGN_FILE
    if campaign_path.exists():
        rel = shown_path(campaign_path, rel_root)
        doc = _load(campaign_path, rel, problems)
        if doc is not None and _schema_problems("campaign", doc, rel, problems):
            reg.campaign = doc.data
            _need_default(doc.data["press"]["name"], default_language, rel, doc, ("press", "name"), problems)

    if "places" in docs:
        doc, rel = docs["places"]
        for i, country in enumerate(doc.data["countries"]):
            code = country["code"]
            if code in reg.countries:
                problems.add(rel, doc.line_of(("countries", i, "code")), f"countries.{i}.code",
                             f"country '{code}' is listed twice", "keep one entry per country")
            reg.countries[code] = {"help": {}, **country}
            _need_default(country["name"], default_language, rel, doc, ("countries", i, "name"), problems)
        for i, city in enumerate(doc.data["cities"]):
            slug = city["slug"]
            if slug in reg.cities:
                problems.add(rel, doc.line_of(("cities", i, "slug")), f"cities.{i}.slug",
                             f"city '{slug}' is listed twice", "keep one entry per city")
            if city["country"] not in reg.countries:
                problems.add(rel, doc.line_of(("cities", i, "country")), f"cities.{i}.country",
                             f"unknown country '{city['country']}'", "add the country under 'countries' first")
            _need_default(city["name"], default_language, rel, doc, ("cities", i, "name"), problems)
            reg.cities[slug] = city

    if "taxonomies" in docs:
        doc, rel = docs["taxonomies"]
        for tax_slug, tax in doc.data.items():
            terms = {}
            for i, term in enumerate(tax["terms"]):
                if term["slug"] in terms:
                    problems.add(rel, doc.line_of((tax_slug, "terms", i, "slug")), f"{tax_slug}.terms.{i}.slug",
                                 f"term '{term['slug']}' is listed twice", "keep one entry per term")
                _need_default(term["label"], default_language, rel, doc, (tax_slug, "terms", i, "label"), problems)
                terms[term["slug"]] = Term(term["slug"], term["label"], term.get("description", {}))
            reg.taxonomies[tax_slug] = Taxonomy(tax_slug, tax.get("path", tax_slug), tax["name"], terms)
        needed = {t for fields in TERM_FIELDS.values() for t in fields.values()} | {"service"}
        for missing in sorted(needed - set(reg.taxonomies)):
            problems.add(rel, 1, missing, f"the taxonomy '{missing}' is missing",
                         "add it with its terms; records and organisations use it")

    if "organizations" in docs:
        doc, rel = docs["organizations"]
        services = reg.taxonomies.get("service")
        for i, org in enumerate(doc.data["organizations"]):
            where = ("organizations", i)
            if org["slug"] in reg.organizations:
                problems.add(rel, doc.line_of(where + ("slug",)), f"organizations.{i}.slug",
                             f"organisation '{org['slug']}' is listed twice", "keep one entry per organisation")
            if reg.cities and org["city"] not in reg.cities:
                problems.add(rel, doc.line_of(where + ("city",)), f"organizations.{i}.city",
                             f"unknown city '{org['city']}'", "use a city slug from content/_data/places.yml")
            for j, service in enumerate(org.get("services", [])):
                if services and service not in services.terms:
                    problems.add(rel, doc.line_of(where + ("services", j)), f"organizations.{i}.services",
                                 f"unknown service '{service}'",
                                 "use a term of the taxonomy 'service': " + ", ".join(services.terms))
            _need_default(org["name"], default_language, rel, doc, where + ("name",), problems)
            _check_contacts(org, rel, doc, where, problems)
            reg.organizations[org["slug"]] = {"services": [], "contact": {}, **org}
    return reg


def _check_contacts(org, rel, doc, where, problems):
    """Numbers that can be dialled, messengers that can be reached, languages that exist: a woman
    who follows a wrong number or link from the help page may reach a stranger."""
    field = f"organizations.{where[1]}"
    for j, number in enumerate(org.get("phone") or []):
        if parse_phone(number) is None:
            problems.add(rel, doc.line_of(where + ("phone", j)), f"{field}.phone",
                         f"'{number}' is not a phone number that can be dialled",
                         "check the digits and write it in international form, e.g. +995 32 200 00 00")
    for j, messenger in enumerate(org.get("messengers") or []):
        at = where + ("messengers", j)
        has_number, has_handle = bool(messenger.get("number")), bool(messenger.get("handle"))
        if has_number == has_handle:
            problems.add(rel, doc.line_of(at), f"{field}.messengers",
                         f"{messenger['service']}: give either a number or a handle (exactly one)",
                         "e.g. {service: signal, number: \"+995 32 200 00 00\"} or {service: telegram, handle: stepforward_help}")
        elif has_handle and messenger["service"] != "telegram":
            problems.add(rel, doc.line_of(at + ("handle",)), f"{field}.messengers",
                         f"{messenger['service']} has no public user names",
                         "give the organisation's public number for it instead: number: \"+995 32 200 00 00\"")
        elif has_number and parse_phone(messenger["number"]) is None:
            problems.add(rel, doc.line_of(at + ("number",)), f"{field}.messengers",
                         f"'{messenger['number']}' is not a phone number that can be dialled",
                         "check the digits and write it in international form, e.g. +995 32 200 00 00")
    english = Locale("en").languages
    for j, code in enumerate(org.get("languages") or []):
        if code not in english:
            problems.add(rel, doc.line_of(where + ("languages", j)), f"{field}.languages",
                         f"unknown language code '{code}'",
                         "use a two-letter code such as ka (Georgian), ru (Russian), uk (Ukrainian), ky (Kyrgyz)")


def _need_default(names: dict, lang: str, rel, doc, path, problems):
    if lang not in names:
        problems.add(rel, doc.line_of(path), ".".join(str(p) for p in path),
                     f"has no text in the default language '{lang}'",
                     f"add a line '{lang}: ...'; other languages fall back to it")


