"""Shared fixtures: a small, valid content tree written to disk, to be broken one way per test."""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import textwrap
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from campaign.content.loader import Settings, load_content

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "ru", "uk", "ka"]

REGISTRIES = {
    "places.yml": {
        "countries": [
            {"code": "ge", "name": {"en": "Georgia", "ru": "Грузия"}, "help": {"en": "Legal aid is free."}},
            {"code": "kz", "name": {"en": "Kazakhstan", "ru": "Казахстан"}},
        ],
        "cities": [
            {"slug": "tbilisi", "country": "ge", "name": {"en": "Tbilisi", "ru": "Тбилиси"}, "lat": 41.7151, "lon": 44.8271},
            {"slug": "almaty", "country": "kz", "name": {"en": "Almaty", "ru": "Алматы"}, "lat": 43.2389, "lon": 76.8897},
        ],
    },
    "organizations.yml": {
        "organizations": [
            {"slug": "step-forward", "name": {"en": "Step Forward", "ru": "Шаг вперёд"}, "city": "tbilisi",
             "services": ["legal-aid", "hotline"], "contact": {"en": "Drop-in centre on weekdays."},
             "website": "https://step-forward.example/", "report_url": "https://step-forward.example/report"},
            {"slug": "sana", "name": {"en": "Sana"}, "city": "almaty", "services": ["legal-aid"]},
        ]
    },
    "taxonomies.yml": {
        name: {"name": {"en": name.title()}, "terms": [{"slug": t, "label": {"en": t.replace("-", " ").title(), "ru": t.upper()}} for t in terms]}
        for name, terms in {
            "violation": ["extortion", "arbitrary-detention"],
            "perpetrator": ["patrol-police"],
            "response": ["legal-aid", "complaint-filed"],
            "content-note": ["sexual-violence"],
            "intersection": ["drug-use", "hiv"],
            "age-group": ["25-34"],
            "solution-type": ["legal-aid"],
            "success-type": ["case-won"],
            "commitment-status": ["made", "in-progress", "implemented", "broken"],
            "service": ["legal-aid", "hotline"],
            # the advocacy record (issue 19)
            "ally-kind": ["partner-organisation", "supportive-police-officer", "other-official"],
            "event-type": ["roundtable", "day-of-action"],
            "participant": ["police", "community"],
            "document-type": ["report", "local-action-plan"],
        }.items()
    },
}

STORY = """\
---
title: "They kept my card"
summary: "Police held her substitution therapy card until she paid."
status: published
published: 2015-04-02
city: tbilisi
incident_date: "2014-11"
violations: [extortion]
perpetrators: [patrol-police]
responses: [legal-aid]
content_notes: [sexual-violence]
intersections: [drug-use]
age_group: 25-34
documented_by: step-forward
consent:
  reference: "SF-2015-014"
  date: 2015-02-20
  scope: [text, city, translation]
review:
  by: [nino-k, maria-c]
  date: 2015-03-30
related: [second-story]
---
UNIQUE-BODY-OF-CARD-STORY. I was stopped near the pharmacy.
"""

SECOND = """\
---
title: "Night in the cell"
summary: "Detained overnight without a lawyer."
status: published
published: 2015-05-02
city: almaty
incident_date: "2014"
violations: [arbitrary-detention]
documented_by: sana
consent:
  reference: "SA-2015-2"
  date: 2015-02-20
  scope: [text, city]
review:
  by: [nino-k, maria-c]
  date: 2015-03-30
---
They kept me overnight.
"""

MEMO = """\
---
title: Memorandum
summary: The police agreed to stop raids at clinics.
status: published
published: 2016-03-10
city: almaty
made_by: Almaty City Police
made_on: 2016-03-08
commitment_status: in-progress
updates:
  - date: 2016-03-08
    status: made
  - date: 2016-09-01
    status: in-progress
review:
  by: [nino-k, maria-c]
  date: 2016-03-09
---
Text.
"""


LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "uk": "Українська", "ka": "ქართული"}


def site_config(languages=("en", "ru", "uk", "ka"), today: str | None = None, custom_dir: bool = False) -> str:
    """A minimal mkdocs.yml for a test project around the `content_dir` fixture."""
    langs = "\n".join(f"        - {{locale: {code}, {'default: true, ' if i == 0 else ''}name: {LANGUAGE_NAMES[code]}}}"
                      for i, code in enumerate(languages))
    return (
        "site_name: Test\ndocs_dir: stage\ntheme:\n  name: material\n"
        + ("  custom_dir: overrides\n" if custom_dir else "")
        + "plugins:\n  - i18n:\n      docs_structure: suffix\n      languages:\n" + langs + "\n"
        + "  - campaign:\n      content_dir: content\n      min_reviewers: 2\n"
        + (f'      today: "{today}"\n' if today else "")
    )


def tiny_pdf() -> bytes:
    """A valid one-page PDF without metadata (a document record's file)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    if path.name == "mkdocs.yml":
        # every clone has the (empty) stage that docs_dir names: stage/.gitignore is committed
        (path.parent / "stage").mkdir(exist_ok=True)
    return path


@pytest.fixture
def content_dir(tmp_path) -> Path:
    """A valid content tree: registries, one story in en+ru and one in en."""
    content = tmp_path / "content"
    for name, data in REGISTRIES.items():
        write(content / "_data" / name, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    write(content / "stories" / "card-story.md", STORY)
    write(content / "stories" / "card-story.ru.md",
          STORY.replace('"They kept my card"', '"Они забрали мою карточку"'))
    write(content / "stories" / "second-story.md", SECOND)
    return content


def load(content_dir, today=dt.date(2020, 1, 1), min_reviewers=2):
    return load_content(content_dir, Settings(languages=LANGUAGES, default_language="en",
                                              min_reviewers=min_reviewers, today=today),
                        project_root=content_dir.parent)


def run_build(config_file: Path, site_dir: Path, cwd: Path = ROOT, *options: str):
    import os
    import subprocess
    import sys

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *options, "-f", str(config_file), "-d", str(site_dir)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site, built once per test session with the real MkDocs build."""
    site = tmp_path_factory.mktemp("site")
    result = run_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.fixture(scope="session")
def sample():
    """The sample content as the build sees it (same languages and settings)."""
    from campaign.content.collection import Published
    from campaign.tools.cli import site_settings

    settings, docs_dir = site_settings(ROOT / "mkdocs.yml")
    content = load_content(docs_dir, settings, project_root=ROOT)
    assert not content.problems.errors, content.problems.report()
    return Published(content)


CHROMIUM = Path("/usr/bin/chromium")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


def _reader(browser, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.errors, page.hosts = [], set()
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("request", lambda req: page.hosts.add(urlparse(req.url).hostname))
    return context, page


@pytest.fixture
def reader(browser):
    """A fresh page that records console errors (page.errors) and every request's host (page.hosts)."""
    context, page = _reader(browser)
    yield page
    context.close()


@pytest.fixture
def reader_without_js(browser):
    """The same, with JavaScript switched off."""
    context, page = _reader(browser, java_script_enabled=False)
    yield page
    context.close()


def copy_project(dest: Path) -> Path:
    """A copy of the site's sources (config, content, overrides) to build with changes."""
    import shutil

    for name in ("content", "overrides", "hooks"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    # the stage as a fresh clone has it: empty but for its .gitignore
    (dest / "stage").mkdir()
    shutil.copy(ROOT / "stage" / ".gitignore", dest / "stage" / ".gitignore")
    return dest
