"""Stage 6 — write: the only code that touches site/.

The new site is written in full to a staging folder beside site/, then swapped in with
one atomic exchange of the two folders (renameat2 RENAME_EXCHANGE on Linux; two renames
elsewhere). A build that fails or is killed at any moment leaves the previous site/
exactly as it was; leftovers of a killed build are removed by the next run. The previous
site, once swapped out, is renamed to a trash folder beside site/ (`.site-trash-…`) and
deleted in the background (see `trash`): the build does not wait for it.

Three guards make "nothing lost" hold for mistakes too, not only for crashes:
- only a folder Sidelight wrote is ever replaced (it holds MARKER, or is empty), so
  `--out content` or `--out .` is refused instead of swapping the project away;
- builds into the same folder take turns (a lock beside it), so one build's clean-up
  never removes another's staging folder;
- nothing is written outside the staging folder, whatever the file names.
"""
from __future__ import annotations

import ctypes
import os
import secrets
import shutil
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from pathlib import Path

from .trash import delete_in_background

try:
    import fcntl
except ImportError:  # not on Windows: builds there simply do not take turns
    fcntl = None

STAGING_PREFIX = ".site-"  # for the default output folder `site`; see `staging_prefix`
MARKER = ".sidelight-site"
MARKER_TEXT = b"Written by Sidelight. This folder is replaced as a whole on every build.\n"
_ODD_PARTS = frozenset({"", ".", ".."})
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class WriteError(Exception):
    """The site could not be written; the previous site is unchanged."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def write(files: Mapping[str, bytes], out: Path) -> int:
    """Write every file, then swap the result in for `out`; returns the number of files.
    `files` may be any mapping: each value is asked for once, when its file is written."""
    out = prepare(out)
    with reported(out), locked(out):
        clean_leftovers(out)
        return write_unlocked(files, out)


def put(target: str, data: bytes) -> None:
    """A new file: "x" (O_EXCL) never writes through an existing name, such as a hard link
    to a file of the published site."""
    with open(target, "xb") as handle:
        handle.write(data)


def prepare(out: Path) -> Path:
    """The absolute output folder, once it is certain that replacing it loses nothing."""
    out = out.resolve()
    if out.parent == out:
        raise WriteError(f"refusing to replace {out}: it is the root of the file system", "choose another --out")
    if out.exists() and not ours(out):
        raise WriteError(f"refusing to replace {out}/: it holds files that Sidelight did not write",
                         f"choose an empty or new folder with --out, or move {out.name}/ away first")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create {out.parent}/ ({exc.strerror or exc})", "check --out") from None
    return out


def ours(out: Path) -> bool:
    """A folder Sidelight may replace: empty, marked, or a site written before the marker
    existed (index.html and 404.html at its top). Anything else is someone's work."""
    if out.is_symlink() or not out.is_dir():
        return False
    names = {p.name for p in out.iterdir()}
    return not names or MARKER in names or {"index.html", "404.html"} <= names


