"""An article's text as the site shows it and quotes are anchored in: paragraphs, offsets,
and the way back from an offset to the file's line and column.

Imports nothing but the line breaks editors count (`content.lines`), so the model can be
imported without YAML or the anchoring stage.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from sidelight.content.lines import LINE_BREAK


@dataclass(frozen=True)
class SourceText:
    """An article's text as displayed: paragraphs joined by a blank line, each paragraph's
    lines joined by one space. Offsets into `text` are what passages and the W3C
    TextPositionSelector use; `lines` maps them back to the file for error messages."""

    text: str
    paragraphs: tuple[tuple[int, int], ...]
    lines: tuple[tuple[int, int, int], ...]  # (text offset, file line, columns stripped)

    def file_position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right([start for start, _, _ in self.lines], offset) - 1
        start, line, stripped = self.lines[max(i, 0)]
        return line, offset - start + stripped + 1


@dataclass(frozen=True)
class Anchor:
    """Where a passage sits in its source text: [start, end), code points."""

    start: int
    end: int


def source_text(body: str, first_line: int) -> SourceText:
    """Split the verbatim body into paragraphs at blank lines; never read it as Markdown.
    One pass, linear in the body: the open paragraph's start and length are carried along."""
    parts: list[str] = []
    paragraphs: list[tuple[int, int]] = []
    lines: list[tuple[int, int, int]] = []
    current: list[str] = []
    start = length = 0  # where the open paragraph starts in the text, and its length so far
    for number, raw in enumerate(LINE_BREAK.split(body), start=first_line):
        stripped = raw.strip()
        if not stripped:
            if current:
                parts.append(" ".join(current))
                paragraphs.append((start, start + length))
                start, current = start + length + 2, []
            continue
        lines.append((start + length + 1 if current else start, number, len(raw) - len(raw.lstrip())))
        length = length + 1 + len(stripped) if current else len(stripped)
        current.append(stripped)
    if current:
        parts.append(" ".join(current))
        paragraphs.append((start, start + length))
    return SourceText("\n\n".join(parts), tuple(paragraphs), tuple(lines))


ORIGINAL = "/original"  # never part of a source id (lower-case letters, digits, hyphens)


def original_id(source_id: str) -> str:
    """The key of a source's original text (`original:` in its front matter) among the
    source texts, beside its own under the source id."""
    return source_id + ORIGINAL
