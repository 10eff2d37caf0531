"""Stage 6 — write: the only code that touches site/.

The new site is written in full to a staging folder beside site/, then swapped in with
one atomic exchange of the two folders (renameat2 RENAME_EXCHANGE on Linux; two renames
elsewhere). A build that fails or is killed at any moment leaves the previous site/
exactly as it was; leftovers of a killed build are removed by the next run. The previous
site, once swapped out, is renamed to a trash folder beside site/ (`.site-trash-…`) and
deleted in the background (see `trash`): the build does not wait for it. After an
update (`update_unlocked`), it is kept instead as the spare (`.site-spare-…`), which the
next update brings in line and uses as its staging folder (`spare_stage`): it shares
every unchanged file with site/ already, so only what changed in between is touched.

Four guards make "nothing lost" hold for mistakes and concurrent builds too:
- only a folder Sidelight wrote is ever replaced (it holds MARKER, or is empty), so
  `--out content`, `--out .` or a folder of someone's files is refused unless the user
  asks for it (`replace`, the CLI's `--replace-out`);
- every staging, parked and trash folder belongs to exactly one output folder, read from
  its name (`owner`), and a build cleans up only its own output folder's;
- builds into the same folder take turns (a lock file beside it, `.site.lock`) for the
  write and what the caller records about the result (`claimed`); every new site gets a
  new MARKER file, so `site_id` tells one written site from any other, and a caller that
  vouches for unchanged files says which site it saw (see `update`);
- nothing is written outside the staging folder, whatever the file names.

A build may stage files before the write (`staging`, under the lock): whoever makes a
file (a render worker) writes it into the staging folder at once and hands on a
`Staged` in place of its bytes, so that no process holds every page of the site; the
write then completes that folder (`write_unlocked`) or moves its files into the spare
(`update_unlocked`). The staging folder is removed however the build ends.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sidelight.output.deleter import delete_in_background
from sidelight.problems import SidelightError

try:
    import fcntl
except ImportError:  # not on Windows: builds there simply do not take turns
    fcntl = None  # type: ignore[assignment]

MARKER = ".sidelight-site"
MARKER_TEXT = b"Written by Sidelight. This folder is replaced as a whole on every build.\n"
_ODD_PARTS = frozenset({"", ".", ".."})
# `.<output folder>-<kind>-<pid>-<hex>`: the last three parts hold no "-", so the output
# folder's name is all that comes before them, whatever "-" it holds itself.
_WORK_NAME = re.compile(r"\.(?P<out>.+)-(?P<kind>new|old|trash|spare)-[0-9]+-[0-9a-f]+", re.DOTALL)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class WriteError(SidelightError):
    """The site could not be written; the previous site is unchanged."""


@dataclass(frozen=True)
class Staged:
    """In place of a file's bytes: the file is in the staging folder already (`Stage.put`),
    `size` bytes long. Small enough to send back from a worker process instead of the page."""

    size: int


class Stage:
    """A staging folder of `out`, made by a caller holding `claimed(out)` (see `staging`)
    before the files of the new site are made. `put` may be called in forked workers:
    each file is written once, under a checked name, never through an existing name."""

    def __init__(self, out: Path):
        self.out = out
        self.folder = new_folder(out, "new")
        self.root = os.fspath(self.folder)

    def put(self, name: str, data: bytes) -> Staged:
        target = self.path(name)
        folder = target.rpartition("/")[0]
        if folder != self.root:
            os.makedirs(folder, exist_ok=True)  # workers may make the same folder at once
        put(target, data)
        return Staged(len(data))

    def path(self, name: str) -> str:
        return f"{self.root}/{checked_name(name)}"

    def read(self, name: str) -> bytes:
        with open(self.path(name), "rb") as handle:
            return handle.read()


@contextmanager
def staging(out: Path):
    """A new `Stage` of `out` (the caller holds `claimed(out)`, so no other build takes it
    for a leftover), discarded on leaving, however the block ends: after a swap it holds
    the previous site; after an error, a half-made site that must never be published."""
    stage = Stage(out)
    try:
        yield stage
    finally:
        if os.path.lexists(stage.folder):
            discard(stage.folder, out)


def write(files: Mapping[str, bytes], out: Path, replace: bool = False) -> int:
    """Write every file, then swap the result in for `out`; returns the number of files.
    `files` may be any mapping: each value is asked for once, when its file is written."""
    with claimed(out, replace) as out:
        return write_unlocked(files, out)


@contextmanager
def claimed(out: Path, replace: bool = False, waiting=None):
    """The absolute output folder, checked (`prepare`), locked against other builds into it
    and cleared of its own leftovers. Whatever the caller does inside (write, then record
    the site it wrote) sees no other build's site. `waiting()` is called if another build
    holds the lock, before waiting for it."""
    out = prepare(out, replace)
    with reported(out), locked(out, waiting):
        clean_leftovers(out)
        yield out


def put(target: str, data: bytes) -> None:
    """A new file: "x" (O_EXCL) never writes through an existing name, such as a hard link
    to a file of the published site."""
    with open(target, "xb") as handle:
        handle.write(data)


def prepare(out: Path, replace: bool = False) -> Path:
    """The absolute output folder, once it is certain that replacing it loses nothing, or
    the user asked to replace it (`replace`)."""
    out = out.resolve()
    if out.parent == out:
        raise WriteError(f"refusing to replace {out}: it is the root of the file system", "choose another --out")
    if owner(out.name) is not None:
        raise WriteError(
            f"refusing to write the site into {out.name}/: Sidelight names its temporary folders"
            " like that, and another build would remove it",
            "choose another --out",
        )
    if replace and Path.cwd().is_relative_to(out):
        raise WriteError(f"refusing to replace {out}/: it holds the folder you are working in", "choose another --out")
    if (out.exists() or out.is_symlink()) and not replace and not ours(out):
        raise WriteError(
            f"refusing to replace {out}/: Sidelight did not write it (it has no {MARKER} file) and {what_is_in(out)}",
            f"choose a new or empty folder with --out, or move {out.name}/ away; to replace it"
            " and everything in it, build again with --replace-out",
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create {out.parent}/ ({exc.strerror or exc})", "check --out") from None
    return out


def ours(out: Path) -> bool:
    """A folder Sidelight may replace: an empty one, or one it wrote (MARKER, a plain file,
    at its top). Anything else is someone's work, even if it looks like a site."""
    if out.is_symlink() or not out.is_dir():
        return False
    with os.scandir(out) as entries:
        first = next(entries, None)
    marker = out / MARKER
    return first is None or (marker.is_file() and not marker.is_symlink())


