"""MkDocs adapter: wires MkDocs and mkdocs-static-i18n events to the core.

The plugin holds no logic of its own beyond mapping MkDocs files to records.
MkDocs never reads content/: the plugin reads it (option `content_dir`) and
fills the stage that `docs_dir` names with what may be published (site.stage),
then checks that every file MkDocs is about to write came from the stage, the
theme or the engine itself (fail closed, naming any stray).
mkdocs-static-i18n re-runs the whole build once per language on the same
config, so every event here runs once per language; content is loaded once
per build. `mkdocs serve` keeps the plugin from one rebuild to the next (it has
on_startup); with `--dirty` it renders again only what an edit can have changed
(_mark_unchanged, _quick_files). The engine's own work runs in worker processes
(content.cache, site.languages), the languages with the most records render in
child processes of the build (mkdocs_languages), and a build can be split by language
(ONE_LANGUAGE_ENV, campaign.tools.split); the site is the same bytes every way.
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import logging
import os
import posixpath
import time
from pathlib import Path

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from . import mkdocs_languages, mkdocs_serve
from .content.cache import ContentCache, engine_digest, salt
from .content.collection import Published
from .content.inventory import pages_from_nav
from .content.loader import Settings, load_content
from .content.recordtypes import FOLDERS
from .content.references import references, resolve
from .l10n import catalog, material
from .safety import csp, images, sanitize
from .site import helpdirectory, placepages, press, reportpdf, sitepages, stage
from .site.compact import compact
from .site.context import language_context
from .site.fragments import Fragments
from .site.languages import Outputs, inputs_digest, language_output
from .site.search import SearchIndexError, build_search_index
from .site.urls import localized, relative

log = get_plugin_logger(__name__)
# Set by campaign.tools.split for one job of a build split by language (a CI matrix): the build
# goes through every language as usual (so that every language's sitemap entries, alternates and
# generated files are known) but renders and writes the pages of this language only.
ONE_LANGUAGE_ENV = "CAMPAIGN_BUILD_LANGUAGE"
TYPE_BY_FOLDER = {folder: rtype for rtype, folder in FOLDERS.items()}


class CampaignConfig(Config):
    # The folder editors write in, relative to mkdocs.yml. MkDocs' docs_dir is the stage
    # the engine fills from it, never this folder.
    content_dir = c.Type(str, default="content")
    # Fixed pages (paths in content_dir) the site publishes besides those named in `nav`.
    pages = c.Type(list, default=[])
    min_reviewers = c.Type(int, default=2)
    min_count = c.Type(int, default=5)
    # Date the consent expiry is measured against; empty means the day of the build.
    today = c.Optional(c.Type(str))
    # Folder of the fragment templates; empty means <theme custom_dir>/campaign.
    templates = c.Optional(c.Type(str))
    # Optional tile layer for the maps, e.g. {url: "https://tile.example/{z}/{x}/{y}.png",
    # attribution: "..."}. Off by default: readers' browsers then contact no tile server.
    tiles = c.Optional(c.Type(dict))
    # Where the quick exit leads (SPEC 5.4): a neutral site that replaces this one in the history.
    quick_exit_url = c.Type(str, default="https://www.wikipedia.org/")
    # Language of the labels beside the codes in stories.csv (SPEC 4.6); empty: the default language.
    data_labels = c.Optional(c.Type(str))
    # Licence of the open data exports (SPEC 4.3).
    data_licence = c.Type(dict, default={"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"})
    # Records per index page: keeps an index light on a phone; the filters see all records.
    index_page_size = c.Type(int, default=50)
    # Records of each type a city or country page lists before "See all": keeps it light and
    # printable however many stories a place has; the rest are on its list pages.
    place_list_size = c.Type(int, default=placepages.LIST_SIZE)
    # Processes for the engine's own work (checking content, generating every language's pages):
    # 0 means one per CPU (and no pool for a few files); 1 does everything in the build's process;
    # 2 or more always uses a pool of that size. The site is the same either way (tested).
    workers = c.Type(int, default=0)
    # Where the content cache (campaign.content.cache) keeps parse, schema and personal-data scan
    # results between builds, relative to mkdocs.yml; empty: no cache. Outside content/ and the site.
    cache_dir = c.Type(str, default=".cache/campaign")


class CampaignPlugin(BasePlugin[CampaignConfig]):
    def __init__(self):
        self._serve_guard = None  # mkdocs_serve: the problems page of a failed rebuild
        self._watch_dir = None  # the content folder serve watches, known even when a build fails
        self.content = None
        self.published = None
        self.fragments = None
        self.images = {}
        self._generated_html = {}  # dest URL of a generated page -> its content HTML
        self._home_html = ""  # added to the home page of the language being built
        self._help_html = ""  # the help directory, added to the help page of the language being built
        self._root_404 = None  # the default language's 404 page
        self._script_hashes = None  # hashes of the theme templates' inline scripts
        self.stage_dir = self.content_dir = None
        self.manifest = set()
        self._approved = set()  # site paths the builds of every language may write
        self._dirty = False
        self._press_html = ""  # put into the press page of the language being built
        self._report_pdfs = {}  # language -> reportpdf.Job making its PDF
        self._config = None  # the config object content was loaded for (i18n's nested builds share it)
        self.cache_stats = {}  # the content cache's counts in the last load (for logs and tests)
        self._outputs = None  # site.languages.Outputs: every language's generated pages, made side by side
        self._serving = False  # `mkdocs serve`: the plugin lives on from one rebuild to the next
        self._inputs = None  # serve: digest of everything but record bodies (site.languages.inputs_digest)
        self._previous_inputs = None  # ... in the previous build
        self._previous_generated = {}  # serve: dest_uri -> digest of a generated file in the previous build
        self._previous_report = {}  # serve: language -> report HTML its PDF in the site was made from
        self._rebuilt = False  # serve: a rebuild (not the first build) of the running server
        self._only = None  # the one language this build writes (ONE_LANGUAGE_ENV), else None
        self._stage_changed = set()  # stage files this build wrote (new or changed)
        self._quick = False  # serve --dirty rebuild after edits of record texts only (_quick_files)
        self._titles = {}  # serve: page URL -> title, for the navigation of pages not rendered again
        self._sitemap = None  # serve: the complete sitemap of the last full pass
        self._render = None  # languages whose pages this process renders in i18n's passes (None: all)
        self._rendered = set()  # in a child process (mkdocs_languages): languages it has written
        self._forks = mkdocs_languages.LanguageProcesses()  # languages rendered in child processes

    # -- configuration --------------------------------------------------------

    def _i18n(self, config):
        return config.plugins.get("i18n")

    def _languages(self, config) -> tuple[list, str]:
        i18n = self._i18n(config)
        if i18n is None:
            lang = config.theme.get("language") or "en"
            return [lang], lang
        langs = [lang.locale for lang in i18n.config.languages if lang.locale != "null"]
        default = next(lang.locale for lang in i18n.config.languages if lang.default)
        return [default] + [code for code in langs if code != default], default

    def _current_language(self, config) -> str:
        i18n = self._i18n(config)
        if i18n is None or i18n.current_language is None:
            return self._languages(config)[1]
        return i18n.current_language

    @event_priority(50)
    def on_config(self, config):
        """Load and validate all content before anything is written (runs per language; loads once).

        mkdocs-static-i18n re-runs the build for each language on the same config object; `mkdocs
        serve` keeps this plugin (it has on_startup) and gives each rebuild a new config: content is
        loaded again then, through the content cache, so an edit is seen and only it is re-checked."""
        if self.content is not None and config is self._config:
            return config
        self._reset()
        for option in ("index_page_size", "place_list_size", "min_reviewers"):
            if self.config[option] < 1:
                raise PluginError(f"mkdocs.yml: plugins: campaign: {option} is {self.config[option]}; "
                                  "it must be 1 or more")
        languages, default = self._languages(config)
        if self.config.data_labels and self.config.data_labels not in languages:
            raise PluginError(f"mkdocs.yml: plugins: campaign: data_labels is '{self.config.data_labels}', which is "
                              f"not a language of this site; use one of {', '.join(languages)}, or leave it out")
        if self._only is not None:
            self._check_one_language(config, languages)
        today = dt.date.fromisoformat(self.config.today) if self.config.today else dt.date.today()
        settings = Settings(languages=languages, default_language=default,
                            min_reviewers=self.config.min_reviewers, today=today)
        project_root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        content_dir = (project_root / self.config.content_dir).resolve()
        self._watch_dir = content_dir
        stage_dir = Path(config.docs_dir).resolve()
        if (content_dir == stage_dir or content_dir in stage_dir.parents or stage_dir in content_dir.parents):
            raise PluginError(f"mkdocs.yml: docs_dir ({config.docs_dir}) and plugins: campaign: content_dir "
                              f"({self.config.content_dir}) must be separate folders: MkDocs builds only from the stage "
                              "the engine fills (docs_dir: stage), never from the content folder itself")
        for theme_dir in config.theme.dirs:
            if content_dir == Path(theme_dir).resolve() or content_dir in Path(theme_dir).resolve().parents:
                raise PluginError(f"mkdocs.yml: theme: custom_dir ({theme_dir}) is inside the content folder: "
                                  "every file in it would be published; keep the theme overrides outside content/")
        if not content_dir.is_dir():
            raise PluginError(f"mkdocs.yml: plugins: campaign: content_dir: the folder {content_dir} does not exist")
        settings.pages = pages_from_nav(config.nav, self.config.pages)
        cache_dir = (project_root / self.config.cache_dir).resolve() if self.config.cache_dir else None
        if cache_dir is not None and (cache_dir == content_dir or content_dir in cache_dir.parents
                                      or cache_dir == stage_dir or stage_dir in cache_dir.parents):
            raise PluginError(f"mkdocs.yml: plugins: campaign: cache_dir ({self.config.cache_dir}) must be outside "
                              "the content and stage folders")
        cache = ContentCache(cache_dir, salt(content_dir, settings.cache_key()))
        # an explicit number of workers uses them even for a few files (the tests compare the sites)
        content = load_content(content_dir, settings, project_root, cache=cache, workers=self._workers(),
                               pool_minimum=0 if self.config.workers > 1 else None)
        self.cache_stats = {"hits": cache.hits, "misses": cache.misses, "parsed": list(cache.parsed),
                            "reused": cache.loaded}
        log.debug(f"content cache: {cache.hits} results reused, {cache.misses} computed, "
                  f"{len(cache.parsed)} files read again")
        try:
            # also when content has problems: the results are the checks' raw findings, not a verdict,
            # and the editor's next build re-checks only the files she fixed
            cache.save()
        except OSError as exc:  # a read-only checkout builds as well, only slower
            log.info(f"the content cache cannot be written ({exc}); the next build checks every file again")
        if content.problems.errors:
            count = len(content.problems.errors)
            raise PluginError(
                f"{count} problem{'s' if count > 1 else ''} in the content; nothing was published:\n"
                + content.problems.report()
            )
        self.content = content
        self._config = config
        self.published = Published(content)
        templates = self.config.templates or posixpath.join(config.theme.custom_dir or "overrides", "campaign")
        try:
            self.images = images.prepare(content_dir, self.published.records.values())
        except (OSError, ValueError) as exc:  # Pillow raises these for unreadable images
            raise PluginError(f"An image of a published record cannot be read: {exc}. "
                              "Replace it with a JPEG or PNG file in content/assets/.") from exc
        self.fragments = Fragments(templates, self.published, default, site_url=config.site_url or "",
                                   images=self.images)
        try:
            planned = stage.plan(self.published, lambda lang: self.fragments.tombstone_markdown(
                language_context(self.published, lang)))
            self._stage_changed = set()
            written = stage.write(stage_dir, planned, self._stage_changed)
        except (stage.StageError, OSError, ValueError) as exc:
            raise PluginError(f"the stage cannot be written: {exc}") from exc
        self.stage_dir, self.content_dir, self.manifest = stage_dir, content_dir, set(planned)
        log.debug(f"stage: {len(planned)} files, {written} written")
        self._start_outputs(config, languages, default)
        return config

    def _language_options(self, config, lang: str) -> sitepages.Options:
        """The generated pages' options in `lang`: the site name is the language's own (i18n's
        `site_name` override, as i18n sets it on the config when it builds that language)."""
        site_name = config.site_name
        i18n = self._i18n(config)
        if i18n is not None:
            own = next((entry.site_name for entry in i18n.config.languages if entry.locale == lang), None)
            site_name = own if own is not None else self._site_name
        return sitepages.Options(page_size=self.config.index_page_size, tiles=self.config.tiles,
                                 place_list_size=self.config.place_list_size,
                                 site_url=config.site_url or "", site_name=site_name,
                                 licence=dict(self.config.data_licence), min_count=self.config.min_count,
                                 label_language=self.config.data_labels or "")

    def _start_outputs(self, config, languages, default) -> None:
        """Every language's generated pages, started now in worker processes (site.languages);
        with `mkdocs serve`, kept from the previous build when nothing but record bodies changed."""
        # content is loaded in the first language's on_config, before i18n applies any language's
        # overrides: this is the site name of languages without their own
        self._site_name = config.site_name
        self._previous_inputs, self._inputs = self._inputs, None
        if self._serving:
            self._inputs = inputs_digest(self.published, self._environment_digest(config))
            if self._outputs is not None and self._inputs == self._previous_inputs:
                log.info("serve: only record texts changed; the generated pages are those of the previous build")
                self._quick = self._dirty and self._rebuilt
                return
        self._quick = False
        if self._outputs is not None:
            self._outputs.close()
        options = {lang: self._language_options(config, lang) for lang in languages}
        self._outputs = Outputs(lambda lang: language_output(self.fragments, self.published, lang, options[lang],
                                                             tiles=self.config.tiles),
                                languages, workers=self._workers())

    def _environment_digest(self, config) -> bytes:
        """The engine, the theme's own files and the configuration: what a serve rebuild must notice
        besides content (site.languages.inputs_digest)."""
        digest = hashlib.sha256(engine_digest().encode())
        if config.theme.custom_dir:
            for path in sorted(Path(config.theme.custom_dir).rglob("*")):
                if path.is_file():
                    digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
        if config.config_file_path and Path(config.config_file_path).is_file():
            digest.update(Path(config.config_file_path).read_bytes())
        digest.update(repr(sorted(self.config.items(), key=lambda kv: kv[0])).encode())
        digest.update(repr((config.site_url, self.content.settings.cache_key())).encode())
        return digest.digest()

    def _check_one_language(self, config, languages) -> None:
        if self._only not in languages:
            raise PluginError(f"{ONE_LANGUAGE_ENV}={self._only}: not a language of this site; use one of "
                              + ", ".join(languages))
        if not self._dirty:
            raise PluginError(f"{ONE_LANGUAGE_ENV} is set: build one language with `python3 -m campaign.tools.split "
                              f"build --language {self._only}`, which runs `mkdocs build --dirty` into an empty folder")
        site = Path(config.site_dir)
        if site.exists() and any(site.iterdir()):
            raise PluginError(f"{ONE_LANGUAGE_ENV} is set and the site folder {site} is not empty: a one-language "
                              "build writes into an empty folder (nothing of an earlier build may be merged)")

    def _workers(self) -> int:
        return self.config.workers if self.config.workers > 0 else (os.cpu_count() or 1)

    def _reset(self) -> None:
        """What one build learns about the site, forgotten before the next one (mkdocs serve)."""
        self._generated_html = {}
        self._approved = set()
        self._root_404 = None
        self._render = frozenset([self._only]) if self._only is not None else None
        self._rendered = set()

    def on_serve(self, server, config, builder):
        """Watch what editors change (content/), not the stage the build itself writes."""
        try:
            server.unwatch(config.docs_dir)  # exactly as `mkdocs serve` registered it
        except KeyError:
            pass
        if self._watch_dir is not None:
            server.watch(str(self._watch_dir))
        # a failed rebuild shows its problems in the browser instead of leaving it waiting (mkdocs_serve)
        self._serve_guard = mkdocs_serve.install(server, builder, config.site_dir)
        return server

    # -- files: the gate ------------------------------------------------------

    def _record_of(self, src_uri: str):
        """(state, record) for a record page's source path, else None."""
        parts = src_uri.split("/")
        if len(parts) != 2 or parts[0] not in TYPE_BY_FOLDER or not parts[1].endswith(".md"):
            return None
        slug = parts[1][:-3].split(".", 1)[0]
        if slug in self.published.records:
            return "public", self.published.records[slug]
        if slug in self.published.tombstones:
            return "tombstone", self.published.tombstones[slug]
        return "hidden", None

    def _help_anchor(self, page) -> str:
        """'#osh' for a page about Osh. A record's place comes from the published collection (its
        staged page carries only its text); a withdrawn record's page names no place."""
        if page is None or not getattr(page, "file", None):
            return ""
        found = self._record_of(getattr(page.file, "norm_src_uri", page.file.src_uri))
        if found is not None:
            meta = found[1].meta if found[0] == "public" else {}
        else:
            meta = page.meta or {}
        return helpdirectory.anchor(meta, self.published.registries)

    @event_priority(100)
    def _gate_files(self, files, config):
        """Before i18n sees them, drop every record file that may not be published at all.

        Fail closed: every file must come from the stage's manifest or the theme; a .md
        file in a record folder that the gate does not know as public or tombstone is
        removed, whatever its state.
        """
        # paths compared as MkDocs made them (docs_dir and theme dirs joined with src_uri): no
        # file-system lookups per file; a staged file must also be in the manifest
        stage_prefix = os.path.normpath(config.docs_dir) + os.sep
        theme_prefixes = tuple(os.path.normpath(d) + os.sep for d in config.theme.dirs)
        strays = []
        for file in list(files):
            if file.src_uri in stage.KEEP:  # the stage's own hidden files: never pages
                files.remove(file)
                continue
            source = os.path.normpath(file.abs_src_path) if file.abs_src_path else None
            if source is None or (source.startswith(stage_prefix) and file.src_uri not in self.manifest):
                strays.append(file.src_uri)
            elif not source.startswith(stage_prefix) and not source.startswith(theme_prefixes):
                strays.append(file.src_uri)
        if strays:
            raise PluginError("these files are not in the stage the engine wrote, so nothing was published: "
                              + ", ".join(sorted(strays)) + ". Build with `mkdocs build` only, and do not put files "
                              "in the stage folder by hand.")
        lang = self._current_language(config)
        keep = self._quick_files() if self._quick else None
        for file in list(files):
            found = self._record_of(file.src_uri)
            if keep is not None and found and file.src_uri not in keep:
                # serve --dirty after text edits only: an unchanged record's pages are in the site
                # already, and i18n's work on every record file would be most of the rebuild
                files.remove(file)
                continue
            if found and found[0] == "hidden":
                files.remove(file)
            elif found and lang not in found[1].versions:
                # i18n would only make a fallback copy of it for this language, which
                # _localise_files removes again: a large corpus builds faster without
                files.remove(file)
        return files

    def _quick_files(self) -> set:
        """Record files a quick rebuild renders: those the stage rewrote, and those their texts
        link to (MkDocs checks the links of a page it renders)."""
        keep = set(self._stage_changed)
        for record in list(self.published.records.values()) + list(self.published.tombstones.values()):
            for version in record.versions.values():
                if version.source in self._stage_changed:
                    for ref in references(version.body):
                        target, _why = resolve(version.source, ref.target)
                        if target:
                            keep.add(target)
        return keep

    @event_priority(-200)
    def _localise_files(self, files, config):
        """After i18n chose each language's files: records only in languages they exist in,
        tombstones instead of withdrawn text, records kept out of the navigation."""
        lang = self._current_language(config)
        i18n = self._i18n(config)
        sitemap = i18n.i18n_files_per_language.get(lang, []) if i18n else []
        for file in list(files):
            found = self._record_of(getattr(file, "norm_src_uri", file.src_uri))
            if not found:
                continue
            state, record = found
            if getattr(file, "locale", lang) != lang or state == "hidden":
                # i18n's fallback copy of a record in a language it does not exist in
                files.remove(file)
                if file in sitemap:
                    sitemap.remove(file)
                continue
            file.inclusion = InclusionLevel.NOT_IN_NAV
            if hasattr(file, "alternates"):
                for other in list(file.alternates):
                    if other not in record.versions:
                        del file.alternates[other]
            if state == "tombstone":
                file.content_string = self.fragments.tombstone_markdown(language_context(self.published, lang))
                if file in sitemap:
                    sitemap.remove(file)
        self._add_generated(files, config, lang, sitemap)
        if self._serving:
            self._mark_unchanged(files)
        if self._render is not None:
            # the pages and generated files of the other languages are known (sitemap, alternates)
            # but neither rendered nor written: their own jobs (a one-language build, or a child
            # process of this build: mkdocs_languages) write them. These passes are dirty builds:
            # MkDocs renders a page only when it is marked as modified
            for file in files:
                # the pages in the navigation are rendered in every language: the navigation of the
                # pages MkDocs writes in each language build (its 404 page, at the root for the default
                # language) shows their titles, which MkDocs reads only from rendered pages
                if file.is_documentation_page() or file.generated_by:
                    wanted = lang in self._render or (file.is_documentation_page()
                                                      and file.inclusion == InclusionLevel.INCLUDED)
                    file.is_modified = _modified if wanted else _unmodified
        # what this language's build may write: checked against the site folder after the build
        self._approved.update(file.dest_uri for file in files if not file.inclusion.is_excluded())
        return files

    def _generated_file(self, config, src_uri: str, lang: str, content: str, in_nav: bool = False) -> File:
        """A generated file in `lang`, shaped like the files mkdocs-static-i18n makes."""
        default = self.content.settings.default_language
        inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, src_uri, content=content, inclusion=inclusion)
        if lang != default:
            file.dest_uri = f"{lang}/{file.dest_uri}"
        file.locale = file.locale_alternate_of = lang
        file.localization = None
        file.norm_src_uri = src_uri
        file.alternates = {}
        return file

    def _add_generated(self, files, config, lang, sitemap):
        """The engine's pages and data files (sitepages), in the current language."""
        made = self._outputs.get(lang)
        items = made.items
        self._start_report_pdf(lang, made.report_html)
        self._home_html, self._press_html, self._help_html = made.home_html, made.press_html, made.help_html
        for variants in self.images.values():
            for variant in variants:
                files.append(File.generated(config, variant.path, content=variant.data))
        declared = {page.base for page in self.content.pages.values()}
        if self._quick:
            # the generated files are those of the previous build, in the site already; the pages in
            # the navigation stay known (the navigation of the pages rendered again lists them)
            items = [item for item in items if item.in_nav]
        for item in items:
            if item.src_uri in declared:
                raise PluginError(f"content/{item.src_uri}: the site makes this page itself; remove the file "
                                  f"(and its translations) from content/ and its entry from nav if it is not "
                                  "the engine's")
            file = self._generated_file(config, item.src_uri, lang, item.content, in_nav=item.in_nav)
            if item.is_page:
                for other in self.content.settings.languages:
                    if item.languages is not None and other not in item.languages:
                        continue  # not written in that language (site.listlanguages): not offered
                    file.alternates[other] = (file if other == lang else
                                              self._generated_file(config, item.src_uri, other, ""))
                self._generated_html[file.url] = item.html
                sitemap.append(file)
            files.append(file)

    on_files = CombinedEvent(_gate_files, _localise_files)

    def _mark_unchanged(self, files) -> None:
        """`mkdocs serve --dirty`: which pages MkDocs renders again after an edit.

        MkDocs re-renders a page whose source is newer than its output, and every generated
        file. Here a generated file the previous build made with the same bytes is left alone.
        A page's surroundings (lists of other records, the navigation, the language switcher)
        come from everything but the record bodies: if that changed (inputs_digest), every page
        is rendered again; if only bodies changed, the stage rewrote only the edited records'
        files and only their pages are rendered."""
        site_changed = self._inputs != self._previous_inputs
        for file in files:
            if file.generated_by:
                html = self._generated_html.get(file.url, "")
                key = hashlib.sha256(file.content_bytes + b"\0" + html.encode()).digest()
                same = self._previous_generated.get(file.dest_uri) == key
                self._previous_generated[file.dest_uri] = key
                if same and self._dirty and self._rebuilt:
                    file.is_modified = _unmodified
            elif site_changed and self._dirty and self._rebuilt and file.is_documentation_page():
                file.is_modified = _modified

    # -- pages ----------------------------------------------------------------

    def on_nav(self, nav, config, files):
        """serve --dirty: a page MkDocs does not render again has no title yet (MkDocs reads it while
        rendering); the navigation of the pages it renders shows the title of the previous build
        (in a quick rebuild no title can have changed: they are all outside record texts)."""
        if self._quick:
            for page in nav.pages:
                if page.url in self._titles and not page.file.is_modified():
                    page.title = self._titles[page.url]
        return nav

    def _page_record(self, page):
        if page.file.generated_by:
            return None
        found = self._record_of(getattr(page.file, "norm_src_uri", page.file.src_uri))
        if found and found[0] == "public":
            return found[1]
        return None

    def on_page_markdown(self, markdown, page, config, files):
        record = self._page_record(page)
        if record is not None:
            page.meta.setdefault("description", page.meta.get("summary", ""))
            page.meta.setdefault("hide", ["navigation"])
        return markdown

    def on_page_content(self, html, page, config, files):
        if page.file.generated_by == "campaign" and page.file.url in self._generated_html:
            return self._generated_html[page.file.url]
        source = getattr(page.file, "norm_src_uri", page.file.src_uri)
        if source == "index.md":  # home, in any language
            return sitepages.with_editors_text(self._home_html, sanitize.clean(html, page=True))
        if source == "help.md":  # help, in any language
            # searchable as a whole: the editors' emergency advice and the directory
            return "<div data-pagefind-body>\n" + sanitize.clean(html, page=True) + self._help_html + "\n</div>"
        if source == "press.md":  # the contact, numbers and downloads where the editors' text asks for them
            # the editors' text is sanitised as every fixed page; the block is the engine's own
            before, found, after = html.partition(press.PLACEHOLDER)
            if found:
                return sanitize.clean(before, page=True) + self._press_html + sanitize.clean(after, page=True)
            return sanitize.clean(html, page=True) + self._press_html
        record = self._page_record(page)
        if record is None:
            # a fixed page or a tombstone: editors' Markdown, same allowlist as record bodies
            return sanitize.clean(html, page=True)
        lang = self._current_language(config)

        def link(site_path):
            return relative(site_path, page.url)

        # the body is editors' Markdown: keep only the allowlisted HTML (SPEC 5.2)
        return self.fragments.record_page(record, language_context(self.published, lang), sanitize.clean(html), link,
                                          site_name=config.site_name)

    def on_env(self, env, config, files):
        """Helpers for the theme overrides in the language being built."""
        # MkDocs makes a template environment per language build: without a shared cache each one
        # compiles the theme's templates again (checked against each template's source)
        env.bytecode_cache = THEME_BYTECODE
        lang = self._current_language(config)
        default = self.content.settings.default_language
        env.globals["wav_t"] = catalog.gettext_for(lang)
        env.globals["wav_lang"] = lang
        i18n = self._i18n(config)
        if i18n is not None and getattr(i18n, "extra_alternate", None) and hasattr(config.extra, "alternate"):
            # i18n sets the switcher's links per page on the config and leaves the last page's there:
            # the pages MkDocs renders before any page of this language (its 404 page) would link to
            # the alternates of the previous language's last page. Each language starts from its homes.
            config.extra.alternate = copy.deepcopy(i18n.extra_alternate)
        env.globals["wav_lang_prefix"] = "" if lang == default else f"{lang}/"
        env.globals["wav_material_t"] = material.lookup(lang)
        # the language suggestion speaks each language in itself: its strings in that language
        env.globals["wav_t_for"] = catalog.gettext_for
        env.globals["wav_languages"] = [(code, "" if code == default else f"{code}/")
                                        for code in self.content.settings.languages]
        env.globals["wav_quick_exit_url"] = self.config.quick_exit_url
        # '#osh' on a page about Osh: the header's "Get help" opens the directory at the reader's city
        env.globals["wav_help_anchor"] = self._help_anchor
        if self._script_hashes is None:
            self._script_hashes = csp.template_hashes(config.theme.dirs)
        env.globals["wav_csp"] = csp.policy((self.config.tiles or {}).get("url"), self._script_hashes)
        env.globals["wav_footer"] = sitepages.footer(self.published, dict(self.config.data_licence))
        return env

    def _audit_scripts(self, output: str, name: str) -> None:
        """The policy comes from the templates; an inline script it does not allow did not come from
        the theme. The browser refuses it; with `strict` the build fails, naming the page."""
        for script in csp.unknown_inline_scripts(output, self._script_hashes or set()):
            log.warning(f"{name}: an inline script that the theme's templates do not contain "
                        f"('{script}...'); the Content-Security-Policy blocks it")

    @event_priority(-150)
    def on_post_page(self, output, page, config):
        """Last (after every other plugin): no inline script but the theme's; then the page without
        the templates' indentation (site.compact: the same page, about a sixth smaller)."""
        self._audit_scripts(output, page.file.dest_uri)
        return compact(output)

    @event_priority(-150)
    def on_post_template(self, output_content, template_name, config):
        if template_name == "sitemap.xml":  # indentation only between elements: none needed
            if self._quick and self._sitemap is not None:
                return self._sitemap  # a quick rebuild knows only the pages it renders
            sitemap = compact(output_content)
            if self._serving:
                self._sitemap = sitemap  # each language's replaces the previous: the last one has all
            return sitemap
        if not template_name.endswith(".html"):
            return output_content
        output = output_content
        self._audit_scripts(output, template_name)
        if template_name == "404.html":
            # MkDocs writes 404.html at the site root in every language build: keep the default
            # language's there and give each other language its own <lang>/404.html
            lang = self._current_language(config)
            if lang == self.content.settings.default_language:
                self._root_404 = output
            else:
                target = Path(config.site_dir) / lang / "404.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(compact(output), encoding="utf-8")
                return compact(self._root_404 or output)
            return compact(output)
        return output

    @event_priority(0)
    def on_page_context(self, context, page, config, nav):
        """After i18n set the language switcher: offer only languages the record (or the generated
        page) exists in."""
        if self._serving:
            self._titles[page.url] = page.title
        found = self._record_of(getattr(page.file, "norm_src_uri", page.file.src_uri))
        # i18n sets config.extra.alternate as an attribute (which templates read first)
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
        if found and found[1] is not None and isinstance(alternates, list):
            config.extra.alternate = [a for a in alternates if a.get("lang") in found[1].versions]
        elif isinstance(alternates, list) and page.url in self._generated_html:
            # the engine's pages: their alternates are the languages they are written in (a list's
            # further pages are not written in every language: site.listlanguages)
            config.extra.alternate = [a for a in alternates if a.get("lang") in page.file.alternates]
        return context

    @event_priority(-50)
    def _fork_languages(self, config):
        """After the default language, before mkdocs-static-i18n (-100) builds the others one after
        the other: the languages with the most records go to child processes (mkdocs_languages)."""
        i18n = self._i18n(config)
        if (i18n is None or i18n.building or self._serving or self._dirty or self._only is not None
                or self.published is None or self._workers() < 2 or not mkdocs_languages.available()):
            return
        languages, default = self.content.settings.languages, self.content.settings.default_language
        records = {lang: sum(1 for r in self.published.records.values() if lang in r.versions) for lang in languages}
        chosen = mkdocs_languages.choose(records, default, self._workers())
        if not chosen:
            return
        for lang in languages:  # every language's generated pages, from the pool, before the fork
            self._outputs.get(lang)
        try:
            mine = self._forks.start(config, chosen)
        except OSError as exc:  # no scratch folder or no process: one language after the other
            log.info(f"the languages are built one after the other ({exc})")
            return
        if mine is None:
            self._render = frozenset(lang for lang in languages if lang not in chosen)
            log.debug(f"languages rendered in child processes: {', '.join(chosen)}")
        else:
            # a child: the build's pool and its PDF processes are not this process's to touch, nor
            # to let go (a Job's temporary folder is removed when the Job is collected)
            self._outputs.detach()
            self._inherited_pdfs, self._report_pdfs = self._report_pdfs, {}
            self._render = mine

    def _finish_build(self, config):
        """Once, after mkdocs-static-i18n (-100) built every language: the search index."""
        i18n = self._i18n(config)
        if i18n is not None and i18n.building:
            if self._forks.mine is not None:
                self._rendered.add(self._current_language(config))
                if self._forks.mine <= self._rendered:
                    self._forks.finish()  # a child process: its pages are written; it ends here
            return
        if self._forks.children:
            self._forks.join(config.site_dir)
        if self._outputs is not None:
            # idle by now: every language was handed its pages (kept for serve's next rebuild); no
            # worker process outlives the build, even a server stopped without its shutdown event
            self._outputs.close(wait=True)
        if self._only is not None:
            # the search index is made once over the merged site (campaign.tools.split index)
            log.info(f"{ONE_LANGUAGE_ENV}={self._only}: the pages of {self._only} only; no search index")
            self._write_report_pdfs(config)
            self._audit_site(config)
            return
        if self._serving and self._dirty and self._rebuilt:
            # Pagefind reads every page again (most of a rebuild's time): the preview keeps the index
            # of the server's first build; restart `mkdocs serve` to search the edited text
            log.info("serve --dirty: the search index is the one of the first build")
            self._write_report_pdfs(config)
            self._rebuilt = True
            return
        try:
            # only public records' pages can be searchable: the index need not read every page
            candidates = sitepages.search_candidates(self.published, config.site_dir)
            summary = build_search_index(config.site_dir, candidates=candidates)
        except SearchIndexError as exc:
            raise PluginError(f"search index: {exc}") from exc
        log.info("search index: " + (", ".join(f"{lang} {n}" for lang, n in summary["pages"].items()) or "no record"))
        self._write_report_pdfs(config)
        self._audit_site(config)
        self._rebuilt = self._serving

    on_post_build = CombinedEvent(_fork_languages, event_priority(-200)(_finish_build))

    def _start_report_pdf(self, lang, html):
        """Make the language's report PDF in a process of its own while MkDocs builds the next
        languages: MkDocs keeps one core busy, the PDF (2 to 3 s of CPU each) takes the other."""
        if lang in self._report_pdfs:  # a language built twice in one run (serve): the newest wins
            self._report_pdfs.pop(lang).cancel()
        if self._only is not None and lang != self._only:
            return  # its own job makes it
        if self._forks.mine is not None:
            return  # a child process renders pages; the build makes every language's PDF
        if self._serving and self._dirty and self._rebuilt and self._previous_report.get(lang) == html:
            return  # serve --dirty: the PDF in the site was made from the same HTML
        self._previous_report[lang] = html
        self._report_pdfs[lang] = reportpdf.Job(html, reportpdf.epoch_of(self.published))

    def on_build_error(self, error):
        mkdocs_serve.Failure.message = str(error)
        self._forks.abort()
        for job in self._report_pdfs.values():
            job.cancel()
        self._report_pdfs = {}
        self._previous_report = {}
        if self._outputs is not None:
            self._outputs.close()
            self._outputs = None
        # serve: what a failed build wrote (the stage, some pages) is not known to be in the site;
        # the next build renders every page and generated file again (_mark_unchanged)
        self._inputs = None
        self._previous_generated = {}

    def _write_report_pdfs(self, config):
        """The report's PDF in every language built, beside its report page (SPEC 4.5)."""
        default = self.content.settings.default_language
        started = time.perf_counter()
        jobs, self._report_pdfs = self._report_pdfs, {}
        try:
            for lang, job in sorted(jobs.items()):
                try:
                    data, cpu = job.result()
                except reportpdf.ReportPDFError as exc:
                    raise PluginError(f"The report PDF ({lang}) was not made: {exc}. The report may only show "
                                      "the site's own figures: remove images or files from other places from "
                                      "the chapters in content/report/.") from exc
                except OSError as exc:  # WeasyPrint or its Pango library missing, or the process failed
                    raise PluginError(f"The report PDF cannot be made: {exc}. Install the project with "
                                      "'pip install -e .' (it brings WeasyPrint); on Debian or Ubuntu, Pango "
                                      "comes with 'apt-get install libpango-1.0-0 libpangoft2-1.0-0'.") from exc
                rel = localized("report/" + reportpdf.pdf_name(lang), lang, default)
                self._approved.add(rel)  # a file this build made: the last-line audit knows it
                target = Path(config.site_dir) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                log.info(f"report PDF {lang}: {len(data) // 1024} KB, {cpu:.1f} s of CPU in a process of its own")
            # what the PDFs added to the build's time: the wait for the last ones, after the last language
            log.info(f"report PDFs: waited {time.perf_counter() - started:.1f} s for them after the last language")
        finally:
            for job in jobs.values():
                job.cancel()


    def on_startup(self, command, dirty):
        self._dirty = dirty
        self._serving = command == "serve"
        self._only = os.environ.get(ONE_LANGUAGE_ENV) or None
        if dirty and (self._serving or self._only is not None):
            # MkDocs warns that a dirty build may leave pages with stale lists and navigation, and under
            # `strict` the warning fails the build. Here it does not apply: `serve --dirty` renders every
            # page again whenever anything but a record's text changed (_mark_unchanged), and a
            # one-language build writes into an empty folder (_check_one_language)
            logging.getLogger("mkdocs.commands.build").addFilter(mkdocs_languages.NoDirtyWarning())
        if self._serving:
            # a first build that fails leaves the server running, showing the problems (mkdocs_serve)
            from mkdocs.commands import serve as serve_command

            mkdocs_serve.survive_first_failure(serve_command)

    def on_shutdown(self):
        if self._outputs is not None:
            self._outputs.close()
        if self._serve_guard is not None:
            self._serve_guard.close()

    def _audit_site(self, config):
        """Last line: every file in the site folder is one that a build approved in on_files (from the
        stage, the theme or the engine), or one the theme, the engine or this site's hooks write."""
        if self._dirty and self._only is None:
            return  # a --dirty build keeps earlier builds' files: nothing to compare with
        site = Path(config.site_dir)
        languages = self.content.settings.languages
        known = self._approved | {"404.html", "sitemap.xml", "sitemap.xml.gz", "_headers"}
        known |= {f"{lang}/404.html" for lang in languages}
        strays = []
        for root, _dirs, names in os.walk(site):
            for name in names:
                rel = (Path(root) / name).relative_to(site).as_posix()
                if rel not in known and not rel.startswith("pagefind/"):
                    strays.append(rel)
        if strays:
            shown = ", ".join(sorted(strays)[:20]) + (f" and {len(strays) - 20} more" if len(strays) > 20 else "")
            raise PluginError(f"the site folder holds files no step of the build approved: {shown}. Nothing "
                              "should be published from this build; build again with `mkdocs build` (which "
                              "empties the folder first)")


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates for this process (every language build, every serve rebuild).
    Jinja checks each template's source checksum before using the compiled code."""

    def __init__(self):
        self._store = {}

    def load_bytecode(self, bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


THEME_BYTECODE = _MemoryBytecodeCache()


def _unmodified() -> bool:
    return False


def _modified() -> bool:
    return True
