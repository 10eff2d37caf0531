"""Incremental builds: build again only the pages whose inputs changed.

The cache (in the cache folder, `cachefile.folder`; safe to delete at any time)
remembers two levels (see `tracking` for how reads are recorded):
- each group of pages (`pages.Group`: one claim's page, the matrix, ...): the model
  records its builder read, and the pages it made;
- each page: the digest of its context, the records its template read, the digest of the
  bytes written and the file's stat in site/ once written.

On the next build a group whose reads digest the same made the same contexts, so its
contexts are not even built: each page whose template reads are unchanged, and whose
file in site/ still has the stat we recorded, is kept as it is (never read back). A
group whose reads changed is built again, and only its pages whose context or reads
changed are rendered. Anything uncertain (another version of the code, templates or
libraries; a file in site/ touched by hand; a damaged cache, or one not sealed by this
machine: see `cachefile.read_sealed`) means rendering again, never reusing; `--clean`
reads no cache at all.
"""
from __future__ import annotations

import marshal
import os
import stat as stats
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sidelight.build import cachefile
from sidelight.model.records import Site
from sidelight.build.tracking import ModelDigests, record_of, recording
from sidelight.digest import sha
from sidelight.pages.urls import file_of
from sidelight.output.write import site_id

FORMAT = 7
BASE = "\0base_url:"  # among the files of a build in the cache: the base_url it was checked with


@dataclass
class Entry:
    """What one page was made from, what it came to, and what the sitemap needs of it."""
    context: str
    reads: list[str]
    reads_digest: str
    output: str
    path: str = ""
    canonical: str = ""
    indexed: bool = True
    ids: str = ""  # digest of the ids the page defines (link targets); "" if not known
    stat: list[int] = field(default_factory=list)  # (size, mtime_ns, inode) in site/ after the write
    records: list[str] = field(default_factory=list)  # the records `reads` belong to

    @property
    def file(self) -> str:
        return file_of(self.path)


@dataclass
class GroupEntry:
    """What a group's builder read, and the pages it made, in order."""
    reads: list[str]
    reads_digest: str
    files: list[str]
    records: list[str] = field(default_factory=list)  # the records `reads` belong to


@dataclass
class Made:
    """A group's pages as `RenderCache.kept` or `.build` found them: each page's entry
    (which has all the sitemap needs) and its bytes, None for a page kept in site/."""
    name: str
    group: GroupEntry
    pages: list[tuple[Entry, bytes | None]]


class Output(Mapping):
    """The files of the new site, in the order they were made: fresh ones as bytes, kept
    ones (None in `files`: byte for byte those of the last build) read from site/ only if
    someone asks, e.g. the link check for the ids of a page an edited page links to. The
    writer links kept files instead of reading them. The order is a clean build's order
    whatever was kept (Pagefind's output depends on the order its input files were made).
    `site`: the `write.site_id` of the site the kept files were judged in."""

    def __init__(self, out: Path, files: dict[str, bytes | None], site: str = ""):
        self.out, self.files, self.site = out, files, site

    @property
    def kept(self) -> set[str]:
        return {name for name, data in self.files.items() if data is None}

    def __getitem__(self, name: str) -> bytes:
        data = self.files[name]
        return (self.out / name).read_bytes() if data is None else data

    def __contains__(self, name) -> bool:
        return name in self.files

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def add(self, files: dict[str, bytes | None]) -> None:
        self.files |= files

    def remove(self, names) -> None:
        for name in names:
            self.files.pop(name, None)


