"""Running build.py as an editor runs it, and what it printed. A plain module (not
conftest) so that test folders with their own conftest.py can import it too."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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


def run_build_py(*args: str, cwd: Path) -> Run:
    """`python build.py ARGS` in `cwd`, as a subprocess with the suite's interpreter."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "200"}
    proc = subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    run = Run(proc.returncode, proc.stdout, proc.stderr)
    assert_no_traceback(run)
    return run


def leftovers(parent: Path, pattern: str = ".site-*", timeout: float = 60) -> list[Path]:
    """What builds left in `parent` matching `pattern`, once the previous sites they handed
    to a background process to delete (`.*-trash-*`) are gone: a build returns without
    waiting for that. Trash still there after `timeout` counts as left."""
    deadline = time.monotonic() + timeout
    while any(parent.glob(".*-trash-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted(parent.glob(pattern))
