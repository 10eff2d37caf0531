"""Incremental builds: build again only what changed, byte for byte what a clean build makes.

The cache (in the cache folder, `cachefile.folder`; safe to delete at any time) holds
one part per concern, each a small class here, all saved in one file (`BuildCache`):
- `PageReuse`: each page's context digest, what its template read of the model (see
  `tracking`), the digest of its bytes and its file's stat in site/ once written. A page
  whose context and reads digest the same, and whose file in site/ still has the stat
  recorded, is kept as it is (never read back); any other page is rendered. And what
  each page group's builder read: a group is not even built while that digests the same
  and each of its pages can be kept;
- `OpenDataPieces`: one claim's part of the open data files, kept while what it read is,
  read back from the file in site/ the last build wrote (the cache holds only its place);
- `LinkCheckNarrowing`: which pages' links need checking again (those whose bytes changed,
  unless a file went away or a changed page's ids did);
- `SearchIndexReuse`: the search index, made again only when a page's bytes changed;
- `ShareImageReuse`: each claim's share image, drawn again only when its card changed;
- `CompiledTemplates`: the templates as Jinja2 compiled them, so a build that renders a
  few pages does not first compile the theme again (compiling costs more than they do).
Anything uncertain (another version of the code, templates or libraries; a file in site/
touched by hand; a damaged cache, or one not sealed by this machine: see
`cachefile.read_sealed`; entries of another site than the one in site/) means making
again, never reusing; `--clean` reads no cache at all.
"""

from __future__ import annotations

import marshal
import mmap
import os
import stat as stats
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from sidelight.build import cachefile, workers
from sidelight.build.gcpause import long_lived, paused
from sidelight.build.tracking import Carried, ModelDigests, SiteView, changed_keys, record_of, watch
from sidelight.digest import sha
from sidelight.model.records import Site
from sidelight.output import searchshards
from sidelight.output.searchindex import BUNDLE, RecordedIndex
from sidelight.output.write import Stage, Staged, site_id
from sidelight.pages.contexts import PageContext
from sidelight.pages.registry import Group, page_groups
from sidelight.pages.share import ShareCard
from sidelight.pages.urls import file_of

FORMAT = 12
BASE = "\0base_url:"  # among the files of a build in the cache: the base_url it was checked with
Numbering = Callable[[list[str]], list[int]]
Result = TypeVar("Result")


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
    stat: list[int] = field(default_factory=list)  # (size, mtime_ns, inode) in site/ after the write
    records: list[str] = field(default_factory=list)  # the records `reads` belong to

    @property
    def file(self) -> str:
        return file_of(self.path)


# An entry in the cache: (context, reads_digest, output, path, canonical, indexed, stat,
# numbers of records, numbers of reads); see `PageReuse.saved` and `loaded`.


@dataclass
class GroupEntry:
    """What a page group's builder read of the model, and the files of the pages it made."""

    name: str
    records: list[str]
    reads: list[str]
    reads_digest: str
    files: list[str]


class ModelChanges:
    """Which records and site collections differ from the last build's, and the digests
    that tell whether a list of reads still names the same values. `earlier`: the last
    build's digests, carried for the records this model holds as the same objects."""

    def __init__(self, site: Site, before: dict[str, str | None], earlier: Carried | None = None):
        self.digests = ModelDigests(site, earlier)
        self.now = self.digests.all_records()
        self.changed = {name for name in before.keys() | self.now.keys() if before.get(name) != self.now.get(name)}
        self.keys: set[str] | None = None  # every read key whose value changed, when known
        if earlier is not None and earlier.records_digests is before:
            records, old = self.digests.records, earlier.records
            self.keys = set().union(*(changed_keys(n, old.get(n), records.get(n)) for n in self.changed))

    def same_reads(self, records: list[str], reads: list[str], reads_digest: str) -> bool:
        """Certainly so if none of the records read changed; else, when the last build's
        records are at hand (`earlier`), if none of the keys read is one whose value
        changed (`changed_keys`: `reads` is sorted, as `read` and `PageReuse.built` make
        it, and `reads_digest` stands for the last build's values, since an entry is kept
        only while its reads are the same); else if the reads digest the same."""
        if records.isdisjoint(self.changed) if isinstance(records, Keys) else self.changed.isdisjoint(records):
            return True
        if self.keys is not None:
            return not any(is_in(reads, key) for key in self.keys)
        return self.digests.of_reads(reads) == reads_digest

    def read(self, make: Callable[..., Result], *values) -> tuple[Result, list[str], str]:
        """`make(*values)` with `values` watched: its result, what it read (sorted) and their digest."""
        reads: set[str] = set()
        result = make(*(watch(value, reads) for value in values))
        keys = sorted(reads)
        return result, keys, self.digests.of_reads(keys)


