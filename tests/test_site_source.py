"""The source page: our copy of an article with every quoted passage marked. Marks can be
focused and name the claims citing them (CSS only); a margin lists those claims on wide
screens and an end list everywhere; metadata says plainly what is not established;
scraping leftovers listed in `leftovers:` are dimmed, never rewritten."""
from __future__ import annotations

import pytest

from sidelight.model.sourcetext import source_text
from sitepages import SAMPLE, build_site_from, built_sample, edit, page, sample_copy  # noqa: F401 (fixture)


@pytest.fixture(scope="module")
def daily(built_sample):
    return page(built_sample, "sources/daily-report/")


def test_every_passage_quoted_from_the_source_is_marked_with_its_id(built_sample, daily):
    ids = {m["id"] for m in daily.select("mark.passage[id]")}
    quoted = set()
    for claim in sorted(p.stem for p in (SAMPLE / "claims").glob("*.yaml")):
        for fig in page(built_sample, f"claims/{claim}/").select("figure.quote"):
            if "daily-report" in fig.find("a", string="See it in the article")["href"]:
                quoted.add(fig["id"])
    assert quoted and quoted == ids


def test_the_article_text_is_unchanged_by_the_marks(built_sample):
    """The words shown are exactly the source's words (the citation numbers and margin notes aside)."""
    text = page(built_sample, "sources/daily-report/").select_one("#article-text")  # a copy: it is changed below
    for extra in text.select("sup.cite, span.side"):
        extra.decompose()
    shown = [p.get_text() for p in text.select(".para > p")]
    body = (SAMPLE / "sources" / "daily-report.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert shown == source_text(body, 1).text.split("\n\n")


def test_marks_are_focusable_and_name_the_claims_citing_them(daily):
    overlap = daily.find("mark", string="better and better plans")
    assert overlap["tabindex"] == "0"
    assert overlap["data-tip"] == ("Cited by:\n1. The plan is secret. — Mostly accurate\n"
                                   "2. The alliance is strengthened with better and better plans. — Opinion, not rated")
    described = [daily.find(id=i) for i in overlap["aria-describedby"].split()]
    assert [d.get_text() for d in described] == ["The plan is secret.",
                                                 "The alliance is strengthened with better and better plans."]


def test_each_passage_is_followed_by_a_numbered_link_to_its_claim(daily):
    # A drift's rendering inside the passage splits its highlight; the passage keeps its id
    # on the first piece, and its claim's number follows the last.
    mark = daily.find("mark", id=lambda i: bool(i) and i.startswith("fund-size--") and "--drift-" not in i)
    text = mark.get_text()
    for node in mark.find_next_siblings(["mark", "sup"]):
        if node.name == "mark":
            text += node.get_text()
        elif "cite-drift" not in node.get("class", []):
            break
    assert text == "an initial $ 1 billion for new technologies"
    link = node.a
    assert link.get_text() == "3"
    assert link["href"] == f"../../claims/fund-size/#{mark['id']}"


def test_each_claim_has_one_margin_note_just_before_its_first_passage(daily):
    notes = daily.select("#article-text span.side")
    assert [n.get_text(" ", strip=True) for n in notes] == [
        "1 Mostly accurate The plan is secret.",
        "2 Opinion, not rated The alliance is strengthened with better and better plans.",
        "3 Accurate The innovation fund will have €1 billion.",
        "4 Accurate Officials said they do not consider an attack inevitable."]
    for note in notes:
        claim = note.a["href"].split("/")[-2]
        first = note.find_next_sibling("mark")
        assert first["id"].startswith(claim + "--"), (claim, first["id"])
        assert note["aria-hidden"] == "true" and note.a["tabindex"] == "-1"
    end = daily.select("section.cited ol > li")
    assert [li["value"] for li in end] == ["1", "2", "3", "4"]
    assert end[0].select("span.meta a")[-1]["href"] == "#plan-secret--bcf7c3"


def tone_of(badge) -> str:
    return next(c for c in badge["class"] if c.startswith("tone-")).removeprefix("tone-")


def test_marks_carry_the_verdict_of_the_claims_quoting_them(daily):
    """A mark's tone is the least true of its claims' ratings (as the end list's badges show
    them); the rating's words are in its tip and in its claim link's accessible name."""
    end = {li.a["href"].split("/")[-2]: li for li in daily.select("section.cited ol > li")}
    tone = {claim: tone_of(li.select_one(".rating")) for claim, li in end.items()}
    label = {claim: li.select_one(".rating").get_text().removeprefix("Rating: ") for claim, li in end.items()}
    label = {c: ("Opinion, not rated" if t == "off" else label[c]) for c, t in tone.items()}
    assert set(tone.values()) >= {"4", "3", "off"}  # the sample's page has more than one verdict to tell apart
    for mark in daily.select("mark.passage"):
        claims = mark["data-claims"].split()
        rated = sorted(tone[c] for c in claims if tone[c] != "off")
        assert f"verdict-{rated[0] if rated else 'off'}" in mark["class"]
        for claim in claims:
            assert label[claim] in mark["data-tip"]
    for sup in daily.select("sup.cite a"):
        claim = sup["href"].split("/")[-2].split("#")[0] if "claims/" in sup["href"] else None
        if claim:
            assert sup["aria-label"].startswith(f"Claim {sup.get_text()}, {label[claim]}: ")


def test_the_summary_counts_the_verdicts_of_the_claims_citing_the_article(daily):
    from collections import Counter

    from sidelight.build import pipeline

    site = pipeline.check(SAMPLE).site
    claims = site.claims_citing("daily-report")
    rated = Counter(site.vocabulary.term("ratings", c.rating).label for c in claims if c.rated)
    summary = daily.select_one("section.source-summary")
    shown = {li.select_one(".rating").get_text().removeprefix("Rating: "): int(li.select_one(".count").get_text())
             for li in summary.select(".verdict-counts li")}
    opinions = sum(not c.rated for c in claims)
    assert opinions and rated
    assert shown == {**rated, "Opinion · not rated": opinions}
    assert summary.p.get_text() == f"{len(claims)} claims cite this article. Their verdicts:"
    drift = summary.select_one(".drift-count a")
    assert drift["href"] == "#source-drift-h" and drift.get_text() == "One wording drift"
    assert len(daily.select("#source-drift-h")) == 1  # the drift table itself is not repeated


def test_metadata_says_what_is_not_established(built_sample):
    wire = page(built_sample, "sources/wire-story/")
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in wire.select("dl.facts dt")}
    assert facts["Headline"] == "Not established; the title above describes the article"
    assert facts["Published"] == "October 2021 (the exact day is not established)"
    assert facts["Original address"] == "Not established"
    assert facts["Author"] == "Not established"
    assert facts["Language"] == "English, translated from Russian"
    assert wire.select_one("dl.facts time")["datetime"] == "2021-10"


