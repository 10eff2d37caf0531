"""Stage 4 — assemble the model: documents that passed validation, the source texts and
the anchors found in them, turned into the frozen records of `model.records`."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar, cast

from sidelight.content.files import Content, Document
from sidelight.model.records import (
    CONTEXT,
    EXCERPTS,
    Claim,
    Claimant,
    Correction,
    Coverage,
    Drift,
    Edition,
    Evidence,
    Omission,
    Organisation,
    Original,
    Outlet,
    Page,
    Passage,
    Person,
    Publisher,
    Rendering,
    Settings,
    Site,
    Source,
    Term,
    Topic,
    Vocabulary,
)
from sidelight.model.sourcetext import Anchor, SourceText, original_id

R = TypeVar("R")


def build_site(
    content: Content, texts: dict[str, SourceText], anchors: dict[tuple, Anchor], reuse: RecordReuse | None = None
) -> Site:
    """The model of documents that passed validation and anchoring: `texts` by source id,
    `anchors` by (claim id, coverage index, "passages", passage index) and by (claim id,
    "drift", drift index, "renderings", rendering index). `reuse`: the last model's
    outlets, sources and claims, taken as they are where made from the same inputs."""
    reuse = reuse or RecordReuse()
    reuse.now = {}
    singletons = {kind: content.of(kind)[0].data for kind in ("site", "vocabulary")}
    outlets = {d.id: reuse.outlet(d) for d in content.of("outlet")}
    sources = {
        d.id: reuse.source(d, texts[d.id], outlets.get(d.data["outlet"]), texts.get(original_id(d.id)))
        for d in content.of("source")
    }
    by_claim = anchors_by_claim(anchors)
    claims = {d.id: reuse.claim(d, sources, by_claim.get(d.id, {})) for d in content.of("claim")}
    claims = dict(sorted(claims.items(), key=lambda kv: (kv[1].date, kv[0]), reverse=True))
    site = Site(
        settings=settings_from(singletons["site"]),
        vocabulary=vocabulary_from(singletons["vocabulary"], singletons["site"].get("language", "en")),
        outlets=outlets,
        claimants={d.id: reuse.record(Claimant, d) for d in content.of("claimant")},
        people={d.id: reuse.record(Person, d) for d in sorted(content.of("person"), key=lambda d: d.id)},
        sources=sources,
        claims=claims,
        topics={d.id: reuse.record(Topic, d) for d in content.of("topic")},
        pages={d.id: reuse.page(d) for d in content.of("page")},
        vocabularies={
            e["language"]: vocabulary_from(singletons["vocabulary"], e["language"])
            for e in singletons["site"].get("languages", ())
        },
    )
    index(site)
    reuse.done()
    return site


class RecordReuse:
    """The outlets, sources and claims of the last model, each with what it was made from
    (its file's `Document.key`, which digests its kind, id, path and bytes, and every other
    value its `*_from` function reads): a record whose inputs are the same is the last
    model's object itself, so digests of it can be carried (`tracking.ModelDigests`) and
    it is not made again. A document without a key (loaded without a memo) is never
    reused. Keeps only the records of the last model it made (`done`)."""

    def __init__(self) -> None:
        self.before: dict[tuple[str, str], tuple[tuple, object]] = {}
        self.now: dict[tuple[str, str], tuple[tuple, object]] = {}
        self.reused = 0

    def made(self, kind: str, doc: Document, inputs: tuple, make: Callable[[], R]) -> R:
        old = self.before.get((kind, doc.id)) if doc.key else None
        if old is not None and old[0] == inputs:
            self.reused += 1
            record = cast(R, old[1])
        else:
            record = make()
        if doc.key:
            self.now[(kind, doc.id)] = (inputs, record)
        return record

    def record(self, cls: Callable[..., R], doc: Document) -> R:
        """A record of one document alone (`record_from`)."""
        return self.made(cls.__name__, doc, (doc.key,), lambda: record_from(cls, doc))

    def page(self, doc: Document) -> Page:
        return self.made("page", doc, (doc.key,), lambda: page_from(doc))

    def outlet(self, doc: Document) -> Outlet:
        return self.record(Outlet, doc)

    def source(
        self, doc: Document, text: SourceText, outlet: Outlet | None, original_text: SourceText | None
    ) -> Source:
        inputs = (doc.key, Same(outlet), text, original_text)
        return self.made("source", doc, inputs, lambda: source_from(doc, text, outlet, original_text))

    def claim(self, doc: Document, sources: dict[str, Source], anchors: dict[tuple, Anchor]) -> Claim:
        cited = tuple(Same(sources.get(ident)) for ident in cited_sources(doc))
        inputs = (doc.key, cited, anchors)
        return self.made("claim", doc, inputs, lambda: claim_from(doc, sources, anchors))

    def done(self) -> None:
        self.before, self.now = self.now, {}


class Same:
    """A record compared by identity: a reused record is the very object of the last model,
    and one made again is a new object, so comparing never walks a whole record."""

    __slots__ = ("value",)

    def __init__(self, value: object):
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.value is self.value

    def __hash__(self) -> int:
        return id(self.value)


def cited_sources(doc: Document) -> list[str]:
    """The ids of the sources a claim's coverage and drift cite, in order."""
    cited = [e.get("source", "") for e in doc.data.get("coverage") or ()]
    for drift in doc.data.get("drift") or ():
        cited += [r.get("source", "") for r in drift.get("renderings") or ()]
    return cited


