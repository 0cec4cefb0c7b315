"""MkDocs adapter, part two: the languages of one `mkdocs build` rendered side by side.

mkdocs-static-i18n renders the default language, then runs the whole build again for each
other language, one after the other, in one process: on a machine with two cores the second
one idles while the other languages' record pages render. Here, at the end of the default
language's build, the languages with the most records are handed to child processes (a fork
of the build, which has the checked content, the generated pages and every template ready):

- a child renders its language(s) into a scratch folder beside the site and exits;
- the build itself goes on with i18n's passes as usual, rendering the other languages and
  passing through the children's without rendering their pages (as a one-language build of
  campaign.tools.split does): the navigation, the sitemap and the last-line audit still know
  every page;
- at the end it waits for the children and moves their pages into the site, before the
  search index and the audit.

Every pass after the default language's is a `--dirty` MkDocs build in which the plugin says
which pages to render (CampaignPlugin._localise_files). The site is the same bytes as a build
in one process (tests/test_parallel.py). A child that fails makes the build fail, after its
own messages; no page of a failed build is moved anywhere. Only for `mkdocs build` (not
serve, not --dirty, not a one-language build), with `workers` > 1 and where processes fork.
"""
from __future__ import annotations

import atexit
import logging
import os
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

log = logging.getLogger("mkdocs.plugins.campaign")


@dataclass
class Child:
    pid: int
    languages: frozenset
    scratch: Path  # the child's site folder
    pipe: int  # read end: b"ok" when the child's pages are all written


class NoDirtyWarning(logging.Filter):
    """MkDocs' warning about dirty builds, which under `strict` fails them: the plugin says which pages to render."""

    def filter(self, record) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def available() -> bool:
    return hasattr(os, "fork")


def choose(records_per_language: dict, default: str, workers: int) -> list:
    """The languages to render in child processes: those with the most records besides the
    default (which the build has rendered), one per spare core. A language without records of
    its own has only generated pages: quick to render, not worth a process."""
    others = sorted(((n, lang) for lang, n in records_per_language.items() if lang != default and n > 0),
                    key=lambda pair: (-pair[0], pair[1]))
    return [lang for _n, lang in others[:max(0, workers - 1)]]


