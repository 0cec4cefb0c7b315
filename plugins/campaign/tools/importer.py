"""`campaign import`: a data-collection form export (CSV) to draft story records.

KoboToolbox and ODK export one submission per row under a header row. A
mapping file (YAML, see examples/kobo-mapping.yml) says which form column
fills which front-matter field, how the form's choice values become taxonomy
term slugs, and which columns must never be copied (`drop`: names, phone
numbers...). Each row becomes one draft file, in the language of the row:

- always `status: draft`: the importer never publishes;
- a row is written completely or not at all: every problem of a row is
  collected first, and a row with any problem leaves no file (the report
  names the row, the column and what is wrong);
- an existing file is never overwritten (a row whose slug is taken is
  reported; running the import twice writes nothing the second time);
- incident dates keep only the year and month, never the day;
- probable personal data (campaign.pii.find_pii, and any word of a dropped
  column found again in the copied text, e.g. the respondent's name in the
  narrative) is listed in a comment block at the top of the front matter,
  with its line in the file, so the editor removes it before review.

A mapping column may name its form group (`group:`): the column is then found
whatever header convention the export used (KoboToolbox: `group/question` or
the bare name, with the separator chosen at export; ODK Central:
`group-question`), and a select-multiple question is read from one column of
space-separated answers or from one column per choice (`question/choice`,
1 or 0). `campaign form` writes such a mapping beside the form it reads.

Plain Python: no MkDocs imports.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content.problems import Problems, shown_path
from ..content.recordtypes import FOLDERS
from ..content.registries import TERM_FIELDS, load_registries
from ..content.yamlsource import parse_markdown
from ..safety.fingerprints import NOT_A_VALUE
from ..safety.pii import find_pii

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DROP = "drop"
IGNORE = "ignore"  # form bookkeeping (submission time, review state...): not copied, not searched, not listed
# how exports join a group and a question, or a question and a choice (KoboToolbox lets the user choose)
SEPARATORS = ("/", "-", ".", ":")
_SELECTED = {"1", "true", "yes"}
_NOT_SELECTED = {"", "0", "false", "no"}
RECORD_TYPE = "story"

# Fields a form column may fill (dotted names are sub-fields), in the order they
# are written. status, published and review are never taken from a form.
FIELD_ORDER = ("title", "summary", "city", "incident_date", "violations", "perpetrators", "responses",
               "content_notes", "intersections", "age_group", "documented_by",
               "consent.reference", "consent.date", "consent.scope")
IMPORTABLE = set(FIELD_ORDER) | {"body"}
LIST_FIELDS = {"violations", "perpetrators", "responses", "content_notes", "intersections", "consent.scope"}
# Required by the story schema: a row without them is not imported unless the
# mapping says `required: false` (the draft would be incomplete).
SCHEMA_REQUIRED = {"title", "summary", "city", "incident_date", "violations", "documented_by"}
CONSENT_SCOPES = ("text", "city", "photos", "translation")
TEXT_FIELDS = ("title", "summary")  # free text in the front matter, searched for personal data

PII_WORDS = {"phone": "phone number", "email": "e-mail address", "social": "social-media profile",
             "id-number": "identity-document number", "address": "street address"}


class MappingError(Exception):
    """The mapping file (or the export as a whole) cannot be used; nothing was imported."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class Column:
    name: str  # header in the export
    field: str  # front-matter field, "body", or "drop"
    required: bool = False
    choices: dict = field(default_factory=dict)  # casefolded form value -> slug, list of slugs, or None (skip)
    separator: str | None = None  # None: whitespace (Kobo/ODK select_multiple)
    group: str | None = None  # the form group of the question ("consent", "a/b"), for prefixed headers


@dataclass
class Mapping:
    path: str
    columns: dict  # header -> Column
    id_column: str | None = None
    slug: str = "{city}-{id}"
    language_column: str | None = None
    language_group: str | None = None
    id_columns: list = field(default_factory=list)  # id_column given as a list: the first in the export is used
    form: dict = field(default_factory=dict)  # id and version of the form the mapping was made for
    language_values: dict = field(default_factory=dict)  # casefolded form value -> language code
    default_language: str | None = None
    defaults: dict = field(default_factory=dict)  # field -> value used when a row gives none

    @property
    def dropped(self) -> list[str]:
        return [c.name for c in self.columns.values() if c.field == DROP]

    def column_for(self, fname: str) -> Column | None:
        return next((c for c in self.columns.values() if c.field == fname), None)