def test_known_metadata_is_shown_as_known(daily):
    facts = {dt.get_text(): dt.find_next_sibling("dd") for dt in daily.select("dl.facts dt")}
    assert "Headline" not in facts  # the heading is the headline
    assert facts["Original address"].a["href"] == "https://daily.example.org/2021/10/22/plan"
    assert facts["Published"].time["datetime"] == "2021-10-22"
    assert not daily.select("dl.facts .unknown")


def test_scraping_leftovers_are_dimmed_and_kept_verbatim(tmp_path):
    content = sample_copy(tmp_path)
    edit(content / "sources" / "wire-story.txt", "not_established: [title, url]\n---\n",
         "not_established: [title, url]\nleftovers: [\"RT\", \"• Photo: AP\"]\n"
         "publish: full\nlicence: Written for these tests.\n---\n"
         "RT\n\n  • Photo: AP\n\nIn a comment to RT, he said so.\n\n")
    soup = page(build_site_from(content, tmp_path / "site"), "sources/wire-story/")
    paragraphs = soup.select("#article-text .para > p")
    assert [p.get_text() for p in paragraphs[:3]] == ["RT", "• Photo: AP", "In a comment to RT, he said so."]
    assert [p.get("class") for p in paragraphs[:3]] == [["leftover"], ["leftover"], None]
    assert "Dimmed lines are leftovers" in soup.select_one("p.help").get_text()


def test_a_leftover_that_is_not_a_paragraph_is_reported_where_it_is_written(tmp_path, run_cli):
    content = sample_copy(tmp_path)
    edit(content / "sources" / "wire-story.txt", "not_established: [title, url]\n",
         "not_established: [title, url]\nleftovers:\n  - ministers said\n")
    run = run_cli("--content", "content", "check", "--strict")
    assert run.code == 1
    assert run.problems() == ["content/sources/wire-story.txt:10:5: warning: leftover `ministers said` is not a "
                              "whole paragraph of the text — write the paragraph exactly as it stands, alone between "
                              "blank lines"]
