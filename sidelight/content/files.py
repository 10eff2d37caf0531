"""Stage 1 — load: find every content file and parse it, keeping positions.

Nothing here knows what a claim means; it only turns files into `Document`s (data,
positions, and for sources and pages the verbatim body) and reports files that cannot
be read at all: not UTF-8, binary, empty, too large, outside content/, badly named.
Given a `Memo`, a file whose bytes it knows is not parsed again; given a `ParallelMap`,
many new files are parsed by it: the documents and problems are the same either way.
"""

from __future__ import annotations

import os
import re
import stat
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sidelight.content.documents import Packed, Positioned, YamlProblem, forbidding, parse, unwanted
from sidelight.content.lines import LINE_BREAK, position_of, text_position
from sidelight.content.memo import Memo, ParallelMap, serially
from sidelight.pages.urls import SITE_PATHS
from sidelight.problems import WARNING, Problem, display_path, problem_of

MAX_BYTES = 2_000_000
PARALLEL_FROM = 256  # new files to parse before handing them to the parallel map is worth it
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FOLDERS = {
    "outlets": ("outlet", ".yaml"),
    "sources": ("source", ".txt"),
    "claims": ("claim", ".yaml"),
    "topics": ("topic", ".yaml"),
    "claimants": ("claimant", ".yaml"),
    "people": ("person", ".yaml"),
    "pages": ("page", ".md"),
}
SINGLETONS = {"site.yaml": "site", "vocabulary.yaml": "vocabulary"}
ORIGINALS = "originals"  # sources/originals/: a translated source's original text (`original.text_file`)
RAW_FORBIDDEN = forbidding(allowed="\r")
"""What no content file may hold (FORBIDDEN but the carriage return, which ends a line)."""


@dataclass
class Document:
    """One content file as parsed: its kind, id, data with positions, and body text."""

    kind: str
    id: str
    path: Path
    display: str
    parsed: Positioned = field(default_factory=lambda: Positioned(data={}))
    body: str = ""
    body_line: int = 1
    key: str = ""  # with a memo: the key of this file's kind, id, shown path and bytes
    notes: tuple = ()  # warnings of the parse itself: `Problem.fields` of each (see `documents.parse`)

    @property
    def data(self) -> dict:
        return self.parsed.data if isinstance(self.parsed.data, dict) else {}

    def entries(self, key: str) -> list[tuple[int, dict]]:
        """(index, entry) for each mapping in the list field `key`; anything malformed is
        skipped here because the schema already reports it, and must not crash later stages."""
        items = self.data.get(key)
        return [(i, e) for i, e in enumerate(items) if isinstance(e, dict)] if isinstance(items, list) else []

    def problem(self, path: tuple, message: str, hint: str = "", *, key=False, severity="error"):
        """A problem located at a value (or key) of this document."""
        line, col = self.parsed.where(path, key=key)
        return Problem(self.display, line, col, message, hint, severity)


@dataclass
class Content:
    """Everything stage 1 found: documents by kind, and the problems met on the way."""

    root: Path
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    broken: set[tuple[str, str]] = field(default_factory=set)  # (kind, id) of files that failed to load

    def of(self, kind: str) -> list[Document]:
        return [d for d in self.documents if d.kind == kind]

    def fail(self, kind: str, ident: str, problem: Problem) -> None:
        """A file that exists but cannot be used: report it once, and remember its id so
        references to it are not reported again as unknown."""
        self.problems.append(problem)
        self.broken.add((kind, ident))


