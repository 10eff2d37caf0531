"""The source page: our copy of an article, every quoted passage highlighted, with what is
known about it and, just as plainly, what is not established."""

from __future__ import annotations

from markupsafe import Markup

from sidelight.model.records import Outlet, Passage, Site, Source
from sidelight.pages.contexts import Citation, Fact, SourcePage, SourceParagraph
from sidelight.pages.highlight import CitationMarkup, paragraphs_html
from sidelight.pages.urls import absolute, claim_path, outlet_path, relative, source_path
from sidelight.quotes.leftovers import normalise

TIP_CLAIM_LIMIT = 120
LANGUAGES = {
    "ar": "Arabic",
    "be": "Belarusian",
    "cs": "Czech",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fi": "Finnish",
    "fr": "French",
    "it": "Italian",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}


def source_page(site: Site, source: Source) -> SourcePage:
    path, outlet = source_path(source.id), site.outlets[source.outlet]
    passages = tuple(site.by_source.get(source.id, ()))  # each passage reached once, not once a paragraph
    citations = tuple(
        Citation(number=n, claim=c, passages=tuple(p for p in passages if p.claim == c.id))
        for n, c in enumerate(site.claims_citing(source.id), start=1)
    )
    htmls = paragraphs_html(source, passages, citation_markup(citations, path))
    leftovers = {normalise(s) for s in source.leftovers}
    paragraphs = tuple(
        SourceParagraph(
            html=html,
            leftover=normalise(source.text.text[a:b]) in leftovers,
            citations=tuple(c for c in citations if any(a <= p.start < b for p in c.passages)),
        )
        for html, (a, b) in zip(htmls, source.text.paragraphs)
    )
    return SourcePage(
        template="source.html",
        path=path,
        title=source.title,
        og_type="article",
        description=f"{outlet.name}: {source.title} — our copy, with the passages our fact-checks quote.",
        canonical=absolute(site.settings.base_url, path),
        source=source,
        outlet=outlet,
        facts=source_facts(source, outlet),
        paragraphs=paragraphs,
        citations=citations,
        has_leftovers=any(p.leftover for p in paragraphs),
    )


def citation_markup(citations: tuple[Citation, ...], path: str) -> CitationMarkup:
    """Numbered links from marks to claims, and the hover text naming those claims."""
    by_claim = {c.claim.id: c for c in citations}

    def link(p: Passage) -> Markup:
        c = by_claim[p.claim]
        href = relative(claim_path(p.claim, p.id), path)
        return Markup('<sup class="cite"><a href="{0}" aria-label="Claim {1}: {2}">{1}</a></sup>').format(
            href, c.number, c.claim.claim
        )

    def numbered(ids: tuple[str, ...]) -> list[Citation]:
        return sorted((by_claim[i] for i in ids), key=lambda c: c.number)

    def tip(ids: tuple[str, ...]) -> str:
        return "Cited by:\n" + "\n".join(f"{c.number}. {shorten(c.claim.claim)}" for c in numbered(ids))

    def described_by(ids: tuple[str, ...]) -> str:
        return " ".join(f"cited-{c.number}" for c in numbered(ids))

    return CitationMarkup(link=link, tip=tip, described_by=described_by)


def shorten(text: str, limit: int = TIP_CLAIM_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def source_facts(source: Source, outlet: Outlet) -> tuple[Fact, ...]:
    """The article's metadata, each line either known or explicitly not established."""
    unknown = set(source.not_established)
    placeholder = "outlet" in unknown or "name" in outlet.not_established
    facts = [
        Fact(
            label="Outlet",
            value=outlet.name,
            href=outlet_path(outlet.id),
            note="the original outlet is not established" if placeholder else "",
        ),
        Fact(label="Published", value=source.published, date=True, note=published_note(source)),
        Fact(label="Author", value=source.author, note="" if source.author else "not established"),
        Fact(label="Original address", value=source.url, href=source.url, note="" if source.url else "not established"),
        Fact(
            label="Language",
            value=language(source.language)
            + (f", translated from {language(source.translated_from)}" if source.translated_from else ""),
        ),
    ]
    if "title" in unknown:
        facts.insert(1, Fact(label="Headline", value="", note="not established; the title above describes the article"))
    if source.retrieved:
        facts.append(Fact(label="Retrieved", value=source.retrieved, date=True))
    return tuple(facts)


def language(code: str) -> str:
    """A language's English name for the commonest codes; other codes as they are."""
    return LANGUAGES.get(code.lower(), code)


def published_note(source: Source) -> str:
    if not source.published:
        return "not established"
    if len(source.published) < 10:
        return "the exact day is not established"
    return "not firmly established" if "published" in source.not_established else ""


def outlet_facts(outlet: Outlet) -> tuple[Fact, ...]:
    """An outlet's profile; a placeholder outlet says plainly which facts are unknown."""
    unknown = set(outlet.not_established)

    def fact(label: str, key: str, value: str, href: str = "") -> Fact:
        stated = value.lower().startswith("not established")  # the content already says so
        missing = (key in unknown or not value) and not stated
        return Fact(label=label, value=value, href=href, note="not established" if missing else "")

    facts = (
        fact("Name", "name", outlet.name),
        fact("Kind", "kind", outlet.kind),
        fact("Country", "country", outlet.country),
        fact("Language", "language", language(outlet.language)),
        fact("Website", "url", outlet.url, outlet.url),
    )
    return facts if "name" in unknown else facts[1:]  # a known name is the page's heading
