"""The search index: Pagefind run over the rendered pages, as more files of the site.

Runs between render and write, on the rendered pages rather than on site/ (a build gives
them as a mapping that reads each page from its staging folder when asked), so the index
lands in the same atomic swap as the pages it describes (a failed build leaves the old
site and its index together) and incremental builds refresh it by calling
`search_index(files, language, previous, digests)` on whatever they are about to write.

The index is made in shards (`searchshards`), each its own Pagefind bundle of at most
`MAX_PAGES` pages, made by one Pagefind process at a time: Pagefind holds every page it
indexes in memory and has no incremental mode, so one index of 12,000 pages took 2.5 GB
and was made again whole after any edit. A shard whose pages are unchanged is taken from
the previous index; the search page merges the shards (`templates/static/search.js`).

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
from importlib import metadata
from pathlib import Path

from sidelight.digest import sha
from sidelight.output import cbor, searchshards
from sidelight.output.searchshards import Shard
from sidelight.pages.urls import section_path
from sidelight.problems import SidelightError

BUNDLE = section_path("pagefind")
SIGNATURE = b"pagefind_dcd"
# Pagefind's ready-made interfaces: the site has its own (static/search.js), so they would
# only be half a megabyte of unused files in every deployment.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
TIMEOUT_SECONDS = 300
SCRATCH_PREFIX = "sidelight-search-"
_HTML_LANG = re.compile(rb"<html[^>]*?\slang=[\"']?([A-Za-z]{2,8})")
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


def search_index(
    files: Mapping[str, bytes],
    language: str,
    previous: Mapping[str, bytes] | None = None,
    digests: Mapping[str, str] | None = None,
    made: list[str] | None = None,
) -> dict[str, bytes]:
    """The `pagefind/…` files for the HTML pages among `files`: one Pagefind bundle per
    shard (`searchshards`) and `pagefind/shards.json` listing them. A shard whose pages
    (names and `digests`, else digested here) are those `previous` (the last index's
    files, by name) made it from is taken from there unread by Pagefind; the rest are
    indexed, one Pagefind process at a time, each with at most `MAX_PAGES` pages. The
    result does not depend on `previous`: it is what a clean build makes. `made` gets the
    names of the shards Pagefind indexed."""
    site_language = language.split("-")[0].lower() or "en"
    names = [name for name in files if name.endswith(".html")]
    old = searchshards.read_manifest(previous.get(BUNDLE + searchshards.MANIFEST) if previous else None)
    old_files = shard_files(previous or {})
    parts = searchshards.shards(names)
    index = index_shards(parts, files, "marked", site_language, digests, previous, old, old_files, made)
    if names and not any(shard.indexed for shard in parts):  # Pagefind's rule: no page marked, index all
        index = index_shards(parts, files, "all", site_language, digests, previous, old, old_files, made)
    index[BUNDLE + searchshards.MANIFEST] = searchshards.manifest(parts)
    return index


class RecordedIndex(Mapping[str, bytes]):
    """The last build's index files in the site folder `out`, as the render cache recorded
    them (name: digest of the bytes written). A file reads as missing unless its bytes
    still have the recorded digest, so a shard is reused only as it was written."""

    def __init__(self, out: Path, recorded: Mapping[str, str] | None):
        self.out, self.recorded = out, dict(recorded or {})

    def __getitem__(self, name: str) -> bytes:
        path = self.out / name
        try:
            data = None if path.is_symlink() or not path.is_file() else path.read_bytes()
        except OSError:
            data = None
        if data is None or sha(data) != self.recorded.get(name):
            raise KeyError(name)
        return data

    def __iter__(self):
        return iter(self.recorded)

    def __len__(self) -> int:
        return len(self.recorded)


def index_shards(parts, files, mode, site_language, digests, previous, old, old_files, made) -> dict[str, bytes]:
    """Each shard's bundle, reused or made, with its key. Without `digests` a page is
    digested from its bytes: as it is read for indexing when there is no previous bundle
    to compare with, so that each page is read once."""
    index: dict[str, bytes] = {}
    for shard in parts:
        known = {name: digests[name] for name in shard.pages if name in digests} if digests else {}
        before, kept = old.get(shard.name), None
        if before is not None:
            known = known | {name: sha(files[name]) for name in shard.pages if name not in known}
            shard.key = shard_key(shard, known, mode, site_language)
            kept = reused(shard, before, old_files.get(shard.name, []), previous)
        if kept is None:
            seen = dict(known)
            kept = shard_bundle(shard, files, mode, site_language, seen)
            shard.key = shard_key(shard, seen, mode, site_language)
            if made is not None and shard.indexed:
                made.append(shard.name)
        index.update(kept)
    return index


def shard_key(shard: Shard, page_digests: Mapping[str, str], mode: str, site_language: str) -> str:
    """The digest of what a shard's bundle is made from: its pages' names and bytes, the
    site's language, what is left out of the index, and Pagefind's version."""
    digest = hashlib.sha256()
    for part in (str(searchshards.FORMAT), pagefind_version(), mode, site_language, *EXCLUDE, shard.name):
        digest.update(part.encode("utf-8") + b"\0")
    for name in shard.pages:
        digest.update(f"{name}\0{page_digests[name]}\0".encode())
    return digest.hexdigest()


def shard_files(previous: Mapping[str, bytes]) -> dict[str, list[str]]:
    """The names of the previous index's files, by the shard folder they are in."""
    found: dict[str, list[str]] = {}
    for name in previous:
        folder, slash, _rest = name.removeprefix(BUNDLE).partition("/")
        if name.startswith(BUNDLE) and slash:
            found.setdefault(folder, []).append(name)
    return found


