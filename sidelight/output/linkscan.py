"""What a rendered page links to and which ids it defines: the link check's reading of a page.

Every page of the site is read here on a clean build, so reading must not cost a parse
tree per page. Sidelight's pages are regular: its templates escape with
Jinja2's autoescape, nh3 serialises Markdown, the JSON-LD writer escapes `<`, `>` and `&`;
so every attribute is double-quoted, and `<` and `>` only ever open and close tags. On
such a page a few byte searches find exactly what an HTML parser finds, without building
a tree (docs/benchmarks.md has the figures). `regular` states what the shortcut relies on;
a page it does not hold for (a comment, a single-quoted attribute, a `<` in an attribute
value...) is parsed with lxml, so the answer never depends on the shortcut.
tests/test_linkscan.py compares the two over every page of the sample build, of a build
with an attack in every field, and over any markup made of what could fool the search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

LINK_ATTRIBUTES = ("href", "src")
_PARSER = etree.HTMLParser(encoding="utf-8", collect_ids=False)  # libxml2, for pages the byte search refuses

# The page with every byte deleted but `<`, `>`, `=`, `"`: text, then tags whose `=` and `"`
# only come as `="value"` (a value may hold `=`, never `"`, `<` or `>`), and so on.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'<>="')
_STRUCTURE = re.compile(rb'(?:[="]*+<(?:="=*+")*+>)*+[="]*+')
# In the page in lower case: the elements whose content a browser reads as text up to their
# end tag, tags or not (group 1: those our templates write); or a `<` that opens no tag for
# our reading (a comment, `<?`, `< `, which is text to a browser).
_RAW_OR_STRANGE = re.compile(
    rb"<(?:(script|title)|style|textarea|xmp|iframe|noembed|noframes|plaintext)(?=[ \t\n\f/>])"
    rb"|<(?![a-z]|/[a-z]|!doctype html>)"
)
# html, head and body: a browser drops their attributes when it has made the element already.
_TREE_TAG = re.compile(rb"(?:html|head|body)[ \t\n\f/>]")
_NAME_FOLLOWS = b" \t\n\f/"  # what may stand before an attribute's name (besides a closing quote)
# A space before an `=`: in a tag (`href ="x"`) the value would not be right after the name.
# (Written `=` first so that the search skips from `=` to `=` instead of trying every space.)
_SPACED_EQUALS = re.compile(rb"=(?<=[ \t\n\f]=)")
_A_TAG = re.compile(rb"a[ \t\n\f/>]")
_REFERENCES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#34;": '"', "&#39;": "'", "&nbsp;": "\xa0"}
_REFERENCE = re.compile("|".join(_REFERENCES))


class Irregular(Exception):
    """The page is not regular enough for the byte search: parse it instead."""


@dataclass
class PageScan:
    """The ids a page defines, and the links it makes with their line."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (attribute, link, line)


def scan(data: bytes) -> PageScan:
    """The page's ids (`id` of any element, `name` of `<a>`) and links (`href`, then `src`,
    then each address of `srcset`, in page order), each link with the line where its tag
    ends, as lxml reports it. Empty ones are left out: an empty link is the page itself
    and no link can aim at an empty id, so they change no verdict, and the byte search
    need not look for attributes written without a value (`<p id>`, read as empty)."""
    try:
        return scan_regular(data)
    except Irregular:
        return scan_parsed(data)


def scan_parsed(data: bytes) -> PageScan:
    """`scan` by parsing the page with lxml: for any page."""
    root = etree.fromstring(data, _PARSER)
    found = PageScan()
    if root is None:
        return found
    found.ids = {str(v) for v in root.xpath("//@id | //a/@name") if v}
    for attr in LINK_ATTRIBUTES:
        found.links += [(attr, e.get(attr), e.sourceline or 1) for e in root.xpath(f"//*[@{attr}]") if e.get(attr)]
    for e in root.xpath("//*[@srcset]"):
        found.links += [
            ("srcset", part.split()[0], e.sourceline or 1) for part in e.get("srcset").split(",") if part.strip()
        ]
    return found


