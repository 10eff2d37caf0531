"""The source page: our copy of an article, every quoted passage highlighted, with what is
known about it and, just as plainly, what is not established."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from markupsafe import Markup

from sidelight.model.records import FULL, Claim, Outlet, Passage, Site, Source, Term
from sidelight.pages.contexts import Citation, Fact, SourcePage, SourceParagraph, unpublished_banner
from sidelight.pages.drift import source_drift
from sidelight.pages.excerpts import excerpts
from sidelight.pages.highlight import CitationMarkup, paragraphs_html, span_html
from sidelight.pages.language import attributes, on_outer
from sidelight.pages.messages import _, current
from sidelight.pages.urls import absolute, claim_path, drift_path, outlet_path, relative, source_path
from sidelight.quotes.leftovers import normalise

TIP_CLAIM_LIMIT = 120


def source_page(site: Site, source: Source) -> SourcePage:
    path, outlet = source_path(source.id), site.outlets[source.outlet]
    passages = tuple(site.by_source.get(source.id, ()))  # each passage reached once, not once a paragraph
    citations = tuple(
        Citation(number=n, claim=c, passages=tuple(p for p in passages if p.claim == c.id))
        for n, c in enumerate(site.claims_citing(source.id), start=1)
    )
    drift = source_drift(site, source.id)
    renderings = {r.passage.id: row.drift.id for row in drift for r in row.renderings}
    marked = tuple(
        sorted(
            [*passages, *(r.passage for row in drift for r in row.renderings)],
            key=lambda p: (p.start, p.id in renderings, p.end, p.id),  # a claim's own quote keeps the <mark> id
        )
    )
    plain = citation_markup(site, citations, path, renderings)
    citing = in_page_language(plain, attributes(site.settings.language, source.language))
    paragraphs, gap_after = article_text(source, marked, citations, citing)
    original, original_gap_after = original_text(site, source, citations, plain)
    return SourcePage(
        template="source.html",
        path=path,
        title=source.title,
        og_type="article",
        description=f"{outlet.name}: {source.title} — "
        + ("our copy, with" if source.publish == FULL else "only")
        + " the passages our fact-checks quote.",
        canonical=absolute(site.settings.base_url, path),
        unpublished=unpublished_banner(source.status),
        source=source,
        outlet=outlet,
        facts=source_facts(source, outlet),
        paragraphs=paragraphs,
        citations=citations,
        has_leftovers=any(p.leftover for p in paragraphs),
        drift=drift,
        excerpts_only=source.publish != FULL,
        gap_after=gap_after,
        verdicts=verdict_counts(site, citations),
        opinions=sum(not c.claim.rated for c in citations),
        original=original,
        original_gap_after=original_gap_after,
    )


def article_text(
    source: Source, marked: tuple[Passage, ...], citations: tuple[Citation, ...], citing: CitationMarkup
) -> tuple[tuple[SourceParagraph, ...], bool]:
    """The paragraphs shown, whole or in excerpts as the source's rights allow, and whether
    words are left out after the last."""
    if source.publish == FULL:
        return whole_text(source, marked, citations, citing), False
    return excerpt_paragraphs(source, marked, citations, citing)


ORIGINAL_MARK = "-original"  # a passage's id in the original's column: its marks' ids stay unique


def original_text(
    site: Site, source: Source, citations: tuple[Citation, ...], plain: CitationMarkup
) -> tuple[tuple[SourceParagraph, ...], bool]:
    """The source's original text beside the translation, with each passage's
    `quote_original` marked and linked to its claim like the translation's; shown whole or
    in excerpts as the translation is. Nothing for a source without an original."""
    if source.original is None:
        return (), False
    moved = tuple(replace(c, passages=tuple(in_original(p) for p in c.passages if p.original)) for c in citations)
    marked = tuple(sorted((p for c in moved for p in c.passages), key=lambda p: (p.start, p.end, p.id)))
    link = plain.link
    citing = replace(
        plain, link=lambda p: link(replace(p, id=p.id.removesuffix(ORIGINAL_MARK))), note=lambda p: Markup("")
    )
    citing = in_page_language(citing, attributes(site.settings.language, source.original.language))
    original = Source(
        id=source.id,
        title=source.title,
        outlet=source.outlet,
        language=source.original.language,
        text=source.original.text,
        publish=source.publish,
    )
    return article_text(original, marked, moved, citing)


def in_original(passage: Passage) -> Passage:
    """A passage as marked in its source's original text (`passage.original` is set)."""
    start, end = passage.original or (passage.start, passage.end)
    return replace(passage, id=passage.id + ORIGINAL_MARK, start=start, end=end)


