"""`check` with what earlier runs left in .sidelight-cache/: the same problems, at the same
places, as a run that starts from nothing; an edited file is always read afresh; anchors
and reference problems are reused only while nothing they depend on changed (a source's
text, the ids that exist); a damaged cache is ignored.
"""
from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from edits import replace_in
from sidelight.build.pipeline import check

BROKEN_CLAIM = """\
claim: Ministers agreed on a plan.
claimant: the-ministry
topic: no-such-topic
date: "2021-10-22"
rating: 7
summary: They did.
coverage:
  - source: daily-report
    fidelity: faithful
    stance: neutral
    passages:
      - quote: Ministers agreed on Thursday on a new plan
      - quote: Ministers agreed on Friday on a new plan
author: alex-sample
reviewed: "2026-11-22"
verdict: It did.
kind: statement
"""


@pytest.fixture
def broken(sample_content: Path) -> Path:
    """The sample with problems of every stage: YAML, schema, reference, anchor, warning."""
    (sample_content / "claims" / "probe.yaml").write_text(BROKEN_CLAIM, encoding="utf-8")
    (sample_content / "claims" / "bad-yaml.yaml").write_text("claim: [unclosed\n", encoding="utf-8")
    (sample_content / "sources" / "latin.txt").write_bytes(b"---\ntitle: caf\xe9\n---\ntext\n")
    return sample_content


def cache_files(content: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (content.parent / ".sidelight-cache").iterdir()}


def test_a_warm_check_prints_exactly_what_a_cold_one_does(broken, run_check):
    cold = run_check()
    assert cold.code == 1 and len(cold.problems()) >= 6, cold.output
    assert "probe.yaml:3:8: error: unknown topic `no-such-topic`" in cold.output
    written = cache_files(broken)
    warm = run_check()
    assert cache_files(broken) == written  # every file came from the cache: nothing new to save
    assert (warm.code, warm.output) == (cold.code, cold.output)


def test_an_edited_file_is_read_again(broken, run_check):
    run_check()
    replace_in(broken / "claims" / "probe.yaml", "topic: no-such-topic", "topic: meeting")
    replace_in(broken / "claims" / "probe.yaml", "summary: They did.", "summary: They did.\nsummary: Twice.")
    run = run_check()
    assert "no-such-topic" not in run.output
    assert "probe.yaml:7:1: error: duplicate key `summary` (first set on line 6)" in run.output


def test_a_damaged_cache_is_ignored(broken, run_check):
    cold = run_check()
    for path in (broken.parent / ".sidelight-cache").iterdir():
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert run_check().output == cold.output
    shutil.rmtree(broken.parent / ".sidelight-cache")
    (broken.parent / ".sidelight-cache").mkdir()
    for path in cache_files_after(run_check, broken):
        path.write_bytes(b"\xe9 not marshal")
    assert run_check().output == cold.output


def cache_files_after(run_check, content: Path) -> list[Path]:
    run_check()
    return list((content.parent / ".sidelight-cache").iterdir())


# --- anchors ---------------------------------------------------------------------------

def anchors_of(content: Path) -> dict[str, tuple[int, int, str]]:
    """Every passage of the model: (start, end, the source's words there), by passage id."""
    site = check(content).site
    assert site is not None
    return {p.id: (p.start, p.end, site.sources[p.source].text.text[p.start:p.end])
            for c in site.claims.values() for cov in c.coverage for p in cov.passages}


def anchored_fresh(content: Path) -> dict[str, tuple[int, int, str]]:
    shutil.rmtree(content.parent / ".sidelight-cache", ignore_errors=True)
    return anchors_of(content)


def test_a_source_edited_so_a_quote_no_longer_anchors_is_reported(sample_content, run_check):
    assert run_check().code == 0
    assert run_check().code == 0  # every claim's anchors now come from the cache
    replace_in(sample_content / "sources" / "daily-report.txt", "an initial $ 1 billion", "an initial $ 2 billion")
    run = run_check()
    assert run.code == 1
    assert run.errors() == ["content/claims/fund-size.yaml:17:16: error: the quote is not in the source; the closest "
                            "passage (98% similar) is at content/sources/daily-report.txt:13:20: \"an initial $ 2 "
                            "billion for new technologies\"; the words that differ: “1” → “2” — copy the source's "
                            "exact words; only spacing, quote marks and dashes may differ",
                            # the drift's rendering of the same words, anchored like a passage
                            "content/claims/fund-size.yaml:32:16: error: the quote is not in the source; the closest "
                            "passage (95% similar) is at content/sources/daily-report.txt:13:20: \"an initial $ 2 "
                            "billion\"; the words that differ: “1” → “2” — copy the source's exact words; only "
                            "spacing, quote marks and dashes may differ"], run.output


