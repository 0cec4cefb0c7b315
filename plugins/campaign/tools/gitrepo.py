"""Asking git about the project's repository, for `check --public-repository` and `purge`.

Git is run as a program (it is what editors have installed); a failure becomes
a GitError with a sentence an editor can act on, never a traceback.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from ..content.problems import Problems


class GitError(Exception):
    pass


def git(root, *args: str, check: bool = True, text: bool = True, input=None) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=text, input=input,
                                stdin=None if input is not None else subprocess.DEVNULL)
    except FileNotFoundError as exc:
        raise GitError("git is not installed on this computer; install it (https://git-scm.com/) and try again") from exc
    if check and result.returncode != 0:
        err = result.stderr if text else result.stderr.decode("utf-8", "replace")
        raise GitError(f"git {args[0]} failed: {err.strip()}")
    return result


def top_level(root) -> Path | None:
    """The folder of the git repository that holds `root`, or None when it is not in one."""
    try:
        result = git(root, "rev-parse", "--show-toplevel", check=False)
    except GitError:
        return None
    return Path(result.stdout.strip()) if result.returncode == 0 else None


def uncommitted(root) -> list[str]:
    """`git status` lines of changed, staged and new files (ignored files are not listed)."""
    return [line for line in git(root, "status", "--porcelain", "--untracked-files=all").stdout.splitlines() if line]


def private_files_problems(root) -> Problems:
    """Files committed although .gitignore says they hold private material (form exports, previews...)."""
    problems = Problems()
    top = top_level(root)
    if top is None:
        return problems
    listed = git(top, "ls-files", "--cached", "--ignored", "--exclude-standard", "-z").stdout
    for name in sorted(n for n in listed.split("\0") if n):
        problems.add(name, 0, "-", "this file is committed although .gitignore marks it as private "
                     "(form exports, import staging, offline copies and previews can hold personal data)",
                     f"remove it from the repository with: git rm --cached \"{name}\", commit, and take it out "
                     "of the history as the editors' guide explains ('Keeping the repository safe'); "
                     "keep the repository private")
    return problems