class LanguageProcesses:
    """The children of one build, seen from the build (`children`) or from a child (`mine`)."""

    def __init__(self):
        self.children: list[Child] = []
        self.mine: frozenset | None = None  # in a child: the languages it renders
        self._pipe = None
        self._warnings = None
        self._patched = None  # (i18n's module, its build function)
        self._filter = None

    # -- in the build ----------------------------------------------------------

    def start(self, config, languages: list) -> frozenset | None:
        """Fork one child per language of `languages`. Returns, in a child, the languages it
        renders; in the build, None. From here on i18n's passes are dirty builds. OSError (no
        scratch folder, no process) leaves nothing started: the languages are then built one
        after the other, as without this module."""
        parent_dir = Path(config.site_dir).resolve().parent
        scratches = []
        try:
            for lang in languages:
                scratches.append(Path(tempfile.mkdtemp(prefix=f".campaign-{lang}-", dir=parent_dir)))
        except OSError:
            for scratch in scratches:
                shutil.rmtree(scratch, ignore_errors=True)
            raise
        self._dirty_passes()
        for n, (lang, scratch) in enumerate(zip(languages, scratches)):
            try:
                read_end, write_end = os.pipe()
                for stream in (sys.stdout, sys.stderr):
                    stream.flush()
                pid = os.fork()
            except OSError:
                for unused in scratches[n:]:
                    shutil.rmtree(unused, ignore_errors=True)
                self.abort()
                raise
            if pid == 0:
                os.close(read_end)
                for child in self.children:  # the other children are the build's, not this one's
                    os.close(child.pipe)
                self.children = []
                self._become_child(config, frozenset([lang]), scratch, write_end)
                return self.mine
            os.close(write_end)
            self.children.append(Child(pid, frozenset([lang]), scratch, read_end))
        return None

    def join(self, site_dir) -> None:
        """Wait for every child; move its pages into the site. PluginError if one failed."""
        children, self.children = self.children, []
        failed = []
        try:
            for child in children:
                answer = b""
                while True:
                    chunk = os.read(child.pipe, 4096)
                    if not chunk:
                        break
                    answer += chunk
                os.close(child.pipe)
                _pid, status = os.waitpid(child.pid, 0)
                if answer != b"ok" or os.waitstatus_to_exitcode(status) != 0:
                    failed.append(child)
            if failed:
                names = ", ".join(sorted(lang for child in failed for lang in child.languages))
                raise PluginError(f"the pages in {names} were rendered in a second process, which failed: its "
                                  "messages are above. Nothing was published; fix them and build again")
            for child in children:
                for lang in sorted(child.languages):
                    _move_tree(child.scratch / lang, Path(site_dir) / lang)
        finally:
            for child in children:
                shutil.rmtree(child.scratch, ignore_errors=True)
            self._restore()

    def abort(self) -> None:
        """The build failed: stop the children and forget their pages."""
        for child in self.children:
            try:
                os.kill(child.pid, signal.SIGKILL)
                os.waitpid(child.pid, 0)
            except OSError:
                pass
            try:
                os.close(child.pipe)
            except OSError:
                pass
            shutil.rmtree(child.scratch, ignore_errors=True)
        self.children = []
        self._restore()

    # -- in a child ------------------------------------------------------------

    def _become_child(self, config, languages: frozenset, scratch: Path, pipe: int) -> None:
        self.mine = languages
        self._pipe = pipe
        config.site_dir = str(scratch)  # every page, asset and 404 of this process goes there
        if config.strict:
            # the child leaves before MkDocs counts the warnings of its passes: it counts them itself
            self._warnings = CountHandler()
            self._warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self._warnings)
        # any way out of this process but finish() is a failure, and never runs the exit handlers
        # of the build it was forked from (its pools, its temporary folders)
        atexit.register(os._exit, 1)

    def finish(self) -> None:
        """In a child, once its languages are written: tell the build, and leave."""
        ok = not (self._warnings is not None and self._warnings.get_counts())
        if not ok:
            log.error(f"{', '.join(sorted(self.mine))}: warnings in strict mode (above)")
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os.write(self._pipe, b"ok" if ok else b"warnings")
        os.close(self._pipe)
        os._exit(0 if ok else 1)

    # -- i18n's passes -----------------------------------------------------------

    def _dirty_passes(self) -> None:
        """i18n runs each language's pass as `build(config, dirty=...)`, dirty only when the command
        line says so; here every pass is dirty, so that MkDocs renders only the pages the plugin
        marks as modified, and copies no theme file it has already written."""
        import mkdocs_static_i18n.plugin as i18n_module

        original = i18n_module.build

        def dirty_build(config, dirty=False, **options):
            return original(config, dirty=True, **options)

        i18n_module.build = dirty_build
        self._patched = (i18n_module, original)
        # MkDocs warns that a dirty build may leave stale pages: not here, where the plugin says
        # which pages to render; under `strict` the warning would fail the build
        self._filter = NoDirtyWarning()
        logging.getLogger("mkdocs.commands.build").addFilter(self._filter)

    def _restore(self) -> None:
        if self._patched is not None:
            module, original = self._patched
            module.build = original
            self._patched = None
        if self._filter is not None:
            logging.getLogger("mkdocs.commands.build").removeFilter(self._filter)
            self._filter = None


def _move_tree(source: Path, target: Path) -> None:
    """Every file under `source` to the same place under `target` (same file system: renames)."""
    if not source.is_dir():
        return
    for root, _dirs, names in os.walk(source):
        folder = target / Path(root).relative_to(source)
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(Path(root) / name, folder / name)
