"""Lines and columns as editors count them: what every position in a problem means.

Imports nothing (not even YAML), so the model's source text can split lines the same way.
"""

from __future__ import annotations

import re

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what editors count as a new line, nothing else


def text_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, counting line breaks as editors do."""
    lines = LINE_BREAK.split(text[:offset])
    return len(lines), len(lines[-1]) + 1


def position_of(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset (columns count characters before it)."""
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1
