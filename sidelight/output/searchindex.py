"""The search index: Pagefind run over the rendered pages, as more files of the site.

Runs between render and write, on the rendered bytes rather than on site/, so the index
lands in the same atomic swap as the pages it describes (a failed build leaves the old
site and its index together) and incremental builds refresh it by calling
`search_index(files, language)` on whatever they are about to write.

Pagefind indexes only what templates mark with `data-pagefind-body` (the content, never
the navigation) and reads filters and result metadata from `data-pagefind-filter` and
`data-pagefind-meta`. The output must be byte-identical for the same pages; Pagefind
1.5.2 is, except that it writes each filter's values in hash-map order, which changes
from run to run. `stable_filters` sorts them, as later Pagefind versions do, and renames
the files after their contents the way Pagefind names them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from sidelight.output import cbor
from sidelight.pages.urls import section_path
from sidelight.problems import SidelightError

BUNDLE = section_path("pagefind")
SIGNATURE = b"pagefind_dcd"
# Pagefind's ready-made interfaces: the site has its own (static/search.js), so they would
# only be half a megabyte of unused files in every deployment.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
TIMEOUT_SECONDS = 300
SCRATCH_PREFIX = "sidelight-search-"
_SCRATCH_OWNER = re.compile(re.escape(SCRATCH_PREFIX) + r"(\d+)-")
# Inside the indexed content, what would only add noise to result excerpts: labels for
# screen readers, the topic kicker and verdict box (the rating is a filter and shown in
# each result anyway), links under quotes, term chips, and in articles the margin of
# citing claims, citation numbers, scraping leftovers and the marks of
# words left out of excerpts. Class names of templates/.
EXCLUDE = (
    ".visually-hidden",
    ".kicker",
    ".verdict",
    "figcaption",
    ".chips",
    ".note-label",
    ".stance-line",
    ".byline",
    ".margin",
    ".cite",
    ".leftover",
    ".gap",
    ".cut",
)


class SearchIndexError(SidelightError, RuntimeError):
    """Pagefind is missing or failed: what happened, and `hint`, what to do about it."""

    def __init__(self, message: str, hint: str = "reinstall Pagefind: pip install 'pagefind[bin]'"):
        super().__init__(message, hint)


def search_index(files: Mapping[str, bytes], language: str) -> dict[str, bytes]:
    """The `pagefind/…` files for the HTML pages among `files`, as one index in the
    site's `language` (a source page quoted in another language is still found)."""
    bundle = pagefind_bundle(indexed_pages(files), language.split("-")[0].lower() or "en")
    bundle = {name: data for name, data in bundle.items() if not name.startswith(UNUSED)}
    try:
        bundle = stable_filters(bundle)
    except (KeyError, IndexError, TypeError, ValueError, OSError) as exc:  # OSError: a bad gzip stream
        raise SearchIndexError(
            f"Pagefind wrote an index Sidelight cannot read ({type(exc).__name__}: {exc})",
            "install the Pagefind version pyproject.toml names",
        ) from None
    return {BUNDLE + name: data for name, data in bundle.items()}


def pagefind_bundle(pages, language: str) -> dict[str, bytes]:
    """Pagefind's output for `pages` ((name, bytes) pairs, read one at a time), run on a
    scratch copy of them (Pagefind reads only folders); names are relative to the bundle
    folder."""
    folder = scratch_parent()
    sweep_stale_scratch(Path(folder or tempfile.gettempdir()))
    with tempfile.TemporaryDirectory(
        prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=folder, ignore_cleanup_errors=True
    ) as tmp:  # `stop_pagefind` may remove it first
        root = Path(tmp)
        for name, data in pages:
            target = (root / name).resolve()
            if target.is_relative_to(root.resolve()):  # write() refuses the rest
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        run_pagefind(root, language)
        return {
            p.relative_to(root / BUNDLE).as_posix(): p.read_bytes()
            for p in sorted((root / BUNDLE).rglob("*"))
            if p.is_file()
        }


