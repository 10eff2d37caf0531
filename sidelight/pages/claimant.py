"""The claimant page: who made claims (as PolitiFact's personality pages), their claims
and the verdicts on them. Attributions are listed apart: they are rated on whether the
claimant said the words, not on whether the words are true."""

from __future__ import annotations

from collections import Counter

from sidelight.model.records import Claim, Claimant, Site
from sidelight.pages.contexts import ClaimantPage, VerdictCount
from sidelight.pages.messages import N_, _, ngettext
from sidelight.pages.urls import absolute, claimant_path

TYPES = {"person": N_("Person"), "organization": N_("Organisation"), "outlet": N_("Outlet")}


def claimant_page(site: Site, claimant: Claimant) -> ClaimantPage:
    claims = site.by_claimant.get(claimant.id, ())
    made = tuple(c for c in claims if c.claimant == claimant.id)
    attributed = tuple(c for c in claims if c.speaker == claimant.id)
    path = claimant_path(claimant.id)
    return ClaimantPage(
        template="claimant.html",
        path=path,
        title=claimant.name,
        description=description(claimant, made, attributed),
        canonical=absolute(site.settings.base_url, path),
        claimant=claimant,
        outlet=site.outlets.get(claimant.outlet),
        made=made,
        attributed=attributed,
        verdicts=verdict_counts(site, made),
        attributed_verdicts=verdict_counts(site, attributed),
    )


def description(claimant: Claimant, made: tuple[Claim, ...], attributed: tuple[Claim, ...]) -> str:
    """`Name, role: 3 claims checked, 1 attributed to them by outlets.`"""
    who = _("%(name)s, %(role)s", name=claimant.name, role=claimant.role) if claimant.role else claimant.name
    checked = ngettext("%(num)s claim checked", "%(num)s claims checked", len(made))
    if attributed:
        checked += ngettext(
            ", %(num)s attributed to them by outlets", ", %(num)s attributed to them by outlets", len(attributed)
        )
    return _("%(who)s: %(what)s.", who=who, what=checked)


def verdict_counts(site: Site, claims: tuple[Claim, ...]) -> tuple[VerdictCount, ...]:
    """How many claims got each rating, in the scale's order; opinions (not rated) last."""
    counts = Counter(c.rating for c in claims)
    rated = tuple(VerdictCount(rating=t, count=counts[t.id]) for t in site.vocabulary.ratings if counts[t.id])
    return rated + ((VerdictCount(rating=None, count=counts[""]),) if counts[""] else ())
