"""Stage 6 — write: the only code that touches site/.

The new site is written in full to a staging folder beside site/, then swapped in with
one atomic exchange of the two folders (renameat2 RENAME_EXCHANGE on Linux; two renames
elsewhere). A build that fails or is killed at any moment leaves the previous site/
exactly as it was; leftovers of a killed build are removed by the next run.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path

STAGING_PREFIX = ".site-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def write(files: dict[str, bytes], out: Path) -> int:
    """Write every file, then swap the result in for `out`; returns the number of files."""
    out = out.resolve()
    clean_leftovers(out)
    stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + "new-", dir=out.parent))
    try:
        for name, data in sorted(files.items()):
            target = safe_target(stage, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        swap(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # after the swap, this holds the old site
    return len(files)


def safe_target(stage: Path, name: str) -> Path:
    """A path inside the staging folder; anything that would escape it is refused."""
    target = (stage / name).resolve()
    if not target.is_relative_to(stage.resolve()) or name.startswith("/"):
        raise ValueError(f"refusing to write outside the site folder: {name}")
    return target


def swap(stage: Path, out: Path) -> None:
    """Put `stage` where `out` is; afterwards `stage` holds the previous site (or nothing)."""
    if out.is_dir() and not out.is_symlink() and exchange(stage, out):
        return
    if out.exists() or out.is_symlink():
        parked = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + "old-", dir=out.parent))
        os.rename(out, parked / "site")
        os.rename(stage, out)
        os.rename(parked, stage)
    else:
        os.rename(stage, out)
        stage.mkdir()


def exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two folders (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def clean_leftovers(out: Path) -> None:
    """Remove staging folders left by a killed build; restore site/ if a swap was cut short."""
    parent = out.parent
    if not parent.is_dir():
        return
    for leftover in sorted(parent.glob(STAGING_PREFIX + "*")):
        if leftover.name.startswith(STAGING_PREFIX + "old-") and not out.exists() and (leftover / "site").is_dir():
            os.rename(leftover / "site", out)
        shutil.rmtree(leftover, ignore_errors=True)


def update(files: dict[str, bytes], out: Path) -> int:
    """Like `write`, but only what differs from the current `out` is written: the staging
    folder gets hard links to the unchanged files, the changed ones are written anew, then
    the same atomic swap. Returns the number of files written or removed; when nothing
    differs, `out` is not touched at all."""
    out = out.resolve()
    clean_leftovers(out)
    existing = plain_files(out)
    if existing is None:
        return write(files, out)
    changed = sorted(n for n, data in files.items() if n not in existing or not same_bytes(out / n, data))
    removed = existing - files.keys()
    if not changed and not removed:
        return 0
    stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + "new-", dir=out.parent))
    try:
        for name in sorted(files.keys() - set(changed)):
            link_or_copy(out / name, safe_target(stage, name))
        for name in changed:
            target = safe_target(stage, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
        swap(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return len(changed) + len(removed)


def plain_files(out: Path) -> set[str] | None:
    """Every file under `out` as a relative path; None if `out` is not a plain folder of
    plain files (a link or anything unusual means a full write instead)."""
    if not out.is_dir() or out.is_symlink():
        return None
    names = set()
    for path in out.rglob("*"):
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            return None
        if path.is_file():
            names.add(path.relative_to(out).as_posix())
    return names


def same_bytes(path: Path, data: bytes) -> bool:
    return path.stat().st_size == len(data) and path.read_bytes() == data


def link_or_copy(source: Path, target: Path) -> None:
    """A new name for an unchanged file; a copy where the file system has no hard links.
    The staging folder is never written through: changed files get new inodes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)
