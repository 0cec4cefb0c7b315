"""The HTML allowlist for record bodies (SPEC 5.2), applied with nh3.

Record bodies are Markdown and may contain raw HTML. After MkDocs renders a
body, `clean` keeps only the tags and attributes listed here (no scripts,
iframes, styles, event handlers, `javascript:` or `data:` URLs). `raw_html_problems`
finds, in the Markdown source, the raw HTML that cleaning would remove, so
`campaign check` can tell the editor where it is.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

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
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}


def clean(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, clean_content_tags=DROP_WITH_CONTENT,
                     attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")


def _url_problem(value: str) -> bool:
    scheme = value.strip().split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else ""
    return bool(scheme) and scheme not in URL_SCHEMES


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag not in ALLOWED_TAGS:
            self.found.append((line, f"<{tag}>", "this HTML tag is not allowed and will be removed"))
            return
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.found.append((line, f"<{tag} {name}=...>", f"the attribute '{name}' is not allowed and will be removed"))
            elif name in ("href", "src") and value and _url_problem(value):
                self.found.append((line, f"<{tag} {name}=\"{value[:40]}\">", "this kind of link is not allowed and will be removed"))


MARKDOWN_LINK = re.compile(r"\]\(\s*<?\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def raw_html_problems(markdown_text: str) -> list[tuple[int, str, str]]:
    """(line in the text, the HTML, why) for raw HTML and links that `clean` would change."""
    finder = _Finder()
    finder.feed(markdown_text)
    finder.close()
    found = list(finder.found)
    for number, line in enumerate(markdown_text.splitlines(), 1):
        for match in MARKDOWN_LINK.finditer(line):
            if match.group(1).lower() not in URL_SCHEMES:
                found.append((number, match.group(0) + "...", "this kind of link is not allowed and will be removed"))
    return sorted(found)