@dataclass
class RowProblem:
    row: int  # row in the spreadsheet: the header is row 1, the first submission row 2
    column: str  # header of the column in the export, "-" for the row as a whole
    message: str
    hint: str = ""
    form_id: str = ""

    def format(self) -> str:
        who = f"row {self.row}" + (f" (form id {self.form_id})" if self.form_id else "")
        text = f"{who}: {self.column}: {self.message}"
        if self.hint:
            text += f"\n    how to fix: {self.hint}"
        return text


@dataclass
class Flag:
    """One probable piece of personal data in a written draft."""
    line: int  # line in the file
    field: str  # title, summary or body
    what: str  # e.g. "phone number"


@dataclass
class Draft:
    row: int
    form_id: str
    slug: str
    lang: str
    meta: dict
    body: str
    path: Path | None = None  # set when planned
    text: str = ""
    flags: list = field(default_factory=list)
    dropped: list = field(default_factory=list)  # values of the row's dropped columns: fingerprinted, never written


@dataclass
class ImportResult:
    source: str
    rows: int = 0
    drafts: list = field(default_factory=list)  # Draft, written (or planned, on a dry run)
    rejected: dict = field(default_factory=dict)  # row -> [RowProblem]
    notes: list = field(default_factory=list)  # RowProblem: changes made to a row that was imported
    skipped: list = field(default_factory=list)  # RowProblem: submissions imported before (by an earlier run)
    dropped: list = field(default_factory=list)  # columns marked drop
    unmapped: list = field(default_factory=list)  # columns the mapping does not name: not copied either
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.rejected

    def report(self, root: Path | None = None) -> str:
        def show(path):
            return shown_path(path, root)

        verb = "Would import" if self.dry_run else "Imported"
        out = [f"{verb} {len(self.drafts)} of {self.rows} row(s) from {self.source} as drafts (status: draft; nothing is published)."]
        for d in self.drafts:
            flag = f"  <- {len(d.flags)} probable personal detail(s) to remove, listed at the top of the file" if d.flags else ""
            out.append(f"  row {d.row}" + (f" (form id {d.form_id})" if d.form_id else "") + f" -> {show(d.path)}{flag}")
        if self.skipped:
            out.append("")
            out.append(f"{len(self.skipped)} row(s) were imported before and were left alone:")
            out.extend(_indent(p.format()) for p in self.skipped)
        if self.rejected:
            out.append("")
            out.append(f"{len(self.rejected)} row(s) were NOT imported (no file was written for them):")
            for row in sorted(self.rejected):
                out.extend(_indent(p.format()) for p in self.rejected[row])
        if self.notes:
            out.append("")
            out.append("Changes made while importing (check them):")
            out.extend(_indent(p.format()) for p in self.notes)
        if self.dropped or self.unmapped:
            out.append("")
        if self.dropped:
            out.append("Never copied (marked drop in the mapping): " + ", ".join(self.dropped))
        if self.unmapped:
            out.append("Not copied (not in the mapping): " + ", ".join(self.unmapped))
        if self.drafts and not self.dry_run:
            out.append("")
            out.append("Next: open each draft, remove the personal details listed at its top, fill in what is missing, "
                       "then run: campaign check")
        return "\n".join(out)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


# ------------------------------------------------------------------ mapping --

def _fold(value) -> str:
    """Comparison form of a form value or a name: case-, accent- and ё-insensitive, single spaces."""
    text = unicodedata.normalize("NFKC", str(value)).casefold().replace("ё", "е")
    return " ".join(text.split())


