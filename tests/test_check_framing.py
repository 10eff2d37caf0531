"""`check` on the framing model v2 (issue 13): each bad input of a claim kind, a claimant, a
coverage entry, an omission, a drift, a claimant file and the vocabulary, and each field of
the old format, is one error at `path:line:col` saying what is wrong and how to fix it.

Each test writes one probe file with one mistake into a copy of tests/sample/content and
runs `check` in this process (a traceback fails the run). The expected place is found in
the probe's own text by `at`, so a test reads as "the error is at this `rating:`".
"""
from __future__ import annotations

import re

import pytest

PROBE = "content/claims/probe.yaml"
STATEMENT = """\
claim: The fund will have €1 billion.
kind: statement
claimant: the-ministry
topic: meeting
date: "2021-10-22"
rating: accurate
summary: It will.
coverage:
  - source: wire-story
    fidelity: faithful
    stance: neutral
    passages:
      - quote: The fund will have €1 billion to invest
  - source: daily-report
    fidelity: distorted
    stance: neutral
    passages:
      - quote: an initial $ 1 billion for new technologies
    note: Gives the figure in dollars.
  - omission: silent
    why: The weekly reported the meeting but not the fund, its one figure.
drift:
  - kind: figure
    original: EUR 1 billion
    renderings:
      - source: daily-report
        quote: an initial $ 1 billion
    note: The daily turns euros into dollars.
evidence:
  - title: Official statement
    publisher: The Ministry
    url: https://ministry.example.org/statement
    date: "2021-10-22"
    kind: primary
    lookup: https://web.archive.org/web/2021*/ministry.example.org/statement
    quote: The fund will have EUR 1 billion.
author: alex-sample
reviewed: "2026-11-22"
verdict: It did.
"""
ATTRIBUTION = STATEMENT.replace("kind: statement\nclaimant: the-ministry\n",
                                "kind: attribution\nspeaker: the-ministry\nattributed_by: [wire, daily]\n")
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<what>.+?) — (?P<fix>.+)$")