@contextmanager
def locked(out: Path):
    """Builds into the same folder take turns; the lock dies with its process."""
    if fcntl is None:
        yield
        return
    with open(out.parent / f".{out.name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@contextmanager
def reported(out: Path):
    """A full disk or a missing permission is a message for the user, not a traceback."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or out
        raise WriteError(f"cannot write the site ({exc.strerror or exc}: {where}); {out.name}/ is unchanged",
                         "free some disk space or check permissions, then build again") from None


def staging_prefix(out: Path) -> str:
    """`.site-` for site/: leftovers of one output folder never touch another's."""
    return f".{out.name}-"


def new_folder(out: Path, kind: str) -> Path:
    """A fresh folder beside `out`, with the usual permissions (mkdtemp's are 0700, and a
    swapped-in 0700 site/ could not be read by a web server running as another user)."""
    folder = out.parent / f"{staging_prefix(out)}{kind}-{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir()
    return folder


def checked_name(name: str) -> str:
    """`name` if it is a plain relative path, else WriteError. Checked as a string, not by
    resolving it (a system call per file): the staging folder is new and holds no links,
    so a name that is not absolute, has no NUL and no empty, `.` or `..` part stays in it."""
    parts = name.replace(os.sep, "/").split("/")
    if "\0" in name or name.startswith("/") or os.path.splitdrive(name)[0] or not _ODD_PARTS.isdisjoint(parts):
        raise WriteError(f"refusing to write outside the site folder: {name!r}",
                         "this is a bug in a template or page path; please report it")
    return name


def site_names(files: Iterable[str]) -> list[str]:
    """Every name to write, the marker included, each checked, sorted; before anything is
    written, so a bad name leaves no staging folder behind."""
    return sorted({checked_name(name) for name in files} | {MARKER})


def bytes_of(files: Mapping[str, bytes], name: str) -> bytes:
    return MARKER_TEXT if name == MARKER else files[name]


def make_folders(stage: Path, names: Iterable[str]) -> None:
    """Create every folder the files need, once each, parents first (instead of a
    `mkdir(parents=True)` per file)."""
    needed: set[str] = set()
    for name in names:
        folder = name.rpartition("/")[0]
        while folder and folder not in needed:
            needed.add(folder)
            folder = folder.rpartition("/")[0]
    root = os.fspath(stage)
    for folder in sorted(needed):  # a parent sorts before its children
        os.mkdir(f"{root}/{folder}")


def swap(stage: Path, out: Path) -> None:
    """Put `stage` where `out` is; afterwards `stage` holds the previous site (or nothing)."""
    if out.is_dir() and not out.is_symlink() and exchange(stage, out):
        return
    if out.exists() or out.is_symlink():
        parked = new_folder(out, "old")
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
    """Remove, without waiting, what earlier builds left: staging folders of a killed
    build, and trash whose deleter was stopped (trash whose deleter is at work is left to
    it). First restore site/ if a swap was cut short (killed between the two renames of
    the fallback swap: site/ is then parked)."""
    prefix = staging_prefix(out)
    for leftover in sorted(out.parent.glob(prefix + "*")):
        kind, dash, _ = leftover.name.removeprefix(prefix).partition("-")
        if not dash or kind not in ("new", "old", "trash") or leftover.is_symlink() or not leftover.is_dir():
            continue
        if kind == "old" and not out.exists() and (leftover / "site").is_dir():
            os.rename(leftover / "site", out)
        if kind == "trash":
            delete_in_background(leftover)
        else:
            discard(leftover, out)


def discard(folder: Path, out: Path) -> None:
    """Remove a folder beside `out` without waiting: renamed to a trash name (no build
    mistakes it for a staging folder, and the next one knows to leave it to its deleter),
    then deleted in the background. Never fails (it runs after the swap, or after a
    failure that is being reported): whatever is left, the next build removes."""
    try:
        os.rmdir(folder)  # empty: after the first build there is no previous site
        return
    except OSError:
        pass
    trash = out.parent / f"{staging_prefix(out)}trash-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        os.rename(folder, trash)
    except OSError:
        return
    delete_in_background(trash)


def update(files: Mapping[str, bytes], out: Path) -> int:
    """Like `write`, but only what differs from the current `out` is written: the staging
    folder gets hard links to the unchanged files, the changed ones are written anew, then
    the same atomic swap. Returns the number of files written or removed; when nothing
    differs, `out` is not touched at all.

    `files` may be any mapping. If it has a `kept` attribute, the names there are files it
    vouches are byte for byte those in `out` now (pages the render cache kept by their stat
    in site/): they are linked without being read. Any other file is compared with `out`'s
    by size, then bytes, so a file changed by hand in site/ is written again."""
    out = prepare(out)
    with reported(out), locked(out):
        clean_leftovers(out)
        existing = plain_files(out)
        if existing is None:
            return write_unlocked(files, out)
        names = site_names(files)
        changed = changed_files(files, names, existing, out)
        removed = existing.difference(names)
        if not changed and not removed:
            return 0
        stage = new_folder(out, "new")
        try:
            fill_linked(stage, out, names, changed)
            swap(stage, out)
        finally:
            discard(stage, out)
        return len(changed.keys() - {MARKER}) + len(removed)


def changed_files(files: Mapping[str, bytes], names: list[str], existing: set[str], out: Path) -> dict[str, bytes]:
    """The files whose bytes differ from `out`'s (or that `out` lacks), with their bytes."""
    kept = existing.intersection(getattr(files, "kept", ()))
    changed, root = {}, os.fspath(out)
    for name in names:
        if name in kept:
            continue
        data = bytes_of(files, name)
        if name not in existing or not same_bytes(f"{root}/{name}", data):
            changed[name] = data
    return changed


def fill_linked(stage: Path, out: Path, names: list[str], changed: dict[str, bytes]) -> None:
    """The new site in `stage`: changed files written, the others linked to `out`'s."""
    make_folders(stage, names)
    root, old = os.fspath(stage), os.fspath(out)
    for name in names:
        if name in changed:
            put(f"{root}/{name}", changed[name])
        else:
            link_or_copy(f"{old}/{name}", f"{root}/{name}")


def write_unlocked(files: Mapping[str, bytes], out: Path) -> int:
    """`write` for a caller that already holds the lock."""
    names = site_names(files)
    stage = new_folder(out, "new")
    try:
        make_folders(stage, names)
        root = os.fspath(stage)
        for name in names:
            put(f"{root}/{name}", bytes_of(files, name))
        swap(stage, out)
    finally:
        discard(stage, out)
    return len(files)


def plain_files(out: Path) -> set[str] | None:
    """Every file under `out` as a relative path; None if `out` is not a plain folder of
    plain files (a link or anything unusual means a full write instead). One `scandir`
    per folder: the kind of each entry comes with its name, no `stat` per file."""
    if not out.is_dir() or out.is_symlink():
        return None
    names: set[str] = set()
    folders = [""]
    while folders:
        folder = folders.pop()
        with os.scandir(f"{out}/{folder}") as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(f"{folder}{entry.name}/")
                elif entry.is_file(follow_symlinks=False):
                    names.add(folder + entry.name)
                else:
                    return None
    return names


def same_bytes(path: str, data: bytes) -> bool:
    """Whether the file holds exactly `data`: its size first (one stat), then its bytes."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb", buffering=0) as handle:
            return handle.read(len(data) + 1) == data
    except OSError:  # gone or unreadable: written anew
        return False


def link_or_copy(source: str, target: str) -> None:
    """A new name for an unchanged file; a copy where the file system has no hard links.
    The staging folder is never written through: changed files get new inodes."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)
