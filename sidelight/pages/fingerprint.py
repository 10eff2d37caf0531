"""An outlet's framing fingerprint, compared honestly: with each other outlet in turn, only
on the claims both covered (never with an average over different claims), every share
printed with the counts it rests on, and no percentage at all below `MIN_SHARED` shared
claims. A claim counts once per term: an outlet with two articles on a claim, one
faithful and one distorted, counts once under each. Omissions are listed apart, with why
they matter, and never count as a stance or a fidelity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from markupsafe import Markup

from sidelight.model.records import Coverage, Outlet, Site
from sidelight.pages.charts import svg
from sidelight.pages.contexts import Bar, Chart, Comparison, Fingerprint, LeftOut, TermCount
from sidelight.pages.messages import N_, _, ngettext

MIN_SHARED = 5  # fewer shared claims than this: counts only, percentages would mislead
COMPARED = (("fidelities", N_("Fidelity")), ("stances", N_("Stance")))
PLAIN = {"fidelities": "faithful", "stances": "neutral"}  # what does not stand out

Covered = dict[str, dict[str, tuple[Coverage, ...]]]  # outlet id → claim id → its coverage


def covered(site: Site) -> Covered:
    """Each outlet's coverage entries by claim, claims in the site's order (newest first)."""
    out: Covered = {o: {} for o in site.outlets}
    for claim in site.claims.values():
        for cov in claim.coverage:
            out[cov.outlet][claim.id] = out[cov.outlet].get(claim.id, ()) + (cov,)
    return out


def per_claim(entries: Iterable[tuple[Coverage, ...]], field: str) -> Counter:
    """On how many claims each term occurs (once per claim, however many articles)."""
    counts: Counter = Counter()
    for covs in entries:
        counts.update({getattr(c, field) for c in covs})
    return counts


def articles(entries: Iterable[tuple[Coverage, ...]]) -> int:
    return len({c.source for covs in entries for c in covs})


def fingerprint(site: Site, cover: Covered, outlet: Outlet) -> Fingerprint:
    mine = cover[outlet.id]
    comparisons = [comparison(site, cover, outlet, other) for other in site.outlets.values() if other.id != outlet.id]
    return Fingerprint(
        claims=len(mine),
        articles=articles(mine.values()),
        comparisons=tuple(c for c in comparisons if c is not None),
        unshared=tuple(
            o for o, c in zip((o for o in site.outlets.values() if o.id != outlet.id), comparisons) if c is None
        ),
        frames=term_counts(site, "frames", mine.values()),
        devices=term_counts(site, "devices", mine.values()),
        left_out=tuple(
            LeftOut(claim=claim, why=o.why, source=site.sources.get(o.source))
            for claim in site.claims.values()
            for o in claim.omissions
            if o.outlet == outlet.id
        ),
        minimum=MIN_SHARED,
    )


def term_counts(site: Site, kind: str, entries: Iterable[tuple[Coverage, ...]]) -> tuple[TermCount, ...]:
    """Frames or devices with the number of claims they were recorded on, in vocabulary order."""
    counts: Counter = Counter()
    for covs in entries:
        counts.update({t for c in covs for t in getattr(c, kind)})
    return tuple(TermCount(term=t, count=counts[t.id]) for t in getattr(site.vocabulary, kind) if counts[t.id])


def comparison(site: Site, cover: Covered, outlet: Outlet, other: Outlet) -> Comparison | None:
    """`outlet` against `other` on the claims both covered; None when they share none."""
    shared = tuple(site.claims[c] for c in shared_claims(cover, outlet.id, other.id))
    if not shared:
        return None
    mine = [cover[outlet.id][c.id] for c in shared]
    theirs = [cover[other.id][c.id] for c in shared]
    enough = len(shared) >= MIN_SHARED
    charts = tuple(
        chart(
            site,
            kind,
            _(title),
            outlet,
            other,
            per_claim(mine, kind_field(kind)),
            per_claim(theirs, kind_field(kind)),
            len(shared),
            enough,
        )
        for kind, title in COMPARED
    )
    return Comparison(
        other=other,
        claims=shared,
        articles=articles(mine),
        other_articles=articles(theirs),
        enough=enough,
        sentence=standout(outlet, other, charts, mine, theirs),
        charts=charts,
    )


def kind_field(kind: str) -> str:
    return {"fidelities": "fidelity", "stances": "stance"}[kind]


def chart(
    site: Site,
    kind: str,
    title: str,
    outlet: Outlet,
    other: Outlet,
    mine: Counter,
    theirs: Counter,
    n: int,
    enough: bool,
) -> Chart:
    """A bar per term either outlet had on the shared claims, in vocabulary order."""
    bars = tuple(
        Bar(
            term=t,
            count=mine[t.id],
            other_count=theirs[t.id],
            share=mine[t.id] / n if enough else None,
            others=theirs[t.id] / n if enough else None,
        )
        for t in getattr(site.vocabulary, kind)
        if mine[t.id] or theirs[t.id]
    )
    drawn = svg(
        f"chart-{other.id}-{kind}",
        ngettext(
            "%(title)s: %(outlet)s and %(other)s, on %(num)s claim",
            "%(title)s: %(outlet)s and %(other)s, on %(num)s claims",
            n,
            title=title,
            outlet=outlet.name,
            other=other.name,
        ),
        bars,
        n,
        other.name,
    )
    return Chart(kind=kind, title=title, bars=bars, svg=drawn if enough else Markup(""))


def departures(entries: list[tuple[Coverage, ...]], kind: str) -> int:
    """On how many claims an outlet's coverage was other than plain (`PLAIN[kind]`: not
    faithful, or not neutral): a claim counts once, however many of its articles departed."""
    field, plain = kind_field(kind), PLAIN[kind]
    return sum(1 for covs in entries if any(getattr(c, field) != plain for c in covs))


DIFFERS = {  # how an outlet differs, on how many of the shared claims (some, none)
    "fidelities": (
        N_("%(outlet)s departed from the original on %(count)s of them"),
        N_("%(outlet)s departed from the original on none of them"),
    ),
    "stances": (N_("%(outlet)s took a side on %(count)s of them"), N_("%(outlet)s took a side on none of them")),
}
OTHER_ON = (N_("%(other)s on %(count)s"), N_("%(other)s on none"))


def standout(outlet: Outlet, other: Outlet, charts: tuple[Chart, ...], mine: list, theirs: list) -> str:
    """One sentence on what differs: how often each departed from the original (with how),
    or, if that is equal, how often each took a side; or that nothing differs."""
    for kind, (some, none) in DIFFERS.items():
        a, b = departures(mine, kind), departures(theirs, kind)
        if a != b:
            bars = next(c.bars for c in charts if c.kind == kind)
            how = [(bar.term.label.lower(), bar.count, bar.other_count) for bar in bars if bar.term.id != PLAIN[kind]]
            ours = ", ".join(f"{label} {n}" for label, n, _ in how if n)
            others = ", ".join(f"{label} {n}" for label, _, n in how if n)
            return (
                _(some if a else none, outlet=outlet.name, count=a)
                + (f" ({ours})" if ours else "")
                + ", "
                + _(OTHER_ON[0] if b else OTHER_ON[1], other=other.name, count=b)
                + (f" ({others})" if others else "")
                + "."
            )
    if not any(departures(mine, k) + departures(theirs, k) for k in DIFFERS):
        return _("Nothing stands out: on these claims neither outlet departed from the original or took a side.")
    return _("Nothing stands out: on these claims both departed from the original and took sides equally often.")


def shared_claims(cover: Covered, a: str, b: str) -> tuple[str, ...]:
    """The ids of the claims both outlets covered (for tests and the open data alike)."""
    return tuple(c for c in cover[a] if c in cover[b])
