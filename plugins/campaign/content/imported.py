"""What `campaign import` left in a record must be dealt with before it is reviewed (SPEC 5.2, issue 15).

The importer writes, at the top of each draft, the list of probable personal
data it found ("# PROBABLE PERSONAL DATA ..."), and keeps fingerprints of the
values it dropped (her name, her phone number: safety.fingerprints). From
review on:

- a record still holding that list is an error: the list is the editor's work
  to do, and a record published with it was not checked item by item;
- a word of a dropped value found again in the title, the summary or the text
  (her name typed back into the testimony) is an error naming the word and its
  line. For a draft both are notes.

A dropped phone number is also refused in the organisations registry: added
there as a "partner's number", it would be shown on every help page.
"""
from __future__ import annotations

TODO_LIST = "# PROBABLE PERSONAL DATA"
IMPORTED = "# Imported by 'campaign import'"


def check_imported(record, fingerprints, problems) -> None:
    for version in record.versions.values():
        front = version.doc.front
        if IMPORTED not in front:
            continue
        status = version.meta.get("status")
        severity = "error" if status in ("review", "published") else "note"
        # the front matter's text starts on the opening '---' line: its line i is the file's line i + 1
        for number, line in enumerate(front.splitlines(), start=1):
            if line.lstrip().startswith(TODO_LIST):
                problems.add(version.path, number, "-",
                             "the importer's list of probable personal data is still at the top of the file",
                             "remove or rewrite each item it lists in the text, then delete the list (keep the "
                             "'# Imported by' line)", severity)
                break
        if fingerprints is None or not fingerprints.hashes:
            continue
        texts = [(field, version.meta.get(field), version.doc.line_of((field,))) for field in ("title", "summary")]
        texts.append(("body", version.body, version.doc.body_line))
        for field, text, first in texts:
            if not isinstance(text, str):
                continue
            for at, word in fingerprints.words_dropped(text):
                problems.add(version.path, first + text.count("\n", 0, at), field,
                             f"'{word}' is a word of a value campaign import dropped as personal data (such as "
                             "her name or phone number)",
                             "take it out of the text, or write a chosen name that cannot lead to her", severity)


def check_registry_numbers(registries, fingerprints, registry_file, shown, problems) -> None:
    """No organisation's phone or messenger number may be one the importer dropped as hers."""
    if fingerprints is None or not fingerprints.hashes:
        return
    try:
        lines = registry_file.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    for org in registries.organizations.values():
        numbers = list(org.get("phone") or []) + [m["number"] for m in org.get("messengers") or []
                                                  if isinstance(m, dict) and m.get("number")]
        for number in numbers:
            if isinstance(number, str) and fingerprints.phone_dropped(number):
                line = next((i for i, text in enumerate(lines, start=1) if number in text), 0)
                problems.add(shown, line, f"organizations.{org.get('slug')}.phone",
                             f"'{number}' was dropped by campaign import as personal data (a respondent's own "
                             "number); it can never be an organisation's public number",
                             "remove it from content/_data/organizations.yml: the help pages would show it")