@dataclass
class RenderCache:
    path: Path
    out: Path
    stamp: str
    site: str = ""  # `write.site_id` of out/ when opened: the last build's entries describe that site only
    previous: dict[str, Entry] = field(default_factory=dict)
    current: dict[str, Entry] = field(default_factory=dict)
    groups_before: dict[str, GroupEntry] = field(default_factory=dict)
    groups_now: dict[str, GroupEntry] = field(default_factory=dict)
    globals_before: str = ""
    globals_now: str = ""
    derived_before: dict[str, dict] = field(default_factory=dict)
    derived_now: dict[str, dict] = field(default_factory=dict)
    files_before: set[str] | None = None  # every file of the last build (but the search index), and its base_url
    files_now: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    digests: ModelDigests | None = None
    records_before: dict[str, str] = field(default_factory=dict)
    records_now: dict[str, str] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # records whose digest differs from the last build's
    fragments_before: dict[str, tuple[list[str], str]] = field(default_factory=dict)
    fragments_now: dict[str, tuple[list[str], str]] = field(default_factory=dict)

    @classmethod
    def open(cls, content: Path, out: Path, templates: Path, clean: bool = False) -> "RenderCache":
        """The cache for this content and output folder; empty when `clean` or unusable."""
        where = f"{content.resolve()}\0{out.resolve()}"
        path = cachefile.folder(content) / f"render-{sha(where.encode())[:16]}.marshal"
        cache = cls(path, out, stamp(templates), site_id(out))
        if not clean:
            loaded = load_entries(path, cache.stamp, cache.site)
            (cache.previous, cache.groups_before, cache.globals_before, cache.derived_before, cache.files_before,
             cache.records_before, cache.fragments_before) = loaded
        return cache

    def begin(self, site: Site, template_globals: dict) -> None:
        """Start a build of `site`: the template globals are digested once, for every page,
        and every record, to know which changed."""
        self.digests = ModelDigests(site)
        self.globals_now = self.digests.of_context(template_globals)
        self.records_now = self.digests.all_records()
        before, now = self.records_before, self.records_now
        self.changed = {name for name in before.keys() | now.keys() if before.get(name) != now.get(name)}

    def fragment(self, name: str, make) -> str:
        """A piece of a file made from the model (one claim's line of data/claims.json),
        kept from the last build when none of the records it read changed."""
        old = self.fragments_before.get(name)
        if old is not None and self.changed.isdisjoint(old[0]):
            self.fragments_now[name] = old
            return old[1]
        with recording() as reads:
            text = make()
        self.fragments_now[name] = (records_of(sorted(reads)), text)
        return text

    def same_reads(self, old) -> bool:
        """Whether what an entry read is unchanged: certainly so if none of its records
        changed, else if the fields it read digest the same."""
        if self.changed.isdisjoint(old.records):
            return True
        return self.digests.of_reads(old.reads) == old.reads_digest

    def kept(self, name: str) -> "Made | None":
        """A group kept whole: its builder would make the same contexts and every page's
        file can be kept. None if anything must be built again (see `build`)."""
        old = self.groups_before.get(name)
        if old is None or self.globals_before != self.globals_now or not self.same_reads(old):
            return None
        entries = [self.keepable(file) for file in old.files]
        return None if None in entries else Made(name, old, [(entry, None) for entry in entries])

    def build(self, group, render_page) -> "Made":
        """The group's contexts built again, and each page rendered unless its context
        and reads are unchanged and its file can be kept. Changes nothing in the cache
        (it may run in another process); `record` does."""
        with recording() as reads:
            pages = group.make()
        reads = sorted(reads)
        entry = GroupEntry(reads, self.digests.of_reads(reads), [p.file for p in pages], records_of(reads))
        return Made(group.name, entry, [self.page(page, render_page) for page in pages])

    def page(self, page, render_page) -> tuple[Entry, bytes | None]:
        """The page's entry and bytes; bytes None when the last build's file can be kept."""
        context = self.digests.of_context((self.globals_now, page))
        old = self.keepable(page.file)
        if old is not None and old.context == context:
            return old, None
        with recording() as reads:
            data = render_page(page)
        reads = sorted(reads)
        return Entry(context, reads, self.digests.of_reads(reads), sha(data),
                     page.path, page.canonical, page.indexed, records=records_of(reads)), data

    def keepable(self, file: str) -> Entry | None:
        """The last build's entry for a page whose reads are unchanged and whose file in
        site/ is the one that build wrote (same size, modification time and inode)."""
        old = self.previous.get(file)
        if old is None or not self.same_reads(old):
            return None
        return old if old.stat and file_stat(self.out / file) == old.stat else None

    def record(self, made: "Made") -> None:
        self.groups_now[made.name] = made.group
        for entry, data in made.pages:
            self.current[entry.file] = entry
            (self.reused if data is None else self.rendered).append(entry.file)

    def output_digest(self, file: str) -> str:
        return self.current[file].output

    def derived(self, name: str, key: str, make) -> dict[str, bytes]:
        """Files computed from other files (the search index from the pages, `key` a digest
        of those): made again only when the key changed, else read back from site/ and
        checked byte for byte."""
        old = self.derived_now.get(name) or self.derived_before.get(name)
        if old and old.get("key") == key:
            files = {f: read_output(self.out, f) for f in old["files"]}
            if all(data is not None and sha(data) == old["files"][f] for f, data in files.items()):
                self.derived_now[name] = old
                return files
        files = make()
        self.derived_now[name] = {"key": key, "files": {f: sha(d) for f, d in files.items()}}
        return files

    def last_index(self) -> dict[str, None]:
        """The last build's search index, kept as it is in site/ (None: keep the file) and
        remembered as made for the last build's pages, so the next build makes it again."""
        old = self.derived_before.get("search")
        if not old or any(not file_stat(self.out / f) for f in old["files"]):
            return {}
        self.derived_now["search"] = old
        return {f: None for f in old["files"]}

    def pages_to_check(self, files: Mapping, base_url: str) -> set[str] | None:
        """The pages whose links need checking: those whose bytes differ from the last
        build's, whose links were all checked then. None (every page) when there is no
        last build, another base_url (it decides which links are internal), or a file of
        the last build is gone: an unchanged page may link to it."""
        self.files_now = sorted(files) + [BASE + base_url]
        if self.files_before is None or not self.files_before <= set(files) | {BASE + base_url}:
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
        """Remember this build, with each page's stat in site/ and the `site_id` of the site
        they belong to; called after site/ was written, by a caller still holding the lock
        it wrote with (`write.claimed`), so no other build's site is there. Failing to save
        is harmless. The reads are millions of keys at 10,000
        claims, most of them shared, so each is stored once and entries hold numbers."""
        for file, entry in self.current.items():
            entry.stat = file_stat(self.out / file)
        keys: dict[str, int] = {}
        number = lambda reads: [keys.setdefault(k, len(keys)) for k in reads]  # noqa: E731
        entries = {k: (*(getattr(e, f) for f in ENTRY_FIELDS), number(e.records), number(e.reads))
                   for k, e in self.current.items()}
        groups = {k: (g.reads_digest, g.files, number(g.records), number(g.reads)) for k, g in self.groups_now.items()}
        body = marshal.dumps({"format": FORMAT, "stamp": self.stamp, "site": site_id(self.out),
                              "derived": self.derived_now,
                              "files": self.files_now, "globals": self.globals_now, "keys": list(keys),
                              "groups": groups, "entries": entries, "records": self.records_now,
                              "fragments": {k: (number(records), text) for k, (records, text) in self.fragments_now.items()}})
        cachefile.save_atomically(self.path, body)


