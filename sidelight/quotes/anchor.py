"""Stage 3 — anchor: find each quoted passage in its source's text, exactly.

A quote anchors only where its words occur, tolerating what an editor cannot see (line
breaks and runs of white space, curly versus straight quotes, dash variants, the ellipsis
character, non-breaking spaces). Fuzzy matching only ever *suggests* the closest passage
in an error; it never anchors (Hypothesis' fuzzy re-anchoring is how annotations silently
land on the wrong paragraph).

Given a `Memo`, where a claim's quotes anchored, and the problems of those that did not,
are remembered by the claim's file and the digest and name of every text it cites:
nothing that could change the answer can change without changing the key, so an entry
is never stale; the closest-passage searches' shared budget is replayed (`Budget`), so
with a memo or without, the same content gets the same messages.
"""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz

from sidelight.content.documents import quoted
from sidelight.content.files import Content, Document
from sidelight.content.memo import Memo
from sidelight.digest import sha
from sidelight.model.records import CONTEXT
from sidelight.model.sourcetext import ORIGINAL, Anchor, SourceText, original_id, source_text
from sidelight.problems import Problem, problems_of
from sidelight.quotes.fold import Folded, fold, fold_quote, through_marks
from sidelight.quotes.original import is_original, original_texts
from sidelight.quotes.traps import aligned_span, delimiter_problem, ellipsis_problem, word_changes

# Bounds on the work hostile claims can cause (issues 8 and 18): a quote found more often
# than MAX_HITS is reported, not narrowed; quotes over the schema's maxLength are left to
# validate; the closest-passage search (quadratic in the worst case) runs for at most
# MAX_SUGGESTIONS quotes of a file, only when its work units (`search_work`) are at most
# FUZZY_WORK (about 2 s of CPU at worst), and only while the run's FUZZY_BUDGET of such
# units lasts (about 3.5 s at worst), so many hostile files cost no more than one.
MAX_HITS = 10_000
MAX_QUOTE = 2_000  # schema/claim.schema.json: passages[].quote maxLength
MAX_SUGGESTIONS = 10
FUZZY_WORK = 2_000_000_000
FUZZY_BUDGET = 3_000_000_000
NO_ORIGINAL = (
    "`quote_original` needs the source's original text, and this source has none",
    "add `original:` with its `language` and `text_file` to the source's front matter, or remove `quote_original`",
)
NOT_SEARCHED = "no closest passage searched: earlier quotes used up this run's time for suggestions"
Anchors = dict[tuple, Anchor]
"""By (claim id, coverage index, "passages", passage index[, "original"]), (claim id, "drift", drift
index, "renderings", rendering index), and (claim id, "drift", drift index, "evidence"):
for the last, start = end = the index of the evidence item quoting the drift's original."""


def anchor(
    content: Content, known_sources: dict[str, Document], memo: Memo | None = None
) -> tuple[dict[str, SourceText], Anchors, list[Problem]]:
    """Anchor every passage of every claim: (texts by source, anchors by key, problems).
    With a `memo` (its keys start from `Document.key`, set by `load` given a memo), a claim
    whose file and cited texts it knows takes its anchors from it (`anchor_claim`)."""
    texts = {sid: text_of(doc, memo) for sid, doc in known_sources.items()}
    originals, shown, problems = original_texts(known_sources, content.root)
    texts |= originals  # under original_id(source id), beside the stored texts
    sources = Sources(texts, known_sources, shown)
    anchors: Anchors = {}
    budget = Budget()
    for doc in content.of("claim"):
        problems += anchor_claim(doc, sources, memo, anchors, budget)
    return texts, anchors, problems


def text_of(doc: Document, memo: Memo | None) -> SourceText:
    """`source_text` of a source, or what the memo holds for the same file (`doc.key`)."""
    key = "text" + doc.key if memo is not None and doc.key else ""
    hit = memo.checked(key, text_shaped) if memo is not None and key else None
    if hit is not None:
        return hit
    text = source_text(doc.body, doc.body_line)
    if memo is not None and key:
        memo.put(key, (text.text, text.paragraphs, text.lines))
    return text


