"""The preview's state: the last build's outcome, rebuilt when a watched file changes, and
the open browser tabs to tell about it (server-sent events)."""

from __future__ import annotations

import queue
import sys
import threading
import time
import traceback
from pathlib import Path

import watchfiles

from sidelight.build import pipeline
from sidelight.content.schemas import SCHEMA_DIR, forget
from sidelight.output.theme import folders, site_templates
from sidelight.preview.errorpage import error_page
from sidelight.problems import Problem
from sidelight.progress import NORMAL, VERBOSE, Progress
from sidelight.terminal import say


class Preview:
    """Builds the site and remembers whether it worked; tabs subscribe to hear of changes."""

    def __init__(self, content: Path, out: Path, verbosity: int = NORMAL, stream=None, replace_out: bool = False):
        self.content, self.out, self.verbosity = content, out, verbosity
        self.replace_out = replace_out  # --replace-out: the first build may replace a folder it did not write
        self.stream = stream or sys.stdout
        self.errors: list[Problem] = []
        self.error_html: bytes | None = None  # the error page, made once per failed build
        self.generation = 0
        self.token = f"{time.time_ns():x}"  # tells tabs that the server restarted
        self.lock = threading.Lock()
        self.listeners: set[queue.Queue] = set()
        self.stopping = threading.Event()
        self.started = threading.Event()  # set once the first build is done: rebuilds wait for it

    @property
    def state(self) -> str:
        return f"{self.token}-{self.generation}"

    def rebuild(self, reason: str = "", clean: bool = False) -> None:
        """Build; tell the tabs to reload if the site or the list of errors changed."""
        progress = Progress(self.verbosity if self.verbosity >= VERBOSE else 0, self.stream, live=False)
        result = pipeline.build(
            self.content,
            self.out,
            clean=clean,
            progress=progress,
            search_later=True,
            replace_out=self.replace_out,
            drafts=True,
        )
        errors = sorted(result.report.errors)  # file by file, line by line, as the terminal shows them
        self.say_outcome(reason, result, progress.elapsed)
        page = error_page(errors, self.content) if errors else None  # reads excerpts here, never per request
        with self.lock:
            changed = result.counts.get("written", 0) > 0 or errors != self.errors
            self.errors, self.error_html = errors, page
            if changed:
                self.generation += 1
                self.broadcast(f"event: reload\ndata: {self.state}\n\n")
        if result.index_search is not None:  # the pages are served already; the index follows
            for problem in result.index_search():
                if not self.stopping.is_set():  # Pagefind stopped with serve is no news
                    say(problem.text(), self.stream)

    def safe_rebuild(self, reason: str, clean: bool = False) -> None:
        """Rebuild, surviving a bug in the build itself: the preview keeps serving the last site."""
        try:
            self.rebuild(reason, clean)
        except Exception:
            detail = traceback.format_exc() if self.verbosity >= VERBOSE else traceback.format_exc(limit=-1)
            say(
                f"{reason}: the build stopped on an internal error (a bug in Sidelight, not in your"
                " content); the previous site is still served. Details:",
                self.stream,
            )
            for line in detail.splitlines():
                say(line, self.stream)

    def say_outcome(self, reason: str, result, seconds: float) -> None:
        for problem in result.report.sorted():
            say(problem.text(), self.stream)
        prefix = f"{reason}: " if reason else ""
        if result.report.errors:
            n = len(result.report.errors)
            line = f"{prefix}build failed, {n} error{'s' * (n != 1)} (shown in the browser too); fix and save"
        else:
            n = result.counts
            line = (
                f"{prefix}rebuilt in {seconds:.2f} s: {len(result.rendered)} of {n['pages']} pages rendered,"
                f" {n['written']} files written"
            )
        if self.verbosity >= NORMAL or result.report.errors:
            say(line, self.stream)

    def subscribe(self) -> queue.Queue:
        q: queue.Queue = queue.Queue()
        with self.lock:
            self.listeners.add(q)
        return q

    def unsubscribe(self, q: queue.Queue) -> None:
        with self.lock:
            self.listeners.discard(q)

    def broadcast(self, message: str | None) -> None:
        """Queue a message for every open tab (None: the server is stopping). Call with the lock held."""
        for q in self.listeners:
            q.put(message)

    def stop(self) -> None:
        self.stopping.set()
        with self.lock:
            self.broadcast(None)


def watched_paths(content: Path) -> list[Path]:
    """The content, the templates with their static assets, and the schemas."""
    return [p for p in (content, *folders(site_templates(content)), SCHEMA_DIR) if p.is_dir()]


def watch(preview: Preview) -> None:
    """Rebuild after each burst of changes until the preview stops (runs in its own thread).
    Started before the first build, so a file saved while that build runs is not missed;
    a change seen then waits for the first build to finish (`Preview.started`)."""
    paths = watched_paths(preview.content)
    for changes in watchfiles.watch(*paths, stop_event=preview.stopping, debounce=200, step=50, raise_interrupt=False):
        while not (preview.started.wait(0.1) or preview.stopping.is_set()):
            pass
        if preview.stopping.is_set():
            break
        changed = sorted({Path(path) for _, path in changes})
        if any(SCHEMA_DIR in p.parents for p in changed):
            forget()  # schemas are read once per process otherwise
        preview.safe_rebuild(rebuild_reason(changed))


def rebuild_reason(changed: list[Path]) -> str:
    """`content/claims/x.yaml changed`; editors' temporary files (no suffix) are not named."""
    changed = [p for p in changed if p.suffix] or changed
    names = [display(p) for p in changed[:3]]
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    return f"{', '.join(names)}{more} changed"


def display(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
