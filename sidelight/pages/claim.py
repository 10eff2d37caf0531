"""The claim page: the verdict, then how each outlet framed the claim, side by side."""

from __future__ import annotations

import re

from markupsafe import Markup

from sidelight.model.records import Claim, Coverage, Evidence, Passage, Site, Source, Term
from sidelight.pages.contexts import ClaimPage, Column, EvidenceItem, Omission, QuotedPassage, unpublished_banner
from sidelight.pages.drift import claim_drift
from sidelight.pages.jsonld import claim_review, script
from sidelight.pages.markup import first_sentence
from sidelight.pages.messages import N_, _
from sidelight.pages.urls import absolute, claim_path, share_image_path, source_path
from sidelight.quotes.fragments import original_link

_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*\s+")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"”’)]*\s*$")
CONTEXT_LIMIT = 220  # characters of dimmed context at most, each side
EVIDENCE_KINDS = {"primary": N_("Primary source"), "secondary": N_("Report"), "republication": N_("Republication")}


def claim_page(site: Site, claim: Claim) -> ClaimPage:
    v, path = site.vocabulary, claim_path(claim.id)
    omissions = tuple(
        Omission(outlet=site.outlets[o.outlet], why=o.why, source=site.sources.get(o.source)) for o in claim.omissions
    )
    return ClaimPage(
        template="claim.html",
        path=path,
        title=claim.claim,
        og_type="article",
        description=description(site, claim),
        canonical=absolute(site.settings.base_url, path),
        unpublished=unpublished_banner(claim.status),
        jsonld=script(claim_review(site, claim)) if claim.rated else Markup(""),
        image=share_image_path(claim.id),
        image_alt=image_alt(site, claim),
        claim=claim,
        rating=v.term("ratings", claim.rating) if claim.rated else None,
        scale=scale(site),
        claimant=site.claimants.get(claim.claimant),
        speaker=site.claimants.get(claim.speaker),
        attributed_by=tuple(site.outlets[o] for o in claim.attributed_by),
        topic=site.topics[claim.topic],
        columns=tuple(column(site, c) for c in claim.coverage),
        omissions=omissions,
        drift=claim_drift(site, claim),
        evidence=tuple(evidence_item(claim, e) for e in claim.evidence),
        corrections=tuple(sorted(claim.corrections, key=lambda c: c.date, reverse=True)),
        checked_by=site.people[claim.author],
        reviewed_by=site.people.get(claim.reviewed_by),
    )


def description(site: Site, claim: Claim) -> str:
    """The link preview's text: the rating and the one-sentence verdict ("Accurate: …"), so a
    shared link says what we found; an opinion's is the first sentence of its context."""
    if not claim.rated:
        return first_sentence(claim.summary)
    label = site.vocabulary.term("ratings", claim.rating).label
    return _("%(rating)s: %(verdict)s", rating=label, verdict=claim.verdict or first_sentence(claim.summary))


def image_alt(site: Site, claim: Claim) -> str:
    """The share image in words: the claim, its rating and verdict (as `description`)."""
    return f"“{claim.claim}” {description(site, claim)}"


def scale(site: Site) -> tuple[Term, ...]:
    """The ratings on the scale (with a number), least true first."""
    return tuple(sorted((t for t in site.vocabulary.ratings if t.value is not None), key=lambda t: t.value or 0))


def evidence_item(claim: Claim, evidence: Evidence) -> EvidenceItem:
    return EvidenceItem(
        evidence=evidence,
        kind=_(EVIDENCE_KINDS[evidence.kind]) if evidence.kind in EVIDENCE_KINDS else "",
        after_claim=later(evidence.date, claim.date),
    )


def later(date: str, than: str) -> bool:
    """Whether `date` is after `than`, on what both state: `2021-11` is after `2021-10-22`,
    `2021-10` is not (it may be the same day or before)."""
    n = min(len(date), len(than))
    return bool(date and than) and date[:n] > than[:n]


def column(site: Site, cov: Coverage) -> Column:
    v, source = site.vocabulary, site.sources[cov.source]
    return Column(
        coverage=cov,
        outlet=site.outlets[cov.outlet],
        source=source,
        fidelity=v.term("fidelities", cov.fidelity),
        stance=v.term("stances", cov.stance),
        frames=tuple(v.term("frames", f) for f in cov.frames),
        devices=tuple(v.term("devices", d) for d in cov.devices),
        passages=tuple(quoted(source, p) for p in cov.passages),
    )


def quoted(source: Source, passage: Passage) -> QuotedPassage:
    before, after = in_context(source, passage)
    original = original_link(
        source.url, passage.exact, passage.prefix, source.text.text, translated=bool(source.translated_from)
    )
    in_original, language = quoted_original(source, passage)
    return QuotedPassage(
        passage=passage,
        before=before,
        after=after,
        original=original,
        ours=source_path(source.id, passage.id),
        in_original=in_original,
        original_language=language,
    )


def quoted_original(source: Source, passage: Passage) -> tuple[str, str]:
    """(the passage's words in its source's original text, that text's language), or two
    empty strings when the passage gives no `quote_original`."""
    if passage.original is None or source.original is None:
        return "", ""
    start, end = passage.original
    return source.original.text.text[start:end], source.original.language


def in_context(source: Source, passage: Passage) -> tuple[str, str]:
    """The sentence before and the sentence after the passage, within its paragraphs.
    A passage starting or ending mid-sentence also gets the rest of its own sentence."""
    text, paragraphs = source.text.text, source.text.paragraphs
    start = next((a for a, b in paragraphs if a <= passage.start <= b), 0)
    end = next((b for a, b in paragraphs if a <= passage.end <= b), len(text))
    before_text = text[start : passage.start]
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(before_text)]
    before = before_text[starts[-2] if len(starts) >= 2 else 0 :]
    after_text = text[passage.end : end]
    ends = [m.end() for m in _SENTENCE_END.finditer(after_text + " ")]
    k = 0 if _ENDS_SENTENCE.search(passage.exact) else 1
    after = after_text[: ends[k]] if len(ends) > k else after_text
    return clip_start(before), clip_end(after.rstrip())


def clip_start(text: str) -> str:
    """At most CONTEXT_LIMIT characters, keeping the end (next to the quote), cut at a word."""
    if len(text) <= CONTEXT_LIMIT:
        return text
    return "…" + text[-CONTEXT_LIMIT:].split(" ", 1)[-1]


def clip_end(text: str) -> str:
    if len(text) <= CONTEXT_LIMIT:
        return text
    return text[:CONTEXT_LIMIT].rsplit(" ", 1)[0] + "…"
