"""Passage anchoring: where a quote lands in its source, and what the editor is told when
it lands nowhere or in several places. A table of cases against one source file, then the
same rules seen through `check` and through the built source page.
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from edits import replace_in
from sidelight.model.sourcetext import Anchor, source_text
from sidelight.quotes.anchor import locate
from sidelight.quotes.fold import fold
from sidelight.content.files import split_front_matter

SOURCE_FILE = """\
---
title: T
outlet: wire
language: en
---
Ministers agreed on Thursday on a “new plan” to defend
against potential aggression — they said so twice.

The plan’s cost… is secret. The plan is secret.
Officials do not consider an attack inevitable.\u00a0Not yet.

The plan is secret, the minister said. Their support was strong.
"""
PATH = "content/sources/probe.txt"


def text_of_file():
    _, body, first_line = split_front_matter(SOURCE_FILE)
    return source_text(body, first_line)


TEXT = text_of_file()


def anchored(quote: str, prefix: str | None = None, suffix: str | None = None) -> str:
    """The source text the quote anchors to; fails the test if it does not anchor."""
    passage = {"quote": quote, **({"prefix": prefix} if prefix else {}), **({"suffix": suffix} if suffix else {})}
    result = locate(passage, fold(TEXT.text), TEXT, PATH)
    assert isinstance(result, Anchor), result
    return TEXT.text[result.start:result.end]


def refused(quote: str, prefix: str | None = None, suffix: str | None = None) -> str:
    """The error (message — hint) for a quote that must not anchor."""
    passage = {"quote": quote, **({"prefix": prefix} if prefix else {}), **({"suffix": suffix} if suffix else {})}
    result = locate(passage, fold(TEXT.text), TEXT, PATH)
    assert not isinstance(result, Anchor), f"anchored to {TEXT.text[result.start:result.end]!r}"
    return " — ".join(result)


@pytest.mark.parametrize("quote, lands_on", [
    ("Ministers agreed on Thursday", "Ministers agreed on Thursday"),
    ("to defend against potential", "to defend\u0020against potential"),                # a line break in the file
    ("Ministers   agreed\n  on\tThursday", "Ministers agreed on Thursday"),            # runs of white space
    ('a "new plan" to defend', "a “new plan” to defend"),                              # straight for curly quotes
    ("The plan's cost", "The plan’s cost"),                                            # straight apostrophe
    ("The planʼs cost", "The plan’s cost"),                                            # modifier letter apostrophe
    ("aggression - they said", "aggression — they said"),                              # hyphen for em dash
    ("aggression – they said", "aggression — they said"),                              # en dash for em dash
    ("cost... is secret", "cost… is secret"),                                          # three dots for …
    ("inevitable. Not yet", "inevitable.\u00a0Not yet"),                               # space for no-break space
    ("inevitable.\u00a0Not\u202fyet.", "inevitable.\u00a0Not yet."),                  # odd spaces in the quote
    ("they said so twice. The plan’s cost", "they said so twice.\n\nThe plan’s cost"),  # across a paragraph break
    ("twice.\n\nThe plan’s", "twice.\n\nThe plan’s"),
    ("Their sup\u00adport was", "Their support was"),                                  # soft hyphen in the quote
    ("“new plan”", "“new plan”"),                                                      # punctuation at the edges
])
def test_quote_anchors(quote, lands_on):
    assert anchored(quote) == lands_on


@pytest.mark.parametrize("quote, prefix, suffix, lands_on_line", [
    ("The plan is secret", "cost… is secret.", None, 9),
    ("The plan is secret", "cost... is secret. ", None, 9),   # folded like the quote; edge spaces ignored
    ("The plan is secret", None, ", the minister", 12),
    ("The plan is secret", None, ".\nOfficials", 9),
    ("The plan is secret", "secret.", ". Officials do", 9),
])
def test_prefix_or_suffix_picks_one_of_several(quote, prefix, suffix, lands_on_line):
    passage = {"quote": quote, **({"prefix": prefix} if prefix else {}), **({"suffix": suffix} if suffix else {})}
    result = locate(passage, fold(TEXT.text), TEXT, PATH)
    assert isinstance(result, Anchor), result
    assert TEXT.file_position(result.start)[0] == lands_on_line


def test_matching_is_case_sensitive():
    message = refused("ministers agreed on Thursday")
    assert message.startswith("the quote is not in the source; the closest passage (")
    assert f"is at {PATH}:6:1: \"Ministers agreed on Thursday\"" in message


def test_a_quote_found_twice_is_an_error_listing_the_lines():
    assert refused("The plan is secret") == (
        f"the quote occurs 2 times in {PATH} (lines 9, 12) — "
        "add `prefix:` (words just before) or `suffix:` (words just after) to pick one")


def test_a_prefix_that_does_not_match_shows_the_real_context():
    assert refused("Officials do not", prefix="Diplomats said") == (
        f"the quote is at {PATH}:10:1, but not with this prefix/suffix — "
        "there it is preceded by \"is secret. The plan is secret.\" and followed by "
        "\"consider an attack inevitable.\"")


@pytest.mark.parametrize("suffix, line, col, after", [
    ("Officials", 9, 29, ". Officials do not consider an"),      # the period left out
    (", the ministers", 12, 1, ", the minister said. Their"),
    ("forever", 9, 29, ". Officials do not consider an"),        # nothing near: the first
])
def test_a_suffix_that_matches_none_of_several_shows_the_nearest(suffix, line, col, after):
    message = refused("The plan is secret", suffix=suffix)
    assert message.startswith(f"the quote is at {PATH}:{line}:{col} (of 2 places, the one whose context is "
                              "nearest), but not with this prefix/suffix — there it is preceded by")
    assert message.endswith(f'and followed by "{after}"')


def test_not_found_shows_the_closest_passage_its_similarity_and_its_line_in_the_file():
    message = refused("Officials do not think an attack is inevitable.")
    match = re.fullmatch(r"the quote is not in the source; the closest passage \((\d+)% similar\) is at "
                         r"(\S+):(\d+):(\d+): \"(.*)\"(?:; the words that differ: .*)? — copy the source's exact"
                         r" words; .*", message)
    assert match, message
    similarity, path, line, col, closest = match.groups()
    assert 70 <= int(similarity) < 100
    assert (path, line, col) == (PATH, "10", "1")  # line 10 of the file: front matter counted
    assert closest.startswith("Officials do not consider an attack inevitable")


def test_a_quote_longer_than_the_text_is_not_called_100_percent_similar():
    message = refused(TEXT.text.replace("\n\n", " ") + " And more words that the article never had.")
    similarity = int(re.search(r"\((\d+)% similar\)", message).group(1))
    assert similarity < 100


def test_nothing_similar_at_all():
    assert refused("zzz qqq xxx") == f"the quote is not in {PATH} — copy the exact words from the source file"


@pytest.mark.parametrize("quote", ["port", "port was", "Minister", "inevitabl", "ecret"])
def test_a_quote_inside_a_word_does_not_anchor(quote):
    refused(quote)


def test_a_blank_quote():
    assert refused(" \u00a0\n ") == "the quote is blank — copy the exact words from the source"


# --- SourceText: the text as displayed, and offsets back to the file -----------------------

def test_text_joins_a_paragraphs_lines_with_one_space_and_paragraphs_with_a_blank_line():
    text = source_text("  First line  \nsecond line\n\n\n\nNext   paragraph.\n", first_line=6)
    assert text.text == "First line second line\n\nNext   paragraph."
    assert text.paragraphs == ((0, 22), (24, 41))


@pytest.mark.parametrize("word, line, column", [
    ("Ministers", 6, 1), ("defend", 6, 49), ("against", 7, 1), ("twice", 7, 45),
    ("Officials", 10, 1), ("Not yet", 10, 49), ("minister", 12, 25), ("strong", 12, 58),
])
def test_offsets_map_to_file_lines_and_columns(word, line, column):
    assert TEXT.file_position(TEXT.text.index(word)) == (line, column)
    file_line = SOURCE_FILE.split("\n")[line - 1]
    assert file_line[column - 1:].startswith(word)


def test_columns_count_stripped_indentation_and_code_points():
    text = source_text("    indented 😀 text\n\ttabbed\n", first_line=3)
    assert text.text == "indented 😀 text tabbed"
    assert text.file_position(text.text.index("text")) == (3, 16)  # the emoji is one code point
    assert text.file_position(text.text.index("tabbed")) == (4, 2)


def test_crlf_and_cr_line_ends_count_as_one_line_each():
    text = source_text("one\r\ntwo\r\rthree\n", first_line=1)
    assert text.text == "one two\n\nthree"
    assert text.file_position(text.text.index("three")) == (4, 1)


def test_form_feed_and_line_separator_do_not_start_a_new_file_line():
    """Editors count only CR and LF; str.splitlines would also split at these."""
    text = source_text("one\x0ctwo\u2028three\nfour\n", first_line=1)
    assert text.file_position(text.text.index("four")) == (2, 1)


def test_passage_offsets_are_code_points_of_the_displayed_text():
    quote = anchored("they said so twice. The plan’s cost")
    start = TEXT.text.index("they said")
    assert TEXT.text[start:start + len(quote)] == quote


# --- through check and build ---------------------------------------------------------------

PROBE_CLAIM = """\
claim: The plan is secret.
kind: statement
claimant: the-ministry
topic: meeting
date: 2021-10-22
rating: accurate
summary: It is.
coverage:
  - source: probe
    fidelity: faithful
    stance: neutral
    passages:
      - quote: {quote}
