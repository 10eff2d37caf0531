"""What a build says: one line per stage with a count and a time; a live counter only for
a person at a terminal (not in CI, not into a file); -q errors only, -v each page."""
from __future__ import annotations

import io
import re

from edits import replace_in
from sidelight.progress import NORMAL, QUIET, VERBOSE, Progress, is_terminal


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_live_counter_that_is_cleared_before_the_next_line():
    screen = Terminal()
    progress = Progress(NORMAL, screen, live=True)
    for _ in range(60):
        progress.tick()
    progress.stage("rendered 60 pages")
    text = screen.getvalue()
    assert "\r  rendering… 25 pages" in text and "\r  rendering… 50 pages" in text
    assert re.search(r"\r\x1b\[Krendered 60 pages \(\d+\.\d\d s\)\n$", text)


def test_ci_and_files_get_no_counter(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert not is_terminal(Terminal())
    monkeypatch.delenv("CI")
    assert is_terminal(Terminal()) and not is_terminal(io.StringIO())
    log = io.StringIO()
    progress = Progress(NORMAL, log)
    for _ in range(60):
        progress.tick()
    progress.stage("rendered 60 pages")
    assert "\r" not in log.getvalue() and log.getvalue().startswith("rendered 60 pages (")


def test_quiet_says_nothing_and_verbose_says_more():
    quiet, verbose = io.StringIO(), io.StringIO()
    for stream, level in ((quiet, QUIET), (verbose, VERBOSE)):
        progress = Progress(level, stream)
        progress.stage("loaded 3 files")
        progress.detail("rendered claims/x/index.html")
    assert quiet.getvalue() == ""
    assert "loaded 3 files (" in verbose.getvalue() and "  rendered claims/x/index.html\n" in verbose.getvalue()


def test_verbose_build_names_the_pages_rendered_again(sample_content, run_cli):
    assert run_cli("--content", "content", "build").code == 0
    replace_in(sample_content / "claims" / "fund-size.yaml", "summary: |\n", "summary: |\n  Edited.\n")
    run = run_cli("-v", "--content", "content", "build")
    assert "  rendered claims/fund-size/index.html" in run.stdout.splitlines()
    assert "  rendered claims/better-plans/index.html" not in run.stdout.splitlines()
