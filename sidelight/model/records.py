"""Stage 4 — the data model: frozen, cross-linked records built from valid documents.

Nouns only. Everything a page shows is here, already resolved (ids to records, quotes to
offsets), so rendering never looks anything up in raw YAML and never fails.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from sidelight.build.gcpause import long_lived
from sidelight.content.files import Content, Document
from sidelight.quotes.anchor import CONTEXT, Anchor, SourceText


@dataclass(frozen=True)
class Term:
    """A rating, stance, frame or device: id, label and one-sentence definition."""

    kind: str
    id: str
    label: str
    description: str
    symbol: str = ""
    group: str = ""
    value: int | None = None


@dataclass(frozen=True)
class Vocabulary:
    ratings: tuple[Term, ...]
    stances: tuple[Term, ...]
    frames: tuple[Term, ...]
    devices: tuple[Term, ...]

    def term(self, kind: str, ident: str) -> Term:
        return next(t for t in getattr(self, kind) if t.id == ident)

    @property
    def scale(self) -> tuple[int, int]:
        """(best, worst) ClaimReview values of the ratings on the scale."""
        values = [t.value for t in self.ratings if t.value is not None]
        return (max(values), min(values)) if values else (1, 1)


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    country: str
    language: str
    kind: str
    description: str
    url: str = ""
    attribution: str = ""
    not_established: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """An article: metadata as known (and what is not established) plus its text."""

    id: str
    title: str
    outlet: str
    language: str
    text: SourceText
    published: str = ""
    author: str = ""
    url: str = ""
    translated_from: str = ""
    retrieved: str = ""
    note: str = ""
    not_established: tuple[str, ...] = ()
    leftovers: tuple[str, ...] = ()  # paragraphs that are scraping leftovers, shown dimmed


@dataclass(frozen=True)
class Passage:
    """A quoted span of a source: W3C TextQuote (exact, prefix, suffix) + TextPosition."""

    id: str
    claim: str
    source: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Coverage:
    """How one source covers a claim, or (source empty, stance `omits`) how an outlet omits it."""

    outlet: str
    stance: str
    source: str = ""
    frames: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()
    passages: tuple[Passage, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Evidence:
    title: str
    publisher: str
    url: str
    date: str = ""
    quote: str = ""
    note: str = ""


@dataclass(frozen=True)
class Correction:
    date: str
    note: str


@dataclass(frozen=True)
class Claim:
    id: str
    claim: str
    claimant: str
    topic: str
    date: str
    rating: str
    summary: str
    author: str
    reviewed: str
    kind: str = "fact"
    coverage: tuple[Coverage, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    updated: str = ""
    corrections: tuple[Correction, ...] = ()


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    summary: str
    date: str
    end_date: str = ""


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    body: str
    description: str = ""
    order: int = 100


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str
    logo: str = ""


@dataclass(frozen=True)
class Settings:
    title: str
    description: str
    base_url: str
    language: str
    publisher: Publisher


@dataclass(frozen=True)
class Site:
    """The whole site, with the indexes pages need (claims of a source, of a topic …)."""

    settings: Settings
    vocabulary: Vocabulary
    outlets: dict[str, Outlet]
    sources: dict[str, Source]
    claims: dict[str, Claim]
    topics: dict[str, Topic]
    pages: dict[str, Page]
    by_source: dict[str, tuple[Passage, ...]] = field(default_factory=dict)
    by_topic: dict[str, tuple[Claim, ...]] = field(default_factory=dict)
    by_outlet: dict[str, tuple[Source, ...]] = field(default_factory=dict)

    def claims_citing(self, source_id: str) -> tuple[Claim, ...]:
        ids = dict.fromkeys(p.claim for p in self.by_source.get(source_id, ()))
        return tuple(self.claims[i] for i in ids)


def build_site(content: Content, texts: dict[str, SourceText], anchors: dict[tuple, Anchor]) -> Site:
    """Assemble the model from documents that passed validation and anchoring. It lives as
    long as the build, so the garbage collector is kept off it (see `gcpause`): a third of
    this stage's time at 10,000 claims."""
    with long_lived():
        return _build_site(content, texts, anchors)