def reused(shard: Shard, before: Shard | None, names: list[str], previous) -> dict[str, bytes] | None:
    """The previous bundle of `shard` if it was made from the same pages (and every one of
    its files is still there), else None."""
    if before is None or before.key != shard.key or (before.indexed and not names):
        return None
    kept = {name: previous_file for name in names if (previous_file := previous.get(name)) is not None}
    if len(kept) != len(names):
        return None
    shard.language, shard.indexed = before.language, before.indexed
    return kept


def shard_bundle(shard: Shard, files, mode: str, site_language: str, seen: dict[str, str]) -> dict[str, bytes]:
    """Pagefind's bundle for the pages of `shard` it indexes, under `pagefind/<shard>/`
    ({} when none is marked for indexing): in the language of its pages' `<html lang>`.
    `seen` gets the digest of every page read that it does not hold yet."""
    shard.indexed, shard.language = 0, ""

    def pages():
        for name in shard.pages:
            data = files[name]
            if name not in seen:
                seen[name] = sha(data)
            if mode == "all" or b"data-pagefind-body" in data:
                shard.indexed += 1
                shard.language = shard.language or page_language(data, site_language)
                yield name, data

    bundle = pagefind_bundle(pages(), lambda: shard.language)
    if not bundle:
        return {}
    bundle = {name: data for name, data in bundle.items() if not name.startswith(UNUSED)}
    try:
        bundle = stable_filters(bundle)
    except (KeyError, IndexError, TypeError, ValueError, OSError) as exc:  # OSError: a bad gzip stream
        raise SearchIndexError(
            f"Pagefind wrote an index Sidelight cannot read ({type(exc).__name__}: {exc})",
            "install the Pagefind version pyproject.toml names",
        ) from None
    return {BUNDLE + shard.folder + name: data for name, data in bundle.items()}


def page_language(page: bytes, default: str) -> str:
    """The primary language subtag of a page's `<html lang>` (Pagefind's index language),
    else `default`."""
    found = _HTML_LANG.search(page, 0, 4096)
    return found.group(1).decode("ascii").lower() if found else default


def pagefind_version() -> str:
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"


def pagefind_bundle(pages, language) -> dict[str, bytes]:
    """Pagefind's output for `pages` ((name, bytes) pairs, read one at a time), run on a
    scratch copy of them (Pagefind reads only folders) in the language `language()`
    gives once they are written; {} when there is no page. Names are relative to the
    bundle folder."""
    folder = scratch_parent()
    sweep_stale_scratch(Path(folder or tempfile.gettempdir()))
    with tempfile.TemporaryDirectory(
        prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=folder, ignore_cleanup_errors=True
    ) as tmp:  # `stop_pagefind` may remove it first
        root = Path(tmp)
        written = 0
        for name, data in pages:
            target = (root / name).resolve()
            if target.is_relative_to(root.resolve()):  # write() refuses the rest
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                written += 1
        if not written:
            return {}
        run_pagefind(root, language())
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
