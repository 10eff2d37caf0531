"""Words in another language than the site's carry it: a source's text, title and quotes
(wherever they appear) take the source's `language`, an evidence item's title, quote and
the drift originals quoted from it take the item's, and a right-to-left script is set
right to left. Built pages read back with BeautifulSoup."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitepages import build_site_from, edit, page, sample_copy

ARABIC_TEXT = "قال الوزراء يوم الجمعة إنَّ الصندوقَ سيمتلكُ مليارَ يورو للاستثمار في التقنيات الجديدة.\n"
ARABIC_SOURCE = f"""---
title: الصندوق سيمتلك مليار يورو
outlet: gulf
published: "2021-10-22"
language: ar
not_established: [url]
---
{ARABIC_TEXT}"""
GULF = """name: The Gulf Example
country: Nowhere
language: Arabic
kind: daily newspaper
description: A fictional Arabic-language daily used in tests.
not_established: [url]
"""
COVERAGE = """  - source: gulf-fund
    fidelity: faithful
    stance: neutral
    frames: [economic]
    passages:
      - quote: سيمتلك مليار يورو للاستثمار
  - omission: silent"""
RENDERING = """      - source: gulf-fund
        quote: مليار يورو
    note: The daily"""


def multilingual(folder: Path, site_language: str = "en") -> Path:
    """The sample with an Arabic article quoted by the fund claim (a card, a strip row and
    a drift rendering) and the claim's evidence in Russian, built into folder/site."""
    content = sample_copy(folder)
    (content / "outlets" / "gulf.yaml").write_text(GULF, encoding="utf-8")
    (content / "sources" / "gulf-fund.txt").write_text(ARABIC_SOURCE, encoding="utf-8")
    claim = content / "claims" / "fund-size.yaml"
    edit(claim, "  - omission: silent", COVERAGE)
    edit(claim, "    note: The daily", RENDERING)
    edit(claim, "    original: EUR 1 billion", "    original: 1 млрд евро")
    edit(claim, "    quote: The fund will have EUR 1 billion.", "    quote: Фонд получит 1 млрд евро.\n    language: ru")
    edit(content / "site.yaml", "language: en", f"language: {site_language}")
    return build_site_from(content, folder / "site")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return multilingual(tmp_path_factory.mktemp("languages"))


def test_the_source_page_sets_its_text_and_title_in_the_source_s_language(site: Path):
    source = page(site, "sources/gulf-fund/")
    assert source.html["lang"] == "en" and not source.html.has_attr("dir")
    text = source.select_one("#article-text")
    assert (text["lang"], text["dir"]) == ("ar", "rtl")
    title = source.select_one("h1 span[lang]")
    assert (title["lang"], title["dir"], title.get_text()) == ("ar", "rtl", "الصندوق سيمتلك مليار يورو")
    marked = "".join(m.get_text() for m in text.select("mark"))  # pieces, cut where the drift's passage starts
    assert marked == "سيمتلكُ مليارَ يورو للاستثمار"  # the pointed words the plain quote landed on


def test_the_source_s_search_record_names_its_language(site: Path):
    head = page(site, "sources/gulf-fund/").head
    meta = {m["data-pagefind-meta"]: m["content"] for m in head.select("meta[data-pagefind-meta]")}
    assert (meta["language[content]"], meta["direction[content]"]) == ("ar", "rtl")


def test_quotes_on_the_claim_page_carry_their_source_s_language(site: Path):
    claim = page(site, "claims/fund-size/")
    card = claim.select_one("#cover-gulf-fund blockquote")
    assert (card["lang"], card["dir"]) == ("ar", "rtl")
    assert claim.select_one("#cover-gulf-fund p.article span[lang='ar']")["dir"] == "rtl"
    english = claim.select_one("#cover-wire-story blockquote")
    assert not english.has_attr("lang") and english.find_parent(attrs={"lang": True}).name == "html"
    strip = [td for td in claim.select("td.strip-words") if td.has_attr("lang")]
    assert [(td["lang"], td["dir"]) for td in strip] == [("ar", "rtl")]
    assert strip[0].get_text() == "“سيمتلكُ مليارَ يورو للاستثمار”"


def test_evidence_and_drift_originals_carry_the_evidence_language(site: Path):
    claim = page(site, "claims/fund-size/")
    evidence = claim.select_one("ol.evidence blockquote")
    assert evidence["lang"] == "ru" and not evidence.has_attr("dir")  # Cyrillic is left to right
    for drift_page in (claim, page(site, "drift/"), page(site, "sources/gulf-fund/")):
        original = drift_page.select_one("td[data-label='The original words'] q")
        assert (original["lang"], original.get_text()) == ("ru", "1 млрд евро")
        renderings = {q.get_text(): (q.get("lang"), q.get("dir")) for q in drift_page.select("ul.renderings q")}
        assert renderings["مليارَ يورو"] == ("ar", "rtl")  # the source's pointed words


def test_the_articles_list_marks_each_title_in_its_language(site: Path):
    titles = page(site, "sources/").select("a span[lang]")
    assert [(t["lang"], t["dir"], t.get_text()) for t in titles] == [("ar", "rtl", "الصندوق سيمتلك مليار يورو")]


def test_a_right_to_left_site_sets_its_pages_rtl_and_english_quotes_ltr(tmp_path: Path):
    site = multilingual(tmp_path, site_language="ar")
    claim = page(site, "claims/fund-size/")
    assert (claim.html["lang"], claim.html["dir"]) == ("ar", "rtl")
    english = claim.select_one("#cover-wire-story blockquote")
    assert (english["lang"], english["dir"]) == ("en", "ltr")
    assert not claim.select_one("#cover-gulf-fund blockquote").has_attr("lang")  # the page's own language
    source = page(site, "sources/wire-story/")
    assert (source.select_one("#article-text")["lang"], source.select_one("#article-text")["dir"]) == ("en", "ltr")


def test_the_page_s_own_words_inside_the_article_are_set_back_in_the_page_s_language(site: Path):
    text = page(site, "sources/gulf-fund/").select_one("#article-text")
    notes, cites = text.select("span.side"), text.select("sup.cite")
    assert notes and cites
    for element in notes + cites:
        assert (element["lang"], element["dir"]) == ("en", "ltr"), element
    english = page(site, "sources/wire-story/").select_one("#article-text")
    assert not any(e.has_attr("lang") for e in english.select("span.side, sup.cite"))
