"""Site paths: language prefixes and links relative to the page that holds them.

Relative links keep the site working from any folder, on any host and from a
file:// offline copy.
"""
from __future__ import annotations

import posixpath
from functools import lru_cache


def localized(path: str, lang: str, default_language: str) -> str:
    """Site path of `path` (no leading slash) in `lang`: the default language has no prefix."""
    return path if lang == default_language else f"{lang}/{path}"


@lru_cache(maxsize=65536)  # the same links recur on every page of a language
def relative(target: str, page_url: str) -> str:
    """Link from the page at `page_url` (e.g. ru/cities/osh/) to the site path `target`."""
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    if base in ("./", "/"):
        base = ""
    rel = posixpath.relpath("/" + target, "/" + base)
    if target.endswith("/") or target == "":
        rel = rel.rstrip("/") + "/"
    return rel
