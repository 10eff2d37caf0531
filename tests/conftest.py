"""Shared fixtures: a copy of the sample site that a test may break, and the command line
run as an editor runs it (in this process: tests/cli_runs.py), so tests assert on what the
editor sees in the terminal. Every cache goes to a temporary folder (SIDELIGHT_CACHE_DIR),
never into tests/sample or anywhere else in the repository.

Helpers append their own fixtures below; keep names specific.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from cli_runs import Run, assert_no_traceback, run_build_py, run_in_process  # noqa: F401  (re-exported)
from edits import replace_in  # noqa: F401  (kept importable for older tests)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "sample" / "content"
_SESSION_CACHE = tempfile.TemporaryDirectory(prefix="sidelight-test-cache-")


def pytest_configure(config):
    """Caches of module-scoped builds (made before any test's own folder exists) go to one
    temporary folder for the session; processes the suite starts inherit it."""
    os.environ["SIDELIGHT_CACHE_DIR"] = _SESSION_CACHE.name


def pytest_unconfigure(config):
    _SESSION_CACHE.cleanup()


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch) -> Path:
    """Each test's cache folder: tmp_path/.sidelight-cache, beside the `content` copy and
    `site` of `sample_content` and `run_cli`, as it would be beside an editor's."""
    folder = tmp_path / ".sidelight-cache"
    monkeypatch.setenv("SIDELIGHT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def sample_content(tmp_path: Path) -> Path:
    """A fresh copy of tests/sample/content at tmp_path/content, free to break."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def run_cli(tmp_path: Path):
    """Run the command line (in this process) from tmp_path, so problem paths read
    `content/claims/x.yaml`."""
    def run(*args: str, cwd: Path = tmp_path) -> Run:
        return run_in_process(*args, cwd=cwd)
    return run


@pytest.fixture
def run_check(run_cli):
    """`build.py --content content check [ARGS]` on the copy in tmp_path."""
    def run(*args: str) -> Run:
        return run_cli("--content", "content", "check", *args)
    return run