def edited(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def at(text: str, context: str, target: str | None = None) -> str:
    """`line:col` of `target` (default: all of `context`) inside the one place `context`
    occurs in `text`."""
    assert text.count(context) == 1, context
    start = text.index(context) + context.index(target or context)
    line = text.count("\n", 0, start) + 1
    return f"{line}:{start - text.rfind(chr(10), 0, start)}"


@pytest.fixture
def error_of(sample_content, run_check):
    """Write `text` to content/<folder>/<name>, run check; the one error it prints."""
    def run(text: str, folder: str = "claims", name: str = "probe.yaml") -> str:
        (sample_content / folder / name).write_text(text, encoding="utf-8")
        return only_error(run_check())
    return run


def only_error(run) -> str:
    assert run.code == 1, run.output
    assert len(run.problems()) == 1, run.output
    assert "check failed: 1 error, 0 warnings" in run.stderr, run.output
    line = run.problems()[0]
    assert PROBLEM_LINE.match(line), f"not `path:line:col: error: what — how to fix`: {line}"
    return line


@pytest.mark.parametrize("text", [STATEMENT, ATTRIBUTION,
                                  edited(STATEMENT.replace("rating: accurate\n", "").replace("verdict: It did.\n", ""), "kind: statement",
                                         "kind: opinion")])
def test_the_probes_themselves_are_valid(sample_content, run_check, text):
    (sample_content / "claims" / "probe.yaml").write_text(text, encoding="utf-8")
    run = run_check()
    assert run.code == 0 and run.problems() == [], run.output


# --- claim kinds ---------------------------------------------------------------------------

def test_a_rating_on_an_opinion(error_of):
    text = edited(edited(STATEMENT, "verdict: It did.\n", ""), "kind: statement", "kind: opinion")
    assert error_of(text) == (f"{PROBE}:{at(text, 'rating: accurate', 'rating')}: error: an opinion is not rated — "
                              "remove `rating:` and give in `summary:` the context a reader needs to weigh the view; "
                              "if the claim can be checked, make it `kind: statement`")


@pytest.mark.parametrize("probe, kind", [(STATEMENT, "a statement"), (ATTRIBUTION, "an attribution")])
def test_a_statement_or_attribution_without_a_rating(error_of, probe, kind):
    assert error_of(edited(probe, "rating: accurate\n", "")) == (
        f"{PROBE}:1:1: error: missing `rating`: {kind} is rated — add `rating: <rating id>` from "
        "content/vocabulary.yaml")


@pytest.mark.parametrize("probe, kind", [(STATEMENT, "a statement"), (ATTRIBUTION, "an attribution")])
def test_a_rated_claim_without_a_verdict(error_of, probe, kind):
    assert error_of(edited(probe, "verdict: It did.\n", "")) == (
        f"{PROBE}:1:1: error: missing `verdict`: {kind} states its verdict in one sentence — add `verdict:` "
        "with one plain sentence taken from `summary:`, e.g. "
        "`verdict: The figure is right, but it counts only the capital.`")


def test_a_verdict_on_an_opinion(error_of):
    text = edited(edited(STATEMENT, "rating: accurate\n", ""), "kind: statement", "kind: opinion")
    assert error_of(text) == (f"{PROBE}:{at(text, 'verdict: It did.', 'verdict')}: error: an opinion has no verdict: "
                              "it is not rated — remove `verdict:`; the context a reader needs to weigh the view "
                              "goes in `summary:`")


def test_an_attribution_without_a_speaker(error_of):
    assert error_of(edited(ATTRIBUTION, "speaker: the-ministry\n", "")) == (
        f"{PROBE}:1:1: error: missing `speaker`: who is said to have said it — "
        "add `speaker: <id>` of a file in content/claimants/")


def test_an_attribution_without_attributing_outlets(error_of):
    assert error_of(edited(ATTRIBUTION, "attributed_by: [wire, daily]\n", "")) == (
        f"{PROBE}:1:1: error: missing `attributed_by`: an attribution names the outlets that attributed the words — "
        "add `attributed_by: [<outlet id>, …]`; they, not the speaker, are the claim's authors in ClaimReview")


def test_an_attributing_outlet_that_is_not_quoted(error_of):
    text = edited(ATTRIBUTION, "[wire, daily]", "[wire, daily, silent]")
    assert error_of(text) == (
        f"{PROBE}:{at(text, 'daily, silent]', 'silent')}: error: outlet `silent` is said to attribute the words, "
        "but none of its articles is in the coverage — add its article to `coverage:` with the passage that "
        "attributes the words, or remove it here")


def test_an_unknown_attributing_outlet(error_of):
    text = edited(ATTRIBUTION, "[wire, daily]", "[wire, dayly]")
    assert error_of(text) == f"{PROBE}:{at(text, 'dayly')}: error: unknown outlet `dayly` — did you mean `daily`?"


def test_a_claimant_on_an_attribution(error_of):
    text = edited(ATTRIBUTION, "speaker: the-ministry\n", "speaker: the-ministry\nclaimant: officials\n")
    assert error_of(text) == (
        f"{PROBE}:{at(text, 'claimant: officials')}: error: an attribution has no `claimant`: its authors are the "
        "outlets that attributed the words — move the person said to have said it to `speaker:` and list the "
        "outlets in `attributed_by:`")


@pytest.mark.parametrize("key, value", [("speaker", "officials"), ("attributed_by", "[daily]")])
def test_attribution_fields_on_a_statement(error_of, key, value):
    text = edited(STATEMENT, "claimant: the-ministry\n", f"claimant: the-ministry\n{key}: {value}\n")
    assert error_of(text) == (
        f"{PROBE}:{at(text, key + ':')}: error: `{key}` belongs to an attribution, and this claim is a statement — "
        f"remove `{key}`, or make the claim `kind: attribution` if it is about whether someone said something")


def test_a_statement_without_a_claimant(error_of):
    assert error_of(edited(STATEMENT, "claimant: the-ministry\n", "")) == (
        f"{PROBE}:1:1: error: missing `claimant`: who made this statement — "
        "add `claimant: <id>` of a file in content/claimants/")


@pytest.mark.parametrize("probe, old, new", [
    (STATEMENT, "claimant: the-ministry", "claimant: the-ministri"),
    (ATTRIBUTION, "speaker: the-ministry", "speaker: the-ministri"),
])
def test_an_unknown_claimant_or_speaker_suggests_the_nearest(error_of, probe, old, new):
    text = edited(probe, old, new)
    assert error_of(text) == (f"{PROBE}:{at(text, new, 'the-ministri')}: error: unknown claimant `the-ministri` — "
                              "did you mean `the-ministry`?")


# --- coverage and omissions ---------------------------------------------------------------

def test_an_omission_without_why(error_of):
    text = edited(STATEMENT, "    why: The weekly reported the meeting but not the fund, its one figure.\n", "")
    assert error_of(text) == (f"{PROBE}:{at(text, 'omission: silent')}: error: an omission needs `why:`: why leaving "
                              "this claim out matters to a reader — add `why: …`; if the outlet simply did not cover "
                              "the subject, remove the entry")


@pytest.mark.parametrize("extra", ["    fidelity: faithful\n", "    stance: neutral\n",
                                   "    passages:\n      - quote: Ministers met\n"])
def test_an_omission_with_what_belongs_to_a_source_entry(error_of, extra):
    key = extra.split(":")[0].strip()
    text = edited(STATEMENT, "  - omission: silent\n", "  - omission: silent\n" + extra)
    assert error_of(text) == (f"{PROBE}:{at(text, '- omission: silent' + chr(10) + extra, key)}: error: an omission "
                              f"has no `{key}` — remove it: an omission holds `omission:`, `why:` and optionally the "
                              "`source:` that left the claim out")


@pytest.mark.parametrize("removed, key, what", [
    ("    fidelity: faithful\n", "fidelity", "how faithfully the outlet renders the original, e.g. `faithful`"),
    ("    stance: neutral\n    passages:\n      - quote: The fund", "stance", "the outlet's own attitude, e.g. `neutral`"),
    ("    passages:\n      - quote: The fund will have €1 billion to invest\n", "passages",
     "at least one `- quote: …` from the source that shows it"),
])
def test_a_source_entry_without_fidelity_stance_or_passages(error_of, removed, key, what):
    kept = "    passages:\n      - quote: The fund" if key == "stance" else ""
    text = edited(STATEMENT, removed, kept)
    assert error_of(text) == (f"{PROBE}:{at(text, '- source: wire-story', 'source')}: error: missing `{key}` in "
                              f"`coverage[0]` — add `{key}:` ({what})")


def test_a_fidelity_other_than_faithful_needs_a_note(error_of):
    text = edited(STATEMENT, "    note: Gives the figure in dollars.\n", "")
    assert error_of(text) == (f"{PROBE}:{at(text, 'fidelity: distorted', 'distorted')}: error: fidelity `distorted` "
                              "needs a `note:` saying what differs from the primary source — add `note: …` naming "
                              "the words or facts the outlet changed, and how")


@pytest.mark.parametrize("old, new, what, nearest", [
    ("fidelity: distorted", "fidelity: distortd", "fidelity", "distorted"),
    ("fidelity: faithful", "fidelity: faithfull", "fidelity", "faithful"),
    ("omission: silent", "omission: silnt", "outlet", "silent"),
    ("kind: figure", "kind: figures", "drift kind", "figure"),
])
def test_an_unknown_fidelity_outlet_or_drift_kind_suggests_the_nearest(error_of, old, new, what, nearest):
    text = edited(STATEMENT, old, new)
    wrong = new.split(": ")[1]
    assert error_of(text) == (f"{PROBE}:{at(text, new, wrong)}: error: unknown {what} `{wrong}` — "
                              f"did you mean `{nearest}`?")


def test_an_unknown_stance_suggests_the_nearest(error_of):
    text = edited(STATEMENT, "    stance: neutral\n    passages:\n      - quote: The fund",
                  "    stance: nuetral\n    passages:\n      - quote: The fund")
    assert error_of(text) == f"{PROBE}:{at(text, 'nuetral')}: error: unknown stance `nuetral` — did you mean `neutral`?"


# --- drift --------------------------------------------------------------------------------

def test_a_drift_original_not_in_any_evidence_quote(error_of):
    text = edited(STATEMENT, "original: EUR 1 billion", "original: EUR 2 billion")
    assert error_of(text).startswith(f"{PROBE}:{at(text, 'EUR 2 billion')}: error: the original words are not "
                                     "quoted by any of this claim's evidence items — copy them exactly from an "
                                     "evidence item's `quote`")


def test_a_drift_original_is_found_whatever_the_case_quotes_and_spaces(sample_content, run_check):
    text = edited(STATEMENT, "original: EUR 1 billion", "original: \"eur  1\\nbillion\"")
    (sample_content / "claims" / "probe.yaml").write_text(text, encoding="utf-8")
    assert run_check().code == 0


def test_a_drift_evidence_number_out_of_range(error_of):
    text = edited(STATEMENT, "    original: EUR 1 billion\n", "    original: EUR 1 billion\n    evidence: 2\n")
    assert error_of(text) == (f"{PROBE}:{at(text, 'original: EUR', 'EUR')}: error: `evidence: 2` names no evidence "
                              "item: this claim has 1 — give the number of the evidence item that quotes these words "
                              "(1 for the first)")


def test_a_drift_evidence_item_that_does_not_hold_the_words(error_of):
    text = edited(STATEMENT, "    original: EUR 1 billion\n", "    original: EUR 1 billion\n    evidence: 2\n")
    text = edited(text, "    quote: The fund will have EUR 1 billion.\n",
                  "    quote: The fund will have EUR 1 billion.\n  - title: Minutes\n    publisher: The Ministry\n"
                  "    url: https://ministry.example.org/minutes\n    quote: The ministers met.\n"
                  "    kind: secondary\n    date: \"2021-10-22\"\n"
                  "    lookup: https://web.archive.org/web/2021*/ministry.example.org/minutes\n")
    assert error_of(text) == (f"{PROBE}:{at(text, 'original: EUR', 'EUR')}: error: the original words are not in "
                              "the quote of evidence item 2 — copy the words exactly from that item's `quote`, or add "
                              "them to it from the primary source")


def test_a_drift_evidence_number_picks_the_item_that_holds_the_words(sample_content, run_check):
    text = edited(STATEMENT, "    original: EUR 1 billion\n", "    original: EUR 1 billion\n    evidence: 2\n")
    text = edited(text, "  - title: Official statement\n",
                  "  - title: Minutes\n    publisher: The Ministry\n    url: https://ministry.example.org/minutes\n"
                  "    quote: The ministers met.\n  - title: Official statement\n")
    (sample_content / "claims" / "probe.yaml").write_text(text, encoding="utf-8")
    assert run_check().code == 0


def test_a_drift_rendering_not_in_its_source_is_an_anchoring_error_at_its_quote(error_of):
    text = edited(STATEMENT, "        quote: an initial $ 1 billion\n", "        quote: an initial £ 1 billion\n")
    line = error_of(text)
    assert line.startswith(f"{PROBE}:{at(text, 'quote: an initial £', 'an initial')}: error: "), line
    assert "daily-report" in line, line


def test_a_drift_rendering_whose_source_is_not_in_the_coverage(error_of):
    text = edited(STATEMENT, "  - source: wire-story\n    fidelity: faithful\n    stance: neutral\n    passages:\n"
                             "      - quote: The fund will have €1 billion to invest\n", "")
    text = edited(text, "      - source: daily-report\n        quote: an initial $ 1 billion\n",
                  "      - source: daily-report\n        quote: an initial $ 1 billion\n"
                  "      - source: wire-story\n        quote: €1 billion to invest\n")
    assert error_of(text) == (f"{PROBE}:{at(text, 'source: wire-story', 'wire-story')}: error: source `wire-story` "
                              "is not in this claim's coverage — add a coverage entry for it, or use one of "
                              "`daily-report`")


# --- claimant files -------------------------------------------------------------------------

CLAIMANT = "content/claimants/probe.yaml"


@pytest.mark.parametrize("text, where, message", [
    ("name: The Council\ntype: organization\n", "name", "missing `role`: what this organization is — "
     "add `role: …`, e.g. `Kremlin spokesman`"),
    ("name: The Daily\ntype: outlet\n", "name", "missing `outlet`: which outlet speaks — "
     "add `outlet: <id>` of a file in content/outlets/"),
    ("name: Ana Koval\ntype: person\nrole: Mayor\noutlet: daily\n", "outlet", "a person has no `outlet` — "
     "remove it, or make the claimant `type: outlet`"),
])
def test_a_claimant_file_with_a_field_missing_or_out_of_place(error_of, text, where, message):
    assert error_of(text, "claimants") == f"{CLAIMANT}:{at(text, where + ':', where)}: error: {message}"


def test_a_claimant_of_type_outlet_names_an_outlet_that_exists(error_of):
    text = "name: The Daily\ntype: outlet\noutlet: dayly\n"
    assert error_of(text, "claimants") == (f"{CLAIMANT}:{at(text, 'dayly')}: error: unknown outlet `dayly` — "
                                           "did you mean `daily`?")


def test_an_unknown_claimant_type(error_of):
    text = "name: The Council\ntype: organisation\nrole: A council\n"
    line = error_of(text, "claimants")
    assert line.startswith(f"{CLAIMANT}:{at(text, 'organisation')}: error: `type` cannot be `organisation` — "
                           "did you mean `organization`?"), line


# --- vocabulary ---------------------------------------------------------------------------

def test_a_vocabulary_without_faithful(sample_content, run_check):
    vocabulary = sample_content / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    start = text.index("  - id: faithful\n")
    end = text.index("  - id: loosened\n")
    vocabulary.write_text(text[:start] + text[end:], encoding="utf-8")
    for claim in sorted((sample_content / "claims").glob("*.yaml")):  # no claim may use the missing term
        text = claim.read_text(encoding="utf-8")
        claim.write_text(text.replace("fidelity: faithful", "fidelity: loosened\n    note: Looser."), encoding="utf-8")
    run = run_check()
    written = vocabulary.read_text(encoding="utf-8")
    first = at(written, "fidelities:\n  - id: loosened", "- id")  # the list, where `faithful` was
    assert run.problems() == [f"content/vocabulary.yaml:{first}: error: the "
                              "fidelities need a `faithful` entry — add `- id: faithful` for a rendering true to the "
                              "original words and facts"], run.output


# --- the old format -------------------------------------------------------------------------

@pytest.mark.parametrize("old", ["fact", "framing"])
def test_old_kinds_name_the_new_ones(error_of, old):
    text = edited(STATEMENT, "kind: statement", f"kind: {old}")
    assert error_of(text) == (
        f"{PROBE}:{at(text, 'kind: ' + old, old)}: error: `kind: {old}` is the old format: a claim is now a "
        "`statement`, an `attribution` or an `opinion` — write `statement` for a claim about the world, "
        '`attribution` for "X said Y" (with `speaker:` and `attributed_by:`), or `opinion` for a view or a motive '
        "(without `rating:`)")


def test_a_claim_without_kind(error_of):
    assert error_of(edited(STATEMENT, "kind: statement\n", "")) == (
        f"{PROBE}:1:1: error: missing `kind`: a claim is a `statement`, an `attribution` or an `opinion` — "
        'add `kind: statement` for a claim about the world, `attribution` for "X said Y", or `opinion` for a view '
        "or a motive (see docs/content-format.md)")


def test_a_free_text_claimant_is_told_to_become_a_record(error_of):
    text = edited(STATEMENT, "claimant: the-ministry", "claimant: Jens Stoltenberg (NATO)")
    assert error_of(text) == (
        f"{PROBE}:{at(text, 'Jens Stoltenberg')}: error: `claimant` is now the id of a claimant record, not a name — "
        "create content/claimants/jens-stoltenberg.yaml (name, type, role) and write `claimant: jens-stoltenberg`")


def test_an_outlet_entry_is_told_to_become_an_omission(error_of):
    text = edited(STATEMENT, "  - omission: silent\n    why: The weekly reported the meeting but not the fund, its one "
                             "figure.\n", "  - outlet: silent\n    stance: omits\n")
    assert error_of(text) == (
        f"{PROBE}:{at(text, '- outlet: silent', 'outlet')}: error: `outlet:` entries are the old format for omissions "
        "— if the article covered the event and leaving this claim out matters to a reader, write "
        "`omission: <outlet id>` with `why:`; if the outlet did not cover the subject, remove the entry")


@pytest.mark.parametrize("old, message", [
    ("reports", "`stance: reports` is the old format — write `stance: neutral` (the outlet's own attitude), or "
                "another stance if the passage shows one"),  # the entry has its fidelity already
    ("misreports", "`stance: misreports` is the old format: an error in the rendering is now its fidelity — write a "
                   "`fidelity` such as `distorted`, `loosened`, `hardened` or `mistranslated`, a `stance` (the "
                   "outlet's attitude) and a `note:` saying what differs from the primary source"),
    ("omits", "`stance: omits` is the old format: an omission is now an entry of its own — write "
              "`- omission: <outlet id>` with `why:` (why leaving the claim out matters to a reader); if the outlet "
              "simply did not cover the subject, remove the entry"),
])
def test_old_stances_name_the_new_fields(error_of, old, message):
    text = edited(STATEMENT, "    stance: neutral\n    passages:\n      - quote: The fund",
                  f"    stance: {old}\n    passages:\n      - quote: The fund")
    assert error_of(text) == f"{PROBE}:{at(text, 'stance: ' + old, old)}: error: {message}"


def test_a_whole_old_format_claim_gets_one_error_per_old_field_and_no_traceback(sample_content, run_check):
    text = """\
claim: Ministers agreed on a plan.
claimant: The ministers
kind: fact
topic: meeting
date: 2021-10-22
rating: accurate
summary: They did.
coverage:
  - source: daily-report
    stance: reports
    passages:
      - quote: Ministers agreed on Thursday on a new plan
  - outlet: silent
    stance: omits
author: alex-sample
reviewed: 2026-11-22
verdict: It did.
"""
    (sample_content / "claims" / "probe.yaml").write_text(text, encoding="utf-8")
    run = run_check()
    assert run.code == 1
    places = [tuple(PROBLEM_LINE.match(p).group("line", "col")) for p in run.errors()]
    assert places == [tuple(at(text, *where).split(":")) for where in [
        ("claimant: The ministers", "The"), ("kind: fact", "fact"), ("  - source", "source"),
        ("stance: reports", "reports"), ("  - outlet", "outlet")]], run.output



def test_old_stance_reports_without_a_fidelity_names_both_new_fields(sample_content, run_check):
    text = edited(STATEMENT, "    fidelity: faithful\n    stance: neutral\n    passages:\n      - quote: The fund",
                  "    stance: reports\n    passages:\n      - quote: The fund")
    (sample_content / "claims" / "probe.yaml").write_text(text, encoding="utf-8")
    run = run_check()
    expected = (
        f"{PROBE}:{at(text, 'stance: reports', 'reports')}: error: `stance: reports` is the old format — write "
        "`fidelity: faithful` (how faithfully the outlet renders the original) and `stance: neutral` (its own "
        "attitude); choose other values if the passage shows them"
    )
    assert expected in run.problems(), run.output