def is_in(ordered: list[str], key: str) -> bool:
    """Whether `key` is in the sorted list `ordered`."""
    at = bisect_left(ordered, key)
    return at < len(ordered) and ordered[at] == key


class Output(Mapping):
    """The files of the new site, in the order they were made, of three kinds: fresh ones
    as bytes; staged ones (`Staged` in `files`), written by the worker that made them into
    the staging folder `stage`, read from there only if someone asks (the link check,
    Pagefind), one at a time, so that no process holds every page; and kept ones (None in
    `files`: byte for byte those of the last build) read from site/ only if someone asks,
    e.g. the link check for the ids of a page an edited page links to. The writer links
    kept files and takes staged ones as they are instead of reading them. The order is a
    clean build's order whatever was kept (Pagefind's output depends on the order its
    input files were made). `site`: the `write.site_id` of the site the kept files were
    judged in."""

    def __init__(self, out: Path, files: dict[str, bytes | Staged | None], site: str = "", stage: Stage | None = None):
        self.out, self.files, self.site, self.stage = out, files, site, stage

    @property
    def kept(self) -> set[str]:
        return {name for name, data in self.files.items() if data is None}

    @property
    def staged(self) -> set[str]:
        return {name for name, data in self.files.items() if isinstance(data, Staged)}

    def __getitem__(self, name: str) -> bytes:
        data = self.files[name]
        if data is None:
            return (self.out / name).read_bytes()
        if isinstance(data, Staged):
            assert self.stage is not None, "a staged file is in the staging folder"
            return self.stage.read(name)
        return data

    def written(self, site: str) -> None:
        """After the write: every file is in site/ (`site`, its `write.site_id`) as made,
        so each staged file is now a kept one (the staging folder is gone)."""
        self.site, self.stage = site, None
        for name in self.staged:
            self.files[name] = None

    def __contains__(self, name) -> bool:
        return name in self.files

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def add(self, files: Mapping[str, bytes | Staged | None]) -> None:
        self.files |= files

    def remove(self, names) -> None:
        for name in names:
            self.files.pop(name, None)


