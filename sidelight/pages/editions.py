"""A site in several languages: one edition per language of site.yaml's `languages`.

The default language (the first, site.yaml's `language`) keeps today's URLs; every other
language is a whole edition under `/<language>/`: its own home, lists, claim pages, topics,
claimants, feed and search pages, with the interface in its language. An edition is the
model narrowed to the claims in its language (`view`), rendered as if it were the whole
site and written under its prefix: its pages link to each other relatively, as in any
site, and `urls.link` sends only the shared files (stylesheet, open data, search index)
up to the root. Source pages are in every edition: an article is the same document
whichever language the claims that quote it are written in; only the interface around it
changes, so that a reader following a quote never leaves their language.

Pages that exist in several editions are alternates of each other (`hreflang`): the same
path for every page but a claim's, and for a claim its translations (`translation_of`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from sidelight.model.assemble import index
from sidelight.model.records import Claim, Site
from sidelight.pages.contexts import Alternate, ClaimPage, PageContext
from sidelight.pages.messages import Messages
from sidelight.pages.messages import current as current_messages
from sidelight.pages.urls import absolute, claim_path, relative, to_root


@dataclass(frozen=True)
class Edition:
    """One language's site: `prefix` is "" for the default language, else `ru/`."""

    language: str
    prefix: str
    site: Site


