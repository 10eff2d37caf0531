"""What a build says while it runs: one line per stage with counts and time.

`-q` keeps only errors, `-v` adds the pages rendered and files written. On a terminal a
long stage also shows a live counter, rewritten in place on one line; in CI or when the
output goes to a file there is no such counter, so logs hold only the stage lines.
"""

from __future__ import annotations

import os
import sys
import time

from sidelight.terminal import clear_line, redraw, say

QUIET, NORMAL, VERBOSE = 0, 1, 2


class Progress:
    """Receives `stage(text)` after each stage and `tick()` per page rendered."""

    def __init__(self, verbosity: int = NORMAL, stream=None, live: bool | None = None):
        self.verbosity = verbosity
        self.stream = stream or sys.stdout
        self.live = is_terminal(self.stream) if live is None else live
        self.last = self.started = time.perf_counter()
        self.ticks = 0

    def stage(self, text: str) -> None:
        """Print `text` and the time since the previous stage."""
        now = time.perf_counter()
        self.clear_live()
        self.say(f"{text} ({now - self.last:.2f} s)")
        self.last, self.ticks = now, 0

    def say(self, text: str, level: int = NORMAL) -> None:
        if self.verbosity >= level:
            say(text, self.stream)

    def detail(self, text: str) -> None:
        self.say("  " + text, VERBOSE)

    def tick(self, what: str = "pages") -> None:
        """Count one unit of work; on a terminal, redraw the counter every 25 units."""
        self.ticks += 1
        if self.live and self.verbosity >= NORMAL and self.ticks % 25 == 0:
            redraw(f"  rendering… {self.ticks} {what}", self.stream)

    def clear_live(self) -> None:
        if self.live and self.ticks >= 25 and self.verbosity >= NORMAL:
            clear_line(self.stream)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def is_terminal(stream) -> bool:
    """A person watching: a TTY, and not CI (which some CI systems fake a TTY for)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("CI")


SILENT = Progress(QUIET, live=False)
