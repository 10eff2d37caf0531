"""Compare `new source --from-html` with trafilatura and readability-lxml on saved real
news pages (benchmarks/import/pages/, described in README.md there).

    .venv/bin/pip install -e '.[bench]'            # readability-lxml
    .venv/bin/python benchmarks/import/compare.py               # the "final" split
    .venv/bin/python benchmarks/import/compare.py --split dev   # the pages the importer was tuned on
    .venv/bin/python benchmarks/import/compare.py --pages       # one row per page as well
    .venv/bin/python benchmarks/import/compare.py --split unseen --pages  # sites never seen
    .venv/bin/python benchmarks/import/compare.py --split fundus --pages  # Fundus's test pages

For each page and each extractor: token-level precision, recall and F1 of the body text
against the gold text (tokens are lower-cased `\\w+` runs, counted as a multiset), and
whether the headline equals the gold headline after folding case, white space, quote
marks and dashes. The table prints the mean of each over the pages of the split.
Sources are published verbatim, so precision is reported beside F1: a low precision
means words on the page that are not the article's (a teaser, an advert, a caption).

The `unseen` split (snippets.json) has no gold text but, per page, sentences that must be
in the extracted text ("with") and sentences that must not ("without"), as in
trafilatura's own evaluation: a "with" snippet found is a true positive, one missing a
false negative; a "without" snippet found is a false positive, one absent a true
negative. Precision, recall and F1 are counted over all snippets of the split, and the
output and the snippets are normalised alike for every extractor (`snippet_form`).
Its headline is the title trafilatura's annotators gave the page.

The `mozilla` split (mozilla.json) is scored like the Scrapinghub splits, by token F1 of
the body text against a gold text, which is Readability.js's expected output for the page
in mozilla/readability's tests; its titles are Readability.js's output too (with a site's
suffix), not a headline someone annotated, so the headline is not measured there.

The `fundus` split (fundus.json) is scored exactly as the Scrapinghub splits, text and
headline: its gold is the body and title that Fundus's hand-written parser for each site
must produce on the page (flairNLP/fundus's parser tests).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

Extractor = Callable[[bytes], tuple[str, str]]  # raw page → (headline, body text)


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    headline: bool


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def text_score(predicted: str, gold: str) -> tuple[float, float, float]:
    p, g = tokens(predicted), tokens(gold)
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def folded(headline: str) -> str:
    """The headline with case, white space, quote marks and dashes folded (not entities:
    an `&#8211;` left in a headline is a wrong headline)."""
    text = unicodedata.normalize("NFKC", headline).casefold()
    text = re.sub(r"[‘’‚‛′`]", "'", text)
    text = re.sub(r"[“”„‟″«»]", '"', text)
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(".")


def snippet_form(text: str) -> str:
    """Text as snippets are matched in it: NFKC, quote marks and dashes folded, every run
    of white space one space. Case is kept, as in trafilatura's evaluation."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[‘’‚‛′`]", "'", text)
    text = re.sub(r"[“”„‟″«»]", '"', text)
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def ours(raw: bytes) -> tuple[str, str]:
    """What `new source --from-html` writes; nothing for a page it refuses."""
    from sidelight.editor.article import extract, has_article

    article = extract(raw)
    if not has_article(article):
        return "", ""  # the same test as import_article's refusal
    title = article.facts.get("title")
    return (title.value if title else ""), "\n\n".join(article.paragraphs)


def title_and_text(doc: object) -> tuple[str, str]:
    """Headline and text of what trafilatura returns (a Document, or None for nothing)."""
    if doc is None:
        return "", ""
    return getattr(doc, "title", None) or "", getattr(doc, "text", None) or ""


def with_trafilatura(raw: bytes) -> tuple[str, str]:
    import trafilatura

    return title_and_text(trafilatura.bare_extraction(raw, with_metadata=True))


def with_trafilatura_eval_settings(raw: bytes) -> tuple[str, str]:
    """Trafilatura as its own evaluation runs it (comments left out, tables kept); its
    default, used in the row above, keeps a page's comments."""
    import trafilatura

    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=True)
    return title_and_text(doc)


def with_readability(raw: bytes) -> tuple[str, str]:
    import lxml.html
    from readability import Document

    document = Document(raw)
    summary = lxml.html.fromstring(document.summary())
    for block in summary.iter("p", "div", "li", "h1", "h2", "h3", "h4", "br", "td"):
        block.tail = "\n" + (block.tail or "")
    return document.short_title() or "", summary.text_content()