class PageReuse:
    """Each page rendered, or kept from the last build when its context, what its template
    read and its file in site/ are unchanged; each page group built, or not even built
    when what its builder read is unchanged and every page it made can be kept (a page is
    a function of what its builder read, so its context is then the last build's).
    `group` and `page` change nothing (they may run in a worker process); `note_group`
    and `note` record the outcome, in the parent."""

    def __init__(
        self, out: Path, previous: dict[str, Entry], globals_before: str, groups_before: dict[str, GroupEntry]
    ):
        self.out, self.previous, self.globals_before = out, previous, globals_before
        self.groups_before = groups_before
        self.groups_now: dict[str, GroupEntry] = {}
        self.reading: set[str] = set()
        self.current: dict[str, Entry] = {}
        self.globals_now = ""
        self.rendered: list[str] = []
        self.reused: list[str] = []
        self.model: ModelChanges | None = None
        self.site: Site | None = None
        self.rendering: Site | None = None  # the site the pages are rendered against (`groups`)

    def begin(self, model: ModelChanges, site: Site, template_globals: dict) -> None:
        self.model, self.site = model, site
        self.globals_now = model.digests.of_value(template_globals)

    def groups(self, site: Site) -> list[Group]:
        """Every page group, its builder given watched views of the site, which note what
        it reads in `reading`: emptied before each group is built (see `built`)."""
        self.reading = set()
        self.rendering = site  # an edition's view of the site on a site in several languages
        return page_groups(cast(Site, SiteView(site, self.reading)))  # a view reads as the site

    def group(self, group: Group, render_one) -> tuple[GroupEntry, list[tuple[Entry, bytes | None]]]:
        """The group's entry and its pages' entries and bytes (None: kept as they are in site/)."""
        model = self.model
        assert model is not None, "begin() first"
        kept = self.kept(group)
        if kept is not None:
            return kept
        pages, reads = self.built(group)
        entry = GroupEntry(group.name, records_of(reads), reads, model.digests.of_reads(reads), [p.file for p in pages])
        return entry, [self.page(page, render_one) for page in pages]

    def kept(self, group: Group) -> tuple[GroupEntry, list[tuple[Entry, bytes | None]]] | None:
        """The last build's entries of a group not even built: what its builder read is
        unchanged and every page it made can be kept. None: the group must be built."""
        model = self.model
        old = self.groups_before.get(group.name)
        if old is None or model is None or not model.same_reads(old.records, old.reads, old.reads_digest):
            return None
        pages: list[tuple[Entry, bytes | None]] = []
        for file in old.files:
            entry = self.keepable(file)
            if entry is None:
                return None
            pages.append((entry, None))
        return old, pages

    def parallel(self, parallel_map: Callable[[list, Callable[[list], list]], list]) -> Callable:
        """`parallel_map` over page groups, except that the groups this build keeps are
        answered here (`kept`, what `group` would answer) and only the others are sent to
        its workers: after an edit, most groups are kept, and forking workers to hear that,
        with every kept group's entries sent back through a pipe, took longer than the edit."""

        def mapped(groups: list[Group], work: Callable[[list], list]) -> list:
            answers = [self.kept(group) for group in groups]
            made = iter(parallel_map([g for g, a in zip(groups, answers, strict=True) if a is None], work))
            return [next(made) if answer is None else answer for answer in answers]

        return mapped

    def built(self, group: Group) -> tuple[list[PageContext], list[str]]:
        """The group's contexts (holding the builder's views: see `tracking`) and what its
        builder read (sorted)."""
        self.reading.clear()  # groups are built one at a time in each process
        pages = list(group.build_contexts())
        return pages, sorted(self.reading)

    def page(self, page: PageContext, render_one) -> tuple[Entry, bytes | None]:
        """The page's entry and bytes; bytes None when the last build's file can be kept."""
        model = self.model
        assert model is not None, "begin() first"
        context = model.digests.of_context((self.globals_now, page))
        old = self.keepable(page.file)
        if old is not None and old.context == context:
            return old, None
        data, reads, reads_digest = model.read(render_one, page, self.rendering or self.site)
        entry = Entry(context, reads, reads_digest, sha(data), page.path, page.canonical, page.indexed)
        entry.records = records_of(reads)
        return entry, data

    def keepable(self, file: str) -> Entry | None:
        """The last build's entry for a page whose reads are unchanged and whose file in
        site/ is the one that build wrote (same size, modification time and inode)."""
        old = self.previous.get(file)
        if old is None or self.globals_before != self.globals_now:
            return None
        if self.model is None or not self.model.same_reads(old.records, old.reads, old.reads_digest):
            return None
        return old if self.still_there(file, old) else None

    def still_there(self, file: str, old: Entry) -> bool:
        """Whether the page the last build made is still what site/ holds (its stat)."""
        return bool(old.stat) and file_stat(f"{self.out}/{file}") == old.stat

    def note_group(self, entry: GroupEntry) -> None:
        self.groups_now[entry.name] = entry

    def note(self, entry: Entry, data: bytes | None) -> None:
        self.current[entry.file] = entry
        (self.reused if data is None else self.rendered).append(entry.file)

    def outputs(self) -> dict[str, str]:
        """The digest of each page's bytes in this build."""
        return {file: entry.output for file, entry in self.current.items()}

    def saved(self, number: Numbering) -> dict:
        for file, entry in self.current.items():
            entry.stat = file_stat(f"{self.out}/{file}")
        entries = {
            k: (e.context, e.reads_digest, e.output, e.path, e.canonical, e.indexed, e.stat)
            + (number(e.records), number(e.reads))
            for k, e in self.current.items()
        }
        groups = {k: (number(g.records), number(g.reads), g.reads_digest, g.files) for k, g in self.groups_now.items()}
        return {"globals": self.globals_now, "entries": entries, "groups": groups}

    @classmethod
    def loaded(cls, out: Path, data: dict, named: Callable) -> PageReuse:
        entries = {  # positional, in the dataclass's order (16,000 entries at 10,000 claims)
            k: Entry(v[0], named(v[8]), v[1], v[2], v[3], v[4], v[5], v[6], named(v[7]))
            for k, v in data["entries"].items()
        }
        groups = {
            k: GroupEntry(k, named(records), named(reads), str(reads_digest), list(files))
            for k, (records, reads, reads_digest, files) in data["groups"].items()
        }
        return cls(out, entries, str(data["globals"]), groups)


