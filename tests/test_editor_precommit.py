"""The pre-commit hook: it runs `check` on the project whenever content or schemas are
committed, and its exit status stops a commit with an error."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from cli_runs import Run, run_in_process
from edits import replace_in

REPO = Path(__file__).resolve().parent.parent


def hook() -> dict:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [found] = repo["hooks"]
    assert repo["repo"] == "local" and found["language"] == "system" and found["pass_filenames"] is False
    return found


def run_entry(cwd: Path) -> Run:
    """The hook's command as pre-commit runs it from the repository root (build.py's
    arguments, run in this process: a test copy has no .venv/bin/python)."""
    command = shlex.split(hook()["entry"])
    assert command[:2] == [".venv/bin/python", "build.py"]
    return run_in_process(*command[2:], cwd=cwd)


def test_the_hook_runs_for_content_and_schema_files_only():
    files = re.compile(hook()["files"])
    assert files.search("content/claims/x.yaml") and files.search("content/sources/x.txt")
    assert files.search("schema/claim.schema.json")
    assert not files.search("sidelight/cli.py") and not files.search("docs/editing.md")


def test_the_hook_fails_on_an_error_and_passes_once_fixed(sample_content, tmp_path):
    assert run_entry(tmp_path).code == 0
    replace_in(sample_content / "claims" / "fund-size.yaml", "rating: accurate", "rating: acurate")
    failed = run_entry(tmp_path)
    assert failed.code == 1
    assert "content/claims/fund-size.yaml:7:9: error: unknown rating `acurate`" in failed.stderr
    replace_in(sample_content / "claims" / "fund-size.yaml", "rating: acurate", "rating: accurate")
    assert run_entry(tmp_path).code == 0
