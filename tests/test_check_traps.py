"""The traps of typing YAML and quotes, each with the exact line `check` prints: where
(file:line:col), what happened in the editor's words, and the exact fix.

Each test writes `content/claims/probe.yaml` from CLAIM with one change, so line numbers can
be read off the text below (line 1 is `claim:`)."""

from __future__ import annotations

import pytest

PROBE = "content/claims/probe.yaml"
CLAIM = """\
claim: Ministers agreed on a plan.
kind: statement
claimant: the-ministry
topic: meeting
date: "2021-10-22"
rating: accurate
verdict: It did.
summary: They did.
coverage:
  - source: daily-report
    fidelity: faithful
    stance: neutral
    passages:
      - quote: Ministers agreed on Thursday on a new plan
evidence:
  - title: Statement
    publisher: The Ministry
    url: https://ministry.example.org/statement
    date: "2021-10-22"
    quote: The ministers agreed on a plan.
    kind: primary
    lookup: https://web.archive.org/web/2021*/ministry.example.org
author: alex-sample
reviewed: "2026-11-22"
"""


@pytest.fixture
def probe(sample_content, run_check):
    """Write probe.yaml as CLAIM with `old` replaced by `new`; return check's problem lines."""

    def run(old: str, new: str) -> list[str]:
        assert CLAIM.count(old) == 1, old
        (sample_content / "claims" / "probe.yaml").write_text(CLAIM.replace(old, new), encoding="utf-8")
        return run_check().problems()

    return run


def test_the_probe_itself_is_clean(probe):
    assert probe("summary: They did.", "summary: They did.") == []


# --- YAML ------------------------------------------------------------------------------


def test_a_hash_after_a_space_cuts_a_note_and_says_so(probe):
    assert probe("summary: They did.", "summary: They did, see #3 of the plan.") == [
        f"{PROBE}:8:24: warning: `summary` ends before this `#`: YAML reads ` #` and the rest of the line as a"
        " comment, so the value is only “They did, see” — if the # belongs to the text, put the whole value in"
        ' quotes: summary: "They did, see #3 of the plan."; if it is a comment, put two spaces before the #'
    ]


def test_a_comment_after_two_spaces_is_a_comment(probe):
    assert probe("kind: statement", "kind: statement  # statement | attribution | opinion") == []


def test_a_hash_in_a_quoted_value_is_text(probe):
    assert probe("summary: They did.", 'summary: "They did, see #3."') == []


def test_false_where_a_rating_goes_says_both_things_at_once(probe):
    assert probe("rating: accurate", "rating: false") == [
        f"{PROBE}:6:9: error: `rating: false` is read as a yes/no value, not as a rating — use one of `accurate`,"
        " `inaccurate`, `missing-context`, `mostly-accurate`, `mostly-inaccurate`, `unverifiable`"
        " (no rating is called `false`)"
    ]


def test_true_where_text_goes_says_to_quote_it(probe):
    assert probe("summary: They did.", "summary: true") == [
        f"{PROBE}:8:10: error: `summary: true` is read as a yes/no value, not as the text `true` — put it in quotes"
        ' if you mean the word (`summary: "true"`)'
    ]


def test_straight_quotes_inside_double_quotes_are_explained_with_the_line_rewritten(probe):
    assert probe(
        "      - quote: Ministers agreed on Thursday on a new plan",
        '      - quote: "Ministers agreed on "Thursday" on a new plan"',
    ) == [
        f'{PROBE}:14:37: error: `quote` ends at this `"`: inside text in double quotes, a `"` closes it, and YAML'
        ' cannot read the rest — put the text in single quotes instead: quote: \'Ministers agreed on "Thursday"'
        " on a new plan' (or write `quote: >-` and the text on the next line, indented)"
    ]


def test_a_key_indented_too_little_names_the_key_to_line_up_with(probe):
    assert probe("    stance: neutral", "   stance: neutral") == [
        f"{PROBE}:12:4: error: `stance` is indented 3 spaces, which lines up with no key above it — line it up"
        " with `fidelity` on line 11: indent it 4 spaces"
    ]


def test_a_key_indented_too_much_names_the_key_to_line_up_with(probe):
    assert probe("    fidelity: faithful", "      fidelity: faithful") == [
        f"{PROBE}:11:7: error: `fidelity` is indented 6 spaces, which lines up with no key above it — line it up"
        " with `source` on line 10: indent it 4 spaces"
    ]