def anchors_by_claim(anchors: dict[tuple, Anchor]) -> dict[str, dict[tuple, Anchor]]:
    by_claim: defaultdict[str, dict[tuple, Anchor]] = defaultdict(dict)
    for key, where in anchors.items():
        by_claim[key[0]][key] = where
    return by_claim


def page_from(doc: Document) -> Page:
    return Page(id=doc.id, body=doc.body, **doc.data)


def record_from(cls: Callable[..., R], doc: Document, **extra: object) -> R:
    """A record from a document's fields; lists become tuples so records stay hashable."""
    data = {k: tuple(v) if isinstance(v, list) else v for k, v in doc.data.items()}
    return cls(id=doc.id, **data, **extra)


def settings_from(data: dict) -> Settings:
    base = data["base_url"] if data["base_url"].endswith("/") else data["base_url"] + "/"
    return Settings(
        **{
            **data,
            "base_url": base,
            "publisher": Publisher(**data["publisher"]),
            "organisation": Organisation(**data.get("organisation", {})),
            "not_established": tuple(data.get("not_established", ())),
            "languages": tuple(Edition(**e) for e in data.get("languages", ())),
        }
    )


def vocabulary_from(data: dict, language: str = "en") -> Vocabulary:
    """The terms in `language`: each term's `translations[language]` words where it has them,
    else its own (in the vocabulary's `language`; check warns of a term left untranslated)."""
    return Vocabulary(
        **{
            kind: tuple(term_in(kind, t, language) for t in data[kind])
            for kind in ("ratings", "stances", "fidelities", "drift_kinds", "frames", "devices")
        }
    )


def term_in(kind: str, data: dict, language: str) -> Term:
    fields = {k: v for k, v in data.items() if k != "translations"}
    return Term(kind=kind, **(fields | data.get("translations", {}).get(language, {})))


def source_from(
    doc: Document, text: SourceText, outlet: Outlet | None, original_text: SourceText | None = None
) -> Source:
    """A source with its rights resolved: its own `publish`, else its outlet's, else
    excerpts; its own `licence`, else its outlet's. Its `original` has its text when the
    file was read (else anchoring reported why, and the source is shown without it)."""
    publish = doc.data.get("publish") or (outlet.publish if outlet else "") or EXCERPTS
    licence = doc.data.get("licence") or (outlet.licence if outlet else "")
    spec = doc.data.get("original")
    original = Original(spec["language"], spec["text_file"], original_text) if spec and original_text else None
    return replace(record_from(Source, doc, text=text), publish=publish, licence=licence, original=original)


def claim_from(doc: Document, sources: dict[str, Source], anchors: dict[tuple, Anchor]) -> Claim:
    data = dict(doc.data)
    entries = list(enumerate(data.pop("coverage")))
    data["coverage"] = tuple(coverage_from(doc.id, i, e, sources, anchors) for i, e in entries if "omission" not in e)
    data["omissions"] = tuple(
        Omission(outlet=e["omission"], why=e["why"], source=e.get("source", "")) for _, e in entries if "omission" in e
    )
    data["attributed_by"] = tuple(data.get("attributed_by") or ())
    seen: set[str] = set()
    data["drift"] = tuple(
        drift_from(doc.id, k, d, sources, anchors, seen) for k, d in enumerate(data.get("drift") or ())
    )
    data["evidence"] = tuple(evidence_from(e) for e in data.get("evidence") or ())
    data["corrections"] = tuple(Correction(**c) for c in data.get("corrections") or ())
    return Claim(id=doc.id, **data)


