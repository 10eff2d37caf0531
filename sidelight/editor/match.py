"""`sidelight match SOURCE`: the existing claims an article appears to repeat, each with
the passage ready to paste into the claim's coverage (see `quotes/matching.py`).

Reads the content files as they are, so it works on a source just imported whose fields
are not filled in yet, and on content `check` still finds errors in."""

from __future__ import annotations

import sys
from difflib import get_close_matches
from pathlib import Path

from sidelight.content.files import Content, load
from sidelight.model.sourcetext import source_text
from sidelight.quotes.matching import Match, claim_words_of, matches
from sidelight.terminal import say


def match(content: Path, source: str) -> int:
    """Print the matches of `source`; status 1 (and what to do) when it names no source."""
    if not content.is_dir():
        say(f"error: content folder not found: {content} — run from the project folder or pass --content", sys.stderr)
        return 1
    loaded = load(content)
    doc = next((d for d in loaded.of("source") if d.id == source), None)
    if doc is None:
        say(f"error: no source `{source}` in {content}/sources/ — {did_you_mean(loaded, source)}", sys.stderr)
        return 1
    for line in report(loaded, source, doc.display):
        say(line)
    return 0


def did_you_mean(content: Content, source: str) -> str:
    ids = sorted(d.id for d in content.of("source"))
    close = get_close_matches(source, ids, n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    return "give a source's id: its file name without `.txt`" + (f", e.g. `{ids[0]}`" if ids else "")


def report(content: Content, source: str, shown: str) -> list[str]:
    """The lines `match` prints for one source: a heading, then each match with its
    passage as YAML to paste under the claim's `passages:` for this source."""
    doc = next(d for d in content.of("source") if d.id == source)
    text = source_text(doc.body, doc.body_line)
    citing = citing_claims(content, source)
    found = matches(text, claim_words_of(content, leaving_out=source), skip=citing)
    already = f" ({len(citing)} claim{'s' * (len(citing) != 1)} already cite it)" if citing else ""
    if not found:
        return [f"{shown}: no other claim appears to be repeated in it{already}"]
    n = len(found)
    lines = [f"{shown} appears to repeat {n} claim{'s' * (n != 1)}{already}; each passage pastes into its claim:"]
    for m in found:
        lines += match_lines(m, text.file_position(m.passage.start)[0])
    return lines


def citing_claims(content: Content, source: str) -> frozenset[str]:
    """The claims whose coverage already names `source`."""
    return frozenset(
        d.id for d in content.of("claim") if any(e.get("source") == source for _, e in d.entries("coverage"))
    )


def match_lines(m: Match, line: int) -> list[str]:
    return [
        "",
        f"{m.claim}: {m.score:.0f}% close to {m.basis}, line {line}",
        f'  its words: "{m.closest}"',
        *m.passage.yaml("    ").splitlines(),
    ]
