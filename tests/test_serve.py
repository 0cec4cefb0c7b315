"""`mkdocs serve --dirty`: after an edit, the rebuilt preview shows it and nothing stale.

MkDocs keeps this plugin between rebuilds (it has on_startup) and, with --dirty, renders
only pages it thinks changed. These run the server's sequence of builds in a process of
their own (as `mkdocs serve --dirty` does: one config per build, the same plugin) and
read the preview folder after each edit.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from conftest import copy_project

DRIVER = textwrap.dedent('''
    import json, os, sys, tempfile
    from pathlib import Path
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    sys.argv = ["mkdocs", "serve", "--dirty"]  # as the server's command line (i18n reads it)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, site = Path(sys.argv_project), Path(sys.argv_site)
    def config():
        return load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    plugin = first.plugins["campaign"]
    build(first, serve_url="http://127.0.0.1:8000/", dirty=True)
    for step in json.loads(sys.argv_steps):
        if step.get("snapshot"):  # the preview as it was before this edit
            import shutil
            shutil.copytree(site, step["snapshot"])
        path = project / step["file"]
        path.write_text(path.read_text("utf-8").replace(step["old"], step["new"], 1), "utf-8")
        build(config(), serve_url="http://127.0.0.1:8000/", dirty=True)
        print(json.dumps({"quick": plugin._quick}), flush=True)
''')


def _serve(project, site, steps):
    code = (f"import sys; sys.argv_project = {str(project)!r}; sys.argv_site = {str(site)!r}; "
            f"sys.argv_steps = {json.dumps(steps)!r}\n" + DRIVER)
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-4000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def _story(project):
    """A published English story of the sample that a city page lists, and its city."""
    import re

    for path in sorted((project / "content" / "stories").glob("*.md")):
        text = path.read_text("utf-8")
        city = re.search(r"^city: (\S+)", text, re.M)
        if "." not in path.stem and "status: published" in text and city:
            title = re.search(r'^title: "?(.+?)"?$', text, re.M).group(1)
            return path, city.group(1), title
    raise AssertionError("no published story")


def test_a_text_edit_rerenders_that_page_and_leaves_the_rest_whole(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "preview"
    story, city, title = _story(project)
    page = site / "stories" / story.stem / "index.html"
    body_line = story.read_text("utf-8").rstrip().splitlines()[-1]
    before_dir = tmp_path / "before"  # the preview before the edit: the pages that must not change
    steps = [{"file": f"content/stories/{story.name}", "old": body_line, "new": body_line + " EDITED-IN-PREVIEW.",
              "snapshot": str(before_dir)}]
    (found,) = _serve(project, site, steps)
    assert found["quick"]
    text = page.read_text("utf-8")
    assert "EDITED-IN-PREVIEW." in text
    assert ">None<" not in text and "\nNone\n" not in text  # the navigation kept its titles
    assert (site / "sitemap.xml").read_bytes() == (before_dir / "sitemap.xml").read_bytes()
    city_page = (site / "cities" / city / "index.html").read_text("utf-8")
    assert city_page == (before_dir / "cities" / city / "index.html").read_text("utf-8")


def test_a_title_edit_reaches_every_list_and_every_page_that_shows_it(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "preview"
    story, city, title = _story(project)
    steps = [{"file": f"content/stories/{story.name}", "old": title, "new": "A TITLE CHANGED IN PREVIEW"}]
    (found,) = _serve(project, site, steps)
    assert not found["quick"]  # more than a text changed: every page is rendered again
    assert "A TITLE CHANGED IN PREVIEW" in (site / "cities" / city / "index.html").read_text("utf-8")
    assert "A TITLE CHANGED IN PREVIEW" in (site / "stories" / story.stem / "index.html").read_text("utf-8")
    stale = [p for p in site.rglob("*.html") if title in p.read_text("utf-8")
             and "A TITLE CHANGED IN PREVIEW" not in p.read_text("utf-8")]
    assert not stale, stale[:5]
