"""Every path of the site is made here, and links between pages are made relative, so the
site works at a domain root, under a sub-path and from a local server without knowing where
it is deployed.

A site path is what follows the site's address: `claims/x/`, `sources/y/#p`, `data/claims.json`
(`""` is the home page). Python builds them with the functions below; templates get the same
functions as globals (`TEMPLATE_GLOBALS`) and write `url(claim_path(claim.id))`, so moving a
page moves every link to it (tests/test_urls_one_place.py keeps paths from being spelled
anywhere else)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from urllib.parse import urlsplit


@lru_cache(maxsize=65_536)
def relative(target: str, current: str) -> str:
    """A link from page `current` (e.g. `claims/x/`) to `target` (e.g. `sources/y/#p`):
    up to the folders both share, then down (what posixpath.relpath gives, at a fraction of
    its cost: a build makes hundreds of thousands of links)."""
    return relative_to(target, folders_of(current))


def relative_from(current: str):
    """`relative(target, current)` as a function of `target`, for the links of one page:
    its folders worked out once, each target once (`relative`'s own cache is shared by
    every page, and a site has more (page, target) pairs than it holds). Inside an
    edition (`editing`), both paths are the edition's, as templates write them."""
    prefix = EDITION.get()
    here, links = folders_of(to_root(current)), dict[str, str]()

    def link(target: str) -> str:
        found = links.get(target)
        if found is None:
            found = links[target] = relative_to(to_root(target) if prefix else target, here)
        return found

    return link


def folders_of(current: str) -> list[str]:
    return [part for part in (current if current.endswith("/") else current.rpartition("/")[0]).split("/") if part]


def relative_to(target: str, here: list[str]) -> str:
    """`relative`, from the folders `here` of the current page."""
    path, _, fragment = target.partition("#")
    *folders, last = path.split("/")
    shared = 0
    while shared < min(len(here), len(folders)) and here[shared] == folders[shared]:
        shared += 1
    rel = "../" * (len(here) - shared) + "".join(f + "/" for f in folders[shared:]) + last
    return (rel or "./") + (f"#{fragment}" if fragment else "")


EDITION: ContextVar[str] = ContextVar("edition", default="")
"""The prefix of the language edition being built (`ru/`), "" for the default language."""
SHARED = ("static/", "data/", "pagefind/", "sitemap.xml", "robots.txt")
"""What every language edition shares at the root: the theme's files, the open data (each
claim marked with its language), the search index (Pagefind keeps one per `<html lang>`)."""


@contextmanager
def editing(prefix: str) -> Iterator[None]:
    """Pages linked inside are those of the edition at `prefix` (`ru/`)."""
    token = EDITION.set(prefix)
    try:
        yield
    finally:
        EDITION.reset(token)


def to_root(path: str) -> str:
    """A path of the edition being built as a path of the whole site: `claims/x/` is
    `ru/claims/x/` in the Russian edition; the shared files stay where they are."""
    prefix = EDITION.get()
    return path if not prefix or path.startswith(SHARED) else prefix + path


SITE_PATHS = {
    "index": "the home page (index.html)",
    "404": "the page-not-found page (404.html)",
    "claims": "the site's list of claims",
    "sources": "the site's list of articles",
    "outlets": "the site's list of outlets",
    "topics": "the site's list of topics",
    "claimants": "the site's list of who made the claims",
    "team": "the site's page of who checks the claims",
    "drift": "the site's table of wording drift",
    "corrections": "the site's log of corrections",
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


def at(path: str, fragment: str = "") -> str:
    """`path` with `#fragment` when there is one."""
    return f"{path}#{fragment}" if fragment else path


def section_path(name: str) -> str:
    """One of the site's top-level folders (`claims/`, `matrix/`, `pagefind/`), which is the
    section's first page where it has one; `name` must be one of `SITE_PATHS`."""
    if name not in SITE_PATHS:
        raise ValueError(f"`{name}` is not one of the site's top-level names")
    return name + "/"


def claim_path(claim_id: str, fragment: str = "") -> str:
    return at(f"{section_path('claims')}{claim_id}/", fragment)


def share_image_path(claim_id: str) -> str:
    """A claim's share image (1200×630 PNG), the link preview of its page (og:image)."""
    return f"{claim_path(claim_id)}share.png"


def source_path(source_id: str, fragment: str = "") -> str:
    """Our copy of an article; a passage's fragment is the passage's id."""
    return at(f"{section_path('sources')}{source_id}/", fragment)


def outlet_path(outlet_id: str) -> str:
    return f"{section_path('outlets')}{outlet_id}/"


def topic_path(topic_id: str) -> str:
    return f"{section_path('topics')}{topic_id}/"


def claimant_path(claimant_id: str) -> str:
    """A claimant's page: who they are, and every claim they made or are said to have made."""
    return f"{section_path('claimants')}{claimant_id}/"


def drift_path(fragment: str = "") -> str:
    """The table of every wording drift; a drift's fragment is its id."""
    return at(section_path("drift"), fragment)


def team_path(person_id: str = "") -> str:
    """The team page: who checks and reviews the claims; a person's fragment is their id."""
    return at(section_path("team"), person_id)


def corrections_path(fragment: str = "") -> str:
    """The log of every correction, newest first; a correction's fragment is its id."""
    return at(section_path("corrections"), fragment)


def glossary_path(anchor: str = "") -> str:
    """The glossary, at a section (`stances`) or a term's anchor (`stance-ignores`)."""
    return at(section_path("glossary"), anchor)


def term_path(kind: str, term_id: str) -> str:
    """The first page of every use of one term (`glossary/frames/economic/`)."""
    return f"{section_path('glossary')}{kind}/{term_id}/"


def matrix_path(order: str = "") -> str:
    """The comparison matrix in one of its orders: `matrix/` newest first, `matrix/by-<order>/`."""
    return section_path("matrix") + (f"by-{order}/" if order else "")


def text_page_path(page_id: str, fragment: str = "") -> str:
    """A page of content/pages/ (or the built-in methodology), written at the top level."""
    return at(f"{page_id}/", fragment)


def static_path(name: str) -> str:
    """An asset of the theme (`static/style.css`)."""
    return section_path("static") + name


def data_path(name: str) -> str:
    """A file of the open data (`data/claims.json`)."""
    return section_path("data") + name


CLAIMS_DATA = data_path("claims.json")
ANNOTATIONS_DATA = data_path("annotations.jsonld")


def source_text_path(source_id: str) -> str:
    """The plain text of our copy of an article, in the open data."""
    return data_path(f"sources/{source_id}.txt")


def annotation_path(passage_id: str) -> str:
    """A quoted passage's Web Annotation, by its id within the annotations file."""
    return at(ANNOTATIONS_DATA, passage_id)


TEMPLATE_GLOBALS = {
    f.__name__: f
    for f in (
        section_path,
        claim_path,
        source_path,
        outlet_path,
        topic_path,
        claimant_path,
        drift_path,
        team_path,
        corrections_path,
        glossary_path,
        term_path,
        matrix_path,
        text_page_path,
        static_path,
        data_path,
    )
}
"""The path functions a template may call (`url(topic_path(t.id))`); they are code, not
values of the site, so they belong to the environment rather than `template_globals`."""
