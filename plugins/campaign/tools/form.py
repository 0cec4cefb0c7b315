"""The community reporting form (story intake): one definition, in every site language.

`build_form` turns the story fields that `campaign import` reads and the
registries (taxonomy terms, cities, organisations) into the rows of an XLSForm
(survey, choices, settings), with labels and hints from the gettext catalogue
in every site language. The .xlsx and XForm, the import mapping (formfiles)
and the paper version (paperform) are all written from this one definition,
so the form partners deploy and the importer cannot drift apart.

What the form never asks, by design (SPEC 5.2): names, birth dates,
addresses, phone numbers, and the day of the incident (only its year and
month). It collects no device, user or location metadata either.

The version is a hash of everything else in the form: a changed taxonomy,
city, organisation or translation gives a new version, the same content the
same version. Plain Python: no MkDocs imports.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from babel import Locale
from babel.dates import get_month_names

from ..content.registries import Registries
from ..l10n.catalog import gettext_for


def N_(text: str) -> str:  # marks a string for the catalogue; translated per language in build_form
    return text


REQUIRED_MESSAGE = N_("This answer is needed.")
SENSITIVE_HINT = N_("Ask only if she wants to answer. This is only ever counted together with other stories, "
                    "never shown with hers.")
FORM_TITLE = N_("Community interview")  # neutral on purpose: the list of forms on a phone shows it
CONSENT = "${consent_given} = 'yes'"


@dataclass
class Question:
    """One row of the survey sheet. Texts are English msgids until build_form translates them."""
    type: str  # XLSForm type: "text", "select_one city", "begin_group", ...
    name: str
    label: str | None = None
    hint: str | None = None
    fills: str | None = None  # story field the importer fills from it; "ignore": read by no field
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message: str | None = None
    appearance: str = ""
    calculation: str = ""
    group: str | None = None  # set by build_form: the group the question is in
    labels: dict = field(default_factory=dict)  # language -> text
    hints: dict = field(default_factory=dict)
    constraint_messages: dict = field(default_factory=dict)

    @property
    def list_name(self) -> str | None:
        kind, _, rest = self.type.partition(" ")
        return rest if kind in ("select_one", "select_multiple") else None

    @property
    def multiple(self) -> bool:
        return self.type.startswith("select_multiple ")


@dataclass
class Choice:
    list_name: str
    name: str
    labels: dict  # language -> text


# The questions, in order. `fills` is what the importer fills (importer.FIELD_ORDER, "body"), so
# tests can hold the form to the importer. Choice lists named after a taxonomy take its terms.
TAXONOMY_LISTS = {"violation": "violation", "perpetrator": "perpetrator", "response": "response",
                  "content_note": "content-note", "intersection": "intersection", "age_group": "age-group"}

QUESTIONS = (
    Question("note", "before_you_start", N_("Before you start"),
             N_("This interview records what happened, not who she is. Never write her name or anyone "
                "else's, an address, a phone number or the day it happened. Ask only what she wants to tell.")),
    Question("begin_group", "consent", N_("Her consent"), appearance="field-list"),
    Question("select_one consent_given", "consent_given",
             N_("Has she signed your organisation's consent form for this interview?"),
             N_("Read the consent form with her first. If she has not signed it, stop here and do not save "
                "this interview."), fills="ignore", required=True, constraint=". = 'yes'",
             constraint_message=N_("Without her signed consent, stop here: do not save this interview.")),
    Question("text", "consent_reference", N_("Number of the consent form"),
             N_("The number written on the paper consent form, e.g. SWO-2026-031. The form itself stays "
                "locked away at your organisation."), fills="consent.reference", required=True,
             relevant=CONSENT, constraint="regex(., '^[A-Za-z0-9][A-Za-z0-9/_-]*$')",
             constraint_message=N_("Write only the number of the form: Latin letters, digits and hyphens, no spaces.")),
    Question("date", "consent_date", N_("Date the consent form was signed"), fills="consent.date", required=True,
             relevant=CONSENT, constraint=". <= today()", constraint_message=N_("This date is in the future.")),
    Question("select_multiple consent_scope", "consent_scope", N_("What did she agree to?"),
             N_("Tick only what is ticked on the signed consent form."), fills="consent.scope", required=True,
             relevant=CONSENT),
    Question("end_group", "consent"),
    Question("begin_group", "incident", N_("What happened"), relevant=CONSENT, appearance="field-list"),
    Question("select_one language", "story_language", N_("Language you write her answers in"),
             fills="language", required=True),
    Question("select_one city", "city", N_("City where it happened"),
             N_("Only the city: never the street, the district or the place."), fills="city", required=True),
    Question("integer", "incident_year", N_("Year it happened"), fills="ignore", required=True,
             constraint=". >= 1950 and . <= number(format-date(today(), '%Y'))",
             constraint_message=N_("Write a year from 1950 to this year, e.g. 2025.")),
    Question("select_one month", "incident_month", N_("Month it happened"),
             N_("Leave it empty if she does not remember. Never note the day."), fills="ignore"),
    Question("calculate", "incident_date", fills="incident_date",
             calculation="if(${incident_month} != '', concat(${incident_year}, '-', ${incident_month}), "
                         "string(${incident_year}))"),
    Question("select_multiple violation", "violations", N_("What did the police do?"),
             N_("Tick everything that happened."), fills="violations", required=True),
    Question("select_multiple perpetrator", "perpetrators", N_("Who did it?"),
             N_("The service or unit only, never an officer's name or badge number."), fills="perpetrators"),
    Question("select_multiple response", "responses", N_("What was done afterwards?"),
             N_("Tick everything that was done."), fills="responses"),
    Question("select_multiple content_note", "content_notes", N_("Does her story describe any of these?"),
             N_("Readers are warned before the text."), fills="content_notes"),
    Question("select_multiple intersection", "intersections",
             N_("Does she want to say whether any of these apply to her?"), SENSITIVE_HINT, fills="intersections"),
    Question("select_one age_group", "age_group", N_("Her age group"), SENSITIVE_HINT, fills="age_group"),
    Question("select_one organization", "organization", N_("Your organisation"),
             N_("The organisation that documents this case."), fills="documented_by", required=True),
    Question("end_group", "incident"),
    Question("begin_group", "story", N_("Her story"), relevant=CONSENT),
    Question("text", "title", N_("A short headline"),
             N_("A few words about what happened, e.g. \"Held at the station until she paid\"."),
             fills="title", required=True),
    Question("text", "summary", N_("What happened, in one or two sentences"), fills="summary", required=True),
    Question("text", "narrative", N_("What happened, in her words"),
             N_("Write what she tells you. Leave out names (hers, her family's, the officers'), nicknames, "
                "addresses, phone numbers, her workplace and the day: write \"in March\", not the date."),
             fills="body", required=True, appearance="multiline"),
    Question("end_group", "story"),
)

CONSENT_CHOICES = (("yes", N_("Yes, she signed it")), ("no", N_("No")))
SCOPE_CHOICES = (("text", N_("Publishing her story (never her name)")), ("city", N_("Naming the city")),
                 ("photos", N_("Publishing photos")), ("translation", N_("Translating her story into other languages")))


@dataclass
class IntakeForm:
    form_id: str
    version: str
    languages: list  # site languages, default first
    default_language: str
    title: dict  # language -> form title
    questions: list  # Question, translated
    choices: list  # Choice
    untranslated: dict = field(default_factory=dict)  # language -> [English texts shown untranslated]

    def column(self, lang: str) -> str:
        """The XLSForm language of `lang`, as in `label::Русский (ru)`."""
        return language_column(lang)

    def settings(self) -> dict:
        return {"form_title": self.title[self.default_language], "form_id": self.form_id, "version": self.version,
                "default_language": self.column(self.default_language), "style": "pages"}

    def survey_rows(self) -> list[dict]:
        rows = []
        for q in self.questions:
            row = {"type": {"begin_group": "begin group", "end_group": "end group"}.get(q.type, q.type), "name": q.name}
            for lang in self.languages:
                col = self.column(lang)
                if q.labels:
                    row[f"label::{col}"] = q.labels[lang]
                if q.hints:
                    row[f"hint::{col}"] = q.hints[lang]
                if q.constraint_messages:
                    row[f"constraint_message::{col}"] = q.constraint_messages[lang]
                if q.required:
                    row[f"required_message::{col}"] = gettext_for(lang)(REQUIRED_MESSAGE)
            if q.required:
                row["required"] = "yes"
            for key in ("relevant", "constraint", "appearance", "calculation"):
                if getattr(q, key):
                    row[key] = getattr(q, key)
            rows.append(row)
        return rows

    def choice_rows(self) -> list[dict]:
        return [{"list_name": c.list_name, "name": c.name,
                 **{f"label::{self.column(lang)}": c.labels[lang] for lang in self.languages}} for c in self.choices]

    def choices_of(self, list_name: str) -> list[Choice]:
        return [c for c in self.choices if c.list_name == list_name]

    def inputs(self) -> list[Question]:
        """The questions a documenter answers (no groups, notes or calculations)."""
        return [q for q in self.questions if q.type.split()[0] not in ("begin_group", "end_group", "note", "calculate")]


def language_column(lang: str) -> str:
    return f"{_capitalise(Locale.parse(lang).get_display_name(lang) or lang)} ({lang})"


def _capitalise(text: str) -> str:
    """First letter upper-case in scripts that have cases in running text (Georgian has none:
    its upper-case letters, Mtavruli, are for headings only)."""
    if text and unicodedata.name(text[0], "").startswith(("LATIN", "CYRILLIC", "GREEK", "ARMENIAN")):
        return text[0].upper() + text[1:]
    return text


def form_id_for(site_name: str) -> str:
    """A stable form id from the site's name: its initials, e.g. 'wav_intake' (ODK ids are XML names)."""
    ascii_name = unicodedata.normalize("NFKD", site_name).encode("ascii", "ignore").decode("ascii")
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z0-9]+", ascii_name)).lower()
    return f"{initials or 'campaign'}_intake"


