"""The reviewers registry (content/_data/reviewers.yml) and the check of `review.by` against it.

A review counts only when it comes from someone the campaign knows and who
does not work for the organisation that documented the record (SPEC 3.7):
each handle in review.by must be in the registry, and its organisation must
differ from `documented_by`. The registry is optional for now: without it the
check can only compare handles with the organisation's slug.
"""
from __future__ import annotations

from pathlib import Path

from . import schemas
from .problems import Problems, shown_path
from .yamlsource import YamlError, parse_yaml

FILE = "_data/reviewers.yml"


def load_reviewers(content_dir, organizations: dict, problems: Problems, root=None) -> dict | None:
    """handle -> {handle, organization, languages}; None when the registry does not exist."""
    path = Path(content_dir) / FILE
    if not path.is_file():
        return None
    rel = shown_path(path, root)
    try:
        doc = parse_yaml(path.read_text("utf-8"))
    except YamlError as exc:
        problems.add(rel, exc.line, "-", f"the YAML cannot be read: {exc.message}",
                     "check the indentation and that every ':' has a space after it")
        return {}
    except UnicodeDecodeError:
        problems.add(rel, 0, "-", "the file is not UTF-8 text", "save the file as UTF-8")
        return {}
    found = schemas.validate("reviewers", doc.data)
    for where, message, hint in found:
        problems.add(rel, doc.line_of(where), ".".join(str(p) for p in where) or "-", message, hint)
    if found:
        return {}  # fail closed: no review counts until the registry is readable
    reviewers = {}
    for i, entry in enumerate(doc.data["reviewers"]):
        if entry["handle"] in reviewers:
            problems.add(rel, doc.line_of(("reviewers", i, "handle")), f"reviewers.{i}.handle",
                         f"'{entry['handle']}' is listed twice", "keep one entry per reviewer")
        if organizations and entry["organization"] not in organizations:
            problems.add(rel, doc.line_of(("reviewers", i, "organization")), f"reviewers.{i}.organization",
                         f"unknown organisation '{entry['organization']}'",
                         "use an organisation slug from content/_data/organizations.yml")
        reviewers[entry["handle"]] = entry
    return reviewers


def check_reviewers(meta: dict, reviewers: dict | None, report) -> None:
    """Each review.by handle is a known reviewer from another organisation than the documenting one."""
    review = meta.get("review")
    if reviewers is None or not isinstance(review, dict) or not isinstance(review.get("by"), list):
        return
    documenter = meta.get("documented_by")
    for i, handle in enumerate(review["by"]):
        if not isinstance(handle, str):
            continue
        entry = reviewers.get(handle)
        if entry is None:
            known = ", ".join(sorted(reviewers)[:6])
            report(("review", "by", i), f"'{handle}' is not in the reviewers registry",
                   f"use a handle from content/_data/reviewers.yml ({known}...), or add the reviewer there with "
                   "their organisation and languages")
        elif documenter and entry["organization"] == documenter:
            report(("review", "by", i), f"'{handle}' works for {documenter}, the organisation that documented this "
                   "record", "ask a reviewer from another organisation: a record is never reviewed by its own "
                   "documenters")
