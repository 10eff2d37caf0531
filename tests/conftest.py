"""Shared fixtures: a copy of the sample site that a test may break, and the command line
run exactly as an editor runs it, so tests assert on what the editor sees in the terminal.

Helpers append their own fixtures below; keep names specific.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli_runs import Run, assert_no_traceback, run_build_py  # noqa: F401  (re-exported for tests)
from edits import replace_in  # noqa: F401  (kept importable for older tests)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "sample" / "content"


@pytest.fixture
def sample_content(tmp_path: Path) -> Path:
    """A fresh copy of tests/sample/content at tmp_path/content, free to break."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def run_cli(tmp_path: Path):
    """Run build.py from tmp_path, so problem paths read `content/claims/x.yaml`."""
    def run(*args: str, cwd: Path = tmp_path) -> Run:
        return run_build_py(*args, cwd=cwd)
    return run


@pytest.fixture
def run_check(run_cli):
    """`build.py --content content check [ARGS]` on the copy in tmp_path."""
    def run(*args: str) -> Run:
        return run_cli("--content", "content", "check", *args)
    return run

