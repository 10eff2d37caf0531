"""Nothing lost (issue 8): a build killed at any moment, SIGKILL included, leaves the
previous site/ complete and byte-identical; the next run cleans up after it; a build that
fails on broken content leaves site/ as it was.

The content is generated (benchmarks/generate.py: realistic claims, articles, quotes) and
large enough that a build takes seconds, so it can be killed while it checks, while it
renders, while the staging folder fills, and around the swap.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from cli_runs import leftovers, run_in_process
from hostile.support import REPO, content_with, start_build, tree

CLAIMS = 40
ATTEMPTS = 5
PAUSE = 0.002  # seconds before each file the write stage writes, so a poll can aim (see start_build)


def generated(target: Path) -> Path:
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    module.generate(target, CLAIMS, seed=8)
    return target


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Content A built into site/ (the published site), and the complete site of content
    B (A with one claim changed), built elsewhere, for comparison."""
    tmp = tmp_path_factory.mktemp("kill")
    content = generated(tmp / "content")
    build(tmp, content, "site")
    shutil.copytree(tmp / "site", tmp / "saved-a", symlinks=True)
    before = tree(tmp / "site")
    claim = sorted((content / "claims").glob("*.yaml"))[0]
    claim.write_text(claim.read_text().replace("claim: ", "claim: Changed — ", 1))
    build(tmp, content, "site-b")
    after = tree(tmp / "site-b")
    assert before != after
    return tmp, content, before, after


def build(cwd: Path, content: Path, out: str):
    run = run_in_process("--content", str(content), "build", "--clean", "--out", out, cwd=cwd, timeout=300)
    assert run.code == 0, run.output
    return run


def staging(parent: Path) -> list[Path]:
    """Staging folders and trash beside site/, once trash handed to a deleter is gone."""
    return [p for p in leftovers(parent) if p.name.startswith((".site-new-", ".site-old-", ".site-trash-"))]


def kill_when(proc, ready, limit: float = 120) -> bool:
    """SIGKILL the build's process group once `ready()` holds; False if it ended first."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    proc.wait()
    return False


def after_seconds(seconds: float):
    start = time.monotonic()
    return lambda: time.monotonic() - start >= seconds


def staging_holds(parent: Path, files: int):
    """Once a staging folder exists and holds at least `files` pages, before the swap
    (afterwards the staging folder holds the old site, on its way out)."""
    published = (parent / "site").stat().st_ino
    def ready() -> bool:
        try:
            stages = sorted(parent.glob(".site-new-*"))
            filled = bool(stages) and sum(1 for _ in stages[0].rglob("*.html")) >= files
            return filled and (parent / "site").stat().st_ino == published
        except OSError:  # the folder went away while we counted: the swap is done
            return False
    return ready


MOMENTS = {  # (folder beside site/, number of pages) -> when to kill
    "while checking": lambda parent, pages: after_seconds(0.5),
    "as staging begins": lambda parent, pages: staging_holds(parent, 0),
    "while staging fills": lambda parent, pages: staging_holds(parent, pages // 2),
    "when staging is almost full": lambda parent, pages: staging_holds(parent, pages * 3 // 4),
}


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_killed_build_leaves_the_previous_site_byte_identical(sites, moment: str):
    tmp, content, before, after = sites
    assert tree(tmp / "site") == before or tree(tmp / "site") == after
    pages = sum(1 for name in after if name.endswith(".html"))
    for _ in range(ATTEMPTS):  # staging fills in a fraction of a second: the poll may miss it
        restore(tmp, content, before)
        proc = start_build(content, tmp / "site", tmp, pause_per_file=PAUSE)
        published = (tmp / "site").stat().st_ino
        if kill_when(proc, MOMENTS[moment](tmp, pages)):
            break
        assert tree(tmp / "site") == after, "a build that ran to the end must leave the whole new site"
    else:
        pytest.fail(f"in {ATTEMPTS} builds the poll never caught the moment {moment!r}: {proc.stderr.read()[-2000:]}")
    if (tmp / "site").stat().st_ino == published:
        assert tree(tmp / "site") == before  # complete and unchanged, not a mix
    else:  # the swap won the race with the signal by microseconds: then wholly the new site
        assert tree(tmp / "site") == after


def test_kills_all_through_a_build_leave_one_whole_site_or_the_other(sites):
    """A sweep across the whole build, swap included: site/ is always A or B entirely."""
    tmp, content, before, after = sites
    started = time.monotonic()
    build(tmp, content, "site")
    duration = time.monotonic() - started
    for fraction in (0.5, 0.9, 1.05):
        restore(tmp, content, before)
        proc = start_build(content, tmp / "site", tmp)
        kill_when(proc, after_seconds(duration * fraction))
        assert tree(tmp / "site") in (before, after), f"a mixed site after a kill at {fraction:.0%}"


def test_the_next_run_removes_what_a_killed_build_left(sites):
    tmp, content, before, after = sites
    restore(tmp, content, before)
    proc = start_build(content, tmp / "site", tmp, pause_per_file=PAUSE)
    assert kill_when(proc, staging_holds(tmp, 50))
    assert staging(tmp), "the kill left no staging folder, so this test proves nothing"
    build(tmp, content, "site")
    assert staging(tmp) == []
    assert tree(tmp / "site") == after


def test_a_failed_build_leaves_the_site_unchanged(tmp_path: Path):
    content = content_with(tmp_path)
    build(tmp_path, content, "site")
    before = tree(tmp_path / "site")
    claim = content / "claims" / "fund-size.yaml"
    claim.write_text(claim.read_text().replace("rating: accurate", "rating: [broken"))
    run = run_in_process("--content", "content", "build", "--out", "site", cwd=tmp_path)
    assert run.code == 1 and "site/ was not changed" in run.stderr
    assert tree(tmp_path / "site") == before
    assert staging(tmp_path) == []


def restore(tmp: Path, content: Path, before: dict) -> None:
    """Put site A back as the published site (a copy of its first build)."""
    if tree(tmp / "site") != before:
        shutil.rmtree(tmp / "site")
        shutil.copytree(tmp / "saved-a", tmp / "site", symlinks=True)
        assert tree(tmp / "site") == before
