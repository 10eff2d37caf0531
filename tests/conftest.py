"""Shared fixtures: a copy of the sample site that a test may break, and the command line
run exactly as an editor runs it, so tests assert on what the editor sees in the terminal.

Helpers append their own fixtures below; keep names specific.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from edits import replace_in  # noqa: F401  (kept importable for older tests)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "sample" / "content"
_EXCEPTION_LINE = re.compile(r"^[\w.]*(Error|Exception): ", re.MULTILINE)


@dataclass(frozen=True)
class Run:
    """What one command printed, and its exit status."""
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def problems(self, severity: str = "") -> list[str]:
        """The `path:line:col: error: …` lines, in the order they were printed."""
        marks = (f": {severity}: ",) if severity else (": error: ", ": warning: ")
        return [line for line in self.output.splitlines() if any(m in line for m in marks)]


def assert_no_traceback(run: Run) -> None:
    """A traceback is a bug whatever the input: editors get messages, never stack traces."""
    assert "Traceback" not in run.output, run.output
    assert not _EXCEPTION_LINE.search(run.output), run.output


def run_build_py(*args: str, cwd: Path) -> Run:
    """`python build.py ARGS` in `cwd`, as a subprocess with the suite's interpreter."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "200"}
    proc = subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    run = Run(proc.returncode, proc.stdout, proc.stderr)
    assert_no_traceback(run)
    return run


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

