"""Cache files: where they go, written whole or not at all, sealed, and read back only if
this machine's key sealed them.

Where (`folder`): `--cache-dir`, else $SIDELIGHT_CACHE_DIR, else `.sidelight-cache` in the
working folder, where the build also writes `site/` by default: what a run writes goes where
it is run, never into the content it reads (a content folder may be a repository's test
data, or read-only). Never inside the content folder: a default that would be (run from
inside it) moves beside it, and a chosen one is refused (`refusal`). Every cache file of a
run goes to that one folder, its name keyed by the content (and output) folder it is for.

Every cache file (the parse cache, the render cache, the no-change record) is written and
read here, by `save_atomically` and `read_sealed`: sealed with a key of this machine kept
outside the repository (see `seal`), so a cache is only ever a hint this machine gave
itself, and a planted one changes nothing. `stamp` names everything besides the content
that decides what a cache holds; an entry made under another stamp is never used.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from sidelight import config
from sidelight.output.theme import folders

CACHE_DIR = ".sidelight-cache"
ENVIRONMENT = "SIDELIGHT_CACHE_DIR"
_chosen: Path | None = None  # this run's --cache-dir (see `choose`), over the environment
SCHEMAS = config.SCHEMAS
_LIBRARIES = (
    "jinja2",
    "markupsafe",
    "markdown",
    "nh3",
    "pyyaml",
    "rapidfuzz",
    "pagefind",
    "pagefind_bin",
    "jsonschema",
    "lxml",
    "pillow",  # draws and encodes the share images
)


def choose(folder: Path | None) -> None:
    """This run's `--cache-dir`; None: the environment's, else the default (see `folder`)."""
    global _chosen
    _chosen = folder


def chosen() -> Path | None:
    """The folder chosen by `--cache-dir` or $SIDELIGHT_CACHE_DIR, absolute; None if neither."""
    given = _chosen or os.environ.get(ENVIRONMENT)
    return Path(given).absolute() if given else None


def folder(content: Path) -> Path:
    """The folder of every cache file of a run over `content`: the chosen one, else
    `.sidelight-cache` in the working folder, or beside `content` when the working folder
    is inside it (the default is never inside the content folder)."""
    here, root = Path.cwd(), content.resolve()
    default = root.parent if here.resolve().is_relative_to(root) else here
    return chosen() or default / CACHE_DIR


def refusal(content: Path) -> str | None:
    """Why the chosen cache folder cannot be used with `content`, or None: inside the
    content folder, cache files would be read as content and committed with it."""
    where = chosen()
    root = content.resolve()
    if where is None or not where.resolve().is_relative_to(root):
        return None
    return (
        f"the cache folder {where} is inside the content folder {content}; choose one outside it"
        f" with --cache-dir or {ENVIRONMENT}"
    )


def save_atomically(path: Path, data: bytes) -> None:
    """Replace a cache file whole or not at all (a killed build leaves the old one), sealed
    (see `seal`); a cache that cannot be written only costs the next build time, so failure
    is ignored. Never written through a link: a cache folder that is not a real folder
    (a link committed to the repository) is not used at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not real_folder(path.parent):
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(seal(path.name, data))
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


def read_sealed(path: Path) -> bytes | None:
    """What `save_atomically` wrote to `path` on this machine, or None: for a missing,
    unreadable or oversized file, anything but a regular file (a link, a pipe, a device),
    a file in a folder that is a link, and any file whose seal is not this machine's key's
    over these very bytes and this file name. Never raises, never blocks, never reads
    more than MAX_CACHE_BYTES."""
    try:
        if not real_folder(path.parent):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
                return None
            data = read_up_to(fd, info.st_size + 1)
        finally:
            os.close(fd)
    except OSError:
        return None
    return unseal(path.name, data)


def real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def read_up_to(fd: int, limit: int) -> bytes:
    chunks, left = [], limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 24))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# --- sealing -------------------------------------------------------------------------
