"""An article's paragraphs as HTML, every anchored passage wrapped in <mark>.

Passages may overlap (two claims quoting overlapping words) and may span paragraphs, so
the text is cut at every passage edge and at every paragraph edge; each piece is marked
with all the passages that cover it. A passage's first piece carries its stable `id`, so
`/sources/<id>/#<passage id>` lands on the quote; after its last piece comes a link to
the claim that cites it, and before its first piece the margin note naming that claim
(once a claim: its first passage only). Each mark carries the verdict of the claims citing
it (`verdict-<tone>`, the least true when several do; the tone is drawn with a line style as
well as a colour, and the rating's words are in the tip, the note and the link's name). Each
mark can be focused and, on hover or focus, shows which claims cite it (CSS only: the
`data-tip` text; `aria-describedby` names the same claims for screen readers). The article's
words themselves are only ever escaped, never changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from sidelight.model.records import Passage, Source


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class CitationMarkup:
    """How marks refer to claims: `link(passage)` is placed after a passage's last piece;
    `note(passage)` before its first (empty but for a claim's first passage); `tip(claim
    ids)` is the hover text; `described_by(claim ids)` the ids describing it; `verdict(claim
    ids)` the tone of the mark."""

    link: Callable[[Passage], Markup]
    tip: Callable[[tuple[str, ...]], str]
    described_by: Callable[[tuple[str, ...]], str]
    note: Callable[[Passage], Markup]
    verdict: Callable[[tuple[str, ...]], str]


def pieces(start: int, end: int, passages: tuple[Passage, ...]) -> list[Piece]:
    """Cut [start, end) at every passage edge inside it."""
    cuts = sorted({start, end} | {p for ps in passages for p in (ps.start, ps.end) if start < p < end})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = tuple(p for p in passages if p.start <= a and b <= p.end)
        out.append(Piece(a, b, covering))
    return out


def paragraphs_html(source: Source, passages: tuple[Passage, ...], citing: CitationMarkup) -> list[Markup]:
    """One Markup per paragraph of the source's text."""
    return [span_html(source, start, end, passages, citing) for start, end in source.text.paragraphs]


def span_html(source: Source, start: int, end: int, passages: tuple[Passage, ...], citing: CitationMarkup) -> Markup:
    """The text from `start` to `end` (within one paragraph) with its passages marked: a
    passage's id comes with its first piece, its link after its last, wherever they fall."""
    inside = tuple(p for p in passages if p.start < end and p.end > start)
    return Markup("".join(piece_html(source.text.text, piece, citing) for piece in pieces(start, end, inside)))


def piece_html(text: str, piece: Piece, citing: CitationMarkup) -> str:
    words = escape(text[piece.start : piece.end])
    if not piece.passages:
        return str(words)
    first = [p for p in piece.passages if p.start == piece.start]
    ident = f' id="{escape(first[0].id)}"' if first else ""
    claims = tuple(sorted({p.claim for p in piece.passages}))
    depth = " overlap" if len(piece.passages) > 1 else ""
    tone = citing.verdict(claims)
    html = (
        f'<mark{ident} class="passage{depth} verdict-{tone}" data-claims="{escape(" ".join(claims))}" tabindex="0" '
        f'data-tip="{escape(citing.tip(claims))}" aria-describedby="{escape(citing.described_by(claims))}">'
        f"{words}</mark>"
    )
    extra_ids = "".join(f'<span id="{escape(p.id)}" class="anchor"></span>' for p in first[1:])
    links = "".join(str(citing.link(p)) for p in piece.passages if p.end == piece.end)
    notes = "".join(str(citing.note(p)) for p in first)
    return notes + extra_ids + html + links
