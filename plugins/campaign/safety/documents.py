"""PDF documents (a record's evidence), rewritten without what identifies or runs.

A report saved from an office program carries its author, the organisation's
name, editing times and software in its document information and XMP
metadata; a PDF can also hold scripts, actions that run on opening, and
attached files. Nothing under content/assets/ is published as it is: a PDF a
published record uses is opened with pikepdf (qpdf) and saved again without
metadata, scripts, automatic actions and attachments. `probe` lets the check
refuse a PDF that cannot be read (damaged, encrypted) or is too large.
"""
from __future__ import annotations

import io

import pikepdf

MAX_BYTES = 30_000_000  # larger than any evidence document a partner shares


class DocumentError(ValueError):
    """A document that cannot be published, in words for editors."""


def probe(data: bytes) -> int:
    """The number of pages; DocumentError when the file cannot be published."""
    if len(data) > MAX_BYTES:
        raise DocumentError(f"the document is larger than {MAX_BYTES // 1_000_000} MB: make it smaller")
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except pikepdf.PasswordError as exc:
        raise DocumentError("the PDF is protected by a password: save it again without one") from exc
    except (pikepdf.PdfError, ValueError, OSError) as exc:
        raise DocumentError("the file is not a PDF the site can read: save it again as PDF") from exc


def _drop(dictionary, *keys) -> None:
    for key in keys:
        if key in dictionary:
            del dictionary[key]


def clean(data: bytes) -> bytes:
    """The PDF without metadata, scripts, automatic actions or attached files."""
    probe(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _drop(pdf.trailer, "/Info")  # title, author, creator, producer, dates
        _drop(pdf.Root, "/Metadata", "/OpenAction", "/AA", "/AcroForm", "/PieceInfo")
        if "/Names" in pdf.Root:
            _drop(pdf.Root.Names, "/JavaScript", "/EmbeddedFiles")
        for page in pdf.pages:
            _drop(page.obj, "/AA", "/Metadata", "/PieceInfo")
            if "/Annots" in page.obj:
                kept = [annot for annot in page.obj.Annots
                        if annot.get("/Subtype") not in ("/FileAttachment", "/Widget", "/Screen", "/Movie", "/Sound")
                        and not (annot.get("/A") is not None and annot.A.get("/S") in ("/JavaScript", "/Launch",
                                                                                       "/SubmitForm", "/ImportData"))]
                page.obj.Annots = pikepdf.Array(kept)
        out = io.BytesIO()
        pdf.remove_unreferenced_resources()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()
