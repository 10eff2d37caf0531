"""Editing content files in tests. A plain module (not conftest) so that test folders with
their own conftest.py can import it too."""
from __future__ import annotations

from pathlib import Path


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a file; `old` must occur exactly `count` times, so an edit that silently misses
    (and so tests nothing) fails instead."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
