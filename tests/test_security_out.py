"""The output folder (issue 18, items 7 and 12): `--out` replaces only a folder the build
created, unless asked; builds into different output folders never clean up each other's
staging or trash folders; and a build stalled or overtaken between writing the site and
recording it can never make a later build keep another build's pages.
"""
from __future__ import annotations

import io
import shutil
import threading
import time
from pathlib import Path

import pytest

from edits import replace_in
from hostile.support import tree
from cli_runs import run_in_process
from sidelight.build import pipeline
from sidelight.build.incremental import BuildCache
from sidelight.progress import NORMAL, Progress
from sidelight.output.write import MARKER, MARKER_TEXT, WriteError, new_folder, owner, site_id, update, write

CLAIM = Path("claims") / "fund-size.yaml"
SENTENCE = "The innovation fund will have €1 billion."


def someones_folder(out: Path) -> dict[str, bytes]:
    """A folder that looks like a site but holds a file someone cares about."""
    out.mkdir()
    (out / "index.html").write_text("<h1>my page</h1>")
    (out / "404.html").write_text("missing")
    (out / "notes.txt").write_text("three weeks of notes")
    return tree(out)


def test_out_holding_someone_elses_files_is_refused_and_left_as_it_was(sample_content, tmp_path):
    """A folder with index.html and 404.html but no marker was replaced, notes and all."""
    before = someones_folder(tmp_path / "site")
    run = run_in_process("--content", "content", "build", "--out", "site", cwd=tmp_path)
    assert run.code == 1
    assert "refusing to replace" in run.stderr and "Sidelight did not write it" in run.stderr
    assert "it holds 404.html, index.html, notes.txt" in run.stderr  # what would be lost
    assert "--replace-out" in run.stderr  # and how to go on
    assert tree(tmp_path / "site") == before


def test_replace_out_replaces_such_a_folder_when_asked(sample_content, tmp_path):
    someones_folder(tmp_path / "site")
    run = run_in_process("--content", "content", "build", "--out", "site", "--replace-out", cwd=tmp_path)
    assert run.code == 0, run.output
    assert (tmp_path / "site" / MARKER).read_bytes() == MARKER_TEXT
    assert not (tmp_path / "site" / "notes.txt").exists()
    assert run_in_process("--content", "content", "build", "--out", "site", cwd=tmp_path).code == 0  # now ours


def test_serve_keeps_to_the_same_rule_and_replaces_only_when_asked(sample_content, tmp_path):
    """`serve --replace-out` reaches the build; without it, the folder is refused and kept."""
    from sidelight.preview.session import Preview
    before = someones_folder(tmp_path / "site")
    refused = Preview(sample_content, tmp_path / "site", stream=io.StringIO())
    refused.rebuild("first build")
    assert refused.errors and "--replace-out" in refused.errors[0].text()
    assert tree(tmp_path / "site") == before
    asked = Preview(sample_content, tmp_path / "site", stream=io.StringIO(), replace_out=True)
    asked.rebuild("first build")
    assert not asked.errors and (tmp_path / "site" / MARKER).read_bytes() == MARKER_TEXT


def test_an_empty_or_marked_folder_is_replaced_without_asking(tmp_path):
    (tmp_path / "empty").mkdir()
    write({"index.html": b"x"}, tmp_path / "empty")
    write({"index.html": b"y"}, tmp_path / "empty")
    assert tree(tmp_path / "empty") == {"index.html": b"y", MARKER: MARKER_TEXT}


def test_a_file_as_out_is_named_in_the_refusal(tmp_path):
    (tmp_path / "file").write_text("text")
    with pytest.raises(WriteError, match="it is a file, not a folder"):
        write({"index.html": b"x"}, tmp_path / "file")
    assert (tmp_path / "file").read_text() == "text"


@pytest.mark.parametrize("other", ["site-old", "site-new", "site-trash", "site-new-1-ab"])
def test_a_build_leaves_the_folders_of_an_output_folder_named_like_its_own_alone(tmp_path, other):
    """A build into site/ discarded the staging folder of a concurrent build into site-old/
    (`.site-old-new-…` was read as site/'s parked folder `.site-old-…`)."""
    staging = new_folder(tmp_path / other, "new")
    parked = new_folder(tmp_path / other, "old")
    (staging / "index.html").write_bytes(b"half written")
    write({"index.html": b"x"}, tmp_path / "site")
    write({"index.html": b"y"}, tmp_path / "site")
    assert (staging / "index.html").read_bytes() == b"half written" and parked.is_dir()


def test_every_work_folder_has_exactly_one_owner():
    assert owner(".site-new-12-abcdef01") == ("site", "new")
    assert owner(".site-old-new-12-abcdef01") == ("site-old", "new")
    assert owner(".site-new-1-ab-trash-12-abcdef01") == ("site-new-1-ab", "trash")
    assert owner(".site-new-x-abcdef01") is None and owner(".site.lock") is None


def test_vouched_files_are_not_linked_from_a_site_another_build_put_there(tmp_path):
    """A build kept a page judged by its stat in site/; another build then replaced site/.
    Linking "the kept page" would have copied the other build's page into this site."""
    out = tmp_path / "site"
    write({"index.html": b"one", "a.html": b"ours"}, out)
    seen = site_id(out)
    write({"index.html": b"one", "a.html": b"theirs"}, out)  # the other build

    with pytest.raises(WriteError, match="replaced by another build while this one ran"):
        update({"index.html": b"two", "a.html": b"ours"}, out, kept={"a.html"}, judged_in=seen)
    assert tree(out) == {"index.html": b"one", "a.html": b"theirs", MARKER: MARKER_TEXT}


def build(content: Path, out: Path, progress: Progress | None = None) -> pipeline.Result:
    result = pipeline.build(content, out, progress=progress or Progress(0, live=False))
    assert not result.report.errors, [p.text() for p in result.report.errors]
    return result


def test_a_build_stalled_between_its_swap_and_its_records_never_leaves_its_pages_kept(sample_content, tmp_path):
    """Build B swaps its site in and stalls before recording it; build C (other content)
    runs meanwhile. B's records then described C's site, and a later build of B's content
    kept C's page. Now C waits for B to finish recording, and every build after equals a
    clean build of its content."""
    out = tmp_path / "site"
    build(sample_content, out)
    replace_in(sample_content / CLAIM, SENTENCE, "The innovation fund will have €2 billion.")
    save, seen, other = BuildCache.save, io.StringIO(), {}

    def stalled_save(cache):
        if not other:  # B, stalled here: C runs now (its content edited after B read it)
            replace_in(sample_content / CLAIM, "€2 billion", "€3 billion")
            other["thread"] = threading.Thread(target=lambda: other.update(result=build(
                sample_content, out, Progress(NORMAL, stream=seen, live=False))))
            other["thread"].start()
            deadline = time.monotonic() + 120
            while other["thread"].is_alive() and "waiting for another build" not in seen.getvalue():
                assert time.monotonic() < deadline, "C neither finished nor waited"
                time.sleep(0.02)
        save(cache)

    BuildCache.save = stalled_save
    try:
        build(sample_content, out)
        other["thread"].join(timeout=120)
    finally:
        BuildCache.save = save
    assert "result" in other, "C failed"
    replace_in(sample_content / CLAIM, "€3 billion", "€2 billion")  # B's content again
    build(sample_content, out)
    reference = tmp_path / "reference"
    build(sample_content, reference)
    assert tree(out) == tree(reference)
    shutil.rmtree(reference)
