"""The claimant page: who made claims (as PolitiFact's personality pages), their claims
and the verdicts on them. Attributions are listed apart: they are rated on whether the
claimant said the words, not on whether the words are true."""

from __future__ import annotations

from collections import Counter

from sidelight.model.records import Claim, Claimant, Site
from sidelight.pages.contexts import ClaimantPage, VerdictCount
from sidelight.pages.urls import absolute, claimant_path

TYPES = {"person": "Person", "organization": "Organisation", "outlet": "Outlet"}


def claimant_page(site: Site, claimant: Claimant) -> ClaimantPage:
    claims = site.by_claimant.get(claimant.id, ())
    made = tuple(c for c in claims if c.claimant == claimant.id)
    attributed = tuple(c for c in claims if c.speaker == claimant.id)
    path = claimant_path(claimant.id)
    role = f", {claimant.role}" if claimant.role else ""
    return ClaimantPage(
        template="claimant.html",
        path=path,
        title=claimant.name,
        description=f"{claimant.name}{role}: {len(made)} claim{'s' * (len(made) != 1)} checked"
        + (f", {len(attributed)} attributed to them by outlets" if attributed else "")
        + ".",
        canonical=absolute(site.settings.base_url, path),
        claimant=claimant,
        outlet=site.outlets.get(claimant.outlet),
        made=made,
        attributed=attributed,
        verdicts=verdict_counts(site, made),
        attributed_verdicts=verdict_counts(site, attributed),
    )


def verdict_counts(site: Site, claims: tuple[Claim, ...]) -> tuple[VerdictCount, ...]:
    """How many claims got each rating, in the scale's order; opinions (not rated) last."""
    counts = Counter(c.rating for c in claims)
    rated = tuple(VerdictCount(rating=t, count=counts[t.id]) for t in site.vocabulary.ratings if counts[t.id])
    return rated + ((VerdictCount(rating=None, count=counts[""]),) if counts[""] else ())
