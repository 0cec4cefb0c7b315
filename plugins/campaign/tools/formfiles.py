"""The files of the community reporting form, and whether the committed ones are current.

`write_form` writes, from one IntakeForm (campaign.tools.form):
- story-intake.xlsx: the XLSForm that KoboToolbox and ODK Central import
  (openpyxl; byte-identical for the same content, with no machine time in it);
- story-intake.xml: the XForm pyxform makes of it, the converter both
  platforms use: a form pyxform refuses is not written at all;
- mapping.yml: the mapping `campaign import` reads the form's exports with;
- paper-form.<lang>.html: the printable version (campaign.tools.paperform).

`committed_form_warnings` compares the files in a folder (the site keeps
them in content/_data/forms/, which is never published) with the form the
registries give now, for `campaign check`.
"""
from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import yaml

from .form import IntakeForm
from .paperform import render_paper

XLSFORM = "story-intake.xlsx"
XFORM = "story-intake.xml"
MAPPING = "mapping.yml"
FORMS_DIR = ("_data", "forms")  # under the content folder: never published (mkdocs.yml excludes _data/)

# Columns KoboToolbox and ODK Central add to every export. Who sent a submission can be a
# person's name: dropped (never copied, and looked for in the text); the rest is bookkeeping.
SUBMITTER_COLUMNS = ("_submitted_by", "SubmitterID", "SubmitterName", "DeviceID")
BOOKKEEPING_COLUMNS = ("start", "end", "_id", "_submission_time", "_validation_status", "_notes", "_status",
                       "__version__", "_version_", "_tags", "_index", "_attachments", "_geolocation",
                       "_parent_table_name", "_parent_index", "meta/rootUuid", "meta/deprecatedID",
                       "SubmissionDate", "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState",
                       "Edits", "FormVersion")
# each submission's own id, in the order looked for: KoboToolbox, ODK Central, other ODK servers
ID_COLUMNS = ["_uuid", "KEY", "meta/instanceID", "meta-instanceID", "instanceID"]


class FormError(Exception):
    """The form cannot be written (pyxform refused it); nothing was written."""


def forms_dir(content_dir) -> Path:
    return Path(content_dir).joinpath(*FORMS_DIR)


# ------------------------------------------------------------------- xlsx --

def _sheets(form: IntakeForm) -> dict:
    """Sheet name -> rows (header first) of the XLSForm."""
    sheets = {}
    for title, rows in (("survey", form.survey_rows()), ("choices", form.choice_rows()),
                        ("settings", [form.settings()])):
        header = []
        for row in rows:
            header += [key for key in row if key not in header]
        sheets[title] = [header] + [[row.get(key, "") for key in header] for row in rows]
    return sheets


def xlsform_bytes(form: IntakeForm) -> bytes:
    """The XLSForm as .xlsx bytes: the same content gives the same bytes (with the same openpyxl and lxml)."""
    from openpyxl import Workbook

    book = Workbook()
    for index, (title, rows) in enumerate(_sheets(form).items()):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    book.properties.creator = "campaign form"
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible(buffer.getvalue())


_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _reproducible(xlsx: bytes) -> bytes:
    """The same workbook with fixed times (openpyxl writes the current time in the file and the zip)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _TIMES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<3>", data)
            info = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return out.getvalue()


def to_xform(xlsx_path: Path) -> tuple[str, list[str]]:
    """The XForm of an XLSForm file, and pyxform's warnings; FormError if pyxform refuses it."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    try:
        # validate=False: ODK Validate needs Java; pyxform's own checks still run
        result = convert(xlsform=str(xlsx_path), validate=False, pretty_print=True, warnings=warnings,
                         file_type=".xlsx")
    except (PyXFormError, ValueError, KeyError) as exc:
        raise FormError(f"pyxform (the converter KoboToolbox and ODK Central use) refused the form: {exc}") from None
    return result.xform, warnings


# ---------------------------------------------------------------- mapping --

def mapping_data(form: IntakeForm) -> dict:
    columns = {name: "ignore" for name in BOOKKEEPING_COLUMNS}
    columns.update({name: "drop" for name in SUBMITTER_COLUMNS})
    for q in form.questions:
        if q.type in ("begin_group", "end_group") or q.fills == "language":
            continue
        spec = {"field": q.fills or "ignore"}  # notes: ODK Central exports them as empty columns
        if q.group:
            spec["group"] = q.group
        if q.fills not in (None, "ignore"):
            spec["required"] = q.required
        columns[q.name] = spec
    language = next(q for q in form.questions if q.fills == "language")
    return {
        "type": "story",
        "form": {"id": form.form_id, "version": form.version},
        "id_column": list(ID_COLUMNS),
        "slug": "{city}-{id}",
        "language": {"column": language.name, "group": language.group,
                     "values": {c.labels[form.default_language]: c.name for c in form.choices_of("language")},
                     "default": form.default_language},
        "columns": columns,
    }


MAPPING_HEADER = """\
# How `campaign import` reads the exports of the community reporting form
# {form_id}, version {version}. Written by `campaign form` together with the form:
# do not edit it. When a taxonomy, a city or an organisation changes, run
# `campaign form` again and deploy the new form (editors' guide: "The community reporting form").
#
#   campaign import export.csv --mapping {mapping} --dry-run
#
# It reads CSV exports of KoboToolbox ("XML values and headers", with or without
# groups in the headers, any group separator) and of ODK Central (with or without
# group names, with or without "split select multiple choices into columns").
# Every row becomes a DRAFT story; nothing is ever published by an import.
# drop: never copied (and looked for in the text); ignore: form bookkeeping.
"""