def load(
    root: Path, memo: Memo | None = None, parallel_map: ParallelMap = serially, known: Known | None = None
) -> Content:
    """Read content/ in a stable order; every unreadable file becomes a problem. With a
    `memo`, a file whose bytes it knows is not parsed again, and many new files are parsed
    by `parallel_map`; with `known` too (the last load's documents and their files' stat),
    a file whose stat is unchanged is not even read: its last document is taken as it is."""
    if known is not None and memo is not None:
        known.start()
    else:
        known = None
    content = Content(root=root)
    if not root.is_dir():
        content.problems.append(
            Problem(str(root), 1, 1, "content folder not found", "run from the project folder or pass --content")
        )
        return content
    queue: list[Problem | Queued] = []  # in the order found, so problems keep their order
    for name, kind in SINGLETONS.items():
        path = root / name
        _queue_file(queue, root, path, kind, name[:-5], display_path(path, root), required=True, known=known)
    for folder, (kind, suffix) in FOLDERS.items():
        _queue_folder(queue, root, Folder.of(root / folder, root), kind, suffix, known)
    _parse_all([q for q in queue if isinstance(q, Queued) and q.problem is None], memo, parallel_map)
    for item in queue:
        _add(content, item)
    if known is not None:
        known.note(q for q in queue if isinstance(q, Queued) and q.problem is None)
    return content


FileStat = tuple[int, int, int, int, int]


class Known:
    """The documents of the last load, each with its file's stat (size, inode, device,
    modification and change times) taken before it was read: a file whose stat is the
    same is taken unread. A stat alone cannot tell two writes within one tick of the
    file system's clock apart, so a file changed less than `RACY_NS` before the last load
    began is always read again (as git does with its index). Holds only the last load's
    documents."""

    RACY_NS = 2_000_000_000

    def __init__(self) -> None:
        self.docs: dict[Path, tuple[FileStat, Document]] = {}
        self.since = 0  # when the last load began (ns since the epoch)
        self.began = 0
        self.taken = 0  # files taken unread by the last load

    def start(self) -> None:
        self.began, self.taken = time.time_ns(), 0

    def unchanged(self, path: Path, stat_now: FileStat | None) -> Document | None:
        old = self.docs.get(path)
        if old is None or stat_now is None or old[0] != stat_now:
            return None
        if max(stat_now[3], stat_now[4]) >= self.since - self.RACY_NS:
            return None  # changed too close to the last load: its stat may hide a later write
        self.taken += 1
        return old[1]

    def note(self, loaded) -> None:
        self.docs = {q.doc.path: (q.stat, q.doc) for q in loaded if q.stat is not None}
        self.since = self.began


def file_stat(path: Path) -> FileStat | None:
    """A regular file's (size, inode, device, mtime, ctime), not following a link; None otherwise."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_ino, st.st_dev, st.st_mtime_ns, st.st_ctime_ns)


@dataclass
class Queued:
    """A file read and waiting to be parsed, or the problem that stopped it."""

    doc: Document
    raw: bytes = b""
    problem: Problem | None = None
    stat: FileStat | None = None  # the file's before it was read (`Known`)
    taken: bool = False  # the last load's document, its file unchanged (`Known`)


def _add(content: Content, item: Problem | Queued) -> None:
    if isinstance(item, Problem):
        content.problems.append(item)
    elif item.problem:
        content.fail(item.doc.kind, item.doc.id, item.problem)
    else:
        content.documents.append(item.doc)


@dataclass(frozen=True)
class Folder:
    """A kind's folder, resolved and shown once, not per file: each file's shown path and
    whether it is inside content/ follow from its folder's (a link is resolved on its own)."""

    path: Path
    shown: str  # a file's shown path is this plus its name
    inside: bool  # the folder itself is inside content/ (it may be a link)

    @classmethod
    def of(cls, path: Path, root: Path) -> Folder:
        try:
            inside = path.resolve().is_relative_to(root.resolve())
        except (OSError, RuntimeError):
            inside = False  # each file's own resolve then says why
        return cls(path, display_path(path / "x", root)[:-1], inside)  # the same for any name

    def entries(self) -> list[os.DirEntry]:
        """Its entries by name; none if it is missing or unreadable (as `Path.glob` did)."""
        try:
            with os.scandir(self.path) as listing:
                return sorted(listing, key=lambda e: e.name)
        except OSError:
            return []


def _queue_folder(queue: list, root: Path, folder: Folder, kind: str, suffix: str, known: Known | None = None) -> None:
    for entry in folder.entries():
        if not entry.name.startswith("."):
            _queue_entry(queue, root, folder, entry, kind, suffix, known)


