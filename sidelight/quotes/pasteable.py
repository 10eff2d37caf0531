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
    time, then of suffix, then of both; each within MAX_CONTEXT characters, and inside the
    paragraph before words across its edge (the only way to pick a one-word line)."""
    yield "", ""
    befores, afters = list(words_before(text, start, True)), list(words_after(text, end, True))
    for before in befores:
        yield before, ""
    for after in afters:
        yield "", after
    yield from zip(befores, afters)
    further = [w for w in words_before(text, start, False) if w not in befores]
    beyond = [w for w in words_after(text, end, False) if w not in afters]
    for before in further:
        yield before, ""
    for after in beyond:
        yield "", after
    yield from zip(befores + further, afters + beyond)


def words_before(text: str, start: int, in_paragraph: bool):
    """The words just before `start`, one more each time: `plan`, `the plan`, …"""
    edge = max(0, start - 2 * MAX_CONTEXT)
    if in_paragraph:
        edge = max(edge, text.rfind("\n\n", 0, start) + 1)
    head = text[edge:start].rstrip()
    cuts = [m.end() for m in _SPACE.finditer(head)]
    for cut in reversed([0, *cuts]):
        words = one_line(head[cut:])
        if words and len(words) <= MAX_CONTEXT and (cut or edge == 0 or text[edge - 1].isspace()):
            yield words


def words_after(text: str, end: int, in_paragraph: bool):
    """The words just after `end`, one more each time."""
    edge = min(len(text), end + 2 * MAX_CONTEXT)
    if in_paragraph and text.find("\n\n", end) != -1:
        edge = min(edge, text.find("\n\n", end))
    tail = text[end:edge].lstrip()
    cuts = [m.start() for m in _SPACE.finditer(tail)]
    for cut in [*cuts, len(tail)]:
        words = one_line(tail[:cut])
        if words and len(words) <= MAX_CONTEXT and (cut < len(tail) or edge == len(text) or text[edge].isspace()):
            yield words
