"""Everything Sidelight prints, to a terminal or to a CI log, leaves through this module.

Printed text quotes content: file names, ids, quotes, `leftovers:` values. Content may be
hostile, so no printed string may act on what reads it:

- `printable()` makes one line of plain text inert. Control characters (C0, DEL, C1, line
  and paragraph separators) and bidirectional overrides become visible escapes (`\\x1b`,
  `\\n`, `\\u202e`): no colour, cursor move, title change, hyperlink or reordered text reaches
  a terminal, and a value can never start a line of its own. GitHub Actions runs a line as
  a workflow command when it starts with `::` (after spaces) or holds `##[` anywhere; both
  are written so the runner does not see them (`\\x3a:`, `##\\x5b`).
- `annotation()` builds the one kind of workflow command Sidelight means to give: an error
  or warning on a file's line, its fields escaped as the Actions runner unescapes them.

`printable` is idempotent (its output holds nothing it would change), so text escaped
early, like `Problem.text()`, passes through `say` unchanged. Nothing else in the package
calls print() or writes to sys.stdout or sys.stderr (tests/test_security_terminal.py).
"""

from __future__ import annotations

import re
import sys

# Bidirectional marks, embeddings, overrides and isolates: they reorder what follows them.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Lone surrogates too: no terminal encoding can print them, so they are shown as escapes.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_BIDI}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LEADING_COMMAND = re.compile(r"^(\s*):(?=:)")
_CLEAR_LINE = "\r\033[K"


def printable(text: str) -> str:
    """`text` as one inert line: see the module's docstring."""
    text = _UNSAFE.sub(_escape, str(text))
    return _LEADING_COMMAND.sub(r"\1\\x3a", text).replace("##[", "##\\x5b")


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def annotation(severity: str, path: str, line: int, column: int, message: str) -> str:
    """`::error file=…,line=…,col=…::message`, GitHub Actions' annotation of a line. The
    runner unescapes `%25`, `%0D`, `%0A` in the message, and also `%3A` and `%2C` in a
    property (where `:` and `,` would end the value); anything else it shows as written."""
    severity = severity if severity in ("error", "warning", "notice") else "error"
    return f"::{severity} file={_property(path)},line={int(line)},col={int(column)}::{printable(_percent(message))}"


def _percent(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return printable(_percent(text).replace(":", "%3A").replace(",", "%2C"))


def say(text: str, stream=None) -> None:
    """Print one line of plain text, made inert."""
    stream = stream or sys.stdout
    stream.write(printable(text) + "\n")
    stream.flush()


def annotate(severity: str, path: str, line: int, column: int, message: str, stream=None) -> None:
    """Print a GitHub Actions annotation (see `annotation`): the only workflow command
    Sidelight gives, so the only line not passed through `printable` as a whole."""
    stream = stream or sys.stdout
    stream.write(annotation(severity, path, line, column, message) + "\n")
    stream.flush()


def redraw(text: str, stream) -> None:
    """Rewrite the current terminal line with `text` (a live counter)."""
    stream.write("\r" + printable(text))
    stream.flush()


def clear_line(stream) -> None:
    """Blank the line a counter was drawn on, before the next line is printed there."""
    stream.write(_CLEAR_LINE)
