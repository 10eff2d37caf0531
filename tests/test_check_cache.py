"""`check` with what earlier runs left in .sidelight-cache/: the same problems, at the same
places, as a run that starts from nothing; an edited file is always read afresh; a
damaged cache is ignored.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edits import replace_in

BROKEN_CLAIM = """\
claim: Ministers agreed on a plan.
claimant: The ministers
topic: no-such-topic
date: "2021-10-22"
rating: 7
summary: They did.
coverage:
  - source: daily-report
    stance: reports
    passages:
      - quote: Ministers agreed on Thursday on a new plan
      - quote: Ministers agreed on Friday on a new plan
author: Sample Desk
reviewed: "2026-11-22"
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
