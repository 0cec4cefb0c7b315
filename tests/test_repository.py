"""The source repository protects the women as well as the site does (SPEC 5.5, issue 14).

`campaign check --public-repository` on the sample and on a published-only copy, a withdrawn record
that keeps its text, and `campaign purge` on a scratch git repository built here, read back with git.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, load, run_build, site_config, write


def campaign(*args, cwd):
    return subprocess.run([sys.executable, "-m", "campaign.tools.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL)


def git(cwd, *args) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---")[1]) or {}


def record_files(content: Path):
    for folder in ("stories", "solutions", "successes", "commitments"):
        yield from sorted((content / folder).glob("*.md"))


def expired(meta) -> bool:
    expires = (meta.get("consent") or {}).get("expires")
    return bool(expires) and dt.date.fromisoformat(str(expires)) < dt.date.today()


# --- check --public-repository

def test_public_repository_check_names_every_unpublished_file_of_the_sample():
    result = campaign("check", "--quiet", "--public-repository", cwd=ROOT)
    assert result.returncode == 1, result.stdout
    unpublished = [p for p in record_files(ROOT / "content")
                   if front(p).get("status") not in ("published", "withdrawn") or expired(front(p))]
    assert len(unpublished) >= 5  # the sample has drafts, records in review and an expired consent
    for path in unpublished:
        assert f"{path.relative_to(ROOT).as_posix()}:" in result.stdout, path
    assert "private intake" in result.stdout and "keep the repository private" in result.stdout
    # the plain check still passes: the sample may hold drafts in a private repository
    assert campaign("check", "--quiet", cwd=ROOT).returncode == 0


def published_only_copy(tmp_path) -> Path:
    project = copy_project(tmp_path / "project")
    gone = set()
    for path in record_files(project / "content"):
        meta = front(path)
        if meta.get("status") not in ("published", "withdrawn") or expired(meta):
            path.unlink()
            gone.add(path.name.split(".")[0])
    # related links to the removed records would now point nowhere
    for path in record_files(project / "content"):
        text = path.read_text("utf-8")
        for slug in gone:
            text = text.replace(f", {slug}", "").replace(f"{slug}, ", "").replace(f"[{slug}]", "[]")
        path.write_text(text, "utf-8")
    return project


def test_public_repository_check_passes_on_a_published_only_copy_and_catches_private_files(tmp_path):
    project = published_only_copy(tmp_path)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Published records only")
    result = campaign("check", "--quiet", "--public-repository", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr

    # a form export forced past .gitignore, a private list beside the registries, a phone number in a comment
    shutil.copy(ROOT / ".gitignore", project / ".gitignore")
    write(project / "intake" / "kobo-export.csv", "name,phone\nA. N.,+995 555 01 23 45\n")
    git(project, "add", "-f", "intake/kobo-export.csv", ".gitignore")
    git(project, "commit", "-qm", "Export by mistake")
    write(project / "content" / "_data" / "contacts.yml", "documenters: [a, b]\n")
    places = project / "content" / "_data" / "places.yml"
    places.write_text("# ask Nino on +995 555 01 23 45 before adding a city\n" + places.read_text("utf-8"), "utf-8")
    result = campaign("check", "--quiet", "--public-repository", cwd=project)
    assert result.returncode == 1
    assert "intake/kobo-export.csv: this file is committed although .gitignore marks it as private" in result.stdout
    assert "content/_data/contacts.yml: this file is not one of the site's registries" in result.stdout
    assert "content/_data/places.yml:1: a comment holds probable personal data: '+995 555 01 23 45'" in result.stdout


# --- a withdrawn record keeps no text

def test_a_withdrawn_record_with_text_fails_the_check_but_still_leaves_the_site(content_dir):
    root = content_dir.parent
    write(root / "mkdocs.yml", site_config(("en", "ru"), today="2020-01-01"))
    story = content_dir / "stories" / "second-story.md"
    story.write_text(story.read_text("utf-8").replace("status: published", "status: withdrawn"), "utf-8")
    result = campaign("check", cwd=root)
    assert result.returncode == 1
    assert ("content/stories/second-story.md:2: title: this record is withdrawn but its file still has its title "
            "and its details (summary, published, city, incident_date, violations, documented_by, consent, review) "
            "and its text") in result.stdout
    assert "these four lines: '---', 'title: Withdrawn', 'status: withdrawn', '---'" in result.stdout
    assert "campaign purge second-story" in result.stdout
    # the build is not stopped by it: a takedown must reach the site even before the text is removed
    content = load(content_dir)
    assert not content.problems.errors and content.state(content.records["second-story"]) == "tombstone"

    # a neutral title alone is not enough: the text must go too
    story.write_text(story.read_text("utf-8").replace('title: "Night in the cell"', "title: Withdrawn"), "utf-8")
    result = campaign("check", cwd=root)
    assert result.returncode == 1 and "still has its details" in result.stdout and "and its text" in result.stdout
    story.write_text("---\ntitle: Withdrawn\nstatus: withdrawn\n---\n", "utf-8")
    result = campaign("check", cwd=root)
    assert result.returncode == 0, result.stdout
    assert "note" not in result.stdout  # no "summary is missing" for a withdrawn page


# --- purge

STORY = """\
---
title: "Taken from the pharmacy queue"
summary: "She was taken from a pharmacy queue in Almaty and held overnight without a lawyer."
status: review
city: almaty
incident_date: "2016-03"
violations: [arbitrary-detention]
documented_by: sana-almaty
images:
  - src: pharmacy-queue-almaty.jpg
    alt: "A pharmacy door at night"
