"""The output check: every internal link of every page must lead somewhere.

Runs on the rendered files in memory, before anything is written, so a build with a
broken link never replaces the site. Checked: `href` and `src` (and `srcset`) of every
element, plus the fragment (`#id`) against the ids of the target page. Addresses under
the site's own `base_url` (canonical links, the 404 page's rooted links) count as
internal. External addresses and text fragments (`#:~:text=`) are left alone: the build
never goes on the internet.
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from lxml import etree

from .problems import Problem

LINK_ATTRIBUTES = ("href", "src")
_PARSER = etree.HTMLParser(encoding="utf-8", collect_ids=False)  # libxml2: 15× faster than html.parser
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_ATTRIBUTE_AT = re.compile(r"""\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


@dataclass
class PageScan:
    """The ids a page defines, and the links it makes with their line."""
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (attribute, link, line)


def scan(data: bytes) -> PageScan:
    root = etree.fromstring(data, _PARSER)
    found = PageScan()
    if root is None:
        return found
    found.ids = {str(v) for v in root.xpath("//@id | //a/@name")}
    for attr in LINK_ATTRIBUTES:
        found.links += [(attr, e.get(attr), e.sourceline or 1) for e in root.xpath(f"//*[@{attr}]")]
    for e in root.xpath("//*[@srcset]"):
        found.links += [("srcset", part.split()[0], e.sourceline or 1) for part in e.get("srcset").split(",") if part.strip()]
    return found


def column(text: str, line: int, attr: str, link: str) -> int:
    """The column (from 1) of the attribute holding `link` on that line, for the message."""
    row = (text.split("\n")[line - 1:line] or [""])[0]
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
        link = base_path + link[len(base_url):]
    if _SCHEME.match(link) or link.startswith("//"):
        return None
    rest, _, fragment = link.partition("#")
    path = rest.split("?", 1)[0]
    if path.startswith("/"):
        if not path.startswith(base_path):
            return ("\0outside", "")
        path = path[len(base_path):]
    elif not path:
        return (None, unquote(fragment))
    else:
        joined = posixpath.normpath(posixpath.join(folder, path))
        if joined.startswith("../") or joined == "..":
            return ("\0outside", "")
        path = "" if joined == "." else joined + ("/" if path.endswith("/") else "")
    return unquote(path), unquote(fragment)


def resolve(path: str, files: dict[str, bytes]) -> str | None:
    """The file a path serves: itself, or the folder's index.html."""
    for candidate in (path, path.rstrip("/") + "/index.html" if path else "index.html"):
        if candidate in files:
            return candidate
    return None


def check_links(files: dict[str, bytes], base_url: str, shown: str = "site", only=None,
                scans: dict[str, PageScan] | None = None) -> list[Problem]:
    """A problem for every internal link that leads nowhere, naming the page, line and link.
    `only`: check the links of these pages alone (after an incremental render, the others
    are byte for byte the pages the last build checked); a page linked to is scanned for
    its ids as needed. `scans` keeps every page scanned, for the caller."""
    base_path = urlsplit(base_url).path or "/"
    scans = {} if scans is None else scans

    def scanned(name: str) -> PageScan:
        if name not in scans:
            scans[name] = scan(files[name])
        return scans[name]
    problems = []
    for page in sorted(only if only is not None else (n for n in files if n.endswith(".html"))):
        for attr, link, line in scanned(page).links:
            problem = broken(link, page, files, scanned, base_path, base_url)
            if problem:
                col = column(files[page].decode("utf-8", "replace"), line, attr, link)
                problems.append(Problem(f"{shown}/{page}", line, col, f"broken link `{link}`: {problem}",
                                        "fix the template or the content that makes this link"))
    return problems


def broken(link: str, page: str, files: dict, scanned, base_path: str, base_url: str) -> str:
    """Why a link is broken, or "" when it is fine."""
    target = target_of(link, posixpath.dirname(page), base_path, base_url)
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
