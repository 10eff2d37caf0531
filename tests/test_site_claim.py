"""The claim page as a reader sees it: the claim, the rating badge with the scale one click
away, what we found, then one column per quoted article side by side, the outlets that left
the claim out, the evidence, corrections at the top, and the byline."""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from sitepages import build_site_from, built_sample, edit, page, sample_copy  # noqa: F401 (fixture)


@pytest.fixture(scope="module")
def fund(built_sample):
    return page(built_sample, "claims/fund-size/")


def columns(soup):
    return soup.select("section.framing .columns > section.column")


def test_one_column_per_quoted_article_in_the_content_order(fund):
    cols = columns(fund)
    assert [c.h3.get_text(strip=True) for c in cols] == ["The Daily Example", "Example Wire"]
    first = cols[0]
    assert first.select_one("p.article a").get_text() == "Ministers agree on a plan"
    assert first.select_one("p.article time")["datetime"] == "2021-10-22"
    assert first.select_one(".stance-line").get_text(" ", strip=True) == "Fidelity ≠ Distorted Stance ● Neutral"
    assert first.select_one(".note").get_text(" ", strip=True) == "What differs Gives the figure in dollars ."
    assert cols[1].select_one(".note") is None  # faithful, no note


def test_every_claim_page_has_as_many_columns_as_quoted_articles(built_sample):
    expected = {"fund-size": 2, "plan-secret": 2, "better-plans": 1, "attack-not-inevitable": 1}
    for claim, count in expected.items():
        assert len(columns(page(built_sample, f"claims/{claim}/"))) == count, claim


def test_passages_are_shown_in_context_with_the_quote_marked(fund):
    quote = columns(fund)[0].select_one("figure.quote blockquote")
    assert quote.mark.get_text() == "an initial $ 1 billion for new technologies"
    before, after = quote.select("span.context")
    assert before.get_text().startswith("“We continue to strengthen our alliance")
    assert before.get_text().endswith("who also announced ")
    assert after.get_text() == "."


def test_each_passage_links_to_its_mark_in_our_copy(built_sample, fund):
    link = columns(fund)[0].find("a", string="See it in the article")
    target = urlsplit(link["href"])
    assert target.path == "../../sources/daily-report/"
    source = page(built_sample, "sources/daily-report/")
    mark = source.find(id=target.fragment)
    assert mark.name == "mark"
    # a drift rendering inside the quote cuts it into pieces: the quote is the marks up to its claim link
    words = mark.get_text()
    for sibling in mark.next_siblings:
        if sibling.name == "sup" and "claims/fund-size/" in sibling.a["href"]:
            break
        if sibling.name != "sup":  # the drift rendering's own link, Δ
            words += sibling.get_text() if sibling.name == "mark" else "<gap>"
    assert words == "an initial $ 1 billion for new technologies"


def test_passage_links_to_the_original_with_a_text_fragment_only_when_its_address_is_known(fund):
    daily, wire = columns(fund)
    original, = [a for a in daily.select("figcaption a") if "original" in a.get_text()]
    url, _, directive = original["href"].partition("#:~:text=")
    assert url == "https://daily.example.org/2021/10/22/plan"
    assert unquote(directive) == "an initial $ 1 billion for new technologies"
    assert "original" not in wire.get_text().lower()  # the wire story's address is not established


def test_frames_and_devices_are_chips_linking_to_their_definitions(built_sample):
    soup = page(built_sample, "claims/plan-secret/")
    glossary = page(built_sample, "glossary/")
    chips = soup.select("a.chip")
    assert {c.get_text() for c in chips} == {"Security and defense", "Scare quotes"}
    for chip in chips:
        path, _, fragment = chip["href"].partition("#")
        assert path == "../../glossary/"
        assert glossary.find(id=fragment) is not None, fragment
        assert chip["title"]  # the definition, on hover


def test_outlets_that_left_the_claim_out_are_listed_with_why_it_matters(fund):
    section = fund.select_one("section.omissions")
    assert section.h3.get_text() == "Left out, and why it matters"
    items = section.select("li")
    assert len(items) == 1
    assert items[0]["id"] == "omit-silent"
    assert items[0].get_text(" ", strip=True) == \
        "The Silent Weekly left it out. The weekly reported the meeting but not the fund, the one figure it produced."
    assert not section.select(".term-link, .cell-entry")  # an omission is no stance and no fidelity