def what_is_in(out: Path, shown: int = 3) -> str:
    """What the user would lose, in words: a few of the folder's names, or what it is."""
    if out.is_symlink():
        return f"it is a link to {os.readlink(out)}"
    if not out.is_dir():
        return "it is a file, not a folder"
    with os.scandir(out) as entries:
        names = sorted(itertools.islice((e.name + "/" * e.is_dir(follow_symlinks=False) for e in entries), 1000))
    more = len(names) - shown
    listed = ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")
    return f"it holds {listed}"


def site_id(out: Path) -> str:
    """Which written site is at `out` now: its MARKER's device, inode, size and modification
    time; "" if it has none. The writer gives every new site a new MARKER file (never a link
    to the last one), so two sites that exist at the same time never share an id: a record
    of "the site with this id" can be checked against the site that is there now."""
    try:
        st = os.lstat(out / MARKER)
    except OSError:
        return ""
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


@contextmanager
def locked(out: Path, waiting=None):
    """Builds into the same folder take turns; the lock dies with its process. The lock file
    `.<name>.lock` is one per output folder name (its name ends in `.lock`, so it is never
    mistaken for a staging folder). Not reentrant: one `claimed` at a time per folder."""
    if fcntl is None:
        yield
        return
    with open(out.parent / f".{out.name}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@contextmanager
def reported(out: Path):
    """A full disk or a missing permission is a message for the user, not a traceback."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or out
        raise WriteError(
            f"cannot write the site ({exc.strerror or exc}: {where}); {out.name}/ is unchanged",
            "free some disk space or check permissions, then build again",
        ) from None


def work_name(out: Path, kind: str) -> str:
    """The name of a new staging ("new"), parked ("old") or trash folder of `out`, beside it:
    `.site-new-<pid>-<hex>` for site/. `owner` reads `out`'s name back from it."""
    return f".{out.name}-{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def owner(name: str) -> tuple[str, str] | None:
    """(output folder name, kind) of a folder named by `work_name`, else None. Exactly one
    output folder owns each such name: `.site-old-new-1-ab` is site-old/'s staging folder,
    never site/'s parked one."""
    match = _WORK_NAME.fullmatch(name)
    return (match["out"], match["kind"]) if match else None


def new_folder(out: Path, kind: str) -> Path:
    """A fresh folder beside `out`, with the usual permissions (mkdtemp's are 0700, and a
    swapped-in 0700 site/ could not be read by a web server running as another user)."""
    folder = out.parent / work_name(out, kind)
    folder.mkdir()
    return folder


def checked_name(name: str) -> str:
    """`name` if it is a plain relative path, else WriteError. Checked as a string, not by
    resolving it (a system call per file): the staging folder is new and holds no links,
    so a name that is not absolute, has no NUL and no empty, `.` or `..` part stays in it."""
    parts = name.replace(os.sep, "/").split("/")
    if "\0" in name or name.startswith("/") or os.path.splitdrive(name)[0] or not _ODD_PARTS.isdisjoint(parts):
        raise WriteError(
            f"refusing to write outside the site folder: {name!r}",
            "this is a bug in a template or page path; please report it",
        )
    return name


def site_names(files: Iterable[str]) -> list[str]:
    """Every name to write, the marker included, each checked, sorted; before anything is
    written, so a bad name leaves no staging folder behind."""
    return sorted({checked_name(name) for name in files} | {MARKER})


def bytes_of(files: Mapping[str, bytes], name: str) -> bytes:
    return MARKER_TEXT if name == MARKER else files[name]


def make_folders(stage: Path, names: Iterable[str], made: bool = False) -> None:
    """Create every folder the files need, once each, parents first (instead of a
    `mkdir(parents=True)` per file). `made`: the staged files' folders exist already."""
    root = os.fspath(stage)
    for folder in sorted(folders_of(names)):  # a parent sorts before its children
        try:
            os.mkdir(f"{root}/{folder}")
        except FileExistsError:
            if not made:
                raise


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
    build, trash whose deleter was stopped (trash whose deleter is at work is left to
    it), and every spare but one. First restore site/ if a swap was cut short (killed between the two renames of
    the fallback swap: site/ is then parked). Only `out`'s own folders (see `owner`): the
    caller holds `out`'s lock, so none of them belongs to a build at work."""
    spares = 0
    for leftover in reversed(own_leftovers(out)):
        kind = (owner(leftover.name) or ("", ""))[1]
        if kind == "old" and not out.exists() and (leftover / "site").is_dir():
            os.rename(leftover / "site", out)
        if kind == "trash":
            delete_in_background(leftover)
        elif kind == "spare" and not spares:
            spares += 1  # one spare (any: each is an earlier site) for the next update, see `spare_stage`
        else:
            discard(leftover, out)


def own_leftovers(out: Path) -> list[Path]:
    """`out`'s staging, parked and trash folders (real folders, not links), sorted."""
    with os.scandir(out.parent) as entries:
        found = [
            Path(e.path) for e in entries if (owner(e.name) or ("",))[0] == out.name and e.is_dir(follow_symlinks=False)
        ]
    return sorted(found)


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
    trash = out.parent / work_name(out, "trash")
    try:
        os.rename(folder, trash)
    except OSError:
        return
    delete_in_background(trash)


def update(
    files: Mapping[str, bytes], out: Path, replace: bool = False, kept: Iterable[str] = (), judged_in: str = ""
) -> int:
    """Like `write`, but only what differs from the current `out` is written (see
    `update_unlocked`); when nothing differs, `out` is not touched at all."""
    with claimed(out, replace) as out:
        return update_unlocked(files, out, kept, judged_in)


def update_unlocked(
    files: Mapping[str, bytes],
    out: Path,
    kept: Iterable[str] = (),
    judged_in: str = "",
    staged_in: Stage | None = None,
    staged: Iterable[str] = (),
) -> int:
    """`update` for a caller holding `claimed(out)`: the staging folder gets hard links to
    the unchanged files, the changed ones are written anew, then the same atomic swap.
    Returns the number of files written or removed.

    `staged` names files already in `staged_in` (see `staging`): each is compared with
    `out`'s from there, and moved into the new site if it differs, never read into memory.

    `files` may be any mapping. `kept` names files the caller vouches are byte for byte
    those in `out` now (pages a build kept by their stat in site/): they are linked without
    being read. `judged_in` is the `site_id` of the site they were judged in; if another
    build has replaced that site since, nothing is written (WriteError). Any other file is
    compared with `out`'s by size, then bytes, so a file changed by hand in site/ is
    written again."""
    existing = plain_files(out)
    if existing is None:
        return write_unlocked(files, out, staged_in, staged)
    vouched = existing.intersection(kept)
    if vouched and judged_in != site_id(out):
        raise WriteError(
            f"{out.name}/ was replaced by another build while this one ran; {out.name}/ now holds"
            " that build's site and this one wrote nothing",
            "build again",
        )
    names = site_names(files)
    changed = changed_files(files, names, existing, vouched, out, staged_in, frozenset(staged))
    removed = existing.difference(names)
    if not changed.keys() - {MARKER} and not removed and MARKER in existing:
        return 0
    changed[MARKER] = MARKER_TEXT  # a new MARKER file for every new site (see `site_id`)
    stage = spare_stage(out)
    try:
        if stage is None or not refill(stage, out, names, changed):
            if stage is not None:
                discard(stage, out)
            stage = new_folder(out, "new")
            fill_linked(stage, out, names, changed)
        swap(stage, out)
        stage = keep_spare(stage, out)
    finally:
        if stage is not None:
            discard(stage, out)
    return len(changed.keys() - {MARKER}) + len(removed)


def spare_stage(out: Path) -> Path | None:
    """The spare `out` left by the last update (the site before the current one), renamed
    to a staging name, so that a build killed while refilling it leaves a staging folder
    the next build discards; None if there is none. The caller holds `out`'s lock."""
    spares = [f for f in own_leftovers(out) if (owner(f.name) or ("", ""))[1] == "spare"]
    if not spares:
        return None
    stage = out.parent / work_name(out, "new")
    try:
        os.rename(spares[-1], stage)
    except OSError:
        return None
    return stage


def keep_spare(previous: Path, out: Path) -> Path | None:
    """After the swap: the previous site kept as the spare (see `spare_stage`), or, where
    it cannot be renamed, returned for the caller to discard."""
    try:
        os.rename(previous, out.parent / work_name(out, "spare"))
    except OSError:
        return previous
    return None


def refill(stage: Path, out: Path, names: list[str], changed: dict[str, bytes | str]) -> bool:
    """Turn `stage` (an earlier site of `out`) into the new site, as `fill_linked` would
    make it afresh: files not in `names` removed, folders made or removed to match, changed
    files written anew (never through an existing name: it may be linked from `out`), and
    every other file made a link to `out`'s unless it is that file already (same device
    and inode). False if `stage` is not a plain folder of plain files (it is then
    discarded and a fresh folder filled)."""
    tree = plain_tree(stage)
    if tree is None:
        return False
    present, folders = tree
    root, old = os.fspath(stage), os.fspath(out)
    wanted, needed = set(names), folders_of(names)
    for name in sorted(present - wanted):
        os.unlink(f"{root}/{name}")
    for folder in sorted(needed - folders):  # a parent sorts before its children
        os.mkdir(f"{root}/{folder}")
    for folder in sorted(folders - needed, reverse=True):  # emptied by now; children first
        os.rmdir(f"{root}/{folder}")
    for name in names:
        target = f"{root}/{name}"
        if name in changed:
            if name in present:
                os.unlink(target)
            place(target, changed[name])
        elif name not in present or not same_file(f"{old}/{name}", target):
            if name in present:
                os.unlink(target)
            link_or_copy(f"{old}/{name}", target)
    return True


def folders_of(names: Iterable[str]) -> set[str]:
    """Every folder the files `names` need, parents included."""
    needed: set[str] = set()
    for name in names:
        folder = name.rpartition("/")[0]
        while folder and folder not in needed:
            needed.add(folder)
            folder = folder.rpartition("/")[0]
    return needed


def same_file(a: str, b: str) -> bool:
    """Whether two names are links to one file (its device and inode)."""
    try:
        sa, sb = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def changed_files(
    files: Mapping[str, bytes],
    names: list[str],
    existing: set[str],
    kept: set[str],
    out: Path,
    staged_in: Stage | None = None,
    staged: frozenset[str] = frozenset(),
) -> dict[str, bytes | str]:
    """The files whose bytes differ from `out`'s (or that `out` lacks), with their bytes,
    or for a `staged` file the path of its copy in `staged_in` (see `place`); `kept` names
    are vouched unchanged and not read."""
    changed: dict[str, bytes | str] = {}
    root = os.fspath(out)
    for name in names:
        if name in kept:
            continue
        if staged_in is not None and name in staged:
            path = staged_in.path(name)
            if name not in existing or not same_contents(f"{root}/{name}", path):
                changed[name] = path
            continue
        data = bytes_of(files, name)
        if name not in existing or not same_bytes(f"{root}/{name}", data):
            changed[name] = data
    return changed


def fill_linked(stage: Path, out: Path, names: list[str], changed: dict[str, bytes | str]) -> None:
    """The new site in `stage`: changed files written, the others linked to `out`'s."""
    make_folders(stage, names)
    root, old = os.fspath(stage), os.fspath(out)
    for name in names:
        if name in changed:
            place(f"{root}/{name}", changed[name])
        else:
            link_or_copy(f"{old}/{name}", f"{root}/{name}")


def write_unlocked(
    files: Mapping[str, bytes], out: Path, staged_in: Stage | None = None, staged: Iterable[str] = ()
) -> int:
    """`write` for a caller that already holds the lock. `staged_in`: the staging folder
    to complete (see `staging`), which holds the files `staged` already: they are not
    asked for."""
    names = site_names(files)
    done = frozenset(staged) if staged_in is not None else frozenset()
    stage = staged_in.folder if staged_in is not None else new_folder(out, "new")
    try:
        make_folders(stage, names, made=staged_in is not None)
        root = os.fspath(stage)
        for name in names:
            if name not in done:
                put(f"{root}/{name}", bytes_of(files, name))
        swap(stage, out)
    finally:
        discard(stage, out)
    for spare in own_leftovers(out):  # an earlier site shares no file with this one: no use to an update
        if (owner(spare.name) or ("", ""))[1] == "spare":
            discard(spare, out)
    return len(files)


def plain_files(out: Path) -> set[str] | None:
    """Every file under `out` as a relative path; None if `out` is not a plain folder of
    plain files (a link or anything unusual means a full write instead)."""
    tree = plain_tree(out)
    return tree[0] if tree else None


def plain_tree(out: Path) -> tuple[set[str], set[str]] | None:
    """Every file and every folder under `out`, as relative paths (folders without the
    trailing slash); None as for `plain_files`. One `scandir` per folder: the kind of each
    entry comes with its name, no `stat` per file."""
    if not out.is_dir() or out.is_symlink():
        return None
    names: set[str] = set()
    found: set[str] = set()
    folders = [""]
    while folders:
        folder = folders.pop()
        with os.scandir(f"{out}/{folder}") as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    found.add(folder + entry.name)
                    folders.append(f"{folder}{entry.name}/")
                elif entry.is_file(follow_symlinks=False):
                    names.add(folder + entry.name)
                else:
                    return None
    return names, found


def place(target: str, data: bytes | str) -> None:
    """A changed file at `target`: its bytes written, or (a `str`) its staged copy at that
    path moved there (the staging folder is beside `out`, on the same file system)."""
    if isinstance(data, str):
        os.rename(data, target)
    else:
        put(target, data)


def same_contents(a: str, b: str) -> bool:
    """Whether two files hold the same bytes: their sizes first, then one read of each."""
    try:
        if os.stat(a).st_size != os.stat(b).st_size:
            return False
        with open(a, "rb", buffering=0) as one, open(b, "rb", buffering=0) as other:
            return one.read() == other.read()
    except OSError:  # gone or unreadable: written anew
        return False


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
