"""Example text left from `campaign new` or `campaign import` must never publish (SPEC 6, issue 15).

The scaffolds fill the summary and the text with instructions ("Write the story
here."). A record still holding one is a note while it is a draft, and an error
once it is in review or published, naming each placeholder and its line.
tests/test_editor_safety.py checks that every scaffold's placeholders are known here.
"""
from __future__ import annotations

SUMMARY = "One or two sentences for lists, feeds and link previews."
BODY_STARTS = (
    "Write the story here.",  # story scaffold and the importer's empty narrative
    "What it is, how it works, what changed, how others can do it.",  # solution
    "What happened, who made it possible, what it changed.",  # success story
    "What was promised, by whom, and how the campaign follows it.",  # commitment
    "Who the ally is and how they work with the campaign.",  # ally
    "What was discussed and what was agreed.",  # event
    "The statement, or its transcript.",  # statement
    "What the document is, in a few sentences.",  # document
)


def check_placeholders(record, problems) -> None:
    for version in record.versions.values():
        status = version.meta.get("status")
        severity = "error" if status in ("review", "published") else "note"
        if isinstance(version.meta.get("summary"), str) and version.meta["summary"].strip() == SUMMARY:
            problems.add(version.path, version.doc.line_of(("summary",)), "summary",
                         "is still the example sentence of 'campaign new'",
                         "write one or two sentences about this record for lists, feeds and link previews", severity)
        for number, line in enumerate(version.body.splitlines()):
            if line.strip().startswith(BODY_STARTS):
                problems.add(version.path, version.doc.body_line + number, "body",
                             f"is still the example text of 'campaign new': '{line.strip()[:60]}'",
                             "replace it with the record's own text", severity)
