"""The glossary: every rating, stance, frame and device with its definition and every use.
Anchors are `<kind>-<id>` (`frame-economic`), which chips and badges link to."""
from __future__ import annotations

from .contexts import GlossaryEntry, GlossaryPage, GlossarySection, Use
from .model import Site, Term
from .urls import absolute

SECTIONS = (
    ("ratings", "rating", "Ratings", "Our verdicts, from truest to least true, with the number each is "
                                     "published as in ClaimReview structured data (higher is truer)."),
    ("stances", "stance", "Stances", "How an outlet treats a claim."),
    ("frames", "frame", "Frames", "The angle from which an outlet presents a claim (after the Media Frames Corpus)."),
    ("devices", "device", "Devices", "Persuasion and wording techniques (after SemEval-2023 Task 3)."),
)


def anchor(kind: str, term_id: str) -> str:
    """`rating-accurate`, `frame-economic`: the glossary fragment of a term."""
    singular = next(s for k, s, _, _ in SECTIONS if k == kind)
    return f"{singular}-{term_id}"


def uses(site: Site, kind: str, term: Term) -> tuple[Use, ...]:
    out = []
    for claim in site.claims.values():
        if kind == "ratings":
            if claim.rating == term.id:
                out.append(Use(claim=claim, outlet=None, href=f"claims/{claim.id}/"))
            continue
        for cov in claim.coverage:
            used = cov.stance == term.id if kind == "stances" else term.id in getattr(cov, kind)
            if used:
                target = f"cover-{cov.source}" if cov.source else f"omit-{cov.outlet}"
                out.append(Use(claim=claim, outlet=site.outlets[cov.outlet], href=f"claims/{claim.id}/#{target}"))
    return tuple(out)


def glossary_page(site: Site) -> GlossaryPage:
    sections = tuple(
        GlossarySection(kind=kind, title=title, intro=intro, entries=tuple(
            GlossaryEntry(term=t, anchor=anchor(kind, t.id), uses=uses(site, kind, t))
            for t in getattr(site.vocabulary, kind)))
        for kind, _, title, intro in SECTIONS)
    return GlossaryPage(template="glossary.html", path="glossary/", title="Glossary",
                        description="Our ratings, stances, frames and devices: what each means and where we used it.",
                        canonical=absolute(site.settings.base_url, "glossary/"), sections=sections)
