"""Running the command line as an editor runs it, and what it printed. A plain module (not
conftest) so that test folders with their own conftest.py can import it too.

`run_in_process` is how tests run a command: `sidelight.cli.main(ARGS)` in this process,
from the given folder, its output captured as a terminal-less process's would be (UTF-8,
strict on stdout, no tty). It costs milliseconds where a new interpreter costs seconds.
`cli_process` starts `python build.py ARGS` as a real process: only for the few tests
about the process itself (the entry point, start-up without packages, signals).
"""
from __future__ import annotations

import contextlib
import gc
import io
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
_EXCEPTION_LINE = re.compile(r"^[\w.]*(Error|Exception): ", re.MULTILINE)
TIMEOUT = 120  # seconds for one command; passing runs take a fraction of one


@dataclass(frozen=True)
class Run:
    """What one command printed, and its exit status."""
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def errors(self) -> list[str]:
        return self.problems("error")

    def problems(self, severity: str = "") -> list[str]:
        """The `path:line:col: error: …` lines, in the order they were printed."""
        marks = (f": {severity}: ",) if severity else (": error: ", ": warning: ")
        return [line for line in self.output.splitlines() if any(m in line for m in marks)]


def assert_no_traceback(run: Run) -> None:
    """A traceback is a bug whatever the input: editors get messages, never stack traces."""
    assert "Traceback" not in run.output, run.output
    assert not _EXCEPTION_LINE.search(run.output), run.output


def run_in_process(*args: str, cwd: Path, env: Mapping[str, str | None] | None = None,
                   timeout: float = TIMEOUT) -> Run:
    """`build.py ARGS` from `cwd`, as `sidelight.cli.main(ARGS)` in this process. `env` is
    added to the environment for the run (None removes a variable). An exception escapes
    as itself (the test fails, as a traceback in a process's output would fail it); a run
    longer than `timeout` fails the test."""
    from sidelight import cli

    stdout, stderr = _stream("strict"), _stream("backslashreplace")
    with (_environment({"COLUMNS": "200", **(env or {})}), contextlib.chdir(cwd), _deadline(timeout),
          _collector_restored(), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr)):
        try:
            code = cli.main(list(args))
        except SystemExit as exit:  # argparse: --help, a usage error
            code = _exit_status(exit, stderr)
    run = Run(code, _text(stdout), _text(stderr))
    assert_no_traceback(run)
    return run


run_build_py = run_in_process  # the name older tests import


def cli_process(*args: str, cwd: Path, env: Mapping[str, str | None] | None = None,
                python_options: tuple[str, ...] = (), timeout: float = TIMEOUT) -> Run:
    """`python [OPTIONS] build.py ARGS` in `cwd` as a new process with the suite's
    interpreter: for tests about the process itself, where `run_in_process` cannot stand in."""
    merged = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "200", **(env or {})}
    proc = subprocess.run([sys.executable, *python_options, str(REPO / "build.py"), *args], cwd=cwd,
                          env={k: v for k, v in merged.items() if v is not None},
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    run = Run(proc.returncode, proc.stdout, proc.stderr)
    assert_no_traceback(run)
    return run


def _stream(errors: str) -> io.TextIOWrapper:
    """A text stream as a process's stdout or stderr into a pipe: UTF-8, not a terminal."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=errors, newline="\n", write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8")


def _exit_status(exit: SystemExit, stderr: io.TextIOWrapper) -> int:
    """The status a process would exit with, printing a message as Python would."""
    if exit.code is None or isinstance(exit.code, int):
        return exit.code or 0
    print(exit.code, file=stderr)
    return 1


@contextlib.contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    before = {name: os.environ.get(name) for name in changes}
    try:
        _set_environment(changes)
        yield
    finally:
        _set_environment(before)


def _set_environment(values: Mapping[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Fail the test if the block runs longer than `seconds` (a hang fails, never blocks
    the suite). SIGALRM: the block runs in the main thread, as every test does."""
    def expire(signum, frame):
        pytest.fail(f"the command ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _collector_restored() -> Iterator[None]:
    """A build freezes what it loaded (build/gcpause.py), as a process about to exit may;
    in the suite's process that would keep every test's content: unfreeze it afterwards."""
    enabled = gc.isenabled()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def leftovers(parent: Path, pattern: str = ".site-*", timeout: float = 60) -> list[Path]:
    """What builds left in `parent` matching `pattern`, once the previous sites they handed
    to a background process to delete (`.*-trash-*`) are gone: a build returns without
    waiting for that. Trash still there after `timeout` counts as left."""
    deadline = time.monotonic() + timeout
    while any(parent.glob(".*-trash-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted(parent.glob(pattern))