def _label(texts: dict, lang: str, default: str) -> str:
    return texts.get(lang) or texts.get(default) or ""


def build_form(registries: Registries, languages, default_language: str, site_name: str) -> IntakeForm:
    """The story intake form for these registries, in these languages (default first)."""
    languages = list(languages)
    untranslated = {lang: [] for lang in languages if lang != default_language}

    def tr(text):
        out = {}
        for lang in languages:
            out[lang] = gettext_for(lang)(text)
            if lang != default_language and out[lang] == text and text not in untranslated[lang]:
                untranslated[lang].append(text)
        return out

    questions, group = [], None
    for proto in QUESTIONS:
        q = Question(**{k: v for k, v in proto.__dict__.items() if k not in ("labels", "hints", "constraint_messages")})
        if q.type == "end_group":
            group = None
        q.group = group
        if q.type == "begin_group":
            group = q.name
        q.labels = tr(q.label) if q.label else {}
        q.hints = tr(q.hint) if q.hint else {}
        q.constraint_messages = tr(q.constraint_message) if q.constraint_message else {}
        questions.append(q)
    tr(REQUIRED_MESSAGE)

    choices = [Choice("consent_given", name, tr(text)) for name, text in CONSENT_CHOICES]
    choices += [Choice("consent_scope", name, tr(text)) for name, text in SCOPE_CHOICES]
    # each language by its own name, whatever the form's language: she reads it in her language
    choices += [Choice("language", lang, {other: language_column(lang).rsplit(" (", 1)[0] for other in languages})
                for lang in languages]
    for slug, city in registries.cities.items():
        choices.append(Choice("city", slug, {lang: _label(city.get("name") or {}, lang, default_language)
                                             for lang in languages}))
    months = {lang: get_month_names("wide", context="stand-alone", locale=lang) for lang in languages}
    choices += [Choice("month", f"{m:02d}", {lang: _capitalise(months[lang][m]) for lang in languages})
                for m in range(1, 13)]
    for list_name, taxonomy in TAXONOMY_LISTS.items():
        tax = registries.taxonomies.get(taxonomy)
        for term in (tax.terms.values() if tax else ()):
            choices.append(Choice(list_name, term.slug, {lang: _label(term.label, lang, default_language)
                                                         for lang in languages}))
    for slug, org in registries.organizations.items():
        choices.append(Choice("organization", slug, {lang: _label(org.get("name") or {}, lang, default_language)
                                                     for lang in languages}))
    for c in choices:
        if c.list_name in ("city", "organization", *TAXONOMY_LISTS):
            for lang in untranslated:
                source = _source_labels(registries, c)
                if lang not in source and c.labels[lang] not in untranslated[lang]:
                    untranslated[lang].append(c.labels[lang])

    form = IntakeForm(form_id=form_id_for(site_name), version="", languages=languages,
                      default_language=default_language, title=tr(FORM_TITLE), questions=questions, choices=choices,
                      untranslated={k: v for k, v in untranslated.items() if v})
    form.version = content_version(form)
    return form


def _source_labels(registries: Registries, choice: Choice) -> dict:
    """The labels the registry itself gives a choice (to tell a real translation from a fallback)."""
    if choice.list_name == "city":
        return registries.cities[choice.name].get("name") or {}
    if choice.list_name == "organization":
        return registries.organizations[choice.name].get("name") or {}
    return registries.term(TAXONOMY_LISTS[choice.list_name], choice.name).label


def content_version(form: IntakeForm) -> str:
    """A version string that changes exactly when the form's content changes."""
    settings = {k: v for k, v in form.settings().items() if k != "version"}
    blob = json.dumps([form.survey_rows(), form.choice_rows(), settings], ensure_ascii=False, sort_keys=True)
    return "v" + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:10]


__all__ = ["Question", "Choice", "IntakeForm", "build_form", "content_version", "language_column", "form_id_for",
           "TAXONOMY_LISTS"]