def test_a_list_dash_out_of_line_names_the_dash_to_line_up_with(probe):
    assert probe(
        "      - quote: Ministers agreed on Thursday on a new plan",
        "      - quote: Ministers agreed on Thursday on a new plan\n     - quote: a new plan",
    ) == [
        f"{PROBE}:15:6: error: the `-` is indented 5 spaces, which lines up with no `-` above it — line it up"
        " with the `-` on line 14: indent it 6 spaces"
    ]


def test_a_file_that_does_not_parse_causes_no_warning_about_the_sources_it_cites(sample_content, run_check):
    """The source `daily-report` is cited only by the broken file: no "no claim cites" for it."""
    for other in sample_content.glob("claims/*.yaml"):
        other.unlink()
    broken = CLAIM.replace("    stance: neutral", "   stance: neutral")
    (sample_content / "claims" / "probe.yaml").write_text(broken, encoding="utf-8")
    assert run_check().problems() == [
        f"{PROBE}:12:4: error: `stance` is indented 3 spaces, which lines up with no key above it — line it up"
        " with `fidelity` on line 11: indent it 4 spaces"
    ]


# --- Quotes ------------------------------------------------------------------------------

QUOTE = "      - quote: Ministers agreed on Thursday on a new plan"


def test_curly_quotation_marks_around_a_quote_are_explained(probe):
    assert probe(QUOTE, "      - quote: “Ministers agreed on Thursday on a new plan”") == [
        f"{PROBE}:14:16: error: the quote starts with “ and ends with ”: YAML takes such marks as part of the"
        " quote, not as quotation marks, and the source does not have them around these words — write the words"
        ' between straight quotes: quote: "Ministers agreed on Thursday on a new plan"'
    ]


def test_guillemets_around_a_quote_are_explained(probe):
    assert probe(QUOTE, "      - quote: «Ministers agreed on Thursday on a new plan»") == [
        f"{PROBE}:14:16: error: the quote starts with « and ends with »: YAML takes such marks as part of the"
        " quote, not as quotation marks, and the source does not have them around these words — write the words"
        ' between straight quotes: quote: "Ministers agreed on Thursday on a new plan"'
    ]


def test_curly_marks_around_words_the_source_quotes_too_anchor(probe):
    assert probe(QUOTE, "      - quote: “potential aggression”") == []


def test_an_ellipsis_is_detected_and_the_two_passages_offered(probe):
    assert probe(QUOTE, "      - quote: Ministers agreed on Thursday … to defend against") == [
        f"{PROBE}:14:16: error: the quote leaves words out with an ellipsis (…), and a passage must be the source's"
        ' words in one piece — write it as two passages: `- quote: "Ministers agreed on Thursday"` and'
        ' `- quote: "to defend against"`'
    ]


def test_an_ellipsis_offers_a_prefix_for_words_that_occur_twice(probe):
    assert probe(QUOTE, "      - quote: announced an initial $ 1 billion ... The plan is secret.") == [
        f"{PROBE}:14:16: error: the quote leaves words out with an ellipsis (…), and a passage must be the source's"
        ' words in one piece — write it as two passages: `- quote: "announced an initial $ 1 billion"` and'
        ' `- quote: "The plan is secret."` with `prefix: "technologies."`'
    ]


def test_a_quote_not_found_names_the_words_that_differ(probe):
    assert probe(QUOTE, "      - quote: Ministers agreed on Friday on a plan") == [
        f"{PROBE}:14:16: error: the quote is not in the source; the closest passage (87% similar) is at"
        ' content/sources/daily-report.txt:9:1: "Ministers agreed on Thursday on a new plan"; the words that'
        " differ: “Friday” → “Thursday”, “new” left out — copy the source's exact words; only spacing, quote marks"
        " and dashes may differ"
    ]


def test_a_source_that_does_not_parse_causes_no_error_in_the_claims_citing_it(sample_content, run_check):
    """attack-not-inevitable says the daily attributes the words; with the daily's article
    unreadable, that is not reported as the daily's article missing from the coverage."""
    source = sample_content / "sources" / "daily-report.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("outlet: daily\n", "outlet: daily\n   bad: x\n"),
                      encoding="utf-8")
    assert run_check().problems() == [
        "content/sources/daily-report.txt:4:4: error: `bad` is indented 3 spaces, which lines up with no key above"
        " it — line it up with `outlet` on line 3: start it at the beginning of the line"
    ]
