"""The engine's shape is a contract (issue 12): layers import only downwards, nothing
below the adapter knows MkDocs, and the code is lint-clean. A violation fails here."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name):
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def test_import_contracts_hold():
    result = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_import_contracts_catch_an_upward_import(tmp_path):
    """The contract is live: a content module importing the site layer breaks it."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "plugins", copy / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    gate = copy / "plugins" / "campaign" / "content" / "gate.py"
    gate.write_text(gate.read_text("utf-8") + "\nfrom ..site import urls  # noqa\n", "utf-8")
    plugin = copy / "plugins" / "campaign" / "site" / "urls.py"
    plugin.write_text(plugin.read_text("utf-8") + "\nimport mkdocs  # noqa\n", "utf-8")
    result = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=copy, capture_output=True, text=True,
                            env={"PYTHONPATH": str(copy / "plugins"), "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert "campaign.content.gate -> campaign.site.urls" in result.stdout
    assert "campaign.site.urls -> mkdocs" in result.stdout


def test_ruff_is_clean():
    result = subprocess.run([_tool("ruff"), "check", "plugins", "tests", "hooks"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
