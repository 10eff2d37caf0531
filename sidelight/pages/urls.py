"""Relative links between pages, so the site works at a domain root, under a sub-path
and from a local server without knowing where it is deployed."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit


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


SITE_PATHS = {
    "index": "the home page (index.html)",
    "404": "the page-not-found page (404.html)",
    "claims": "the site's list of claims",
    "sources": "the site's list of articles",
    "outlets": "the site's list of outlets",
    "topics": "the site's list of topics",
    "matrix": "the site's comparison matrix",
    "glossary": "the site's glossary",
    "search": "the site's own search page",
    "pagefind": "the folder of the search index",
    "data": "the folder of the site's open data",
    "static": "the folder of the stylesheet and icons",
    "feed": "the name of the site's feed (feed.xml)",
    "sitemap": "the name of the sitemap (sitemap.xml)",
    "robots": "the name of robots.txt",
}
"""Each name the site writes at its top level (a folder, or a file's stem) and what it is
there. A page of content/pages/ is written at `<id>/`: one of these ids would replace
the site's own page, so `check` refuses it (tests/test_security_content.py builds a site
and holds this list to every name written). `methodology` is not here: a page of that
name is meant to replace the built-in one."""


def root_path(base_url: str) -> str:
    """The path of `base_url`, from which the 404 page (served at any depth) links, e.g.
    `/checks/`. Always one `/` then folders, so no link made from it can be read as
    protocol-relative (`//host/…`), whatever the address; `check` refuses the addresses
    this would change (`schemas.base_url_fault`)."""
    folders = [folder for folder in urlsplit(base_url).path.split("/") if folder]
    return "/" + "".join(folder + "/" for folder in folders)


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
