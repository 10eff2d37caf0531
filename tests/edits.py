"""Editing content files in tests. A plain module (not conftest) so that test folders with
their own conftest.py can import it too."""
from __future__ import annotations

from pathlib import Path


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a file; `old` must occur exactly `count` times, so an edit that silently misses
    (and so tests nothing) fails instead."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# A new claim for the sample content (tests/sample/content), valid as it stands.
NEW_CLAIM = """\
claim: Ministers met for the first time since the withdrawal.
kind: statement
claimant: the-ministry
topic: meeting
date: "2021-10-22"
rating: accurate
summary: They did.
coverage:
  - source: wire-story
    fidelity: faithful
    stance: neutral
    passages:
      - quote: for the first time since the withdrawal
author: alex-sample
reviewed: "2026-11-22"
verdict: It did.
"""
