"""`check --fix-quotes`: rewrite a quote that does not anchor to the source's exact words,
when the source has one passage that is near-identical to it, word for word: a fix only
replaces words inside the editor's span (a changed word, typography), never adds or drops
one, and each change is printed as the words that differ.

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
    around_span,
    fold,
    fold_quote,
    locate,
    occurrences,
    passages_of,
    quote_path,
    source_text,
    whole_words,
)
from sidelight.quotes.traps import ELLIPSIS, alignment, delimited, edges, word_changes
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
    or why there is none. The new quote stands where the editor's does, word for word: its
    first and last words are the source's words at the places of the quote's first and
    last words, and each word in between replaces one of the quote's (a changed word, its
    typography). A word missing or extra is never fixed: the quote would say something
    the editor did not choose."""
    raw = passage["quote"]
    quote = fold_quote(raw)
    if not quote or any(whole_words(folded.text, h, h + len(quote)) for h in occurrences(folded.text, quote)):
        return "the words are in the source; add `prefix:` or `suffix:` instead"
    if delimited(raw) or ELLIPSIS.search(raw.strip()):
        return "the quote has quotation marks around it or an ellipsis in it: `check` says how to write it"
    best = fuzz.partial_ratio_alignment(quote, folded.text, score_cutoff=THRESHOLD)
    if best is None:
        return "no passage of the source is 95% similar"
    spans, ops = alignment(raw, text.text, *around_span(text.text, *folded.span(best.dest_start, best.dest_end)))
    if not ops or any(op == "delete" or op == "insert" or i2 - i1 != j2 - j1 for op, i1, i2, j1, j2 in ops):
        return "a word is missing or extra, not only changed: fix it by hand (`check` names the words that differ)"
    start, end = edges(raw, text.text, spans[ops[0][3]][0], spans[ops[-1][4] - 1][1])
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
            for change in word_changes(fix.old, fix.new, limit=20) or ["only quote marks, dashes or spaces"]:
                say(f"  {change}")
    return True