def regular(data: bytes, low: bytes) -> bool:
    """Whether `<` and `>` only open and close tags (none in text, values, scripts), every
    attribute with a value is double-quoted with its `="` right after its name, and no
    comment or raw-text trick is there: then every `name="` right after a space inside a
    start tag, outside quotes, is an attribute. Not checked: an attribute repeated with
    no value first (`<a href href="x">`, invalid HTML, which tests/test_site_output.py
    keeps out of every template). `low`: the page in lower case (names of tags and
    attributes are not case-sensitive)."""
    if b"\0" in data or b"\r" in data or _SPACED_EQUALS.search(data):
        return False
    if not _STRUCTURE.fullmatch(data.translate(None, _NOT_STRUCTURE)):
        return False
    return all(raw_text_ends(low, m) for m in _RAW_OR_STRANGE.finditer(low))


def raw_text_ends(low: bytes, start: re.Match) -> bool:
    """Whether a script or title holds no `<` before its own end tag, so reading it as
    text (as browsers do) or as markup finds the same. False for any other element read
    as text, or a strange `<`."""
    name = start.group(1)
    after = low.find(b"<", low.find(b">", start.end()))
    return name is not None and after >= 0 and low.startswith(b"</" + name + b">", after)


def scan_regular(data: bytes) -> PageScan:
    """`scan` by byte search, for a `regular` page."""
    low = data.lower()
    if not regular(data, low):
        raise Irregular
    found = PageScan()
    found.ids = {attribute_value(data, start) for _, start in attributes(low, b"id")}
    found.ids |= {attribute_value(data, start) for tag, start in attributes(low, b"name") if _A_TAG.match(low, tag + 1)}
    found.ids.discard("")
    found.links = [("href", link, line) for link, line in with_lines(data, low, attributes(low, b"href")) if link]
    found.links += [("src", link, line) for link, line in with_lines(data, low, attributes(low, b"src")) if link]
    found.links += [
        ("srcset", part.split()[0], line)
        for value, line in with_lines(data, low, attributes(low, b"srcset"))
        for part in value.split(",")
        if part.strip()
    ]
    return found


def attributes(low: bytes, name: bytes) -> list[tuple[int, int]]:
    """(where its tag starts, where its value starts) of every attribute `name` of a start
    tag, in page order, the first only when a tag repeats it (as browsers do). One `find`
    per occurrence, so the cost follows the attributes, not the page's length in spaces."""
    needle = name + b'="'
    found, tag_of_last = [], -1
    at = low.find(needle)
    while at >= 0:
        before = low[at - 1] if at else 0
        tag = start_tag_at(low, at) if before in _NAME_FOLLOWS or before == 0x22 else -1
        if tag >= 0:
            if before == 0x22 or low[tag + 1] in b"hb" and _TREE_TAG.match(low, tag + 1):
                raise Irregular  # glued to the value before it; or on a tag a browser may merge away
            if tag != tag_of_last:
                found.append((tag, at + len(needle)))
            tag_of_last = tag
        at = low.find(needle, at + len(needle))
    return found


def start_tag_at(low: bytes, at: int) -> int:
    """Where the start tag that `at` stands in begins, outside quoted values; -1 when `at`
    is in text, a script, a value or an end tag (whose attributes browsers ignore)."""
    tag = low.rfind(b"<", 0, at)
    if tag < 0 or low.rfind(b">", tag, at) >= 0 or low.count(b'"', tag, at) & 1 or low[tag + 1] == 0x2F:
        return -1
    return tag


def with_lines(data: bytes, low: bytes, starts: list[tuple[int, int]]):
    """Each value with the line where its tag ends (where lxml places an element; lxml
    stops counting at line 65,535, which no page comes near)."""
    line, counted = 1, 0
    for _, start in starts:
        end = low.find(b">", start)
        line, counted = line + low.count(b"\n", counted, end), end
        yield attribute_value(data, start), line


def attribute_value(data: bytes, start: int) -> str:
    """The value that starts at `start`, character references decoded: only those our
    templates and nh3 write, whose meaning no parser disputes."""
    try:
        value = data[start : data.index(b'"', start)].decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise Irregular from None
    if "&" in value:
        if value.count("&") != len(_REFERENCE.findall(value)):
            raise Irregular
        value = _REFERENCE.sub(lambda m: _REFERENCES[m.group()], value)
    return value