class OpenDataPieces:
    """One claim's part of an open data file (its line of data/claims.json, its annotations;
    an article's text file), kept from the last build while none of what it read changed.

    The cache holds no part's text: only where it stands in the file the last build wrote
    to site/ (`opendata.open_data` makes each part's bytes stand in its file as they are),
    with that file's stat after the write (size, modification time, inode, as for a kept
    page: `PageReuse.still_there`). A part kept is read back from that file, mapped, and
    only while the file still has that stat; any other part is made again. So a file
    touched by hand, or gone, costs its parts' making, never a wrong byte. `before` and
    `now` hold a part's text in memory (bytes) or, loaded from the cache, its (offset,
    length) in its file; `now` is what this build made or kept, each with its bytes."""

    def __init__(self, before: dict[str, tuple], out: Path | None = None, stats: dict[str, list[int]] | None = None):
        self.before, self.out, self.stats = before, out, stats or {}
        self.now: dict[str, tuple[list[str], list[str], str, bytes]] = {}
        self.model: ModelChanges | None = None
        self.files: dict[str, mmap.mmap | bytes | None] = {}  # the last build's files read, by name

    def memo(self, name: str, make: Callable, *values) -> bytes:
        """`make(*values)`, or the same bytes from the last build; `make` reads only `values`."""
        model = self.model
        assert model is not None, "begin() first"
        old = self.before.get(name)
        if old is not None and model.same_reads(old[0], old[1], old[2]):
            kept = old[3] if isinstance(old[3], bytes) else self.read_back(name, old[3])
            if kept is not None:
                self.now[name] = (old[0], old[1], old[2], kept)
                return kept
        text, reads, reads_digest = model.read(make, *values)
        self.now[name] = (records_of(reads), reads, reads_digest, text)
        return text

    def read_back(self, name: str, where: tuple[int, int]) -> bytes | None:
        """The part `name` as the last build wrote it, from its file in site/; None if
        that file is not the one written (see `last_file`)."""
        data = self.last_file(name.partition("\0")[0])
        start, length = where
        return None if data is None or start + length > len(data) else data[start : start + length]

    def last_file(self, file: str) -> mmap.mmap | bytes | None:
        """The file of site/ the last build wrote, mapped, if it still has the stat
        recorded after that write (checked on the very file mapped); else None."""
        if file not in self.files:
            data, stat = mapped(self.out / file) if self.out else (None, [])
            self.files[file] = data if stat and stat == self.stats.get(file) else None
        return self.files[file]

    def saved(self, number: Numbering) -> dict:
        """Each part kept or made, by where it stands in its file as written to site/ now,
        and each file's stat; a part not found there (a file changed since the write) is
        left out, so the next build makes it again."""
        by_file: dict[str, list[str]] = {}
        for name in self.now:
            by_file.setdefault(name.partition("\0")[0], []).append(name)
        pieces, stats = {}, {}
        for file, names in by_file.items():
            places, stat = self.placed(file, names)
            if stat:
                stats[file] = stat
            for name, place in places.items():
                records, reads, digest, _ = self.now[name]
                pieces[name] = (number(records), number(reads), digest, *place)
        return {"files": stats, "pieces": pieces}

    def placed(self, file: str, names: list[str]) -> tuple[dict[str, tuple[int, int]], list[int]]:
        """Where each part of `names` (in the order they were made, which is their order in
        the file) stands in `file` in site/, and the file's stat; nothing if it is gone."""
        places: dict[str, tuple[int, int]] = {}
        if self.out is None:
            return places, []
        data, stat = mapped(self.out / file)
        at = 0
        for name in names:
            text = self.now[name][3]
            found = data.find(text, at) if data is not None else -1
            if found >= 0:
                places[name] = (found, len(text))
                at = found + len(text)
        if isinstance(data, mmap.mmap):
            data.close()
        return places, stat

    @classmethod
    def loaded(cls, data: dict, named: Callable, out: Path) -> OpenDataPieces:
        stats = {str(k): [int(n) for n in v] for k, v in data["files"].items()}
        pieces = {}
        for k, (records, reads, d, start, length) in data["pieces"].items():
            if type(start) is not int or type(length) is not int or start < 0 or length < 0:
                raise ValueError("not a place in a file")
            pieces[k] = (named(records), named(reads), d, (start, length))
        return cls(pieces, out, stats)