def load_mapping(path) -> Mapping:
    """Read and check a mapping file; raises MappingError listing every mistake."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError:
        raise MappingError(f"{path}: the mapping file does not exist") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise MappingError(f"{path}{where}: the mapping cannot be read as YAML ({getattr(exc, 'problem', exc)}); "
                           "check the indentation and that every ':' has a space after it") from None
    if not isinstance(data, dict):
        raise MappingError(f"{path}: the mapping must be a group of 'key: value' lines (see plugins/campaign/tools/examples/kobo-mapping.yml)")
    errors = []
    known_keys = {"type", "form", "id_column", "slug", "language", "defaults", "columns"}
    for key in data:
        if key not in known_keys:
            errors.append(f"{path}: '{key}' is not a known key of a mapping; known keys: {', '.join(sorted(known_keys))}")
    rtype = data.get("type", RECORD_TYPE)
    if rtype != RECORD_TYPE:
        errors.append(f"{path}: type: only stories can be imported from a form (type: story), not '{rtype}'")

    columns = {}
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, dict) or not raw_columns:
        errors.append(f"{path}: columns: list the form's columns, each with the field it fills or 'drop'")
        raw_columns = {}
    for name, spec in raw_columns.items():
        name = str(name)
        if isinstance(spec, str):
            spec = {"field": spec}
        if not isinstance(spec, dict) or not isinstance(spec.get("field"), str):
            errors.append(f"{path}: columns: {name}: give the field it fills (e.g. 'city') or 'drop'")
            continue
        fname = spec["field"]
        if fname not in (DROP, IGNORE) and fname not in IMPORTABLE:
            errors.append(f"{path}: columns: {name}: '{fname}' is not a field a form can fill; use one of "
                          + ", ".join(FIELD_ORDER) + ", body, drop or ignore")
            continue
        unknown = set(spec) - {"field", "required", "choices", "separator", "group"}
        if unknown:
            errors.append(f"{path}: columns: {name}: unknown option(s) {', '.join(sorted(unknown))}; "
                          "use field, required, choices, separator, group")
        group = spec.get("group")
        if group is not None and not isinstance(group, str):
            errors.append(f"{path}: columns: {name}: group must be the name of the form group, e.g. 'incident'")
            group = None
        choices = spec.get("choices") or {}
        if not isinstance(choices, dict):
            errors.append(f"{path}: columns: {name}: choices must be 'form value: slug' lines")
            choices = {}
        required = spec.get("required", fname in SCHEMA_REQUIRED)
        if fname in (DROP, IGNORE):
            required = False
        columns[name] = Column(name, fname, bool(required), {_fold(k): v for k, v in choices.items()},
                               spec.get("separator"), group)
    used = {}
    for col in columns.values():
        if col.field not in (DROP, IGNORE):
            if col.field in used:
                errors.append(f"{path}: columns: '{used[col.field]}' and '{col.name}' both fill '{col.field}'; keep one")
            used[col.field] = col.name

    lang = data.get("language") or {}
    if isinstance(lang, str):
        lang = {"column": lang}
    if not isinstance(lang, dict):
        errors.append(f"{path}: language: give 'column', 'values' and/or 'default'")
        lang = {}
    values = {_fold(k): str(v) for k, v in (lang.get("values") or {}).items()}

    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        errors.append(f"{path}: defaults: give 'field: value' lines")
        defaults = {}
    for key in defaults:
        if key not in IMPORTABLE or key == "body":
            errors.append(f"{path}: defaults: '{key}' is not a field a form can fill; use one of " + ", ".join(FIELD_ORDER))
    slug = str(data.get("slug") or "{city}-{id}")
    bad = set(re.findall(r"{([^}]*)}", slug)) - {"city", "id", "row", "year"}
    if bad:
        errors.append(f"{path}: slug: unknown placeholder(s) {', '.join('{' + b + '}' for b in sorted(bad))}; "
                      "use {city}, {id}, {row} and {year}")
    id_columns = data.get("id_column")
    if isinstance(id_columns, str):
        id_columns = [id_columns]
    elif id_columns is None:
        id_columns = []
    elif not (isinstance(id_columns, list) and all(isinstance(c, str) for c in id_columns)):
        errors.append(f"{path}: id_column: give the column holding each submission's id, or a list of such columns")
        id_columns = []
    form = data.get("form") or {}
    if not isinstance(form, dict):
        errors.append(f"{path}: form: give the 'id' and 'version' of the form (written by 'campaign form')")
        form = {}
    if errors:
        raise MappingError(errors)
    return Mapping(path=str(path), columns=columns, id_column=id_columns[0] if id_columns else None, slug=slug,
                   language_column=lang.get("column"), language_group=lang.get("group"), language_values=values,
                   default_language=lang.get("default"), defaults=dict(defaults), id_columns=id_columns,
                   form=dict(form))


# -------------------------------------------------------------- the export --

def read_export(path) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and (spreadsheet row number, {header: value}) of a CSV export.

    Kobo exports may use ';' instead of ','; a byte-order mark is ignored.
    Completely empty rows are skipped.
    """
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise MappingError(f"{path}: the export file does not exist") from None
    except UnicodeDecodeError:
        raise MappingError(f"{path}: the export is not UTF-8 text; export the CSV again choosing UTF-8") from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise MappingError(f"{path}: the export is empty") from None
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        rows.append((number, {h: cells[i] for i, h in enumerate(header) if h}))
    return header, rows


# ------------------------------------------------- header conventions --

def _variants(name: str, group: str | None) -> list[str]:
    """Headers a form question can have in an export: its bare name, or its group path and
    its name joined by any separator (KoboToolbox: group/question; ODK Central: group-question)."""
    out = [name]
    if group:
        parts = [p for p in group.split("/") if p]
        out += [sep.join(parts + [name]) for sep in SEPARATORS]
    return out


