"""Open data, so others can reuse our verdicts and our anchoring:

- data/claims.json: every claim with its rating, coverage and passages (with offsets);
- data/annotations.jsonld: a W3C Web Annotation per passage (TextQuoteSelector and
  TextPositionSelector), targeting our source page;
- data/sources/<id>.txt: each article's text exactly as the offsets count it (Unicode code
  points; paragraphs separated by one blank line) — the text of the source page's article.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sidelight.model.records import Claim, Coverage, Passage, Site
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


def listing(head: dict, key: str, chunks: list[str]) -> str:
    """`head` as JSON with `key` added last: its list written one item a line, so the file
    diffs and reads well, and is written by json's C encoder (an `indent` would make json
    fall back to its much slower Python encoder). `chunks`: the items' compact JSON, one
    a line; a chunk may hold several lines (one claim's annotations) or none."""
    body = ",\n".join(chunk for chunk in chunks if chunk)
    return compact(head)[:-1] + ("," if head else "") + f'"{key}":[\n{body}\n]}}'


def passage_data(p: Passage) -> dict:
    return {"id": p.id, "start": p.start, "end": p.end, "exact": p.exact, "prefix": p.prefix, "suffix": p.suffix}


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
        "frames": list(cov.frames),
        "devices": list(cov.devices),
        "passages": [passage_data(p) for p in cov.passages],
    }
    return out | ({"note": cov.note} if cov.note else {})


def claim_data(site: Site, claim: Claim) -> dict:
    term = site.vocabulary.term("ratings", claim.rating) if claim.rated else None
    return {
        "id": claim.id,
        "url": absolute(site.settings.base_url, claim_path(claim.id)),
        "claim": claim.claim,
        "claimant": claim.claimant or None,
        "speaker": claim.speaker or None,
        "attributed_by": list(claim.attributed_by),
        "kind": claim.kind,
        "date": claim.date,
        "topic": claim.topic,
        "rating": {"id": term.id, "label": term.label, "value": term.value} if term else None,
        "summary": claim.summary,
        "author": claim.author,
        "reviewed": claim.reviewed,
        "updated": claim.updated or None,
        "coverage": [coverage_data(site, c) for c in claim.coverage],
        "evidence": [{k: v for k, v in vars(e).items() if v} for e in claim.evidence],
        "corrections": [vars(c) for c in claim.corrections],
    }


def claims_json(site: Site, memo) -> bytes:
    claims = [memo(f"claims.json:{c.id}", claim_line, site, c) for c in site.claims.values()]
    return (listing({"site": site.settings.base_url}, "claims", claims) + "\n").encode("utf-8")


def annotation(site: Site, claim: Claim, cov: Coverage, p: Passage) -> dict:
    base, stance = site.settings.base_url, site.vocabulary.term("stances", cov.stance)
    tags = [site.vocabulary.term("frames", f).label for f in cov.frames] + [
        site.vocabulary.term("devices", d).label for d in cov.devices
    ]
    return {
        "id": absolute(base, annotation_path(p.id)),
        "type": "Annotation",
        "motivation": "linking",
        "body": [
            {"id": absolute(base, claim_path(claim.id)), "type": "Text", "format": "text/html", "purpose": "linking"},
            {"type": "TextualBody", "value": stance.label, "purpose": "classifying"},
        ]
        + [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in tags],
        "target": {
            "source": absolute(base, source_path(p.source)),
            "selector": [
                {"type": "TextQuoteSelector", "exact": p.exact, "prefix": p.prefix, "suffix": p.suffix},
                {"type": "TextPositionSelector", "start": p.start, "end": p.end},
            ],
        },
    }


def annotations_of(site: Site, claim: Claim) -> str:
    return ",\n".join(compact(annotation(site, claim, cov, p)) for cov in claim.coverage for p in cov.passages)


def annotations_jsonld(site: Site, memo) -> bytes:
    chunks = [memo(f"annotations:{c.id}", annotations_of, site, c) for c in site.claims.values()]
    url = absolute(site.settings.base_url, ANNOTATIONS_DATA)
    page = listing({"id": url + "#page1", "type": "AnnotationPage", "startIndex": 0}, "items", chunks)
    total = sum(len(c.passages) for claim in site.claims.values() for c in claim.coverage)
    head = {
        "@context": ANNO_CONTEXT,
        "id": url,
        "type": "AnnotationCollection",
        "label": f"{site.settings.title}: passages quoted in our fact-checks",
        "total": total,
    }
    return (compact(head)[:-1] + ',"first":' + page + "}\n").encode("utf-8")


def source_texts(site: Site) -> dict[str, bytes]:
    return {source_text_path(s.id): (s.text.text + "\n").encode("utf-8") for s in site.sources.values()}


def claim_line(site: Site, claim: Claim) -> str:
    return compact(claim_data(site, claim))


def no_memo(name: str, make: Callable, *records):
    """A memo that keeps nothing: `make(*records)` every time."""
    return make(*records)


def open_data(site: Site, memo=no_memo) -> dict[str, bytes]:
    """The open data files. `memo(name, make, site, claim)` is `make(site, claim)`, one
    claim's part; `make` reads nothing but `site` and `claim`, so a build that watches what
    it reads may keep the part from the last build (see build/pipeline.py)."""
    return {
        CLAIMS_DATA: claims_json(site, memo),
        ANNOTATIONS_DATA: annotations_jsonld(site, memo),
        **source_texts(site),
    }