def mapped(path: Path) -> tuple[mmap.mmap | bytes | None, list[int]]:
    """A plain file mapped (bytes if it is empty) with its `file_stat`, taken on the very
    file mapped; (None, []) if it is missing, a link or not a plain file. A mapping stays
    valid when the write replaces the file: it never writes into one (`write.refill`)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None, []
    try:
        st = os.fstat(fd)
        if not stats.S_ISREG(st.st_mode):
            return None, []
        data = mmap.mmap(fd, st.st_size, access=mmap.ACCESS_READ) if st.st_size else b""
        return data, [st.st_size, st.st_mtime_ns, st.st_ino]
    except (OSError, ValueError):
        return None, []
    finally:
        os.close(fd)


class LinkCheckNarrowing:
    """The pages whose links need checking: only those whose bytes changed, as long as every
    file of the last build is still there and no changed page lost or gained an id."""

    def __init__(self, files_before: set[str] | None, pages_before: dict[str, tuple[str, str]]):
        self.files_before, self.pages_before = files_before, pages_before  # file: (output digest, ids digest)
        self.files_now: list[str] = []
        self.pages_now: dict[str, tuple[str, str]] = {}
        self.outputs: dict[str, str] = {}

    def pages_to_check(self, files: Mapping, base_url: str, outputs: dict[str, str]) -> set[str] | None:
        """None (every page) when there is no last build, another base_url (it decides which
        links are internal), or a file of the last build is gone: an unchanged page may link to it."""
        self.files_now, self.outputs = sorted(files) + [BASE + base_url], outputs
        if self.files_before is None or not self.files_before <= set(files) | {BASE + base_url}:
            return None
        return {f for f in files if f.endswith(".html") and not self.same_output(f)}

    def same_output(self, file: str) -> bool:
        old, new = self.pages_before.get(file), self.outputs.get(file)
        return old is not None and new is not None and old[0] == new

    def targets_changed(self, checked: set[str], scans: dict) -> bool:
        """True if a page checked had other ids before: a link on an unchanged page to one
        of them may now be broken, so every page must be checked."""
        return any((old := self.pages_before.get(f)) is not None and old[1] != ids_digest(scans[f]) for f in checked)

    def note_ids(self, scans: dict) -> None:
        """Each page's ids: from this build's scan, or the last build's for the same bytes."""
        for file, output in self.outputs.items():
            old = self.pages_before.get(file)
            if file in scans:
                self.pages_now[file] = (output, ids_digest(scans[file]))
            elif old is not None and old[0] == output:
                self.pages_now[file] = old

    def saved(self) -> dict:
        return {"files": self.files_now, "pages": self.pages_now}

    @classmethod
    def loaded(cls, data: dict) -> LinkCheckNarrowing:
        files = set(data["files"]) if data["files"] else None
        return cls(files, {k: (str(v[0]), str(v[1])) for k, v in data["pages"].items()})


