"""Topic pages with their grid, the comparison matrix and its orderings, the glossary, the
methodology page's rating scale, the 404 page, and index pages of at most 50 items."""
from __future__ import annotations

import re

import pytest

from sidelight.pages.home import HOME_LATEST
from sitepages import add_claims, build_site_from, built_sample, page, sample_copy  # noqa: F401 (fixture)


def grid_rows(soup) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in soup.select("table.grid tbody tr")]


def test_matrix_has_every_claim_against_every_outlet_with_symbol_and_words(built_sample):
    matrix = page(built_sample, "matrix/")
    heads = [th.get_text(strip=True) for th in matrix.select("table.grid thead th")]
    assert heads == ["Claim and our rating", "The Daily Example", "The Silent Weekly", "Example Wire"]
    rows = {r[0].split(" Rating:")[0].split(" Opinion")[0]: r[1:] for r in grid_rows(matrix)}
    both = "Fidelity: {} Stance: {}".format
    assert rows == {
        "The plan is secret.": [both("= Faithful", "▲ Endorses"), "", both("= Faithful", "● Neutral")],
        "The innovation fund will have €1 billion.": [both("≠ Distorted", "● Neutral"), "Left out",
                                                      both("= Faithful", "● Neutral")],
        "The alliance is strengthened with better and better plans.": [both("= Faithful", "● Neutral"), "",
                                                                       "Left out"],
        "Officials said they do not consider an attack inevitable.": [both("= Faithful", "● Neutral"), "", ""]}


def test_matrix_cells_link_to_the_quoted_passage(built_sample):
    matrix = page(built_sample, "matrix/")
    cell = matrix.find("a", class_="fidelity-distorted")
    path, _, fragment = cell["href"].partition("#")
    assert path == "../sources/daily-report/"
    mark = page(built_sample, "sources/daily-report/").find(id=fragment)
    # the quote's first piece: a drift rendering inside it cuts it
    assert mark.name == "mark" and "fund-size" in mark["data-claims"]
    assert "an initial $ 1 billion for new technologies".startswith(mark.get_text())
    omission = matrix.select_one("a.omitted")["href"]
    assert omission.startswith("../claims/") and "#omit-" in omission


@pytest.mark.parametrize("path, first", [("matrix/", "The plan is secret."),
                                         ("matrix/by-rating/", "The innovation fund will have €1 billion."),
                                         ("matrix/by-claimant/", "Officials said they do not consider an attack"),
                                         ("matrix/by-topic/", "The plan is secret.")])
def test_matrix_orderings_are_pre_rendered_pages_linked_from_each_other(built_sample, path, first):
    soup = page(built_sample, path)
    assert grid_rows(soup)[0][0].startswith(first)
    links = soup.select("nav.orderings a")
    assert len(links) == 4
    current = [a for a in links if a.get("aria-current") == "page"]
    assert len(current) == 1
    assert not soup.find("script", src=True)


def test_rating_order_puts_truest_first_and_unrated_last(built_sample):
    rows = grid_rows(page(built_sample, "matrix/by-rating/"))
    ratings = ["Opinion" if "Opinion · not rated" in r[0] else r[0].split("Rating: ")[1].split(" ")[0] for r in rows]
    assert ratings == ["Accurate", "Accurate", "Mostly", "Opinion"]


def test_topic_page_lists_its_claims_and_grid_of_the_outlets_involved(built_sample):
    topic = page(built_sample, "topics/meeting/")
    assert len(topic.select("ul.claims li")) == 4
    assert [th.get_text(strip=True) for th in topic.select("table.grid thead th")][1:] == \
        ["The Daily Example", "The Silent Weekly", "Example Wire"]
    assert topic.select_one("header time")["datetime"] == "2021-10-21"


