"""Every language's generated pages and data, made once per build and side by side.

What the engine adds to the site in one language (place, index, term and list
pages, feeds, exports, the home map, the report's print HTML, the press and
help blocks) depends only on the published collection and the site's
options, never on what MkDocs renders. `Outputs` therefore makes the default
language at the beginning of the build, then starts the others in a pool of
worker processes (one per CPU) and hands each language its result when MkDocs
reaches it: while MkDocs renders the default language, the workers make the
others.

The result is the same as making each language in the build's own process
(the build's test compares the sites byte for byte): the workers run the same
code on a copy of the same collection (fork). If a pool cannot start or a
worker dies, the language is made in the build's process instead; an error in
the engine's own code is raised in the build as it would be without a pool.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from . import sitepages
from .context import language_context


@dataclass
class LanguageOutput:
    items: list  # sitepages.Generated, the home map script last
    report_html: str  # the report's print document (site.reportpdf)
    home_html: str
    press_html: str
    help_html: str


def language_output(fragments, published, lang: str, options: sitepages.Options, tiles=None) -> LanguageOutput:
    """Everything the engine generates for `lang`."""
    ctx = language_context(published, lang)
    items = sitepages.generated(fragments, published, ctx, options)
    report_html = sitepages.report_print(fragments, ctx, options)
    home_html, home_script = sitepages.home(fragments, ctx, tiles=tiles)
    press_html = sitepages.press(fragments, ctx, options)
    items.append(home_script)
    help_html = sitepages.help_directory(fragments, ctx)
    return LanguageOutput(items, report_html, home_html, press_html, help_html)


# The job of the pool being started: a worker is a fork of the build's process and finds it here
# (a closure over the collection cannot be pickled to it; the fork copies it for free).
_JOB = None


def _run(lang: str) -> LanguageOutput:
    return _JOB(lang)


class Outputs:
    """`compute(lang)` for every language, in worker processes when `workers` > 1."""

    def __init__(self, compute, languages, workers: int = 1):
        global _JOB
        self._compute = compute
        self._done: dict[str, LanguageOutput] = {}
        self._futures = {}
        self._pool = None
        if workers > 1 and len(languages) > 1 and "fork" in multiprocessing.get_all_start_methods():
            # The first language (the default, which MkDocs builds first) is made here, before the
            # fork: the workers then start with what every language shares already computed (the
            # collection's sorts and counts, published.memo) instead of each computing it again.
            self._done[languages[0]] = compute(languages[0])
            _JOB = compute
            try:
                self._pool = ProcessPoolExecutor(max_workers=min(workers, len(languages) - 1),
                                                 mp_context=multiprocessing.get_context("fork"))
                self._futures = {lang: self._pool.submit(_run, lang) for lang in languages[1:]}
            except (OSError, RuntimeError):  # no processes here: each language is made when needed
                self.close()

    def get(self, lang: str) -> LanguageOutput:
        if lang not in self._done:
            future = self._futures.pop(lang, None)
            result = None
            if future is not None:
                try:
                    result = future.result()
                except (BrokenProcessPool, OSError, EOFError):  # a worker died: make it here
                    result = None
            self._done[lang] = result if result is not None else self._compute(lang)
        return self._done[lang]

    def detach(self) -> None:
        """In a fork of the build (after every language was made): the pool is the build's; this
        process must neither use nor stop it, nor let it be collected (its finaliser would wake
        the build's pool manager)."""
        self._detached = (self._pool, self._futures)
        self._pool = None
        self._futures = {}

    def close(self, wait: bool = False) -> None:
        """Stop the workers; `wait` for them (the build's CPU time then counts theirs)."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None
        self._futures = {}


def inputs_digest(published, extra: bytes = b"") -> str:
    """SHA-256 of everything the generated pages and every page's surroundings depend on: the
    front matter and state of every record, every file in content/ but the record files (the
    registries, the fixed pages, the report's chapters, the assets) and `extra` (the engine, the
    theme, the configuration). Only record bodies are left out: a body appears on its own page
    alone (the build's test checks that the generated pages do not change with the bodies).

    `mkdocs serve` uses it to tell an edit of a record's text, which re-renders that record's
    pages alone, from any other change, which re-renders everything."""
    digest = hashlib.sha256(extra)
    content = published.content
    record_files = set()
    for slug, record in sorted(content.records.items()):
        versions = [(lang, version.meta) for lang, version in record.versions.items()]
        record_files.update(version.source for version in record.versions.values())
        digest.update(pickle.dumps((record.type, slug, content.state(record), versions), protocol=4))
    folder = Path(content.settings.content_dir)
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel not in record_files and path.is_file():
            digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
