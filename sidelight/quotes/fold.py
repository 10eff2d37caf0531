"""Folding: what an editor cannot see in a quote is ignored when it is looked for.

Line breaks and runs of white space, curly versus straight quotes, dash variants, the
ellipsis character, non-breaking spaces and invisible characters fold to one plain form,
in the quote and in the source text alike; the folded text remembers where each of its
characters came from, so a match is mapped back to the original's offsets.

In other scripts, what two copies of the same words may differ by without a reader
seeing a different word (docs/content-format.md, "Quotes in other scripts"):
- Arabic: the optional vowel marks (tashkeel: fatha, damma, kasra, shadda, sukun,
  tanwin, superscript alef) and the tatweel that stretches a word are left out; letters,
  hamza seats included (أ is not ا), stay as written.
- Hebrew: the optional pointing (niqqud) and cantillation marks are left out.
- Cyrillic: ё is е, as Russian print mostly writes it.
- Greek (and every script): a letter written as a base letter and combining marks is the
  same as its precomposed form (Unicode canonical equivalence), and the polytonic oxia
  is the tonos; the tonos itself, the dialytika and the final sigma ς stay distinct,
  because they tell words apart (πότε, ποτέ).
- Right-to-left and left-to-right marks and the other bidirectional controls are
  invisible and left out.
Case is never folded: a quote keeps the source's capitals.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    "\t\n\r\f\v\x85\u2028\u2029"
)
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_TASHKEEL = "".join(map(chr, range(0x064B, 0x0660))) + "\u0670\u0640"  # and the tatweel
_NIQQUD = "".join(map(chr, range(0x0591, 0x05BE))) + "\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
# soft hyphen, zero-width characters, then the marks and controls above
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff" + _BIDI + _TASHKEEL + _NIQQUD
# Characters whose canonical form is one other character: Greek oxia → tonos, the Greek
# question mark → `;`, the ano teleia → `·`.
_SINGLETONS = {
    c: unicodedata.normalize("NFC", c)
    for c in map(chr, range(0x0370, 0x2000))
    if len(unicodedata.normalize("NFC", c)) == 1 and unicodedata.normalize("NFC", c) != c
}
_FOLD = {
    **_SINGLETONS,
    "ё": "е",
    "Ё": "Е",
    **{c: "'" for c in "‘’‚‛′`‹›ʼ"},
    **{c: '"' for c in "“”„‟«»″"},
    **{c: "-" for c in "‐‑‒–—―−"},
    "…": "...",
    **{c: " " for c in _SPACES},
    **{c: "" for c in _INVISIBLE},
}
_ONE_FOR_ONE = {c: f for c, f in _FOLD.items() if len(f) == 1}  # quotes, dashes, white space
_FOLDED_ONE = re.compile("[" + re.escape("".join(_ONE_FOR_ONE)) + "]")
_COMBINING = "\u0300-\u036f"  # the combining diacritical marks a decomposed Latin, Greek or Cyrillic letter uses
# Where folding is not one character for one: a white-space character followed by more
# white space or invisible characters (one space in all), invisible characters (none),
# the ellipsis (three dots), a letter followed by combining marks (its composed form).
_PLAIN = f"[ {_SPACES}][ {_SPACES}{_INVISIBLE}]+|[{_INVISIBLE}]+|…"
_UNEVEN_PLAIN = re.compile(_PLAIN)
_UNEVEN = re.compile(f"{_PLAIN}|[^{_COMBINING}{_INVISIBLE}][{_COMBINING}]+")
_DECOMPOSED = re.compile(f"[{_COMBINING}]")


def uneven(text: str) -> re.Pattern:
    """The pattern of uneven places for `text`: looking for decomposed letters costs as
    much again as the rest, so only in a text that has a combining mark at all."""
    return _UNEVEN if _DECOMPOSED.search(text) else _UNEVEN_PLAIN


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
    for m in uneven(text).finditer(text):
        folded = _even(m)
        if folded == m.group():  # marks that compose with nothing: kept as they are
            continue
        piece = text[done : m.start()]
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
    return one_for_one(uneven(text).sub(_even, text)).strip()


def _even(match: re.Match) -> str:
    """What `fold` makes of an uneven place."""
    found = match.group()
    if found[-1] in _MARKS:
        return one_for_one(unicodedata.normalize("NFC", found))
    return "" if found[0] in _INVISIBLE else "..." if found == "…" else " "


_MARKS = frozenset(map(chr, range(0x0300, 0x0370)))


def through_marks(text: str, end: int) -> int:
    """`end` moved past the combining marks that follow it in `text`: a passage ends after
    the vowel marks, points or accents of its last letter, never between a letter and them."""
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end
