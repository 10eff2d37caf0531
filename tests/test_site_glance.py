"""A claim page at a glance, read from the built pages: the comparison strip (one row per
outlet, fidelity and stance as symbol and word, the first quoted words, omissions as "Left
out" with a link to their why), the verdict meter (five positions, the rating's own marked),
the one-sentence verdict in the box, the link preview and the ClaimReview, and the page's
weight (under 20 KB gzipped) on every claim page of the shipped content."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sitepages import REPO, build_site_from, built_sample, page  # noqa: F401 (fixture)

GZIP_BUDGET = 20 * 1024


@pytest.fixture(scope="module")
def fund(built_sample):
    return page(built_sample, "claims/fund-size/")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    return build_site_from(REPO / "content", tmp_path_factory.mktemp("shipped") / "site")


def test_the_strip_has_a_row_per_outlet_with_fidelity_stance_and_words(fund):
    rows = fund.select("section.strip tbody tr")
    cards = fund.select(".columns > .column")
    covered = [r for r in rows if "strip-omitted" not in r["class"]]
    assert [r.th.get_text(strip=True) for r in covered] == [c.h3.get_text(strip=True) for c in cards]
    for row, card in zip(covered, cards):
        fidelity, stance, words = (td.get_text(" ", strip=True) for td in row.find_all("td"))
        assert fidelity == card.select(".stance-line .term-link")[0].get_text(" ", strip=True)
        assert stance == card.select(".stance-line .term-link")[1].get_text(" ", strip=True)
        assert row.select_one(".symbol").get_text(strip=True), "a symbol beside the word, never colour alone"
        first = card.select_one("blockquote mark").get_text()
        assert words.strip("“”…") and first.startswith(words.strip("“”…")), (words, first)
        assert row.th.a["href"] == "#" + card["id"]


def test_an_omission_is_a_left_out_row_linking_to_its_why(fund):
    row = fund.select_one("section.strip tr.strip-omitted")
    assert "Left out" in row.get_text()
    why = row.find("a", string="Why it matters")["href"]
    assert fund.select_one(why.replace("#", "li#")) is not None


def test_long_quoted_words_are_trimmed_at_a_word(built_sample):
    for path in sorted((built_sample / "claims").glob("*/index.html")):
        for cell in page(built_sample, f"claims/{path.parent.name}/").select(".strip-words"):
            words = cell.get_text(strip=True)
            assert len(words) <= 124, words


def test_the_meter_marks_the_rating_among_five_positions(fund):
    meter = fund.select_one("section.verdict .meter")
    labels = [li.select_one(".meter-label").get_text(strip=True) for li in meter.select("li")]
    assert labels == ["Inaccurate", "Mostly inaccurate", "Missing context", "Mostly accurate", "Accurate"]
    current = meter.select("li.on")
    assert len(current) == 1 and current[0]["aria-current"] == "true"
    assert current[0].select_one(".meter-mark").get_text() == "▼"
    assert "Position 5 of 5" in meter.get_text(" ", strip=True)


def test_an_opinion_has_no_meter_and_no_verdict_sentence(built_sample):
    soup = page(built_sample, "claims/better-plans/")
    assert soup.select_one("section.verdict .meter") is None
    assert soup.select_one("section.verdict .verdict-text") is None


def test_the_verdict_sentence_is_in_the_box_the_preview_and_the_claimreview(fund):
    sentence = "The fund's size is €1 billion."
    assert fund.select_one("section.verdict .verdict-text").get_text(strip=True) == sentence
    for meta in ({"property": "og:description"}, {"name": "description"}, {"name": "twitter:description"}):
        assert fund.find("meta", attrs=meta)["content"] == f"Accurate: {sentence}"
    review = json.loads(fund.find("script", type="application/ld+json").string)
    explanation = review["reviewRating"]["ratingExplanation"]
    assert explanation.startswith(sentence) and explanation.count(sentence) == 1  # the summary opens with it


def test_every_shipped_rated_claim_has_a_verdict_and_a_meter(shipped):
    for path in sorted((shipped / "claims").glob("*/index.html")):
        if path.parent.name == "page":
            continue
        soup = page(shipped, f"claims/{path.parent.name}/")
        if soup.select_one("section.verdict a.rating") is None:
            continue  # an opinion
        assert soup.select_one(".verdict-text").get_text(strip=True), path
        assert len(soup.select(".meter li")) == 5 and len(soup.select(".meter li.on")) <= 1, path


def test_every_shipped_claim_page_is_under_20_kb_gzipped(shipped):
    sizes = {p.parent.name: len(gzip.compress(p.read_bytes(), 9)) for p in (shipped / "claims").glob("*/index.html")}
    heavy = {name: size for name, size in sizes.items() if size >= GZIP_BUDGET}
    assert sizes and not heavy, heavy