def verdict_counts(site: Site, citations: tuple[Citation, ...]) -> tuple[tuple[Term, int], ...]:
    """How many of the citing claims have each rating, in the scale's order, ratings no
    claim has left out; opinions are never rated, so never counted here."""
    counts = Counter(c.claim.rating for c in citations if c.claim.rated)
    return tuple((t, counts[t.id]) for t in site.vocabulary.ratings if counts[t.id])


def verdict_tone(site: Site, claim: Claim) -> str:
    """A claim's rating as one of five tones (0 least true … 4 truest), `off` for an
    opinion or a rating without a number: the same tones the rating badges use."""
    if not claim.rated:
        return "off"
    value = site.vocabulary.term("ratings", claim.rating).value
    best, worst = site.vocabulary.scale
    if value is None:
        return "off"
    return str(round((value - worst) / (best - worst) * 4)) if best != worst else "4"


def verdict_label(site: Site, claim: Claim) -> str:
    return site.vocabulary.term("ratings", claim.rating).label if claim.rated else _("Opinion, not rated")


def whole_text(
    source: Source, marked: tuple[Passage, ...], citations: tuple[Citation, ...], citing: CitationMarkup
) -> tuple[SourceParagraph, ...]:
    """Every paragraph of an article the site may republish."""
    htmls = paragraphs_html(source, marked, citing)
    return tuple(paragraph(source, html, a, b, citations) for html, (a, b) in zip(htmls, source.text.paragraphs))


def excerpt_paragraphs(
    source: Source, marked: tuple[Passage, ...], citations: tuple[Citation, ...], citing: CitationMarkup
) -> tuple[tuple[SourceParagraph, ...], bool]:
    """Only the excerpts (each quoted passage with a sentence of context, `excerpts`), a
    part of a paragraph at a time, saying where words are left out; and whether words are
    left out after the last (none when nothing is quoted: there is no last)."""
    out, at = [], 0
    for start, end in excerpts(source, marked):
        for k, (pa, pb) in enumerate((a, b) for a, b in source.text.paragraphs if a < end and b > start):
            a, b = max(pa, start), min(pb, end)
            html = span_html(source, a, b, marked, citing)
            part = paragraph(source, html, a, b, citations)
            out.append(replace(part, gap_before=k == 0 and start > at, cut_start=a > pa, cut_end=b < pb))
        at = end
    return tuple(out), bool(out) and at < len(source.text.text.rstrip())


def paragraph(source: Source, html: Markup, a: int, b: int, citations: tuple[Citation, ...]) -> SourceParagraph:
    """The text from `a` to `b`: a scraping leftover when it is one of the source's
    `leftovers`, and the claims quoting a passage that starts in it."""
    return SourceParagraph(
        html=html,
        leftover=normalise(source.text.text[a:b]) in {normalise(s) for s in source.leftovers},
        citations=tuple(c for c in citations if any(a <= p.start < b for p in c.passages)),
    )


def in_page_language(citing: CitationMarkup, back: Markup) -> CitationMarkup:
    """The citation links and margin notes, which are the page's words inside the article's
    text, marked back in the page's language (`back`) when the article is in another."""
    if not back:
        return citing
    link, note = citing.link, citing.note
    return replace(citing, link=lambda p: on_outer(link(p), back), note=lambda p: on_outer(note(p), back))


