"""The output check: every internal link of every page must lead somewhere.

Runs on the rendered files before the site is replaced (a build reads each page from its
staging folder as its turn comes, through the `files` mapping), so a build with a broken
link never replaces the site. Checked: `href` and `src` (and `srcset`) of every
element, plus the fragment (`#id`) against the ids of the target page. Addresses under
the site's own `base_url` (canonical links, the 404 page's rooted links) count as
internal. External addresses and text fragments (`#:~:text=`) are left alone: the build
never goes on the internet.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import unquote

from sidelight.output.linkscan import PageScan, scan
from sidelight.pages.urls import root_path
from sidelight.problems import Problem

__all__ = ["PageScan", "broken", "check_links", "scan", "target_of"]
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_ATTRIBUTE_AT = re.compile(r"""\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def column(text: str, line: int, attr: str, link: str) -> int:
    """The column (from 1) of the attribute holding `link` on that line, for the message."""
    row = (text.split("\n")[line - 1 : line] or [""])[0]
    for m in _ATTRIBUTE_AT.finditer(row):
        if m.group(1) == attr and html.unescape(next(v for v in m.groups()[1:] if v is not None)) == link:
            return m.start() + 2
    return 1


@lru_cache(maxsize=100_000)
def target_of(link: str, folder: str, base_path: str, base_url: str) -> tuple[str | None, str] | None:
    """(path under the site root, fragment) for an internal link from a page in `folder`;
    path None for the page itself (`#x`); None for an external link. Cached: the same link
    from the same folder (navigation, say) is resolved once."""
    if link.startswith(base_url):
        link = base_path + link[len(base_url) :]
    if _SCHEME.match(link) or link.startswith("//"):
        return None
    rest, _, fragment = link.partition("#")
    path = rest.split("?", 1)[0]
    if path.startswith("/"):
        if not path.startswith(base_path):
            return ("\0outside", "")
        path = path[len(base_path) :]
    elif not path:
        return (None, unquote(fragment))
    else:
        joined = posixpath.normpath(posixpath.join(folder, path))
        if joined.startswith("../") or joined == "..":
            return ("\0outside", "")
        path = "" if joined == "." else joined + ("/" if path.endswith("/") else "")
    return unquote(path), unquote(fragment)


def resolve(path: str, files: Mapping[str, bytes]) -> str | None:
    """The file a path serves: itself, or the folder's index.html."""
    for candidate in (path, path.rstrip("/") + "/index.html" if path else "index.html"):
        if candidate in files:
            return candidate
    return None


def check_links(
    files: Mapping[str, bytes], base_url: str, shown: str = "site", only=None, scans: dict[str, PageScan] | None = None
) -> list[Problem]:
    """A problem for every internal link that leads nowhere, naming the page, line and link.
    `only`: check the links of these pages alone (after an incremental render, the others
    are byte for byte the pages the last build checked); a page linked to is scanned for
    its ids as needed. `scans` keeps the ids of every page scanned, for the caller (not
    its links: at 15,000 pages they would hold 300 MB until the check ends)."""
    base_path = root_path(base_url)
    scans = {} if scans is None else scans
    unchecked: dict[str, PageScan] = {}  # scanned as a target before their own turn

    def scanned(name: str) -> PageScan:
        if name not in scans:
            scans[name] = unchecked[name] = scan(files[name])
        return scans[name]

    problems: list[Problem] = []
    places: dict[tuple[str, str], tuple[str, str | None]] = {}  # see PageLinkChecker
    for page in sorted(only if only is not None else (n for n in files if n.endswith(".html"))):
        found = unchecked.pop(page, None) or scan(files[page])
        scans[page] = PageScan(found.ids)
        why_broken = PageLinkChecker(page, files, scanned, base_path, base_url, places)
        for attr, link, line in found.links:
            problem = why_broken(link)
            if problem:
                col = column(files[page].decode("utf-8", "replace"), line, attr, link)
                problems.append(
                    Problem(
                        f"{shown}/{page}",
                        line,
                        col,
                        f"broken link `{link}`: {problem}",
                        "fix the template or the content that makes this link",
                    )
                )
    return problems


