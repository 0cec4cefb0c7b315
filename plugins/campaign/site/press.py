"""What the press page adds to its editors' text (SPEC 4.6): the press contact from the
registry (content/_data/campaign.yml), the key numbers, the report PDFs in every
language, the logo cleared for press use and the licence."""
from __future__ import annotations

from babel import Locale

from . import report, reportpdf

LOGO = "assets/press/women-against-violence-logo.svg"
PLACEHOLDER = "<p>[[press]]</p>"  # where press.md wants the block; without it, the block ends the page


def _capitalized(name: str) -> str:
    # a language's own name starts a list item here ("Русский", not "русский")
    return name[:1].upper() + name[1:]


def view(published, ctx, licence: dict) -> dict:
    loc = ctx.loc
    names = Locale.parse(ctx.lang).languages
    press = (published.registries.campaign or {}).get("press")
    contact = None
    if press:
        contact = {"name": loc.text(press["name"]), "email": press["email"], "phone": press.get("phone"),
                   "hours": loc.text(press.get("hours") or {}),
                   "languages": [names.get(code, code) for code in press.get("languages") or []]}
    dates = [str(r.meta["published"]) for r in published.records.values() if r.meta.get("published")]
    languages = published.settings.languages
    return {
        "contact": contact,
        "key_numbers": report.key_numbers(published),
        "as_of": loc.date(max(dates)) if dates else "",
        "reports": [{"lang": code, "name": _capitalized(Locale.parse(code).get_display_name(code)),
                     "path": ctx.path_in("report/" + reportpdf.pdf_name(code), code)} for code in languages],
        "report_path": ctx.path("report/"),
        "methodology_path": ctx.path("methodology/"),
        "data_path": ctx.path("data/"),
        "logo": LOGO,
        "licence": licence,
    }