@dataclass
class _Layout:
    """Where the mapping's columns are in one export."""
    where: dict  # column name -> header
    split: dict  # column name -> {choice: header}: a select-multiple exported as one column per choice
    id_column: str | None
    language_column: str | None
    used: set  # every header the mapping accounts for

    def cells(self, row: dict, mapping: Mapping) -> tuple[dict, list]:
        """The row keyed by the mapping's column names, and (header, message, hint) problems."""
        out, problems = {}, []
        for name, header in self.where.items():
            out[name] = row.get(header) or ""
        for name, per_choice in self.split.items():
            chosen = []
            for choice, header in per_choice.items():
                value = (row.get(header) or "").strip()
                if value.casefold() in _SELECTED:
                    chosen.append(choice)
                elif value.casefold() not in _NOT_SELECTED:
                    problems.append((header, f"'{value}' is neither 1 (chosen) nor 0 (not chosen)",
                                     "export again from KoboToolbox or ODK Central without editing the file"))
            out[name] = (mapping.columns[name].separator or " ").join(chosen)
        return out, problems


def _layout(header: list[str], mapping: Mapping) -> _Layout:
    present = set(header)
    where, split, used = {}, {}, set()
    for col in mapping.columns.values():
        variants = _variants(col.name, col.group)
        found = next((v for v in variants if v in present), None)
        if found:
            where[col.name] = found
            used.add(found)
        if col.field in LIST_FIELDS:
            # one column per choice: "<question><separator><choice>", beside or instead of the answers' column
            per_choice = {}
            for base in variants:
                for sep in SEPARATORS:
                    for h in header:
                        if h.startswith(base + sep) and len(h) > len(base + sep) and h not in where.values():
                            per_choice.setdefault(h[len(base + sep):], h)
            used.update(per_choice.values())
            if per_choice and not found:
                split[col.name] = per_choice
    id_column = next((c for c in mapping.id_columns if c in present), None)
    language = None
    if mapping.language_column:
        language = next((v for v in _variants(mapping.language_column, mapping.language_group) if v in present), None)
    used |= set(mapping.id_columns) | {language}
    return _Layout(where, split, id_column, language, used)


# ---------------------------------------------------------------- values --

_DATE_FORMS = [
    # (regex, year group, month group, day group)
    (re.compile(r"^(\d{4})$"), 1, None, None),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), 1, 2, None),
    (re.compile(r"^(\d{1,2})[-/.](\d{4})$"), 2, 1, None),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$"), 1, 2, 3),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[T ].*)?$"), 3, 2, 1),
]


def _parse_date(value: str):
    """(year, month or None, day or None) of a date as forms export it, or None."""
    for rx, y, m, d in _DATE_FORMS:
        match = rx.match(value.strip())
        if match:
            year = int(match.group(y))
            month = int(match.group(m)) if m else None
            day = int(match.group(d)) if d else None
            return year, month, day
    return None


class _RowError(Exception):
    def __init__(self, message, hint=""):
        super().__init__(message)
        self.message, self.hint = message, hint


class _Lookups:
    """Cities and organisations by slug or name in any language; taxonomy terms."""

    def __init__(self, registries):
        self.registries = registries
        self.cities = {}
        for slug, city in registries.cities.items():
            self.cities[_fold(slug)] = slug
            for name in (city.get("name") or {}).values():
                self.cities.setdefault(_fold(name), slug)
        self.orgs = {}
        for slug, org in registries.organizations.items():
            self.orgs[_fold(slug)] = slug
            for name in (org.get("name") or {}).values():
                self.orgs.setdefault(_fold(name), slug)

    def terms(self, fname):
        taxonomy = TERM_FIELDS[RECORD_TYPE].get(fname)
        tax = self.registries.taxonomies.get(taxonomy)
        return taxonomy, (tax.terms if tax else {})


def _choice(col: Column, raw: str):
    """The mapped value of one form answer: (found, value); value None means 'skip this answer'."""
    key = _fold(raw)
    if key in col.choices:
        return True, col.choices[key]
    return False, raw