def scratch_parent() -> str | None:
    """A folder in memory (/dev/shm) for the scratch copy where there is one: the copy is
    written, read once by Pagefind and removed, so it need never reach a disk. None: the
    usual temporary folder."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def sweep_stale_scratch(folder: Path, min_age: float = 60.0) -> None:
    """Remove scratch copies that a killed build left behind: in /dev/shm they hold
    memory (a quarter of a gigabyte at N = 10,000) until the machine restarts. A copy is
    stale when the process named in it is gone and it is more than `min_age` seconds old
    (so a new process that got the same number keeps its own)."""
    for stale in folder.glob(SCRATCH_PREFIX + "*"):
        owner = _SCRATCH_OWNER.match(stale.name)
        if owner and not alive(int(owner.group(1))) and age(stale) > min_age:
            shutil.rmtree(stale, ignore_errors=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def indexed_pages(files):
    """The pages Pagefind will index: those with a `data-pagefind-body`, or every page if
    no template marks one (Pagefind's own rule). Leaving out the rest up front spares it
    parsing the big list and matrix pages only to skip them. In the
    order of their names: Pagefind numbers pages in the order it finds the files, which
    is the order they were written in (on /dev/shm), so the index would otherwise depend
    on the order pages were rendered in. Reads one page of `files` at a time (the caller
    may load them as asked), to be written to the scratch copy and let go."""
    names = sorted(name for name in files if name.endswith(".html"))
    marked = False
    for name in names:
        data = files[name]
        if b"data-pagefind-body" in data:
            marked = True
            yield name, data
    if not marked:
        yield from ((name, files[name]) for name in names)


def run_pagefind(site: Path, language: str) -> None:
    command = [
        str(executable()),
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE.rstrip("/"),
        "--force-language",
        language,
        "--exclude-selectors",
        ", ".join(EXCLUDE),
        "--quiet",
    ]
    try:
        code, said = run_child(command, site)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"cannot run Pagefind: {exc}") from None
    if code != 0:
        last_lines = said.strip().splitlines()[-5:]
        raise SearchIndexError(
            f"Pagefind failed (exit status {code}): " + " / ".join(last_lines),
            "fix what Pagefind says above, or report it with the page that caused it",
        )


class PagefindProcesses:
    """The Pagefind processes running, with the scratch copy each reads, so that `serve`,
    when stopped, can end them (`stop`): a rebuild indexes in the watcher thread, which
    dies with the process and would leave Pagefind running on its /dev/shm copy. Once
    stopped, no new one starts until `allow`."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running: dict[subprocess.Popen, Path] = {}
        self.stopped = False

    def start(self, command: list[str], scratch: Path) -> subprocess.Popen:
        with self.lock:
            if self.stopped:
                raise OSError("stopping: the search index was not made")
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
                stdin=subprocess.DEVNULL,
            )
            self.running[process] = scratch
            return process

    def done(self, process: subprocess.Popen) -> None:
        with self.lock:
            self.running.pop(process, None)

    def stop(self) -> None:
        """Kill every running Pagefind, wait for it, and remove its scratch copy."""
        with self.lock:
            self.stopped = True
            running, self.running = self.running, {}
        for process, scratch in running.items():
            process.kill()
            process.wait()
            shutil.rmtree(scratch, ignore_errors=True)

    def allow(self) -> None:
        with self.lock:
            self.stopped = False


_pagefind_processes = PagefindProcesses()
stop_pagefind, allow_pagefind = _pagefind_processes.stop, _pagefind_processes.allow


def run_child(command: list[str], scratch: Path) -> tuple[int, str]:
    """Run `command` to its end: exit status and what it said (its errors, else its output).
    However this ends (a timeout, Ctrl-C, `stop_pagefind`), the process is killed and
    reaped, never left running or defunct."""
    with _pagefind_processes.start(command, scratch) as process:  # closes its pipes at the end
        try:
            out, err = process.communicate(timeout=TIMEOUT_SECONDS)
            return process.returncode, err or out
        finally:
            _pagefind_processes.done(process)
            if process.poll() is None:
                process.kill()
            process.wait()


def executable() -> Path:
    """Pagefind's binary from the `pagefind[bin]` package (or $PAGEFIND_BINARY_PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = lambda: None  # noqa: E731 - the package itself is missing
    found = get_executable()
    if found is None:
        raise SearchIndexError("Pagefind is not installed", "install it: pip install 'pagefind[bin]'")
    return found


def stable_filters(bundle: dict[str, bytes]) -> dict[str, bytes]:
    """`bundle` with every filter's values sorted, the filter files and each language's
    metadata file renamed after their new contents, and the entry file pointing at them."""
    bundle = dict(bundle)
    entry = json.loads(bundle["pagefind-entry.json"])
    for language, info in entry["languages"].items():
        meta = unpack(bundle.pop(f"pagefind.{info['hash']}.pf_meta"))
        renamed = []
        for name, old in meta[3]:
            index = unpack(bundle.pop(f"filter/{old}.pf_filter"))
            index[1].sort(key=lambda value: value[0])
            body = cbor.encode(index)
            new = f"{language}_{sha1(body)}"[: len(language) + 8]
            bundle[f"filter/{new}.pf_filter"] = pack(body)
            renamed.append([name, new])
        meta[3] = sorted(renamed)
        body = cbor.encode(meta)
        info["hash"] = f"{language}_{sha1(body)[: len(language) + 8]}"
        bundle[f"pagefind.{info['hash']}.pf_meta"] = pack(body)
    bundle["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return bundle


def unpack(data: bytes):
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("an index file without Pagefind's signature")
    return cbor.decode(raw[len(SIGNATURE) :])


def pack(body: bytes) -> bytes:
    return gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0)


def sha1(data: bytes) -> str:
    """Pagefind names index files after the SHA-1 of their contents (not for security)."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()
