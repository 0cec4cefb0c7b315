"""What `review.pii_allow` may clear, and what it never may (SPEC 5.2, issue 15).

Reviewers list exact strings they confirmed are safe (a partner's public
hotline). An allow list can also let her own details through, so it is itself
checked, and an entry is refused (the finding stays an error) when:

- the importer dropped the value as personal (campaign.safety.fingerprints);
- it is an identity-document number: never anyone's public contact;
- it is a day-precise date with its year: it dates her case (a public day such
  as 8 March, without a year, may be allowed);
- in a story, it has the shape of a personal contact (phone number, e-mail,
  social-media profile) and is not the public contact of an organisation in
  content/_data/organizations.yml: in a testimony such a contact is hers, or
  leads to her.
"""
from __future__ import annotations

import re

from ..safety.dates import find_day_dates
from ..safety.pii import find_pii

_HAS_YEAR = re.compile(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}")
CONTACT_KINDS = {"phone": "phone number", "email": "e-mail address", "social": "social-media profile"}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)[-9:]


def _public_contacts(registries) -> set[str]:
    found = set()
    # phone and messenger numbers in every form they are dialled (registries.public_numbers)
    found |= {"phone:" + digits for digits in registries.public_numbers}
    for org in registries.organizations.values():
        if isinstance(org.get("email"), str):
            found.add("email:" + org["email"].strip().casefold())
    return found


def _is_public_contact(finding, contacts: set) -> bool:
    if finding.kind == "phone":
        return "phone:" + _digits(finding.text) in contacts
    if finding.kind == "email":
        return "email:" + finding.text.strip().casefold() in contacts
    return False


def allowed_entries(record, registries, fingerprints, report) -> set[str]:
    """The entries of review.pii_allow that may clear a finding; `report(path, message, hint)` for the others."""
    entries = (record.meta.get("review") or {}).get("pii_allow") or []
    if not isinstance(entries, list):
        return set()
    contacts = _public_contacts(registries) if record.type == "story" else set()
    allowed = set()
    for i, entry in enumerate(entries):
        if not isinstance(entry, str):
            continue
        path = ("review", "pii_allow", i)
        if fingerprints is not None and fingerprints.matches(entry):
            report(path, f"'{entry}' was dropped by campaign import as personal data (a column marked drop, "
                   "such as her name or phone number); it can never be allowed",
                   "remove it from pii_allow and take it out of the text: it is hers")
            continue
        findings = find_pii(entry)
        if find_day_dates(entry) and _HAS_YEAR.search(entry):
            report(path, f"'{entry}' is a date with its day and year; it can never be allowed: it dates her case",
                   "write only the month and year in the text ('in December 2015'); only a public day without "
                   "a year (such as 8 March) may be allowed")
            continue
        if any(f.kind == "id-number" for f in findings):
            report(path, f"'{entry}' looks like an identity-document number; it can never be allowed",
                   "remove it from pii_allow and from the text")
            continue
        personal = [f for f in findings if f.kind in CONTACT_KINDS and not _is_public_contact(f, contacts)]
        if record.type == "story" and personal:
            kind = CONTACT_KINDS[personal[0].kind]
            report(path, f"'{entry}' is a {kind} in a testimony; it cannot be allowed unless it is the public "
                   "contact of an organisation listed in content/_data/organizations.yml",
                   f"remove the {kind} from the text (the page already shows the local organisations and their "
                   "contacts); never add a number from a testimony to organizations.yml: a partner's number goes "
                   "there only from the partner itself")
            continue
        allowed.add(entry)
    return allowed
