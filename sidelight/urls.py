"""Relative links between pages, so the site works at a domain root, under a sub-path
and from a local server without knowing where it is deployed."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65_536)
def relative(target: str, current: str) -> str:
    """A link from page `current` (e.g. `claims/x/`) to `target` (e.g. `sources/y/#p`):
    up to the folders both share, then down (what posixpath.relpath gives, at a fraction of
    its cost: a build makes hundreds of thousands of links)."""
    path, _, fragment = target.partition("#")
    here = [part for part in (current if current.endswith("/") else current.rpartition("/")[0]).split("/") if part]
    *folders, last = path.split("/")
    shared = 0
    while shared < min(len(here), len(folders)) and here[shared] == folders[shared]:
        shared += 1
    rel = "../" * (len(here) - shared) + "".join(f + "/" for f in folders[shared:]) + last
    return (rel or "./") + (f"#{fragment}" if fragment else "")


def file_of(path: str) -> str:
    """Where a page's path is written under site/: pretty URLs are folders with index.html."""
    return path + "index.html" if path.endswith("/") or not path else path


def absolute(base_url: str, path: str) -> str:
    """The published address of a site path (`claims/x/`), for canonical links, feeds and
    structured data; `base_url` ends with `/`."""
    return base_url + path


def paged(base: str, number: int) -> str:
    """The path of page `number` of a paginated list: `claims/`, `claims/page/2/`, …"""
    return base if number == 1 else f"{base}page/{number}/"
