"""Rendering in worker processes gives the site a single process gives, byte for byte,
and an incremental build after it keeps what it should."""
from __future__ import annotations

from edits import replace_in
from sidelight.build import pipeline
from sidelight.build import workers
from test_incremental import tree


def test_pages_rendered_by_workers_are_the_pages_of_one_process(sample_content, tmp_path, monkeypatch):
    alone = tmp_path / "alone"
    assert not pipeline.build(sample_content, alone).report.errors
    monkeypatch.setattr(workers, "MIN_ITEMS", 1)
    monkeypatch.setattr(workers, "CHUNK", 2)
    shared = tmp_path / "shared"
    result = pipeline.build(sample_content, shared, clean=True)
    assert not result.report.errors and len(result.rendered) == result.counts["pages"]
    assert tree(shared) == tree(alone)


def test_an_edit_after_a_parallel_build_renders_only_its_pages(sample_content, tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "MIN_ITEMS", 1)
    monkeypatch.setattr(workers, "CHUNK", 2)
    out = tmp_path / "site"
    pipeline.build(sample_content, out)
    replace_in(sample_content / "claims" / "plan-secret.yaml", "summary: The plan is confidential.",
               "summary: The plan is confidential, officials say.")
    result = pipeline.build(sample_content, out)
    assert result.rendered == ["claims/plan-secret/index.html"]
    assert "officials say" in (out / "claims" / "plan-secret" / "index.html").read_text(encoding="utf-8")