def _queue_entry(
    queue: list, root: Path, folder: Folder, entry: os.DirEntry, kind: str, suffix: str, known: Known | None
) -> None:
    """A file in a kind's folder: check its name, then read it."""
    path, shown = folder.path / entry.name, folder.shown + entry.name
    if is_dir(entry) and (kind, entry.name) == ("source", ORIGINALS):
        return  # the originals of translated sources, read with the sources that name them
    if is_dir(entry):
        queue.append(
            Problem(
                shown,
                1,
                1,
                f"folders inside {path.parent.name}/ are not read",
                f"move its files up into {path.parent.name}/",
                WARNING,
            )
        )
    elif path.suffix != suffix:
        queue.append(wrong_suffix(path, shown, suffix))
    elif not ID_PATTERN.fullmatch(path.stem):
        queue.append(
            Problem(
                shown,
                1,
                1,
                f"`{path.stem}` is not a valid id",
                f"rename the file to `{suggest_id(path.stem)}{suffix}`: lower-case letters, digits and single hyphens",
            )
        )
    elif kind == "page" and path.stem in SITE_PATHS:
        queue.append(taken_name(path.stem, shown))
    else:
        # A link is resolved on its own; any other file is inside exactly when its folder is.
        inside = None if entry.is_symlink() else folder.inside
        _queue_file(queue, root, path, kind, path.stem, shown, inside=inside, known=known)


def taken_name(ident: str, shown: str) -> Problem:
    """A page whose id the site writes itself (`search`) would replace that page: refused by
    its name, before it is read, so the editor is told to rename it whatever it holds."""
    return Problem(
        shown,
        1,
        1,
        f"the page name `{ident}` is taken by the site itself",
        f"rename the file; `{ident}` is {SITE_PATHS[ident]}",
    )


def wrong_suffix(path: Path, shown: str, suffix: str) -> Problem:
    """A content file with the wrong ending would silently vanish from the site: `.yml` for
    `.yaml` is surely a mistake (error); anything else is probably not content (warning)."""
    rename = f"rename it to {suggest_id(path.stem)}{suffix}"
    if path.suffix.lower() in {".yml", ".yaml", ".txt", ".md", ".markdown", ".text"}:
        return Problem(shown, 1, 1, f"this file is not read: files here end in {suffix}", rename)
    return Problem(
        shown,
        1,
        1,
        f"ignored file: not a {suffix} file",
        f"{rename} if it is content; otherwise move it out of content/",
        WARNING,
    )


def suggest_id(text: str) -> str:
    """The nearest valid id for a name: lower case, ASCII, hyphens between words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())) or "untitled"


def is_dir(entry: os.DirEntry) -> bool:
    """A folder, or a link to one; a link that loops or dangles is not (as `Path.is_dir`)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _queue_file(
    queue: list,
    root: Path,
    path: Path,
    kind: str,
    ident: str,
    shown: str,
    required: bool = False,
    inside: bool | None = None,
    known: Known | None = None,
) -> None:
    if inside is None and not path.exists() and not path.is_symlink():
        if required:
            queue.append(Problem(shown, 1, 1, "file not found", "create it: see docs/content-format.md"))
        return
    seen = file_stat(path) if known is not None and inside else None  # a link is read every time
    last = known.unchanged(path, seen) if known is not None else None
    if last is not None and (last.kind, last.id, last.display) == (kind, ident, shown):
        queue.append(Queued(last, stat=seen, taken=True))
        return
    problems: list[Problem] = []
    raw = read_raw(path, root, shown, problems, inside)
    doc = Document(kind=kind, id=ident, path=path, display=shown)
    queue.append(Queued(doc, raw, None, seen) if raw is not None else Queued(doc, problem=problems[0]))


