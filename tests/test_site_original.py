"""A source that stores a translation can carry its original (`original:` in its front
matter, the text in sources/originals/): passages are anchored in both (`quote_original`)
and the source page shows the original beside the translation, marked and linked alike;
what goes wrong is said at the line to fix."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from original_sample import ORIGINAL, QUOTE_ORIGINAL, with_original
from sitepages import build_site_from, edit, page


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("original")
    return build_site_from(with_original(folder), folder / "site")


def test_the_original_stands_beside_the_translation_in_its_language(site: Path):
    source = page(site, "sources/wire-story/")
    pair = source.select_one("div.bilingual")
    assert [d["id"] for d in pair.find_all("div", recursive=False)] == ["article-text", "original-text"]
    original = pair.select_one("#original-text")
    assert original["lang"] == "ru" and not original.has_attr("dir")
    assert original.h3["lang"] == "en"  # the site's own words inside it
    headings = [h.get_text() for h in pair.select("h3.column-h")]
    assert headings == ["Translation (en)", "Original (ru)"]


def test_a_passage_is_marked_in_both_and_both_marks_lead_to_the_claim(site: Path):
    source = page(site, "sources/wire-story/")
    translated = source.select_one("#article-text mark:-soup-contains('The fund will have')")
    original = source.select_one("#original-text mark")
    assert original.get_text() == QUOTE_ORIGINAL
    assert original["id"] == translated["id"] + "-original"
    link = original.find_next_sibling("sup").a
    assert link["href"].endswith(f"claims/fund-size/#{translated['id']}")
    assert link.parent["lang"] == "en"
    assert source.select_one(f"#{translated['id']}") is translated  # ids stay unique on the page


def test_an_article_without_an_original_keeps_its_single_column(site: Path):
    source = page(site, "sources/daily-report/")
    assert source.select_one("div.bilingual") is None and source.select_one("#original-text") is None


def test_quote_original_without_an_original_is_an_error_at_its_line(tmp_path: Path, run_cli):
    content = with_original(tmp_path)
    edit(content / "sources" / "wire-story.txt", "original:\n  language: ru\n  text_file: wire-story.txt\n", "")
    run = run_cli("check")
    assert run.code == 1
    [problem] = run.errors()
    assert problem.startswith("content/claims/fund-size.yaml:25:")
    assert "`quote_original` needs the source's original text" in problem and "add `original:`" in problem


def test_a_missing_original_file_is_an_error_at_text_file(tmp_path: Path, run_cli):
    content = with_original(tmp_path)
    (content / "sources" / "originals" / "wire-story.txt").unlink()
    [problem] = run_cli("check").errors()  # said once, at the source, not again at each quote
    assert problem.startswith("content/sources/wire-story.txt:9:14:")  # the value of text_file
    assert "no file content/sources/originals/wire-story.txt" in problem


def test_words_not_in_the_original_are_an_error_naming_the_original_file(tmp_path: Path, run_cli):
    with_original(tmp_path, quote_original="Фонд получит 2 млрд евро")
    [problem] = run_cli("check").errors()
    assert problem.startswith("content/claims/fund-size.yaml:25:")
    assert "content/sources/originals/wire-story.txt" in problem


def test_the_original_is_not_read_as_a_source_of_its_own(tmp_path: Path, run_cli):
    with_original(tmp_path)
    run = run_cli("check", "--strict")
    assert run.code == 0, run.output
    assert ORIGINAL.split()[0] not in run.output


def test_editing_only_the_original_rebuilds_its_page(tmp_path: Path):
    content = with_original(tmp_path)
    site = build_site_from(content, tmp_path / "site")
    original = content / "sources" / "originals" / "wire-story.txt"
    original.write_text(original.read_text(encoding="utf-8").replace("в пятницу", "в четверг"), encoding="utf-8")
    from sidelight.build import pipeline

    again = pipeline.build(content, site)
    assert not again.report.errors
    text = page(site, "sources/wire-story/").select_one("#original-text").get_text()
    assert "в четверг" in text and "в пятницу" not in text


def test_the_claim_page_shows_the_original_words_under_their_translation(site: Path):
    claim = page(site, "claims/fund-size/")
    translated = claim.select_one("figure.quote mark:-soup-contains('The fund will have')")
    figure = translated.find_parent("figure")
    original = figure.select_one("p.quote-original")
    assert original.select_one(".label").get_text() == "In the original (ru):"
    words = original.q
    assert words.get_text() == QUOTE_ORIGINAL and words["lang"] == "ru" and not words.has_attr("dir")
    assert figure.blockquote.find_next_sibling("p") is original  # right after the translation
    others = [f for f in claim.select("figure.quote") if f is not figure]
    assert others and all(f.select_one("p.quote-original") is None for f in others)


def test_claims_json_carries_quote_original_with_its_place_in_the_original(site: Path):
    claims = {c["id"]: c for c in json.loads((site / "data" / "claims.json").read_bytes())["claims"]}
    passages = [p for cov in claims["fund-size"]["coverage"] for p in cov["passages"]]
    [quoted] = [p for p in passages if "quote_original" in p]
    original = quoted["quote_original"]
    assert quoted["exact"] == "The fund will have €1 billion to invest"
    assert original["exact"] == QUOTE_ORIGINAL and original["language"] == "ru"
    assert ORIGINAL[original["start"] : original["end"]] == QUOTE_ORIGINAL
    assert len(passages) > 1 and all("quote_original" not in p for p in passages if p is not quoted)
