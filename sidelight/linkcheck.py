"""The output check: every internal link of every page must lead somewhere.

Runs on the rendered files in memory, before anything is written, so a build with a
broken link never replaces the site. Checked: `href` and `src` (and `srcset`) of every
element, plus the fragment (`#id`) against the ids of the target page. Addresses under
the site's own `base_url` (canonical links, the 404 page's rooted links) count as
internal. External addresses and text fragments (`#:~:text=`) are left alone: the build
never goes on the internet.
"""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .problems import Problem

LINK_ATTRIBUTES = {"href", "src"}


class PageScan(HTMLParser):
    """The ids a page defines and the links it makes, with their line and column."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag, attrs):
        line, col = self.getpos()
        for name, value in attrs:
            if name in ("id", "name") and value and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES and value is not None:
                self.links.append((value, line, col + 1))
            elif name == "srcset" and value:
                self.links += [(part.split()[0], line, col + 1) for part in value.split(",") if part.strip()]

    handle_startendtag = handle_starttag


def scan(data: bytes) -> PageScan:
    parser = PageScan()
    parser.feed(data.decode("utf-8", "replace"))
    parser.close()
    return parser


def target_of(link: str, page: str, base_path: str, base_url: str) -> tuple[str, str] | None:
    """(file under the site root, fragment) for an internal link; None for an external one."""
    if link.startswith(base_url):
        link = base_path + link[len(base_url):]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return ("\0outside", "")
        path = parts.path[len(base_path):]
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path)) if parts.path else page
        if path.startswith("../") or path == "..":
            return ("\0outside", "")
        path = "" if path == "." else path + ("/" if parts.path.endswith("/") and path else "")
    return unquote(path), unquote(parts.fragment)


def resolve(path: str, files: dict[str, bytes]) -> str | None:
    """The file a path serves: itself, or the folder's index.html."""
    for candidate in (path, path.rstrip("/") + "/index.html" if path else "index.html"):
        if candidate in files:
            return candidate
    return None


def check_links(files: dict[str, bytes], base_url: str, shown: str = "site") -> list[Problem]:
    """A problem for every internal link that leads nowhere, naming the page, line and link."""
    base_path = urlsplit(base_url).path or "/"
    pages = {name: scan(data) for name, data in files.items() if name.endswith(".html")}
    problems = []
    for page, found in sorted(pages.items()):
        for link, line, col in found.links:
            problem = broken(link, page, files, pages, base_path, base_url)
            if problem:
                problems.append(Problem(f"{shown}/{page}", line, col, f"broken link `{link}`: {problem}",
                                        "fix the template or the content that makes this link"))
    return problems


def broken(link: str, page: str, files: dict, pages: dict, base_path: str, base_url: str) -> str:
    """Why a link is broken, or "" when it is fine."""
    target = target_of(link, page, base_path, base_url)
    if target is None:
        return ""
    path, fragment = target
    if path == "\0outside":
        return "it leads outside the site"
    file = resolve(path, files)
    if file is None:
        return f"there is no file `{path or 'index.html'}` in the site"
    if fragment and not fragment.startswith(":~:") and file in pages and fragment not in pages[file].ids:
        return f"`{file}` has no element with id `{fragment}`"
    return ""
