"""The Content-Security-Policy of every page (SPEC 5.4): nothing from other hosts.

The policy allows only the site itself. Inline scripts are allowed one by one
by their SHA-256 hash, and the hashes come from the theme's own templates,
never from a built page: a script that reached a page from content would be
refused by the browser even if it slipped past the sanitiser. Templates whose
inline scripts would differ from page to page (Material's storage helpers
carry the page's depth) are overridden to load a file instead, so every page
carries the same policy. `unknown_inline_scripts` finds, in a built page, the
inline scripts that policy does not allow, so the build can name the page.
WebAssembly is allowed for the search index. A configured tile server is the
only other host, and only for images.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re

META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')  # the page's policy tag
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json", "text/template")
JINJA = re.compile(r"\{[{%#]")


def policy(tile_url: str | None = None, script_hashes=()) -> str:
    """The policy of every page, allowing exactly the inline scripts with these hashes."""
    img = "'self' data:"
    if tile_url:
        match = re.match(r"^(https?://[^/{]+)", tile_url)
        if match:
            img += f" {match.group(1)}"
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(set(script_hashes))])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        f"img-src {img}",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "media-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def _digest(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _executable(html: str):
    for match in INLINE_SCRIPT.finditer(html):
        if not any(kind in match.group(1).lower() for kind in DATA_TYPES):  # data blocks are not run
            yield match.group(2)


def template_hashes(theme_dirs) -> set[str]:
    """Hashes of the fixed inline scripts in the theme's templates, the first folder's copy of
    each template winning (as Jinja looks them up). Scripts with template code inside differ
    from page to page and are not allowed: a page that uses one is reported."""
    seen, hashes = set(), set()
    for folder in theme_dirs:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                if not name.endswith(".html"):
                    continue
                path = os.path.join(root, name)
                rel = os.path.relpath(path, folder)
                if rel in seen:
                    continue
                seen.add(rel)
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
                hashes.update(_digest(script) for script in _executable(text) if not JINJA.search(script))
    return hashes


def unknown_inline_scripts(html: str, allowed) -> list[str]:
    """The start of every inline script in `html` whose hash is not in `allowed`."""
    return [script.strip()[:60] for script in _executable(html) if _digest(script) not in allowed]
