"""`build.py check` on broken content: every error kind, as the editor sees it in the
terminal, with its exact `path:line:col` pointing at the offending key or value.

Most tests add one claim, `content/claims/probe.yaml`, written from CLAIM below with one
mistake, so the expected line numbers can be read off the text in this file.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from edits import replace_in

SAMPLE = Path(__file__).parent / "sample" / "content"
PROBE = "content/claims/probe.yaml"
CLAIM = """\
# yaml-language-server: $schema=../../../schema/claim.schema.json
claim: Ministers agreed on a plan.
kind: statement
claimant: the-ministry
topic: meeting
date: 2021-10-22
rating: accurate
summary: They did.
coverage:
  - source: daily-report
    fidelity: faithful
    stance: neutral
    frames: [security-defense]
    devices: [scare-quotes]
    passages:
      - quote: Ministers agreed on Thursday on a new plan
  - omission: silent
    why: The weekly covered the meeting but left the plan out.
evidence:
  - title: Statement
    publisher: The Ministry
    url: https://ministry.example.org/statement
    date: 2021-10-22
    quote: The ministers agreed on a plan.
    kind: primary
    lookup: https://web.archive.org/web/2021*/ministry.example.org
author: alex-sample
reviewed: 2026-11-22
verdict: It did.
"""
SOURCE = """\
---
title: A short report
outlet: wire
published: 2021-10
language: en
---
The fund will have €1 billion to invest.
"""
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): "
                          r"(?P<what>.+?)(?: — (?P<fix>.+))?$")


def claim_with(old: str, new: str) -> str:
    assert CLAIM.count(old) == 1, old
    return CLAIM.replace(old, new)


@pytest.fixture
def check_claim(sample_content, run_check):
    """Write probe.yaml (CLAIM with one mistake), run check, return the single error."""
    def run(text: str | bytes, name: str = "probe.yaml") -> str:
        path = sample_content / "claims" / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return only_error(run_check())
    return run


def only_error(run) -> str:
    """The one error printed: exit 1, the failure summary, and no other error or warning."""
    assert run.code == 1, run.output
    assert run.problems() and len(run.problems()) == 1, run.output
    assert "check failed: 1 error, 0 warnings" in run.stderr
    line = run.problems()[0]
    match = PROBLEM_LINE.match(line)
    assert match and match["fix"], f"not `path:line:col: error: what — how to fix`: {line}"
    return line


def test_the_probe_claim_itself_is_valid(sample_content, run_check):
    (sample_content / "claims" / "probe.yaml").write_text(CLAIM, encoding="utf-8")
    run = run_check()
    assert run.code == 0, run.output
    assert run.output.startswith("ok: 5 claims, 2 sources, 12 passages anchored")


def test_shipped_sample_prints_only_a_success_line(run_cli):
    run = run_cli("--content", str(SAMPLE), "check")
    assert run.code == 0
    assert run.stderr == ""
    assert re.fullmatch(r"ok: 4 claims, 2 sources, 11 passages anchored \(0 errors, 0 warnings, [0-9.]+ s\)\n",
                        run.stdout), run.stdout


def test_shipped_content_prints_only_a_success_line(run_cli):
    run = run_cli("--content", str(SAMPLE.parent.parent.parent / "content"), "check")
    assert run.code == 0, run.output
    assert run.stderr == "" and re.fullmatch(r"ok: \d+ claims, \d+ sources, \d+ passages anchored "
                                             r"\(0 errors, 0 warnings, [0-9.]+ s\)\n", run.stdout), run.output


# --- YAML itself -------------------------------------------------------------------------

def test_invalid_yaml_points_at_the_unclosed_bracket(check_claim):
    line = check_claim(claim_with("claimant: the-ministry", "claimant: [the-ministry"))
    assert line.startswith(f"{PROBE}:4:11: error: this `[` is never closed (YAML expected `,` or `]` at line 5,")


def test_unclosed_quote_points_at_its_opening_not_the_end_of_the_file(check_claim):
    line = check_claim(claim_with("summary: They did.", 'summary: "They did.'))
    assert line.startswith(f"{PROBE}:8:10: error: this quoted text is never closed — add the closing quote")


def test_colon_in_a_value(check_claim):
    line = check_claim(claim_with("claimant: the-ministry", "claimant: the-ministry: all of them"))
    assert line.startswith(f"{PROBE}:4:23: error: a `: ` (colon and space) inside a value")
    assert 'put the whole value in quotes, e.g. key: "a: b"' in line


def test_tab_indentation(check_claim):
    line = check_claim(claim_with("  - omission: silent", "\t- omission: silent"))
    assert line == f"{PROBE}:17:1: error: a tab is used for indentation — indent with spaces, not tabs"


def test_duplicate_key_points_at_the_second_and_names_the_first_line(check_claim):
    line = check_claim(claim_with("rating: accurate\n", "rating: accurate\nclaimant: officials\n"))
    assert line.startswith(f"{PROBE}:8:1: error: duplicate key `claimant` (first set on line 4) — ")


def test_duplicate_key_inside_a_list_entry(check_claim):
    line = check_claim(claim_with("    stance: neutral\n", "    stance: neutral\n    stance: endorses\n"))
    assert line.startswith(f"{PROBE}:13:5: error: duplicate key `stance` (first set on line 12)")


def test_alias_points_at_the_alias_and_names_the_anchor(check_claim):
    text = claim_with("claimant: the-ministry", "claimant: &who the-ministry")
    text = text.replace("author: alex-sample", "author: *who")
    line = check_claim(text)
    assert line.startswith(f"{PROBE}:27:9: error: YAML aliases are not supported: `*who` repeats the value "
                           "marked `&who` on line 4 — write the value out in full")


def test_an_anchor_without_an_alias(check_claim):
    line = check_claim(claim_with("claimant: the-ministry", "claimant: &who the-ministry"))
    assert line == (f"{PROBE}:4:11: error: YAML anchors are not supported: `&who` marks a value to repeat "
                    "elsewhere — remove `&who`; write every value out in full")


@pytest.mark.parametrize("text", ["R&D spending", "'&quoted'", "\"& more\"", "AT&T"])
def test_an_ampersand_in_text_is_just_text(sample_content, run_check, text):
    (sample_content / "claims" / "probe.yaml").write_text(claim_with("They did.", text), encoding="utf-8")
    assert run_check().code == 0


def test_merge_key(check_claim):
    line = check_claim(CLAIM + "extra:\n  <<: {a: b}\n")
    assert line.startswith(f"{PROBE}:31:3: error: merge keys (`<<`) are not supported")


def test_yaml_tag(check_claim):
    line = check_claim(claim_with("claimant: the-ministry", "claimant: !!python/name:os.system x"))
    assert line.startswith(f"{PROBE}:4:11: error: YAML tag `tag:yaml.org,2002:python/name:os.system` is not allowed")


def test_two_documents_in_one_file(check_claim):
    line = check_claim(CLAIM + "---\nclaim: A second claim.\n")
    assert line == (f"{PROBE}:30:1: error: a second YAML document starts here — "
                    "a file holds one document; remove this `---` line")


def test_a_leading_document_marker_is_fine(sample_content, run_check):
    (sample_content / "claims" / "probe.yaml").write_text("---\n" + CLAIM, encoding="utf-8")
    assert run_check().code == 0


# --- values and keys ---------------------------------------------------------------------

def test_unknown_key_suggests_the_nearest(check_claim):
    line = check_claim(claim_with("summary: They did.\n", "summary: They did.\nauthr: Someone\n"))
    assert line == f"{PROBE}:9:1: error: unknown key `authr` — did you mean `author`?"


def test_unknown_key_in_a_list_entry(check_claim):
    line = check_claim(claim_with("    stance: neutral\n", "    stance: neutral\n    notes: Loose.\n"))
    assert line == f"{PROBE}:13:5: error: unknown key `notes` in `coverage[0]` — did you mean `note`?"


def test_missing_required_field(check_claim):
    line = check_claim(claim_with("claimant: the-ministry\n", ""))
    assert line == (f"{PROBE}:2:1: error: missing `claimant`: who made this statement — "
                    "add `claimant: <id>` of a file in content/claimants/")


def test_missing_schema_field(check_claim):
    line = check_claim(claim_with("topic: meeting\n", ""))
    assert line.startswith(f"{PROBE}:2:1: error: missing `topic` — add `topic: …`")


def test_missing_field_in_a_list_entry_points_at_the_entry(check_claim):
    line = check_claim(claim_with("    stance: neutral\n", ""))
    assert line == (f"{PROBE}:10:5: error: missing `stance` in `coverage[0]` — "
                    "add `stance:` (the outlet's own attitude, e.g. `neutral`)")


def test_a_number_where_text_is_meant(check_claim):
    line = check_claim(claim_with("claim: Ministers agreed on a plan.", "claim: 2021"))
    assert line == f"{PROBE}:2:8: error: `claim` must be text, not a number (`2021`) — put the value in quotes"


def test_true_where_text_is_meant_is_shown_as_written(check_claim):
    line = check_claim(claim_with("claimant: the-ministry", "claimant: true"))
    assert line == (f"{PROBE}:4:11: error: `claimant: true` is read as a yes/no value, not as a claimant — use one of"
                    " `daily`, `officials`, `secretary-general`, `the-ministry` (no claimant is called `true`)")


def test_empty_value(check_claim):
    line = check_claim(claim_with("claimant: the-ministry", "claimant:"))
    assert line == f"{PROBE}:4:10: error: `claimant` is empty — fill in a value, or remove the line"


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "OFF"])
def test_yes_and_no_stay_text(sample_content, run_check, word):
    """YAML 1.1 would make these booleans; a summary that says `no` is text like any other."""
    (sample_content / "claims" / "probe.yaml").write_text(
        claim_with("summary: They did.", f"summary: {word}"), encoding="utf-8")
    run = run_check()
    assert run.code == 0, run.output


def test_no_where_an_enum_is_meant_is_flagged_by_the_enum(check_claim):
    line = check_claim(claim_with("kind: statement\n", "kind: no\n"))
    assert line == f"{PROBE}:3:7: error: `kind` cannot be `no` — use one of `attribution`, `opinion`, `statement`"


def test_enum_suggests_the_nearest(check_claim):
    line = check_claim(claim_with("kind: statement\n", "kind: statment\n"))
    assert line == f"{PROBE}:3:7: error: `kind` cannot be `statment` — did you mean `statement`?"


@pytest.mark.parametrize("date, message", [
    ("2021-13-45", "`date` is not a real date: `2021-13-45` — check the month and day"),
    ("2021-02-30", "`date` is not a real date: `2021-02-30` — check the month and day"),
    ("2021-13", "`date` is not a real date: `2021-13` — check the month and day"),
    ("21-10-2021", "`date` is not a date: `21-10-2021` — write YYYY-MM-DD"),
    ("2021-10-22 10:00", "`date` is not a date: `2021-10-22 10:00` — write YYYY-MM-DD"),
    ("20211022", "`date` must be text, not a number (`20211022`)"),
])
def test_malformed_date(check_claim, date, message):
    line = check_claim(claim_with("date: 2021-10-22\nrating", f"date: {date}\nrating"))
    assert line.startswith(f"{PROBE}:6:7: error: {message}")


@pytest.mark.parametrize("date", ["2021", "2021-10", "2024-02-29", '"2021-10-22"'])
def test_partial_and_quoted_dates_are_fine(sample_content, run_check, date):
    (sample_content / "claims" / "probe.yaml").write_text(
        claim_with("date: 2021-10-22\nrating", f"date: {date}\nrating"), encoding="utf-8")
    assert run_check().code == 0


def test_updated_in_the_month_of_the_review_is_fine(sample_content, run_check):
    (sample_content / "claims" / "probe.yaml").write_text(CLAIM + "updated: 2026-11\n", encoding="utf-8")
    assert run_check().code == 0


def test_updated_before_reviewed(check_claim):
    line = check_claim(CLAIM + "updated: 2026-10-30\n")
    assert line == (f"{PROBE}:30:10: error: `updated` (2026-10-30) is before `reviewed` (2026-11-22) — "
                    "check both dates; `updated` cannot come first")


def test_a_topic_that_ends_before_it_begins(sample_content, run_check):
    replace_in(sample_content / "topics" / "meeting.yaml", 'end_date: "2021-10-22"', "end_date: 2021-10-20")
    run = run_check()
    assert run.problems() == ["content/topics/meeting.yaml:4:11: error: `end_date` (2021-10-20) is before `date` "
                              "(2021-10-21) — check both dates; `end_date` cannot come first"]


def test_date_inside_a_list_entry(check_claim):
    line = check_claim(claim_with("    date: 2021-10-22", "    date: 2021-02-30"))
    assert line.startswith(f"{PROBE}:23:11: error: `date` is not a real date: `2021-02-30`")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://ministry.example.org/statement",
                                 "ministry.example.org/statement"])
def test_non_http_url(check_claim, url):
    line = check_claim(claim_with("https://ministry.example.org/statement", url))
    assert line == (f"{PROBE}:22:10: error: `evidence[0].url` must be an http or https address: `{url}` — "
                    "write a full address starting with https://")


@pytest.mark.parametrize("url", ["https://", "https://exa mple.org/", "https://example.org:99999/"])
def test_malformed_web_address(check_claim, url):
    line = check_claim(claim_with("https://ministry.example.org/statement", f'"{url}"'))
    assert line.startswith(f"{PROBE}:22:10: error: `evidence[0].url` is not a valid web address: `{url}`")


def test_a_web_address_with_cyrillic_is_fine(sample_content, run_check):
    text = claim_with("https://ministry.example.org/statement", "https://ru.wikipedia.org/wiki/Москва")
    (sample_content / "claims" / "probe.yaml").write_text(text, encoding="utf-8")
    assert run_check().code == 0


def test_a_repeat_in_a_list_points_at_the_repeat(check_claim):
    line = check_claim(claim_with("frames: [security-defense]", "frames: [security-defense, economic, economic]"))
    assert line == f"{PROBE}:13:42: error: `coverage[0].frames` lists `economic` twice — remove the repeat"


def test_long_values_are_shortened_in_messages(check_claim):
    long = "Ministers agreed on Thursday on a new plan to defend against potential aggression"
    line = check_claim(claim_with("      - quote: Ministers agreed on Thursday on a new plan", f"      - {long}"))
    assert line.startswith(f"{PROBE}:16:9: error: `coverage[0].passages[0]` must be a set of `key: value` lines, "
                           f"not text (`{long[:59]}…`) — ")


# --- cross-references ---------------------------------------------------------------------

@pytest.mark.parametrize("old, new, where, message", [
    ("topic: meeting", "topic: meetin", "5:8", "unknown topic `meetin` — did you mean `meeting`?"),
    ("claimant: the-ministry", "claimant: the-ministri", "4:11",
     "unknown claimant `the-ministri` — did you mean `the-ministry`?"),
    ("rating: accurate", "rating: acurate", "7:9", "unknown rating `acurate` — did you mean `accurate`?"),
    ("fidelity: faithful", "fidelity: faithfull", "11:15",
     "unknown fidelity `faithfull` — did you mean `faithful`?"),
    ("stance: neutral", "stance: neutrl", "12:13", "unknown stance `neutrl` — did you mean `neutral`?"),
    ("[security-defense]", "[security-defence]", "13:14",
     "unknown frame `security-defence` — did you mean `security-defense`?"),
    ("[scare-quotes]", "[scare-quote]", "14:15", "unknown device `scare-quote` — did you mean `scare-quotes`?"),
    ("source: daily-report", "source: daily-reports", "10:13",
     "unknown source `daily-reports` — did you mean `daily-report`?"),
    ("omission: silent", "omission: silen", "17:15", "unknown outlet `silen` — did you mean `silent`?"),
])
def test_unknown_id_suggests_the_nearest(check_claim, old, new, where, message):
    line = check_claim(claim_with(old, new))
    assert line == f"{PROBE}:{where}: error: {message}"


def test_unknown_id_with_nothing_close_lists_the_choices(check_claim):
    line = check_claim(claim_with("rating: accurate", "rating: splendid"))
    assert line.startswith(f"{PROBE}:7:9: error: unknown rating `splendid` — use one of `accurate`, `inaccurate`")


def test_not_an_id_at_all_is_reported_once(check_claim):
    line = check_claim(claim_with("rating: accurate", "rating: Accurate"))
    assert line == (f"{PROBE}:7:9: error: `Accurate` is not a valid id — "
                    "ids are lower-case letters, digits and hyphens, e.g. `accurate`")


def test_unknown_outlet_of_a_source(sample_content, run_check):
    (sample_content / "sources" / "probe.txt").write_text(SOURCE.replace("outlet: wire", "outlet: wires"),
                                                          encoding="utf-8")
    run = run_check()
    assert "content/sources/probe.txt:3:9: error: unknown outlet `wires` — did you mean `wire`?" in run.problems()


def test_an_omission_has_no_stance(check_claim):
    line = check_claim(claim_with("    why:", "    stance: neutral\n    why:"))
    assert line == (f"{PROBE}:18:5: error: an omission has no `stance` — remove it: an omission holds "
                    "`omission:`, `why:` and optionally the `source:` that left the claim out")


def test_the_old_stance_omits_on_a_quoted_source_names_the_omission_entry(check_claim):
    line = check_claim(claim_with("    stance: neutral", "    stance: omits"))
    assert line.startswith(f"{PROBE}:12:13: error: `stance: omits` is the old format: an omission is now an entry "
                           "of its own — write `- omission: <outlet id>` with `why:`")


def test_an_omission_naming_another_outlets_article(check_claim):
    line = check_claim(claim_with("  - omission: silent\n", "  - omission: silent\n    source: wire-story\n"))
    assert line == (f"{PROBE}:18:13: error: source `wire-story` is an article of `wire`, not of `silent` — "
                    "name the article of the outlet that left the claim out, or remove `source:`")


def test_an_omission_with_its_own_article_is_fine(sample_content, run_check):
    (sample_content / "claims" / "probe.yaml").write_text(
        claim_with("  - omission: silent\n", "  - omission: wire\n    source: wire-story\n"), encoding="utf-8")
    run = run_check()
    assert run.code == 0, run.output


def test_an_omission_with_a_source_still_checks_its_outlet(check_claim):
    line = check_claim(claim_with("  - omission: silent\n", "  - omission: wirre\n    source: wire-story\n"))
    assert line == f"{PROBE}:17:15: error: unknown outlet `wirre` — did you mean `wire`?"


def test_a_source_entry_without_passages(check_claim):
    text = claim_with("    passages:\n      - quote: Ministers agreed on Thursday on a new plan\n", "")
    line = check_claim(text)
    assert line.startswith(f"{PROBE}:10:5: error: missing `passages` in `coverage[0]` — add `passages:` "
                           "(at least one `- quote: …` from the source that shows it)")


def test_the_same_source_twice_in_a_claim(check_claim):
    omission = "  - omission: silent\n    why: The weekly covered the meeting but left the plan out.\n"
    line = check_claim(claim_with(omission,
                                  "  - source: daily-report\n    fidelity: faithful\n    stance: neutral\n"
                                  "    passages:\n      - quote: The plan is secret. Officials\n"))
    assert line.startswith(f"{PROBE}:17:13: error: source `daily-report` appears twice in this claim's coverage "
                           "(first in coverage[0]) — merge the two entries")


def test_an_outlet_quoted_and_said_to_omit(check_claim):
    line = check_claim(claim_with("omission: silent", "omission: daily"))
    assert line.startswith(f"{PROBE}:17:15: error: outlet `daily` is listed as leaving the claim out, "
                           "but a source of that outlet is quoted in this claim")


def test_broken_source_is_reported_once_not_at_every_claim_citing_it(sample_content, run_check):
    replace_in(sample_content / "sources" / "wire-story.txt", "not_established: [title, url]\n---\n",
               "not_established: [title, url]\n")
    run = run_check()
    assert run.problems() == ["content/sources/wire-story.txt:1:1: error: the front matter that starts here "
                              "is never closed — add a line `---` after the last field, before the text"]


def test_missing_vocabulary_is_reported_once(sample_content, run_check):
    (sample_content / "vocabulary.yaml").unlink()
    run = run_check()
    assert run.problems() == ["content/vocabulary.yaml:1:1: error: file not found — "
                              "create it: see docs/content-format.md"]


# --- files -------------------------------------------------------------------------------

def test_bad_file_name(check_claim):
    line = check_claim(CLAIM, name="Probe_Claim.yaml")
    assert line == ("content/claims/Probe_Claim.yaml:1:1: error: `Probe_Claim` is not a valid id — "
                    "rename the file to `probe-claim.yaml`: lower-case letters, digits and single hyphens")


def test_yml_instead_of_yaml_is_an_error_not_a_silently_missing_claim(check_claim):
    line = check_claim(CLAIM, name="probe.yml")
    assert line == ("content/claims/probe.yml:1:1: error: this file is not read: files here end in .yaml — "
                    "rename it to probe.yaml")


def test_not_utf8_points_at_the_first_bad_byte(check_claim):
    line = check_claim(claim_with("They did.", "Les ministres d'\xe9tat").encode("latin-1"))
    assert line == (f"{PROBE}:8:26: error: the file is not UTF-8 (byte 0xe9) — save the file as UTF-8 in your editor")


@pytest.mark.parametrize("text", ["", "\n\n   \n"])
def test_empty_file(check_claim, text):
    assert check_claim(text) == f"{PROBE}:1:1: error: the file is empty — fill it in, or delete it"


def test_a_file_that_is_not_a_mapping(check_claim):
    line = check_claim("- claim: one\n- claim: two\n")
    assert line.startswith(f"{PROBE}:1:1: error: expected `key: value` lines at the top level")


def test_binary_file(check_claim):
    line = check_claim(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert line.startswith(f"{PROBE}:3:1: error: this is a binary file, not text")


def test_crlf_and_byte_order_mark_are_fine(sample_content, run_check):
    (sample_content / "claims" / "probe.yaml").write_bytes(("\ufeff" + CLAIM.replace("\n", "\r\n")).encode())
    (sample_content / "sources" / "probe.txt").write_bytes(SOURCE.replace("\n", "\r\n").encode())
    run = run_check()
    assert run.code == 0 and run.problems() == [
        "content/sources/probe.txt:2:1: warning: no claim cites source `probe` — "
        "add a claim that quotes it, or remove the file"], run.output


def test_source_front_matter_not_closed(sample_content, run_check):
    (sample_content / "sources" / "probe.txt").write_text(SOURCE.replace("language: en\n---\n", "language: en\n"),
                                                          encoding="utf-8")
    run = run_check()
    assert run.code == 1
    assert run.problems() == ["content/sources/probe.txt:1:1: error: the front matter that starts here is never "
                              "closed — add a line `---` after the last field, before the text"]


def test_source_without_front_matter(sample_content, run_check):
    (sample_content / "sources" / "probe.txt").write_text("The fund will have €1 billion.\n", encoding="utf-8")
    run = run_check()
    assert run.problems() == ["content/sources/probe.txt:1:1: error: the file must start with front matter "
                              "between `---` lines — add `---`, then `title: …` and the other fields, then `---`, "
                              "then the text"]


def test_source_front_matter_errors_count_file_lines(sample_content, run_check):
    (sample_content / "sources" / "probe.txt").write_text(SOURCE.replace("language: en", "language: en\nauthr: X"),
                                                          encoding="utf-8")
    run = run_check()
    assert "content/sources/probe.txt:6:1: error: unknown key `authr` — did you mean `author`?" in run.problems()


def test_source_without_text(sample_content, run_check):
    (sample_content / "sources" / "probe.txt").write_text(SOURCE.split("The fund")[0] + "\n\n", encoding="utf-8")
    run = run_check()
    assert "content/sources/probe.txt:7:1: error: the source has no article text — paste the article's text, " \
           "verbatim, below the closing `---`" in run.problems()


def test_page_front_matter_error(sample_content, run_check):
    (sample_content / "pages" / "about.md").write_text("---\ntitle: About\norder: first\n---\nText.\n",
                                                       encoding="utf-8")
    run = run_check()
    assert run.problems() == ["content/pages/about.md:3:8: error: `order` must be a whole number, not text "
                              "(`first`) — write a whole number here"]


# --- the run as a whole ------------------------------------------------------------------

def test_all_problems_of_all_files_in_one_run_sorted_by_file_and_line(sample_content, run_check):
    claims, outlets = sample_content / "claims", sample_content / "outlets"
    replace_in(claims / "plan-secret.yaml", "rating: mostly-accurate", "rating: mostly-acurate")
    replace_in(claims / "plan-secret.yaml", "topic: meeting", "topic: meetings")
    replace_in(claims / "plan-secret.yaml", "frames: [security-defense]", "frames: [security-defence]")
    replace_in(claims / "better-plans.yaml", "url: https://alliance.example.org/press", "url: ftp://x.org/")
    replace_in(outlets / "daily.yaml", "kind: daily newspaper\n", "")
    (claims / "probe.yaml").write_text(claim_with("date: 2021-10-22\nrating", "date: 2021-02-30\nrating"),
                                       encoding="utf-8")
    run = run_check()
    assert run.code == 1
    places = [tuple(PROBLEM_LINE.match(p).group("path", "line")) for p in run.problems()]
    assert places == [("content/claims/better-plans.yaml", "23"), ("content/claims/plan-secret.yaml", "4"),
                      ("content/claims/plan-secret.yaml", "6"), ("content/claims/plan-secret.yaml", "12"),
                      ("content/claims/probe.yaml", "6"), ("content/outlets/daily.yaml", "1")]
    assert run.stderr.rstrip().endswith("check failed: 6 errors, 0 warnings")


def test_warnings_do_not_fail_unless_strict(sample_content, run_check):
    replace_in(sample_content / "claims" / "better-plans.yaml",
               "evidence:\n  - kind: primary\n    title: Press conference\n    publisher: The Alliance\n"
               "    url: https://alliance.example.org/press\n    date: \"2021-10-21\"\n"
               "    quote: We are strengthening the alliance with better and better plans.\n"
               "    lookup: https://web.archive.org/web/20211021*/https://alliance.example.org/press\n"
               "    accessed: \"2026-11-20\"\n", "")
    (sample_content / "sources" / "probe.txt").write_text(SOURCE, encoding="utf-8")
    expected = ["content/claims/better-plans.yaml:2:1: warning: this claim has no evidence — "
                "add `evidence:` entries the verdict rests on",
                "content/sources/probe.txt:2:1: warning: no claim cites source `probe` — "
                "add a claim that quotes it, or remove the file"]
    relaxed = run_check()
    assert relaxed.code == 0 and relaxed.problems() == expected
    assert relaxed.stdout.startswith("ok: 4 claims, 3 sources, 11 passages anchored (0 errors, 2 warnings")
    strict = run_check("--strict")
    assert strict.code == 1 and strict.problems() == expected
    assert "check failed: 0 errors, 2 warnings" in strict.stderr


def test_github_format_prints_annotations(sample_content, run_check):
    replace_in(sample_content / "claims" / "plan-secret.yaml", "rating: mostly-accurate", "rating: mostly-acurate")
    (sample_content / "sources" / "probe.txt").write_text(SOURCE, encoding="utf-8")
    run = run_check("--format", "github")
    assert run.code == 1
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=content/claims/plan-secret.yaml,line=6,col=9::unknown rating `mostly-acurate` — "
        "did you mean `mostly-accurate`?",
        "::warning file=content/sources/probe.txt,line=2,col=1::no claim cites source `probe` — "
        "add a claim that quotes it, or remove the file"]


def test_github_annotations_escape_the_file_property(sample_content, run_check):
    (sample_content / "claims" / "a,b.yaml").write_text(CLAIM, encoding="utf-8")
    run = run_check("--format", "github")
    assert run.stdout.startswith("::error file=content/claims/a%2Cb.yaml,line=1,col=1::`a,b` is not a valid id")


def test_missing_content_folder(run_cli, tmp_path):
    run = run_cli("--content", "nowhere", "check")
    assert run.code == 1
    assert run.problems() == ["nowhere:1:1: error: content folder not found — run from the project folder "
                              "or pass --content"]


# --- no input ever crashes check ---------------------------------------------------------
# In-process (through cli.main, as build.py calls it) so that hundreds of inputs stay fast;
# an exception escaping here is exactly what would print a traceback in the terminal.

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

import yaml  # noqa: E402

from sidelight import cli  # noqa: E402

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
YAML_ALPHABET = st.sampled_from(list("ab:- \n\t'\"[]{},#&*!|>%@`?~=\\") + ["\u00e9", "\u2028", "\r", "\x85", "no",
                                                                           "2021-02-30", "---", "...", "<<"])
VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) |
                      st.text(max_size=12) | st.sampled_from(["daily-report", "omits", "reports", "wire", "faithful",
                                                       "neutral", "silent"]),
                      lambda inner: st.lists(inner, max_size=3) |
                      st.dictionaries(st.sampled_from(["source", "outlet", "omission", "why", "fidelity", "stance",
                                                       "passages", "quote", "prefix", "frames", "note", "id",
                                                       "x"]), inner, max_size=4),
                      max_leaves=12)


def check_in_process(content, capsys) -> int:
    code = cli.main(["--content", str(content), "check"])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code


@FUZZ
@given(text=st.lists(YAML_ALPHABET, max_size=40).map("".join))
def test_no_yaml_text_crashes_check(sample_content, capsys, text):
    (sample_content / "claims" / "probe.yaml").write_text(text, encoding="utf-8")
    assert check_in_process(sample_content, capsys) in (0, 1)


@FUZZ
@given(key=st.sampled_from(["claim", "topic", "date", "rating", "coverage", "evidence", "corrections", "kind",
                            "claimant", "speaker", "attributed_by", "drift"]),
       value=VALUES)
def test_no_value_of_the_wrong_shape_crashes_check(sample_content, capsys, key, value):
    data = yaml.safe_load(CLAIM)
    data[key] = value
    (sample_content / "claims" / "probe.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert check_in_process(sample_content, capsys) in (0, 1)


@FUZZ
@given(entry=VALUES)
def test_no_coverage_entry_crashes_check(sample_content, capsys, entry):
    data = yaml.safe_load(CLAIM)
    data["coverage"].append(entry)
    (sample_content / "claims" / "probe.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert check_in_process(sample_content, capsys) in (0, 1)


@settings(FUZZ, max_examples=40)
@given(name=st.sampled_from(["ratings", "stances", "fidelities", "drift_kinds", "frames", "devices"]), term=VALUES)
def test_no_vocabulary_term_crashes_check(sample_content, capsys, name, term):
    vocabulary = sample_content / "vocabulary.yaml"
    vocab = yaml.safe_load(vocabulary.read_text(encoding="utf-8"))
    vocab[name].append(term)
    vocabulary.write_text(yaml.safe_dump(vocab), encoding="utf-8")
    assert check_in_process(sample_content, capsys) in (0, 1)


@FUZZ
@given(front=st.lists(YAML_ALPHABET, max_size=12).map("".join),
       body=st.lists(st.sampled_from(list("ab \n\u00a0\u2014\u2019'\"….-") + ["\r\n", "---"]), max_size=60).map("".join))
def test_no_source_file_crashes_check(sample_content, capsys, front, body):
    (sample_content / "sources" / "probe.txt").write_text(f"---\ntitle: T\noutlet: wire\nlanguage: en\n{front}\n"
                                                          f"---\n{body}", encoding="utf-8")
    data = yaml.safe_load(CLAIM)
    data["coverage"][0] = {"source": "probe", "fidelity": "faithful", "stance": "neutral",
                           "passages": [{"quote": body[:12] or "a"}]}
    (sample_content / "claims" / "probe.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert check_in_process(sample_content, capsys) in (0, 1)