# Why a secret, not a digest: the default cache folder is in the project folder, where a
# pull request can commit one (`git add -f .sidelight-cache`). A digest of the payload
# stored beside it proves nothing, since whoever writes the payload writes the digest too.
# An HMAC under a key that never leaves this machine's user cache folder can only have
# been made by a Sidelight run of this user here, over exactly these bytes; anything else
# is discarded before it is even unmarshalled, so a planted, copied, damaged or foreign
# cache can only cost time. A fresh machine (CI) has a fresh key and so trusts no committed cache.

MAGIC = b"sidelight-cache/1\n"
KEY_BYTES = 32
MAX_CACHE_BYTES = 512 * 1024 * 1024  # far above the render cache at 10,000 claims
_keys: dict[str, bytes] = {}


def seal(name: str, payload: bytes) -> bytes:
    """What a cache file named `name` starts with, before `payload` (not copied: the
    render cache is a hundred megabytes at 10,000 claims)."""
    return MAGIC + _mac(name, payload)


def unseal(name: str, data: bytes) -> bytes | None:
    """The payload of a sealed file named `name`, or None if the seal does not hold."""
    head = len(MAGIC) + KEY_BYTES
    if len(data) < head or not data.startswith(MAGIC):
        return None
    payload = data[head:]
    return payload if hmac.compare_digest(data[len(MAGIC) : head], _mac(name, payload)) else None


def _mac(name: str, payload: bytes) -> bytes:
    mac = hmac.new(machine_key(), name.encode("utf-8", "surrogatepass") + b"\0", "sha256")
    mac.update(payload)
    return mac.digest()


def key_path() -> Path | None:
    """$XDG_CACHE_HOME/sidelight/key, else ~/.cache/sidelight/key: outside any repository."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home folder
        return None
    return root / "sidelight" / "key"


def machine_key() -> bytes:
    """This user's secret cache key, made on first use. If it cannot be read or made, a
    key for this process alone: caches then last one run, which is slower, never wrong."""
    path = key_path()
    where = str(path)
    if where not in _keys:
        _keys[where] = (path and _read_key(path)) or (path and _make_key(path)) or os.urandom(KEY_BYTES)
    return _keys[where]


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            ok = stat.S_ISREG(os.fstat(fd).st_mode)
            key = read_up_to(fd, KEY_BYTES + 1) if ok else b""
        finally:
            os.close(fd)
    except OSError:
        return None
    return key if len(key) == KEY_BYTES else None


def _make_key(path: Path) -> bytes | None:
    """A new random key, written whole (mode 0600) and never over a key another process
    made meanwhile: both then use the one that landed first."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(os.urandom(KEY_BYTES))
            try:
                os.link(tmp, path)
            except FileExistsError:
                if _read_key(path) is None:  # a damaged key file: replace it
                    os.replace(tmp, path)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)
    except OSError:
        return None
    return _read_key(path)


class Stamps(NamedTuple):
    """`stamp()` and `stamp(templates)`, made in one pass (one build needs both)."""

    code: str
    theme: str
    templates: Path | None


def stamp(templates: Path | None = None) -> str:
    """Everything besides the content that decides the output: code, schemas, every folder
    templates are looked up in (none for the parse cache: parsing and validating do not
    read them), libraries. Installed, the packaged theme and schemas are inside the code."""
    return stamps(templates).theme if templates else stamps(None).code


def stamps(templates: Path | None) -> Stamps:
    """`stamp()` and `stamp(templates)` of one build; the second digests the first's
    files and then the theme's, so the code is read once."""
    from importlib import metadata

    h = hashlib.sha256(f"{sys.version}".encode())
    for lib in _LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(lib.encode())
    digest_roots(h, (config.PACKAGE, SCHEMAS.resolve()))
    code = h.hexdigest()
    theme = tuple(folder.resolve() for folder in folders(templates)) if templates else ()  # the site's, the packaged
    digest_roots(h, theme, first=2)
    return Stamps(code, h.hexdigest(), templates)


def digest_roots(h, roots: tuple[Path, ...], first: int = 0) -> None:
    """Every file under `roots` into `h`, by its path under its root, roots numbered from `first`."""
    for number, root in enumerate(roots, start=first):
        h.update(f"\0root {number}\0".encode())
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
