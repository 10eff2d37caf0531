"""`check --fix-quotes`: rewrite a quote that does not anchor to the source's exact words,
when the source has one passage that is near-identical to it.

Anchoring itself stays exact (see `anchor`): this only edits the claim file, where the
editor sees the change in version control, and only when the choice is not a guess —
the closest passage is at least 95% similar and no other passage comes close.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from sidelight.content.files import Document, load
from sidelight.editor.yamledit import EditRefused, replace_scalars
from sidelight.progress import NORMAL, VERBOSE
from sidelight.quotes.anchor import (
    Anchor,
    Folded,
    SourceText,
    fold,
    fold_quote,
    locate,
    occurrences,
    passages_of,
    quote_path,
    source_text,
    whole_words,
    widen_to_words,
)
from sidelight.terminal import say

THRESHOLD = 95.0


@dataclass(frozen=True)
class Fix:
    path: tuple
    line: int
    column: int
    old: str
    new: str
    score: float
    where: tuple[int, int]


def fix_quotes(content: Path, verbosity: int = NORMAL) -> int:
    """Fix every quote that can be fixed safely; print each change. Returns how many."""
    loaded = load(content)
    sources = {d.id: d for d in loaded.of("source")}
    texts = {sid: source_text(d.body, d.body_line) for sid, d in sources.items()}
    folded = {sid: fold(t.text) for sid, t in texts.items()}
    fixed = 0
    for doc in loaded.of("claim"):
        fixes = list(find_fixes(doc, sources, texts, folded, verbosity))
        if fixes and apply(doc, fixes, verbosity):
            fixed += len(fixes)
    if verbosity >= NORMAL:
        say(
            f"fixed {fixed} quote{'s' * (fixed != 1)}"
            if fixed
            else "no quote needed fixing (a quote is fixed only when one passage of its source is at least 95% similar)"
        )
    return fixed


def find_fixes(
    doc: Document, sources: dict[str, Document], texts: dict[str, SourceText], folded: dict[str, Folded], verbosity: int
):
    for key, passage, sid in passages_of(doc):
        if sid not in texts or not texts[sid].text:
            continue
        shown = sources[sid].display
        if isinstance(locate(passage, folded[sid], texts[sid], shown, suggest=False), Anchor):
            continue
        path = quote_path(key)
        found = exact_words(passage, folded[sid], texts[sid], shown)
        line, column = doc.parsed.where(path)
        if isinstance(found, str):
            if verbosity >= VERBOSE:
                say(f"{doc.display}:{line}:{column}: quote not fixed: {found}")
            continue
        new, score, where = found
        yield Fix(path, line, column, passage["quote"], new, score, where)


def exact_words(passage: dict, folded: Folded, text: SourceText, shown: str):
    """(the source's words, similarity, (line, column)) of the one near-identical passage,
    or why there is none."""
    quote = fold_quote(passage["quote"])
    if not quote or any(whole_words(folded.text, h, h + len(quote)) for h in occurrences(folded.text, quote)):
        return "the words are in the source; add `prefix:` or `suffix:` instead"
    best = fuzz.partial_ratio_alignment(quote, folded.text, score_cutoff=THRESHOLD)
    if best is None:
        return "no passage of the source is 95% similar"
    start, end = widen_to_words(text.text, *folded.span(best.dest_start, best.dest_end))
    words = text.text[start:end]
    score = fuzz.ratio(quote, fold_quote(words))
    if "\n\n" in words or score < THRESHOLD:
        return f"the closest passage is only {score:.0f}% similar"
    if second_best(quote, folded, best) is not None:
        return "two passages of the source are as close; fix it by hand"
    if not isinstance(locate({**passage, "quote": words}, folded, text, shown, suggest=False), Anchor):
        return "the source's words would not anchor with this prefix/suffix"
    return words, score, text.file_position(start)


def second_best(quote: str, folded: Folded, best):
    """Another passage that comes as close, once the best one is blanked out."""
    masked = folded.text[: best.dest_start] + " " * (best.dest_end - best.dest_start) + folded.text[best.dest_end :]
    return fuzz.partial_ratio_alignment(quote, masked, score_cutoff=THRESHOLD)


def apply(doc: Document, fixes: list[Fix], verbosity: int) -> bool:
    """Rewrite the claim file in place; print each change, or why the file was left alone."""
    with open(doc.path, encoding="utf-8", newline="") as file:  # keep the file's line endings
        text = file.read()
    try:
        new_text = replace_scalars(text, {fix.path: fix.new for fix in fixes})
    except (EditRefused, ValueError) as exc:
        say(f"{doc.display}: quotes not fixed: {exc} — fix them by hand (see `check`)")
        return False
    try:
        with open(doc.path, "w", encoding="utf-8", newline="") as out:
            out.write(new_text)
    except OSError as exc:
        say(f"{doc.display}: quotes not fixed: cannot write the file ({exc.strerror or exc})")
        return False
    if verbosity >= NORMAL:
        for fix in fixes:
            say(
                f"{doc.display}:{fix.line}:{fix.column}: fixed quote ({fix.score:.0f}% similar to the source's words"
                f" at line {fix.where[0]}, column {fix.where[1]})"
            )
            say(f"  was: {fix.old}")
            say(f"  now: {fix.new}")
    return True
