"""What each page kind is given to render: one typed, documented context per kind.

Templates receive `page` (one of these), `site` (the model) and `url()`. Everything a
template shows is computed here, so templates only lay it out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from .highlight import paragraphs_html
from .urls import relative
from .model import Claim, Coverage, Outlet, Page, Passage, Site, Source, Term, Topic

_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*\s+")


@dataclass(frozen=True)
class PageContext:
    """Fields every page has. `path` is the page's URL path under the site root
    (`claims/x/`); `rooted` pages (the 404) are served at any depth, so they link from the root."""
    template: str
    path: str
    title: str
    description: str
    rooted: bool = False

    @property
    def file(self) -> str:
        """Where the page is written under site/: pretty URLs are folders with index.html."""
        return self.path + "index.html" if self.path.endswith("/") or not self.path else self.path


@dataclass(frozen=True)
class QuotedPassage:
    """A passage with the words around it (the sentence before and after, shown dimmed)."""
    passage: Passage
    before: str
    after: str


@dataclass(frozen=True)
class Column:
    """One source's coverage of a claim: a column of the side-by-side comparison."""
    coverage: Coverage
    outlet: Outlet
    source: Source
    stance: Term
    frames: tuple[Term, ...]
    devices: tuple[Term, ...]
    passages: tuple[QuotedPassage, ...]


@dataclass(frozen=True)
class Omission:
    """An outlet that covered the event but left the claim out."""
    outlet: Outlet
    stance: Term
    note: str


@dataclass(frozen=True)
class HomePage(PageContext):
    claims: tuple[Claim, ...] = ()
    topics: tuple[Topic, ...] = ()
    outlets: tuple[Outlet, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class ClaimPage(PageContext):
    claim: Claim = None
    rating: Term = None
    topic: Topic = None
    columns: tuple[Column, ...] = ()
    omissions: tuple[Omission, ...] = ()


@dataclass(frozen=True)
class SourcePage(PageContext):
    source: Source = None
    outlet: Outlet = None
    paragraphs: tuple[Markup, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class OutletPage(PageContext):
    outlet: Outlet = None
    sources: tuple[Source, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class TopicPage(PageContext):
    topic: Topic = None
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class TextPage(PageContext):
    page: Page = None


def all_pages(site: Site) -> list[PageContext]:
    """Every page of the site, in a stable order."""
    pages: list[PageContext] = [home(site)]
    pages += [claim_page(site, c) for c in site.claims.values()]
    pages += [source_page(site, s) for s in site.sources.values()]
    pages += [outlet_page(site, o) for o in site.outlets.values()]
    pages += [topic_page(site, t) for t in site.topics.values()]
    pages += [TextPage("page.html", f"{p.id}/", p.title, p.description or p.title, page=p) for p in site.pages.values()]
    pages.append(PageContext("404.html", "404.html", "Page not found", "This page does not exist.", rooted=True))
    return pages


def home(site: Site) -> HomePage:
    s = site.settings
    return HomePage("home.html", "", s.title, s.description, claims=tuple(site.claims.values()),
                    topics=tuple(site.topics.values()), outlets=tuple(site.outlets.values()),
                    sources=tuple(site.sources.values()))


def claim_page(site: Site, claim: Claim) -> ClaimPage:
    v = site.vocabulary
    columns = tuple(column(site, c) for c in claim.coverage if c.source)
    omissions = tuple(Omission(site.outlets[c.outlet], v.term("stances", c.stance), c.note)
                      for c in claim.coverage if not c.source)
    return ClaimPage("claim.html", f"claims/{claim.id}/", claim.claim, first_sentence(claim.summary),
                     claim=claim, rating=v.term("ratings", claim.rating), topic=site.topics[claim.topic],
                     columns=columns, omissions=omissions)


def column(site: Site, cov: Coverage) -> Column:
    v, source = site.vocabulary, site.sources[cov.source]
    return Column(coverage=cov, outlet=site.outlets[cov.outlet], source=source,
                  stance=v.term("stances", cov.stance),
                  frames=tuple(v.term("frames", f) for f in cov.frames),
                  devices=tuple(v.term("devices", d) for d in cov.devices),
                  passages=tuple(in_context(source, p) for p in cov.passages))


def in_context(source: Source, passage: Passage) -> QuotedPassage:
    """The sentence before and after the passage, within its paragraph."""
    para = next(((a, b) for a, b in source.text.paragraphs if a <= passage.start < b), (0, len(source.text.text)))
    text = source.text.text
    before_text = text[para[0]:passage.start]
    ends = [m.end() for m in _SENTENCE_END.finditer(before_text.rstrip())]
    before = before_text[ends[-2] if len(ends) >= 2 else 0:] if before_text.strip() else ""
    after_text = text[passage.end:max(passage.end, next((b for a, b in source.text.paragraphs if a <= passage.end <= b), passage.end))]
    match = list(_SENTENCE_END.finditer(after_text))
    after = after_text[:match[1].start() + 1] if len(match) >= 2 else after_text
    return QuotedPassage(passage, before, after)


def first_sentence(markdown_text: str) -> str:
    """A plain-text description for meta tags: the summary's first sentence."""
    plain = re.sub(r"[*_`#>\[\]]|\(https?://[^)]*\)", "", markdown_text).strip()
    match = _SENTENCE_END.search(plain)
    return (plain[:match.end()].strip() if match else plain)[:300]


def source_page(site: Site, source: Source) -> SourcePage:
    claims = site.claims_citing(source.id)
    numbers = {c.id: i + 1 for i, c in enumerate(claims)}
    passages = site.by_source.get(source.id, ())

    def cite(p: Passage) -> Markup:
        href = relative(f"claims/{p.claim}/", f"sources/{source.id}/")
        return Markup('<sup class="cite"><a href="{0}" title="{1}">{2}</a></sup>').format(
            href, site.claims[p.claim].claim, numbers[p.claim])

    outlet = site.outlets[source.outlet]
    return SourcePage("source.html", f"sources/{source.id}/", source.title, f"{outlet.name}: {source.title}",
                      source=source, outlet=outlet, paragraphs=tuple(paragraphs_html(source, passages, cite)),
                      claims=claims)


def outlet_page(site: Site, outlet: Outlet) -> OutletPage:
    claims = tuple(c for c in site.claims.values() if any(cov.outlet == outlet.id for cov in c.coverage))
    return OutletPage("outlet.html", f"outlets/{outlet.id}/", outlet.name, outlet.description.split("\n")[0][:300],
                      outlet=outlet, sources=site.by_outlet.get(outlet.id, ()), claims=claims)


def topic_page(site: Site, topic: Topic) -> TopicPage:
    return TopicPage("topic.html", f"topics/{topic.id}/", topic.title, first_sentence(topic.summary),
                     topic=topic, claims=site.by_topic.get(topic.id, ()))
