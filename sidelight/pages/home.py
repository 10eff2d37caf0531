"""The home page reports what the site found: what it checked (the scope, computed from
the model), how many claims got each rating, what stands out in each outlet's coverage,
the newest claims each with a strip of the outlets that covered it, and the wording
drifts. Every figure is a count with what it rests on; no percentage is shown here, so
none can rest on fewer than `fingerprint.MIN_SHARED` claims."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from sidelight.model.records import Claim, Outlet, Site
from sidelight.pages.contexts import (
    HomePage,
    LatestClaim,
    OutletFinding,
    Scope,
    StripEntry,
    TermCount,
    VerdictCount,
)
from sidelight.pages.fingerprint import PLAIN, covered, departures, per_claim
from sidelight.pages.source import language
from sidelight.pages.urls import claim_path

HOME_LATEST = 6


def home(site: Site) -> HomePage:
    s = site.settings
    return HomePage(
        template="home.html",
        path="",
        title=s.title,
        description=s.description,
        canonical=s.base_url,
        scope=scope(site),
        verdicts=verdicts(site),
        findings=findings(site),
        latest=tuple(latest_claim(site, c) for c in newest(site.claims.values(), HOME_LATEST)),
        drifts=sum(len(c.drift) for c in site.claims.values()),
        drift_kinds=drift_kinds(site),
        claim_count=len(site.claims),
        topics=tuple(site.topics.values())[:10],
        outlets=tuple(site.outlets.values()),
    )


def unnamed(outlet: Outlet) -> bool:
    """An outlet standing in for a publisher nobody has identified."""
    return "name" in outlet.not_established


def scope(site: Site) -> Scope:
    """What the site checked, from the claims and the articles they quote."""
    sources = tuple(site.sources.values())
    outlets = tuple(site.outlets[o] for o in dict.fromkeys(s.outlet for s in sources))
    return Scope(
        claims=len(site.claims),
        articles=len(sources),
        translated=sum(1 for s in sources if s.translated_from),
        languages=tuple(dict.fromkeys(language(s.translated_from) for s in sources if s.translated_from)),
        months=tuple(sorted({s.published[:7] for s in sources if len(s.published) >= 7})),
        named=tuple(o for o in outlets if not unnamed(o)),
        unnamed=tuple(o for o in outlets if unnamed(o)),
    )


def verdicts(site: Site) -> tuple[VerdictCount, ...]:
    """Every rating of the scale with its count (zero included), opinions last, apart."""
    counts = Counter(c.rating if c.rated else "" for c in site.claims.values())
    rated = tuple(VerdictCount(rating=t, count=counts[t.id]) for t in site.vocabulary.ratings)
    return rated + ((VerdictCount(rating=None, count=counts[""]),) if counts[""] else ())


def findings(site: Site) -> tuple[OutletFinding, ...]:
    """Per outlet, on the claims it covered (a claim counts once, however many of its
    articles quote it): how often it departed from the original and how, how often it took
    a side and which, and how many claims it left out."""
    cover = covered(site)
    left_out = Counter(o.outlet for c in site.claims.values() for o in c.omissions)
    out = []
    for outlet in site.outlets.values():
        mine = list(cover[outlet.id].values())
        out.append(
            OutletFinding(
                outlet=outlet,
                claims=len(mine),
                departed=departures(mine, "fidelities"),
                fidelities=not_plain(site, "fidelities", per_claim(mine, "fidelity")),
                sided=departures(mine, "stances"),
                stances=not_plain(site, "stances", per_claim(mine, "stance")),
                left_out=left_out[outlet.id],
            )
        )
    return tuple(out)


def not_plain(site: Site, kind: str, counts: Counter) -> tuple[TermCount, ...]:
    """The terms other than the plain one (faithful, neutral) with their counts, in vocabulary order."""
    terms = getattr(site.vocabulary, kind)
    return tuple(TermCount(term=t, count=counts[t.id]) for t in terms if t.id != PLAIN[kind] and counts[t.id])


def newest(claims: Iterable[Claim], count: int) -> list[Claim]:
    """The `count` claims reviewed last, newest first; among claims reviewed on the same
    day, one from the article least shown so far comes next, so one long article checked
    in a day does not fill the list. A claim is never put before one reviewed later, and
    the order is fixed by the content alone (ties end on the claim's id). Only the claims
    of the days shown are looked at beyond their review date, and no claim is compared
    whole, so an incremental build keeps the home page when another field of a claim
    changes (see build/tracking.py)."""
    by_day: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_day[claim.reviewed].append(claim)
    shown: Counter = Counter()
    out: list[Claim] = []
    for day in sorted(by_day, reverse=True):
        left = by_day[day]
        while left and len(out) < count:
            pick = min(left, key=lambda c: (shown[article(c)], c.id))
            out.append(pick)
            left = [c for c in left if c is not pick]
            shown[article(pick)] += 1
        if len(out) == count:
            break
    return out


def article(claim: Claim) -> str:
    """The article a claim was found in: the source of its first coverage entry."""
    return claim.coverage[0].source if claim.coverage else ""


def latest_claim(site: Site, claim: Claim) -> LatestClaim:
    """A claim with one strip entry per outlet and reading (an outlet whose two articles
    read the claim alike appears once)."""
    entries: dict[tuple[str, str, str], StripEntry] = {}
    for cov in claim.coverage:
        key = (cov.outlet, cov.fidelity, cov.stance)
        entries.setdefault(
            key,
            StripEntry(
                outlet=site.outlets[cov.outlet],
                fidelity=site.vocabulary.term("fidelities", cov.fidelity),
                stance=site.vocabulary.term("stances", cov.stance),
                href=claim_path(claim.id, f"cover-{cov.source}"),
            ),
        )
    return LatestClaim(
        claim=claim,
        rating=site.vocabulary.term("ratings", claim.rating) if claim.rated else None,
        strip=tuple(entries.values()),
    )


def drift_kinds(site: Site) -> tuple[TermCount, ...]:
    counts = Counter(d.kind for c in site.claims.values() for d in c.drift)
    return tuple(TermCount(term=t, count=counts[t.id]) for t in site.vocabulary.drift_kinds if counts[t.id])