def citation_markup(
    site: Site, citations: tuple[Citation, ...], path: str, renderings: dict[str, str]
) -> CitationMarkup:
    """Numbered links from marks to claims, the margin notes, the hover text naming those
    claims and their verdicts. A drift rendering (`renderings`: passage id → drift id) links
    to its row of the drift table and has no note of its own."""
    by_claim = {c.claim.id: c for c in citations}
    firsts = {min(c.passages, key=lambda p: (p.start, p.id)).id for c in citations if c.passages}

    def link(p: Passage) -> Markup:
        c = by_claim[p.claim]
        verdict = verdict_label(site, c.claim)
        if p.id in renderings:
            label = _(
                "Wording drift, claim %(number)s, %(verdict)s: %(claim)s",
                number=c.number,
                verdict=verdict,
                claim=c.claim.claim,
            )
            return Markup(
                '<sup class="cite cite-drift"><a href="{0}" aria-label="{2}">'
                '{1}<span aria-hidden="true">Δ</span></a></sup>'
            ).format(relative(drift_path(renderings[p.id]), path), c.number, label)
        href = relative(claim_path(p.claim, p.id), path)
        label = _("Claim %(number)s, %(verdict)s: %(claim)s", number=c.number, verdict=verdict, claim=c.claim.claim)
        return Markup('<sup class="cite"><a href="{0}" aria-label="{2}">{1}</a></sup>').format(href, c.number, label)

    def note(p: Passage) -> Markup:
        """The margin repeats, for the eye, what the numbered link and the end list give
        everyone; so it is hidden from screen readers and skipped by Tab."""
        if p.id not in firsts or p.id in renderings:
            return Markup("")
        c = by_claim[p.claim]
        return Markup(
            '<span class="side" aria-hidden="true" data-pagefind-ignore>'
            '<a href="{0}" tabindex="-1"><span class="num">{1}</span>'
            '<span class="side-verdict verdict-{3}">{4}</span> {2}</a></span>'
        ).format(
            relative(claim_path(c.claim.id), path),
            c.number,
            c.claim.claim,
            verdict_tone(site, c.claim),
            verdict_label(site, c.claim),
        )

    def numbered(ids: tuple[str, ...]) -> list[Citation]:
        return sorted((by_claim[i] for i in ids), key=lambda c: c.number)

    def tip(ids: tuple[str, ...]) -> str:
        return (
            _("Cited by:")
            + "\n"
            + "\n".join(f"{c.number}. {shorten(c.claim.claim)} — {verdict_label(site, c.claim)}" for c in numbered(ids))
        )

    def described_by(ids: tuple[str, ...]) -> str:
        return " ".join(f"cited-{c.number}" for c in numbered(ids))

    def verdict(ids: tuple[str, ...]) -> str:
        """The least true of the citing claims' tones; `off` when none is rated."""
        tones = [verdict_tone(site, by_claim[i].claim) for i in ids]
        rated = sorted(t for t in tones if t != "off")
        return rated[0] if rated else "off"

    return CitationMarkup(link=link, tip=tip, described_by=described_by, note=note, verdict=verdict)


def shorten(text: str, limit: int = TIP_CLAIM_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def source_facts(source: Source, outlet: Outlet) -> tuple[Fact, ...]:
    """The article's metadata, each line either known or explicitly not established."""
    unknown = set(source.not_established)
    placeholder = "outlet" in unknown or "name" in outlet.not_established
    facts = [
        Fact(
            label=_("Outlet"),
            value=outlet.name,
            href=outlet_path(outlet.id),
            note=_("the original outlet is not established") if placeholder else "",
        ),
        Fact(label=_("Published"), value=source.published, date=True, note=published_note(source)),
        Fact(label=_("Author"), value=source.author, note="" if source.author else _("not established")),
        Fact(
            label=_("Original address"),
            value=source.url,
            href=source.url,
            note="" if source.url else _("not established"),
        ),
        *([Fact(label=_("Archived copy"), value=source.archived, href=source.archived)] if source.archived else []),
        Fact(
            label=_("Language"),
            value=language(source.language)
            + (
                _(", translated from %(language)s", language=language(source.translated_from))
                if source.translated_from
                else ""
            ),
        ),
    ]
    if "title" in unknown:
        facts.insert(
            1, Fact(label=_("Headline"), value="", note=_("not established; the title above describes the article"))
        )
    if source.retrieved:
        facts.append(Fact(label=_("Retrieved"), value=source.retrieved, date=True))
    facts.append(rights_fact(source))
    return tuple(facts)


def rights_fact(source: Source) -> Fact:
    """What of the article this site shows, and on what grounds it shows all of it."""
    if source.publish == FULL:
        return Fact(
            label=_("Shown here"), value=_("The whole text, republished under: %(licence)s", licence=source.licence)
        )
    return Fact(
        label=_("Shown here"), value=_("Only the passages our fact-checks quote, each with a sentence of context")
    )


def language(code: str) -> str:
    """A language's name in the site's language (CLDR's); a code CLDR does not know as it is."""
    return current().language_name(code)


def published_note(source: Source) -> str:
    if not source.published:
        return _("not established")
    if len(source.published) < 10:
        return _("the exact day is not established")
    return _("not firmly established") if "published" in source.not_established else ""


def outlet_facts(outlet: Outlet) -> tuple[Fact, ...]:
    """An outlet's profile; a placeholder outlet says plainly which facts are unknown."""
    unknown = set(outlet.not_established)

    def fact(label: str, key: str, value: str, href: str = "") -> Fact:
        stated = value.lower().startswith("not established")  # the content already says so
        missing = (key in unknown or not value) and not stated
        return Fact(label=label, value=value, href=href, note=_("not established") if missing else "")

    facts = (
        fact(_("Name"), "name", outlet.name),
        fact(_("Kind"), "kind", outlet.kind),
        fact(_("Country"), "country", outlet.country),
        fact(_("Language"), "language", language(outlet.language)),
        fact(_("Website"), "url", outlet.url, outlet.url),
    )
    return facts if "name" in unknown else facts[1:]  # a known name is the page's heading
