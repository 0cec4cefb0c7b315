"""Material 9.8's base.html writes autocomplete="off" on its two hidden checkbox toggles
(drawer, search): the attribute is not allowed on checkboxes, two Nu Html Checker errors on
every page. base.html has no block around them, so they are fixed in the written page."""
from __future__ import annotations

import re

TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__\w+") autocomplete="off">')


def on_post_page(output: str, page, config) -> str:
    return TOGGLE.sub(r"\1>", output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """The 404 page is a template, not a page."""
    return TOGGLE.sub(r"\1>", output_content) if template_name.endswith(".html") else output_content
