"""Pages without the theme's indentation: the same page in fewer bytes.

Material's templates indent every line of a page's HTML and leave blank lines
where a condition was false: about an eighth of a page is that whitespace. A
run of white space that holds a line break renders exactly as one line break
(HTML collapses white space), so `compact` replaces each such run by a single
line break, everywhere but inside the elements where white space is content
(pre, textarea) or code (script, style: inline scripts keep the bytes the
Content-Security-Policy hashes). Nothing else of the page changes.
"""
from __future__ import annotations

import re

# the elements whose text is kept as it is, opening tag to closing tag
_KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_BREAK_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")


def compact(html: str) -> str:
    parts = _KEPT.split(html)
    # split with two groups: [text, kept element, tag name, text, kept element, tag name, ...]
    out = []
    for index in range(0, len(parts), 3):
        out.append(_BREAK_RUN.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
