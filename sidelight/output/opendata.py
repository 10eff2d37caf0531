"""Open data, so others can reuse our verdicts and our anchoring:

- data/claims.json: every claim with its kind, who made it (the claimant record; for an
  attribution the speaker and the outlets that attributed the words), its rating (null for
  an opinion), each outlet's coverage with fidelity, stance and passages (with offsets),
  omissions with why they matter, and wording drift with each outlet's rendering;
- data/annotations.jsonld: a W3C Web Annotation per coverage passage and per drift
  rendering (TextQuoteSelector and TextPositionSelector), targeting our source page, its
  bodies classifying the passage by the outlet's fidelity and stance. Every annotation
  meets each MUST of the Web Annotation Data Model (tests/test_open_data_annotations.py).
- data/sources/<id>.txt: what the source page shows of each article. An article the site
  may republish (`publish: full`) is its whole text exactly as the offsets count it (Unicode
  code points; paragraphs separated by one blank line). Of any other, only the excerpts:
  each quoted passage with its context, "[…]" on a line of its own where words are left
  out; the offsets in claims.json still count in the whole text the desk keeps.

An excerpted article's annotations carry no TextPositionSelector: our page of it does not
hold the whole text its offsets count in; the TextQuoteSelector still finds the words.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sidelight.model.records import FULL, Claim, Claimant, Coverage, Drift, Omission, Outlet, Passage, Site, Source
from sidelight.pages.excerpts import excerpt_text, quoted_passages
from sidelight.pages.urls import (
    ANNOTATIONS_DATA,
    CLAIMS_DATA,
    absolute,
    annotation_path,
    claim_path,
    source_path,
    source_text_path,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encoded(value) -> bytes:
    return compact(value).encode("utf-8")


def listing(head: dict, key: str, chunks: list[bytes]) -> bytes:
    """`head` as JSON with `key` added last: its list written one item a line, so the file
    diffs and reads well, and is written by json's C encoder (an `indent` would make json
    fall back to its much slower Python encoder). `chunks`: the items' compact JSON in
    UTF-8, one a line; a chunk may hold several lines (one claim's annotations) or none.
    The chunks are joined as they are, so a kept chunk is the very bytes of the last file."""
    body = b",\n".join(chunk for chunk in chunks if chunk)
    opening = compact(head)[:-1] + ("," if head else "") + f'"{key}":[\n'
    return opening.encode("utf-8") + body + b"\n]}"


def passage_data(p: Passage) -> dict:
    return {"id": p.id, "start": p.start, "end": p.end, "exact": p.exact, "prefix": p.prefix, "suffix": p.suffix}


def coverage_passage_data(source: Source, p: Passage) -> dict:
    """A coverage passage, with its `quote_original` when it gives one: the words, their
    offsets in the source's original text (code points, like `start`/`end`) and its language."""
    out = passage_data(p)
    if p.original is None or source.original is None:
        return out
    start, end = p.original
    words = source.original.text.text[start:end]
    return out | {"quote_original": {"exact": words, "start": start, "end": end, "language": source.original.language}}


def coverage_data(site: Site, cov: Coverage) -> dict:
    source = site.sources[cov.source]
    out: dict[str, object] = {
        "outlet": cov.outlet,
        "fidelity": cov.fidelity,
        "stance": cov.stance,
        "source": cov.source,
        "source_url": source.url or None,
        "our_copy": absolute(site.settings.base_url, source_path(cov.source)),
        "text": absolute(site.settings.base_url, source_text_path(cov.source)),
        "publish": source.publish,
        "frames": list(cov.frames),
        "devices": list(cov.devices),
        "passages": [coverage_passage_data(source, p) for p in cov.passages],
    }
    return out | ({"note": cov.note} if cov.note else {})


def claimant_data(claimant: Claimant | None) -> dict | None:
    if claimant is None:
        return None
    out = {"id": claimant.id, "name": claimant.name, "type": claimant.type, "role": claimant.role or None}
    out["url"] = claimant.url or None
    return out | ({"outlet": claimant.outlet} if claimant.outlet else {})


def outlet_data(outlet: Outlet) -> dict:
    return {"id": outlet.id, "name": outlet.name, "url": outlet.url or None}


def omission_data(omission: Omission) -> dict:
    return {"outlet": omission.outlet, "why": omission.why, "source": omission.source or None}


def drift_data(drift: Drift) -> dict:
    """`evidence`: the 0-based index, in the claim's `evidence` list, of the item whose
    quote holds `original`."""
    return {
        "id": drift.id,
        "kind": drift.kind,
        "original": drift.original,
        "evidence": drift.evidence,
        "renderings": [
            {"outlet": r.outlet, "source": r.source, "passage": passage_data(r.passage)} for r in drift.renderings
        ],
        "note": drift.note,
    }


def person_data(person) -> dict:
    return {"id": person.id, "name": person.name, "type": person.type, "role": person.role}


def claim_data(site: Site, claim: Claim) -> dict:
    term = site.vocabulary.term("ratings", claim.rating) if claim.rated else None
    return {
        "id": claim.id,
        "url": claim_address(site, claim),
        **language_data(site, claim),
        "claim": claim.claim,
        "kind": claim.kind,
        "claimant": claimant_data(site.claimants.get(claim.claimant)),
        "speaker": claimant_data(site.claimants.get(claim.speaker)),
        "attributed_by": [outlet_data(site.outlets[o]) for o in claim.attributed_by],
        "date": claim.date,
        "topic": claim.topic,
        "rating": {"id": term.id, "label": term.label, "value": term.value} if term else None,
        "summary": claim.summary,
        "author": person_data(site.people[claim.author]),
        "reviewed_by": person_data(site.people[claim.reviewed_by]) if claim.reviewed_by else None,
        "reviewed": claim.reviewed,
        "updated": claim.updated or None,
        "coverage": [coverage_data(site, c) for c in claim.coverage],
        "omissions": [omission_data(o) for o in claim.omissions],
        "drift": [drift_data(d) for d in claim.drift],
        "evidence": [{k: v for k, v in vars(e).items() if v} for e in claim.evidence],
        "corrections": [vars(c) for c in claim.corrections],
    }


def claim_address(site: Site, claim: Claim) -> str:
    """The claim's page: under `/<language>/` when it is in another language than the default."""
    other = claim.language and claim.language != site.settings.language
    return absolute(site.settings.base_url + (f"{claim.language}/" if other else ""), claim_path(claim.id))


def language_data(site: Site, claim: Claim) -> dict:
    """On a site in several languages, the claim's `language` and, for a translation, the
    id of the claim it translates (`translation_of`); nothing on a site in one language."""
    if len(site.settings.languages) < 2:
        return {}
    own = {"language": claim.language or site.settings.language}
    return own | ({"translation_of": claim.translation_of} if claim.translation_of else {})


def piece(file: str, key: str) -> str:
    """The name of one part of the open data file `file` (see `open_data`)."""
    return f"{file}\0{key}"


def claims_json(site: Site, memo) -> bytes:
    claims = [memo(piece(CLAIMS_DATA, c.id), claim_line, site, c) for c in site.claims.values()]
    return listing({"site": site.settings.base_url}, "claims", claims) + b"\n"


def classifying(site: Site, cov: Coverage) -> list[dict]:
    """The outlet's fidelity and stance as classifying bodies, named so a reader of the
    annotation alone can tell which is which ("Fidelity: Distorted", "Stance: Neutral")."""
    fidelity = site.vocabulary.term("fidelities", cov.fidelity)
    stance = site.vocabulary.term("stances", cov.stance)
    return [
        {"type": "TextualBody", "value": f"Fidelity: {fidelity.label}", "purpose": "classifying"},
        {"type": "TextualBody", "value": f"Stance: {stance.label}", "purpose": "classifying"},
    ]


def annotation(site: Site, claim: Claim, cov: Coverage, p: Passage, extra: list[dict] | None = None) -> dict:
    """One passage as a Web Annotation: a link to our fact-check, the outlet's fidelity and
    stance, then `extra` bodies (tags for a coverage passage, the drift for a rendering).
    The link is an External Web Resource, which the model forbids a `purpose` (the
    annotation's `motivation` says it links)."""
    base, whole = site.settings.base_url, site.sources[p.source].publish == FULL
    return {
        "id": absolute(base, annotation_path(p.id)),
        "type": "Annotation",
        "motivation": "linking",
        "body": [{"id": claim_address(site, claim), "type": "Text", "format": "text/html"}]
        + classifying(site, cov)
        + (extra or []),
        "target": {
            "source": absolute(base, source_path(p.source)),
            "selector": [{"type": "TextQuoteSelector", "exact": p.exact, "prefix": p.prefix, "suffix": p.suffix}]
            + ([{"type": "TextPositionSelector", "start": p.start, "end": p.end}] if whole else []),
        },
    }


def tags(site: Site, cov: Coverage) -> list[dict]:
    labels = [site.vocabulary.term("frames", f).label for f in cov.frames]
    labels += [site.vocabulary.term("devices", d).label for d in cov.devices]
    return [{"type": "TextualBody", "value": label, "purpose": "tagging"} for label in labels]


def drift_bodies(site: Site, drift: Drift) -> list[dict]:
    kind = site.vocabulary.term("drift_kinds", drift.kind)
    return [
        {"type": "TextualBody", "value": f"Wording drift: {kind.label}", "purpose": "classifying"},
        {"type": "TextualBody", "value": drift.note, "purpose": "describing"},
    ]


def passage_annotations(site: Site, claim: Claim) -> list[dict]:
    """Every coverage passage, then every drift rendering (whose source is always one of
    the claim's coverage sources: `check` refuses any other)."""
    out = [annotation(site, claim, cov, p, tags(site, cov)) for cov in claim.coverage for p in cov.passages]
    by_source = {cov.source: cov for cov in claim.coverage}
    for drift in claim.drift:
        for r in drift.renderings:
            out.append(annotation(site, claim, by_source[r.source], r.passage, drift_bodies(site, drift)))
    return out


def annotations_of(site: Site, claim: Claim) -> bytes:
    return b",\n".join(encoded(a) for a in passage_annotations(site, claim))


def annotation_count(claim: Claim) -> int:
    return sum(len(c.passages) for c in claim.coverage) + sum(len(d.renderings) for d in claim.drift)


def annotations_jsonld(site: Site, memo) -> bytes:
    chunks = [memo(piece(ANNOTATIONS_DATA, c.id), annotations_of, site, c) for c in site.claims.values()]
    url = absolute(site.settings.base_url, ANNOTATIONS_DATA)
    page = listing({"id": url + "#page1", "type": "AnnotationPage", "startIndex": 0}, "items", chunks)
    total = sum(annotation_count(claim) for claim in site.claims.values())
    head = {
        "@context": ANNO_CONTEXT,
        "id": url,
        "type": "AnnotationCollection",
        "label": f"{site.settings.title}: passages quoted in our fact-checks",
        "total": total,
    }
    return (compact(head)[:-1] + ',"first":').encode("utf-8") + page + b"}\n"


def source_texts(site: Site, memo=None) -> dict[str, bytes]:
    """Each article's text file; `memo` as `open_data`'s, one article's text a part (an
    article not republished is cut to its excerpts, which is worth keeping)."""
    memo = memo or no_memo
    return {
        (path := source_text_path(s.id)): memo(piece(path, ""), published_bytes, site, s) + b"\n"
        for s in site.sources.values()
    }


def published_text(site: Site, source: Source) -> str:
    """The whole text of an article the site may republish; otherwise its excerpts."""
    if source.publish == FULL:
        return source.text.text
    return excerpt_text(source, quoted_passages(site, source))


def published_bytes(site: Site, source: Source) -> bytes:
    return published_text(site, source).encode("utf-8")


def claim_line(site: Site, claim: Claim) -> bytes:
    return encoded(claim_data(site, claim))


def no_memo(name: str, make: Callable, *records):
    """A memo that keeps nothing: `make(*records)` every time."""
    return make(*records)


def open_data(site: Site, memo=no_memo) -> dict[str, bytes]:
    """The open data files. `memo(name, make, site, record)` is `make(site, record)`, one
    claim's (or one article's) part in UTF-8; `make` reads nothing but `site` and the
    record, so a build that watches what it reads may keep the part from the last build
    (see build/incremental.py `OpenDataPieces`). `name` is `piece(file, key)`: the parts of
    a file are asked for in the order they stand in it, and each stands in it byte for
    byte as `memo` returned it, so the last build's part can be read back from its file."""
    return {
        CLAIMS_DATA: claims_json(site, memo),
        ANNOTATIONS_DATA: annotations_jsonld(site, memo),
        **source_texts(site, memo),
    }