class SearchIndexReuse:
    """The search index's files, made again only when `key` (a digest of the pages' bytes)
    changed, else read back from site/ and checked byte for byte."""

    def __init__(self, out: Path, before: dict | None):
        self.out, self.before = out, before
        self.now: dict | None = None

    def index(self, key: str, make: Callable[[], Mapping[str, object]]) -> dict[str, bytes | None]:
        """The index for pages of digest `key`: the last one if made for the same pages, else
        `make()` (given `previous()`, whose files still as written are `KEPT`): a file kept
        is None, linked from site/ unread by the write."""
        old = self.now or self.before
        if old and old.get("key") == key:
            kept = {f: data for f in old["files"] if (data := read_output(self.out, f)) is not None}
            if kept.keys() == old["files"].keys() and all(sha(d) == old["files"][f] for f, d in kept.items()):
                self.now = old
                return cast(dict[str, bytes | None], kept)
        files = make()
        recorded = old["files"] if old else {}
        digests = {f: recorded[f] if d is KEPT else sha(cast(bytes, d)) for f, d in files.items()}
        self.now = {"key": key, "files": digests}
        return {f: None if d is KEPT else cast(bytes, d) for f, d in files.items()}

    def previous(self) -> RecordedIndex:
        """The last index's files in site/ for `search_index` to reuse shards from."""
        old = self.now or self.before or {}
        stats = old.get("stats")
        return LastIndex(self.out, old.get("files"), stats if isinstance(stats, dict) else {})

    def saved(self) -> dict | None:
        """The index made, with each file's stat in site/ once written (see `LastIndex`)."""
        if not self.now:
            return self.now
        return {**self.now, "stats": {f: file_stat(f"{self.out}/{f}") for f in self.now["files"]}}

    def last_index(self) -> dict[str, None]:
        """The last build's search index, kept as it is in site/ (None: keep the file) and
        remembered as made for the last build's pages, so the next build makes it again."""
        old = self.before
        if not old or any(not file_stat(f"{self.out}/{f}") for f in old["files"]):
            return {}
        self.now = old
        return {f: None for f in old["files"]}

    @classmethod
    def loaded(cls, out: Path, data) -> SearchIndexReuse:
        valid = isinstance(data, dict) and isinstance(data.get("files"), dict)
        return cls(out, data if valid else None)


KEPT = object()  # a file of the last search index still in site/ as written: not read


class LastIndex(RecordedIndex):
    """The last search index's files in site/ (`RecordedIndex`), where a file whose stat is
    the one recorded after the write that made it (size, modification time, inode: as a
    kept page's, `PageReuse.still_there`) is answered `KEPT`, unread: a one-claim edit
    keeps all shards but one, thousands of files. The shard list is always read."""

    def __init__(self, out: Path, recorded: Mapping[str, str] | None, stats: Mapping[str, list[int]]):
        super().__init__(out, recorded)
        self.stats = stats

    def __getitem__(self, name: str):
        stat = self.stats.get(name)
        if stat and name in self.recorded and name != MANIFEST and file_stat(f"{self.out}/{name}") == stat:
            return KEPT
        return super().__getitem__(name)


MANIFEST = BUNDLE + searchshards.MANIFEST


class ShareImageReuse:
    """Each claim's share image, kept as it is in site/ (never read back) while its card
    digests the same and its file has the stat the last build left; else drawn, in
    worker processes when many are (a clean build draws them all). An image is a function
    of its card (`pages.share`) and of the code, fonts and Pillow, which the cache's stamp
    covers. `drawn` and `kept`: this build's files of each."""

    def __init__(self, out: Path, before: dict[str, tuple[str, list[int]]]):
        self.out, self.before = out, before
        self.now: dict[str, str] = {}
        self.drawn: list[str] = []
        self.kept: list[str] = []

    def images(self, cards: list[ShareCard], draw: Callable[[ShareCard], bytes]) -> list[bytes | None]:
        """`draw(card)` for each card, or None where the last build's file can be kept."""
        self.now = {card.file: self.digest(card) for card in cards}
        todo = [card for card in cards if not self.keepable(card.file)]
        drawn = dict(zip([c.file for c in todo], workers.in_parallel(todo, lambda chunk: [draw(c) for c in chunk])))
        self.drawn = list(drawn)
        self.kept = [card.file for card in cards if card.file not in drawn]
        return [drawn.get(card.file) for card in cards]

    def digest(self, card: ShareCard) -> str:
        return sha(repr(card).encode())

    def keepable(self, file: str) -> bool:
        old = self.before.get(file)
        if old is None or old[0] != self.now[file] or not old[1]:
            return False
        return file_stat(f"{self.out}/{file}") == old[1]

    def saved(self) -> dict:
        return {file: (digest, file_stat(f"{self.out}/{file}")) for file, digest in self.now.items()}

    @classmethod
    def loaded(cls, out: Path, data: dict) -> ShareImageReuse:
        return cls(out, {str(k): (str(v[0]), list(v[1])) for k, v in data.items()})