def test_glossary_defines_every_term_and_lists_every_use(built_sample):
    glossary = page(built_sample, "glossary/")
    assert [s["id"] for s in glossary.select("section.glossary-section")] == \
        ["ratings", "fidelities", "stances", "drift_kinds", "frames", "devices"]
    accurate = glossary.find(id="rating-accurate")
    assert "5 on our scale of 1 to 5, 5 the most accurate" in accurate.h3.get_text()
    assert {a.get_text() for a in accurate.select("ul.uses a")} == \
        {"Officials said they do not consider an attack inevitable.", "The innovation fund will have €1 billion."}
    unverifiable = glossary.find(id="rating-unverifiable")
    assert "not on the scale" in unverifiable.h3.get_text()
    neutral = glossary.find(id="stance-neutral")
    assert neutral.summary.get_text() == "Used 5 times"
    uses = [li.get_text(" ", strip=True) for li in neutral.select("ul.uses li")]
    assert "The plan is secret. — Example Wire" in uses
    scare = glossary.find(id="device-scare-quotes")
    assert scare.select_one("ul.uses a")["href"] == "../claims/plan-secret/#cover-daily-report"
    assert glossary.find(id="frame-morality").select_one("p.meta").get_text() == "Not used yet."
    distorted = glossary.find(id="fidelity-distorted")  # a fidelity shows its example
    assert distorted.select_one("p.example").get_text(" ", strip=True) == "Example: The daily gives the fund in dollars."


def test_each_term_has_pages_of_every_use(built_sample):
    neutral = page(built_sample, "glossary/stances/neutral/")
    assert neutral.h1.get_text(" ", strip=True) == "● Neutral"
    assert len(neutral.select("ul.uses li")) == 5
    assert neutral.select_one(".lead a")["href"] == "../../#stance-neutral"


def test_methodology_page_publishes_the_rating_numbers(built_sample):
    soup = page(built_sample, "methodology/")
    rows = {tr.th.get_text(strip=True): tr.find_all("td")[0].get_text(strip=True) for tr in soup.select("#scale tbody tr")}
    assert rows == {"Accurate": "5", "Mostly accurate": "4", "Missing context": "3", "Mostly inaccurate": "2",
                    "Inaccurate": "1", "Unverifiable": "none"}
    assert "no ratingValue" in soup.select_one("#scale").get_text(" ", strip=True).replace("<code>", "")


def test_about_page_comes_from_content_and_is_sanitised(built_sample):
    about = page(built_sample, "about/")
    assert about.h1.get_text() == "About"
    assert about.find("strong").get_text() == "sample"
    assert not about.find("script", string=re.compile("alert"))


def test_404_links_from_the_site_root_so_it_works_at_any_depth(built_sample):
    soup = page(built_sample, "404.html")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    hrefs = [a["href"] for a in soup.select("main a")]
    assert hrefs == ["/checks/", "/checks/claims/", "/checks/matrix/"]
    assert soup.find("link", rel="stylesheet")["href"] == "/checks/static/style.css"


def test_indexes_paginate_at_fifty_items(tmp_path):
    content = sample_copy(tmp_path)
    add_claims(content, 116)  # 120 claims in all: pages of 50, 50 and 20
    site = build_site_from(content, tmp_path / "site")
    counts = [len(page(site, p).select("ul.claims > li")) for p in ("claims/", "claims/page/2/", "claims/page/3/")]
    assert counts == [50, 50, 20]
    assert not (site / "claims" / "page" / "4").exists()
    middle = page(site, "claims/page/2/")
    assert middle.find("link", rel="prev")["href"] == "../../"
    assert middle.find("link", rel="next")["href"] == "../3/"
    assert middle.select_one(".pager a[aria-current=page]").get_text() == "2"
    assert len(grid_rows(page(site, "matrix/by-rating/page/3/"))) == 20
    assert len(grid_rows(page(site, "topics/meeting/page/2/"))) == 50
    assert len(page(site, "").select("ul.claims > li")) == HOME_LATEST
    glossary = page(site, "glossary/")  # bounded too: five uses a term, then a link to all
    mostly = glossary.find(id="rating-mostly-accurate")
    assert len(mostly.select("ul.uses li")) == 5
    assert mostly.find("a", string="All 117 uses of “Mostly accurate”")["href"] == "ratings/mostly-accurate/"
    assert len(page(site, "glossary/ratings/mostly-accurate/page/3/").select("ul.uses li")) == 17
