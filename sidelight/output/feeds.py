"""feed.xml (Atom), sitemap.xml and robots.txt. Every date comes from the content — when a
review was published or last updated — never from the clock, so two builds are identical."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import partial

from sidelight.model.records import Claim, Site
from sidelight.pages.contexts import LoggedCorrection
from sidelight.pages.corrections import logged_corrections
from sidelight.pages.editions import Alternates
from sidelight.pages.markup import plain_text, render_markdown
from sidelight.pages.messages import _
from sidelight.pages.urls import absolute, claim_path, corrections_path

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_ENTRIES = 50


def timestamp(date: str) -> str:
    """An RFC 3339 time for a content date; a partial date counts from its first day."""
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def source_date() -> str:
    """The date of a feed with no review to date it by: SOURCE_DATE_EPOCH when set (the
    reproducible-builds.org convention), else the Unix epoch; never the clock."""
    try:
        seconds = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError, OSError):
        return "1970-01-01T00:00:00Z"


def last_changed(claim: Claim) -> str:
    return max(claim.updated or claim.reviewed, claim.reviewed)


def add_child(parent: ET.Element, tag: str, text: str = "", **attrs) -> ET.Element:
    node = ET.SubElement(parent, tag, attrs)
    node.text = text or None
    return node


def feed(site: Site) -> bytes:
    """The latest reviews (at most FEED_ENTRIES) and every correction, most recently
    changed first: a review is dated by when it last changed, a correction by its own date.
    A correction never drops out: a reader following the feed must learn of each one."""
    base, s = site.settings.base_url, site.settings
    reviews = sorted(
        ((last_changed(c), 1, c.id, partial(entry, site, c)) for c in site.claims.values()),
        key=lambda d: d[:3],
        reverse=True,
    )
    dated = reviews[:FEED_ENTRIES]
    dated += [(k.correction.date, 0, k.id, partial(correction_entry, site, k)) for k in logged_corrections(site)]
    latest = sorted(dated, key=lambda d: d[:3], reverse=True)
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": s.language})
    add_child(root, "id", base)
    add_child(root, "title", s.title)
    add_child(root, "subtitle", s.description)
    add_child(root, "updated", timestamp(latest[0][0]) if latest else source_date())
    add_child(root, "link", href=absolute(base, "feed.xml"), rel="self", type="application/atom+xml")
    add_child(root, "link", href=base, rel="alternate", type="text/html")
    add_child(add_child(root, "author"), "name", s.publisher.name)
    for *_when, make in latest:
        root.append(make())
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def entry_title(site: Site, claim: Claim) -> str:
    """The verdict, then the claim: an opinion is said to be not rated; an attribution
    names the outlets that reported the words, since the verdict is on whether they were
    said as reported."""
    if not claim.rated:
        return _("Opinion (not rated): %(claim)s", claim=claim.claim)
    title = _("%(rating)s: %(claim)s", rating=site.vocabulary.term("ratings", claim.rating).label, claim=claim.claim)
    if claim.kind == "attribution":
        title += " " + _(
            "(as reported by %(outlets)s)", outlets=names([site.outlets[o].name for o in claim.attributed_by])
        )
    return title


def names(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C" (in the site's language)."""
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s", items=", ".join(items[:-1]), last=items[-1])


def entry(site: Site, claim: Claim) -> ET.Element:
    url = absolute(site.settings.base_url, claim_path(claim.id))
    node = ET.Element("entry")
    add_child(node, "id", url)
    add_child(node, "title", entry_title(site, claim))
    add_child(node, "published", timestamp(claim.reviewed))
    add_child(node, "updated", timestamp(last_changed(claim)))
    add_child(node, "link", href=url, rel="alternate", type="text/html")
    add_child(add_child(node, "author"), "name", site.people[claim.author].name)
    add_child(node, "summary", plain_text(claim.summary))
    add_child(node, "content", str(render_markdown(claim.summary)), type="html")
    return node


def correction_entry(site: Site, logged: LoggedCorrection) -> ET.Element:
    """A correction as its own entry: its id is its place in the corrections log, which
    never changes; it links to the corrected review and says what changed."""
    claim, c = logged.claim, logged.correction
    node = ET.Element("entry")
    add_child(node, "id", absolute(site.settings.base_url, corrections_path(logged.id)))
    add_child(node, "title", _("Correction: %(claim)s", claim=claim.claim))
    add_child(node, "published", timestamp(c.date))
    add_child(node, "updated", timestamp(c.date))
    add_child(
        node, "link", href=absolute(site.settings.base_url, claim_path(claim.id)), rel="alternate", type="text/html"
    )
    add_child(add_child(node, "author"), "name", claim.author)
    add_child(node, "summary", plain_text(c.note))
    add_child(node, "content", str(render_markdown(c.note)), type="html")
    return node


def sitemap(site: Site, pages) -> bytes:
    """Every indexable page; claim pages with the date they last changed."""
    lastmod = {claim_path(c.id): last_changed(c) for c in site.claims.values()}
    root = ET.Element("urlset", xmlns=SITEMAP)
    for page in pages:
        if not page.indexed:
            continue
        url = add_child(root, "url")
        add_child(url, "loc", page.canonical)
        if page.path in lastmod:
            add_child(url, "lastmod", lastmod[page.path])
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def sitemap_in_languages(site: Site, table: Alternates, indexed: Mapping[str, tuple[str, ...]]) -> bytes:
    """The sitemap of a site in several languages: every edition's indexable pages (`indexed`:
    language → its pages' paths, in the edition), each with its alternates as
    `xhtml:link rel="alternate" hreflang` (Google's way of pairing translations in a sitemap)."""
    lastmod = {claim_path(c.id): last_changed(c) for c in site.claims.values()}
    root = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for language, paths in indexed.items():
        for path in paths:
            url = add_child(root, "url")
            add_child(url, "loc", table.address(language, path))
            if path in lastmod:
                add_child(url, "lastmod", lastmod[path])
            pairs = table.of(language, path)
            for other, there in pairs if len(pairs) > 1 else ():
                add_child(url, "xhtml:link", rel="alternate", hreflang=other, href=table.address(other, there))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(site.settings.base_url, 'sitemap.xml')}\n".encode()