class CompiledTemplates(BytecodeCache):
    """Each template's code as Jinja2 compiled it, by Jinja2's key for the template (its
    name and file) with the digest of the source it was compiled from; used only for that
    same source. The whole cache is already void under another Python, Jinja2 or theme
    (`stamp`). Held in the render cache's one sealed file: code is loaded only as this
    machine saved it. Templates compiled in a worker process are not heard of; the parent
    compiles what it renders itself, and the workers forked later inherit what it knows."""

    def __init__(self, known: dict[str, tuple[str, bytes]]):
        self.known = known

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self.known.get(bucket.key, ("", b""))
        if checksum == bucket.checksum:
            bucket.code = marshal.loads(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.known[bucket.key] = (bucket.checksum, marshal.dumps(bucket.code))

    @classmethod
    def loaded(cls, data: dict) -> CompiledTemplates:
        return cls({str(k): (str(v[0]), bytes(v[1])) for k, v in data.items()})


class BuildCache:
    """The five parts, read from and saved to one file for this content and output folder.
    Entries describe the site whose `write.site_id` they were saved with, and only it."""

    def __init__(self, path: Path, out: Path, stamp: str, site: str):
        self.path, self.out, self.stamp, self.site = path, out, stamp, site
        self.records_before: dict[str, str | None] = {}
        self.pages = PageReuse(out, {}, "", {})
        self.open_data = OpenDataPieces({}, out)
        self.links = LinkCheckNarrowing(None, {})
        self.search = SearchIndexReuse(out, None)
        self.images = ShareImageReuse(out, {})
        self.templates = CompiledTemplates({})
        self.model: ModelChanges | None = None
        self.keys = KeyTable([])

    @classmethod
    def open(
        cls, content: Path, out: Path, templates: Path, clean: bool = False, theme: str | None = None
    ) -> BuildCache:
        """The cache for this content and output folder; empty when `clean` or unusable.
        `theme`: `cachefile.stamp(templates)`, if the caller has it already."""
        where = f"{content.resolve()}\0{out.resolve()}"
        path = cachefile.folder(content) / f"render-{sha(where.encode())[:16]}.marshal"
        cache = cls(path, out, stamp(templates, theme), site_id(out))
        if not clean:
            with long_lived():  # a million containers, no cycles, kept for the whole build
                cache.load()
        return cache

    def load(self) -> None:
        try:
            data = marshal.loads(cachefile.read_sealed(self.path) or b"N")  # b"N": marshal's None
            if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("stamp") != self.stamp:
                return
            self.templates = CompiledTemplates.loaded(data["templates"])  # whichever site they rendered
            if not self.site or data.get("site") != self.site:  # another site than the one these entries describe
                return
            keys = KeyTable(data["keys"])
            parts = (
                PageReuse.loaded(self.out, data["pages"], keys.named),
                OpenDataPieces.loaded(data["open_data"], keys.named, self.out),
                LinkCheckNarrowing.loaded(data["links"]),
                SearchIndexReuse.loaded(self.out, data["search"]),
                ShareImageReuse.loaded(self.out, data["images"]),
            )
            records = dict(data["records"])
        except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError, AttributeError):
            return
        self.pages, self.open_data, self.links, self.search, self.images = parts
        self.records_before = records
        self.keys = keys

    def begin(self, site: Site, template_globals: dict) -> None:
        """Start a build of `site`: every record is digested once, to know which changed."""
        self.model = ModelChanges(site, self.records_before)
        self.pages.begin(self.model, site, template_globals)
        self.open_data.model = self.model

    def save(self) -> None:
        """Remember this build, with each page's stat in site/ and the `site_id` of the site
        they belong to; called after site/ was written, by a caller still holding the lock
        it wrote with (`write.claimed`), so no other build's site is there. Failing to save
        is harmless. Reads are many and mostly shared, so each key is stored once and
        entries hold numbers (`KeyTable`)."""
        with paused():  # the tuples made for the save hold no cycles: no collection to scan them
            keys = self.keys
            body = self.body(keys)
            if keys.wasteful():  # many keys no entry reads any more: numbered afresh
                keys = KeyTable([])
                body = self.body(keys)
            body["keys"] = keys.saved()
            cachefile.save_atomically(self.path, marshal.dumps(body))

    def body(self, keys: KeyTable) -> dict:
        return {
            "format": FORMAT,
            "stamp": self.stamp,
            "site": site_id(self.out),
            "pages": self.pages.saved(keys.number),
            "open_data": self.open_data.saved(keys.number),
            "links": self.links.saved(),
            "search": self.search.saved(),
            "images": self.images.saved(),
            "templates": self.templates.known,
            "records": self.model.now if self.model else self.records_before,
        }


