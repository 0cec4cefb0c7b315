"""`mkdocs serve` for editors: a failed rebuild shows its problems in the browser.

MkDocs' own development server leaves every request waiting while a rebuild fails
("The server will appear stuck until build errors are resolved"): an editor who saved
a broken file sees a browser that hangs, and the problems only in a terminal she may
not be looking at. This part of the MkDocs adapter wraps the server so that

- a failed rebuild counts as finished: browsers reload and every page of the site
  answers with a page listing the problems (file, line, field, how to fix), which
  reloads by itself when a save makes the site build again;
- the last good site stays served: a copy (hard links, so cheap) is kept after each
  good build, and `?last-good` after any address shows that page as it was.

Nothing here is published: it exists only inside `mkdocs serve`.
"""
from __future__ import annotations

import base64
import hashlib
import html
import logging
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

from mkdocs import utils as mkdocs_utils

log = logging.getLogger("mkdocs.plugins.campaign")

LAST_GOOD = "last-good"


class ServeGuard:
    """The state of one `mkdocs serve`: the last build's problems and the last good site."""

    def __init__(self, server, site_dir: str):
        self.server = server
        self.site_dir = os.path.abspath(site_dir)
        self.problems: str | None = None
        self._lock = threading.Lock()
        self._clean_directory = Failure.clean_directory
        self._good_dir = tempfile.mkdtemp(prefix="campaign-last-good-")
        self._keep_good_site()
        if Failure.first_build is not None:  # serve started with a broken file: show it from the start
            self.problems, Failure.first_build = Failure.first_build, None

    # -- the builder -----------------------------------------------------------

    def wrap_builder(self, builder):
        def guarded_builder(*args, **kwargs):
            Failure.message = None
            # mkdocs-static-i18n swaps MkDocs' clean_directory for a no-op while it builds the other
            # languages and does not put it back when one of them fails: a later rebuild would never
            # empty the site folder
            if self._clean_directory is not None:
                mkdocs_utils.clean_directory = self._clean_directory
            warnings = _Collect()
            mkdocs_log = logging.getLogger("mkdocs")
            mkdocs_log.addHandler(warnings)
            try:
                builder(*args, **kwargs)
            except Exception as exc:  # any failure: the browser must learn of it, not wait for it
                message = Failure.message or f"{type(exc).__name__}: {exc}"
                if warnings.lines and (message.startswith("Aborted with") or not message.strip()):
                    # strict mode stopped the build for warnings: show them, not only their count
                    message = "The build stopped on these warnings:\n" + "\n".join(warnings.lines)
                if message != Failure.message:  # MkDocs did not log it itself
                    log.error(message)
                with self._lock:
                    self.problems = message
                    self.server.root = self._good_dir
                log.error("The site was not rebuilt: the browser shows the problems above, and the last good "
                          f"site stays served (add ?{LAST_GOOD} to an address). Save the fixed file to rebuild.")
                return  # a finished rebuild, as far as the server knows: browsers reload
            finally:
                mkdocs_log.removeHandler(warnings)
            with self._lock:
                self.problems = None
                self.server.root = self.site_dir
                self._keep_good_site()

        return guarded_builder

    def _keep_good_site(self):
        """Hard links to the site just built: a build removes files before writing new ones, so the links
        keep the old content even if the next build fails halfway."""
        shutil.rmtree(self._good_dir, ignore_errors=True)
        try:
            shutil.copytree(self.site_dir, self._good_dir, copy_function=os.link)
        except OSError:  # a file system without hard links: copy
            shutil.rmtree(self._good_dir, ignore_errors=True)
            shutil.copytree(self.site_dir, self._good_dir)

    def close(self):
        shutil.rmtree(self._good_dir, ignore_errors=True)

    # -- the requests ----------------------------------------------------------

    def wrap_app(self, app):
        def guarded_app(environ, start_response):
            problems = self.problems
            path = environ.get("PATH_INFO", "")
            wants_page = path.endswith("/") or path.endswith(".html")
            if (problems is None or not wants_page or path.startswith("/livereload/")
                    or LAST_GOOD in environ.get("QUERY_STRING", "").split("&")):
                return self._with_livereload_allowed(app, environ, start_response)
            body = self._problems_page(problems, path)
            start_response("503 Service Unavailable", [("Content-Type", "text/html; charset=utf-8"),
                                                       ("Content-Length", str(len(body))),
                                                       ("Cache-Control", "no-store")])
            return [body]

        return guarded_app

    @staticmethod
    def _with_livereload_allowed(app, environ, start_response):
        """The site's pages carry a Content-Security-Policy that blocks MkDocs' inline live-reload
        script, so a page would never learn of a rebuild: here (and only here, never in the site)
        the script's own hash is added to the page's policy."""
        answer = {}

        def capture(status, headers, exc_info=None):
            answer.update(status=status, headers=headers, exc_info=exc_info)

        body_parts = app(environ, capture)
        headers = answer.get("headers", [])
        is_html = any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers)
        if not is_html or not answer.get("status", "").startswith("200"):
            start_response(answer["status"], headers, answer.get("exc_info"))
            return body_parts
        body = b"".join(body_parts)
        if hasattr(body_parts, "close"):
            body_parts.close()
        body = allow_livereload(body)
        headers = [(k, str(len(body)) if k.lower() == "content-length" else v) for k, v in headers]
        start_response(answer["status"], headers)
        return [body]

    def _problems_page(self, problems: str, path: str) -> bytes:
        lines = problems.strip().splitlines()
        heading, details = (lines[0], lines[1:]) if lines else ("The site could not be built.", [])
        items = []
        for line in details:
            if line.startswith((" ", "\t")) and items:
                items[-1] += f"<br><span class=fix>{html.escape(line.strip())}</span>"
            elif line.strip():
                items.append(html.escape(line.strip()))
        listed = "".join(f"<li>{item}</li>" for item in items)
        page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Problems: the site was not rebuilt</title>