def _convert(col: Column, fname: str, raw: str, lookups: _Lookups, today: dt.date):
    """The front-matter value of one answer, and a note on any change made to it."""
    if fname == "body":
        text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
        return text + "\n", None
    if fname in ("title", "summary", "consent.reference"):
        return " ".join(raw.split()), None
    if fname == "incident_date":
        parsed = _parse_date(raw)
        if not parsed:
            raise _RowError(f"'{raw}' is not a date the importer can read",
                            "write the year and month, e.g. 2016-03 (or 2016 if the month is not known)")
        year, month, day = parsed
        if day is not None and not 1 <= day <= 31:
            raise _RowError(f"'{raw}' has no day {day}", "write the year and month, e.g. 2016-03")
        if month is not None and not 1 <= month <= 12:
            raise _RowError(f"'{raw}' has no month {month}", "write the year and month, e.g. 2016-03")
        if year < 1950 or (year, month or 1) > (today.year, today.month):
            raise _RowError(f"'{raw}' is not a possible incident date", "check the year and month")
        value = f"{year:04d}" if month is None else f"{year:04d}-{month:02d}"
        note = None
        if day is not None:
            note = (f"the day was removed for safety: '{raw}' became '{value}'",
                    "nothing to do; incident dates keep only the year and month")
        return value, note
    if fname == "consent.date":
        parsed = _parse_date(raw)
        if not parsed or parsed[1] is None or parsed[2] is None:
            raise _RowError(f"'{raw}' is not a full date", "the consent date is written as YYYY-MM-DD, e.g. 2016-05-20")
        try:
            return dt.date(*parsed).isoformat(), None
        except ValueError:
            raise _RowError(f"'{raw}' is not a real date", "the consent date is written as YYYY-MM-DD") from None
    if fname == "city":
        return _registry_entry(col, raw, lookups.registries.cities, lookups.cities, "city",
                               "use a city of content/_data/places.yml (its slug or its name in any language)"), None
    if fname == "documented_by":
        return _registry_entry(col, raw, lookups.registries.organizations, lookups.orgs, "organisation",
                               "use an organisation of content/_data/organizations.yml (slug or name)"), None
    # choice fields: taxonomy terms and consent scope
    if fname == "consent.scope":
        allowed, what = {s: s for s in CONSENT_SCOPES}, "consent scope"
    else:
        taxonomy, allowed = lookups.terms(fname)
        what = f"term of the taxonomy '{taxonomy}'"
    answers = raw.split(col.separator) if col.separator else raw.split()
    if fname not in LIST_FIELDS:
        answers = [raw]
    out = []
    for answer in (a.strip() for a in answers):
        if not answer:
            continue
        found, value = _choice(col, answer)
        if not found:
            value = answer if answer in allowed else (answer.lower() if answer.lower() in allowed else False)
            if value is False:
                known = ", ".join(sorted(k for k in col.choices)) or ", ".join(allowed)
                raise _RowError(f"unknown choice '{answer}'",
                                f"the mapping knows: {known}; add '{answer}: <{what}>' under choices of this column "
                                "in the mapping (or '~' to leave that answer out)")
        for slug in (value if isinstance(value, list) else [value]):
            if slug is None:
                continue
            if slug not in allowed:
                raise _RowError(f"the choice '{answer}' is mapped to '{slug}', which is not a {what}",
                                "correct the mapping: use one of " + ", ".join(allowed))
            if slug not in out:
                out.append(slug)
    if fname not in LIST_FIELDS:
        return (out[0] if out else None), None
    return out, None


def _ascii_slug(value: str) -> str:
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ----------------------------------------------------------------- a draft --

def _dump(key: str, value) -> str:
    """One 'key: value' line; lists in brackets ([a, b]), text quoted where YAML needs it."""
    flow = None if isinstance(value, list) else False
    return yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, default_flow_style=flow,
                          width=10 ** 6).rstrip("\n")


def _front_matter(meta: dict) -> list[str]:
    lines = []
    for key, value in meta.items():
        if key == "consent":
            lines.append("consent:                     # check it against the consent form kept offline")
            for sub, val in value.items():
                lines.append("  " + _dump(sub, val))
            continue
        if key == "incident_date":
            lines.append(f'incident_date: "{value}"')  # digits and a hyphen only; quoted like the scaffold's
            continue
        lines.append(_dump(key, value))
    if "content_notes" not in meta:
        lines.append("# content_notes: []           # warnings shown before the text, e.g. [sexual-violence]")
    lines += [
        "# Added when the story is approved (see the editors' guide):",
        "# published: YYYY-MM-DD       # the day it goes public",
        "# review:",
        "#   by: []                    # at least two editors' handles, none from the documenting organisation",
        "#   date: YYYY-MM-DD",
    ]
    return lines


def _render(draft: Draft, header: list[str]) -> str:
    return "---\n" + "\n".join(header + _front_matter(draft.meta)) + "\n---\n" + draft.body


