"""Incremental builds: render again only the pages whose inputs changed.

The cache (`.sidelight-cache/` beside the output folder, safe to delete at any time)
remembers for each page: the digest of its context, the keys of the model records it
read (see `tracking`) with their digest, and the digest of the bytes written. On the next
build a page whose context and reads digest the same is not rendered: its bytes are
read back from site/ and used only if they are exactly the bytes we wrote. Anything
uncertain — another version of the code, templates or libraries; a file in site/ changed
by hand; a damaged cache — means rendering again, never reusing.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import unchanged
from .model import Site
from .tracking import ModelDigests, recording

CACHE_DIR = ".sidelight-cache"
FORMAT = 3
BASE = "\0base_url:"  # among the files of a build in the cache: the base_url it was checked with


@dataclass
class Entry:
    """What one output was made from, and what it came to."""
    context: str
    reads: list[str]
    reads_digest: str
    output: str
    ids: str = ""  # digest of the ids the page defines (link targets); "" if not known


@dataclass
class RenderCache:
    path: Path
    out: Path
    stamp: str
    previous: dict[str, Entry] = field(default_factory=dict)
    current: dict[str, Entry] = field(default_factory=dict)
    derived_before: dict[str, dict] = field(default_factory=dict)
    derived_now: dict[str, dict] = field(default_factory=dict)
    files_before: set[str] | None = None  # every file of the last build (but the search index), and its base_url
    files_now: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, content: Path, out: Path, templates: Path, clean: bool = False) -> "RenderCache":
        """The cache for this content and output folder; empty when `clean` or unusable."""
        where = f"{content.resolve()}\0{out.resolve()}"
        path = out.resolve().parent / CACHE_DIR / f"render-{sha(where.encode())[:16]}.json"
        cache = cls(path, out, stamp(templates))
        if not clean:
            cache.previous, cache.derived_before, cache.files_before = load_entries(path, cache.stamp)
        return cache

    def memo_for(self, site: Site):
        """The `memo(file, context, make)` that render calls for each page."""
        digests = ModelDigests(site)

        def memo(file: str, context, make) -> bytes:
            context_digest = digests.of_context(context)
            data = self.reuse(file, context_digest, digests)
            return data if data is not None else self.render(file, context_digest, make, digests)
        return memo

    def reuse(self, file: str, context_digest: str, digests: ModelDigests) -> bytes | None:
        old = self.previous.get(file)
        if old is None or old.context != context_digest or digests.of_reads(old.reads) != old.reads_digest:
            return None
        data = read_output(self.out, file)
        if data is None or sha(data) != old.output:
            return None
        self.current[file] = old
        self.reused.append(file)
        return data

    def render(self, file: str, context_digest: str, make, digests: ModelDigests) -> bytes:
        with recording() as reads:
            data = make()
        self.current[file] = Entry(context_digest, sorted(reads), digests.of_reads(reads), sha(data))
        self.rendered.append(file)
        return data

    def derived(self, name: str, inputs: dict[str, bytes], make) -> dict[str, bytes]:
        """Files computed from other files (the search index from the pages): made again
        only when those inputs changed, else read back from site/ and checked byte for byte."""
        key = sha(b"".join(sha(n.encode()).encode() + sha(d).encode() for n, d in sorted(inputs.items())))
        old = self.derived_before.get(name)
        if old and old.get("key") == key:
            files = {f: read_output(self.out, f) for f in old["files"]}
            if all(data is not None and sha(data) == old["files"][f] for f, data in files.items()):
                self.derived_now[name] = old
                return files
        files = make()
        self.derived_now[name] = {"key": key, "files": {f: sha(d) for f, d in files.items()}}
        return files

    def pages_to_check(self, files: dict[str, bytes], base_url: str) -> set[str] | None:
        """The pages whose links need checking: those whose bytes differ from the last
        build's, whose links were all checked then. None (every page) when there is no
        last build, another base_url (it decides which links are internal), or a file of
        the last build is gone: an unchanged page may link to it."""
        self.files_now = sorted(files) + [BASE + base_url]
        if self.files_before is None or not self.files_before <= files.keys() | {BASE + base_url}:
            return None
        return {f for f in files if f.endswith(".html") and not self.same_output(f)}

    def same_output(self, file: str) -> bool:
        old, new = self.previous.get(file), self.current.get(file)
        return old is not None and new is not None and old.output == new.output

    def targets_changed(self, checked: set[str], scans: dict) -> bool:
        """True if a page checked had other ids before: a link on an unchanged page to one
        of them may now be broken, so every page must be checked."""
        return any((old := self.previous.get(f)) is not None and old.ids != ids_digest(scans[f]) for f in checked)

    def note_ids(self, scans: dict) -> None:
        """Each page's ids: from this build's scan, or the last build's for the same bytes."""
        for file, entry in self.current.items():
            old = self.previous.get(file)
            if file in scans:
                entry.ids = ids_digest(scans[file])
            elif old is not None and old.output == entry.output:
                entry.ids = old.ids

    def save(self) -> None:
        """Remember this build; called only after site/ was written. Failing to save is harmless."""
        body = json.dumps({"format": FORMAT, "stamp": self.stamp, "derived": self.derived_now, "files": self.files_now,
                           "entries": {k: asdict(v) for k, v in sorted(self.current.items())}})
        unchanged.save_atomically(self.path, body.encode("utf-8"))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stamp(templates: Path) -> str:
    """Everything besides the model that decides the output (code, templates, libraries),
    computed once for both caches by the light module the no-change fast path uses."""
    return sha(f"{FORMAT}\0{unchanged.stamp(templates)}".encode())


def load_entries(path: Path, expected_stamp: str) -> tuple[dict[str, Entry], dict[str, dict], set[str] | None]:
    """(pages, derived outputs, every file) of the last build, or nothing if unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("stamp") != expected_stamp:
            return {}, {}, None
        derived = {k: v for k, v in data.get("derived", {}).items()
                   if isinstance(v, dict) and isinstance(v.get("files"), dict)}
        files = set(data["files"]) if isinstance(data.get("files"), list) and data["files"] else None
        return {k: Entry(**v) for k, v in data["entries"].items()}, derived, files
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}, {}, None


def ids_digest(scan) -> str:
    return sha("\0".join(sorted(scan.ids)).encode())


def read_output(out: Path, file: str) -> bytes | None:
    """The bytes of a file of the current site/, or None if it is missing or not a plain file."""
    path = out / file
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return path.read_bytes()
    except OSError:
        return None