class KeyTable:
    """Lists of read keys as the cache stores them: each key once, in one list, and each
    list as the numbers of its keys. A list loaded from the cache (`named`) and kept by
    this build is stored again as the numbers it was loaded from, since the loaded keys
    keep their numbers: only new lists are numbered (numbering every list again was a
    tenth of an edit's rebuild). Loaded lists are never changed (entries are replaced,
    not edited), so their numbers stay true."""

    def __init__(self, keys: list[str]):
        self.keys = keys
        self.numbers = {key: i for i, key in enumerate(keys)}
        self.used: set[int] = set()
        self.among: tuple[object, set[int]] | None = None  # see `numbers_among`
        if len(self.numbers) != len(keys):  # not a table this class wrote: number everything anew
            self.numbers, self.keys = {}, []

    def named(self, numbers: list[int]) -> Keys:
        """The keys of `numbers`, named only when read (`Keys`); raises ValueError if a
        number is not one of this table's, so a damaged cache is refused while loading."""
        if type(numbers) is not list or (numbers and (min(numbers) < 0 or max(numbers) >= len(self.keys))):
            raise ValueError("not numbers of this table's keys")
        return Keys(self, numbers)

    def numbers_among(self, names: set[str]) -> set[int]:
        """The numbers of those of `names` this table holds (remembered for the last set asked)."""
        if self.among is None or self.among[0] is not names:
            table = self.numbers
            self.among = (names, {table[name] for name in names if name in table})
        return self.among[1]

    def number(self, names: Sequence[str]) -> list[int]:
        if isinstance(names, Keys) and names.table is self and self.keys:
            numbers = names.numbers
        else:
            table = self.numbers
            numbers = [table.setdefault(key, len(table)) for key in names]
        self.used.update(numbers)
        return numbers

    def wasteful(self) -> bool:
        """True if most keys of the table are no longer read by any entry saved with it."""
        return len(self.numbers) > 2 * len(self.used) + 1000

    def saved(self) -> list[str]:
        return list(self.numbers)  # in number order: a dict keeps the order keys came in


class Keys(Sequence[str]):
    """A list of read keys as loaded from the cache: its numbers, named when first read.
    After an edit nearly every entry is kept because none of the records it read changed
    (`isdisjoint`, by number), so its reads are never named, and it is saved again as the
    very numbers it was loaded with (`KeyTable.number`). Sent to another process, it goes
    as the list of its names."""

    __slots__ = ("table", "numbers", "names")

    def __init__(self, table: KeyTable, numbers: list[int]):
        self.table, self.numbers = table, numbers
        self.names: list[str] | None = None

    def named(self) -> list[str]:
        if self.names is None:
            keys = self.table.keys
            self.names = [keys[i] for i in self.numbers]
        return self.names

    def isdisjoint(self, names: set[str]) -> bool:
        """Whether none of these keys is among `names`, without naming them."""
        return self.table.numbers_among(names).isdisjoint(self.numbers)

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index):
        return self.named()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.named())

    def __eq__(self, other: object) -> bool:
        return list(self) == (list(other) if isinstance(other, Keys) else other)

    def __reduce__(self):
        return (list, (self.named(),))


def records_of(reads: list[str]) -> list[str]:
    return sorted({record_of(key) for key in reads})


def file_stat(path: Path | str) -> list[int]:
    """(size, modification time, inode) of a plain file; [] if it is missing or not one.
    Hot (each page and share image, twice a build): callers give a str, not a Path to join."""
    try:
        st = os.lstat(path)
    except OSError:
        return []
    return [st.st_size, st.st_mtime_ns, st.st_ino] if stats.S_ISREG(st.st_mode) else []


def stamp(templates: Path, theme: str | None = None) -> str:
    """Everything besides the model that decides the output (code, schemas, templates,
    libraries), as `cachefile.stamp` gives it (`theme`, if known), under this cache's format."""
    return sha(f"{FORMAT}\0{theme or cachefile.stamp(templates)}".encode())


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
