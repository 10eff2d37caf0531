"""The write stage's contract with the pipeline: `files` may be any mapping, each value is
asked for once; files the mapping vouches are unchanged (`kept`) are linked, never read;
every other file is compared with site/'s, so a file changed by hand is written again."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from hostile.support import tree

from sidelight.output.write import (
    MARKER,
    MARKER_TEXT,
    claimed,
    site_id,
    staging,
    update,
    update_unlocked,
    write,
    write_unlocked,
)


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


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def spares(parent: Path) -> list[Path]:
    return sorted(parent.glob(".site-spare-*"))


SITES = [  # successive sites: files edited, added, removed; a folder becomes a file and back
    {"index.html": b"one", "claims/a/index.html": b"a", "claims/b/index.html": b"b", "x/y/z.txt": b"z"},
    {"index.html": b"two", "claims/a/index.html": b"a", "claims/c/index.html": b"c", "x": b"now a file"},
    {"index.html": b"two", "claims/a/index.html": b"A", "claims/b/index.html": b"b", "x/y/z.txt": b"z"},
    {"index.html": b"three", "claims/b/index.html": b"b", "x/y/z.txt": b"z", "x/w.txt": b"w"},
    {"index.html": b"three"},
]


def test_each_update_after_the_first_refills_the_spare_and_equals_a_fresh_write(tmp_path: Path):
    """The site swapped out by an update is kept beside site/ (one spare) and brought in line
    by the next update instead of a fresh folder: the site is file for file and folder for
    folder what a write into an empty folder makes, unchanged files keep their inode, and
    the spare then holds the site before."""
    out, fresh = tmp_path / "site", tmp_path / "fresh" / "site"
    write(SITES[0], out)
    for before, files in zip(SITES, SITES[1:], strict=False):
        inodes = {name: (out / name).stat().st_ino for name in before if before[name] == files.get(name)}
        update(files, out)
        write(files, fresh)
        assert tree(out) == tree(fresh) == {**files, MARKER: MARKER_TEXT}
        assert folders(out) == folders(fresh)
        assert {name: (out / name).stat().st_ino for name in inodes} == inodes
        (spare,) = spares(tmp_path)
        assert tree(spare) | {MARKER: MARKER_TEXT} == {**before, MARKER: MARKER_TEXT}
    assert not list(tmp_path.glob(".site-new-*")) and not list(tmp_path.glob(".site-old-*"))


def test_an_update_failing_while_it_refills_the_spare_leaves_the_site_as_it_was(tmp_path: Path, monkeypatch):
    """A write error half-way through the spare: site/ byte for byte as before, the spare
    gone (a half-made tree is never used), and the next update whole again."""
    from sidelight.output import write as writer

    out = tmp_path / "site"
    write(SITES[0], out)
    update(SITES[1], out)
    before = tree(out)
    written = []

    def failing_put(target: str, data: bytes) -> None:
        if written:
            raise OSError(28, "No space left on device", target)
        written.append(target)
        writer.put.__wrapped__(target, data)

    failing_put.__wrapped__ = writer.put  # type: ignore[attr-defined]
    monkeypatch.setattr(writer, "put", failing_put)
    try:
        update(SITES[3], out)
    except writer.WriteError as exc:
        assert "No space left on device" in str(exc) and "site/ is unchanged" in str(exc)
    else:
        raise AssertionError("the update should have failed")
    monkeypatch.undo()
    assert tree(out) == before
    assert "/.site-new-" in written[0]  # the spare, renamed to a staging name while it is refilled
    assert not spares(tmp_path) and not list(tmp_path.glob(".site-new-*"))
    update(SITES[3], out)
    assert tree(out) == {**SITES[3], MARKER: MARKER_TEXT}


def test_a_spare_with_a_link_in_it_is_not_used(tmp_path: Path):
    """A spare that is not a plain folder of plain files (something put a link there) is
    discarded and a fresh folder filled: nothing is written through the link."""
    out = tmp_path / "site"
    write(SITES[0], out)
    update(SITES[1], out)
    (spare,) = spares(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep me")
    (spare / "claims" / "b" / "index.html").unlink()
    (spare / "claims" / "b" / "index.html").symlink_to(outside)
    update(SITES[2], out)
    assert tree(out) == {**SITES[2], MARKER: MARKER_TEXT}
    assert outside.read_bytes() == b"keep me"
    assert not (out / "claims" / "b" / "index.html").is_symlink()


def staged_write(files: dict[str, bytes], staged: set[str], out: Path, update_site: bool) -> Files:
    """`files` written as a streaming build writes them: those in `staged` put into the
    staging folder first (as the render's workers do), the rest given as bytes."""
    rest = Files({name: data for name, data in files.items() if name not in staged}, site=site_id(out))
    with claimed(out) as folder, staging(folder) as stage:
        for name in staged:
            stage.put(name, files[name])
        mapping = Files(dict(files))  # what the writer may ask of a staged file: nothing
        mapping.asked = rest.asked
        if update_site:
            update_unlocked(mapping, folder, staged_in=stage, staged=staged)
        else:
            write_unlocked(mapping, folder, stage, staged)
    return mapping


def test_staged_files_are_taken_from_the_staging_folder_unread_and_it_is_gone_after(tmp_path: Path):
    """A clean write completes the staging folder; an update compares each staged file with
    site/'s, moves those that differ into the new site, links the unchanged ones (same
    inode) and asks for none of their bytes; no staging folder is left either way."""
    out, fresh = tmp_path / "site", tmp_path / "fresh" / "site"
    staged = {"claims/a/index.html", "claims/b/index.html", "claims/c/index.html", "x/y/z.txt"}
    first = staged_write(SITES[0], staged & SITES[0].keys(), out, update_site=False)
    assert not set(first.asked) & staged
    assert tree(out) == {**SITES[0], MARKER: MARKER_TEXT}
    for before, files in zip(SITES, SITES[1:], strict=False):
        unchanged = {name: (out / name).stat().st_ino for name in before if before[name] == files.get(name)}
        made = staged_write(files, staged & files.keys(), out, update_site=True)
        write(files, fresh)
        assert tree(out) == tree(fresh) == {**files, MARKER: MARKER_TEXT}
        assert folders(out) == folders(fresh)
        assert {name: (out / name).stat().st_ino for name in unchanged} == unchanged
        assert not set(made.asked) & staged
    assert not list(tmp_path.glob(".site-new-*")) and not list(tmp_path.glob(".site-old-*"))


def test_a_staged_name_that_leaves_the_site_is_refused_before_anything_is_written(tmp_path: Path):
    from sidelight.output.write import WriteError

    out = tmp_path / "site"
    write({"index.html": b"x"}, out)
    try:
        with claimed(out) as folder, staging(folder) as stage:
            stage.put("../escaped.html", b"no")
    except WriteError:
        pass
    else:
        raise AssertionError("a name outside the site must be refused")
    assert not (tmp_path / "escaped.html").exists()
    assert tree(out) == {"index.html": b"x", MARKER: MARKER_TEXT}
    assert not list(tmp_path.glob(".site-new-*"))
