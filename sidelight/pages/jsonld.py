"""schema.org ClaimReview for each claim page, and its safe embedding in HTML.

Numbers map to ratings as the vocabulary gives them (higher is truer); a rating without a
number (unverifiable) is published with its name (`alternateName`) and no `ratingValue`.
`appearance` lists each quoted article by its original address, or by our copy's address
when the original address is not established, so every appearance can be opened (see the
methodology page and docs/published-site.md), each published by an outlet
(`NewsMediaOrganization`); `firstAppearance` is the earliest of them when every one has a
full date. Only rated claims (statements and attributions) have a ClaimReview. The
claim's `author` is typed from its claimant record (`Person`, `Organization`, or
`NewsMediaOrganization` for an outlet in its own voice); an
attribution's authors are the outlets that attributed the words, never the speaker, so a
fact-check tool never shows "<speaker>: <words> — Accurate" for words the speaker may
never have said. The review's `author` is always the publishing organisation; a named
person who checked it is its `contributor`, and a named second reviewer its `editor` (the
desk's own record, standing in where no editor is named, is no person and is left out).
"""

from __future__ import annotations

import json

from markupsafe import Markup

from sidelight.model.records import Claim, Claimant, Outlet, Person, Site
from sidelight.pages.editions import translation_links
from sidelight.pages.markup import plain_text
from sidelight.pages.urls import absolute, claim_path, source_path

_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script(data: dict) -> Markup:
    """A `<script type="application/ld+json">` that no content can break out of: `<`, `>`
    and `&` only ever occur inside JSON strings, where `\\u003c` means the same."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for char, escaped in _SCRIPT_SAFE.items():
        text = text.replace(char, escaped)
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')


def organisation(site: Site) -> dict:
    p = site.settings.publisher
    org = {"@type": "Organization", "name": p.name, "url": p.url}
    return org | ({"logo": p.logo} if p.logo else {})


def claim_review(site: Site, claim: Claim) -> dict:
    """The ClaimReview of one claim, as Google's fact-check markup and schema.org define it."""
    url = absolute(site.settings.base_url, claim_path(claim.id))
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.claim,
        "datePublished": claim.reviewed,
        "author": organisation(site),
        "publisher": organisation(site),
        "reviewRating": rating(site, claim),
        "itemReviewed": item_reviewed(site, claim),
    }
    if claim.updated:
        review["dateModified"] = claim.updated
    review |= translation_links(site.settings.language, claim.id)
    for prop, ident in (("contributor", claim.author), ("editor", claim.reviewed_by)):
        person = site.people.get(ident)
        if person is not None and person.type == "person":
            review[prop] = person_entity(person)
    return review


def person_entity(person: Person) -> dict:
    return {"@type": "Person", "name": person.name, "jobTitle": person.role}


def rating(site: Site, claim: Claim) -> dict:
    term = site.vocabulary.term("ratings", claim.rating)
    best, worst = site.vocabulary.scale
    out = {
        "@type": "Rating",
        "bestRating": best,
        "worstRating": worst,
        "alternateName": term.label,
        "ratingExplanation": explanation(claim),
    }
    if term.value is not None:
        out["ratingValue"] = term.value
    return out


def explanation(claim: Claim) -> str:
    """The one-sentence verdict first, then what we found: a fact-check tool showing only
    the opening still shows our verdict on this claim. A summary that already opens with
    the verdict is not preceded by it again."""
    summary = plain_text(claim.summary)
    if not claim.verdict or summary.startswith(claim.verdict):
        return summary
    return f"{claim.verdict} {summary}"


def item_reviewed(site: Site, claim: Claim) -> dict:
    """The claim itself: who made it, when, and where it appeared."""
    if claim.kind == "attribution":
        made_by = [outlet_entity(site.outlets[o]) for o in claim.attributed_by]
    else:
        made_by = [claimant_entity(site, site.claimants[claim.claimant])]
    works = appearances(site, claim)
    item = {
        "@type": "Claim",
        "author": made_by[0] if len(made_by) == 1 else made_by,
        "datePublished": claim.date,
        "appearance": works,
    }
    first = first_appearance(works)
    return item | ({"firstAppearance": first} if first else {})


def first_appearance(works: list[dict]) -> dict | None:
    """The earliest of `works`, only when each has a full date (YYYY-MM-DD) and one is
    strictly earliest: an undated or month-only article might have come first."""
    dates = sorted(w.get("datePublished", "") for w in works)
    if not dates or any(len(d) != 10 for d in dates) or (len(dates) > 1 and dates[0] == dates[1]):
        return None
    return next(w for w in works if w["datePublished"] == dates[0])


def claimant_entity(site: Site, claimant: Claimant) -> dict:
    """A claimant as schema.org types it: a person, an organisation, or a news outlet."""
    if claimant.type == "outlet":
        return outlet_entity(site.outlets[claimant.outlet])
    entity = {"@type": "Person" if claimant.type == "person" else "Organization", "name": claimant.name}
    if claimant.role:
        entity["jobTitle" if claimant.type == "person" else "description"] = claimant.role
    return entity | ({"url": claimant.url} if claimant.url else {})


def outlet_entity(outlet: Outlet) -> dict:
    entity = {"@type": "NewsMediaOrganization", "name": outlet.name}
    return entity | ({"url": outlet.url} if outlet.url else {})


def appearances(site: Site, claim: Claim) -> list[dict]:
    out = []
    for cov in claim.coverage:
        if not cov.source:
            continue
        source, outlet = site.sources[cov.source], site.outlets[cov.outlet]
        work = {
            "@type": "CreativeWork",
            "url": source.url or absolute(site.settings.base_url, source_path(source.id)),
            "headline": source.title,
            "publisher": outlet_entity(outlet),
        }
        if source.published:
            work["datePublished"] = source.published
        out.append(work)
    return out
