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

from sidelight.build.resident import Session, Update, Writer
from sidelight.content.schemas import SCHEMA_DIR, forget
from sidelight.output.theme import folders, site_templates
from sidelight.output.write import WriteError
from sidelight.preview.errorpage import SEARCH_NOTE, error_page, inject, own_pages, problems_banner
from sidelight.problems import Problem
from sidelight.progress import NORMAL, VERBOSE, Progress
from sidelight.terminal import say


class Preview:
    """The resident build (`resident.Session`) and what it serves; tabs subscribe to hear
    of changes. Pages are served from the session's memory the moment a save is built;
    site/ is written behind (`resident.Writer`) and the search index made once the editor
    is idle (`SEARCH_IDLE_SECONDS` without a save), the pages saying so meanwhile."""

    def __init__(
        self,
        content: Path,
        out: Path,
        verbosity: int = NORMAL,
        stream=None,
        replace_out: bool = False,
        clean: bool = False,
    ):
        self.content, self.out, self.verbosity = content, out, verbosity
        self.stream = stream or sys.stdout
        self.session = Session(content, drafts=True, seed=None if clean else out)  # `--clean`: no cache read
        self.writer = Writer(out, replace_out, self.tell)
        self.errors: list[Problem] = []
        self.error_html: bytes | None = None  # the error page, made once per failed build
        self.broken: set[str] = set()  # addresses of the pages of files with errors (`own_pages`)
        self.banner = b""  # on every other page while the content has errors (`problems_banner`)
        self.generation = 0
        self.token = f"{time.time_ns():x}"  # tells tabs that the server restarted
        self.lock = threading.Lock()
        self.building = threading.Lock()  # one update or index swap of the session at a time
        self.listeners: set[queue.Queue] = set()
        self.stopping = threading.Event()
        self.started = threading.Event()  # set once the first build is done: rebuilds wait for it
        self.saved = threading.Event()  # set by each rebuild: the search index waits for quiet

    @property
    def state(self) -> str:
        return f"{self.token}-{self.generation}"

    @property
    def files(self) -> dict[str, bytes]:
        """The site served: the last good build's files, held in memory."""
        return self.session.files

    def rebuild(self, reason: str = "", changed: list[Path] | None = None) -> None:
        """Build the save of `changed` (None: anything); tell the tabs to reload if the
        site or the list of errors changed; hand the site to the writer."""
        progress = Progress(self.verbosity if self.verbosity >= VERBOSE else 0, self.stream, live=False)
        with self.building:
            update = self.session.update(changed, progress)
        errors = sorted(update.report.errors)  # file by file, line by line, as the terminal shows them
        self.say_outcome(reason, update, progress.elapsed)
        page = error_page(errors, self.content) if errors else None  # reads excerpts here, never per request
        broken, banner = own_pages(errors, self.content), problems_banner(errors) if errors else b""
        with self.lock:
            changed_site = bool(update.changed or update.removed) or errors != self.errors
            self.errors, self.error_html, self.broken, self.banner = errors, page, broken, banner
            if changed_site:
                self.generation += 1
                self.broadcast(f"event: reload\ndata: {self.state}\n\n")
        if update.ok:
            self.writer.write(self.session.files)
            if not self.started.is_set():
                self.refuse_unwritable()
        self.saved.set()

    def refuse_unwritable(self) -> None:
        """The first site is on disk before `serve` gives its address; a site/ it may not
        write (another program's folder, without `--replace-out`) is the preview's error,
        in the banner of every page, as `build` makes it an error."""
        self.writer.wait()
        if self.writer.failure is not None:
            errors = [self.writer.failure]
            with self.lock:
                self.errors, self.error_html = errors, error_page(errors, self.content)
                self.banner = problems_banner(errors)
                self.generation += 1

    def index_search_when_idle(self, idle: float) -> None:
        """The search index made again after each burst of saves, once none came for
        `idle` seconds (runs in its own thread until the preview stops)."""
        while not self.stopping.is_set():
            if not self.saved.wait(0.2):
                continue
            self.saved.clear()
            if self.stopping.wait(idle) or self.saved.is_set():
                continue  # another save came: wait for quiet again
            self.index_search()

    def index_search(self) -> None:
        generation = self.session.generation
        index, problems = self.session.index_search()
        for problem in problems:
            if not self.stopping.is_set():  # Pagefind stopped with serve is no news
                self.tell(problem)
        if index is None:
            return
        with self.building:
            taken = self.session.take_index(index, generation)
        if taken:
            self.writer.write(self.session.files)
            with self.lock:
                self.broadcast("event: search\ndata: current\n\n")

    def inject(self, page: bytes) -> bytes:
        """A served page: the reload script, a note while the search index is stale, the
        banner while the content has errors."""
        return inject(page, SEARCH_NOTE if self.session.search_stale else b"", self.banner)

    def error_page_for(self, path: str) -> bytes | None:
        """The error page, for a page of a file with errors, or for every page while there
        is no last good site to show; None: the page is served (with the banner)."""
        page = self.error_html
        if page is None:
            return None
        if not self.session.files or path.rstrip("/") + "/" in self.broken:
            return page
        return None

    def tell(self, problem: Problem) -> None:
        say(problem.text(), self.stream)

    def safe_rebuild(self, reason: str, changed: list[Path] | None = None) -> None:
        """Rebuild, surviving a bug in the build itself: the preview keeps serving the last site."""
        try:
            self.rebuild(reason, changed)
        except Exception:
            detail = traceback.format_exc() if self.verbosity >= VERBOSE else traceback.format_exc(limit=-1)
            say(
                f"{reason}: the build stopped on an internal error (a bug in Sidelight, not in your"
                " content); the previous site is still served. Details:",
                self.stream,
            )
            for line in detail.splitlines():
                say(line, self.stream)

    def say_outcome(self, reason: str, update: Update, seconds: float) -> None:
        for problem in update.report.sorted():
            say(problem.text(), self.stream)
        prefix = f"{reason}: " if reason else ""
        if update.report.errors:
            n = len(update.report.errors)
            line = f"{prefix}build failed, {n} error{'s' * (n != 1)} (shown in the browser too); fix and save"
        else:
            pages = len(update.rendered) + update.kept
            changed = len(update.changed) + len(update.removed)
            line = (
                f"{prefix}rebuilt in {seconds:.2f} s: {len(update.rendered)} of {pages} pages rendered,"
                f" {changed} files changed"
            )
        if self.verbosity >= NORMAL or update.report.errors:
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
        self.writer.wait(timeout=5)  # the last site written, as far as it can be in time

    def record(self) -> None:
        """Leave the caches a `build` would have left for the site in site/ (at the end)."""
        if not self.building.acquire(timeout=10):  # an update under way: its caches are not for site/
            return
        try:
            record = self.session.recorder()
        finally:
            self.building.release()
        try:
            self.writer.record(record)
        except (OSError, WriteError):
            pass  # the caches are only ever a speed-up


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
        preview.safe_rebuild(rebuild_reason(changed), changed)


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
