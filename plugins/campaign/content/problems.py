"""Problems found in content, reported to editors as `path:line: field: message`.

Editors are not programmers: every problem names the file, the line, the
field, what is wrong and, in `hint`, what to do about it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


def shown_path(path, root=None) -> str:
    """A file's path as editors see it in problems: relative to the project when it is inside."""
    if root is not None:
        try:
            # the folder resolved, not the file: a symbolic link is shown where it is, not where it points
            path = Path(path)
            return (_resolved(str(path.parent)) / path.name).relative_to(_resolved(str(root))).as_posix()
        except ValueError:
            pass
    return Path(path).as_posix()


@lru_cache(maxsize=4096)
def _resolved(folder: str) -> Path:
    """A folder resolved once per process: thousands of files share a few folders (the path is
    only shown to editors; nothing is opened through it)."""
    return Path(folder).resolve()


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the project, e.g. content/stories/x.md
    line: int  # 1-based line in the file; 0 when the whole file is meant
    field: str  # dotted field path, e.g. review.by; "-" for the file itself
    message: str
    hint: str = ""
    severity: str = "error"  # "error" fails check and build; "note" does not

    def format(self) -> str:
        # a problem of the whole file has no line and no field: `path: message`, never `path:0: -: message`
        where = f"{self.path}:{self.line}:" if self.line else f"{self.path}:"
        field = "" if self.field == "-" else f" {self.field}:"
        text = f"{where}{field} {self.message}"
        if self.hint:
            text += f"\n    how to fix: {self.hint}"
        return text


class Problems(list):
    """The problems of one load, in the order they were found."""

    def add(self, path, line, field, message, hint="", severity="error"):
        self.append(Problem(str(path), int(line or 0), field or "-", message, hint, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self if p.severity != "error"]

    def report(self, include_notes: bool = False) -> str:
        shown = sorted(self if include_notes else self.errors, key=lambda p: (p.path, p.line, p.field))
        return "\n".join(p.format() for p in shown)
