"""The memo the pure stages are given (`content.memo.Memo`): what each content file
parses, validates and anchors to, remembered by its bytes.

Parsing YAML with positions and validating it against its JSON Schema are pure
functions of one file (its kind, id, shown path and bytes), and so the biggest part of
`check`. An edit changes one file, so the next run parses and validates that file alone
and takes the rest from here. Stages add entries keyed by everything their answer
depends on (validate: a claim's references, with the ids that exist; anchor, in a
`sibling` file: a claim's anchors, with the digests of the texts it cites).

Stored in the cache folder (`cachefile.folder`; safe to delete at any time) with
`marshal`: plain data only, unlike pickle. The file is sealed with this machine's key
(`cachefile.read_sealed`): one planted in the repository, damaged, linked elsewhere or
made by another machine is discarded unread, so an entry is only ever what this code
computed here from the bytes its key digests; entries are still checked for shape
before use (`entry` in load, `problems_of`), and any doubt means computing again.
`fresh` (`--clean`) reads nothing and writes everything anew. Keyed by a stamp of
Sidelight's code, the schemas and the libraries: another version starts from nothing.
Entries not used by this run are dropped when it is saved, so the file never outgrows
the content.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sidelight.build.cachefile import folder, read_sealed, save_atomically, stamp

FORMAT = 3
Shaped = TypeVar("Shaped")


class ParseCache:
    """A `Memo` kept in one sealed file: `before` is what was read, `made` what forked
    workers computed (`prefill`), `now` every entry this run used or stored (what `save`
    writes)."""

    def __init__(self, path: Path | None, code: str, before: dict[str, bytes] | None = None, fresh: bool = False):
        self.path, self.code, self.fresh = path, code, fresh
        self.before: dict[str, bytes] = before or {}
        self.now: dict[str, bytes] = {}
        self.made: dict[str, bytes] = {}

    @classmethod
    def open(cls, content: Path, fresh: bool = False, code: str | None = None) -> ParseCache:
        """The cache of this content folder; empty if `fresh`, missing, damaged, not
        sealed here or of other code. `code`: `stamp()`, if the caller has it already."""
        root = content.resolve()
        path = folder(root) / f"parsed-{hashlib.sha256(str(root).encode()).hexdigest()[:16]}.marshal"
        return cls.read(path, code or stamp(), fresh)

    def sibling(self, name: str) -> ParseCache:
        """Another cache of the same content folder and code, in its own file (`anchored`:
        see `anchor`), so that one stage's entries are written only when they change."""
        if self.path is None:
            return ParseCache(None, self.code)
        return self.read(self.path.with_name(name + self.path.name.removeprefix("parsed")), self.code, self.fresh)

    @classmethod
    def read(cls, path: Path, code: str, fresh: bool = False) -> ParseCache:
        data = None if fresh else read_sealed(path)
        try:
            stored = marshal.loads(data) if data else None
        except (ValueError, EOFError, TypeError):
            stored = None
        ok = isinstance(stored, dict) and stored.get("format") == FORMAT and stored.get("code") == code
        entries = stored.get("entries") if isinstance(stored, dict) and ok else None
        if not isinstance(entries, dict):
            entries = {}
        return cls(path, code, {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, bytes)}, fresh)

    @staticmethod
    def key(*parts: str | bytes) -> str:
        h = hashlib.sha256()
        for part in parts:
            h.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()

    def has(self, key: str) -> bool:
        return key in self.before or key in self.made

    def prefill(self, entries: dict[str, bytes]) -> None:
        """Entries made elsewhere (marshal bytes from forked workers): `get` finds them as
        if stored; `save` writes them as new."""
        self.made.update(entries)

    @staticmethod
    def encode(value: Any) -> bytes:
        """`value` as stored: marshal bytes, which hold plain data only."""
        return marshal.dumps(value)

    def get(self, key: str) -> object:
        """The value stored under `key` (a fresh copy), or None."""
        data = self.before.get(key) or self.made.get(key)
        if data is None:
            return None
        try:
            value = marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            return None
        self.now[key] = data
        return value

    def checked(self, key: str, shaped: Callable[[object], Shaped | None]) -> Shaped | None:
        return shaped(self.get(key))

    def keep(self, key: str) -> None:
        data = self.before.get(key) or self.made.get(key)
        if data is not None:
            self.now[key] = data

    def put(self, key: str, value: object) -> None:
        """Store a copy of `value` now, so later stages changing it cannot change the cache."""
        self.now[key] = self.encode(value)

    def save(self) -> None:
        """Write the entries used by this run, if they differ from those read (always when
        `fresh`). Harmless if it fails."""
        if self.path is None or (self.now == self.before and not self.fresh):
            return
        save_atomically(self.path, marshal.dumps({"format": FORMAT, "code": self.code, "entries": self.now}))
