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

from pathlib import Path

PRINT_DIR = Path(__file__).resolve().parent / "print"
STYLESHEET = PRINT_DIR / "report.css"


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


def render(html: str) -> bytes:
    """PDF bytes of the print document `html`."""
    # imported here: WeasyPrint loads Pango at import, which only the PDF step needs
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fonts = FontConfiguration()
    fetcher = _fetcher()
    stylesheet = CSS(filename=str(STYLESHEET), font_config=fonts, url_fetcher=fetcher)
    document = HTML(string=html, base_url=PRINT_DIR.as_uri() + "/", url_fetcher=fetcher)
    try:
        return document.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_tags=True)
    except FatalURLFetchingError as exc:  # a BaseException: turned into an error the build reports
        raise ReportPDFError(str(exc)) from None