def _words(value: str) -> list[str]:
    """The full value and its words of 3+ letters (a dropped name, to find again in the text)."""
    value = " ".join(value.split())
    if _fold(value) in NOT_A_VALUE:
        return []
    out = [value] if len(value) >= 5 else []
    for word in re.findall(r"[^\W\d_]{3,}", value):
        if word not in out and _fold(word) not in NOT_A_VALUE:
            out.append(word)
    return out


def _flags(draft: Draft, header_len: int, dropped_values: dict) -> list[Flag]:
    """Probable personal data in the draft, with the file line of each (header of header_len lines)."""
    doc = parse_markdown(_render(draft, ["#"] * header_len))
    texts = [(f, draft.meta[f], doc.line_of((f,))) for f in TEXT_FIELDS if isinstance(draft.meta.get(f), str)]
    texts.append(("body", doc.body, doc.body_line))
    flags = []
    for fname, text, first in texts:
        for finding in find_pii(text):
            line = first + finding.line - 1
            flags.append(Flag(line, fname, PII_WORDS.get(finding.kind, finding.kind)))
        for column, value in dropped_values.items():
            for word in _words(value):
                rx = re.compile(r"(?<!\w)" + re.escape(word) + (r"(?!\w)" if len(word) < 4 else ""), re.IGNORECASE)
                for match in rx.finditer(text):
                    line = first + text.count("\n", 0, match.start())
                    flags.append(Flag(line, fname, f"'{column}' was dropped, but its value appears here"))
    unique = []
    for flag in sorted(flags, key=lambda f: (f.line, f.field, f.what)):
        if flag not in unique:
            unique.append(flag)
    return unique


def _header(draft: Draft, source: str, flags: list[Flag]) -> list[str]:
    who = f"row {draft.row}" + (f", form id {draft.form_id}" if draft.form_id else "")
    lines = [f"# Imported by 'campaign import' from {source} ({who}). Keep this line: it stops a second import."]
    if flags:
        lines.append(f"# PROBABLE PERSONAL DATA ({len(flags)}): remove or rewrite each item below before review,")
        lines.append("# then delete this list. Also read the whole text for names the check cannot find.")
        lines.extend(f"#   line {f.line} ({f.field}): {f.what}" for f in flags)
    else:
        lines.append("# No probable personal data was found; still read the text for names, places and dates.")
    return lines


_PROVENANCE_RE = re.compile(r"^# Imported by 'campaign import' from .* \(row \d+, form id (?P<id>.+)\)\.")


def _imported_ids(content_dir: Path) -> dict:
    """form id -> record file of drafts imported before (found by their first comment line, even renamed)."""
    found = {}
    for folder in FOLDERS.values():
        d = content_dir / folder
        for path in sorted(d.glob("*.md")) if d.is_dir() else ():
            try:
                with open(path, encoding="utf-8") as handle:
                    head = [handle.readline() for _ in range(3)]
            except (OSError, UnicodeDecodeError):
                continue
            for line in head:
                match = _PROVENANCE_RE.match(line)
                if match:
                    found.setdefault(match.group("id"), path)
    return found


def _existing(content_dir: Path, slug: str) -> Path | None:
    for folder in FOLDERS.values():
        d = content_dir / folder
        if not d.is_dir():
            continue
        for path in (d / f"{slug}.md", *sorted(d.glob(f"{slug}.*.md"))):
            if path.exists() and path.name.split(".")[0] == slug:
                return path
    return None


# ------------------------------------------------------------------ import --

