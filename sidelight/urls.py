"""Relative links between pages, so the site works at a domain root, under a sub-path
and from a local server without knowing where it is deployed."""
from __future__ import annotations

import posixpath


def relative(target: str, current: str) -> str:
    """A link from page `current` (e.g. `claims/x/`) to `target` (e.g. `sources/y/#p`)."""
    path, _, fragment = target.partition("#")
    base = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    rel = posixpath.relpath("/" + path, "/" + base)
    if not path or path.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


def absolute(base_url: str, path: str) -> str:
    """The published address of a site path (`claims/x/`), for canonical links, feeds and
    structured data; `base_url` ends with `/`."""
    return base_url + path


def paged(base: str, number: int) -> str:
    """The path of page `number` of a paginated list: `claims/`, `claims/page/2/`, …"""
    return base if number == 1 else f"{base}page/{number}/"
