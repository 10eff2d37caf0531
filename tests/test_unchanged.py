"""The no-change fast path: a rebuild with no input changed does nothing and says so, and
any change it could miss — a content file (even with its time put back), a file in site/
edited by hand, a template, SOURCE_DATE_EPOCH — means a real build again."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from edits import replace_in
from sidelight.build import pipeline
from sidelight.build.nochange import MESSAGE

STAGES = ("loaded ", "validated ", "anchored ", "rendered ")


def stages_run(stdout: str) -> list[str]:
    return [stage for stage in STAGES if any(line.startswith(stage) for line in stdout.splitlines())]


def test_a_rebuild_with_nothing_changed_runs_no_stage_and_repeats_the_warnings(sample_content, run_cli):
    (sample_content / "claims" / "notes.json").write_text("{}", encoding="utf-8")  # a warning
    first = run_cli("--content", "content", "build")
    assert first.code == 0 and "ignored file" in first.stderr
    again = run_cli("--content", "content", "build")
    assert again.code == 0 and stages_run(again.stdout) == []
    assert MESSAGE in again.stdout
    assert again.stderr == first.stderr  # the same warning, not silence
    built = next(line for line in first.stdout.splitlines() if line.startswith("built "))
    kept = next(line for line in again.stdout.splitlines() if line.startswith("nothing changed: "))
    pages, counts = re.match(r"built (\d+ pages) \((.*)\) into", built).groups()
    assert kept.startswith(f"nothing changed: {pages} kept in site/ ({counts}; ")  # the same counts, not "built"


def test_touching_a_content_file_runs_the_stages_again(sample_content, run_cli):
    run_cli("--content", "content", "build")
    claim = sample_content / "claims" / "plan-secret.yaml"
    os.utime(claim, ns=(claim.stat().st_atime_ns, claim.stat().st_mtime_ns + 10**9))
    again = run_cli("--content", "content", "build")
    assert stages_run(again.stdout) == list(STAGES) and "nothing written" in again.stdout


def test_a_site_file_edited_by_hand_to_the_same_size_is_restored(sample_content, tmp_path):
    """In place (same inode), same size, a second later: only the modification time tells."""
    out = tmp_path / "site"
    pipeline.build(sample_content, out)
    page = out / "claims" / "fund-size" / "index.html"
    clean, before = page.read_bytes(), page.stat()
    page.write_bytes(clean.replace(b"<main", b"<MAIN", 1))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))
    result = pipeline.build(sample_content, out)
    assert "claims/fund-size/index.html" in result.rendered and page.read_bytes() == clean


def test_a_content_edit_of_the_same_size_with_its_time_put_back_is_seen(sample_content, tmp_path):
    out = tmp_path / "site"
    claim = sample_content / "claims" / "plan-secret.yaml"
    pipeline.build(sample_content, out)
    before = claim.stat()
    replace_in(claim, "The plan is confidential.", "The plan is Confidential.")
    os.utime(claim, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = pipeline.build(sample_content, out)
    assert "claims/plan-secret/index.html" in result.rendered


def test_a_changed_template_or_source_date_epoch_means_a_real_build(sample_content, tmp_path, monkeypatch):
    from sidelight.output.render import TEMPLATES
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    out = tmp_path / "site"
    pipeline.build(sample_content, out, templates=templates)
    assert pipeline.build(sample_content, out, templates=templates).site is None  # replayed: no model
    replace_in(templates / "base.html", "</body>", "<!-- changed --></body>")
    assert len(pipeline.build(sample_content, out, templates=templates).rendered) > 10
    assert pipeline.build(sample_content, out, templates=templates).site is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert pipeline.build(sample_content, out, templates=templates).site is not None
