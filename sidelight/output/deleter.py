"""Deleting a folder without waiting for it: the previous site, once a build has swapped
the new one in. A site of 15,000 folders takes many seconds to delete (one rmdir and
one unlink per entry), longer than the rest of an incremental build.

The folder is deleted by a detached process: its own session, so it outlives the build,
and neither Ctrl-C in the terminal nor a kill of the build's process group stops it
half-way (if something does, the next build starts another). It holds a lock on the
folder while it works, so the next build starts no second one for the same folder, and
never waits for it. It does not inherit the build's lock (subprocess closes every other
descriptor), so it never holds up the next build either.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: no lock; a second deleter only repeats the work
    fcntl = None  # type: ignore[assignment]

_DELETE = """import os, shutil, sys
try:
    os.nice(10)  # after the next build, not before it
except (AttributeError, OSError):
    pass
shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


def delete_in_background(folder: Path) -> None:
    """Delete `folder` in a detached process, unless one is at it already. Where no process
    can be started, delete it here and now."""
    claim = locked(folder)
    if claim is None:
        return
    try:
        start_deleter(folder, claim)
    except (OSError, ValueError, subprocess.SubprocessError):
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        if claim >= 0:
            os.close(claim)


def start_deleter(folder: Path, claim: int) -> None:
    if not sys.executable:
        raise ValueError("no Python interpreter to start")
    deleter = subprocess.Popen(
        [sys.executable, "-I", "-S", "-c", _DELETE, os.fspath(folder)],
        pass_fds=(claim,) if claim >= 0 else (),
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Reaped as soon as it ends, so a long `serve` keeps no defunct child between builds; if
    # this process ends first, the deleter goes on and the system reaps it.
    threading.Thread(target=deleter.wait, name="sidelight-trash-reaper", daemon=True).start()


def locked(folder: Path) -> int | None:
    """A descriptor of `folder` holding its lock, for the deleter to inherit (the lock lasts
    as long as the deleter); -1 where there are no locks (Windows, or a file system that
    refuses them: a second deleter then only repeats the work); None if the folder is gone
    or a deleter holds the lock already."""
    if fcntl is None:
        return -1
    try:
        claim = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        fcntl.flock(claim, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(claim)
        return None
    except OSError:
        os.close(claim)
        return -1
    return claim
