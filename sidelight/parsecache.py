"""What each content file parses and validates to, remembered by its bytes.

Parsing YAML with positions and validating it against its JSON Schema are pure
functions of one file (its kind, id, shown path and text), and they are most of
`check`: at 1,000 claims about 1.5 of its 2 seconds of CPU. An edit changes one file,
so the next run parses and validates that file alone and takes the rest from here.

Stored in `.sidelight-cache/` beside content/ (safe to delete at any time) with
`marshal`: plain data only, so loading a damaged or planted cache file can never run
code, unlike pickle. Keyed by a stamp of Sidelight's code, the schemas and the
libraries: another version starts from nothing. Entries not used by this run are
dropped when it is saved, so the file never outgrows the content.
"""
from __future__ import annotations

import hashlib
import marshal
from pathlib import Path

from .unchanged import CACHE_DIR, save_atomically, stamp

SCHEMAS = Path(__file__).resolve().parent.parent / "schema"
FORMAT = 1


class ParseCache:
    def __init__(self, path: Path | None, code: str, before: dict[str, bytes] | None = None):
        self.path, self.code = path, code
        self.before, self.now = before or {}, {}

    @classmethod
    def open(cls, content: Path) -> "ParseCache":
        """The cache of this content folder; empty if missing, damaged or of other code."""
        root = content.resolve()
        path = root.parent / CACHE_DIR / f"parsed-{hashlib.sha256(str(root).encode()).hexdigest()[:16]}.marshal"
        code = stamp(SCHEMAS)
        try:
            stored = marshal.loads(path.read_bytes())
            ok = isinstance(stored, dict) and stored.get("format") == FORMAT and stored.get("code") == code
            return cls(path, code, stored["entries"] if ok and isinstance(stored.get("entries"), dict) else {})
        except (OSError, ValueError, EOFError, TypeError, KeyError):
            return cls(path, code)

    @staticmethod
    def key(*parts: str) -> str:
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str):
        """The value stored under `key` (a fresh copy), or None."""
        data = self.before.get(key)
        if data is None:
            return None
        try:
            value = marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            return None
        self.now[key] = data
        return value

    def put(self, key: str, value) -> None:
        """Store a copy of `value` now, so later stages changing it cannot change the cache."""
        self.now[key] = marshal.dumps(value)

    def save(self) -> None:
        """Write the entries used by this run, if they differ from those read. Harmless if it fails."""
        if self.path is None or self.now == self.before:
            return
        save_atomically(self.path, marshal.dumps({"format": FORMAT, "code": self.code, "entries": self.now}))
