"""The no-change fast path: a build whose inputs are those of the last successful build,
into a site/ exactly as that build left it, does nothing at all.

Without it a rebuild with nothing edited still loads, validates, anchors and models
every file and walks every page to find that nothing changed: seconds at 1,000 claims,
tens at 10,000. Here it costs one stat per file, before the stages are even imported.

What is compared, as a digest: the stat (mode, size, modification and change times,
inode) of every file and folder under content/, the `stamp` (Sidelight's code, the
schemas, the templates, the libraries' versions: everything else a build reads), the
working folder (problems name files relative to it) and
SOURCE_DATE_EPOCH (the feed's date); and, separately, the stat of every file and folder
in site/ as the last build left it. A file modified in the moments before its stat was
taken could be written again within the same clock tick without its stat changing, so
such "racy" files are also compared by their bytes (git's rule for its index).

When everything matches, the build replays the last one's problems (its warnings) and
counts. Anything else — no record, a damaged one, another content or output folder,
`--clean` — means the ordinary build, which is incremental anyway.

The record is a cache file like the others (`cachefile`): sealed, so a planted one
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from dataclasses import astuple, dataclass, field
from pathlib import Path

from sidelight.build.cachefile import Stamps, folder, read_sealed, save_atomically, stamps
from sidelight.digest import sha
from sidelight.output.theme import site_templates
from sidelight.problems import Problem

FORMAT = 2
MESSAGE = "no input changed since the last build: rendered 0 pages, nothing written"
RACY_NS = 100_000_000  # far more than any file system's timestamp tick


@dataclass
class Tree:
    """The stat of every entry under a folder, and the bytes' digest of the racy files."""

    root: Path
    digest: str
    racy: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Path, ctime: bool = True) -> Tree:
        """`ctime` False for site/: its unchanged files are hard links into each new
        site, so removing the previous site (in the background) changes their ctime."""
        if not root.is_dir() or root.is_symlink():
            return cls(root, "not a folder")
        now = time.time_ns()
        h, racy = hashlib.sha256(), {}
        for rel, st in walk(root):
            changed = st.st_ctime_ns if ctime else ""
            h.update(f"{rel}\0{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}\0{changed}\0{st.st_ino}\n".encode())
            if stat.S_ISREG(st.st_mode) and st.st_mtime_ns >= now - RACY_NS:
                racy[rel] = file_digest(root / rel)
        return cls(root, h.hexdigest(), racy)

    def same_as(self, before: object) -> bool:
        """True if this tree is the one recorded as `before` (its racy files byte for byte)."""
        if not isinstance(before, dict) or before.get("digest") != self.digest:
            return False
        racy = before.get("racy")
        return isinstance(racy, dict) and all(file_digest(self.root / k) == v for k, v in racy.items())


def walk(root: Path):
    """(relative path, lstat) of every entry under `root`, in a stable order; links are not followed."""
    stack = [("", str(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:  # unreadable: its own entry, so the digest still differs from a readable one
            yield prefix + "\0unreadable", os.stat_result((0,) * 10)
            continue
        for entry in entries:
            rel = prefix + entry.name
            st = entry.stat(follow_symlinks=False)
            yield rel, st
            if stat.S_ISDIR(st.st_mode):
                stack.append((rel + "/", entry.path))


def file_digest(path: Path) -> str:
    try:
        return sha(path.read_bytes()) if path.is_file() and not path.is_symlink() else "not a file"
    except OSError:
        return "unreadable"


@dataclass
class Snapshot:
    """The inputs of a build, taken before it reads anything; `replay` or `save` afterwards."""

    record: Path
    out: Path
    inputs: str
    content: Tree
    stamps: Stamps  # the caches' stamps, for the build this snapshot is taken for

    @classmethod
    def take(cls, content: Path, out: Path, templates: Path | None = None, drafts: bool = False) -> Snapshot:
        """`drafts`: the preview's build, which holds drafts, so never replayed for `build`."""
        where = f"{content.resolve()}\0{out.resolve()}"
        record = folder(content) / f"unchanged-{sha(where.encode())[:16]}.json"
        tree = Tree.of(content)
        made = stamps(templates or site_templates(content))
        inputs = sha(
            "\0".join(
                [
                    str(FORMAT),
                    made.theme,
                    os.getcwd(),
                    os.environ.get("SOURCE_DATE_EPOCH", ""),
                    tree.digest,
                    "drafts" * drafts,
                ]
            ).encode()
        )
        return cls(record, out, inputs, tree, made)

    def replay(self) -> tuple[list[Problem], dict] | None:
        """(problems, counts) of the last build if nothing changed since, else None."""
        try:
            last = json.loads(read_sealed(self.record) or b"null")
            if not isinstance(last, dict) or last.get("format") != FORMAT or last.get("inputs") != self.inputs:
                return None
            if not self.content.same_as(last.get("content")) or not self.site().same_as(last.get("site")):
                return None
            return [Problem(*p) for p in last["problems"]], dict(last["counts"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def site(self) -> Tree:
        return Tree.of(self.out, ctime=False)

    def save(self, problems: list[Problem], counts: dict) -> None:
        """Remember a successful build, once site/ is written. Failing to save is harmless."""
        body = json.dumps(
            {
                "format": FORMAT,
                "inputs": self.inputs,
                "counts": counts,
                "content": {"digest": self.content.digest, "racy": self.content.racy},
                "site": {"digest": (site := self.site()).digest, "racy": site.racy},
                "problems": [astuple(p) for p in problems],
            }
        )
        save_atomically(self.record, body.encode("utf-8"))
