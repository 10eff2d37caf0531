"""Turning content text into safe HTML: Markdown fields, and article text with marks.

Editors' Markdown is rendered with Python-Markdown, which passes raw HTML and
`javascript:` links through, so its output is sanitised with nh3 (an allow-list, not a
block-list). Article text is never Markdown: it is escaped as it stands.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup, escape

TAGS = {"p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "br", "hr",
        "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "abbr", "sup", "sub", "del", "ins"}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*(\s+|$)")
_md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


@lru_cache(maxsize=20_000)
def render_markdown(text: str) -> Markup:
    """Markdown to HTML that can carry no script: allow-listed tags, http(s)/mailto links only."""
    html = _md.reset().convert(text or "")
    clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                      link_rel=None, set_tag_attribute_values={})
    return Markup(add_external_rel(clean))


def add_external_rel(html: str) -> str:
    """Links that leave the site get rel="noopener noreferrer" (nh3 adds it to every link)."""
    return html.replace('<a href="http', '<a rel="noopener noreferrer" href="http')


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
    bare = nh3.clean(str(render_markdown(text)), tags=set())
    return " ".join(html.unescape(bare).split())


def first_sentence(text: str, limit: int = 300) -> str:
    """The first sentence of a Markdown text, as plain text, cut at a word under `limit`."""
    plain = plain_text(text)
    match = _SENTENCE_END.search(plain)
    sentence = plain[:match.end()].strip() if match else plain
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"
