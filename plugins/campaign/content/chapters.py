"""The regional report's chapters (SPEC 4.5): editors' Markdown under content/report/.

One file per chapter and language, named `<NN>-<name>.md` (`.ru.md` beside it for
Russian, as records are), ordered by the number. Front matter holds the `title`;
the body is Markdown in which a line such as `[[figure: violation]]` marks where
the engine puts a generated figure, table or section. The engine owns every
number: an editor never types one that could disagree with the data or reveal a
small count. Problems are reported like records' problems (file, line, field).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problems, shown_path
from .yamlsource import YamlError, parse_markdown

FOLDER = "report"
NAME_RE = re.compile(r"^(\d{1,3})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
# a placeholder alone on its line: [[figure: year]], [[commitments]], [[countries]]
PLACEHOLDER_RE = re.compile(r"^\s*\[\[\s*([a-z-]+)\s*(?::\s*([a-z-]+)\s*)?\]\]\s*$")
ANY_BRACKETS_RE = re.compile(r"\[\[.*?\]\]")

FIGURES = ("year", "violation", "perpetrator", "response", "country", "city", "intersection", "age-group")
SECTIONS = ("key-numbers", "commitments", "countries")
KNOWN = [f"[[figure: {name}]]" for name in FIGURES] + [f"[[{name}]]" for name in SECTIONS]


@dataclass
class ChapterText:
    lang: str
    path: str  # shown in problems
    title: str
    body: str  # Markdown, placeholders included


@dataclass
class Chapter:
    number: int
    name: str
    versions: dict = field(default_factory=dict)  # lang -> ChapterText, in site-language order

    @property
    def slug(self) -> str:
        return self.name

    def version_for(self, lang: str, default: str) -> ChapterText:
        """The chapter in `lang`, else in the default language, else in its first language."""
        return self.versions.get(lang) or self.versions.get(default) or next(iter(self.versions.values()))


def placeholder(line: str) -> str | None:
    """'figure:year', 'commitments'... for a placeholder line; None for any other line."""
    match = PLACEHOLDER_RE.match(line)
    if not match:
        return None
    return f"{match.group(1)}:{match.group(2)}" if match.group(2) else match.group(1)


def is_known(name: str) -> bool:
    kind, _, arg = name.partition(":")
    return (kind == "figure" and arg in FIGURES) or (not arg and kind in SECTIONS)


def load_chapters(content_dir, languages: list, default_language: str, problems: Problems,
                  root=None) -> list[Chapter]:
    """Every chapter under content/report/, in order; problems are added to `problems`."""
    folder = Path(content_dir) / FOLDER
    if not folder.is_dir():
        return []
    chapters: dict[str, Chapter] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            continue
        rel = shown_path(path, root)
        if path.parent != folder or path.suffix != ".md":
            problems.add(rel, 0, "-", "only report chapters (.md files) belong in content/report/",
                         "move this file out of content/report/, or name it like 02-findings.md")
            continue
        stem, _, lang = path.name[:-3].partition(".")
        lang = lang or default_language
        match = NAME_RE.match(stem)
        if not match:
            problems.add(rel, 0, "-", f"the chapter file name '{path.name}' does not start with its number",
                         "name chapters with their place in the report, e.g. 01-introduction.md, 02-findings.md")
            continue
        if lang not in languages:
            problems.add(rel, 0, "-", f"the language '{lang}' is not configured for this site",
                         "use one of " + ", ".join(f".{code}.md" for code in languages[1:])
                         + f" or no suffix for {default_language}")
            continue
        try:
            doc = parse_markdown(path.read_text("utf-8"))
        except YamlError as exc:
            problems.add(rel, exc.line, "-", f"the front matter cannot be read: {exc.message}",
                         "check that the file starts with '---', a line 'title: ...' and a closing '---'")
            continue
        except UnicodeDecodeError:
            problems.add(rel, 0, "-", "the file is not UTF-8 text", "save the file as UTF-8")
            continue
        title = doc.data.get("title")
        if not isinstance(title, str) or not title.strip():
            problems.add(rel, doc.line_of(("title",)), "title", "the chapter has no title",
                         "add a line 'title: ...' to the front matter")
            continue
        _check_placeholders(doc.body, doc.body_line, rel, problems)
        chapter = chapters.setdefault(stem, Chapter(int(match.group(1)), match.group(2)))
        chapter.versions[lang] = ChapterText(lang, rel, title.strip(), doc.body)
    names: dict[str, str] = {}
    for stem, chapter in sorted(chapters.items()):
        if chapter.name in names:
            first = next(iter(chapter.versions.values())).path
            problems.add(first, 0, "-", f"another chapter is also called '{chapter.name}' ({names[chapter.name]})",
                         "give every chapter its own name after the number")
        names[chapter.name] = stem
        chapter.versions = {lang: chapter.versions[lang] for lang in languages if lang in chapter.versions}
    return sorted(chapters.values(), key=lambda c: (c.number, c.name))


def _check_placeholders(body: str, first_line: int, rel: str, problems: Problems) -> None:
    for number, line in enumerate(body.splitlines(), first_line):
        name = placeholder(line)
        if name is not None and is_known(name):
            continue
        brackets = ANY_BRACKETS_RE.search(line)
        if name is None and brackets is None:
            continue
        shown = line.strip() if name is not None else brackets.group(0)
        why = ("this is not a figure or section the report knows" if name
               else "a figure or section must stand alone on its own line")
        problems.add(rel, number, shown, why, "use one of " + ", ".join(KNOWN) + ", alone on a line")
