"""What each page kind is given to render: one typed context per kind.

Templates receive `page` (one of these), `site` (the model) and `url()`. Everything a
template shows is computed beforehand (see `pages`), so templates only lay it out and a
template can never fail half-way through a build. Every field is documented in
docs/templates.md; tests/test_site_contexts.py keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from sidelight.model.records import (
    Claim,
    Claimant,
    Correction,
    Coverage,
    Drift,
    Evidence,
    Outlet,
    Page,
    Passage,
    Person,
    Source,
    Term,
    Topic,
)
from sidelight.pages.messages import N_, _
from sidelight.pages.urls import file_of


@dataclass(frozen=True, kw_only=True)
class HeadLink:
    """A `<link rel>` in the page head (prev/next of a paginated list)."""

    rel: str
    path: str


@dataclass(frozen=True, kw_only=True)
class Alternate:
    """The page in one of the site's languages (`hreflang` and the language switcher):
    `href` its address, `link` relative to this page; when that edition has no such page
    (`exists` false) both lead to that language's home."""

    language: str
    name: str  # the language's name in itself: `English`, `русский`
    href: str
    link: str
    current: bool
    exists: bool


@dataclass(frozen=True, kw_only=True)
class PageContext:
    """Fields every page has. `rooted` pages (the 404) are served at any depth, so they
    link from the site's root path instead of relative to themselves."""

    template: str
    path: str
    title: str
    description: str
    canonical: str
    og_type: str = "website"
    indexed: bool = True
    rooted: bool = False
    head_links: tuple[HeadLink, ...] = ()
    jsonld: Markup = Markup("")
    unpublished: str = ""  # the preview's banner on a draft's or a review's page ("Draft — not published")
    image: str = ""  # the site path of the page's share image (og:image); "" for none
    image_alt: str = ""  # what the share image shows, in words
    alternates: tuple[Alternate, ...] = ()  # the page in each of the site's languages; () in one language

    @property
    def file(self) -> str:
        """Where the page is written under site/: pretty URLs are folders with index.html."""
        return file_of(self.path)


@dataclass(frozen=True, kw_only=True)
class Pager:
    """Where a page sits in a paginated list; paths are site paths, "" when there is none."""

    number: int
    count: int
    previous: str
    next: str
    pages: tuple[tuple[int, str], ...]


@dataclass(frozen=True, kw_only=True)
class Fact:
    """One line of a metadata list: the value as known, and `note` saying what about it is
    not established (both may be set: a month known, the day not)."""

    label: str
    value: str
    href: str = ""
    date: bool = False
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class QuotedPassage:
    """A passage with the sentence before and after it (shown dimmed) and two links:
    to its highlighted place in our copy, and to the outlet's original with a text fragment.
    `in_original` is its `quote_original` (in `original_language`), empty when it has none."""

    passage: Passage
    before: str
    after: str
    ours: str
    original: str
    in_original: str = ""
    original_language: str = ""


@dataclass(frozen=True, kw_only=True)
class Column:
    """One source's coverage of a claim: a column of the side-by-side comparison."""

    coverage: Coverage
    outlet: Outlet
    source: Source
    fidelity: Term
    stance: Term
    frames: tuple[Term, ...]
    devices: tuple[Term, ...]
    passages: tuple[QuotedPassage, ...]


@dataclass(frozen=True, kw_only=True)
class Omission:
    """An outlet that covered the event but left the claim out, and why that matters."""

    outlet: Outlet
    why: str
    source: Source | None


@dataclass(frozen=True, kw_only=True)
class CellEntry:
    """One outlet's rendering in a grid cell (fidelity and stance), leading to the quoted
    passage; or an omission (both None), leading to the claim's list of omissions."""

    fidelity: Term | None
    stance: Term | None
    href: str
    source: Source | None


@dataclass(frozen=True, kw_only=True)
class GridRow:
    """A claim's row of a claims × outlets grid: one cell (a tuple of entries) per outlet."""

    claim: Claim
    rating: Term | None  # None: an opinion, not rated
    topic: Topic
    cells: tuple[tuple[CellEntry, ...], ...]


@dataclass(frozen=True, kw_only=True)
class Grid:
    """Claims × outlets: how each outlet treated each claim."""

    outlets: tuple[Outlet, ...]
    rows: tuple[GridRow, ...]
    caption: str


@dataclass(frozen=True, kw_only=True)
class Ordering:
    """A pre-rendered sort order of the comparison matrix, offered as a link."""

    key: str
    label: str
    path: str
    current: bool


@dataclass(frozen=True, kw_only=True)
class Bar:
    """One term of a pairwise chart: on how many of the shared claims each outlet's coverage
    had it, and that as a share (None when the shared claims are too few for percentages)."""

    term: Term
    count: int
    other_count: int
    share: float | None
    others: float | None