def test_anchors_taken_from_the_cache_are_those_located_afresh(sample_content):
    first = anchors_of(sample_content)
    assert anchors_of(sample_content) == first
    source = sample_content / "sources" / "daily-report.txt"
    replace_in(source, "language: en\n---\n", "language: en\n---\nA new first paragraph.\n\n")
    moved = anchors_of(sample_content)
    assert moved == anchored_fresh(sample_content)
    shifted = [k for k in first if moved[k][:2] != first[k][:2]]
    assert shifted and all(moved[k][2] == first[k][2] for k in first)  # same words, new offsets


def test_a_changed_prefix_is_anchored_again(sample_content, run_check):
    assert run_check().code == 0
    replace_in(sample_content / "claims" / "fund-size.yaml", "      - quote: an initial $ 1 billion for new technologies",
               "      - quote: an initial $ 1 billion for new technologies\n        prefix: not these words")
    run = run_check()
    assert run.code == 1 and len(run.errors()) == 1
    assert "fund-size.yaml:17:16: error: the quote is at content/sources/daily-report.txt:13:20, but not with " \
           "this prefix/suffix" in run.output


def test_checking_leaves_the_garbage_collector_as_it_found_it(sample_content):
    """`check` pauses the collector while loading and modelling (see sidelight/build/gcpause.py);
    it must not switch it off for the rest of the build, nor on for a caller that had switched
    it off."""
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            assert check(sample_content).site is not None
            assert gc.isenabled() is enabled
        finally:
            gc.enable()


def test_an_unchanged_claim_is_checked_against_the_ids_that_exist_now(sample_content, run_check):
    """Its reference problems are cached with the ids they were checked against."""
    assert run_check().code == 0
    (sample_content / "topics" / "meeting.yaml").rename(sample_content / "topics" / "meetings.yaml")
    run = run_check()
    assert "content/claims/fund-size.yaml:5:8: error: unknown topic `meeting` — did you mean `meetings`?" in run.errors()
    (sample_content / "topics" / "meetings.yaml").rename(sample_content / "topics" / "meeting.yaml")
    assert run_check().code == 0


def test_many_new_files_parsed_by_workers_give_what_parsing_here_gives(sample_content, monkeypatch):
    """A cold run parses in forked workers once there are many files (load.PARALLEL_FROM):
    the same documents and problems as parsing them one by one in this process."""
    from sidelight.content import files as load
    from sidelight.build import workers
    claim = (sample_content / "claims" / "fund-size.yaml").read_text(encoding="utf-8")
    copies = range(load.PARALLEL_FROM + 20)
    for i in copies:
        text = claim if i % 7 else claim.replace("topic: meeting", f"topic: meeting-{i}")
        text = text if i % 11 else text.replace("rating: accurate", "rating: [accurate")
        (sample_content / "claims" / f"copy-{i:03}.yaml").write_text(text, encoding="utf-8")
    forked, real = [], workers.in_parallel
    monkeypatch.setattr(workers, "in_parallel", lambda items, work: forked.append(len(items)) or real(items, work))
    parallel = sorted(check(sample_content).report.problems)
    assert forked and forked[0] >= load.PARALLEL_FROM
    assert sorted(check(sample_content).report.problems) == parallel  # warm
    shutil.rmtree(sample_content.parent / ".sidelight-cache")
    monkeypatch.setattr(load, "PARALLEL_FROM", 10**9)
    assert sorted(check(sample_content).report.problems) == parallel and len(forked) == 1
    assert sum("unknown topic" in p.message for p in parallel) == sum(1 for i in copies if i % 7 == 0 and i % 11)
    assert sum("never closed" in p.message for p in parallel) == sum(1 for i in copies if i % 11 == 0)