def text_shaped(hit: object) -> SourceText | None:
    """The text a memo entry of `text_of` stands for, or None if it has another shape."""
    if (
        isinstance(hit, tuple)
        and len(hit) == 3
        and isinstance(hit[0], str)
        and int_tuples(hit[1], 2)
        and int_tuples(hit[2], 3)
    ):
        return SourceText(*hit)
    return None


def search_work(quote: int, text: int) -> int:
    """The work units of a closest-passage search for a quote of `quote` characters in a
    text of `text`: rapidfuzz's partial_ratio compares the quote, 64 characters to a
    machine word, with a window at each place of the text. About 1 ns a unit at worst (a
    2,000-character quote sharing no character with the text), often 100 times less."""
    return text * quote * -(-quote // 64)


def int_tuples(value: object, size: int) -> bool:
    """A tuple of tuples of `size` integers: the shape of a remembered text's tables."""
    return isinstance(value, tuple) and all(
        isinstance(t, tuple) and len(t) == size and all(type(n) is int for n in t) for t in value
    )


class Budget:
    """The work units (`search_work`) left for closest-passage searches in this run, spent
    claim by claim in the content's order. `trail` lists each request of the current claim
    and whether it was granted; a claim's problems are remembered with it, and taken
    from the memo only if `replay` grants and refuses exactly the same now, so the same
    content always gets the same suggestions, with a memo or without."""

    def __init__(self, units: int | None = None):
        self.left = FUZZY_BUDGET if units is None else units
        self.trail: list[tuple[int, bool]] = []

    def spend(self, units: int) -> bool:
        granted = units <= self.left
        self.left -= units if granted else 0
        self.trail.append((units, granted))
        return granted

    def replay(self, trail: tuple) -> bool:
        """Spend as a remembered claim's `trail` did, if this budget would decide each request
        the same way; else spend nothing and return False (the claim is anchored again)."""
        left = self.left
        for units, granted in trail:
            if (units <= left) != granted:
                return False
            left -= units if granted else 0
        self.left = left
        return True


class Sources:
    """The texts quotes are looked for in, each folded and digested once, and only when a
    quote must be located in it or a claim citing it looked up in the memo."""

    def __init__(self, texts: dict[str, SourceText], docs: dict[str, Document], shown: dict[str, str] | None = None):
        self.texts, self.docs, self.originals_shown = texts, docs, shown or {}
        self._folded: dict[str, Folded] = {}
        self._digests: dict[str, str] = {}

    def quotable(self, sid: str, passage: dict) -> bool:
        """False for an unknown source, one without text, a quote too long: validate reports them."""
        return sid in self.texts and bool(self.texts[sid].text) and len(passage["quote"]) <= MAX_QUOTE

    def folded(self, sid: str) -> Folded:
        if sid not in self._folded:
            self._folded[sid] = fold(self.texts[sid].text)
        return self._folded[sid]

    def digest(self, sid) -> str:
        """The digest of a source's text; "-" for an id that names no source."""
        if sid not in self._digests:
            text = self.texts[sid].text if sid in self.texts else None
            self._digests[sid] = "-" if text is None else sha(text.encode("utf-8", "surrogatepass"))
        return self._digests[sid]

    def cited(self, doc: Document) -> list[str]:
        """`id=digest=shown path` of each source a claim's coverage or drift names, in order
        (a problem names the source file)."""
        named = [e.get("source") for _, e in doc.entries("coverage")]
        named += [original_id(s) for s in named if isinstance(s, str) and original_id(s) in self.texts]
        for _, drift in doc.entries("drift"):
            renderings = drift.get("renderings")
            named += [
                r.get("source") for r in (renderings if isinstance(renderings, list) else []) if isinstance(r, dict)
            ]
        return [f"{s}={self.digest(s)}={self.shown(s)}" for s in named if isinstance(s, str)]

    def has_original(self, text_id: str) -> bool:
        """Whether the source of an original's id names one (read or not: a file that
        cannot be read is reported at the source, not again at each quote)."""
        doc = self.docs.get(text_id.removesuffix(ORIGINAL))
        return text_id in self.texts or (doc is not None and isinstance(doc.data.get("original"), dict))

    def shown(self, sid) -> str:
        return self.docs[sid].display if sid in self.docs else self.originals_shown.get(sid, "-")


def anchor_claim(
    doc: Document, sources: Sources, memo: Memo | None, anchors: Anchors, budget: Budget | None = None
) -> list[Problem]:
    """Anchor one claim's passages and drift renderings into `anchors`, and find the
    evidence item quoting each drift's original words; return the problems. Remembered by
    the claim's file (`doc.key`: its quotes, prefixes and suffixes) and the digest and name
    of each text it cites, so an entry is used only where locating again must give the same
    answer: its anchors, its problems, and the closest-passage searches it was allowed
    (see `Budget.replay`), so an unfound quote's search is not run again either."""
    budget = budget or Budget()
    key = memo.key("anchor", doc.key, *sources.cited(doc)) if memo is not None and doc.key else ""
    stored = memo.checked(key, entry_of) if memo is not None and key else None
    if stored is not None and budget.replay(stored[2]):
        anchors.update(((doc.id, *k), Anchor(start, end)) for k, start, end in stored[0])
        return stored[1]
    problems: list[Problem] = []
    found: list[tuple[tuple, int, int]] = []
    budget.trail = []
    for k, passage, sid in passages_of(doc):
        if not sources.quotable(sid, passage):
            if is_original(sid) and not sources.has_original(sid):
                problems.append(doc.problem(quote_path(k), *NO_ORIGINAL))
            continue
        result = locate(
            passage,
            sources.folded(sid),
            sources.texts[sid],
            sources.shown(sid),
            suggest=len(problems) < MAX_SUGGESTIONS,
            budget=budget,
        )
        if isinstance(result, Anchor):
            anchors[(doc.id,) + k] = result
            found.append((k, result.start, result.end))
        else:
            problems.append(doc.problem(quote_path(k), *result))
    for k, where in originals(doc):
        if isinstance(where, int):
            anchors[(doc.id,) + k] = Anchor(where, where)
            found.append((k, where, where))
        else:
            problems.append(doc.problem(k + ("original",), *where))
    if memo is not None and key:
        memo.put(key, (tuple(found), [p.fields() for p in problems], tuple(budget.trail)))
    return problems


def quote_path(key: tuple) -> tuple:
    """Where in the claim file the quote of anchor key `key` is."""
    if key[-1] == "original":
        return ("coverage",) + key[:-1] + ("quote_original",)
    return (("coverage",) + key if isinstance(key[0], int) else key) + ("quote",)


def entry_of(stored: object) -> tuple[tuple, list[Problem], tuple] | None:
    """A remembered claim's (anchored spans, problems, budget trail), or None if the entry
    has another shape (then the claim is anchored again)."""
    if not (isinstance(stored, tuple) and len(stored) == 3):
        return None
    spans, problems, trail = stored[0], problems_of(stored[1]), stored[2]
    ok = (
        isinstance(spans, tuple)
        and all(span_shaped(s) for s in spans)
        and isinstance(trail, tuple)
        and all(isinstance(t, tuple) and len(t) == 2 and type(t[0]) is int and type(t[1]) is bool for t in trail)
    )
    return (spans, problems, trail) if ok and problems is not None else None


def span_shaped(span) -> bool:
    """(key, start, end): a key of ints and names as `passages_of` makes them."""
    return (
        isinstance(span, tuple)
        and len(span) == 3
        and isinstance(span[0], tuple)
        and all(type(part) in (int, str) for part in span[0])
        and int_tuples((span[1:],), 2)
    )


def passages_of(doc: Document) -> Iterator[tuple[tuple, dict, str]]:
    """Anchor key (without the claim id), passage, source id for each well-formed passage:
    (coverage index, "passages", passage index) for coverage, then (…, "original") for its
    `quote_original` in the source's original text, ("drift", drift index, "renderings",
    rendering index) for a drift's renderings."""
    for i, entry in doc.entries("coverage"):
        passages = entry.get("passages")
        for j, passage in enumerate(passages if isinstance(passages, list) else []):
            if quotable_shape(passage, entry.get("source")):
                yield (i, "passages", j), passage, entry["source"]
                if isinstance(passage.get("quote_original"), str):
                    yield (
                        (i, "passages", j, "original"),
                        {"quote": passage["quote_original"]},
                        original_id(entry["source"]),
                    )
    for k, drift in doc.entries("drift"):
        renderings = drift.get("renderings")
        for r, rendering in enumerate(renderings if isinstance(renderings, list) else []):
            if quotable_shape(rendering, rendering.get("source") if isinstance(rendering, dict) else None):
                yield ("drift", k, "renderings", r), rendering, rendering["source"]


def quotable_shape(passage, source) -> bool:
    return isinstance(passage, dict) and isinstance(passage.get("quote"), str) and isinstance(source, str)


def originals(doc: Document) -> Iterator[tuple[tuple, int | tuple[str, str]]]:
    """For each drift: (("drift", k, "evidence"), the index of the evidence item whose quote
    holds the original words) or (("drift", k), an error and a hint). The words are matched
    folded and regardless of case: an editor copies them from the quote, perhaps re-cased."""
    quotes = [
        fold_quote(e["quote"]).casefold() if isinstance(e.get("quote"), str) else "" for _, e in doc.entries("evidence")
    ]
    for k, drift in doc.entries("drift"):
        original, chosen = drift.get("original"), drift.get("evidence")
        if not isinstance(original, str) or not original.strip():
            continue  # the schema reports it
        words = fold_quote(original).casefold()
        if isinstance(chosen, int) and not isinstance(chosen, bool) and chosen >= 1:
            if chosen > len(quotes):
                yield (
                    ("drift", k),
                    (
                        f"`evidence: {chosen}` names no evidence item: this claim has {len(quotes)}",
                        "give the number of the evidence item that quotes these words (1 for the first)",
                    ),
                )
            elif words in quotes[chosen - 1]:
                yield ("drift", k, "evidence"), chosen - 1
            else:
                yield (
                    ("drift", k),
                    (
                        f"the original words are not in the quote of evidence item {chosen}",
                        "copy the words exactly from that item's `quote`, or add them to it from the primary source",
                    ),
                )
            continue
        at = next((i for i, q in enumerate(quotes) if words in q), None)
        if at is None:
            yield (
                ("drift", k),
                (
                    "the original words are not quoted by any of this claim's evidence items",
                    "copy them exactly from an evidence item's `quote`, or add the primary source's words "
                    "as the `quote` of an evidence item",
                ),
            )
        else:
            yield ("drift", k, "evidence"), at


def locate(
    passage: dict, folded: Folded, text: SourceText, path: str, suggest: bool = True, budget: Budget | None = None
) -> Anchor | tuple[str, str]:
    """The one place the quote occurs (narrowed by prefix/suffix), or an error and a hint.
    `path` is the source file's name, so messages can say where to look; `suggest` False
    skips the search for the closest passage, and so does a `budget` too small for it."""
    quote = fold_quote(passage["quote"])
    if not quote:
        return "the quote is blank", "copy the exact words from the source"
    found = occurrences(folded.text, quote, MAX_HITS + 1)
    if len(found) > MAX_HITS:
        return (f"the quote occurs more than {MAX_HITS:,} times in {path}", "quote more words, so that they occur once")
    context = [fold_quote(v) if isinstance(v, str) else None for v in (passage.get("prefix"), passage.get("suffix"))]
    words = [h for h in found if whole_words(folded.text, h, h + len(quote))]
    hits = [h for h in words if fits_context(folded.text, h, h + len(quote), *context)]
    if len(hits) == 1:
        start, end = folded.span(hits[0], hits[0] + len(quote))
        return Anchor(start, through_marks(text.text, end))
    if hits:
        return ambiguous(hits, folded, text, path)
    if words:
        return context_mismatch(words, quote, folded, text, path, context)
    trap = quote_trap(passage["quote"], folded, text)
    if trap is not None:
        return trap
    work = search_work(len(quote), len(folded.text))
    if not suggest or work > FUZZY_WORK:
        return f"the quote is not in {path}", "copy the exact words from the source file"
    if budget is not None and not budget.spend(work):
        return (
            f"the quote is not in {path} ({NOT_SEARCHED})",
            "copy the exact words from the source file; fix the other quotes, and `check` shows the closest passage",
        )
    return not_found(quote, folded, text, path)


def quote_trap(quote: str, folded: Folded, text: SourceText) -> tuple[str, str] | None:
    """A quote typed between curly quotation marks, or shortened with an ellipsis: the
    cause said at once, with the exact quote(s) to write (`quotes/traps.py`)."""
    return delimiter_problem(quote, lambda q: bool(unique_words(fold_quote(q), folded))) or ellipsis_problem(
        quote, lambda parts: split_passages(parts, folded, text)
    )


def unique_words(quote: str, folded: Folded) -> list[int]:
    """Where `quote` (folded) occurs as whole words, if it occurs at most MAX_HITS times."""
    found = occurrences(folded.text, quote, MAX_HITS + 1) if quote else []
    return [h for h in found if whole_words(folded.text, h, h + len(quote))] if len(found) <= MAX_HITS else []


def split_passages(parts: list[str], folded: Folded, text: SourceText) -> list[str] | None:
    """Each piece of a shortened quote as a passage to write (`- quote: "…"`, with the
    `prefix:` that picks the place when the words occur more than once: the place after
    the piece before), or None if a piece is not in the source as written."""
    after, out = 0, []
    for i, part in enumerate(parts):
        quote = fold_quote(part)
        hits = unique_words(quote, folded)
        if not hits:
            return None
        later = [h for h in hits if h >= after] or hits
        nxt = unique_words(fold_quote(parts[i + 1]), folded) if i == 0 and len(hits) > 1 and len(parts) > 1 else []
        hit = max((h for h in hits if nxt and h < nxt[0]), default=later[0])
        after = hit + len(quote)
        prefix = "" if len(hits) == 1 else picking_prefix(hit, hits, quote, folded, text)
        out.append(f"`- quote: {quoted(part.strip())}`" + (f" with `prefix: {quoted(prefix)}`" if prefix else ""))
    return out


def picking_prefix(hit: int, hits: list[int], quote: str, folded: Folded, text: SourceText) -> str:
    """The fewest words just before `hit` (the source's own, across a paragraph break)
    that no other place of the quote has before it; "" if twelve words do not."""
    start = folded.at(hit)
    before = text.text[max(0, start - 300) : start].split()
    for n in range(1, min(len(before), 12) + 1):
        prefix = " ".join(before[-n:])
        if sum(fits_context(folded.text, h, h + len(quote), fold_quote(prefix), None) for h in hits) == 1:
            return prefix
    return ""


def whole_words(haystack: str, start: int, end: int) -> bool:
    """A quote starts and ends at word edges: `port` must not anchor inside `support`."""
    before = haystack[start - 1] if start else " "
    after = haystack[end] if end < len(haystack) else " "
    return not (before.isalnum() and haystack[start].isalnum()) and not (
        after.isalnum() and haystack[end - 1].isalnum()
    )


def occurrences(haystack: str, needle: str, limit: int | None = None) -> list[int]:
    """Where `needle` starts in `haystack`, at most `limit` places."""
    hits: list[int] = []
    at = haystack.find(needle)
    while at != -1 and (limit is None or len(hits) < limit):
        hits.append(at)
        at = haystack.find(needle, at + 1)
    return hits


def fits_context(haystack: str, start: int, end: int, prefix: str | None, suffix: str | None) -> bool:
    """The (folded) prefix ends just before the hit and the suffix starts just after it,
    white space between allowed. Compared in place: slicing the text at every hit would
    make a common word with a prefix quadratic in the length of the source."""
    before, after = start, end
    while before > 0 and haystack[before - 1].isspace():
        before -= 1
    while after < len(haystack) and haystack[after].isspace():
        after += 1
    if prefix is not None and not haystack.endswith(prefix, 0, before):
        return False
    return suffix is None or haystack.startswith(suffix, after)


def where(text: SourceText, path: str, offset: int) -> str:
    """`content/sources/x.txt:12:5`: a place in the source file an editor can jump to."""
    line, col = text.file_position(offset)
    return f"{path}:{line}:{col}"


def ambiguous(hits, folded: Folded, text: SourceText, path: str) -> tuple[str, str]:
    lines = ", ".join(str(text.file_position(folded.at(h))[0]) for h in hits[:6])
    return (
        f"the quote occurs {len(hits)} times in {path} (lines {lines})",
        "add `prefix:` (words just before) or `suffix:` (words just after) to pick one",
    )


def context_mismatch(
    hits: list[int], quote: str, folded: Folded, text: SourceText, path: str, context: list
) -> tuple[str, str]:
    """The words are there, but not with the prefix or suffix given: show what surrounds
    the occurrence whose surroundings come nearest to them, so the editor can copy it."""
    best = max(hits[:200], key=lambda h: context_score(folded.text, h, h + len(quote), *context))
    start, end = folded.span(best, best + len(quote))
    before, after = around(text.text, start, end)
    times = f" (of {len(hits)} places, the one whose context is nearest)" if len(hits) > 1 else ""
    return (
        f"the quote is at {where(text, path, start)}{times}, but not with this prefix/suffix",
        f'there it is preceded by "{before}" and followed by "{after}"',
    )


def context_score(haystack: str, start: int, end: int, prefix: str | None, suffix: str | None) -> float:
    """How close the text around a hit comes to the prefix and suffix the editor gave
    (their 200 characters nearest the quote: the schema's limit, and a bound on the work)."""
    score, prefix, suffix = 0.0, prefix and prefix[-200:], suffix and suffix[:200]
    if prefix:
        score += fuzz.ratio(prefix, haystack[max(0, start - len(prefix) - 1) : start].strip())
    if suffix:
        score += fuzz.ratio(suffix, haystack[end : end + len(suffix) + 1].strip())
    return score


def around(text: str, start: int, end: int) -> tuple[str, str]:
    """About CONTEXT characters before and after [start, end), within its paragraphs and
    cut at word edges, so what the editor is shown can be copied into prefix/suffix."""
    a, b = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    while 0 < a < start and text[a - 1].isalnum():
        a += 1
    while end < b < len(text) and text[b].isalnum():
        b -= 1
    return text[a:start].split("\n\n")[-1].strip(), text[end:b].split("\n\n")[0].strip()


def not_found(quote: str, folded: Folded, text: SourceText, path: str) -> tuple[str, str]:
    """Show the closest passage and where it is, so the editor can copy the exact words.
    The similarity shown is of the quote to that passage as a whole (partial_ratio alone
    says 100% when the whole source text occurs inside a longer quote)."""
    best = fuzz.partial_ratio_alignment(quote, folded.text)
    if best is None or best.score < 40 or best.dest_end <= best.dest_start:
        return f"the quote is not in {path}", "copy the exact words from the source file"
    start, end = widen_to_words(text.text, *folded.span(best.dest_start, best.dest_end))
    start, end = aligned_span(quote, text.text, *around_span(text.text, start, end)) or (start, end)
    closest = text.text[start:end].replace("\n\n", " ¶ ")
    similarity = fuzz.ratio(quote, fold_quote(closest))
    changes = word_changes(quote, closest)
    differ = f"; the words that differ: {', '.join(changes)}" if changes else ""
    return (
        f"the quote is not in the source; the closest passage ({similarity:.0f}% similar) "
        f'is at {where(text, path, start)}: "{closest}"{differ}',
        "copy the source's exact words; only spacing, quote marks and dashes may differ",
    )


def around_span(text: str, start: int, end: int, words: int = 3) -> tuple[int, int]:
    """[start, end) with `words` more words either side: room for the words a fuzzy
    alignment cut off, and not more (farther words would line up by chance)."""
    for _ in range(words):
        start = text.rfind(" ", 0, max(0, start - 1)) + 1 if start > 0 else 0
        nxt = text.find(" ", min(len(text), end + 1))
        end = len(text) if nxt == -1 else nxt
    return start, end


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a fuzzy span to whole words so the suggestion can be copied as it stands, without
    the spaces or paragraph breaks an alignment can take in at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end
