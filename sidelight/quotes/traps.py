"""Why a quote is not found, when the reason is one an editor falls into: curly quotation
marks or guillemets typed around it (YAML keeps them as part of the quote), an ellipsis
standing for words left out (a passage is the source's words in one piece), and, for
any other quote, which words differ from the closest passage (`word_changes`).

Pure: each function takes the quote and the source's folded text and returns words for
a message; nothing here anchors a quote that anchoring did not find.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from sidelight.content.documents import quoted
from sidelight.quotes.fold import fold_quote

OPENERS = "“‘«‹„‚»›"
CLOSERS = "”’»›“‘«‹"
ELLIPSIS = re.compile(r"\s*(?:…|\.\s?\.\s?\.)\s*")
WORD = re.compile(r"\S+")
MAX_CHANGES = 4
Locator = Callable[[str], bool]
"""Whether a quote's words are in the source text, as whole words."""


def delimited(quote: str) -> tuple[str, str, str] | None:
    """(opening mark, closing mark, the words between) of a quote typed between curly
    quotation marks or guillemets; None for any other quote."""
    text = quote.strip()
    if len(text) > 2 and text[0] in OPENERS and text[-1] in CLOSERS:
        return text[0], text[-1], text[1:-1].strip()
    return None


def delimiter_problem(quote: str, anchors: Locator) -> tuple[str, str] | None:
    """The message for a quote between typed quotation marks, which are then part of it."""
    found = delimited(quote)
    if found is None:
        return None
    opening, closing, inner = found
    also = "" if anchors(inner) else "; without them the words are not in the source either"
    return (
        f"the quote starts with {opening} and ends with {closing}: YAML takes such marks as part of the"
        f" quote, not as quotation marks, and the source does not have them around these words{also}",
        f"write the words between straight quotes: quote: {quoted(inner)}"
        + ("" if not also else " — then copy the source's exact words"),
    )


def ellipsis_parts(quote: str) -> list[str]:
    """The pieces a quote's ellipses (… or ...) separate, without empty ones; [quote] when
    it has none."""
    return [part for part in ELLIPSIS.split(quote.strip()) if part.strip()]


def ellipsis_problem(quote: str, passages: Callable[[list[str]], list[str] | None]) -> tuple[str, str] | None:
    """The message for a quote that leaves words out with an ellipsis, when each piece is
    in the source as written. `passages` turns the pieces into the passages to write (each
    ready to anchor), or None if a piece is not in the source as it stands."""
    if not ELLIPSIS.search(quote.strip()):
        return None
    parts = ellipsis_parts(quote)
    offered = passages(parts) if parts else None
    if offered is None:
        return None  # a piece is not in the source: the closest passage says more
    count = {1: "one passage", 2: "two passages", 3: "three passages"}.get(len(offered), f"{len(offered)} passages")
    return (
        "the quote leaves words out with an ellipsis (…), and a passage must be the source's words in one piece",
        f"write it as {count}: " + " and ".join(offered),
    )


def words_of(text: str) -> list[str]:
    return text.split()


Opcode = tuple[str, int, int, int, int]


def alignment(quote: str, text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[Opcode]]:
    """The quote's words lined up with the words of `text[start:end]`: (each source word's
    span, the opcodes from the quote's words to those words, without the source's words
    before the quote's first word or after its last: a changed first or last word stands
    for as many source words as it is, never more). Words compare by `key`."""
    spans = [m.span() for m in WORD.finditer(text, start, end)]
    source = [key(text[a:b]) for a, b in spans]
    mine = [key(w) for w in words_of(quote)]
    ops: list[Opcode] = list(difflib.SequenceMatcher(None, mine, source, autojunk=False).get_opcodes())
    while ops and ops[0][0] == "insert":
        ops = ops[1:]
    while ops and ops[-1][0] == "insert":
        ops = ops[:-1]
    if ops and ops[-1][0] == "replace":  # the source's words after the quote's last: not the quote's
        op, i1, i2, j1, j2 = ops[-1]
        ops[-1] = (op, i1, i2, j1, j1 + closest_count(mine[i1:i2], source[j1:j2], from_start=True))
    if ops and ops[0][0] == "replace":  # likewise before its first
        op, i1, i2, j1, j2 = ops[0]
        ops[0] = (op, i1, i2, j2 - closest_count(mine[i1:i2], source[j1:j2], from_start=False), j2)
    return spans, ops


def closest_count(mine: list[str], source: list[str], from_start: bool) -> int:
    """How many of `source`'s words (its first ones, or its last) stand for the quote's
    words `mine` at an edge of the quote: the number whose letters come closest to theirs
    (so "Thecapsule" stands for "The capsule", and "agression" for "aggression" only, not
    for the words after it)."""
    want = "".join(mine)

    def score(n: int) -> float:
        return difflib.SequenceMatcher(None, want, "".join(source[:n] if from_start else source[-n:])).ratio()

    return max(range(1, len(source) + 1), key=lambda n: (score(n), -abs(n - len(mine))))


def key(word: str) -> str:
    """What a word is compared by: folded, without the punctuation at its edges (the words
    of "plan." and "plan" are the same; where the quote stops is decided by `edges`)."""
    folded = fold_quote(word)
    return folded.strip(PUNCTUATION) or folded


PUNCTUATION = "\"'.,;:!?()[]-…"


def edges(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Trim the source's punctuation at either end of [start, end) that the quote's own
    first or last word does not have: a quote that stops at "plan" (or at "plan”") never
    gains the "." after it."""
    words = words_of(quote)
    if not words:
        return start, end
    first, last = fold_quote(words[0]), fold_quote(words[-1])
    leading = set(first[: len(first) - len(first.lstrip(PUNCTUATION))])
    trailing = set(last[len(last.rstrip(PUNCTUATION)) :])
    while start < end and fold_quote(text[start]) in PUNCTUATION and fold_quote(text[start]) not in leading:
        start += 1
    while end > start and fold_quote(text[end - 1]) in PUNCTUATION and fold_quote(text[end - 1]) not in trailing:
        end -= 1
    return start, end


def aligned_span(quote: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The source's words in `text[start:end]` that stand where the quote's first and last
    words stand: the passage a reader compares the quote with, taking in no neighbour of
    the quote (see `alignment`)."""
    spans, ops = alignment(quote, text, start, end)
    if not ops:
        return None
    j1, j2 = ops[0][3], ops[-1][4]
    return edges(quote, text, spans[j1][0], spans[j2 - 1][1]) if j1 < j2 else None


def word_changes(old: str, new: str, limit: int = MAX_CHANGES) -> list[str]:
    """The words that differ from `old` to `new`, as an editor reads a change: `“a” → “b”`,
    `“a” not there` (in `old` only), `“b” left out` (in `new` only). Words are compared
    folded (quote marks, dashes and spaces do not count); at most `limit`, then how many more."""
    a, b = words_of(old), words_of(new)
    matcher = difflib.SequenceMatcher(None, [fold_quote(w) for w in a], [fold_quote(w) for w in b], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        was, now = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if op == "replace":
            out.append(f"“{was}” → “{now}”")
        elif op == "delete":
            out.append(f"“{was}” not there")
        elif op == "insert":
            out.append(f"“{now}” left out")
    if len(out) > limit:
        out = out[:limit] + [f"and {len(out) - limit} more"]
    return out
