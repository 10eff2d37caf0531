"""Wording drift: the primary source's words against each outlet's rendering of them, in
one table across all claims (`drift/`), on each claim page and at the top of each source
page. Every rendering links to its marked passage in our copy, every original to the
evidence item quoting it on the claim page (`#evidence-<n>`, 1-based)."""

from __future__ import annotations

from sidelight.model.records import Claim, Drift, Site
from sidelight.pages.contexts import DriftPage, DriftRow, RenderingLink
from sidelight.pages.messages import _, ngettext
from sidelight.pages.urls import absolute, claim_path, drift_path, source_path


def evidence_anchor(index: int) -> str:
    """The claim page's fragment of evidence item `index` (0-based): `evidence-1` …"""
    return f"evidence-{index + 1}"


def drift_row(site: Site, claim: Claim, drift: Drift, source_id: str = "") -> DriftRow:
    """A drift as a row; with `source_id`, only the renderings from that source."""
    renderings = tuple(
        RenderingLink(
            outlet=site.outlets[r.outlet],
            source=site.sources[r.source],
            passage=r.passage,
            href=source_path(r.source, r.passage.id),
        )
        for r in drift.renderings
        if not source_id or r.source == source_id
    )
    return DriftRow(
        drift=drift,
        claim=claim,
        kind=site.vocabulary.term("drift_kinds", drift.kind),
        evidence=claim.evidence[drift.evidence],
        evidence_href=claim_path(claim.id, evidence_anchor(drift.evidence)),
        renderings=renderings,
        href=drift_path(drift.id),
    )


def claim_drift(site: Site, claim: Claim) -> tuple[DriftRow, ...]:
    return tuple(drift_row(site, claim, d) for d in claim.drift)


def source_drift(site: Site, source_id: str) -> tuple[DriftRow, ...]:
    """The drifts quoting a source, each with only that source's renderings."""
    return tuple(drift_row(site, site.claims[d.claim], d, source_id) for d in site.drift_by_source.get(source_id, ()))


def drift_page(site: Site) -> DriftPage:
    """Every drift, claims newest first and each claim's drifts in its order."""
    rows = tuple(row for claim in site.claims.values() for row in claim_drift(site, claim))
    path = drift_path()
    return DriftPage(
        template="drift.html",
        path=path,
        title=_("Wording drift"),
        description=ngettext(
            "How the words of a primary source change as outlets report, translate or re-report them:"
            " %(num)s drift across our claims, each against the original.",
            "How the words of a primary source change as outlets report, translate or re-report them:"
            " %(num)s drifts across our claims, each against the original.",
            len(rows),
        ),
        canonical=absolute(site.settings.base_url, path),
        rows=rows,
    )