def mapping_text(form: IntakeForm, shown_path: str) -> str:
    body = yaml.safe_dump(mapping_data(form), allow_unicode=True, sort_keys=False, width=100)
    return MAPPING_HEADER.format(form_id=form.form_id, version=form.version, mapping=shown_path) + body


# ------------------------------------------------------------------ write --

def form_files(form: IntakeForm, shown_dir: str, warnings: list | None = None) -> dict:
    """File name -> bytes of every file of the form; FormError when pyxform refuses it.

    pyxform's warnings (the form converts, but something may not work as meant) go to `warnings`.
    """
    xlsx = xlsform_bytes(form)
    with tempfile.TemporaryDirectory(prefix="campaign-form-") as tmp:
        path = Path(tmp) / XLSFORM
        path.write_bytes(xlsx)
        xform, found = to_xform(path)
    if warnings is not None:
        warnings.extend(found)
    files = {XLSFORM: xlsx, XFORM: xform.encode("utf-8"),
             MAPPING: mapping_text(form, f"{shown_dir}/{MAPPING}").encode("utf-8")}
    for lang in form.languages:
        files[f"paper-form.{lang}.html"] = render_paper(form, lang).encode("utf-8")
    return files


def write_form(form: IntakeForm, out_dir, shown_dir: str | None = None, warnings: list | None = None) -> list[Path]:
    """Write every file of the form into out_dir (made if needed); nothing is written if pyxform refuses it."""
    out_dir = Path(out_dir)
    files = form_files(form, shown_dir or out_dir.as_posix(), warnings)
    out_dir.mkdir(parents=True, exist_ok=True)
    umask = os.umask(0)
    os.umask(umask)
    written = []
    for name, data in files.items():
        target = out_dir / name
        if name == XLSFORM and target.exists() and _same_xlsform(target, form):
            # the bytes of an .xlsx also depend on the XML library openpyxl finds: keep an identical form as it is
            written.append(target)
            continue
        handle, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; these are ordinary project files
        os.replace(tmp, target)
        written.append(target)
    return written


# ------------------------------------------------------------ staleness --

def _same_xlsform(path: Path, form: IntakeForm) -> bool:
    """Whether the .xlsx at `path` holds exactly this form's sheets."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
        found = {name: [["" if v is None else v for v in row] for row in book[name].iter_rows(values_only=True)]
                 for name in book.sheetnames}
    except Exception:  # a damaged file is simply written again
        return False
    return found == _sheets(form)


def _committed(path: Path):
    """(version, {list_name: [choice names]}) of a committed .xlsx; raises ValueError if unreadable."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
        settings = list(book["settings"].iter_rows(values_only=True))
        choices = list(book["choices"].iter_rows(values_only=True))
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ValueError(str(exc) or type(exc).__name__) from None
    head = list(settings[0]) if settings else []
    version = str(settings[1][head.index("version")]) if len(settings) > 1 and "version" in head else ""
    listed = {}
    if choices:
        cols = list(choices[0])
        for row in choices[1:]:
            if "list_name" in cols and "name" in cols and row[cols.index("list_name")]:
                listed.setdefault(str(row[cols.index("list_name")]), []).append(str(row[cols.index("name")]))
    return version, listed


def committed_form_warnings(form: IntakeForm, folder, shown) -> list[tuple[str, str, str]]:
    """(file, message, how to fix) for each committed form file that is not the form the registries give now.

    `shown(path)` gives a path as messages show it. No folder: nothing to say.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    fix = (f"run 'campaign form', commit the new files, and upload the new {XLSFORM} to KoboToolbox or "
           "ODK Central as a new version of the form (editors' guide: 'The community reporting form')")
    out = []
    xlsx, mapping = folder / XLSFORM, folder / MAPPING
    for path in (xlsx, mapping):
        if not path.exists():
            out.append((shown(path), "is missing: the form and its import mapping are written together", fix))
    if xlsx.exists():
        try:
            version, listed = _committed(xlsx)
        except ValueError as exc:
            out.append((shown(xlsx), f"cannot be read as a spreadsheet ({exc})", fix))
        else:
            if version != form.version:
                now = {}
                for c in form.choices:
                    now.setdefault(c.list_name, []).append(c.name)
                changes = []
                for list_name in now:
                    added = [n for n in now[list_name] if n not in listed.get(list_name, [])]
                    gone = [n for n in listed.get(list_name, []) if n not in now[list_name]]
                    changes += [f"new choice {list_name}: {n}" for n in added]
                    changes += [f"choice {list_name}: {n} no longer exists" for n in gone]
                what = ("; ".join(changes) if changes
                        else "its questions, labels or translations changed")
                out.append((shown(xlsx), f"the form is older than content/_data/ and the form texts (it is version "
                            f"{version or 'unknown'}, they now give {form.version}): {what}", fix))
    if mapping.exists():
        try:
            data = yaml.safe_load(mapping.read_text("utf-8")) or {}
            version = str((data.get("form") or {}).get("version") or "")
        except (yaml.YAMLError, UnicodeDecodeError, AttributeError):
            version = ""
        if version != form.version:
            out.append((shown(mapping), f"the import mapping was made for form version {version or 'unknown'}, "
                        f"not {form.version}: the form and its mapping are written together", fix))
    return out


__all__ = ["FormError", "XLSFORM", "XFORM", "MAPPING", "forms_dir", "xlsform_bytes", "to_xform", "mapping_data",
           "mapping_text", "form_files", "write_form", "committed_form_warnings"]
