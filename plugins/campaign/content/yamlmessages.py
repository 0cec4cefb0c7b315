"""YAML syntax errors in plain words, at the line an editor must change (issue 15).

PyYAML says "mapping values are not allowed in this context" or "found
character that cannot start any token", and reports a missing `]` on the line
after it. `explain` turns the usual mistakes into what happened and what to
type instead, at the line that holds the mistake:

- a second `:` in an unquoted value (`title: Detained: at night`);
- a tab used for indentation;
- a value starting with a character YAML reserves (`@`, a backtick, `%`);
- a list opened with `[` and not closed on its line;
- double quotes inside a double-quoted value;
- a line indented differently from the group it belongs to.

Anything else keeps PyYAML's words, with a general hint.
"""
from __future__ import annotations

import json
import re

GENERAL_HINT = ("check the indentation (spaces, never tabs), that every ':' has a space after it, and that text "
                "with ':' or '#' is in double quotes")


def _quoted(line: str) -> str | None:
    """`key: value` with the value in double quotes (inner quotes escaped), or None."""
    match = re.match(r"^(\s*(?:- )?[A-Za-z_][\w-]*):\s*(.+?)\s*$", line)
    if not match:
        return None
    value = match.group(2)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return f"{match.group(1).strip()}: {json.dumps(value, ensure_ascii=False)}"


def explain(exc, text: str, offset: int = 0) -> tuple[int, str, str]:
    """(file line, message, hint) for a yaml.MarkedYAMLError raised on `text`."""
    lines = text.splitlines()
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    mark = exc.problem_mark or exc.context_mark

    def line_of(m) -> int:
        return (m.line + 1 + offset) if m is not None else offset + 1

    def text_of(m) -> str:
        return lines[m.line] if m is not None and 0 <= m.line < len(lines) else ""

    here = text_of(mark)
    if "mapping values are not allowed" in problem:
        fixed = _quoted(here)
        return (line_of(mark), "the value has a ':' in it, so it cannot be read",
                "put the value in double quotes" + (f": {fixed}" if fixed else ", e.g. title: \"Detained: at night\""))
    if "cannot start any token" in problem:
        char = here[mark.column] if mark is not None and mark.column < len(here) else ""
        if char == "\t" or here.startswith("\t") or "\t" in here[: len(here) - len(here.lstrip())]:
            return (line_of(mark), "the line is indented with a tab",
                    "indent with spaces only (two spaces for each level), never with the Tab key")
        fixed = _quoted(here)
        return (line_of(mark), f"a value cannot start with '{char}' unless it is in quotes",
                "put the value in double quotes" + (f": {fixed}" if fixed else ""))
    if "flow sequence" in context and exc.context_mark is not None:
        opened = text_of(exc.context_mark)
        return (line_of(exc.context_mark), "the list that starts with '[' on this line is not closed with ']'",
                "end the list on the same line, with commas between the values, e.g. "
                + (opened.split("[", 1)[0].strip() or "violations:") + " [extortion, arbitrary-detention]")
    if "block mapping" in context and "expected key" in problem:
        if here.count('"') > 2:
            match = re.match(r'^(\s*[\w-]+):\s*"(.*)"\s*$', here)
            if match:
                return (line_of(mark), "the value has double quotes inside double quotes",
                        f"use single quotes around it: {match.group(1).strip()}: '{match.group(2)}'")
        group = text_of(exc.context_mark)
        want = len(group) - len(group.lstrip())
        got = len(here) - len(here.lstrip())
        return (line_of(mark), f"this line starts {got} space(s) in, but the group it belongs to starts {want} "
                "space(s) in", "start it at the same column as the other lines of its group (the lines under "
                "the same heading, e.g. 'by:' and 'date:' under 'review:'), with spaces only")
    if "block sequence" in context or "block collection" in context:
        return (line_of(mark), "a list item ('- ...') is not indented like the items around it",
                "start every '- ' of one list at the same column, with spaces only")
    message = exc.problem or str(exc)
    if exc.context:
        message = f"{exc.context}, {message}"
    return line_of(mark), message, GENERAL_HINT
