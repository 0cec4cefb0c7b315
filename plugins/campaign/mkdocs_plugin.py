"""MkDocs adapter: wires MkDocs and mkdocs-static-i18n events to the core.

The plugin holds no logic of its own beyond mapping MkDocs files to records.
MkDocs never reads content/: the plugin reads it (option `content_dir`) and
fills the stage that `docs_dir` names with what may be published (site.stage),
then checks that every file MkDocs is about to write came from the stage, the
theme or the engine itself (fail closed, naming any stray).
mkdocs-static-i18n re-runs the whole build once per language on the same
config, so every event here runs once per language; content is loaded once
per build. `mkdocs serve` keeps one plugin instance for all its rebuilds (MkDocs caches
plugins that have on_startup) but gives each rebuild a new config object: that is how a
rebuild is told from the next language of the same build.
"""
from __future__ import annotations

import datetime as dt
import os
import posixpath
import time
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from . import mkdocs_serve
from .content.collection import Published
from .content.inventory import pages_from_nav
from .content.loader import Settings, load_content
from .content.recordtypes import FOLDERS
from .l10n import catalog, material
from .safety import csp, images, sanitize
from .site import helpdirectory, placepages, press, reportpdf, sitepages, stage
from .site.context import language_context
from .site.fragments import Fragments
from .site.search import SearchIndexError, build_search_index
from .site.urls import localized, relative

log = get_plugin_logger(__name__)
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