@dataclass(frozen=True, kw_only=True)
class Chart:
    """Fidelity or stance of two outlets on the claims both covered: an inline SVG made at
    build time (empty when the sample is too small) plus the counts as a table."""

    kind: str
    title: str
    bars: tuple[Bar, ...]
    svg: Markup


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """An outlet against one other outlet, only on the claims both covered."""

    other: Outlet
    claims: tuple[Claim, ...]  # the claims both covered
    articles: int  # this outlet's articles those claims rest on
    other_articles: int  # the other outlet's
    enough: bool  # at least `fingerprint.MIN_SHARED` claims: percentages are shown
    sentence: str  # what stands out, in one plain sentence
    charts: tuple[Chart, ...]


@dataclass(frozen=True, kw_only=True)
class TermCount:
    """A frame or device and on how many of an outlet's claims it was recorded."""

    term: Term
    count: int


@dataclass(frozen=True, kw_only=True)
class LeftOut:
    """A claim an outlet left out, and why that matters to a reader."""

    claim: Claim
    why: str
    source: Source | None


@dataclass(frozen=True, kw_only=True)
class Fingerprint:
    """How an outlet rendered the claims it covered, compared pairwise with each other outlet
    on the claims both covered; its omissions counted apart, never as a stance."""

    claims: int  # claims it covered
    articles: int  # its articles they rest on
    comparisons: tuple[Comparison, ...]
    unshared: tuple[Outlet, ...]  # outlets with no covered claim in common
    frames: tuple[TermCount, ...]
    devices: tuple[TermCount, ...]
    left_out: tuple[LeftOut, ...]
    minimum: int  # shared claims needed before percentages are shown


@dataclass(frozen=True, kw_only=True)
class RenderingLink:
    """One outlet's words in a drift, linked to the passage in our copy."""

    outlet: Outlet
    source: Source
    passage: Passage
    href: str


@dataclass(frozen=True, kw_only=True)
class DriftRow:
    """A wording drift: the claim, the kind, the primary source's words (and the evidence
    item quoting them), each outlet's rendering and the note."""

    drift: Drift
    claim: Claim
    kind: Term
    evidence: Evidence
    evidence_href: str
    renderings: tuple[RenderingLink, ...]
    href: str  # its row on the drift page


@dataclass(frozen=True, kw_only=True)
class EvidenceItem:
    """An evidence item as the claim page shows it: what kind of record it is in words, and
    whether it was published after the claim (then it cannot be what the claimant relied on)."""

    evidence: Evidence
    kind: str  # "Primary source", "Report", "Republication", or "" when not recorded
    after_claim: bool


@dataclass(frozen=True, kw_only=True)
class Citation:
    """A claim citing a source, numbered as on the source page."""

    number: int
    claim: Claim
    passages: tuple[Passage, ...]


@dataclass(frozen=True, kw_only=True)
class SourceParagraph:
    """A paragraph of an article, or in excerpts the part of one that is published: its
    HTML with marks, whether it is a scraping leftover, and the claims it cites (for the
    margin). In excerpts, `gap_before`: words are left out before it (a "[…]" line);
    `cut_start`/`cut_end`: it starts or ends inside the paragraph (an "…")."""

    html: Markup
    leftover: bool
    citations: tuple[Citation, ...]
    gap_before: bool = False
    cut_start: bool = False
    cut_end: bool = False


@dataclass(frozen=True, kw_only=True)
class Use:
    """One use of a glossary term: a claim, and the outlet when the term describes coverage."""

    claim: Claim
    outlet: Outlet | None
    href: str


@dataclass(frozen=True, kw_only=True)
class GlossaryEntry:
    """A term on the glossary page: its definition, how often it is used and the first uses."""

    term: Term
    anchor: str
    count: int
    uses: tuple[Use, ...]
    path: str


@dataclass(frozen=True, kw_only=True)
class GlossarySection:
    """Ratings, stances, frames or devices: one section of the glossary."""

    kind: str
    title: str
    intro: str
    entries: tuple[GlossaryEntry, ...]


@dataclass(frozen=True, kw_only=True)
class HomePage(PageContext):
    """The front page: what the site found (verdict counts, what stands out per outlet, the
    drifts), what it checked, the latest claims, and the ways into the rest of the site."""

    scope: Scope
    verdicts: tuple[VerdictCount, ...]
    findings: tuple[OutletFinding, ...]
    latest: tuple[LatestClaim, ...]
    drifts: int
    drift_kinds: tuple[TermCount, ...]
    claim_count: int
    topics: tuple[Topic, ...]
    outlets: tuple[Outlet, ...]


