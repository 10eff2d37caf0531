"""The glossary: every rating, stance, frame and device with its definition, and every use.
Anchors are `<kind>-<id>` (`frame-economic`), which chips and badges link to. The glossary
page shows each term's first uses; all of them are on the term's own pages
(`glossary/<kind>/<id>/`, 50 a page), so no page grows with the number of claims."""

from __future__ import annotations

from collections import defaultdict

from sidelight.model.records import Site
from sidelight.pages.contexts import GlossaryEntry, GlossaryPage, GlossarySection, PageContext, TermPage, Use
from sidelight.pages.matrix import page_suffix
from sidelight.pages.messages import N_, gettext
from sidelight.pages.paginate import head_links, paginate
from sidelight.pages.urls import absolute, claim_path, drift_path, glossary_path, term_path

PREVIEW = 5  # uses shown on the glossary page itself; every use is on the term's own pages

SECTIONS = (
    (
        "ratings",
        "rating",
        N_("Ratings"),
        N_(
            "Our verdicts, from truest to least true, with the number each is "
            "published as in ClaimReview structured data (higher is truer)."
        ),
    ),
    (
        "fidelities",
        "fidelity",
        N_("Fidelity"),
        N_("How faithfully an outlet renders the original words or facts, judged against the primary source."),
    ),
    (
        "stances",
        "stance",
        N_("Stances"),
        N_("The outlet's own attitude toward a claim, apart from whether the claim is true."),
    ),
    ("drift_kinds", "drift", N_("Wording drift"), N_("How the words change between a primary source and the outlets.")),
    (
        "frames",
        "frame",
        N_("Frames"),
        N_("The angle from which an outlet presents a claim (after the Media Frames Corpus)."),
    ),
    ("devices", "device", N_("Devices"), N_("Persuasion and wording techniques (after SemEval-2023 Task 3).")),
)


def anchor(kind: str, term_id: str) -> str:
    """`rating-accurate`, `frame-economic`: the glossary fragment of a term."""
    singular = next(s for k, s, _, _ in SECTIONS if k == kind)
    return f"{singular}-{term_id}"


def usage(site: Site) -> dict[tuple[str, str], list[Use]]:
    """Every use of every term, found in one pass over the claims: (kind, id) → uses."""
    out: dict[tuple[str, str], list[Use]] = defaultdict(list)
    for claim in site.claims.values():
        if claim.rated:
            out[("ratings", claim.rating)].append(Use(claim=claim, outlet=None, href=claim_path(claim.id)))
        for cov in claim.coverage:
            use = Use(claim=claim, outlet=site.outlets[cov.outlet], href=claim_path(claim.id, f"cover-{cov.source}"))
            out[("fidelities", cov.fidelity)].append(use)
            out[("stances", cov.stance)].append(use)
            for kind in ("frames", "devices"):
                for term_id in getattr(cov, kind):
                    out[(kind, term_id)].append(use)
        for drift in claim.drift:
            out[("drift_kinds", drift.kind)].append(Use(claim=claim, outlet=None, href=drift_path(drift.id)))
    return out


def glossary_pages(site: Site) -> list[PageContext]:
    """The glossary (definitions, counts, the first uses) and a page of every use per term."""
    used = usage(site)
    sections = tuple(
        GlossarySection(
            kind=kind,
            title=gettext(title),
            intro=gettext(intro),
            entries=tuple(
                GlossaryEntry(
                    term=t,
                    anchor=anchor(kind, t.id),
                    count=len(used[(kind, t.id)]),
                    uses=tuple(used[(kind, t.id)][:PREVIEW]),
                    path=term_path(kind, t.id),
                )
                for t in getattr(site.vocabulary, kind)
            ),
        )
        for kind, _, title, intro in SECTIONS
    )
    pages: list[PageContext] = [
        GlossaryPage(
            template="glossary.html",
            path=glossary_path(),
            title=gettext("Glossary"),
            sections=sections,
            description=gettext(
                "Our ratings, fidelity, stances, wording drift, frames and devices: what each means"
                " and where we used it."
            ),
            canonical=absolute(site.settings.base_url, glossary_path()),
        )
    ]
    for section in sections:
        pages += [
            p for e in section.entries for p in term_pages(site, section, e, tuple(used[(section.kind, e.term.id)]))
        ]
    return pages


def term_pages(site: Site, section: GlossarySection, entry: GlossaryEntry, uses: tuple[Use, ...]) -> list[TermPage]:
    out = []
    for chunk, pager in paginate(uses, entry.path):
        path = pager.pages[pager.number - 1][1]
        out.append(
            TermPage(
                template="term.html",
                path=path,
                title=gettext("%(term)s: every use", term=entry.term.label) + page_suffix(pager.number),
                description=entry.term.description,
                canonical=absolute(site.settings.base_url, path),
                head_links=head_links(pager),
                kind=section.kind,
                section=section.title,
                term=entry.term,
                anchor=entry.anchor,
                count=len(uses),
                uses=chunk,
                pager=pager,
            )
        )
    return out
