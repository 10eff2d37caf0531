"""Claims × outlets grids: the comparison matrix (every claim, every outlet) and each
topic's grid. A cell shows the stance as symbol and words, never colour alone, and links to
the quoted passage. The matrix is "sortable" without script: each ordering is its own set
of pre-rendered, paginated pages, offered as links. The "where outlets differ" view is one
more such set: only the claims that at least two outlets covered and rendered differently."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sidelight.model.records import Claim, Coverage, Outlet, Site, Topic
from sidelight.pages.contexts import CellEntry, Grid, GridRow, MatrixPage, Ordering, TopicPage
from sidelight.pages.markup import first_sentence
from sidelight.pages.messages import N_, _
from sidelight.pages.paginate import head_links, paginate
from sidelight.pages.urls import absolute, claim_path, matrix_path, source_path, topic_path

ORDERINGS = (
    ("date", N_("newest first"), matrix_path()),
    ("rating", N_("rating, truest first"), matrix_path("rating")),
    ("topic", N_("topic"), matrix_path("topic")),
    ("claimant", N_("claimant"), matrix_path("claimant")),
)


def cells(site: Site, claim: Claim, outlet_ids: tuple[str, ...]) -> tuple[tuple[CellEntry, ...], ...]:
    """A row's cells, one per outlet: the claim's coverage is walked once, not per outlet."""
    by_outlet: dict[str, list[CellEntry]] = {}
    for cov in claim.coverage:
        by_outlet.setdefault(cov.outlet, []).append(entry(site, claim, cov))
    for omission in claim.omissions:
        omitted = CellEntry(
            fidelity=None, stance=None, href=claim_path(claim.id, f"omit-{omission.outlet}"), source=None
        )
        by_outlet.setdefault(omission.outlet, []).append(omitted)
    return tuple(tuple(by_outlet.get(o, ())) for o in outlet_ids)


def entry(site: Site, claim: Claim, cov: Coverage) -> CellEntry:
    """Links to the first quoted passage, marked in the article as we keep it."""
    v = site.vocabulary
    fidelity, stance = v.term("fidelities", cov.fidelity), v.term("stances", cov.stance)
    passage = source_path(cov.source, cov.passages[0].id) if cov.passages else ""
    target = passage or claim_path(claim.id, f"cover-{cov.source}")
    return CellEntry(fidelity=fidelity, stance=stance, href=target, source=site.sources[cov.source])


def grid(site: Site, claims: tuple[Claim, ...], outlets: tuple[Outlet, ...], caption: str) -> Grid:
    ids = tuple(o.id for o in outlets)
    rows = tuple(
        GridRow(
            claim=c,
            rating=site.vocabulary.term("ratings", c.rating) if c.rated else None,
            topic=site.topics[c.topic],
            cells=cells(site, c, ids),
        )
        for c in claims
    )
    return Grid(outlets=outlets, rows=rows, caption=caption)


def ordered(site: Site, key: str) -> tuple[Claim, ...]:
    """Claims in one of the matrix's orders; ties keep the newest-first order."""
    claims = tuple(site.claims.values())  # the model keeps them newest first
    ranks = {t.id: i for i, t in enumerate(site.vocabulary.ratings)}
    keys: dict[str, Callable[[Claim], Any]] = {
        "date": lambda c: 0,
        "rating": lambda c: ranks.get(c.rating, len(ranks)),  # opinions (not rated) last
        "topic": lambda c: site.topics[c.topic].title.casefold(),
        "claimant": lambda c: site.claimants[c.claimant_ids[0]].name.casefold(),
    }
    return tuple(sorted(claims, key=keys[key]))


EMPTY_CELL = N_("; an empty cell: the outlet did not cover the claim's subject")
DIFFER = "differ"  # the key and path (`matrix/by-differ/`) of the "where outlets differ" view


def outlets_differ(claim: Claim) -> bool:
    """At least two outlets covered the claim, and not every rendering of it has the same
    fidelity and stance: the claims where comparing outlets tells a reader something."""
    outlets = {cov.outlet for cov in claim.coverage}
    treatments = {(cov.fidelity, cov.stance) for cov in claim.coverage}
    return len(outlets) >= 2 and len(treatments) >= 2


def matrix_pages(site: Site) -> list[MatrixPage]:
    outlets = tuple(site.outlets.values())
    out = []
    for key, label, base in ORDERINGS:
        orderings = tuple(Ordering(key=k, label=_(lab), path=p, current=k == key) for k, lab, p in ORDERINGS)
        caption = _("Claims (rows, sorted by %(label)s) against outlets (columns)", label=_(label))
        out += view_pages(site, ordered(site, key), outlets, base, caption, orderings)
    orderings = tuple(Ordering(key=k, label=_(lab), path=p, current=False) for k, lab, p in ORDERINGS)
    differ = tuple(c for c in ordered(site, "date") if outlets_differ(c))
    caption = _("Claims on which outlets differ (rows, newest first) against outlets (columns)")
    out += view_pages(site, differ, outlets, matrix_path(DIFFER), caption, orderings, only_differ=True)
    return out


def view_pages(
    site: Site,
    claims: tuple[Claim, ...],
    outlets: tuple[Outlet, ...],
    base: str,
    caption: str,
    orderings: tuple[Ordering, ...],
    only_differ: bool = False,
) -> list[MatrixPage]:
    """One view of the matrix (an ordering, or the claims where outlets differ), paginated."""
    out = []
    title = _("Where outlets differ") if only_differ else _("Comparison matrix")
    description = (
        _("The claims on which outlets differ: how each outlet treated each of them.")
        if only_differ
        else _("Every claim against every outlet: how each outlet treated each claim.")
    )
    for chunk, pager in paginate(claims, base):
        path = pager.pages[pager.number - 1][1]
        out.append(
            MatrixPage(
                template="matrix.html",
                path=path,
                title=title + page_suffix(pager.number),
                description=description,
                canonical=absolute(site.settings.base_url, path),
                head_links=head_links(pager),
                grid=grid(site, chunk, outlets, caption + _(EMPTY_CELL)),
                orderings=orderings,
                pager=pager,
                only_differ=only_differ,
                differ_count=len(claims) if only_differ else 0,
            )
        )
    return out


def page_suffix(number: int) -> str:
    return " " + _("(page %(number)s)", number=number) if number > 1 else ""


def topic_pages(site: Site, topic: Topic) -> list[TopicPage]:
    """A topic's claims and its grid of the outlets involved, 50 claims a page."""
    claims = site.by_topic.get(topic.id, ())
    involved = {cov.outlet for c in claims for cov in c.coverage} | {o.outlet for c in claims for o in c.omissions}
    outlets = tuple(o for o in site.outlets.values() if o.id in involved)
    out = []
    for chunk, pager in paginate(claims, topic_path(topic.id)):
        path = pager.pages[pager.number - 1][1]
        out.append(
            TopicPage(
                template="topic.html",
                path=path,
                title=topic.title + page_suffix(pager.number),
                description=first_sentence(topic.summary),
                canonical=absolute(site.settings.base_url, path),
                head_links=head_links(pager),
                topic=topic,
                claims=chunk,
                pager=pager,
                grid=grid(
                    site,
                    chunk,
                    outlets,
                    _(
                        "Claims of this topic (rows) against the outlets that covered the event"
                        " (columns); an empty cell: the outlet did not cover that claim's subject"
                    ),
                ),
            )
        )
    return out
