"""The Content-Security-Policy of every page (SPEC 5.4): nothing from other hosts.

The policy allows only the site itself. Inline scripts are allowed one by one
by their SHA-256 hash, computed on the final HTML of each page (Material's own
inline scripts differ from page to page), so an injected script would not run
even if it slipped past escaping. WebAssembly is allowed for the search index.
A configured tile server is the only other host, and only for images.
"""
from __future__ import annotations

import base64
import hashlib
import re

MARKER = "'wav-inline-scripts'"
META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json", "text/template")


def policy(tile_url: str | None = None) -> str:
    """The policy with a marker where the page's inline-script hashes go."""
    img = "'self' data:"
    if tile_url:
        match = re.match(r"^(https?://[^/{]+)", tile_url)
        if match:
            img += f" {match.group(1)}"
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'wasm-unsafe-eval' {MARKER}",
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


def with_inline_hashes(html: str) -> str:
    """Put the hash of every executable inline script of `html` into its policy."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        attributes = match.group(1).lower()
        if any(kind in attributes for kind in DATA_TYPES):
            continue  # data blocks are not executed
        digest = base64.b64encode(hashlib.sha256(match.group(2).encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    sources = " ".join(sorted(set(hashes)))
    return META.sub(lambda m: m.group(1) + m.group(2).replace(MARKER, sources).replace("  ", " ") + m.group(3), html, count=1)