def test_fidelity_and_stance_are_text_and_symbol_each_linked_to_its_definition(built_sample):
    glossary = page(built_sample, "glossary/")
    for claim in ("fund-size", "plan-secret", "better-plans", "attack-not-inevitable"):
        for col in columns(page(built_sample, f"claims/{claim}/")):
            links = col.select(".stance-line a")
            assert [a["href"].split("#")[1].split("-")[0] for a in links] == ["fidelity", "stance"]
            for a in links:
                assert a.select_one(".symbol").get_text() and a.get_text(strip=True) != a.select_one(".symbol").get_text()
                assert glossary.find(id=a["href"].split("#")[1]) is not None


def test_an_opinion_is_not_rated_and_shows_its_summary_as_context(built_sample):
    soup = page(built_sample, "claims/better-plans/")
    verdict = soup.select_one("section.verdict")
    assert verdict.h2.get_text() == "Opinion — not rated"
    assert verdict.select_one("a.rating") is None
    assert soup.find(id="found-h").get_text() == "Context"
    assert "A statement of intent that cannot be checked." in soup.select_one("section.found").get_text()
    assert not soup.find("script", type="application/ld+json")


def test_rating_badge_links_to_the_scale_and_the_verdict_comes_first(fund):
    verdict = fund.select_one("section.verdict")
    badge = verdict.select_one("a.rating")
    assert badge.get_text(" ", strip=True) == "Rating: Accurate"
    assert badge["href"] == "../../glossary/#rating-accurate"
    assert verdict.find("a", string="See the rating scale")["href"] == "../../methodology/#scale"
    order = [s["aria-labelledby"] for s in fund.select("article.claim > section, article.claim > aside")]
    assert order == ["verdict-h", "strip-h", "corrections-h", "found-h", "framing-h", "drift-h", "evidence-h"]


def test_corrections_follow_the_verdict_at_a_glance_with_their_dates(fund):
    """Under the verdict and the comparison strip, before what we found; the verdict box
    links down to them so a reader of the first screen knows the claim was corrected."""
    article = fund.select_one("article.claim")
    corrections = article.select_one("aside.corrections")
    assert corrections.find_previous("section", class_="strip") is not None
    assert corrections.find_next("section", class_="found") is not None
    assert article.select_one("section.verdict").find("a", string="Corrected since first published")["href"] == (
        "#corrections-h")
    assert corrections.time["datetime"] == "2026-11-23"
    assert "An earlier version gave the wrong day." in corrections.get_text()


def test_byline_has_author_and_dates_from_the_content(fund):
    byline = fund.select_one("footer.byline")
    assert byline.get_text(" ", strip=True) == \
        "Checked by Alex Sample · Reviewed by Robin Example Published 22 November 2026 ; updated 23 November 2026 ."
    assert [t["datetime"] for t in byline.find_all("time")] == ["2026-11-22", "2026-11-23"]


def test_evidence_is_listed_with_its_quote(fund):
    item = fund.select_one("ol.evidence li")
    assert item["id"] == "evidence-1"
    assert item.a["href"] == "https://ministry.example.org/statement"
    assert item.blockquote["cite"] == "https://ministry.example.org/statement"


def test_quotes_carry_cite_and_the_claimant_words_are_the_heading(fund):
    assert fund.h1.get_text(" ", strip=True) == "Claim: “The innovation fund will have €1 billion.”"
    for quote in fund.select("figure.quote blockquote"):
        assert quote["cite"].startswith("https://")


def test_a_claim_only_omitted_says_so(tmp_path):
    content = sample_copy(tmp_path)
    edit(content / "claims" / "better-plans.yaml", """  - source: daily-report
    fidelity: faithful
    stance: neutral
    frames: [security-defense]
    devices: [appeal-to-authority]
    passages:
      - quote: "\\"We continue to strengthen our alliance with better and better plans,\\" said the Secretary General"
""", "")
    soup = page(build_site_from(content, tmp_path / "site"), "claims/better-plans/")
    assert columns(soup) == []
    assert "No outlet we follow reported this claim." in soup.get_text()
    assert len(soup.select("section.omissions li")) == 1
