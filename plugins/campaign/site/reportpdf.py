"""The regional report as a PDF per language (SPEC 4.5), rendered by WeasyPrint.

The input is the report page's own HTML (overrides/campaign/report.html with a
cover and absolute links) and the print stylesheet shipped beside this module
(print/report.css: A4, contents with page numbers, shipped Noto fonts so every
script renders the same on any machine). Charts are inline SVG and stay vectors.
Nothing about the build machine goes in: the document information is only the
title, the campaign as author and WeasyPrint as producer (no dates, no paths:
links are absolute web addresses, and nothing is fetched but the shipped fonts),
so the same content gives the same bytes. HTML that asked for anything else (an
image on another host, a file elsewhere) stops the PDF with an error.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

PRINT_DIR = Path(__file__).resolve().parent / "print"
PACKAGE_PARENT = Path(__file__).resolve().parents[2]  # the folder that holds the campaign package
EXIT_REFUSED = 3  # the child's exit status for a ReportPDFError
STYLESHEET = PRINT_DIR / "report.css"
# For the charts' <svg font-family>: WeasyPrint's SVG text does not take the stylesheet's fonts
# and, without this, falls back to whatever the machine has for Georgian. Unquoted, or it fails.
SVG_FONTS = "WAV Latin, WAV Latin Ext, WAV Cyrillic, WAV Georgian"


def epoch_of(published) -> int:
    """The newest publication as seconds since 1970 (UTC midnight): dates the PDF's fonts."""
    import datetime as dt

    dates = [str(r.meta["published"]) for r in published.records.values() if r.meta.get("published")]
    newest = dt.date.fromisoformat(max(dates)) if dates else dt.date(1970, 1, 1)
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp())


def pdf_name(lang: str) -> str:
    """File name of a language's PDF, beside its report page."""
    return f"women-against-violence-report-{lang}.pdf"


class ReportPDFError(Exception):
    """The PDF cannot be made as it must be (it asked for something other than the shipped files)."""


def _fetcher():
    """WeasyPrint's URL fetcher, limited to the shipped print files: nothing on another host or
    elsewhere on the build machine can reach the PDF, and asking for it stops the rendering."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = PRINT_DIR.as_uri() + "/"

    class ShippedFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(allowed) or ".." in url:
                raise FatalURLFetchingError(f"the report PDF may only use the shipped print files, not {url}")
            return super().fetch(url, headers)

    return ShippedFilesOnly(allowed_protocols={"file"}, fail_on_errors=True)


@contextmanager
def _source_date(epoch: int):
    """SOURCE_DATE_EPOCH while the PDF is made: fontTools stamps each embedded font subset with
    the time it was made unless this says otherwise (reproducible-builds.org)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def render(html: str, epoch: int = 0) -> bytes:
    """PDF bytes of the print document `html`; `epoch` (seconds) dates the embedded fonts,
    e.g. the newest publication, so that the bytes depend on the content only."""
    # imported here: WeasyPrint loads Pango at import, which only the PDF step needs
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    try:
        # the whole of it: the shipped WOFF fonts are converted (and stamped) as the stylesheet loads
        with _source_date(epoch):
            fonts = FontConfiguration()
            fetcher = _fetcher()
            stylesheet = CSS(filename=str(STYLESHEET), font_config=fonts, url_fetcher=fetcher)
            document = HTML(string=html, base_url=PRINT_DIR.as_uri() + "/", url_fetcher=fetcher)
            return document.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_tags=True)
    except FatalURLFetchingError as exc:  # a BaseException: turned into an error the build reports
        raise ReportPDFError(str(exc)) from None


def render_measured(html: str, epoch: int = 0) -> tuple[bytes, float]:
    """`render` and the CPU seconds it took."""
    import time

    started = time.process_time()
    data = render(html, epoch)
    return data, time.process_time() - started


class Job:
    """A PDF being made by `python -m campaign.site.reportpdf` in a process of its own, so that
    the build goes on with the next language on the other core meanwhile. A plain command
    rather than multiprocessing: spawning re-imports the caller's main script, and a script
    that builds the site without a `__main__` guard would build again in the worker."""

    def __init__(self, html: str, epoch: int = 0):
        self._dir = tempfile.TemporaryDirectory(prefix="wav-report-pdf-")
        folder = Path(self._dir.name)
        (folder / "report.html").write_text(html, "utf-8")
        self._out = folder / "report.pdf"
        paths = [str(PACKAGE_PARENT), os.environ.get("PYTHONPATH", "")]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "campaign.site.reportpdf", str(folder / "report.html"), str(self._out), str(epoch)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)

    def result(self, timeout: float = 900) -> tuple[bytes, float]:
        """(PDF bytes, CPU seconds); ReportPDFError if the report asked for other files, OSError
        if the PDF could not be made at all (WeasyPrint or Pango missing...)."""
        try:
            _, err = self._process.communicate(timeout=timeout)
            message = err.decode("utf-8", "replace").strip()
            last = message.splitlines()[-1] if message else "no message"
            if self._process.returncode == EXIT_REFUSED:
                raise ReportPDFError(last)
            if self._process.returncode != 0:
                raise OSError(last)
            return self._out.read_bytes(), float(last.rsplit("=", 1)[-1])
        finally:
            self.cancel()

    def cancel(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._dir.cleanup()


def main(argv=None) -> int:
    """python -m campaign.site.reportpdf REPORT.html OUT.pdf EPOCH (used by Job)."""
    source, out, epoch = (argv if argv is not None else sys.argv[1:])
    try:
        data, cpu = render_measured(Path(source).read_text("utf-8"), int(epoch))
    except ReportPDFError as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    Path(out).write_bytes(data)
    print(f"cpu={cpu:.2f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
