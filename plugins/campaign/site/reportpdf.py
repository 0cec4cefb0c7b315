"""The regional report as a PDF per language (SPEC 4.5), rendered by WeasyPrint.

The input is the report page's own HTML (overrides/campaign/report.html with a
cover and absolute links) and the print stylesheet shipped beside this module
(print/report.css: A4, contents with page numbers, shipped Noto fonts so every
script renders the same on any machine). Charts are inline SVG and stay vectors.
Nothing about the build machine goes in: the document information is only the
title, the campaign as author and WeasyPrint as producer (no dates, no paths:
links are absolute web addresses, and nothing is fetched but the shipped fonts),
so the same content gives the same bytes. Anything else the HTML asked for would
not be fetched (WeasyPrint leaves it out and logs it).
"""
from __future__ import annotations

from pathlib import Path

PRINT_DIR = Path(__file__).resolve().parent / "print"
STYLESHEET = PRINT_DIR / "report.css"


def pdf_name(lang: str) -> str:
    """File name of a language's PDF, beside its report page."""
    return f"women-against-violence-report-{lang}.pdf"


class FetchRefused(Exception):
    pass


def _fetch_shipped_only(url: str, *args, **kwargs):
    """WeasyPrint's URL fetcher, limited to the shipped print files: nothing on another host
    or elsewhere on the build machine can reach the PDF."""
    from weasyprint.urls import default_url_fetcher

    if not url.startswith(PRINT_DIR.as_uri() + "/"):
        raise FetchRefused(f"the report PDF may only use the shipped print files, not {url}")
    return default_url_fetcher(url, *args, **kwargs)


def render(html: str) -> bytes:
    """PDF bytes of the print document `html`."""
    # imported here: WeasyPrint loads Pango at import, which only the PDF step needs
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(STYLESHEET), font_config=fonts, url_fetcher=_fetch_shipped_only)
    document = HTML(string=html, base_url=PRINT_DIR.as_uri() + "/", url_fetcher=_fetch_shipped_only)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_tags=True)
