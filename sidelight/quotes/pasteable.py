"""A span of a source's text as a passage an editor can paste: the quote, and a prefix or
suffix only when the words occur more than once.

Made by the anchoring code itself (`anchor.locate`): a passage is offered only once
`locate` lands it on exactly the span it was made from, so what the preview's panel and
`sidelight match` offer anchors where the editor meant, never elsewhere. Pure.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sidelight.model.sourcetext import Anchor, SourceText
from sidelight.quotes.anchor import MAX_QUOTE, locate, widen_to_words
from sidelight.quotes.fold import Folded, fold

MAX_CONTEXT = 200  # schema/claim.schema.json: prefix and suffix maxLength
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Pasteable:
    """A passage ready for a claim's `passages:` list; `start`/`end` are its offsets in the
    source's text. `prefix`/`suffix` are "" unless the quote alone lands more than once."""

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int

    def fields(self) -> dict[str, str]:
        """`quote`, then `prefix` and `suffix` where given: a passage's keys as written."""
        out = {"quote": self.quote}
        out.update({k: v for k, v in (("prefix", self.prefix), ("suffix", self.suffix)) if v})
        return out

    def yaml(self, indent: str = "") -> str:
        """`- quote: "…"` with its context keys, each value a double-quoted YAML scalar (JSON
        strings are), so no word of the source can be read as YAML syntax."""
        lines = []
        for n, (key, value) in enumerate(self.fields().items()):
            lead = "- " if n == 0 else "  "
            lines.append(f"{indent}{lead}{key}: {json.dumps(value, ensure_ascii=False)}")
        return "\n".join(lines) + "\n"


class NotPasteable(ValueError):
    """The span cannot be offered as a passage; the message says why, in an editor's words."""


def one_line(words: str) -> str:
    """Runs of white space (a paragraph break among them) as one space: folding ignores them."""
    return _SPACE.sub(" ", words).strip()


def pasteable(text: SourceText, start: int, end: int, folded: Folded | None = None) -> Pasteable:
    """The passage for [start, end) of `text`, grown to whole words and trimmed of white
    space; with the shortest prefix (else suffix, else both) of whole words that makes
    `locate` land on exactly this span. `folded`: `fold(text.text)`, if the caller has it."""
    start, end = max(0, start), min(len(text.text), end)
    start, end = widen_to_words(text.text, start, end)
    if end <= start:
        raise NotPasteable("the selection holds no words of the article")
    quote = one_line(text.text[start:end])
    if len(quote) > MAX_QUOTE:
        raise NotPasteable(f"a quote may be at most {MAX_QUOTE:,} characters; select fewer words")
    folded = folded or fold(text.text)
    for prefix, suffix in contexts(text.text, start, end):
        passage = {"quote": quote} | ({"prefix": prefix} if prefix else {}) | ({"suffix": suffix} if suffix else {})
        if locate(passage, folded, text, "the source", suggest=False) == Anchor(start, end):
            return Pasteable(quote, prefix, suffix, start, end)
    raise NotPasteable("these words occur elsewhere in the article with the same words around them; select more words")


def contexts(text: str, start: int, end: int):
    """(prefix, suffix) to try, shortest first: none, then one word more of prefix at a
    time, then of suffix, then of both; each within MAX_CONTEXT characters and its paragraph."""
    yield "", ""
    befores = list(words_before(text, start))
    afters = list(words_after(text, end))
    for before in befores:
        yield before, ""
    for after in afters:
        yield "", after
    for before, after in zip(befores, afters):
        yield before, after


def words_before(text: str, start: int):
    """The words just before `start`, one more each time: `plan`, `the plan`, …"""
    paragraph_start = text.rfind("\n\n", 0, start) + 1
    head = text[paragraph_start:start].rstrip()
    cuts = [m.end() for m in _SPACE.finditer(head)]
    for cut in reversed([0, *cuts]):
        words = one_line(head[cut:])
        if words and len(words) <= MAX_CONTEXT:
            yield words


def words_after(text: str, end: int):
    """The words just after `end`, one more each time."""
    paragraph_end = text.find("\n\n", end)
    tail = text[end : len(text) if paragraph_end == -1 else paragraph_end].lstrip()
    cuts = [m.start() for m in _SPACE.finditer(tail)]
    for cut in [*cuts, len(tail)]:
        words = one_line(tail[:cut])
        if words and len(words) <= MAX_CONTEXT:
            yield words