EXTRACTORS: dict[str, Extractor] = {
    "ours": ours,
    "trafilatura": with_trafilatura,
    "readability-lxml": with_readability,
}


def versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "ours": "sidelight",
        "trafilatura": version("trafilatura"),
        "readability-lxml": version("readability-lxml"),
    }


UNSEEN_EXTRACTORS: dict[str, Extractor] = {
    "ours": ours,
    "trafilatura": with_trafilatura,
    "trafilatura, no comments": with_trafilatura_eval_settings,
    "readability-lxml": with_readability,
}


@dataclass
class Snippets:
    """One extractor's counts on one page of the `unseen` split."""

    found_with: int
    missed_with: int
    found_without: int
    absent_without: int
    headline: bool


def load_unseen() -> list[dict]:
    return json.loads((HERE / "snippets.json").read_text(encoding="utf-8"))["pages"]


def snippet_counts(page: dict, headline: str, body: str) -> Snippets:
    text = snippet_form(body)
    found_with = sum(snippet_form(s) in text for s in page["with"])
    found_without = sum(snippet_form(s) in text for s in page["without"])
    return Snippets(
        found_with,
        len(page["with"]) - found_with,
        found_without,
        len(page["without"]) - found_without,
        folded(headline) == folded(page.get("title", "")),
    )


def extracted(name: str, extract: Extractor, page: dict, raw: bytes) -> tuple[str, str]:
    """(headline, text) of `extract` on a page; an extractor that raises on a page gave
    nothing for it (it scores as an empty output), and the failure is printed."""
    try:
        return extract(raw)
    except Exception as error:  # one page's failure is a miss, not a stop
        print(f"{page['page'][:12]}: {name} failed: {type(error).__name__}: {error}")
        return "", ""


def score_unseen(pages: list[dict]) -> dict[str, list[Snippets]]:
    """A crash counts as an empty output (every "with" missed), and is printed."""
    scores: dict[str, list[Snippets]] = {name: [] for name in UNSEEN_EXTRACTORS}
    for page in pages:
        raw = gzip.decompress((HERE / "pages" / page["page"]).read_bytes())
        for name, extract in UNSEEN_EXTRACTORS.items():
            headline, body = extracted(name, extract, page, raw)
            scores[name].append(snippet_counts(page, headline, body))
    return scores


