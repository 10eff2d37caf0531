"""The pre-commit hook: it runs `check` on the project whenever content or schemas are
committed, and its exit status stops a commit with an error."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from edits import replace_in

REPO = Path(__file__).resolve().parent.parent


def hook() -> dict:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [found] = repo["hooks"]
    assert repo["repo"] == "local" and found["language"] == "system" and found["pass_filenames"] is False
    return found


def run_entry(cwd: Path) -> subprocess.CompletedProcess:
    """The hook's command as pre-commit runs it from the repository root (with this
    suite's interpreter in place of .venv/bin/python, which a test copy does not have)."""
    command = shlex.split(hook()["entry"])
    assert command[:2] == [".venv/bin/python", "build.py"]
    return subprocess.run([sys.executable, str(REPO / "build.py"), *command[2:]], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_the_hook_runs_for_content_and_schema_files_only():
    files = re.compile(hook()["files"])
    assert files.search("content/claims/x.yaml") and files.search("content/sources/x.txt")
    assert files.search("schema/claim.schema.json")
    assert not files.search("sidelight/cli.py") and not files.search("docs/editing.md")


def test_the_hook_fails_on_an_error_and_passes_once_fixed(sample_content, tmp_path):
    assert run_entry(tmp_path).returncode == 0
    replace_in(sample_content / "claims" / "fund-size.yaml", "rating: accurate", "rating: acurate")
    failed = run_entry(tmp_path)
    assert failed.returncode == 1
    assert "content/claims/fund-size.yaml:6:9: error: unknown rating `acurate`" in failed.stderr
    replace_in(sample_content / "claims" / "fund-size.yaml", "rating: acurate", "rating: accurate")
    assert run_entry(tmp_path).returncode == 0
