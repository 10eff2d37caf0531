"""The data model: frozen, cross-linked records, assembled from valid documents by
`model.assemble`.

Nouns only. Everything a page shows is here, already resolved (ids to records, quotes to
offsets), so rendering never looks anything up in raw YAML and never fails. Importing it
imports neither YAML nor any stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sidelight.model.sourcetext import SourceText

CONTEXT = 32  # characters of a passage's prefix and suffix, as Hypothesis keeps them


CLAIM_KINDS = ("statement", "attribution", "opinion")
RATED_KINDS = ("statement", "attribution")  # an opinion is never rated
FULL, EXCERPTS = "full", "excerpts"  # how much of an article the site publishes


@dataclass(frozen=True)
class Term:
    """A rating, stance, fidelity, drift kind, frame or device: id, label and one-sentence
    definition (a fidelity also has a real example)."""

    kind: str
    id: str
    label: str
    description: str
    symbol: str = ""
    group: str = ""
    value: int | None = None
    example: str = ""


@dataclass(frozen=True)
class Vocabulary:
    ratings: tuple[Term, ...]
    stances: tuple[Term, ...]
    fidelities: tuple[Term, ...]
    drift_kinds: tuple[Term, ...]
    frames: tuple[Term, ...]
    devices: tuple[Term, ...]

    def term(self, kind: str, ident: str) -> Term:
        return next(t for t in getattr(self, kind) if t.id == ident)

    @property
    def scale(self) -> tuple[int, int]:
        """(best, worst) ClaimReview values of the ratings on the scale."""
        values = [t.value for t in self.ratings if t.value is not None]
        return (max(values), min(values)) if values else (1, 1)


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    country: str
    language: str
    kind: str
    description: str
    url: str = ""
    attribution: str = ""
    not_established: tuple[str, ...] = ()
    publish: str = ""  # the default for its articles: full | excerpts ("" = excerpts)
    licence: str = ""  # what allows republishing its articles in full


@dataclass(frozen=True)
class Claimant:
    """Who makes claims: a person, an organisation, or an outlet in its own voice (then
    `outlet` is its outlet's id)."""

    id: str
    name: str
    type: str  # person | organization | outlet
    role: str = ""
    url: str = ""
    outlet: str = ""


@dataclass(frozen=True)
class Person:
    """Someone who checks or reviews claims (a claim's `author`, `reviewed_by`); a `desk`
    is the desk as a whole, standing in where no editor is named, never shown as a person."""

    id: str
    name: str
    role: str
    bio: str
    type: str = "person"  # person | desk


@dataclass(frozen=True)
class Original:
    """The article in the language it was first published in, when a source stores a
    translation: its text (`text_file` under content/sources/), shown beside the translation."""

    language: str
    text_file: str
    text: SourceText


@dataclass(frozen=True)
class Source:
    """An article: metadata as known (and what is not established) plus its text.
    `publish` is resolved (its own, else its outlet's, else `excerpts`): in `excerpts` the
    site publishes only the quoted passages with their context; `text` is always whole,
    for anchoring and checks. `licence` is its own, else its outlet's."""

    id: str
    title: str
    outlet: str
    language: str
    text: SourceText
    published: str = ""
    author: str = ""
    url: str = ""
    translated_from: str = ""
    retrieved: str = ""
    note: str = ""
    not_established: tuple[str, ...] = ()
    leftovers: tuple[str, ...] = ()  # paragraphs that are scraping leftovers, shown dimmed
    archived: str = ""  # a confirmed archived copy of the original
    publish: str = EXCERPTS
    licence: str = ""
    original: Original | None = None
    status: str = "published"  # draft | review | published: only `serve` models the first two


@dataclass(frozen=True)
class Passage:
    """A quoted span of a source: W3C TextQuote (exact, prefix, suffix) + TextPosition."""

    id: str
    claim: str
    source: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    original: tuple[int, int] | None = None  # [start, end) of `quote_original` in the source's original text


@dataclass(frozen=True)
class Coverage:
    """How one source renders a claim: how faithfully (`fidelity`, against the primary
    source) and with what attitude (`stance`), apart from whether the claim is true."""

    outlet: str
    source: str
    fidelity: str
    stance: str
    frames: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()
    passages: tuple[Passage, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Omission:
    """An outlet that covered the event but left the claim out, and why that matters; an
    outlet that did not cover the subject has no record at all."""

    outlet: str
    why: str
    source: str = ""


@dataclass(frozen=True)
class Rendering:
    """One outlet's words in a drift, anchored in its source like a coverage passage."""

    outlet: str
    source: str
    passage: Passage


@dataclass(frozen=True)
class Drift:
    """The primary source's words (`original`, as quoted in the claim's evidence item
    `evidence`, 0-based) against each outlet's rendering of them."""

    id: str
    claim: str
    kind: str
    original: str
    evidence: int
    renderings: tuple[Rendering, ...]
    note: str


@dataclass(frozen=True)
class Evidence:
    """A record a verdict rests on. `archived` is a copy confirmed to exist; `lookup` only
    says where to look for one (never shown as a copy). `not_established` names the fields
    (`date`, `quote`) we could not establish, which are then empty and said so on the page."""

    title: str
    publisher: str
    url: str
    kind: str = ""  # primary | secondary | republication
    date: str = ""
    quote: str = ""
    note: str = ""
    archived: str = ""
    lookup: str = ""
    accessed: str = ""
    primary: str = ""
    not_established: tuple[str, ...] = ()
    language: str = ""  # of the title and quote, when not the site's


@dataclass(frozen=True)
class Correction:
    date: str
    note: str


@dataclass(frozen=True)
class Claim:
    """A checked claim. A statement's and an opinion's author is `claimant`; an
    attribution ("`speaker` said …") is authored by the outlets in `attributed_by`, and
    `claimant` is empty. An opinion has no `rating`."""

    id: str
    claim: str
    kind: str
    topic: str
    date: str
    summary: str
    author: str  # a person's id (content/people/)
    reviewed: str
    reviewed_by: str = ""  # the second reviewer's id; "" when none is recorded
    claimant: str = ""
    speaker: str = ""
    attributed_by: tuple[str, ...] = ()
    rating: str = ""
    verdict: str = ""  # one sentence; "" only on an opinion
    coverage: tuple[Coverage, ...] = ()
    omissions: tuple[Omission, ...] = ()
    drift: tuple[Drift, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    no_primary: str = ""  # why no evidence item is a primary source
    updated: str = ""
    corrections: tuple[Correction, ...] = ()
    status: str = "published"  # draft | review | published: only `serve` models the first two
    language: str = ""  # "" is the site's default language (site.yaml's `language`)
    translation_of: str = ""  # the id of the claim this one translates, "" for an original

    @property
    def rated(self) -> bool:
        return self.kind in RATED_KINDS

    @property
    def claimant_ids(self) -> tuple[str, ...]:
        """The claimant ids the claim is about: its claimant, or the speaker of an attribution."""
        return tuple(i for i in (self.claimant, self.speaker) if i)


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    summary: str
    date: str
    end_date: str = ""


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    body: str
    description: str = ""
    order: int = 100


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str
    logo: str = ""


@dataclass(frozen=True)
class Organisation:
    """Who stands behind the site; "" where site.yaml does not say."""

    owner: str = ""
    funding: str = ""
    independence: str = ""


@dataclass(frozen=True)
class Edition:
    """One language a multilingual site publishes in (site.yaml's `languages`); "" title or
    description is the site's own."""

    language: str
    title: str = ""
    description: str = ""


@dataclass(frozen=True)
class Settings:
    """site.yaml. `not_established` names the desk's facts not known yet (`contact`,
    `corrections_contact`, `owner`, `funding`, `independence`): shown as such, never guessed."""

    title: str
    description: str
    base_url: str
    language: str
    publisher: Publisher
    contact: str = ""
    corrections_contact: str = ""
    organisation: Organisation = field(default_factory=Organisation)
    not_established: tuple[str, ...] = ()
    languages: tuple[Edition, ...] = ()  # the languages published, the default first; () for one


@dataclass(frozen=True)
class Site:
    """The whole site, with the indexes pages need (claims of a source, of a topic …)."""

    settings: Settings
    vocabulary: Vocabulary
    outlets: dict[str, Outlet]
    claimants: dict[str, Claimant]
    sources: dict[str, Source]
    claims: dict[str, Claim]
    topics: dict[str, Topic]
    pages: dict[str, Page]
    people: dict[str, Person] = field(default_factory=dict)
    by_source: dict[str, tuple[Passage, ...]] = field(default_factory=dict)
    by_topic: dict[str, tuple[Claim, ...]] = field(default_factory=dict)
    by_outlet: dict[str, tuple[Source, ...]] = field(default_factory=dict)
    by_claimant: dict[str, tuple[Claim, ...]] = field(default_factory=dict)  # as claimant or speaker
    drift_by_source: dict[str, tuple[Drift, ...]] = field(default_factory=dict)  # drifts quoting it
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)  # each language's, on a multilingual site

    def claims_citing(self, source_id: str) -> tuple[Claim, ...]:
        ids = dict.fromkeys(p.claim for p in self.by_source.get(source_id, ()))
        return tuple(self.claims[i] for i in ids)
