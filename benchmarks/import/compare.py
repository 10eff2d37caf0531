"""Compare `new source --from-html` with trafilatura and readability-lxml on saved real
news pages (benchmarks/import/pages/, described in README.md there).

    .venv/bin/pip install -e '.[bench]'            # readability-lxml
    .venv/bin/python benchmarks/import/compare.py               # the "final" split
    .venv/bin/python benchmarks/import/compare.py --split dev   # the pages the importer was tuned on
    .venv/bin/python benchmarks/import/compare.py --pages       # one row per page as well

For each page and each extractor: token-level precision, recall and F1 of the body text
against the gold text (tokens are lower-cased `\\w+` runs, counted as a multiset), and
whether the headline equals the gold headline after folding case, white space, quote
marks and dashes. The table prints the mean of each over the pages of the split.
Sources are published verbatim, so precision is reported beside F1: a low precision
means words on the page that are not the article's (a teaser, an advert, a caption).
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


def ours(raw: bytes) -> tuple[str, str]:
    """What `new source --from-html` writes; nothing for a page it refuses."""
    from sidelight.editor.article import MIN_WORDS, extract

    article = extract(raw)
    if article.words < MIN_WORDS or not article.paragraphs:
        return "", ""  # the same test as import_article's refusal
    title = article.facts.get("title")
    return (title.value if title else ""), "\n\n".join(article.paragraphs)


def with_trafilatura(raw: bytes) -> tuple[str, str]:
    import trafilatura

    doc = trafilatura.bare_extraction(raw, with_metadata=True)
    if doc is None:
        return "", ""
    return doc.title or "", doc.text or ""


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


def load(split: str) -> list[dict]:
    pages = json.loads((HERE / "gold.json").read_text(encoding="utf-8"))
    return [p for p in pages if split in ("all", p["split"])]


def score_all(pages: list[dict]) -> dict[str, list[Score]]:
    scores: dict[str, list[Score]] = {name: [] for name in EXTRACTORS}
    for page in pages:
        raw = gzip.decompress((HERE / "pages" / page["page"]).read_bytes())
        for name, extract in EXTRACTORS.items():
            headline, body = extract(raw)
            precision, recall, f1 = text_score(body, page["text"])
            scores[name].append(Score(precision, recall, f1, folded(headline) == folded(page["headline"])))
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
        site = re.sub(r"^https?://(www\.)?", "", page["url"]).split("/")[0]
        cells = [f"{scores[n][i].f1:.3f} {'✓' if scores[n][i].headline else '✗'}" for n in names]
        rows.append(f"| {page['page'][:12]} | {page['kind']} | {site} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("second", "final", "test", "fresh", "dev", "all"), default="final")
    parser.add_argument("--pages", action="store_true", help="a row per page (F1 and ✓ for a right headline)")
    args = parser.parse_args()
    pages = load(args.split)
    scores = score_all(pages)
    print(f"{len(pages)} pages ({args.split})\n")
    print(table(scores))
    if args.pages:
        print()
        print(page_rows(pages, scores))


if __name__ == "__main__":
    main()
