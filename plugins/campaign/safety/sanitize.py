"""The HTML allowlist for record bodies and fixed pages (SPEC 5.2), applied with nh3.

Record bodies and fixed pages are Markdown and may contain raw HTML. After MkDocs
renders one, `clean` keeps only the tags and attributes listed here (no scripts,
iframes, styles, event handlers, `javascript:` or `data:` URLs), drops ids and
classes that the theme and the engine's scripts look elements up by, and drops
addresses that would make the reader's browser fetch from another host.
`raw_html_problems` finds, in the Markdown source and in one pass, the raw HTML
that cleaning would remove, so `campaign check` can tell the editor where it is.
"""
from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "sub", "sup", "small", "mark", "abbr", "q", "cite",
    "code", "pre", "kbd", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "h2", "h3", "h4", "h5", "h6", "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "details", "summary", "span", "div",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# removed together with their content, not only the tag
MARKDOWN_LINK = re.compile(r"\]\(\s*<?\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}


# Names the theme and the engine's scripts look elements up by: content may not take them
# (a body with <div id="__config"> would make the search script load code from where it says).
RESERVED_ID = re.compile(r"^(?:__|md-|md_|wav-|wav_)|^(?:map|search|feeds|stories|solutions|successes|commitments|allies|events|statements|documents)$", re.I)
# Material's button look is the one theme class editors may use
RESERVED_CLASS = re.compile(r"^(?:wav-|md-(?!button(?:--primary)?$))", re.I)
# An address with a scheme ("https:") or protocol-relative ("//host"): another host.
REMOTE = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2})")
# Attributes that make the browser fetch something without the reader asking.
FETCHING = {"src", "srcset", "poster", "data", "background", "lowsrc", "formaction", "action"}


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def is_remote(url: str) -> bool:
    return bool(REMOTE.match(url))


def _filter(tag: str, name: str, value: str):
    """nh3 attribute filter: drop reserved ids and classes, and anything fetched from another host."""
    if name == "id":
        return None if RESERVED_ID.search(value.strip()) else value
    if name == "class":
        kept = [c for c in value.split() if not RESERVED_CLASS.match(c)]
        return " ".join(kept) or None
    if name == "src" and is_remote(value):
        return None
    if name == "srcset" and any(is_remote(url) for url in _srcset_urls(value)):
        return None
    return value


def clean(html: str, page: bool = False) -> str:
    """`html` with only the allowlisted tags and attributes; `page`: a fixed page, whose title is its <h1>."""
    tags = ALLOWED_TAGS | {"h1"} if page else ALLOWED_TAGS
    return nh3.clean(html, tags=tags, clean_content_tags=DROP_WITH_CONTENT,
                     attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer", attribute_filter=_filter)


def _url_problem(value: str) -> bool:
    scheme = value.strip().split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else ""
    return bool(scheme) and scheme not in URL_SCHEMES


# A tag as far as the next '<' or '>': one pass over the text, however many tags are left
# unclosed (a parser that looks for the end of each tag from its start takes quadratic time).
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>?")
NEWLINE = re.compile("\n")
ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


@dataclass(frozen=True)
class Tag:
    line: int  # 1-based line in the text
    name: str  # lower case
    attributes: tuple  # (name, value) pairs, names lower case, values with entities decoded


def tags(text: str):
    """Every start tag in `text` (Markdown with raw HTML), in linear time."""
    if "<" not in text:
        return
    newlines = [m.start() for m in NEWLINE.finditer(text)]
    for match in TAG.finditer(text):
        if match.group(1):
            continue
        attrs = tuple((m.group(1).lower(), html.unescape(m.group(2) or m.group(3) or m.group(4) or ""))
                      for m in ATTRIBUTE.finditer(match.group(3)))
        yield Tag(bisect.bisect_left(newlines, match.start()) + 1, match.group(2).lower(), attrs)


def raw_html_problems(markdown_text: str, page: bool = False) -> list[tuple[int, str, str]]:
    """(line in the text, the HTML, why) for raw HTML and links that `clean` would change."""
    allowed_tags = ALLOWED_TAGS | {"h1"} if page else ALLOWED_TAGS
    found = []
    for tag in tags(markdown_text):
        if tag.name not in allowed_tags:
            found.append((tag.line, f"<{tag.name}>", "this HTML tag is not allowed and will be removed"))
            continue
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag.name, set())
        for name, value in tag.attributes:
            if name not in allowed:
                found.append((tag.line, f"<{tag.name} {name}=...>",
                              f"the attribute '{name}' is not allowed and will be removed"))
            elif name in ("href", "src") and value and _url_problem(value):
                found.append((tag.line, f"<{tag.name} {name}=\"{value[:40]}\">",
                              "this kind of link is not allowed and will be removed"))
            elif name == "id" and RESERVED_ID.search(value.strip()):
                found.append((tag.line, f"<{tag.name} id=\"{value[:40]}\">",
                              "this name is used by the site itself and will be removed"))
            elif name == "class" and any(RESERVED_CLASS.match(c) for c in value.split()):
                found.append((tag.line, f"<{tag.name} class=\"{value[:40]}\">",
                              "classes starting with md- (but md-button) or wav- belong to the site itself and will be removed"))
    for number, line in enumerate(markdown_text.splitlines(), 1):
        for match in MARKDOWN_LINK.finditer(line):
            if match.group(1).lower() not in URL_SCHEMES:
                found.append((number, match.group(0) + "...", "this kind of link is not allowed and will be removed"))
    return sorted(found)
