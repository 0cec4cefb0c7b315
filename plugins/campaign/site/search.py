"""Search index of the built site: Pagefind over published record pages, place pages and help.

Readers search with Pagefind (https://pagefind.app/): the index is split into
one index per language (from each page's ``<html lang>``) and, within each,
into small gzip-compressed chunks that the browser fetches only when the reader
types a query (overrides/javascripts/search.js). Nothing is fetched on a plain
page view.

Only pages that carry ``data-pagefind-body`` are indexed: the content wrapper of
a public record page, the help page as a whole, and on city and country pages
only the line with the place's name in every language, weighted so that a
search for a city in any spelling puts its page first (SPEC 4.4). Pagefind itself would fall back to indexing *every*
page when no page on the site carries that attribute (for example a site with
no published record yet), which would put tombstones and index pages into the
search. So this module does not hand the site to Pagefind as it is: it stages
only the pages that carry the attribute in a scratch folder, runs Pagefind
there, and writes the bundle to ``<site_dir>/pagefind/``. A withdrawn record's
tombstone, which has no ``data-pagefind-body``, never reaches Pagefind.

Run it once, after every language has been built (mkdocs-static-i18n builds
the other languages from its own ``on_post_build``), so that all languages
share one bundle. Plain Python: no MkDocs imports.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["SearchIndexError", "build_search_index", "OUTPUT_FOLDER", "EXCLUDE_SELECTORS"]

#: Folder of the bundle, relative to the site root (search.js loads ``<root>/pagefind/pagefind.js``).
OUTPUT_FOLDER = "pagefind"

#: Parts of a record page that are not the record: the local help box is the
#: same on every record of a city, so it would only add noise to the results.
EXCLUDE_SELECTORS = (".wav-help",)

# An opening tag that carries the attribute (not the words in the text of a page).
_BODY_ATTRIBUTE = re.compile(rb"<[a-zA-Z][^<>]*\sdata-pagefind-body(?=[\s=/>])")

# Used when no page is searchable: Pagefind refuses to build an empty index, and
# the reader's search box must still answer "no results" without a failed request.
_EMPTY_BUNDLE = """\
// No published record is searchable yet: a stand-in for Pagefind that finds nothing.
const none = { results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {} };
export async function options() {}
export async function init() {}
export async function destroy() {}
export async function preload() {}
export async function filters() { return {}; }
export async function search() { return none; }
export async function debouncedSearch() { return none; }
"""


class SearchIndexError(RuntimeError):
    """Pagefind could not build the search index; the message says why."""


def _searchable_pages(site: Path, output: Path, candidates=None) -> list[Path]:
    """HTML files of the site (outside the bundle folder) that carry data-pagefind-body.

    `candidates`, when given, are the only files looked at (the build knows which pages it
    wrote with the attribute; reading every page of a large site again is slow); each is
    still read and checked, so a page that lost the attribute is never indexed."""
    pages = []
    found = sorted(site.rglob("*.html")) if candidates is None else sorted({Path(c).resolve() for c in candidates})
    for path in found:
        if output in path.parents or site not in path.parents or not path.is_file():
            continue
        if _BODY_ATTRIBUTE.search(path.read_bytes()):
            pages.append(path)
    return pages


def _stage(pages: list[Path], site: Path, staging: Path) -> None:
    """Hard-link (or copy) the pages into `staging`, keeping their paths, hence their URLs."""
    for page in pages:
        target = staging / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, target)
        except OSError:
            shutil.copyfile(page, target)


def _run_pagefind(staging: Path, output: Path, exclude_selectors) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(staging), "--output-path", str(output)]
    for selector in exclude_selectors:
        command += ["--exclude-selectors", selector]
    try:
        # cwd: the scratch folder, so that no stray pagefind.yml/.toml/.json is read.
        result = subprocess.run(command, cwd=staging, capture_output=True, text=True, timeout=900)
    except FileNotFoundError as exc:  # pragma: no cover - sys.executable always exists
        raise SearchIndexError(f"could not start Pagefind: {exc}") from exc
    except subprocess.TimeoutExpired as exc:
        raise SearchIndexError("Pagefind did not finish within 15 minutes") from exc
    if result.returncode != 0:
        log = "\n".join(part for part in (result.stdout.strip(), result.stderr.strip()) if part)
        if "No module named pagefind" in log or "Could not find pagefind binary" in log:
            log += '\nInstall it with: python3 -m pip install "pagefind[bin]>=1.3,<2"'
        raise SearchIndexError(f"Pagefind failed (exit code {result.returncode}):\n{log[-4000:]}")


def _remove_unused(output: Path) -> None:
    """Drop Pagefind's ready-made UIs: the site uses its own search box (search.js)."""
    for pattern in ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js"):
        for path in output.glob(pattern):
            path.unlink()


def build_search_index(site_dir: str | Path, *, exclude_selectors=EXCLUDE_SELECTORS, candidates=None) -> dict:
    """Index the built site's record pages with Pagefind into ``<site_dir>/pagefind/``.

    `candidates`: the HTML files that may be searchable (default: every page of the site).

    Returns a summary: ``{"pages": {language: count}, "total": n, "output": path}``.
    Raises `SearchIndexError` when Pagefind is missing or fails, or when its index
    does not hold exactly the pages that were handed to it.
    """
    site = Path(site_dir).resolve()
    if not site.is_dir():
        raise SearchIndexError(f"the built site {site} does not exist")
    output = site / OUTPUT_FOLDER
    if output.exists():  # a previous build's bundle: never serve stale (possibly withdrawn) entries
        shutil.rmtree(output)

    pages = _searchable_pages(site, output, candidates)
    if not pages:
        output.mkdir()
        (output / "pagefind.js").write_text(_EMPTY_BUNDLE, encoding="utf-8")
        return {"pages": {}, "total": 0, "output": str(output)}

    with tempfile.TemporaryDirectory(prefix="wav-search-") as scratch:
        staging = Path(scratch) / "site"
        staging.mkdir()
        _stage(pages, site, staging)
        _run_pagefind(staging, output, exclude_selectors)

    _remove_unused(output)
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
        counts = {lang: int(info["page_count"]) for lang, info in sorted(entry["languages"].items())}
        # Pagefind lists the languages in no fixed order: sorted, the same site gives the same bytes
        # (the parallel build is compared with the serial one byte for byte)
        entry["languages"] = dict(sorted(entry["languages"].items()))
        (output / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                    encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SearchIndexError(f"Pagefind wrote no readable {output / 'pagefind-entry.json'}: {exc}") from exc
    total = sum(counts.values())
    if total != len(pages):
        raise SearchIndexError(
            f"Pagefind indexed {total} pages but {len(pages)} pages carry data-pagefind-body; "
            "a page without text or without <html lang>?"
        )
    return {"pages": counts, "total": total, "output": str(output)}