evidence:
  - title: Statement
    publisher: The Ministry
    url: https://ministry.example.org/statement
    date: 2021-10-22
    quote: The ministers agreed on a plan.
    kind: primary
    lookup: https://web.archive.org/web/2021*/https://ministry.example.org/statement
author: alex-sample
reviewed: 2026-11-22
verdict: It did.
"""


def test_check_reports_an_unanchored_quote_at_the_quote_and_the_passage_in_the_source(sample_content, run_check):
    (sample_content / "sources" / "probe.txt").write_text(SOURCE_FILE, encoding="utf-8")
    (sample_content / "claims" / "probe.yaml").write_text(
        PROBE_CLAIM.format(quote="Officials do not think an attack inevitable."), encoding="utf-8")
    run = run_check()
    assert run.code == 1
    [line] = run.problems()
    assert re.fullmatch(r"content/claims/probe\.yaml:13:16: error: the quote is not in the source; the closest "
                        r"passage \(\d\d% similar\) is at content/sources/probe\.txt:10:1: \"Officials do not "
                        r"consider an attack inevitable\.?\"; the words that differ: “think” → “consider”"
                        r" — copy the source's exact words; .*", line), line


def test_check_reports_an_ambiguous_quote(sample_content, run_check):
    (sample_content / "sources" / "probe.txt").write_text(SOURCE_FILE, encoding="utf-8")
    (sample_content / "claims" / "probe.yaml").write_text(PROBE_CLAIM.format(quote="The plan is secret"),
                                                          encoding="utf-8")
    run = run_check()
    assert run.problems() == ["content/claims/probe.yaml:13:16: error: the quote occurs 2 times in "
                              "content/sources/probe.txt (lines 9, 12) — add `prefix:` (words just before) or "
                              "`suffix:` (words just after) to pick one"]


def test_overlapping_passages_of_two_claims_both_render_as_marks(sample_content, run_cli, tmp_path):
    """In the sample, plan-secret quotes "better and better plans" inside the sentence that
    better-plans quotes whole; each claim's link must land on a mark of the source page."""
    run = run_cli("--content", "content", "build", "--out", "site")
    assert run.code == 0, run.output
    site = tmp_path / "site"
    source = BeautifulSoup((site / "sources/daily-report/index.html").read_text(encoding="utf-8"), "html.parser")
    overlap = [m for m in source.select("mark") if "better and better plans" in m.get_text()
               or m.get_text() == "better and better plans"]
    assert overlap, "the overlapping words are not marked"
    assert {"better-plans", "plan-secret"} <= set(overlap[0].get("data-claims", "").split())
    for claim in ("better-plans", "plan-secret"):
        page = BeautifulSoup((site / f"claims/{claim}/index.html").read_text(encoding="utf-8"), "html.parser")
        targets = [a["href"].split("#")[1] for a in page.select('a[href*="sources/daily-report/#"]')]
        assert targets, claim
        for ident in targets:
            target = source.find(id=ident)
            assert target is not None, (claim, ident)
            mark = target if target.name == "mark" else target.find_next("mark")
            assert claim in mark["data-claims"].split()


def test_a_failed_anchor_changes_nothing_in_the_built_site(sample_content, run_cli, tmp_path):
    assert run_cli("--content", "content", "build", "--out", "site").code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    replace_in(sample_content / "claims" / "plan-secret.yaml", "quote: better and better plans",
               "quote: better and bettor plans")
    run = run_cli("--content", "content", "build", "--out", "site")
    assert run.code == 1
    assert "content/claims/plan-secret.yaml:17:16: error: the quote is not in the source" in run.output
    after = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert after == before