@dataclass(frozen=True, kw_only=True)
class Scope:
    """What the site checked, counted from the model: its claims, the articles they quote,
    how many of those are translations and from what, when they appeared, and by whom."""

    claims: int
    articles: int
    translated: int  # articles that are translations
    languages: tuple[str, ...]  # the languages translated from, in words
    months: tuple[str, ...]  # `2021-10`: the months the articles appeared, oldest first
    named: tuple[Outlet, ...]  # the outlets of the articles whose name is known
    unnamed: tuple[Outlet, ...]  # outlets standing in for a publisher not identified


@dataclass(frozen=True, kw_only=True)
class OutletFinding:
    """What stands out in one outlet's coverage, on the claims it covered (a claim counts
    once, however many of its articles quote it); omissions are counted apart."""

    outlet: Outlet
    claims: int  # claims it covered
    departed: int  # of those, claims on which its rendering was not faithful
    fidelities: tuple[TermCount, ...]  # how it departed: each term other than faithful
    sided: int  # claims on which it took a side (a stance other than neutral)
    stances: tuple[TermCount, ...]  # which sides: each stance other than neutral
    left_out: int  # claims it left out of an article that covered the event


@dataclass(frozen=True, kw_only=True)
class StripEntry:
    """One outlet's reading of a claim in a latest claim's strip."""

    outlet: Outlet
    fidelity: Term
    stance: Term
    href: str  # its coverage on the claim page


@dataclass(frozen=True, kw_only=True)
class LatestClaim:
    """A claim on the home page with its rating and the outlets that covered it."""

    claim: Claim
    rating: Term | None  # None: an opinion, not rated
    strip: tuple[StripEntry, ...]  # one entry per outlet and reading, in the claim's order


@dataclass(frozen=True, kw_only=True)
class ClaimPage(PageContext):
    """A claim, its verdict, and how each outlet framed it, side by side."""

    claim: Claim
    rating: Term | None  # None: an opinion, not rated
    scale: tuple[Term, ...]  # the ratings with a number, least true first: the meter's positions
    claimant: Claimant | None  # who made a statement or an opinion
    speaker: Claimant | None  # who an attribution says spoke
    attributed_by: tuple[Outlet, ...]  # the outlets that attributed the words
    topic: Topic
    columns: tuple[Column, ...]
    omissions: tuple[Omission, ...]
    drift: tuple[DriftRow, ...]
    evidence: tuple[EvidenceItem, ...]
    corrections: tuple[Correction, ...]
    checked_by: Person  # who checked it (the desk's record where no editor is named)
    reviewed_by: Person | None  # the second reviewer; None: not recorded
    translated_from: Alternate | None = None  # the original, when this claim is a translation
    original_language: str = ""  # the original's language, named in this page's ("английского")
    translations: tuple[Alternate, ...] = ()  # an original's translations into the site's other languages


@dataclass(frozen=True, kw_only=True)
class SourcePage(PageContext):
    """Our copy of an article, with every quoted passage marked."""

    source: Source
    outlet: Outlet
    facts: tuple[Fact, ...]
    paragraphs: tuple[SourceParagraph, ...]
    citations: tuple[Citation, ...]
    has_leftovers: bool
    drift: tuple[DriftRow, ...]  # drifts quoting it, with only its own renderings
    excerpts_only: bool = False  # `paragraphs` are the excerpts: the article is not republished
    gap_after: bool = False  # in excerpts, words are left out after the last one
    verdicts: tuple[tuple[Term, int], ...] = ()  # the citing claims' ratings, scale order, with counts
    opinions: int = 0  # citing claims that are opinions, never rated
    original: tuple[SourceParagraph, ...] = ()  # the source's original text, its `quote_original`s marked
    original_gap_after: bool = False  # in excerpts, words of the original are left out after the last one


@dataclass(frozen=True, kw_only=True)
class OutletPage(PageContext):
    """An outlet's profile, framing fingerprint and articles."""

    outlet: Outlet
    facts: tuple[Fact, ...]
    sources: tuple[Source, ...]
    citing: dict[str, int]
    fingerprint: Fingerprint | None  # on the first page only
    pager: Pager


@dataclass(frozen=True, kw_only=True)
class VerdictCount:
    """How many of a claimant's claims got one rating (`rating` None: opinions, not rated)."""

    rating: Term | None
    count: int


@dataclass(frozen=True, kw_only=True)
class ClaimantPage(PageContext):
    """Who a claimant is, the claims they made and those they are said to have made, with
    the verdicts on them."""

    claimant: Claimant
    outlet: Outlet | None  # the outlet, for a claimant of type outlet
    made: tuple[Claim, ...]  # statements and opinions they made
    attributed: tuple[Claim, ...]  # attributions: words outlets say they said
    verdicts: tuple[VerdictCount, ...]  # on the claims they made
    attributed_verdicts: tuple[VerdictCount, ...]  # on whether they said the words