@dataclass(frozen=True)
class Alternates:
    """Which page each page is in the other editions: by (language, path of the page in
    its edition, unprefixed), the (language, path) of each edition that has it."""

    languages: tuple[str, ...] = ()
    base_url: str = ""
    names: Mapping[str, str] = field(default_factory=dict)  # a language's name in itself
    paths: Mapping[str, frozenset[str]] = field(default_factory=dict)
    claims: Mapping[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def address(self, language: str, path: str) -> str:
        """The published address of an edition's page (`ru`, `claims/x/` → `…/ru/claims/x/`)."""
        return absolute(self.base_url, self.prefix(language) + path)

    def prefix(self, language: str) -> str:
        return "" if language == self.languages[0] else f"{language}/"

    def of(self, language: str, path: str) -> tuple[tuple[str, str], ...]:
        """(language, unprefixed path) of the page in every edition that has it, this one included."""
        if (language, path) in self.claims:
            return self.claims[(language, path)]
        return tuple((other, path) for other in self.languages if path in self.paths.get(other, ()))


ALTERNATES: ContextVar[Alternates | None] = ContextVar("alternates", default=None)


def current() -> Alternates | None:
    """The alternates of the pages being built; None on a site in one language."""
    table = ALTERNATES.get()
    return table if table is not None and len(table.languages) > 1 else None


def translation_links(language: str, claim_id: str) -> dict:
    """A ClaimReview's `inLanguage`, and its `workTranslation`s (an original's) or its
    `translationOfWork` (a translation's), on a site in several languages; else nothing."""
    table = current()
    if table is None:
        return {}
    group = table.claims.get((language, claim_path(claim_id)), ())
    links: dict = {"inLanguage": language}
    works = [{"@type": "ClaimReview", "url": table.address(lang, path), "inLanguage": lang} for lang, path in group]
    if len(works) < 2:
        return links
    if group[0][0] == language:
        return links | {"workTranslation": works[1:]}
    return links | {"translationOfWork": works[0]}


def languages(site: Site) -> tuple[str, ...]:
    """The site's languages, the default first; one for a site without `languages`."""
    listed = tuple(e.language for e in site.settings.languages)
    return listed or (site.settings.language,)


def language_of(site: Site, claim: Claim) -> str:
    return claim.language or site.settings.language


def view(site: Site, language: str) -> Site:
    """The model as edition `language` publishes it: its claims only, and the topics and
    claimants those claims have, the vocabulary in its language; outlets, sources, people
    and pages shared. The site itself
    when it publishes in one language (so its build is what it always was)."""
    if len(languages(site)) == 1:
        return site
    claims = {k: c for k, c in site.claims.items() if language_of(site, c) == language}
    topics = {c.topic for c in claims.values()}
    claimants = {i for c in claims.values() for i in c.claimant_ids}
    edition = next(e for e in site.settings.languages if e.language == language)
    base = site.settings.base_url + ("" if language == site.settings.language else f"{language}/")
    settings = replace(
        site.settings,
        language=language,
        base_url=base,
        title=edition.title or site.settings.title,
        description=edition.description or site.settings.description,
    )
    narrowed = replace(
        site,
        settings=settings,
        vocabulary=site.vocabularies.get(language, site.vocabulary),
        claims=claims,
        topics={k: t for k, t in site.topics.items() if k in topics},
        claimants={k: c for k, c in site.claimants.items() if k in claimants},
        by_source={},
        by_topic={},
        by_outlet={},
        by_claimant={},
        drift_by_source={},
    )
    index(narrowed)
    return narrowed


def shape(site: Site) -> dict:
    """What decides which page each edition has, as a template global of a multilingual
    site (`editions`): every page's alternates depend on it, and a page reuse digests the
    globals, so a claim changing language, translation, topic or claimant renders every
    page again. Nothing on a site in one language."""
    if len(languages(site)) < 2:
        return {}
    claims = tuple(
        (c.id, language_of(site, c), c.translation_of, c.topic, c.claimant_ids) for c in site.claims.values()
    )
    return {"editions": (languages(site), tuple(sorted(claims)))}


def editions(site: Site) -> list[Edition]:
    """Every edition, the default first (prefix "")."""
    default = site.settings.language
    return [Edition(lang, "" if lang == default else f"{lang}/", view(site, lang)) for lang in languages(site)]


def translations(site: Site) -> dict[str, tuple[Claim, ...]]:
    """Each original claim's id → the original, then its translations in the site's order
    of languages. `check` has made sure each translation points at an original."""
    order = languages(site)
    groups: dict[str, list[Claim]] = {}
    for claim in site.claims.values():
        groups.setdefault(claim.translation_of or claim.id, []).append(claim)
    return {
        root: tuple(sorted(group, key=lambda c: (bool(c.translation_of), rank(order, c, site))))
        for root, group in groups.items()
    }


def rank(order: tuple[str, ...], claim: Claim, site: Site) -> int:
    language = language_of(site, claim)
    return order.index(language) if language in order else len(order)


def alternates(site: Site, paths: Mapping[str, frozenset[str]], names: Mapping[str, str]) -> Alternates:
    """The alternates of every page, from each edition's page paths."""
    claims: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
    for group in translations(site).values():
        pairs = tuple((language_of(site, c), claim_path(c.id)) for c in group)
        claims.update({pair: pairs for pair in pairs})
    return Alternates(languages(site), site.settings.base_url, names, paths, claims)


@contextmanager
def publishing(table: Alternates) -> Iterator[None]:
    """Pages built inside get their alternates from `table`."""
    token = ALTERNATES.set(table)
    try:
        yield
    finally:
        ALTERNATES.reset(token)


def with_alternates(page: PageContext, language: str) -> PageContext:
    """`page` with its alternates: the same page in every other language, or that
    language's home where it has none. None on a site in one language."""
    table = ALTERNATES.get()
    if table is None or len(table.languages) < 2 or page.rooted:  # the one 404 page, served at any depth
        return page
    here = to_root(page.path)
    found = dict(table.of(language, page.path))
    links = []
    for other in table.languages:
        target = table.prefix(other) + found.get(other, "")
        links.append(
            Alternate(
                language=other,
                name=table.names.get(other, other),
                href=table.address(other, found.get(other, "")),
                link=relative(target, here),
                current=other == language,
                exists=other in found,
            )
        )
    page = replace(page, alternates=tuple(links))
    return translated(page, table.claims.get((language, page.path), ())) if isinstance(page, ClaimPage) else page


def translated(page: ClaimPage, group: tuple[tuple[str, str], ...]) -> ClaimPage:
    """A claim page saying which claim it translates, or listing its translations: the
    group's first is the original."""
    if len(group) < 2:
        return page
    by_language = {alt.language: alt for alt in page.alternates}
    original = by_language[group[0][0]]
    if not original.current:
        return replace(
            page, translated_from=original, original_language=current_messages().language_name(original.language)
        )
    return replace(page, translations=tuple(by_language[lang] for lang, _ in group[1:]))


def names(languages: tuple[str, ...]) -> dict[str, str]:
    """Each language's name in itself (`русский`), for the switcher."""
    return {lang: capitalised(Messages(lang).language_name(lang)) for lang in languages}


def capitalised(name: str) -> str:
    """`русский` → `Русский`: a language's name standing alone, as a link, starts a sentence."""
    return name[:1].upper() + name[1:]
