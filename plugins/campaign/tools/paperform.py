"""The paper version of the community reporting form: one printable HTML page per language.

For outreach where carrying a phone with the form on it is not safe. The page
has the same questions, hints and choices as the XLSForm (it is rendered from
the same IntakeForm), boxes to tick and lines to write on, and a print
stylesheet (A4, no question split across pages). It is a self-contained file:
no script, no font or image from anywhere, a CSP that allows only its own
inline style. Every text comes from the form (gettext catalogue, registries).
"""
from __future__ import annotations

from html import escape

from ..l10n.catalog import gettext_for
from .form import IntakeForm, Question

N_ = str  # marks a string for the catalogue

PAPER_VERSION = N_("Paper version")
FORM_VERSION = N_("Form %(id)s, version %(version)s")
CARRY_NOTE = N_("Keep this sheet out of sight while you carry it. Enter the answers into the form on a phone or "
                "computer as soon as you can, then destroy the sheet. The signed consent form is kept apart from "
                "it, at your organisation.")
TICK_ONE = N_("Tick one.")
TICK_ANY = N_("Tick all that apply.")
OPTIONAL = N_("optional")

LINES = {"narrative": 16, "summary": 3}  # lines to write on; other text answers get 1

STYLE = """
*{box-sizing:border-box}
body{font:11pt/1.45 "DejaVu Sans","Noto Sans","Noto Sans Georgian",Arial,sans-serif;color:#000;background:#fff;
 margin:0 auto;max-width:48rem;padding:1rem}
h1{font-size:1.5em;margin:0}
h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:2px solid #000;padding-bottom:.15em}
.meta{margin:.2em 0 1em;font-size:.9em}
.safety{border:2px solid #000;padding:.6em .8em;margin:0 0 1em}
.safety h2{border:0;margin:0 0 .3em;padding:0}
.safety p{margin:.3em 0}
.q{margin:0 0 1em;break-inside:avoid;page-break-inside:avoid}
.label{font-weight:bold;margin:0}
.num{display:inline-block;min-width:2.2em}
.opt{font-weight:normal;font-size:.9em}
.hint,.how{margin:.15em 0 .3em 2.2em;font-size:.9em}
.how{font-style:italic}
ul.choices{list-style:none;margin:.2em 0 0 2.2em;padding:0;columns:2 14rem;column-gap:1.5em}
ul.choices li{break-inside:avoid;margin:.15em 0;padding-left:1.6em;text-indent:-1.6em}
.box{display:inline-block;width:.95em;height:.95em;border:1.5px solid #000;vertical-align:-.12em;margin-right:.6em}
.one .box{border-radius:50%}
.line{border-bottom:1px solid #000;height:1.9em;margin-left:2.2em}
.digits{margin:.3em 0 0 2.2em;white-space:nowrap}
.digits .box{width:1.6em;height:1.9em;margin-right:.15em;border-radius:0;vertical-align:middle}
.sep{display:inline-block;margin:0 .35em}
@page{size:A4;margin:14mm 14mm 16mm}
@media print{body{max-width:none;padding:0;font-size:10.5pt}}
"""


def _answer(q: Question, form: IntakeForm, lang: str, _) -> str:
    kind = q.type.split()[0]
    if kind in ("select_one", "select_multiple"):
        items = "".join(f'<li><span class="box" aria-hidden="true"></span>{escape(c.labels[lang])}</li>'
                        for c in form.choices_of(q.list_name))
        how = _(TICK_ONE) if kind == "select_one" else _(TICK_ANY)
        css = "one" if kind == "select_one" else "any"
        return f'<p class="how">{escape(how)}</p><ul class="choices {css}">{items}</ul>'
    if kind == "integer":  # the year: four boxes
        return '<div class="digits">' + '<span class="box"></span>' * 4 + "</div>"
    if kind == "date":  # year - month - day boxes (the consent date; the incident has no day)
        groups = ['<span class="box"></span>' * n for n in (4, 2, 2)]
        return '<div class="digits">' + '<span class="sep">-</span>'.join(groups) + "</div>"
    return '<div class="line"></div>' * LINES.get(q.name, 1)


def render_paper(form: IntakeForm, lang: str) -> str:
    """The paper form in `lang`, as a complete HTML document."""
    _ = gettext_for(lang)
    title = form.title[lang]
    parts = []
    number = 0
    intro = next(q for q in form.questions if q.type == "note")
    for q in form.questions:
        kind = q.type.split()[0]
        if kind == "begin_group":
            parts.append(f"<section><h2>{escape(q.labels[lang])}</h2>")
        elif kind == "end_group":
            parts.append("</section>")
        elif q in form.inputs():
            number += 1
            optional = "" if q.required else f' <span class="opt">({escape(_(OPTIONAL))})</span>'
            hint = f'<p class="hint">{escape(q.hints[lang])}</p>' if q.hints else ""
            parts.append(f'<div class="q"><p class="label"><span class="num">{number}.</span>'
                         f"{escape(q.labels[lang])}{optional}</p>{hint}{_answer(q, form, lang, _)}</div>")
    version = _(FORM_VERSION) % {"id": form.form_id, "version": form.version}
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}: {escape(_(PAPER_VERSION))}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1>\n<p class=\"meta\">{escape(_(PAPER_VERSION))} · {escape(version)}</p>"
        "</header>\n"
        f'<aside class="safety"><h2>{escape(intro.labels[lang])}</h2><p>{escape(intro.hints[lang])}</p>'
        f"<p>{escape(_(CARRY_NOTE))}</p></aside>\n<main>\n" + "\n".join(parts) + "\n</main>\n</body>\n</html>\n"
    )


__all__ = ["render_paper"]
