"""The regional report as one document: editors' chapters with the engine's figures in place.

Each chapter (content/report/, campaign.content.chapters) is shown in the reader's
language, or in the default language with a language badge when it is not
translated yet. Its Markdown is cut at the placeholder lines; the text between
them is rendered and cleaned like a record body, and each placeholder becomes a
part that the template fills with a figure, the key numbers, the commitments
tally or the country sections. Without chapters, the report is every figure and
section in a fixed order, so that a site without editors' text still has one.
"""
from __future__ import annotations

import re
from functools import partial

import markdown
from markdown.extensions.toc import slugify_unicode
from markupsafe import Markup

from ..content.chapters import FIGURES, placeholder
from ..safety import sanitize

HEADING_RE = re.compile(r"<h([2-6])[\s>]")
DEFAULT_ORDER = ["key-numbers"] + [f"figure:{name}" for name in FIGURES] + ["commitments", "countries"]


def _slugify(prefix: str, value: str, separator: str) -> str:
    # ids prefixed with the chapter: a heading may not take an id the page already uses
    return f"{prefix}-{slugify_unicode(value, separator)}"


def render_markdown(text: str, chapter: str) -> Markup:
    """A stretch of chapter text as clean HTML; its '##' headings are h3 (the chapter title is h2)."""
    html = markdown.markdown(text, extensions=["attr_list", "tables", "toc"],
                             extension_configs={"toc": {"baselevel": 2, "permalink": False,
                                                        "slugify": partial(_slugify, chapter)}})
    return Markup(sanitize.clean(html))


def parts(body: str, chapter: str) -> list[dict]:
    """The chapter body as [{"html": ...} | {"insert": "figure:year", "level": 4}...], in order.

    An insert's heading goes one level below the last heading before it, so that the
    page keeps one outline (h2 chapter, h3 the editors' section, h4 the figure)."""
    out, lines = [], []
    level = 2  # the chapter title

    def flush():
        nonlocal level
        text = "\n".join(lines).strip()
        if text:
            html = render_markdown(text, chapter)
            out.append({"html": html})
            levels = HEADING_RE.findall(html)
            if levels:
                level = int(levels[-1])
        lines.clear()

    for line in body.splitlines():
        name = placeholder(line)
        if name is None:
            lines.append(line)
        else:
            flush()
            out.append({"insert": name, "level": min(level + 1, 5)})
    flush()
    return out


def document(published, ctx) -> list[dict]:
    """The report's chapters in the context's language: {slug, title, lang, other_language, parts}."""
    chapters = getattr(published.content, "chapters", None) or []
    if not chapters:
        return [{"slug": "report", "title": None, "lang": ctx.lang, "other_language": False,
                 "parts": [{"insert": name, "level": 2} for name in DEFAULT_ORDER], "inserts": DEFAULT_ORDER}]
    out = []
    for chapter in chapters:
        text = chapter.version_for(ctx.lang, ctx.default)
        chapter_parts = published.memo(("report-parts", chapter.slug, text.lang),
                                       lambda t=text, c=chapter: parts(t.body, c.slug))
        out.append({"slug": chapter.slug, "title": text.title, "lang": text.lang,
                    "other_language": text.lang != ctx.lang, "parts": chapter_parts,
                    "inserts": [p["insert"] for p in chapter_parts if "insert" in p]})
    return out