@dataclass(frozen=True, kw_only=True)
class DriftPage(PageContext):
    """Every wording drift across all claims, in one table."""

    rows: tuple[DriftRow, ...]


@dataclass(frozen=True, kw_only=True)
class LoggedCorrection:
    """One correction of one claim, as the corrections log and the feed show it: `id` is
    stable (the claim, the date, and its place among that claim's corrections of the day)."""

    id: str
    claim: Claim
    correction: Correction


@dataclass(frozen=True, kw_only=True)
class CorrectionsPage(PageContext):
    """Every correction of every claim, newest first."""

    corrections: tuple[LoggedCorrection, ...]


@dataclass(frozen=True, kw_only=True)
class TopicPage(PageContext):
    """A topic's claims and its outlets × claims grid."""

    topic: Topic
    claims: tuple[Claim, ...]
    grid: Grid
    pager: Pager


@dataclass(frozen=True, kw_only=True)
class MatrixPage(PageContext):
    """One page of the comparison matrix in one of its orderings, or of its view of only
    the claims where outlets differ (`only_differ`, `differ_count` claims in all)."""

    grid: Grid
    orderings: tuple[Ordering, ...]
    pager: Pager
    only_differ: bool = False
    differ_count: int = 0


@dataclass(frozen=True, kw_only=True)
class IndexPage(PageContext):
    """One page of a list of claims, topics, outlets or articles."""

    kind: str
    items: tuple[Claim | Source | Outlet | Topic, ...]
    pager: Pager


@dataclass(frozen=True, kw_only=True)
class GlossaryPage(PageContext):
    """Every term with its definition."""

    sections: tuple[GlossarySection, ...]


@dataclass(frozen=True, kw_only=True)
class TermPage(PageContext):
    """One page of every use of a glossary term."""

    kind: str
    section: str
    term: Term
    anchor: str
    count: int
    uses: tuple[Use, ...]
    pager: Pager


@dataclass(frozen=True, kw_only=True)
class TextPage(PageContext):
    """A page of content/pages/ (the methodology page also gets the rating scale, the about
    page who stands behind the site and how to reach it)."""

    page: Page
    scale: tuple[Term, ...]
    desk: tuple[DeskFact, ...] = ()
    contacts: tuple[DeskFact, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DeskFact:
    """A fact about the desk on the about page: its value, or why there is none."""

    label: str
    value: str  # "" when not known
    href: str = ""  # a contact's `mailto:` or web address
    markdown: bool = False  # the value is Markdown (funding, independence)
    missing: str = ""  # "not yet established" (declared so in site.yaml) or "not stated"


@dataclass(frozen=True, kw_only=True)
class TeamMember:
    """A person on the team page, with the claims they checked and those they reviewed."""

    person: Person
    checked: tuple[Claim, ...]
    reviewed: tuple[Claim, ...]


@dataclass(frozen=True, kw_only=True)
class TeamPage(PageContext):
    """Who checks and reviews the claims: each person with role, bio and claims."""

    members: tuple[TeamMember, ...]


@dataclass(frozen=True, kw_only=True)
class NotFoundPage(PageContext):
    """The 404 page, served at any depth (so `rooted`)."""


PAGE_KINDS = (
    HomePage,
    ClaimPage,
    SourcePage,
    OutletPage,
    ClaimantPage,
    DriftPage,
    CorrectionsPage,
    TopicPage,
    MatrixPage,
    IndexPage,
    GlossaryPage,
    TermPage,
    TextPage,
    TeamPage,
    NotFoundPage,
)
PARTS = (
    PageContext,
    Scope,
    OutletFinding,
    StripEntry,
    LatestClaim,
    Alternate,
    HeadLink,
    Pager,
    Fact,
    QuotedPassage,
    Column,
    Omission,
    CellEntry,
    GridRow,
    Grid,
    Ordering,
    Bar,
    Chart,
    Comparison,
    TermCount,
    LeftOut,
    Fingerprint,
    RenderingLink,
    DriftRow,
    EvidenceItem,
    VerdictCount,
    Citation,
    SourceParagraph,
    Use,
    GlossaryEntry,
    GlossarySection,
    DeskFact,
    TeamMember,
    LoggedCorrection,
)


BANNERS = {"draft": N_("Draft — not published"), "review": N_("In review — not published")}


def unpublished_banner(status: str) -> str:
    """The preview's banner on a draft's or a review's page, in the site's language; "" for
    a published one (`content.status`)."""
    return _(BANNERS[status]) if status in BANNERS else ""
