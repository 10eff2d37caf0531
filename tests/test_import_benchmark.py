"""The `fundus` split's measure in benchmarks/import/compare.py, checked with stand-in
extractors only: one that hands back each page's gold (every page must score 1.000 and a
right headline) and one that hands back nothing (0.000, no headline). The split is held
out until its one measured run, so no real extractor may run on its pages here: the
stand-ins look each page up by its bytes, extracting nothing."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "import"


def fundus_pages() -> list[dict]:
    return json.loads((BENCH / "fundus.json").read_text(encoding="utf-8"))["pages"]


def page_bytes(page: dict) -> bytes:
    return gzip.decompress((BENCH / "pages" / page["page"]).read_bytes())


@pytest.fixture
def compare(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """compare.py with the stand-ins in place of ours, trafilatura and readability-lxml."""
    spec = importlib.util.spec_from_file_location("import_compare", BENCH / "compare.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look it up there
    spec.loader.exec_module(module)
    gold = {page_bytes(p): (p["headline"], p["text"]) for p in fundus_pages()}
    stand_ins = {"gold": gold.__getitem__, "empty": lambda raw: ("", "")}
    monkeypatch.setattr(module, "EXTRACTORS", stand_ins)
    monkeypatch.setattr(module, "versions", lambda: dict.fromkeys([*stand_ins, "broken"], "(stand-in)"))
    return module


def broken(raw: bytes) -> tuple[str, str]:
    """An extractor that fails on every page, as readability-lxml does on a page whose
    links hold control characters."""
    raise ValueError("All strings must be XML compatible")


def printed(compare: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> str:
    monkeypatch.setattr(sys, "argv", ["compare.py", *args])
    compare.main()
    return capsys.readouterr().out


def test_the_gold_scores_one_and_every_headline_and_nothing_scores_zero(compare, monkeypatch, capsys):
    pages = fundus_pages()
    out = printed(compare, monkeypatch, capsys, "--split", "fundus")
    assert out.startswith(f"{len(pages)} pages (fundus)")
    assert f"| gold (stand-in) | 1.000 | 1.000 | 1.000 | {len(pages)}/{len(pages)} |" in out
    assert f"| empty (stand-in) | 0.000 | 0.000 | 0.000 | 0/{len(pages)} |" in out


def test_a_page_an_extractor_fails_on_scores_as_nothing_and_the_failure_is_printed(compare, monkeypatch, capsys):
    pages = fundus_pages()
    monkeypatch.setitem(compare.EXTRACTORS, "broken", broken)
    out = printed(compare, monkeypatch, capsys, "--split", "fundus")
    assert f"| broken (stand-in) | 0.000 | 0.000 | 0.000 | 0/{len(pages)} |" in out
    assert f"{pages[0]['page'][:12]}: broken failed: ValueError: All strings must be XML compatible" in out
    assert f"| gold (stand-in) | 1.000 | 1.000 | 1.000 | {len(pages)}/{len(pages)} |" in out  # the others go on


def test_each_page_has_its_row_with_kind_site_f1_and_headline_mark(compare, monkeypatch, capsys):
    pages = fundus_pages()
    out = printed(compare, monkeypatch, capsys, "--split", "fundus", "--pages")
    rows = re.findall(r"^\| (\w{12}) \| (\w+) \| (\S+) \| (.+) \| (.+) \|$", out, re.MULTILINE)
    assert [(r[0], r[1], r[2]) for r in rows] == [(p["page"][:12], p["kind"], p["site"]) for p in pages]
    assert {(r[3], r[4]) for r in rows} == {("1.000 ✓", "0.000 ✗")}
