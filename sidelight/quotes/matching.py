"""Which existing claims an article appears to repeat: its sentences close to a claim's
statement, or to a passage already quoted for that claim from another article.

Each sentence and each claim's words are reduced to their content words (folded as quotes
are, lower case, the commonest function words dropped; a light stemmer was measured and
lowered F1, so words are compared as written). A sentence matches a claim when rapidfuzz's
token-set ratio of the two is at least THRESHOLD, they share at least MIN_SHARED content
words, and those are at least MIN_COVERED of the claim's (a token-set ratio is 100 for any
subset, so a short sentence would otherwise match every claim holding its words).
The threshold and the minimum were chosen by holding out one source's coverage at a time
on the shipped content and matching it back (`held_out`; docs/editing.md has the table).

A match is a suggestion for the editor, never a coverage entry by itself: each comes with
the sentence as a passage ready to paste (`pasteable`), which anchors where it was found.
Pure: the caller hands in the text and the claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from sidelight.content.files import Content
from sidelight.model.records import Claim, Passage, Site
from sidelight.model.sourcetext import SourceText
from sidelight.quotes.fold import fold, fold_quote
from sidelight.quotes.pasteable import NotPasteable, Pasteable, pasteable

THRESHOLD = 60.0
MIN_SHARED = 2
MIN_COVERED = 0.3
STATEMENT, QUOTED = "the claim's statement", "a passage quoted for it"
# A sentence ends at . ! ? (perhaps followed by a closing quote or bracket) before white
# space and a capital, a digit or an opening quote; abbreviations are rare in news prose.
_SENTENCE_END = re.compile(r"""(?<=[.!?])["'”’»)\]]?\s+(?=["'“‘«(\[]?[A-Z0-9А-Я])""")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_STOP = frozenset(
    """a an the and or but nor of in on at to for from by with as into onto about than then that this these those
    it its it's is are was were be been being has have had do does did will would shall should can could may might
    must not no so such he she they them their his her we our you your i me my there here which who whom whose what
    when where why how all any each also only very said says say told""".split()
)


@dataclass(frozen=True)
class ClaimWords:
    """What an article may repeat of a claim: its statement and the passages quoted for it."""

    id: str
    statement: str
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """A claim an article appears to repeat: the closest sentence as a passage, how close
    (0–100), and what of the claim it is close to (STATEMENT or QUOTED, with those words)."""

    claim: str
    score: float
    basis: str
    closest: str
    passage: Pasteable


def claim_words(site: Site, leaving_out: str = "") -> list[ClaimWords]:
    """Every claim's statement and quoted passages, those of source `leaving_out` left out
    (the article being matched must not be matched against its own quotes)."""
    return [
        ClaimWords(
            claim.id,
            claim.claim,
            tuple(p.exact for c in claim.coverage if c.source != leaving_out for p in c.passages),
        )
        for claim in site.claims.values()
    ]


def claim_words_of(content: Content, leaving_out: str = "") -> list[ClaimWords]:
    """`claim_words` read from the claim files themselves, so an article can be matched while
    the content still has errors (a source just imported, not yet filled in): a claim
    without a statement, and quotes not written as text, are skipped."""
    out = []
    for doc in content.of("claim"):
        statement = doc.data.get("claim")
        if not isinstance(statement, str):
            continue
        quotes = tuple(
            p["quote"]
            for _, entry in doc.entries("coverage")
            if entry.get("source") != leaving_out and isinstance(entry.get("passages"), list)
            for p in entry["passages"]
            if isinstance(p, dict) and isinstance(p.get("quote"), str)
        )
        out.append(ClaimWords(doc.id, statement, quotes))
    return out


def sentences(text: SourceText) -> Iterator[tuple[int, int]]:
    """[start, end) of each sentence of the text, within its paragraphs."""
    for start, end in text.paragraphs:
        at = start
        for cut in _SENTENCE_END.finditer(text.text, start, end):
            yield at, cut.start()
            at = cut.end()
        if at < end:
            yield at, end


def content_words(words: str) -> list[str]:
    """The content words of `words`, in order."""
    return [w for w in _WORD.findall(fold_quote(words).casefold()) if w not in _STOP]


def closeness(sentence: list[str], other: list[str]) -> float:
    """The token-set ratio of two lists of content words; 0 when they share fewer than
    MIN_SHARED distinct words, or under MIN_COVERED of the claim's own (`other`): a
    token-set ratio is 100 whenever one set holds the other, so a three-word sentence
    would otherwise match every claim that uses its words."""
    shared, wanted = len(set(sentence) & set(other)), len(set(other))
    if shared < MIN_SHARED or shared < MIN_COVERED * wanted:
        return 0.0
    return fuzz.token_set_ratio(" ".join(sentence), " ".join(other))


def matches(
    text: SourceText, claims: Iterable[ClaimWords], threshold: float = THRESHOLD, skip: frozenset[str] = frozenset()
) -> list[Match]:
    """The claims the text appears to repeat, closest first: for each, the sentence closest
    to its statement or to one of its quoted passages, if at least `threshold` close. Claims
    in `skip` (say, those already citing this article) are left out."""
    spans = list(sentences(text))
    words = [content_words(text.text[a:b]) for a, b in spans]
    folded = fold(text.text)
    found = []
    for claim in claims:
        if claim.id in skip:
            continue
        best = best_sentence(words, claim)
        if best is None or best[0] < threshold:
            continue
        score, index, basis, closest = best
        try:
            passage = pasteable(text, *spans[index], folded)
        except NotPasteable:
            continue
        found.append(Match(claim.id, score, basis, closest, passage))
    return sorted(found, key=lambda m: (-m.score, m.passage.start, m.claim))


def best_sentence(words: list[list[str]], claim: ClaimWords) -> tuple[float, int, str, str] | None:
    """(score, sentence index, basis, the claim's words it is close to) of the closest sentence."""
    targets = [(STATEMENT, claim.statement)] + [(QUOTED, q) for q in claim.quotes]
    best = None
    for basis, target in targets:
        target_words = content_words(target)
        for index, sentence in enumerate(words):
            score = closeness(sentence, target_words)
            if best is None or score > best[0]:
                best = (score, index, basis, target)
    return best


@dataclass(frozen=True)
class HeldOut:
    """One source's coverage held out and matched back: the claims citing it, the claims
    matched, and those of the matched whose passage overlaps one the source really gives."""

    source: str
    cited: frozenset[str]
    matched: frozenset[str]
    on_the_passage: frozenset[str]


def held_out(site: Site, threshold: float = THRESHOLD) -> list[HeldOut]:
    """For each source: its coverage removed from every claim, its text matched back."""
    out = []
    for source in site.sources.values():
        cited = {c.id: passages_of(c, source.id) for c in site.claims.values() if passages_of(c, source.id)}
        found = matches(source.text, claim_words(site, leaving_out=source.id), threshold)
        on_passage = {
            m.claim
            for m in found
            if any(p.start < m.passage.end and m.passage.start < p.end for p in cited.get(m.claim, []))
        }
        out.append(HeldOut(source.id, frozenset(cited), frozenset(m.claim for m in found), frozenset(on_passage)))
    return out


def passages_of(claim: Claim, source: str) -> list[Passage]:
    """The passages `claim` quotes from `source`."""
    return [p for coverage in claim.coverage if coverage.source == source for p in coverage.passages]