class PageLinkChecker:
    """`broken` for the links of one page, remembering where each address leads across
    pages: `../../claims/x/` means the same from every page two folders deep, so it is
    resolved once, not once per page (1.6 million links at N = 10,000); only its
    `#fragment` is looked up each time."""

    def __init__(self, page: str, files: Mapping, scanned, base_path: str, base_url: str, places: dict):
        self.page, self.files, self.scanned, self.places = page, files, scanned, places
        self.base_path, self.base_url = base_path, base_url
        self.folder = posixpath.dirname(page)
        self.parts = self.folder.split("/") if self.folder else []
        self.plain = "#" not in base_url and not any(part in ("", ".", "..") for part in self.parts)
        self.up = "../" * len(self.parts) if self.parts else None  # from here to the site root

    def __call__(self, link: str) -> str:
        if not self.plain or link[:1] in ("#", "?", ""):  # the page itself, or an odd folder
            return broken(link, self.page, self.files, self.scanned, self.base_path, self.base_url)
        address, _, fragment = link.partition("#")
        key = self.key(address)
        if key not in self.places:
            self.places[key] = self.place(*key)
        problem, file = self.places[key]
        if "%" in fragment:
            fragment = unquote(fragment)
        if (
            file
            and fragment
            and not fragment.startswith(":~:")
            and file.endswith(".html")
            and fragment not in self.scanned(file).ids
        ):
            return f"`{file}` has no element with id `{fragment}`"
        return problem

    def key(self, address: str) -> tuple[str, str]:
        """(address, folder) that leads where `address` leads from this page: the folder
        only matters to a relative address, and `../` is taken off the folder instead."""
        if self.up and address.startswith(self.up):  # the usual case, as `rooted` would say
            return "./" + address[len(self.up) :], ""
        if address.startswith("../"):
            return self.rooted(address)
        return address, "" if address.startswith("/") or _SCHEME.match(address) else self.folder

    def place(self, address: str, folder: str) -> tuple[str, str | None]:
        """(why the address is broken or "", the file it leads to or None)."""
        target = target_of(address, folder, self.base_path, self.base_url)
        if target is None:
            return "", None
        problem = verdict((target[0], ""), self.page, self.files, self.scanned)
        path = self.page if target[0] is None else target[0]
        return problem, None if problem else resolve(path, self.files)

    def rooted(self, link: str) -> tuple[str, str]:
        """(link, folder) meaning the same as `link` from this page's folder, with each
        leading `../` taken off the folder instead: `../../x` from `a/b` is `./x` from ``."""
        ups = 0
        while ups < len(self.parts) and link.startswith("../", 3 * ups):
            ups += 1
        if not ups:
            return link, self.folder
        return "./" + link[3 * ups :], "/".join(self.parts[: len(self.parts) - ups])


def broken(link: str, page: str, files: Mapping, scanned, base_path: str, base_url: str) -> str:
    """Why a link is broken, or "" when it is fine."""
    return verdict(target_of(link, posixpath.dirname(page), base_path, base_url), page, files, scanned)


def verdict(target: tuple[str | None, str] | None, page: str, files: Mapping, scanned) -> str:
    """Why a link to `target` (as `target_of` gives it) from `page` is broken, or ""."""
    if target is None:
        return ""
    path, fragment = target
    path = page if path is None else path
    if path == "\0outside":
        return "it leads outside the site"
    file = resolve(path, files)
    if file is None:
        return f"there is no file `{path or 'index.html'}` in the site"
    if fragment and not fragment.startswith(":~:") and file.endswith(".html") and fragment not in scanned(file).ids:
        return f"`{file}` has no element with id `{fragment}`"
    return ""
