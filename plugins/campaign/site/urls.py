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
    targets, bases = [p for p in target.split("/") if p], [p for p in base.split("/") if p]
    if "." in targets or ".." in targets or "." in bases or ".." in bases:
        rel = posixpath.relpath("/" + target, "/" + base)
    else:
        # posixpath.relpath's result without its normalising (a few links per card on every
        # list page, hundreds of thousands in a large site: most of them miss the cache)
        common = 0
        for mine, theirs in zip(targets, bases):
            if mine != theirs:
                break
            common += 1
        rel = "/".join([".."] * (len(bases) - common) + targets[common:]) or "."
    if target.endswith("/") or target == "":
        rel = rel.rstrip("/") + "/"
    return rel
