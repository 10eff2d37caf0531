"""Folding: what an editor cannot see in a quote is ignored when it is looked for.

Line breaks and runs of white space, curly versus straight quotes, dash variants, the
ellipsis character, non-breaking spaces and invisible characters fold to one plain form,
in the quote and in the source text alike; the folded text remembers where each of its
characters came from, so a match is mapped back to the original's offsets.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    "\t\n\r\f\v\x85\u2028\u2029"
)
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width characters
_FOLD = {
    **{c: "'" for c in "‘’‚‛′`‹›ʼ"},
    **{c: '"' for c in "“”„‟«»″"},
    **{c: "-" for c in "‐‑‒–—―−"},
    "…": "...",
    **{c: " " for c in _SPACES},
    **{c: "" for c in _INVISIBLE},
}
_ONE_FOR_ONE = {c: f for c, f in _FOLD.items() if len(f) == 1}  # quotes, dashes, white space
_FOLDED_ONE = re.compile("[" + re.escape("".join(_ONE_FOR_ONE)) + "]")
# Where folding is not one character for one: a white-space character followed by more
# white space or invisible characters (one space in all), invisible characters (none),
# the ellipsis (three dots).
_UNEVEN = re.compile(f"[ {_SPACES}][ {_SPACES}{_INVISIBLE}]+|[{_INVISIBLE}]+|…")


def one_for_one(text: str) -> str:
    """The characters folded one for one, so offsets do not move: a substitution of just
    those few characters, so the work is in the regular expression, not per character."""
    return _FOLDED_ONE.sub(lambda m: _ONE_FOR_ONE[m.group()], text)


@dataclass(frozen=True)
class Folded:
    """Text folded for matching, and where each folded character came from: the folded
    text is made of pieces, each starting at `starts[i]` and taken from `origins[i]` in the
    original, one for one or (`flat[i]`) all from that one character (`…` → `...`)."""

    text: str
    starts: tuple[int, ...]
    origins: tuple[int, ...]
    flat: tuple[bool, ...]

    def at(self, offset: int) -> int:
        """The offset in the original text of the folded character at `offset`."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.origins[i] if self.flat[i] else self.origins[i] + offset - self.starts[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.at(start), self.at(end - 1) + 1


def fold(text: str) -> Folded:
    """Fold invisible differences; runs of white space become one space. Characters folded
    one for one first, then a scan for the few uneven places: the cost follows the
    number of uneven places, not the number of characters."""
    out: list[str] = []
    starts, origins, flat = [0], [0], [False]
    length = done = 0
    text = one_for_one(text)  # the uneven places stay where they were, and stay uneven
    for m in _UNEVEN.finditer(text):
        piece = text[done : m.start()]
        folded = "" if m.group()[0] in _INVISIBLE else "..." if m.group() == "…" else " "
        out += (piece, folded)
        length += len(piece)
        starts += (length, length + len(folded))
        origins += (m.start(), m.end())
        flat += (True, False)
        length += len(folded)
        done = m.end()
    out.append(text[done:])
    return Folded("".join(out), tuple(starts), tuple(origins), tuple(flat))


def fold_quote(text: str) -> str:
    """`fold(text).text.strip()` without the offsets, which a quote never needs."""
    return one_for_one(_UNEVEN.sub(_even, text)).strip()


def _even(match: re.Match) -> str:
    """What `fold` makes of an uneven place."""
    found = match.group()
    return "" if found[0] in _INVISIBLE else "..." if found == "…" else " "
