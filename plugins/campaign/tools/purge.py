"""`campaign purge <slug>`: take a record's text out of the whole git history (SPEC 5.5).

Withdrawing a record takes it off the site, but every version ever committed
stays readable in the repository. Purge finds every file that ever held the
record (every language, files under its old slugs from `aliases`, the photos
its versions listed), and with git-filter-repo rewrites every branch and tag
without them; lines of its text found anywhere else (another file, a commit
message) are replaced by "[removed]". The neutral withdrawn page is committed
again, so the address still answers.

It is safe by default: without `--yes` it only lists the commits and files it
would change; it refuses a working tree with uncommitted changes, a record that
is still published, in draft or in review, and a withdrawn file that still has
text. After the rewrite it checks that no line of the text is left in any
commit, and prints what the editor must do next, in plain words.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..content.recordtypes import FOLDERS
from ..content.repository import NEUTRAL_FILE, neutral_title, version_keeps_text
from ..content.yamlsource import YamlError, parse_markdown
from .gitrepo import GitError, git, top_level, uncommitted

REMOVED = "[removed]"
# shorter body lines ("Thank you.", "---") are too common to search the whole history for;
# a title or summary is searched whatever its length from MIN_TITLE (commit messages quote titles)
MIN_LINE = 20
MIN_TITLE = 8
STATE_WORDS = {"published": "is published", "draft": "is a draft", "review": "is waiting for review"}


@dataclass
class Plan:
    slug: str
    top: Path
    paths: list = field(default_factory=list)  # repository paths removed from every commit
    kept: dict = field(default_factory=dict)  # repository path -> bytes of the withdrawn page, committed again
    commits: list = field(default_factory=list)  # "hash date subject" of commits touching the paths
    lines: set = field(default_factory=set)  # lines of the text, searched for everywhere else
    elsewhere: list = field(default_factory=list)  # (commit, where) other places holding a line of the text
    shared: list = field(default_factory=list)  # (photo, other record) photos another record still uses
    remotes: dict = field(default_factory=dict)  # name -> address, put back after filter-repo removes 'origin'
    common: list = field(default_factory=list)  # lines of the text other records also have: left alone


class PurgeRefused(Exception):
    pass


def _filter_repo() -> list[str]:
    """The git-filter-repo program (a dependency from PyPI), run with this Python."""
    try:
        import git_filter_repo  # noqa: F401
    except ImportError as exc:
        raise PurgeRefused("git-filter-repo is not installed; run: python3 -m pip install -e . "
                           "(it is one of this project's dependencies)") from exc
    return [sys.executable, "-m", "git_filter_repo"]


def _record_paths(all_paths, content_rel: str, slugs) -> list[str]:
    names = re.compile(r"^(" + "|".join(re.escape(s) for s in sorted(slugs)) + r")(\.[a-z]{2,3}(_[A-Za-z]+)?)?\.md$")
    found = []
    for path in all_paths:
        folder, _, name = path.rpartition("/")
        if folder.startswith(content_rel + "/") and folder[len(content_rel) + 1:] in FOLDERS.values() and names.match(name):
            found.append(path)
    return sorted(set(found))


def _versions(top: Path, path: str):
    """Every committed text of `path`, on every branch and tag."""
    commits = git(top, "log", "--all", "--format=%H", "--", path).stdout.split()
    for commit in commits:
        shown = git(top, "show", f"{commit}:{path}", check=False, text=False)
        if shown.returncode == 0:
            yield shown.stdout.decode("utf-8", "replace")


def _text_lines(text: str) -> tuple[set, list, list]:
    """(lines of text worth searching for, image files, aliases) of one committed version."""
    try:
        doc = parse_markdown(text)
        meta, body = doc.data, doc.body
    except YamlError:
        meta, body = {}, text  # unreadable front matter: search for every line of it
    lines = {line.strip() for line in body.splitlines() if len(line.strip()) >= MIN_LINE}
    for key in ("title", "summary"):
        if isinstance(meta.get(key), str) and len(meta[key].strip()) >= MIN_TITLE and not neutral_title(meta[key]):
            lines.add(meta[key].strip())
    images = [i["src"] for i in meta.get("images") or [] if isinstance(i, dict) and isinstance(i.get("src"), str)]
    aliases = [a for a in meta.get("aliases") or [] if isinstance(a, str)]
    return {line for line in lines if "==>" not in line}, images, aliases


def plan_purge(top: Path, root: Path, content_dir: Path, slug: str, content) -> Plan:
    """Everything purge would change, found without changing anything."""
    plan = Plan(slug, top)
    content_rel = content_dir.resolve().relative_to(top.resolve()).as_posix()
    record = content.records.get(slug)
    if record is not None:
        for version in record.versions.values():
            status = version.meta.get("status")
            if status != "withdrawn":
                if status == "published":
                    raise PurgeRefused(f"{version.path} {STATE_WORDS[status]}. Withdraw it first: make the file "
                                       "these lines only, commit, then run purge again:\n" + NEUTRAL_FILE)
                raise PurgeRefused(f"{version.path} {STATE_WORDS.get(status, 'has no known status')}. Copy it to "
                                   "your organisation's private intake (outside this repository) if it is still "
                                   "needed, delete it here, commit, then run purge again")
            if version_keeps_text(version):
                raise PurgeRefused(f"{version.path} is withdrawn but still has its text or details. Make the whole "
                                   "file these lines, commit, then run purge again:\n" + NEUTRAL_FILE)
    all_paths = set(git(top, "log", "--all", "--format=", "--name-only", "--no-renames").stdout.split("\n")) - {""}
    slugs, images = {slug}, set()
    paths = _record_paths(all_paths, content_rel, slugs)
    seen = set()
    while set(paths) - seen:  # aliases found in old versions name more files of the same record
        for path in sorted(set(paths) - seen):
            seen.add(path)
            for text in _versions(top, path):
                lines, found_images, aliases = _text_lines(text)
                plan.lines |= lines
                images |= set(found_images)
                # an old slug another record uses now is that record's, never purged with this one
                slugs |= {alias for alias in aliases if alias not in content.records}
        paths = _record_paths(all_paths, content_rel, slugs)
    others = _other_records_text(content, slug)
    plan.common = sorted(line for line in plan.lines if line in others)
    plan.lines -= set(plan.common)
    used_elsewhere = {}
    for other in content.records.values():
        if other.slug != slug:
            for image in other.meta.get("images") or []:
                if isinstance(image, dict) and image.get("src") in images:
                    used_elsewhere.setdefault(image["src"], other.original.path)
    for src in sorted(images):
        if src in used_elsewhere:
            plan.shared.append((src, used_elsewhere[src]))
        elif f"{content_rel}/assets/{src}" in all_paths:
            paths.append(f"{content_rel}/assets/{src}")
    plan.paths = sorted(set(paths))
    if not plan.paths:
        raise PurgeRefused(f"no file of the record '{slug}' was ever committed in this repository; "
                           "check the slug (the file name without .md)")
    if record is not None:
        for version in record.versions.values():
            path = (root / version.path).resolve()
            plan.kept[path.relative_to(top.resolve()).as_posix()] = path.read_bytes()
    plan.remotes = {name: git(top, "remote", "get-url", name).stdout.strip() for name in git(top, "remote").stdout.split()}
    log = git(top, "log", "--all", "--date=short", "--format=%h %ad %s", "--", *plan.paths).stdout
    plan.commits = [line for line in log.splitlines() if line]
    plan.elsewhere = _elsewhere(top, plan.lines, set(plan.paths))
    return plan


def _other_records_text(content, slug: str) -> str:
    """The text of every other record now: a line of the story found there is shared wording (a
    sentence many testimonies use), and replacing it would damage those records."""
    parts = []
    for other in content.records.values():
        if other.slug != slug:
            for version in other.versions.values():
                parts += [version.body, str(version.meta.get("title", "")), str(version.meta.get("summary", ""))]
    return "\n".join(parts)


def _finder(lines: set):
    """A search for any of `lines` inside a longer line (a title quoted in a commit message)."""
    ordered = sorted(lines, key=len, reverse=True)
    return re.compile("|".join(re.escape(line) for line in ordered)) if ordered else None


def _elsewhere(top: Path, lines: set, purged: set) -> list[tuple[str, str]]:
    """(commit, where) for each commit message or other file that holds a line of the text."""
    finder = _finder(lines)
    if finder is None:
        return []
    found = []
    # one record per commit: its hash, its message, then its patch
    log = git(top, "log", "--all", "-p", "--no-renames", "--no-color", "--format=%x01%h%n%B%x02").stdout
    for entry in log.split("\x01")[1:]:
        head, _, patch = entry.partition("\x02")
        commit, _, message = head.partition("\n")
        if finder.search(message):
            found.append((commit, "commit message"))
        current = ""
        for raw in patch.splitlines():
            if raw.startswith("+++ b/"):
                current = raw[6:]
            elif raw.startswith("+") and not raw.startswith("+++") and current not in purged:
                if finder.search(raw) and (commit, current) not in found:
                    found.append((commit, current))
    return found


def describe(plan: Plan, acting: bool = False) -> str:
    will = "are removed" if acting else "would be removed"
    out = [f"These {len(plan.paths)} file(s) {will} from every commit of every branch and tag:"]
    out += [f"  {path}" for path in plan.paths]
    out.append(f"They are in {len(plan.commits)} commit(s); these and every later commit get new identifiers:")
    out += [f"  {line}" for line in plan.commits]
    if plan.elsewhere:
        out.append(f"Lines of its text are also in other places; there they {'are' if acting else 'would be'} "
                   f"replaced by '{REMOVED}':")
        out += [f"  {where} (commit {commit})" for commit, where in plan.elsewhere]
    if plan.common:
        out.append(f"{len(plan.common)} line(s) of its text are also in other records, so they are left alone "
                   "(check that they say nothing about her):")
        out += [f"  {line}" for line in plan.common]
    for src, other in plan.shared:
        out.append(f"The photo {src} is kept: {other} still uses it. If it shows her, remove it there too.")
    if plan.kept:
        out.append("The withdrawn page stays, so its address still answers: " + ", ".join(sorted(plan.kept))
                   + " (committed again after the purge).")
    return "\n".join(out)


NEXT_STEPS = """\
The text is now gone from this copy of the repository only. Do these steps today, in this order:

1. Replace the history on the shared repository (GitHub or another host) with the cleaned one:
     git push --force --all {remote}
     git push --force --tags {remote}
   {remote_note}
2. Everyone who has a copy of the repository (a clone: editors, reviewers, partners, your own other
   computers) must delete it and clone it again. Updating an old copy with "git pull" keeps the old
   text, and the next push would bring it back. Ask them not to push anything before they re-clone.
3. The host keeps its own copies. Pull requests keep the commits they were made from, and forks are
   complete copies. On GitHub: ask GitHub Support to remove cached views and pull request references
   (https://support.github.com/, "Remove sensitive data"), giving the first commit that changed
   ({first}) and the pull requests that contain the record; delete
   the forks or ask their owners to. GitLab and other hosts have a similar request.
4. Delete build artifacts and caches made from old commits (for example the artifacts of past
   GitHub Actions runs). The next deploy publishes the withdrawn page.
5. Delete other copies of the text: downloaded zips, form exports, e-mails, chat messages, backups.
"""


def _identity(top: Path) -> dict:
    """Environment for the commit that keeps the withdrawn page: the editor's name when git knows it."""
    if git(top, "config", "user.email", check=False).stdout.strip():
        return {}
    return {"GIT_AUTHOR_NAME": "campaign purge", "GIT_AUTHOR_EMAIL": "purge@localhost",
            "GIT_COMMITTER_NAME": "campaign purge", "GIT_COMMITTER_EMAIL": "purge@localhost"}


def run_purge(plan: Plan) -> list[str]:
    """Rewrite the history as planned; returns the lines of the text still found (should be none)."""
    top = plan.top
    with tempfile.TemporaryDirectory(prefix="campaign-purge-") as tmp:
        paths_file = Path(tmp) / "paths.txt"
        paths_file.write_text("".join(f"literal:{p}\n" for p in plan.paths), "utf-8")
        command = [*_filter_repo(), "--force", "--invert-paths", "--paths-from-file", str(paths_file)]
        if plan.elsewhere:
            expressions = Path(tmp) / "lines.txt"
            expressions.write_text("".join(f"literal:{line}==>{REMOVED}\n" for line in sorted(plan.lines)), "utf-8")
            command += ["--replace-text", str(expressions), "--replace-message", str(expressions)]
        result = subprocess.run(command, cwd=top, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise PurgeRefused("git-filter-repo stopped; nothing was pushed anywhere. Its message:\n"
                               + (result.stderr or result.stdout).strip())
    remotes_after = git(top, "remote").stdout.split()
    for name, url in plan.remotes.items():
        if name not in remotes_after:  # filter-repo drops 'origin' against pushing by mistake; we say when to push
            git(top, "remote", "add", name, url)
    for path, data in plan.kept.items():
        target = top / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if plan.kept:
        git(top, "add", "--", *plan.kept)
        env = {**os.environ, **_identity(top)}
        result = subprocess.run(["git", "-C", str(top), "commit", "-q", "-m",
                                 f"Keep the withdrawn page of {plan.slug} (its text was purged from the history)"],
                                capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise PurgeRefused("the history was cleaned, but the withdrawn page could not be committed again: "
                               + result.stderr.strip() + "\nCommit the files " + ", ".join(plan.kept) + " yourself.")
    return leftover_lines(top, plan.lines)


def leftover_lines(top: Path, lines: set) -> list[str]:
    """Lines of the text still present in any commit (patch or message) of any ref."""
    finder = _finder(lines)
    if finder is None:
        return []
    log = git(top, "log", "--all", "-p", "--no-color", "--format=%B").stdout
    return sorted({match.group(0) for match in finder.finditer(log)})


def cmd_purge(args) -> int:
    from ..content.loader import load_content
    from .cli import site_settings

    config_file = Path(args.config)
    if not config_file.is_file():
        print(f"campaign: cannot find {config_file}; run this in the project folder or pass --config", file=sys.stderr)
        return 2
    root = config_file.resolve().parent
    slug = args.slug.strip()
    try:
        top = top_level(root)
        if top is None:
            raise PurgeRefused(f"{root} is not a git repository; purge works on the repository's history")
        dirty = uncommitted(top)
        if dirty:
            raise PurgeRefused("the working tree has changes that are not committed; commit them (or move them "
                               "away) first, so that nothing of yours is lost in the rewrite:\n"
                               + "\n".join("  " + line for line in dirty[:20]))
        settings, docs_dir = site_settings(config_file)
        content = load_content(docs_dir, settings, project_root=root)
        plan = plan_purge(top, root, Path(docs_dir), slug, content)
        print(f"campaign purge {slug}" + ("" if args.yes else ": DRY RUN, nothing was changed."))
        print(describe(plan, acting=args.yes))
        if not args.yes:
            print(f"\nTo do it, run: campaign purge {slug} --yes")
            print("This cannot be undone. Make sure nobody pushes to the repository while you do it.")
            return 0
        left = run_purge(plan)
    except (PurgeRefused, GitError) as exc:
        print(f"campaign purge: nothing was changed: {exc}" if "history was cleaned" not in str(exc)
              else f"campaign purge: {exc}", file=sys.stderr)
        return 2
    if left:
        print("\nWARNING: these lines of the text are still in the history (in files or messages purge did not "
              "recognise); remove them before pushing:\n" + "\n".join("  " + line for line in left))
        return 1
    print(f"\nDone: checked every commit of every branch and tag: no line of the text of '{slug}' is left.")
    remote = "origin" if "origin" in plan.remotes else next(iter(plan.remotes), "origin")
    note = ("(purge kept the remote '%s'. Branches that exist only on the host and were never fetched to this "
            "computer still hold the text: fetch them all before purging, or delete them on the host.)" % remote
            if plan.remotes else "(this repository has no remote: if it was ever pushed anywhere, add that "
            "address with 'git remote add origin <address>' first.)")
    print()
    first = (top_level(Path(args.config).resolve().parent) / ".git" / "filter-repo" / "first-changed-commits")
    first_ids = first.read_text("utf-8").split()[::2] if first.is_file() else []  # pairs: old id, new id
    print(NEXT_STEPS.format(remote=remote, remote_note=note, first=", ".join(first_ids) or "see the list above"))
    return 0