def unseen_table(scores: dict[str, list[Snippets]]) -> str:
    known = versions()
    known["trafilatura, no comments"] = known["trafilatura"]
    rows = [
        "| extractor | F1 | precision | recall | accuracy | with found | without found | headline |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, per_page in scores.items():
        tp = sum(s.found_with for s in per_page)
        fn = sum(s.missed_with for s in per_page)
        fp = sum(s.found_without for s in per_page)
        tn = sum(s.absent_without for s in per_page)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(
            f"| {name} {known[name]} | {f1:.3f} | {precision:.3f} | {recall:.3f} "
            f"| {(tp + tn) / (tp + fn + fp + tn):.3f} | {tp}/{tp + fn} | {fp}/{fp + tn} "
            f"| {sum(s.headline for s in per_page)}/{len(per_page)} |"
        )
    return "\n".join(rows)


def unseen_page_rows(pages: list[dict], scores: dict[str, list[Snippets]]) -> str:
    """Per page and extractor: "with" found/all, "without" found/all, ✓ for a right headline."""
    names = list(scores)
    rows = [
        "| page | site | " + " | ".join(names) + " |",
        "| --- | --- | " + " | ".join("---" for _ in names) + " |",
    ]
    for i, page in enumerate(pages):
        cells = []
        for n in names:
            s = scores[n][i]
            cells.append(
                f"{s.found_with}/{len(page['with'])} {s.found_without}/{len(page['without'])} "
                f"{'✓' if s.headline else '✗'}"
            )
        rows.append(f"| {page['page'][:12]} | {page['site']} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main_unseen(show_pages: bool) -> None:
    pages = load_unseen()
    scores = score_unseen(pages)
    print(f"{len(pages)} pages (unseen): snippets, counted over the split\n")
    print(unseen_table(scores))
    if show_pages:
        print()
        print('Per page: "with" snippets found, "without" snippets found, headline.\n')
        print(unseen_page_rows(pages, scores))


def text_table(scores: dict[str, list[Score]]) -> str:
    """Like `table`, without the headline, which a split without a headline gold cannot score."""
    known = versions()
    rows = ["| extractor | F1 | precision | recall |", "| --- | --- | --- | --- |"]
    for name, per_page in scores.items():
        rows.append(
            f"| {name} {known[name]} | {mean([s.f1 for s in per_page]):.3f} "
            f"| {mean([s.precision for s in per_page]):.3f} | {mean([s.recall for s in per_page]):.3f} |"
        )
    return "\n".join(rows)


# The held-out sets kept in a file of their own (the Scrapinghub splits share gold.json),
# and what a split's first line says of its gold.
SPLIT_FILES = {"fundus": "fundus.json", "mozilla": "mozilla.json"}
GOLD_NOTES = {"mozilla": ": token F1 against Readability.js's expected text; headline not measured"}


def load(split: str) -> list[dict]:
    if split in SPLIT_FILES:
        return json.loads((HERE / SPLIT_FILES[split]).read_text(encoding="utf-8"))["pages"]
    pages = json.loads((HERE / "gold.json").read_text(encoding="utf-8"))
    return [p for p in pages if split in ("all", p["split"])]


def score_all(pages: list[dict]) -> dict[str, list[Score]]:
    scores: dict[str, list[Score]] = {name: [] for name in EXTRACTORS}
    for page in pages:
        raw = gzip.decompress((HERE / "pages" / page["page"]).read_bytes())
        for name, extract in EXTRACTORS.items():
            headline, body = extracted(name, extract, page, raw)
            precision, recall, f1 = text_score(body, page["text"])
            right = "headline" in page and folded(headline) == folded(page["headline"])
            scores[name].append(Score(precision, recall, f1, right))
    return scores


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def table(scores: dict[str, list[Score]]) -> str:
    known = versions()
    rows = [
        "| extractor | F1 | precision | recall | headline |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, per_page in scores.items():
        rows.append(
            f"| {name} {known[name]} | {mean([s.f1 for s in per_page]):.3f} "
            f"| {mean([s.precision for s in per_page]):.3f} | {mean([s.recall for s in per_page]):.3f} "
            f"| {sum(s.headline for s in per_page)}/{len(per_page)} |"
        )
    return "\n".join(rows)


def page_rows(pages: list[dict], scores: dict[str, list[Score]]) -> str:
    names = list(scores)
    rows = [
        "| page | kind | site | " + " | ".join(names) + " |",
        "| --- | --- | --- | " + " | ".join("---" for _ in names) + " |",
    ]
    for i, page in enumerate(pages):
        site = page.get("site") or re.sub(r"^https?://(www\.)?", "", page["url"]).split("/")[0]
        mark = {True: " ✓", False: " ✗"} if "headline" in page else {True: "", False: ""}
        cells = [f"{scores[n][i].f1:.3f}{mark[scores[n][i].headline]}" for n in names]
        kind = page.get("kind", page.get("test_page"))
        rows.append(f"| {page['page'][:12]} | {kind} | {site} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    splits = ("fundus", "mozilla", "unseen", "second", "final", "test", "fresh", "dev", "all")
    parser.add_argument("--split", choices=splits, default="final")
    parser.add_argument("--pages", action="store_true", help="a row per page (F1 and ✓ for a right headline)")
    parser.add_argument("--only", choices=sorted(UNSEEN_EXTRACTORS), help="run this extractor alone")
    args = parser.parse_args()
    if args.only:  # the others' rows left out: their figures are unchanged by ours
        for extractors in (EXTRACTORS, UNSEEN_EXTRACTORS):
            for name in [n for n in extractors if n != args.only]:
                del extractors[name]
    if args.split == "unseen":
        main_unseen(args.pages)
        return
    pages = load(args.split)
    scores = score_all(pages)
    headlines = all("headline" in page for page in pages)
    print(f"{len(pages)} pages ({args.split}){GOLD_NOTES.get(args.split, '')}\n")
    print(table(scores) if headlines else text_table(scores))
    if args.pages:
        print()
        if not headlines:
            print("Per page: F1 (no headline mark: not measured).\n")
        print(page_rows(pages, scores))


if __name__ == "__main__":
    main()