---

They came while I was waiting for my medicine and asked everyone for documents.
Only I was taken to the car; the pharmacist looked away when I asked her to call someone.
At the station they kept my phone and said I would get it back when I told them the truth.
"""
RU_TITLE = 'title: "Забрали из очереди в аптеке"'
NEUTRAL = "---\ntitle: Withdrawn\nstatus: withdrawn\n---\n"
SLUG = "pharmacy-queue-almaty"


def story_lines() -> list[str]:
    meta = yaml.safe_load(STORY.split("---")[1])
    body = [line for line in STORY.split("---", 2)[2].splitlines() if line.strip()]
    return [meta["title"], meta["summary"], "Забрали из очереди в аптеке", *body]


def refs(repo) -> str:
    return git(repo, "for-each-ref", "--format=%(refname) %(objectname)") + git(repo, "rev-list", "--all")


@pytest.fixture
def scratch_repo(tmp_path) -> Path:
    """The sample site in a new git repository, where a story was drafted, translated, quoted in a
    review note and a commit message, edited on a branch, then withdrawn."""
    from PIL import Image

    repo = copy_project(tmp_path / "repo")
    (repo / "content" / "stories" / "withdrawn-story-almaty.md").unlink()
    (repo / "content" / "stories" / "withdrawn-story-almaty.ru.md").unlink()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Sample site")
    stories = repo / "content" / "stories"
    write(stories / f"{SLUG}.md", STORY)
    (repo / "content" / "assets").mkdir(exist_ok=True)
    Image.new("RGB", (40, 30), (120, 10, 10)).save(repo / "content" / "assets" / f"{SLUG}.jpg")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Draft: Taken from the pharmacy queue")
    write(stories / f"{SLUG}.ru.md", STORY.replace('title: "Taken from the pharmacy queue"', RU_TITLE))
    write(repo / "notes" / "review.md", "Reviewer notes\n" + story_lines()[4] + "\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Russian translation and review notes")
    git(repo, "checkout", "-q", "-b", "translation-fixes")
    with open(stories / f"{SLUG}.ru.md", "a", encoding="utf-8") as handle:
        handle.write("Продержали до утра.\n")
    git(repo, "commit", "-qam", "wip")
    git(repo, "checkout", "-q", "main")
    for name in (f"{SLUG}.md", f"{SLUG}.ru.md"):
        (stories / name).write_text(NEUTRAL, "utf-8")
    git(repo, "rm", "-q", f"content/assets/{SLUG}.jpg", "notes/review.md")
    git(repo, "commit", "-qam", f"Withdraw {SLUG}")
    # the shared repository on the host (a bare repository here), with both branches pushed
    host = tmp_path / "host.git"
    git(tmp_path, "init", "-q", "--bare", str(host))
    git(repo, "remote", "add", "origin", str(host))
    git(repo, "push", "-q", "origin", "main", "translation-fixes")
    git(repo, "fetch", "-q", "origin")
    return repo


def test_purge_dry_run_lists_and_changes_nothing_then_purge_leaves_no_line_of_the_story(scratch_repo, tmp_path):
    repo = scratch_repo
    history = git(repo, "log", "-p", "--all")
    assert all(line in history for line in story_lines())  # the test would notice if purge did nothing
    image_blob = git(repo, "rev-parse", f"HEAD~1:content/assets/{SLUG}.jpg").strip()
    before = refs(repo)

    dry = campaign("purge", SLUG, cwd=repo)
    assert dry.returncode == 0, dry.stderr
    assert "DRY RUN, nothing was changed" in dry.stdout
    for path in (f"content/stories/{SLUG}.md", f"content/stories/{SLUG}.ru.md", f"content/assets/{SLUG}.jpg"):
        assert f"  {path}\n" in dry.stdout
    assert "Draft: Taken from the pharmacy queue" in dry.stdout and "wip" in dry.stdout  # the commits
    assert "notes/review.md" in dry.stdout and "commit message" in dry.stdout
    assert f"campaign purge {SLUG} --yes" in dry.stdout
    assert refs(repo) == before and not git(repo, "status", "--porcelain")

    # a dirty working tree is refused, and nothing changes
    about = repo / "content" / "about.md"
    about.write_text(about.read_text("utf-8") + "\nUnsaved edit.\n", "utf-8")
    dirty = campaign("purge", SLUG, "--yes", cwd=repo)
    assert dirty.returncode == 2 and "not committed" in dirty.stderr and "content/about.md" in dirty.stderr
    assert refs(repo) == before
    git(repo, "checkout", "-q", "--", "content/about.md")

    done = campaign("purge", SLUG, "--yes", cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    history = git(repo, "log", "-p", "--all")
    left = [line for line in story_lines() if line in history]
    assert not left, left
    assert "Продержали до утра." not in history  # the branch's version too
    assert subprocess.run(["git", "-C", str(repo), "cat-file", "-e", image_blob]).returncode != 0  # the photo
    # the rest of the history is intact, the withdrawn page stays, the remote stays for the force-push
    assert "Sample site" in git(repo, "log", "--format=%s", "--all")
    assert (repo / "content" / "stories" / f"{SLUG}.ru.md").read_text("utf-8") == NEUTRAL
    assert not git(repo, "status", "--porcelain")
    assert "host.git" in git(repo, "remote", "-v")
    for words in ("git push --force --all origin", "git push --force --tags origin", "clone it again", "forks",
                  "pull request", "GitHub Support"):
        assert words in done.stdout, words
    # following the printed steps: force-push, then a new clone holds no line of the story
    git(repo, "push", "-q", "--force", "--all", "origin")
    git(repo, "push", "-q", "--force", "--tags", "origin")
    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "-q", "--no-local", str(tmp_path / "host.git"), str(fresh))
    history = git(fresh, "log", "-p", "--all")
    assert "Sample site" in history and not [line for line in story_lines() if line in history]
    assert campaign("check", "--quiet", cwd=repo).returncode == 0

    site = tmp_path / "site"
    build = run_build(repo / "mkdocs.yml", site, repo)
    assert build.returncode == 0, build.stderr[-3000:]
    for page in (f"stories/{SLUG}/index.html", f"ru/stories/{SLUG}/index.html"):
        html = (site / page).read_text("utf-8")
        assert "This record was withdrawn" in html or "отозван" in html
        assert not [line for line in story_lines() if line in html]


def test_purge_refuses_a_record_that_is_published_or_still_has_text(scratch_repo):
    repo = scratch_repo
    before = refs(repo)
    published = next(p for p in record_files(repo / "content") if front(p).get("status") == "published")
    result = campaign("purge", published.name.split(".")[0], "--yes", cwd=repo)
    assert result.returncode == 2 and "Withdraw it first" in result.stderr
    story = repo / "content" / "stories" / f"{SLUG}.md"
    story.write_text(STORY.replace("status: review", "status: withdrawn"), "utf-8")
    git(repo, "commit", "-qam", "Withdrawn, text left in")
    before = refs(repo)
    result = campaign("purge", SLUG, "--yes", cwd=repo)
    assert result.returncode == 2 and "still has its text" in result.stderr
    assert refs(repo) == before
    result = campaign("purge", "no-such-record", cwd=repo)
    assert result.returncode == 2 and "was ever committed" in result.stderr


# --- the CI workflows

def test_workflows_refuse_to_build_a_public_repository_before_any_build_step():
    from test_workflows import WORKFLOWS, workflow

    for name in ("check.yml", "deploy.yml"):
        data = workflow(name)
        job_name, job = next((n, j) for n, j in data["jobs"].items()
                             if any("mkdocs build" in str(s.get("run", "")) for s in j.get("steps", [])))
        runs = [str(step.get("run", "")) for step in job["steps"]]
        guard = next(i for i, run in enumerate(runs) if "campaign check --public-repository" in run)
        build = next(i for i, run in enumerate(runs) if "mkdocs build" in run)
        assert guard < build, name
        # it runs on every repository GitHub does not call private (fail closed)
        assert job["steps"][guard]["if"].replace(" ", "") == "github.event.repository.private!=true", name
        if name == "deploy.yml":
            assert data["jobs"]["deploy"]["needs"] == job_name  # nothing is deployed from a refused build
    text = (WORKFLOWS / "deploy.yml").read_text("utf-8")
    for words in ("private", "paid plan", "Netlify", "Cloudflare Pages", "_headers", "publish directory: site"):
        assert words in text, words
