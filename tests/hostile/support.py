"""Helpers for the security tests: hostile content built on a copy of the sample site,
commands run under limits, and whole output trees compared byte for byte."""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from cli_runs import Run, assert_no_traceback  # noqa: F401 - one Run for every suite

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "tests" / "sample" / "content"
HOSTILE = Path(__file__).resolve().parent
MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB of address space for one hostile build


def content_with(tmp_path: Path, *fixtures: str) -> Path:
    """tmp_path/content: the sample site with each named fixture folder of tests/hostile/
    laid over it (same relative paths: `claims/x.yaml` adds or replaces a claim)."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    for name in fixtures:
        shutil.copytree(HOSTILE / name, content, dirs_exist_ok=True)
    return content


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _limits(memory: int):
    def apply() -> None:
        os.setsid()  # its own process group, so a kill reaches Pagefind too
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    return apply


def run_limited(*args: str, cwd: Path, timeout: float = 120, memory: int = MEMORY_LIMIT,
                env: dict | None = None) -> Run:
    """`python build.py ARGS` as a process with bounded memory and time: a hang fails the
    test by timeout, a memory bomb by MemoryError (which would show as a traceback). Only
    for tests whose input could exhaust memory (or that set what only a new process reads:
    the hash seed, the time zone); any other test runs `cli_runs.run_in_process`."""
    env = {k: v for k, v in {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}.items()
           if v is not None}  # None in `env` removes a variable
    proc = subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=_limits(memory))
    run = Run(proc.returncode, proc.stdout, proc.stderr)
    assert_no_traceback(run)
    return run


_PAUSED_WRITES = """import sys, time
sys.path.insert(0, {repo!r})
from sidelight.output import write
put = write.put
write.put = lambda target, data: (time.sleep({pause!r}), put(target, data))[1]
from sidelight.cli import main
raise SystemExit(main())
"""


def start_build(content: Path, out: Path, cwd: Path, extra_env: dict | None = None,
                pause_per_file: float = 0.0) -> subprocess.Popen:
    """A build in the background, in its own process group, for the kill tests.
    `pause_per_file`: the write stage waits that long before each file it writes, and is
    otherwise unchanged. It fills the staging folder of a small site in milliseconds,
    faster than a poll can aim a kill at "half full"."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(extra_env or {})}
    program = ["-c", _PAUSED_WRITES.format(repo=str(REPO), pause=pause_per_file)] if pause_per_file \
        else [str(REPO / "build.py")]
    return subprocess.Popen([sys.executable, *program, "--content", str(content), "build",
                             "--clean", "--out", str(out)], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, preexec_fn=os.setsid)