class CampaignPlugin(BasePlugin[CampaignConfig]):
    def __init__(self):
        self._dirty = False
        self._serve_guard = None
        self._watch_dir = None
        self._reset()

    def _reset(self):
        """The state of one build (all its languages); a serve rebuild starts again from here."""
        self._config = None  # the config object of the build this state belongs to
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
        self._press_html = ""  # put into the press page of the language being built
        self._report_pdfs = {}  # language -> reportpdf.Job making its PDF

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
        """Load and validate all content before anything is written (runs per language; loads once)."""
        if self._config is config and self.content is not None:
            return config  # the next language of the same build: content is loaded once per build
        if self._config is not None:
            self._reset()  # a rebuild (mkdocs serve): the content may have changed, read it again
        self._config = config
        for option in ("index_page_size", "place_list_size", "min_reviewers"):
            if self.config[option] < 1:
                raise PluginError(f"mkdocs.yml: plugins: campaign: {option} is {self.config[option]}; "
                                  "it must be 1 or more")
        languages, default = self._languages(config)
        if self.config.data_labels and self.config.data_labels not in languages:
            raise PluginError(f"mkdocs.yml: plugins: campaign: data_labels is '{self.config.data_labels}', which is "
                              f"not a language of this site; use one of {', '.join(languages)}, or leave it out")
        today = dt.date.fromisoformat(self.config.today) if self.config.today else dt.date.today()
        settings = Settings(languages=languages, default_language=default,
                            min_reviewers=self.config.min_reviewers, today=today)
        project_root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        content_dir = (project_root / self.config.content_dir).resolve()
        self._watch_dir = content_dir  # what `mkdocs serve` watches, even when this build fails
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
        content = load_content(content_dir, settings, project_root)
        if content.problems.errors:
            count = len(content.problems.errors)
            raise PluginError(
                f"{count} problem{'s' if count > 1 else ''} in the content; nothing was published:\n"
                + content.problems.report()
            )
        self.content = content
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
            written = stage.write(stage_dir, planned)
        except (stage.StageError, OSError, ValueError) as exc:
            raise PluginError(f"the stage cannot be written: {exc}") from exc
        self.stage_dir, self.content_dir, self.manifest = stage_dir, content_dir, set(planned)
        log.debug(f"stage: {len(planned)} files, {written} written")
        return config

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

    def on_shutdown(self):
        if self._serve_guard is not None:
            self._serve_guard.close()

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
        for file in list(files):
            found = self._record_of(file.src_uri)
            if found and found[0] == "hidden":
                files.remove(file)
            elif found and lang not in found[1].versions:
                # i18n would only make a fallback copy of it for this language, which
                # _localise_files removes again: a large corpus builds faster without
                files.remove(file)
        return files

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
        options = sitepages.Options(page_size=self.config.index_page_size, tiles=self.config.tiles,
                                    place_list_size=self.config.place_list_size,
                                    site_url=config.site_url or "", site_name=config.site_name,
                                    licence=dict(self.config.data_licence), min_count=self.config.min_count,
                                    label_language=self.config.data_labels or "")
        ctx = language_context(self.published, lang)
        items = sitepages.generated(self.fragments, self.published, ctx, options)
        self._start_report_pdf(lang, sitepages.report_print(self.fragments, ctx, options))
        self._home_html, home_script = sitepages.home(self.fragments, ctx, tiles=self.config.tiles)
        self._press_html = sitepages.press(self.fragments, ctx, options)
        items.append(home_script)
        self._help_html = sitepages.help_directory(self.fragments, ctx)
        for variants in self.images.values():
            for variant in variants:
                files.append(File.generated(config, variant.path, content=variant.data))
        declared = {page.base for page in self.content.pages.values()}
        for item in items:
            if item.src_uri in declared:
                raise PluginError(f"content/{item.src_uri}: the site makes this page itself; remove the file "
                                  f"(and its translations) from content/ and its entry from nav if it is not "
                                  "the engine's")
            file = self._generated_file(config, item.src_uri, lang, item.content, in_nav=item.in_nav)
            if item.is_page:
                for other in self.content.settings.languages:
                    file.alternates[other] = (file if other == lang else
                                              self._generated_file(config, item.src_uri, other, ""))
                self._generated_html[file.url] = item.html
                sitemap.append(file)
            files.append(file)

    on_files = CombinedEvent(_gate_files, _localise_files)

    # -- pages ----------------------------------------------------------------

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
        lang = self._current_language(config)
        default = self.content.settings.default_language
        env.globals["wav_t"] = catalog.gettext_for(lang)
        env.globals["wav_lang"] = lang
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
        """Last (after every other plugin): no inline script but the theme's."""
        self._audit_scripts(output, page.file.dest_uri)
        return output

    @event_priority(-150)
    def on_post_template(self, output_content, template_name, config):
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
                target.write_text(output, encoding="utf-8")
                return self._root_404 or output
        return output

    @event_priority(0)
    def on_page_context(self, context, page, config, nav):
        """After i18n set the language switcher: offer only languages the record exists in."""
        found = self._record_of(getattr(page.file, "norm_src_uri", page.file.src_uri))
        # i18n sets config.extra.alternate as an attribute (which templates read first)
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
        if found and found[1] is not None and isinstance(alternates, list):
            config.extra.alternate = [a for a in alternates if a.get("lang") in found[1].versions]
        return context

    @event_priority(-200)
    def on_post_build(self, config):
        """Once, after mkdocs-static-i18n (-100) built every language: the search index."""
        i18n = self._i18n(config)
        if i18n is not None and i18n.building:
            return
        try:
            # only public records' pages can be searchable: the index need not read every page
            # (from the collection, not from the pages written: a --dirty build writes few)
            default = self.content.settings.default_language
            candidates = [Path(config.site_dir) / record.url(lang, default) / "index.html"
                          for record in self.published.records.values() for lang in record.versions]
            candidates += [Path(config.site_dir) / path / "index.html"
                           for path in sitepages.search_pages(self.published, self.content.settings.languages, default)]
            summary = build_search_index(config.site_dir, candidates=candidates)
        except SearchIndexError as exc:
            raise PluginError(f"search index: {exc}") from exc
        log.info("search index: " + (", ".join(f"{lang} {n}" for lang, n in summary["pages"].items()) or "no record"))
        self._write_report_pdfs(config)
        self._audit_site(config)

    def _start_report_pdf(self, lang, html):
        """Make the language's report PDF in a process of its own while MkDocs builds the next
        languages: MkDocs keeps one core busy, the PDF (2 to 3 s of CPU each) takes the other."""
        if lang in self._report_pdfs:  # a language built twice in one run (serve): the newest wins
            self._report_pdfs.pop(lang).cancel()
        self._report_pdfs[lang] = reportpdf.Job(html, reportpdf.epoch_of(self.published))

    def on_build_error(self, error):
        mkdocs_serve.Failure.message = str(error)
        for job in self._report_pdfs.values():
            job.cancel()
        self._report_pdfs = {}

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
        if command == "serve":
            # a first build that fails leaves the server running, showing the problems (mkdocs_serve)
            from mkdocs.commands import serve as serve_command

            mkdocs_serve.survive_first_failure(serve_command)

    def _audit_site(self, config):
        """Last line: every file in the site folder is one that a build approved in on_files (from the
        stage, the theme or the engine), or one the theme, the engine or this site's hooks write."""
        if self._dirty:
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