def import_export(csv_path, mapping: Mapping, content_dir, languages, default_language="en", lang=None,
                  registries=None, today: dt.date | None = None, dry_run=False, also_check=()) -> ImportResult:
    """Turn every row of a form export into a draft story in content_dir/stories/.

    `languages` are the site's languages (default first); `lang` is the
    language of rows that do not say (default: the mapping's, else the site's
    default). `registries` default to those of content_dir/_data/; a slug is
    taken when a record file has it in content_dir or in any of the
    `also_check` content folders. Raises MappingError when the export and the
    mapping do not fit together (nothing is written then).
    """
    content_dir = Path(content_dir)
    today = today or dt.date.today()
    csv_path = Path(csv_path)
    header, rows = read_export(csv_path)
    if registries is None:
        problems = Problems()
        registries = load_registries(content_dir, default_language, problems, content_dir.parent)
        if problems.errors:
            raise MappingError(["the registries in content/_data/ have problems; run 'campaign check' and fix them first:",
                                problems.report()])
    lookups = _Lookups(registries)

    errors = []
    layout = _layout(header, mapping)
    for col in mapping.columns.values():
        if col.name not in layout.where and col.name not in layout.split and col.field not in (DROP, IGNORE):
            where = f" (in the form group '{col.group}')" if col.group else ""
            # a grouped column comes from a generated mapping: the export most likely has labels as headers
            advice = ("; export again choosing 'XML values and headers' (KoboToolbox) or CSV (ODK Central)"
                      if col.group else "")
            errors.append(f"{mapping.path}: columns: '{col.name}'{where} is not a column of {csv_path.name}{advice} "
                          f"(its columns are: {', '.join(h for h in header if h)})")
    if mapping.id_columns and not layout.id_column:
        errors.append(f"{mapping.path}: id_column: " + (f"'{mapping.id_columns[0]}' is" if len(mapping.id_columns) == 1
                      else "none of " + ", ".join(f"'{c}'" for c in mapping.id_columns) + " is")
                      + f" a column of {csv_path.name}")
    if mapping.language_column and not layout.language_column:
        errors.append(f"{mapping.path}: language: column: '{mapping.language_column}' is not a column of {csv_path.name}")
    fallback_lang = lang or mapping.default_language or default_language
    if fallback_lang not in languages:
        errors.append(f"the language '{fallback_lang}' is not configured for this site; use one of {', '.join(languages)}")
    for code in set(mapping.language_values.values()):
        if code not in languages:
            errors.append(f"{mapping.path}: language: values: '{code}' is not a language of this site ({', '.join(languages)})")
    for fname, taxonomy in TERM_FIELDS[RECORD_TYPE].items():
        col = mapping.column_for(fname)
        terms = lookups.terms(fname)[1]
        for answer, value in (col.choices.items() if col else ()):
            for slug in (value if isinstance(value, list) else [value]):
                if slug is not None and slug not in terms:
                    errors.append(f"{mapping.path}: columns: {col.name}: choices: '{answer}' is mapped to '{slug}', "
                                  f"which is not a term of the taxonomy '{taxonomy}' (content/_data/taxonomies.yml)")
    if errors:
        raise MappingError(errors)

    result = ImportResult(source=csv_path.name, rows=len(rows), dry_run=dry_run,
                          dropped=[c for c in mapping.dropped if c in layout.where],  # those in this export
                          unmapped=[h for h in header if h and h not in layout.used])
    id_column = layout.id_column
    folder = content_dir / FOLDERS[RECORD_TYPE]
    planned = {}
    imported = {}
    for d in (*map(Path, also_check), content_dir):
        imported.update(_imported_ids(d))
    for number, row in rows:
        # ODK writes instance ids as "uuid:..." and KoboToolbox without the prefix: one id for both
        form_id = (row.get(id_column) or "").strip().removeprefix("uuid:") if id_column else ""
        cells, cell_problems = layout.cells(row, mapping)
        problems, notes = [], []
        if form_id and form_id in imported:
            # a draft made from this submission exists (maybe renamed or edited since): leave it alone
            result.skipped.append(RowProblem(number, id_column or "-",
                                             f"imported before, as {_shown_path(imported[form_id], content_dir)}",
                                             "", form_id))
            continue

        def problem(column, message, hint=""):
            problems.append(RowProblem(number, column, message, hint, form_id))  # noqa: B023 (called in this iteration only)

        for header_name, message, hint in cell_problems:
            problem(header_name, message, hint)

        # language of the row
        row_lang = fallback_lang
        if layout.language_column:
            raw = (row.get(layout.language_column) or "").strip()
            if raw:
                row_lang = mapping.language_values.get(_fold(raw), raw if raw in languages else None)
                if row_lang is None:
                    problem(layout.language_column, f"unknown language '{raw}'",
                            f"add '{raw}: <language code>' under language: values in the mapping "
                            f"(site languages: {', '.join(languages)})")

        # every mapped column, in field order
        values = {}
        for col in mapping.columns.values():
            if col.field in (DROP, IGNORE):
                continue
            raw = (cells.get(col.name) or "").strip()
            if not raw:
                continue
            try:
                value, note = _convert(col, col.field, raw, lookups, today)
            except _RowError as exc:
                problem(col.name, exc.message, exc.hint)
                continue
            if note:
                notes.append(RowProblem(number, col.name, note[0], note[1], form_id))
            if value not in (None, [], ""):
                values[col.field] = value
        for fname, raw in mapping.defaults.items():
            if fname not in values:
                col = mapping.column_for(fname) or Column("defaults", fname)
                try:
                    values[fname] = _convert(col, fname, str(raw), lookups, today)[0]
                except _RowError as exc:
                    problem(f"defaults: {fname}", exc.message, exc.hint)
        for col in mapping.columns.values():
            if col.required and col.field not in values and not any(p.column == col.name for p in problems):
                problem(col.name, "has no answer, and the mapping marks it as required",
                        "complete the answer in the form and export again, or write this story with 'campaign new'")

        # the slug: ASCII only
        city = values.get("city", "")
        slug = None
        if not problems:
            ident = _ascii_slug(form_id) or f"row-{number}"
            slug = _ascii_slug(mapping.slug.format(city=city, id=ident, row=number,
                                                   year=str(values.get("incident_date", ""))[:4]))
            if not SLUG_RE.match(slug or ""):
                problem("-", f"cannot make a file name from '{mapping.slug}' for this row",
                        "give the mapping a slug made of {city}, {id}, {row} and {year}")
            elif slug in planned:
                problem(id_column or "-", f"the file name '{slug}' is also made by row {planned[slug]}",
                        "two rows have the same form id; remove the duplicate submission from the export")
            else:
                taken = next((p for d in (content_dir, *map(Path, also_check)) if (p := _existing(d, slug))), None)
                if taken is not None:
                    problem(id_column or "-",
                            f"{_shown_path(taken, content_dir)} already exists; it was not overwritten",
                            "if that file is this submission, nothing to do; otherwise change slug: in the mapping "
                            "(e.g. \"{city}-{id}-{year}\") or rename the existing file")
        if problems:
            result.rejected[number] = problems
            continue
        planned[slug] = number

        meta = {"title": values.get("title"), "summary": values.get("summary"), "status": "draft",
                "original_language": row_lang}  # translations are reported against it (campaign translations)
        for fname in FIELD_ORDER:
            if fname in values and fname not in ("title", "summary"):
                if fname.startswith("consent."):
                    meta.setdefault("consent", {})[fname.split(".", 1)[1]] = values[fname]
                else:
                    meta[fname] = values[fname]
        meta = {k: v for k, v in meta.items() if v is not None}
        body = values.get("body") or "Write the story here.\n"
        draft = Draft(number, form_id, slug, row_lang, meta, body)
        suffix = "" if row_lang == default_language else f".{row_lang}"
        draft.path = folder / f"{slug}{suffix}.md"
        dropped_values = {c: (cells.get(c) or "").strip() for c in mapping.dropped if (cells.get(c) or "").strip()}
        draft.dropped = list(dropped_values.values())
        flags = _flags(draft, 2, dropped_values)
        header_lines = _header(draft, csv_path.name, flags)
        draft.flags = _flags(draft, len(header_lines), dropped_values)
        draft.text = _render(draft, _header(draft, csv_path.name, draft.flags))
        result.drafts.append(draft)
        result.notes.extend(notes)

    if not dry_run:
        written = []
        for draft in result.drafts:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                with open(draft.path, "x", encoding="utf-8") as handle:  # "x": never overwrite
                    handle.write(draft.text)
            except FileExistsError:
                result.rejected[draft.row] = [RowProblem(draft.row, "-", f"{_shown_path(draft.path, content_dir)} appeared "
                                                         "while importing; it was not overwritten", "", draft.form_id)]
                continue
            written.append(draft)
        result.drafts = written
    return result


def _registry_entry(col, raw: str, known, by_name: dict, what: str, advice: str) -> str:
    """The slug a cell names: through the column's choices, else by a registry slug or name."""
    found, value = _choice(col, raw)
    if found:
        if value in known:
            return value
    elif _fold(raw) in by_name:
        return by_name[_fold(raw)]
    if what == "city":
        # never "map it to another city": the story would be published under a place it did not happen in
        raise _RowError(f"unknown city '{raw}'",
                        f"{advice}; if the city is missing, ask the maintainer to add it to places.yml (never map "
                        "the answer to another city). A spelling of a listed city can be added under choices of "
                        f"this column in the mapping ('{raw}: <city slug>')")
    raise _RowError(f"unknown {what} '{raw}'",
                    f"{advice}, or add '{raw}: <{what} slug>' under choices of this column in the mapping")


def _shown_path(path: Path, content_dir: Path) -> str:
    """A path as editors see it in messages: content/stories/x.md."""
    try:
        return (Path(content_dir).name + "/" + Path(path).relative_to(content_dir).as_posix())
    except ValueError:
        return Path(path).as_posix()


__all__ = ["Mapping", "MappingError", "ImportResult", "RowProblem", "Draft", "Flag",
           "load_mapping", "read_export", "import_export"]