def evidence_from(entry: dict) -> Evidence:
    return Evidence(**{**entry, "not_established": tuple(entry.get("not_established") or ())})


def coverage_from(
    claim_id: str, i: int, entry: dict, sources: dict[str, Source], anchors: dict[tuple, Anchor]
) -> Coverage:
    """A source's coverage entry, with its anchored passages."""
    source = sources[entry["source"]]
    seen: set[str] = set()
    passages = tuple(
        with_original(
            passage_from(claim_id, source, anchors[(claim_id, i, "passages", j)], seen),
            anchors.get((claim_id, i, "passages", j, "original")),
        )
        for j, _ in enumerate(entry["passages"])
    )
    return Coverage(
        outlet=source.outlet,
        source=source.id,
        fidelity=entry["fidelity"],
        stance=entry["stance"],
        frames=tuple(entry.get("frames") or ()),
        devices=tuple(entry.get("devices") or ()),
        passages=passages,
        note=entry.get("note", ""),
    )


def drift_from(
    claim_id: str, k: int, entry: dict, sources: dict[str, Source], anchors: dict[tuple, Anchor], seen: set[str]
) -> Drift:
    """A drift entry: renderings anchored, the evidence item found (anchoring checked that
    one holds the original words, so `evidence` here is always set)."""
    renderings = []
    for r, rendering in enumerate(entry["renderings"]):
        source = sources[rendering["source"]]
        where = anchors[(claim_id, "drift", k, "renderings", r)]
        renderings.append(
            Rendering(
                outlet=source.outlet, source=source.id, passage=passage_from(claim_id, source, where, seen, "drift-")
            )
        )
    return Drift(
        id=f"{claim_id}--drift-{k + 1}",
        claim=claim_id,
        kind=entry["kind"],
        original=entry["original"],
        evidence=anchors[(claim_id, "drift", k, "evidence")].start,
        renderings=tuple(renderings),
        note=entry["note"],
    )


def with_original(passage: Passage, where: Anchor | None) -> Passage:
    """The passage with where its `quote_original` sits in its source's original text, if it has one."""
    return replace(passage, original=(where.start, where.end)) if where else passage


def passage_from(claim_id: str, source: Source, where: Anchor, seen: set[str], tag: str = "") -> Passage:
    """A passage id stable across reordering: the claim id plus a hash of the quoted words
    (`tag` keeps a drift's renderings apart from coverage passages of the same words)."""
    text = source.text.text
    digest = hashlib.sha1(f"{source.id}\0{text[where.start : where.end]}".encode()).hexdigest()[:6]
    ident = f"{claim_id}--{tag}{digest}"
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
    by_source: defaultdict[str, list[Passage]] = defaultdict(list)
    by_topic: defaultdict[str, list[Claim]] = defaultdict(list)
    by_outlet: defaultdict[str, list[Source]] = defaultdict(list)
    by_claimant: defaultdict[str, list[Claim]] = defaultdict(list)
    drift_by_source: defaultdict[str, dict[str, Drift]] = defaultdict(dict)
    for claim in site.claims.values():
        by_topic[claim.topic].append(claim)
        for ident in dict.fromkeys(claim.claimant_ids):
            by_claimant[ident].append(claim)
        for cov in claim.coverage:
            by_source[cov.source].extend(cov.passages)
        for drift in claim.drift:
            for rendering in drift.renderings:
                drift_by_source[rendering.source][drift.id] = drift
    for source in site.sources.values():
        by_outlet[source.outlet].append(source)
    site.by_source.update({k: tuple(sorted(v, key=lambda p: (p.start, p.end, p.id))) for k, v in by_source.items()})
    site.by_topic.update({k: tuple(v) for k, v in by_topic.items()})
    site.by_outlet.update({k: tuple(sorted(v, key=lambda s: (s.published, s.id))) for k, v in by_outlet.items()})
    site.by_claimant.update({k: tuple(v) for k, v in by_claimant.items()})
    site.drift_by_source.update({k: tuple(v.values()) for k, v in drift_by_source.items()})