<style>
body{{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1.5rem;color:#1d1d1f;background:#fff8f0;max-width:60rem}}
h1{{font-size:1.5rem;color:#7a1f3d;margin:0 0 .5rem}}
li{{margin:.6rem 0;font-family:ui-monospace,monospace;font-size:.95rem;overflow-wrap:anywhere}}
.fix{{font-family:system-ui,sans-serif;color:#3d3d3d}}
a{{color:#7a1f3d}}
</style></head>
<body><main>
<h1>The site was not rebuilt</h1>
<p>{html.escape(heading)}</p>
<ol>{listed}</ol>
<p>Fix the file and save it: this page reloads by itself when the site builds again.
Nothing was published from this build.</p>
<p><a href="{html.escape(path)}?{LAST_GOOD}">Open this page as it was in the last good build</a></p>
</main></body></html>
"""
        content = page.encode("utf-8")
        inject = getattr(self.server, "_inject_js_into_html", None)
        epoch = getattr(self.server, "_visible_epoch", None)
        if inject is not None and epoch is not None:
            # MkDocs' live-reload script: the page reloads when a later build finishes
            return inject(content, epoch)
        return content.replace(b"<meta charset=\"utf-8\">", b"<meta charset=\"utf-8\">"
                               b"<meta http-equiv=\"refresh\" content=\"2\">", 1)


_LIVERELOAD = re.compile(rb"<script>((?:(?!</script>).)*?/livereload/(?:(?!</script>).)*)</script>", re.S)
_CSP_SCRIPT_SRC = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content="[^"]*?script-src)')


def allow_livereload(page: bytes) -> bytes:
    """The page with MkDocs' live-reload script allowed by its Content-Security-Policy meta tag."""
    script = _LIVERELOAD.search(page)
    if script is None:
        return page
    digest = base64.b64encode(hashlib.sha256(script.group(1)).digest())
    return _CSP_SCRIPT_SRC.sub(lambda m: m.group(1) + b" 'sha256-" + digest + b"'", page, count=1)


class Failure:
    """What the last failed build said (set by the plugin's on_build_error): MkDocs itself only raises
    'Aborted with a BuildError!' after logging the message."""

    message: str | None = None
    first_build: str | None = None  # the problems of a first build that failed, until the server shows them
    clean_directory = None  # MkDocs' own, as it was before any build


class _Collect(logging.Handler):
    """The warnings and errors a build logs, to show them when strict mode stops it."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        if record.name != "mkdocs.livereload":
            self.lines.append(record.getMessage())


def survive_first_failure(serve_module):
    """`mkdocs serve` stops when its first build fails: the editor would see the problems only in a
    terminal, and no server. Its module's `build` is wrapped so that the first build's failure is kept
    for the problems page and the server starts anyway (with nothing but that page to show)."""
    original = serve_module.build
    if getattr(original, "campaign_guarded", False):
        return
    Failure.clean_directory = mkdocs_utils.clean_directory

    def build(config, **options):
        if guarded.first_done:
            return original(config, **options)
        guarded.first_done = True
        try:
            return original(config, **options)
        except Exception as exc:
            Failure.first_build = Failure.message or f"{type(exc).__name__}: {exc}"
            log.error("The site was not built: open it in the browser to see the problems. Save the fixed "
                      "file to build again.")
            os.makedirs(config.site_dir, exist_ok=True)

    guarded = build
    guarded.first_done = False
    guarded.campaign_guarded = True
    serve_module.build = build


class _RequestsAreNotBuildWarnings(logging.Filter):
    """MkDocs' server logs every answer other than 200 (a 404 for a favicon, our 503) as a WARNING, from
    its own thread. With `strict: true` a warning logged while a rebuild runs aborts that rebuild
    ("Aborted with 1 warnings in strict mode!", naming nothing), so a browser showing the problems page
    could keep the site from ever building again. Requests are logged at INFO instead."""

    def filter(self, record):
        if record.levelno == logging.WARNING and re.search(r'"[A-Z]+ \S+ HTTP/[0-9.]+" code ', str(record.msg)):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def install(server, builder, site_dir: str | Path) -> ServeGuard:
    """Wrap a MkDocs LiveReloadServer: its rebuilds and its answers."""
    requests_log = logging.getLogger("mkdocs.livereload")
    if not any(isinstance(f, _RequestsAreNotBuildWarnings) for f in requests_log.filters):
        requests_log.addFilter(_RequestsAreNotBuildWarnings())
    guard = ServeGuard(server, str(site_dir))
    server.builder = guard.wrap_builder(server.builder or builder)
    server.set_app(guard.wrap_app(server.get_app()))
    return guard
