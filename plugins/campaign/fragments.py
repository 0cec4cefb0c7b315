"""HTML fragments of generated and record pages, rendered with autoescaping.

Templates live in the site's `overrides/campaign/` folder; this module owns a
Jinja2 environment of its own with autoescape on, so every value that comes
from content is escaped (MkDocs' own environment does not autoescape).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .catalog import translations
from .recordview import view


class Fragments:
    def __init__(self, template_dir, published, default_language: str):
        self.template_dir = str(Path(template_dir))
        self.published = published
        self.default_language = default_language

    @lru_cache(maxsize=None)
    def env(self, lang: str) -> Environment:
        env = Environment(
            loader=FileSystemLoader(self.template_dir),
            autoescape=select_autoescape(default=True, default_for_string=True),
            extensions=["jinja2.ext.i18n"],
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_gettext_translations(translations(lang), newstyle=True)
        return env

    def render(self, template: str, lang: str, link, **context) -> str:
        return self.env(lang).get_template(template).render(lang=lang, link=link, **context)

    def record_page(self, record, lang: str, body_html: str, link) -> str:
        """The record's body wrapped in its facts panel, notes, related records and help box."""
        data = view(record, lang, self.published, self.default_language)
        return self.render("record.html", lang, link, record=data, body=Markup(body_html))

    def tombstone_markdown(self, lang: str) -> str:
        """Neutral Markdown source of a withdrawn record's page: no title, text or facts."""
        return self.render("tombstone.md", lang, None)
