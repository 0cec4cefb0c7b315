"""The editors' workflow around the content: CI workflow files, the pull-request template, the
editors' guide, and `campaign new` usable in scripts (it never asks anything)."""
from __future__ import annotations

import re
import subprocess
import sys

import yaml

from conftest import ROOT, site_config, write

WORKFLOWS = ROOT / ".github" / "workflows"
CI_RUN = ROOT / ".ci" / "run"


def workflow(name):
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    assert isinstance(data, dict) and data.get("jobs"), name
    # PyYAML reads the key `on` as the boolean True
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(data):
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def commands(data):
    return [line.strip() for step in steps(data) for line in str(step.get("run", "")).splitlines() if line.strip()]


def ci_run_commands():
    """The commands of .ci/run, without shell plumbing (set, cd, export, if/fi)."""
    found = []
    for line in CI_RUN.read_text("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or re.match(r"^(set|cd|export|if|fi|then|else)\b", line):
            continue
        found.append(line)
    return found


def readme_test_command():
    """The command in the README's code block under "Run the tests"."""
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("Run the tests", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    assert len(lines) == 1 and "pytest" in lines[0], lines
    return lines[0]


def test_the_files_exist_and_the_yaml_parses():
    for name in ("check.yml", "deploy.yml"):
        workflow(name)
    template = ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md"
    assert template.is_file()
    assert (ROOT / "plugins" / "campaign" / "guide" / "editors-guide.md").is_file()


def test_check_runs_on_pull_requests_the_commands_of_ci_run():
    data = workflow("check.yml")
    assert "pull_request" in (data["on"] if isinstance(data["on"], (dict, list)) else [data["on"]])
    run = commands(data)
    expected = ci_run_commands()
    assert readme_test_command() in expected  # the README's test command, as .ci/run states it
    assert "bash .ci/run" in run or all(command in run for command in expected), run
    # the steps it adds call the same install command as .ci/run, then check and the strict build
    install = next(c for c in expected if "pip install" in c)
    for command in run:
        if "pip install" in command:
            assert command == install, (command, install)
    assert "campaign check" in run
    assert "NO_MKDOCS_2_WARNING=1 mkdocs build --strict" in run
    # Python 3.11: set up by actions/setup-python or by the job's container image
    job = next(iter(data["jobs"].values()))
    image = (job.get("container") or {}).get("image", "") if isinstance(job.get("container"), dict) else str(job.get("container", ""))
    pythons = [s.get("with", {}).get("python-version") for s in steps(data) if "setup-python" in str(s.get("uses"))]
    assert "3.11" in [str(p) for p in pythons] or image.startswith("python:3.11")
    # .ci/run installs Chromium with apt-get: it must run as root (a container) or under sudo
    assert job.get("container") or any("sudo" in c and ".ci/run" in c for c in run)


def test_deploy_publishes_the_strict_build_of_main_to_pages():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    run = commands(data)
    assert "python3 -m pip install -e ." in run
    assert "NO_MKDOCS_2_WARNING=1 mkdocs build --strict" in run
    uses = {str(s.get("uses", "")).split("@")[0]: s for s in steps(data)}
    assert uses["actions/upload-pages-artifact"]["with"]["path"].rstrip("/") == "site"
    assert "actions/deploy-pages" in uses
    assert "3.11" in [str(s.get("with", {}).get("python-version")) for s in steps(data) if "setup-python" in str(s.get("uses"))]
    assert data["permissions"]["pages"] == "write" and data["permissions"]["id-token"] == "write"
    deploy = data["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages" and deploy["needs"] == "build"


def test_the_pull_request_template_has_the_moderation_checklist():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text("utf-8").lower()
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(boxes) >= 10
    for words in ("offline", "consent.reference", "two reviewers", "documenting organisation", "names",
                  "exact dates", "addresses", "phone numbers", "metadata", "content_notes", "translation",
                  "campaign check"):
        assert words in text, words


def test_the_guide_explains_every_check_message_source():
    guide = (ROOT / "plugins" / "campaign" / "guide" / "editors-guide.md").read_text("utf-8")
    for words in ("campaign import", "campaign new", "campaign check", "status: withdrawn", "source_hash",
                  "yaml.schemas", "/schemas/story.schema.json", "pii_allow", "campaign translations"):
        assert words in guide, words
    # every front-matter field of every record type is explained
    for field in ("title", "summary", "status", "published", "city", "country", "related", "aliases",
                  "incident_date", "violations", "perpetrators", "responses", "content_notes", "intersections",
                  "age_group", "documented_by", "consent", "review", "images", "solution_types", "addresses",
                  "stage", "partners", "evidence", "scope", "success_types", "commitment", "recognised",
                  "made_by", "made_on", "commitment_status", "updates",
                  # the advocacy record (issue 19)
                  "ally_kind", "organization", "role", "website", "joined", "individual", "event_type", "date",
                  "end", "online", "participants", "speaker", "speaker_role", "event", "video", "video_url",
                  "document_type", "files", "events", "documents"):
        assert f"`{field}`" in guide, field


SITE_CONFIG = site_config(("en", "ru"))


def campaign(*args, cwd):
    # stdin closed: a command that asked a question would fail instead of waiting
    return subprocess.run([sys.executable, "-m", "campaign.tools.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_new_never_asks_and_explains_bad_options(content_dir):
    root = content_dir.parent
    write(root / "mkdocs.yml", SITE_CONFIG)
    ok = campaign("new", "story", "--title", 'She said "no": and left', "--city", "almaty", "--organization", "sana",
                  cwd=root)
    assert ok.returncode == 0, ok.stderr
    made = content_dir / "stories" / "she-said-no-and-left.md"
    assert yaml.safe_load(made.read_text("utf-8").split("---")[1])["title"] == 'She said "no": and left'

    cases = {
        ("--title", "Задержана ночью"): "has no Latin letters",
        ("--title", "x", "--slug", "Detained_At_Night"): "--slug detained-at-night",
        ("--title", "x", "--slug", "ночью"): "letters outside a-z",
        ("--title", "x", "--slug", "x", "--lang", "fr"): "language 'fr' is not configured",
        ("--title", "x", "--slug", "x", "--city", "atlantis"): "unknown city 'atlantis'",
        ("--title", "x", "--slug", "x", "--organization", "nobody"): "unknown organisation 'nobody'",
        ("--title", "x", "--slug", "second-story", "--lang", "ru"): "to translate it, copy that file",
    }
    for args, words in cases.items():
        result = campaign("new", "story", *args, cwd=root)
        assert result.returncode == 2 and words in result.stderr, (args, result.stderr)
    taken = campaign("new", "solution", "--title", "x", "--slug", "second-story", cwd=root)
    assert taken.returncode == 2 and "already used by" in taken.stderr
    assert not (content_dir / "solutions" / "second-story.md").exists()


def test_deploy_split_builds_a_job_per_language_then_merges_indexes_and_deploys():
    """The path for a site too large for one runner (README, "Benchmark"; campaign.tools.split)."""
    data = workflow("deploy-split.yml")
    jobs = data["jobs"]
    assert jobs["build"]["strategy"]["matrix"]["language"] == "${{ fromJSON(needs.plan.outputs.languages) }}"
    build = [line.strip() for s in jobs["build"]["steps"] for line in str(s.get("run", "")).splitlines()]
    assert any(c.startswith("python3 -m campaign.tools.split build --language ${{ matrix.language }}") for c in build)
    merge = [line.strip() for s in jobs["merge"]["steps"] for line in str(s.get("run", "")).splitlines()]
    assert merge.index("python3 -m campaign.tools.split merge --site site parts/part-*") < \
        merge.index("python3 -m campaign.tools.split index --site site")
    assert jobs["merge"]["needs"] == "build" and jobs["deploy"]["needs"] == "merge"
    uses = {str(s.get("uses", "")).split("@")[0]: s for s in steps(data)}
    assert uses["actions/upload-pages-artifact"]["with"]["path"].rstrip("/") == "site"
    assert "campaign check --public-repository" in commands(data)
    assert data["permissions"]["pages"] == "write" and data["permissions"]["id-token"] == "write"
    # the languages come from mkdocs.yml, as the build sees them
    result = subprocess.run([sys.executable, "-m", "campaign.tools.split", "languages"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == '["en", "ru", "uk", "ka"]', result.stderr