ENTRY_FIELDS = ("context", "reads_digest", "output", "path", "canonical", "indexed", "ids", "stat")


def records_of(reads: list[str]) -> list[str]:
    return sorted({record_of(key) for key in reads})


def file_stat(path: Path) -> list[int]:
    """(size, modification time, inode) of a plain file; [] if it is missing or not one."""
    try:
        st = os.lstat(path)
    except OSError:
        return []
    return [st.st_size, st.st_mtime_ns, st.st_ino] if stats.S_ISREG(st.st_mode) else []


def stamp(templates: Path) -> str:
    """Everything besides the model that decides the output (code, templates, libraries),
    computed once for both caches by the light module the no-change fast path uses."""
    return sha(f"{FORMAT}\0{cachefile.stamp(templates)}".encode())


def load_entries(path: Path, expected_stamp: str, site: str):
    """(pages, groups, globals digest, derived outputs, every file) of the last build, or
    nothing if unusable, or if they describe another site than `site` (the `site_id` now)."""
    nothing = ({}, {}, "", {}, None, {}, {})
    try:
        data = marshal.loads(cachefile.read_sealed(path) or b"N")  # b"N": marshal's None
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("stamp") != expected_stamp:
            return nothing
        if not site or data.get("site") != site:  # another site than the one these entries describe
            return nothing
        keys = data["keys"]
        derived = {k: v for k, v in data["derived"].items() if isinstance(v, dict) and isinstance(v.get("files"), dict)}
        files = set(data["files"]) if data["files"] else None
        named = lambda numbers: [keys[i] for i in numbers]  # noqa: E731
        groups = {k: GroupEntry(named(reads), digest, made, named(records))
                  for k, (digest, made, records, reads) in data["groups"].items()}
        entries = {k: Entry(reads=named(v[-1]), records=named(v[-2]), **dict(zip(ENTRY_FIELDS, v)))
                   for k, v in data["entries"].items()}
        fragments = {k: (named(records), text) for k, (records, text) in data["fragments"].items()}
        return entries, groups, str(data["globals"]), derived, files, dict(data["records"]), fragments
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError, AttributeError):
        return nothing


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
