"""The write stage's contract with the pipeline: `files` may be any mapping, each value is
asked for once; files the mapping vouches are unchanged (`kept`) are linked, never read;
every other file is compared with site/'s, so a file changed by hand is written again."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from hostile.support import tree
from sidelight.output.write import MARKER, MARKER_TEXT, site_id, update, write


class Files(Mapping):
    """A mapping that records which values were asked for (a lazy renderer's output)."""

    def __init__(self, data: dict[str, bytes], kept: set[str] = frozenset(), site: str = ""):
        self.data, self.kept, self.site, self.asked = data, set(kept), site, []

    def __getitem__(self, name: str) -> bytes:
        self.asked.append(name)
        return self.data[name]

    def __iter__(self):
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def test_write_asks_for_each_file_once(tmp_path: Path):
    files = Files({"index.html": b"home", "claims/a/index.html": b"a", "claims/b/index.html": b"b"})
    assert write(files, tmp_path / "site") == 3
    assert sorted(files.asked) == sorted(files.data)
    assert tree(tmp_path / "site") == {**files.data, MARKER: MARKER_TEXT}


def test_kept_files_are_linked_without_being_read(tmp_path: Path):
    out = tmp_path / "site"
    write({"index.html": b"one", "claims/a/index.html": b"a"}, out)
    files = Files({"index.html": b"two", "claims/a/index.html": b"a"}, kept={"claims/a/index.html"}, site=site_id(out))
    assert update(files, out, kept=files.kept, judged_in=files.site) == 1
    assert files.asked == ["index.html"]
    assert tree(out) == {"index.html": b"two", "claims/a/index.html": b"a", MARKER: MARKER_TEXT}


def test_a_file_changed_by_hand_is_written_again(tmp_path: Path):
    """Same size, other bytes: the size alone does not decide."""
    out = tmp_path / "site"
    write({"index.html": b"same", "about/index.html": b"about"}, out)
    (out / "index.html").write_bytes(b"sane")
    assert update({"index.html": b"same", "about/index.html": b"about"}, out) == 1
    assert tree(out) == {"index.html": b"same", "about/index.html": b"about", MARKER: MARKER_TEXT}


def test_nothing_differs_nothing_is_touched(tmp_path: Path):
    out = tmp_path / "site"
    write({"index.html": b"one"}, out)
    inode = out.stat().st_ino
    assert update({"index.html": b"one"}, out) == 0
    assert out.stat().st_ino == inode
