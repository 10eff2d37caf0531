"""What the site publishes of an article it may not republish: each quoted passage with
the sentence before and after it, the same context the claim page shows beside a quote
(`claim.in_context`, imported rather than copied so the two never disagree). Overlapping
or touching excerpts are one; an excerpt never leaves the paragraphs of its passage.

Anchoring, drift and `check` read the whole text kept in content/; only pages and open
data are cut to these excerpts."""

from __future__ import annotations

from collections.abc import Iterable

from sidelight.model.records import Passage, Site, Source
from sidelight.pages.claim import in_context

GAP = "[…]"  # what stands for the words left out between excerpts, in pages and open data


def excerpt_of(source: Source, passage: Passage) -> tuple[int, int]:
    """The offsets of the passage with its context. `in_context` may clip a long sentence
    to its last or first words and mark the cut with "…", which is not in the text."""
    text = source.text.text
    before, after = in_context(source, passage)
    start = passage.start - len(before)
    if text[max(start, 0) : passage.start] != before:  # clipped: a leading "…" stands for the rest
        start += 1
    end = passage.end + len(after)
    if text[passage.end : end] != after:  # clipped: a trailing "…"
        end -= 1
    return start, end


def excerpts(source: Source, passages: Iterable[Passage]) -> tuple[tuple[int, int], ...]:
    """The spans of `source` the site may publish, in text order, with words left out
    between any two (spans with only white space between them are one)."""
    text, spans = source.text.text, sorted(excerpt_of(source, p) for p in passages)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip():  # overlapping, or only white space between
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def quoted_passages(site: Site, source: Source) -> tuple[Passage, ...]:
    """Every anchored passage of `source`: the claims' coverage passages and the drift
    renderings quoted from it."""
    renderings = (r.passage for d in site.drift_by_source.get(source.id, ()) for r in d.renderings)
    return (*site.by_source.get(source.id, ()), *(p for p in renderings if p.source == source.id))


def excerpt_text(source: Source, passages: Iterable[Passage]) -> str:
    """The excerpts as plain text, in text order: an excerpt's paragraphs separated by a
    blank line, and `GAP` on a line of its own wherever words are left out (before the first
    excerpt, between two, after the last)."""
    text, parts, at = source.text.text, [], 0
    for start, end in excerpts(source, passages):
        if start > at:
            parts.append(GAP)
        parts += [text[max(a, start) : min(b, end)].strip() for a, b in source.text.paragraphs if a < end and b > start]
        at = end
    if at < len(text.rstrip()):
        parts.append(GAP)
    return "\n\n".join(p for p in parts if p)
