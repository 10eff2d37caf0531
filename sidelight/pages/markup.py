"""Turning content text into safe HTML: Markdown fields, and article text with marks.

Editors' Markdown is rendered with Python-Markdown, which passes raw HTML and
`javascript:` links through, so its output is sanitised with nh3 (an allow-list, not a
block-list). Article text is never Markdown: it is escaped as it stands.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from html import unescape as _unescape

import markdown
import nh3
from markupsafe import Markup, escape

TAGS = {
    "p",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "sup",
    "sub",
    "del",
    "ins",
    "span",  # only to say a few words' language: <span lang="ru">в том числе</span>
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "span": {"lang", "dir"}}
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*(\s+|$)")
_md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
# Python-Markdown is not linear: 8,000 `[` in one paragraph take 20 s, 80,000 inline tags
# two minutes, and its cost grows with the Markdown syntax in a paragraph times the
# paragraph's length. Past these bounds a text is shown as plain paragraphs instead: safe
# and linear. No real content comes near them (docs/security.md).
MARKDOWN_WORK = 1_000_000
MAX_MARKDOWN_CHARS = 200_000
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SYNTAX = re.compile(r"[\[\]()<>&\\`*_!|]")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_A_TAG = re.compile(r'<a((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*>')
_HREF = re.compile(r'\shref="([^"]*)"')


@lru_cache(maxsize=20_000)
def render_markdown(text: str) -> Markup:
    """Markdown to HTML that can carry no script: allow-listed tags, http(s)/mailto links only."""
    text = text or ""
    if not tractable(text):
        return Markup(plain_paragraphs(text))  # escaped here; nh3 is slow on thousands of entities
    html = _md.reset().convert(text)
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        set_tag_attribute_values={},
    )
    return Markup(add_external_rel(clean))


def add_external_rel(html: str) -> str:
    """Links that leave the site get rel="noopener noreferrer" (nh3 adds it to every link).
    nh3's output is regular: attributes double-quoted, `"` inside them escaped."""

    def mark(tag: re.Match) -> str:
        href = _HREF.search(tag.group(1))
        return f'<a rel="noopener noreferrer"{tag.group(1)}>' if href and leaves_site(href.group(1)) else tag.group(0)

    return _A_TAG.sub(mark, html)


def leaves_site(href: str) -> bool:
    """Whether a browser would leave the site for this address: any scheme, or `//host`.
    Read as browsers do: entities decoded, tabs and newlines dropped, control characters
    and spaces at the ends stripped, `\\` taken for `/` (so `/\\evil.example` is external)."""
    url = re.sub(r"[\t\n\r]", "", _unescape(href)).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
        "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    url = url.replace("\\", "/")
    return bool(_SCHEME.match(url)) or url.startswith("//")


def tractable(text: str) -> bool:
    """Whether Python-Markdown will render `text` in bounded time: its syntax characters
    times the length of their paragraph, summed, stay under MARKDOWN_WORK."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return False
    if len(_SYNTAX.findall(text)) * len(text) <= MARKDOWN_WORK:
        return True
    work = sum(len(_SYNTAX.findall(p)) * len(p) for p in _PARAGRAPH_BREAK.split(text))
    return work <= MARKDOWN_WORK


def plain_paragraphs(text: str) -> str:
    """The text as escaped paragraphs, for what Markdown cannot render in bounded time."""
    return "".join(f"<p>{escape(p.strip())}</p>\n" for p in _PARAGRAPH_BREAK.split(text) if p.strip())


@lru_cache(maxsize=20_000)
def inline_markdown(text: str) -> Markup:
    """One-paragraph Markdown without the wrapping <p>, for notes shown inline."""
    html = str(render_markdown(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def escape_text(text: str) -> Markup:
    return escape(text)


@lru_cache(maxsize=20_000)
def plain_text(text: str) -> str:
    """Markdown as plain text (for meta descriptions, feeds and structured data)."""
    if not tractable(text):
        return " ".join(text.split())
    bare = nh3.clean(str(render_markdown(text)), tags=set())
    return " ".join(html.unescape(bare).split())


def first_sentence(text: str, limit: int = 300) -> str:
    """The first sentence of a Markdown text, as plain text, cut at a word under `limit`."""
    plain = plain_text(text)
    match = _SENTENCE_END.search(plain)
    sentence = plain[: match.end()].strip() if match else plain
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"