def _build_site(content: Content, texts: dict[str, SourceText], anchors: dict[tuple, Anchor]) -> Site:
    one = {kind: content.of(kind)[0].data for kind in ("site", "vocabulary")}
    sources = {d.id: make_source(d, texts[d.id]) for d in content.of("source")}
    claims = {d.id: make_claim(d, sources, anchors) for d in content.of("claim")}
    claims = dict(sorted(claims.items(), key=lambda kv: (kv[1].date, kv[0]), reverse=True))
    site = Site(
        settings=make_settings(one["site"]),
        vocabulary=make_vocabulary(one["vocabulary"]),
        outlets={d.id: make(Outlet, d) for d in content.of("outlet")},
        sources=sources,
        claims=claims,
        topics={d.id: make(Topic, d) for d in content.of("topic")},
        pages={d.id: Page(id=d.id, body=d.body, **d.data) for d in content.of("page")},
    )
    index(site)
    return site


def make(cls, doc: Document, **extra):
    """A record from a document's fields; lists become tuples so records stay hashable."""
    data = {k: tuple(v) if isinstance(v, list) else v for k, v in doc.data.items()}
    return cls(id=doc.id, **data, **extra)


def make_settings(data: dict) -> Settings:
    base = data["base_url"] if data["base_url"].endswith("/") else data["base_url"] + "/"
    return Settings(**{**data, "base_url": base, "publisher": Publisher(**data["publisher"])})


def make_vocabulary(data: dict) -> Vocabulary:
    return Vocabulary(
        **{
            kind: tuple(Term(kind=kind, **t) for t in data[kind])
            for kind in ("ratings", "stances", "frames", "devices")
        }
    )


def make_source(doc: Document, text: SourceText) -> Source:
    return make(Source, doc, text=text)


def make_claim(doc: Document, sources: dict[str, Source], anchors: dict) -> Claim:
    data = dict(doc.data)
    data["coverage"] = tuple(make_coverage(doc.id, i, e, sources, anchors) for i, e in enumerate(data["coverage"]))
    data["evidence"] = tuple(Evidence(**e) for e in data.get("evidence") or ())
    data["corrections"] = tuple(Correction(**c) for c in data.get("corrections") or ())
    return Claim(id=doc.id, **data)


def make_coverage(claim_id: str, i: int, entry: dict, sources: dict, anchors: dict) -> Coverage:
    source = sources.get(entry.get("source", ""))
    passages, seen = [], set()
    for j, _ in enumerate(entry.get("passages") or ()):
        where = anchors[(claim_id, i, "passages", j)]
        passages.append(make_passage(claim_id, source, where, seen))
    return Coverage(
        outlet=source.outlet if source else entry["outlet"],
        stance=entry["stance"],
        source=source.id if source else "",
        frames=tuple(entry.get("frames") or ()),
        devices=tuple(entry.get("devices") or ()),
        passages=tuple(passages),
        note=entry.get("note", ""),
    )


def make_passage(claim_id: str, source: Source, where: Anchor, seen: set) -> Passage:
    """A passage id stable across reordering: the claim id plus a hash of the quoted words."""
    text = source.text.text
    digest = hashlib.sha1(f"{source.id}\0{text[where.start : where.end]}".encode()).hexdigest()[:6]
    ident = f"{claim_id}--{digest}"
    while ident in seen:
        ident += "x"
    seen.add(ident)
    return Passage(
        id=ident,
        claim=claim_id,
        source=source.id,
        start=where.start,
        end=where.end,
        exact=text[where.start : where.end],
        prefix=text[max(0, where.start - CONTEXT) : where.start],
        suffix=text[where.end : where.end + CONTEXT],
    )


def index(site: Site) -> None:
    """Fill the reverse indexes; done once, after every record exists."""
    by_source, by_topic, by_outlet = defaultdict(list), defaultdict(list), defaultdict(list)
    for claim in site.claims.values():
        by_topic[claim.topic].append(claim)
        for cov in claim.coverage:
            by_source[cov.source].extend(cov.passages)
    for source in site.sources.values():
        by_outlet[source.outlet].append(source)
    site.by_source.update({k: tuple(sorted(v, key=lambda p: (p.start, p.end, p.id))) for k, v in by_source.items()})
    site.by_topic.update({k: tuple(v) for k, v in by_topic.items()})
    site.by_outlet.update({k: tuple(sorted(v, key=lambda s: (s.published, s.id))) for k, v in by_outlet.items()})
