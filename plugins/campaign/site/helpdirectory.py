"""The help directory (SPEC 4.4): every campaign city, grouped by country, with the organisations
that help there and how to reach them, in the reader's language.

`directory` is what /help/ adds below the editors' emergency advice; `organization` is one
organisation as the directory and the help boxes of record and place pages show it; `anchor`
is where on /help/ a page's "Get help" link lands (the reader's city, else her country).

Phone numbers become `tel:` links and messengers plain links, both built here from
organizations.yml only: nothing is loaded from a messenger's site, and no number from a
record ever becomes a link (record bodies cannot hold `tel:` links: campaign.safety.sanitize).
"""
from __future__ import annotations

from urllib.parse import quote

import phonenumbers
from babel import Locale

from ..content.registries import HELP_SERVICES, parse_phone
from ..l10n.localize import Localizer
from .urls import localized

PATH = "help/"

# Brand names, the same in every language.
MESSENGER_NAMES = {"telegram": "Telegram", "signal": "Signal", "whatsapp": "WhatsApp", "viber": "Viber"}


def city_id(slug: str) -> str:
    """The fragment of a city's section on /help/: the slug itself, so /help/#osh reads well."""
    return slug


def country_id(code: str) -> str:
    return f"country-{code}"


def anchor(meta, registries) -> str:
    """'#osh' for a page about a known city, '#country-kg' for a known country, else ''."""
    meta = meta or {}
    city, country = meta.get("city"), meta.get("country")
    if isinstance(city, str) and city in registries.cities:
        return "#" + city_id(city)
    if isinstance(country, str) and country in registries.countries:
        return "#" + country_id(country)
    return ""


def help_path(lang: str, default: str) -> str:
    return localized(PATH, lang, default)


def phone_link(number: str) -> dict | None:
    parsed = parse_phone(number)
    if parsed is None:  # the registry check refuses it already; never link a number it did not accept
        return None
    return {"text": phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
            "href": "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)}


def messenger_link(messenger: dict) -> dict | None:
    """A plain link that opens the messenger app (or its site) on the organisation's public account."""
    service = messenger.get("service")
    name = MESSENGER_NAMES.get(service)
    if name is None:
        return None
    if messenger.get("handle"):
        if service != "telegram":
            return None
        handle = messenger["handle"]
        return {"service": name, "text": "@" + handle, "href": "https://t.me/" + quote(handle)}
    phone = phone_link(messenger.get("number") or "")
    if phone is None:
        return None
    e164 = phone["href"][len("tel:"):]
    href = {"telegram": "https://t.me/" + e164,
            "signal": "https://signal.me/#p/" + e164,
            "whatsapp": "https://wa.me/" + e164[1:],
            "viber": "viber://chat?number=" + quote(e164, safe="")}[service]
    return {"service": name, "text": phone["text"], "href": href}


def language_names(codes, locale: Locale) -> list[str]:
    return [locale.languages.get(code, code) for code in codes or []]


def organization(org: dict, loc: Localizer) -> dict:
    """One organisation as readers see it, in `loc`'s language."""
    return {
        "slug": org["slug"],
        "name": loc.text(org["name"]),
        "services": [loc.term("service", s) for s in org.get("services") or []],
        "contact": loc.text(org.get("contact") or {}),
        "hours": loc.text(org.get("hours") or {}),
        "phones": [link for link in map(phone_link, org.get("phone") or []) if link],
        "messengers": [link for link in map(messenger_link, org.get("messengers") or []) if link],
        "languages": language_names(org.get("languages"), loc.locale),
        "anonymous": org.get("anonymous"),
        "website": org.get("website"),
        "email": org.get("email"),
        "report_url": org.get("report_url"),
    }


def helping(registries, city: str) -> list[dict]:
    """Organisations of a city that offer a help service."""
    return [o for o in registries.organizations_in(city=city) if set(o.get("services") or []) & set(HELP_SERVICES)]


def directory(published, ctx) -> dict:
    """Every country of the registry with its help text and its cities, each with its organisations."""
    registries = published.registries
    loc = ctx.loc
    countries = []
    for code, country in registries.countries.items():
        cities = [{"slug": slug, "id": city_id(slug), "name": loc.city(slug),
                   "path": ctx.path(f"cities/{slug}/"),
                   "organizations": [organization(o, loc) for o in helping(registries, slug)]}
                  for slug, city in registries.cities.items() if city["country"] == code]
        if not cities:
            continue
        countries.append({"code": code, "id": country_id(code), "name": loc.country(code),
                          "help": loc.text(country.get("help") or {}), "cities": cities})
    return {"countries": countries}


def names_everywhere(mapping: dict, languages) -> list[tuple[str, str]]:
    """(language, name) of a city or country in every site language, each spelling once:
    the search finds its page whichever spelling a reader types."""
    seen, out = set(), []
    for lang in list(languages) + [k for k in mapping if k not in languages]:
        name = mapping.get(lang)
        if name and name not in seen:
            seen.add(name)
            out.append((lang, name))
    return out
