"""Nothing is written outside site/, and only a folder Sidelight wrote is ever replaced.

issue 8, "no escape from content/" and "nothing lost": the write stage refuses file names
that leave the staging folder, refuses to swap away a folder it did not write (`--out
content`, `--out .`), restores a site whose swap was cut short, and cleans leftovers.
"""
from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

import pytest

from cli_runs import leftovers
from hostile.support import content_with, tree
from cli_runs import run_in_process
from sidelight.output import write as writer
from sidelight.output.write import MARKER, WriteError, checked_name, write


@pytest.mark.parametrize("name", ["../escaped.html", "/tmp/escaped.html", "a/../../escaped.html",
                                  "a/../../../escaped.html", "", ".", "a/\0b", "a//b.html", "a/./b.html",
                                  "claims/", "a/.."])
def test_a_file_name_that_leaves_the_site_is_refused(name: str):
    with pytest.raises(WriteError, match="outside the site folder"):
        checked_name(name)


def test_write_with_an_escaping_name_writes_nothing_anywhere(tmp_path: Path):
    out = tmp_path / "out" / "site"
    with pytest.raises(WriteError):
        write({"index.html": b"ok", "../../escaped.html": b"x"}, out)
    assert not list(tmp_path.rglob("escaped.html"))
    assert not out.exists()
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f".{out.name}.lock"]  # no staging left


@pytest.mark.parametrize("target", ["content", "."])
def test_build_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path, target: str):
    """`--out content` or `--out .` would swap the editors' work away: refused, unchanged."""
    content = content_with(tmp_path)
    before = tree(tmp_path)
    run = run_in_process("--content", "content", "build", "--out", target, cwd=tmp_path)
    assert run.code == 1
    assert "refusing to replace" in run.stderr and "Sidelight did not write" in run.stderr
    after = tree(tmp_path)
    after.pop(".sidelight-cache", None)
    assert {k: v for k, v in after.items() if not k.startswith(".sidelight-cache/")} == before
    assert (content / "site.yaml").is_file()


def test_the_site_carries_the_marker_and_is_replaced_again(tmp_path: Path):
    content = content_with(tmp_path)
    for _ in range(2):
        run = run_in_process("--content", str(content), "build", "--out", "site", cwd=tmp_path)
        assert run.code == 0, run.output
    assert (tmp_path / "site" / MARKER).is_file()
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_swap_cut_short_is_undone_by_the_next_run(tmp_path: Path):
    """Killed between the fallback swap's two renames: site/ is parked in `.site-old-*`."""
    out = tmp_path / "site"
    parked = tmp_path / ".site-old-123-abcd"
    (parked / "site").mkdir(parents=True)
    (parked / "site" / "index.html").write_bytes(b"previous")
    (parked / "site" / MARKER).write_bytes(b"")
    half_written = tmp_path / ".site-new-456-ef01"
    (half_written / "claims").mkdir(parents=True)
    writer.clean_leftovers(out)
    assert (out / "index.html").read_bytes() == b"previous"
    assert not parked.exists() and not half_written.exists()
    assert leftovers(tmp_path) == []


def test_leftovers_of_another_output_folder_are_left_alone(tmp_path: Path):
    other = tmp_path / ".preview-new-1-aaaa"
    other.mkdir()
    write({"index.html": b"x"}, tmp_path / "site")
    assert other.is_dir()


def test_the_fallback_swap_without_renameat2_keeps_a_complete_site(tmp_path: Path, monkeypatch):
    out = tmp_path / "site"
    write({"index.html": b"one", "a/b.html": b"one"}, out)
    monkeypatch.setattr(writer, "exchange", lambda a, b: False)
    write({"index.html": b"two"}, out)
    assert tree(out) == {"index.html": b"two", MARKER: writer.MARKER_TEXT}
    assert leftovers(tmp_path) == []


def test_the_site_folder_is_readable_by_a_web_server(tmp_path: Path):
    """mkdtemp's 0700 would make a swapped-in site/ unreadable to another user."""
    old = os.umask(0o022)
    try:
        write({"index.html": b"x"}, tmp_path / "site")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "site").stat().st_mode) == 0o755


def test_a_full_disk_is_a_message_and_the_site_is_unchanged(tmp_path: Path, monkeypatch):
    out = tmp_path / "site"
    write({"index.html": b"previous"}, out)

    def no_space(target, data):
        raise OSError(28, "No space left on device", str(target))
    monkeypatch.setattr(writer, "put", no_space)
    with pytest.raises(WriteError, match="No space left on device"):
        write({"index.html": b"new"}, out)
    assert (out / "index.html").read_bytes() == b"previous"
    assert leftovers(tmp_path) == []


def test_the_previous_site_is_removed_after_the_build(tmp_path: Path):
    """By a process of its own (the build does not wait for it), from a trash folder."""
    out = tmp_path / "site"
    write({"index.html": b"one", "claims/a/index.html": b"a"}, out)
    write({"index.html": b"two"}, out)
    assert tree(out) == {"index.html": b"two", MARKER: writer.MARKER_TEXT}
    assert leftovers(tmp_path) == []


def test_trash_whose_deleter_was_stopped_is_removed_by_the_next_build(tmp_path: Path):
    trash = tmp_path / ".site-trash-123-abcd"
    (trash / "claims" / "a").mkdir(parents=True)
    (trash / "claims" / "a" / "index.html").write_bytes(b"old")
    write({"index.html": b"x"}, tmp_path / "site")
    assert leftovers(tmp_path) == []


def test_a_build_leaves_trash_to_its_deleter_at_work_and_does_not_wait(tmp_path: Path):
    """A deleter at work holds a lock on its trash folder: the next build neither waits
    for it nor starts a second one; once that deleter is gone, the next build takes over."""
    trash = tmp_path / ".site-trash-123-abcd"
    (trash / "claims").mkdir(parents=True)
    claim = os.open(trash, os.O_RDONLY)
    try:
        fcntl.flock(claim, fcntl.LOCK_EX)
        write({"index.html": b"x"}, tmp_path / "site")
        assert (trash / "claims").is_dir()
    finally:
        os.close(claim)
    write({"index.html": b"y"}, tmp_path / "site")
    assert leftovers(tmp_path) == []