def read_raw(path: Path, root: Path, shown: str, problems: list, inside: bool | None = None) -> bytes | None:
    """The file's bytes, or None with a problem: outside content/, not a file, too big.
    `inside` is whether the file is inside content/, if already known. (`decode` then
    makes it text, unless a memo already knows what these bytes load to.)"""
    try:
        inside = path.resolve().is_relative_to(root.resolve()) if inside is None else inside
    except (OSError, RuntimeError):  # Python raises RuntimeError for a link that loops
        problems.append(
            Problem(
                shown, 1, 1, "this file is a link that loops back on itself", "replace the link with the file itself"
            )
        )
        return None
    if not inside:
        problems.append(
            Problem(
                shown, 1, 1, "this file is a link to a place outside content/", "replace the link with the file itself"
            )
        )
        return None
    try:
        raw = read_bounded(path)
    except OSError as exc:
        problems.append(
            Problem(
                shown,
                1,
                1,
                f"cannot read this file ({exc.strerror or exc})",
                "check that it exists and that you may read it",
            )
        )
        return None
    if raw is None:
        problems.append(
            Problem(
                shown,
                1,
                1,
                "this is not a regular file (a pipe, device or socket)",
                "remove it: content files are plain text files",
            )
        )
        return None
    if len(raw) > MAX_BYTES:
        problems.append(
            Problem(
                shown,
                1,
                1,
                f"file is too large (over {MAX_BYTES:,} bytes, the limit)",
                "split it, or check that the right file was added",
            )
        )
        return None
    return raw


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes | None:
    """At most `limit` + 1 bytes of a regular file (more than `limit`: too large); None
    for anything else. Opened without blocking and checked on the open file, so a named
    pipe cannot hang the build and a file that grows after it was measured cannot exhaust
    memory."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        return read_at_most(fd, limit + 1, info.st_size + 1)
    finally:
        os.close(fd)


def read_at_most(fd: int, limit: int, first: int) -> bytes:
    """Up to `limit` bytes, asking for `first` (the size the file had, plus one) at once,
    so a small file gets a small buffer. If the file grew, the rest is read in small steps,
    never past the limit."""
    chunks, left, want = [], limit, first
    while left > 0:
        chunk = os.read(fd, min(want, left))
        if not chunk:
            break
        chunks.append(chunk)
        left, want = left - len(chunk), 65536
    return b"".join(chunks)


def decode(raw: bytes, shown: str, problems: list) -> str | None:
    """UTF-8 text with a normalised form (NFC), or a problem at the first bad byte."""
    if b"\x00" in raw:
        line, col = position_of(raw, raw.index(b"\x00"))
        problems.append(
            Problem(
                shown,
                line,
                col,
                "this is a binary file, not text",
                "content files are UTF-8 text; remove or replace this file",
            )
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = position_of(raw, exc.start)
        problems.append(
            Problem(
                shown,
                line,
                col,
                f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
                "save the file as UTF-8 in your editor",
            )
        )
        return None
    if not text.strip():
        problems.append(Problem(shown, 1, 1, "the file is empty", "fill it in, or delete it"))
        return None
    found = RAW_FORBIDDEN.search(text)
    if found:
        line, col = text_position(text, found.start())
        problems.append(
            Problem(
                shown,
                line,
                col,
                f"the text holds {unwanted(found[0])}",
                "delete it (editors often do not show it): it would break the site's feed",
            )
        )
        return None
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff"))


def _parse_all(todo: list[Queued], memo: Memo | None, parallel_map: ParallelMap) -> None:
    """Parse every file read. With a memo, the files it does not know yet are parsed first,
    by `parallel_map` when they are many (see `_parse_new`)."""
    if memo is not None:
        for item in todo:
            if item.taken:
                memo.keep(item.doc.key)
            else:
                item.doc.key = memo.key("load", item.doc.kind, item.doc.id, item.doc.display, item.raw)
        todo = [item for item in todo if not item.taken]
        _parse_new([item for item in todo if not memo.has(item.doc.key)], memo, parallel_map)
    for item in todo:
        item.problem, item.raw = _parse_remembered(item.doc, item.raw, memo), b""


def _parse_new(new: list[Queued], memo: Memo, parallel_map: ParallelMap) -> None:
    """Many new files parsed by `parallel_map` (parsing is pure and per file), their
    entries handed to the memo as if it had them; a few are parsed one by one instead."""
    if len(new) < PARALLEL_FROM:
        return
    files = [(q.doc.kind, q.doc.id, q.doc.display, q.raw) for q in new]
    entries = parallel_map(files, lambda chunk: [memo.encode(entry) for entry in _entries(chunk)])
    memo.prefill({q.doc.key: entry for q, entry in zip(new, entries)})


def _entries(files: list[tuple[str, str, str, bytes]]) -> list[tuple]:
    """What `_parse_remembered` stores for each (kind, id, shown path, bytes)."""
    out = []
    for kind, ident, shown, raw in files:
        doc = Document(kind=kind, id=ident, path=Path(shown), display=shown)
        out.append(_stored(doc, _parse_bytes(doc, raw)))
    return out


def _parse_remembered(doc: Document, raw: bytes, memo: Memo | None) -> Problem | None:
    """`_parse_bytes`, or what it gave for the same file and bytes before (`doc.key`): a
    known file is neither decoded nor parsed, and its positions stay packed until asked for."""
    if memo is None:
        return _parse_bytes(doc, raw)
    hit = memo.get(doc.key)
    if isinstance(hit, tuple) and len(hit) == 1 and (problem := problem_of(hit[0])) is not None:
        return problem
    if (
        isinstance(hit, tuple)
        and len(hit) == 5
        and isinstance(hit[0], dict)
        and isinstance(hit[1], bytes)
        and isinstance(hit[2], str)
        and type(hit[3]) is int
        and isinstance(hit[4], tuple)
        and all(problem_of(n) is not None for n in hit[4])
    ):
        doc.parsed, doc.body, doc.body_line, doc.notes = Packed(hit[0], hit[1]), hit[2], hit[3], hit[4]
        return None
    problem = _parse_bytes(doc, raw)  # not known, or an entry of another shape: parse again
    memo.put(doc.key, _stored(doc, problem))
    return problem


def _stored(doc: Document, problem: Problem | None) -> tuple:
    """The memo's entry for a parsed file: its problem, or its data with positions packed
    (packed in the document too, so what a warm and a cold run keep is the same)."""
    if problem:
        return (problem.fields(),)
    parsed = doc.parsed = doc.parsed.packed()
    return (parsed.data, parsed.packed_positions, doc.body, doc.body_line, doc.notes)


def _parse_bytes(doc: Document, raw: bytes) -> Problem | None:
    problems: list[Problem] = []
    text = decode(raw, doc.display, problems)
    return problems[0] if text is None else _parse_into(doc, text)


def _parse_into(doc: Document, text: str) -> Problem | None:
    """Fill the document from its text: YAML, or front matter plus a verbatim body."""
    notes: list[tuple[int, int, str, str]] = []
    try:
        if doc.kind in ("source", "page"):
            front, doc.body, doc.body_line = split_front_matter(text)
            doc.parsed = parse(front, first_line=2, notes=notes)
        else:
            doc.parsed = parse(text, notes=notes)
    except YamlProblem as exc:
        return exc.problem(doc.display)
    doc.notes = tuple(Problem(doc.display, *note, WARNING).fields() for note in notes)
    if not isinstance(doc.parsed.data, dict):
        return Problem(
            doc.display,
            1,
            1,
            "expected `key: value` lines at the top level",
            "see docs/content-format.md for this file's fields",
        )
    return None


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split `---` front matter from the body; the body is kept exactly as written.
    Returns (front matter, body, the file line the body starts on)."""
    lines = LINE_BREAK.split(text)
    if lines[0].rstrip() != "---":
        raise YamlProblem(
            1,
            1,
            "the file must start with front matter between `---` lines",
            "add `---`, then `title: …` and the other fields, then `---`, then the text",
        )
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == "---":
            return "\n".join(lines[1 : number - 1]) + "\n", "\n".join(lines[number:]), number + 1
    raise YamlProblem(
        1,
        1,
        "the front matter that starts here is never closed",
        "add a line `---` after the last field, before the text",
    )
