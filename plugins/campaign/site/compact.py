"""Pages without the theme's indentation: the same page in fewer bytes.

Material's templates indent every line of a page's HTML and leave blank lines
where a condition was false: about an eighth of a page is that whitespace. A
run of white space that holds a line break renders exactly as one line break
(HTML collapses white space), so `compact` replaces each such run by a single
line break, everywhere but inside the elements where white space is content
(pre, textarea) or code (script, style: inline scripts keep the bytes the
Content-Security-Policy hashes).

Material's configuration (`<script id="__config" type="application/json">`)
is JSON, not code: Jinja writes it with every letter outside ASCII as a \\uXXXX
escape (six bytes for a Georgian letter that UTF-8 writes in three), so it is
written again as the same JSON in UTF-8, still without <, >, & or ' (which a
parser must never take for the end of the element). Nothing else of the page
changes.
"""
from __future__ import annotations

import json
import re

# the elements whose text is kept as it is, opening tag to closing tag
_KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_BREAK_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
# as Jinja's htmlsafe_json_dumps: the characters that could end or open markup, escaped in JSON
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def _config(match: re.Match) -> str:
    try:
        data = json.loads(match.group(2))
    except ValueError:
        return match.group(0)  # not Material's JSON: left as the theme wrote it
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_HTML_SAFE)
    return match.group(1) + text + match.group(3)


def compact(html: str) -> str:
    parts = _KEPT.split(html)
    # split with two groups: [text, kept element, tag name, text, kept element, tag name, ...]
    out = []
    for index in range(0, len(parts), 3):
        out.append(_BREAK_RUN.sub("\n", parts[index]))
        if index + 1 < len(parts):
            kept = parts[index + 1]
            out.append(_CONFIG.sub(_config, kept) if kept.startswith('<script id="__config"') else kept)
    return "".join(out)
