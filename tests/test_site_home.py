"""The home page reports what the site found: the scope it checked, every rating with its
count (opinions apart) linking to those claims, what stands out per outlet, the latest
claims each with a strip of the outlets that covered them, and the drift table's headline.
Every expectation is worked out from the model of the content built, never written in;
both the sample and the shipped content are checked."""

from __future__ import annotations

from collections import Counter

import pytest
from sitepages import REPO, SAMPLE, build_site_from, page

from sidelight.build import pipeline
from sidelight.pages.urls import claim_path, drift_path, outlet_path, term_path

CONTENTS = {"sample": SAMPLE, "shipped": REPO / "content"}


@pytest.fixture(scope="module", params=sorted(CONTENTS))
def built(request, tmp_path_factory):
    """(model, home page soup) for each content folder."""
    content = CONTENTS[request.param]
    site = build_site_from(content, tmp_path_factory.mktemp(f"home-{request.param}") / "site")
    return pipeline.check(content).site, page(site, "")


def words(tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def test_every_rating_is_counted_as_in_the_model_and_links_to_its_claims(built):
    model, soup = built
    counts = Counter(c.rating for c in model.claims.values() if c.rated)
    shown = {}
    for li in soup.select(".verdict-counts .verdict-count"):
        label = words(li.select_one(".rating"))
        shown[label] = int(words(li.select_one(".count")))
        rating = next((t for t in model.vocabulary.ratings if t.label == label), None)
        if rating and counts[rating.id]:
            assert li.a and li.a["href"] == term_path("ratings", rating.id), f"{label} does not link to its claims"
    expected = {t.label: counts[t.id] for t in model.vocabulary.ratings}
    opinions = sum(1 for c in model.claims.values() if not c.rated)
    if opinions:
        expected["Opinion · not rated"] = opinions
    assert shown == expected
    assert sum(shown.values()) == len(model.claims)


def test_the_scope_counts_claims_articles_and_outlets_from_the_model(built):
    model, soup = built
    scope = soup.select_one("#scope")
    text = words(scope)
    assert f"We checked {len(model.claims)} claim" in text
    assert f"in {len(model.sources)} article" in text
    outlets = {s.outlet for s in model.sources.values()}
    assert {a["href"] for a in scope.find_all("a")} == {outlet_path(o) for o in outlets}
    for o in outlets:
        outlet = model.outlets[o]
        if "name" in outlet.not_established:
            assert outlet.name not in text, "an outlet nobody identified is described in words, not named"
            assert "an outlet we could not identify" in text
        else:
            assert outlet.name in text
    if all(s.translated_from for s in model.sources.values()):
        assert "all of them are English translations from" in text or len(model.sources) == 1


def test_the_h1_says_what_the_site_checked_not_the_logo(built):
    model, soup = built
    h1 = words(soup.h1)
    assert h1 != model.settings.title and model.settings.title not in h1
    assert h1.startswith(f"{len(model.claims)} claim")


def departed(model, outlet: str, field: str, plain: str) -> tuple[int, int, Counter]:
    """(claims covered, claims with a reading other than `plain`, claims per such reading)."""
    mine = [{getattr(v, field) for v in c.coverage if v.outlet == outlet} for c in model.claims.values()]
    mine = [m for m in mine if m]
    how = Counter(t for m in mine for t in m if t != plain)
    return len(mine), sum(1 for m in mine if m - {plain}), how


def test_each_outlet_finding_counts_its_departures_and_sides_on_the_claims_it_covered(built):
    model, soup = built
    findings = {words(li.h3): words(li) for li in soup.select(".findings .finding")}
    assert set(findings) == {o.name for o in model.outlets.values()}
    for outlet in model.outlets.values():
        text = findings[outlet.name]
        assert "%" not in text, "the home page shows counts, never shares"
        n, fidelity, how = departed(model, outlet.id, "fidelity", "faithful")
        assert f"Covered {n} claim" in text
        if n and fidelity:
            assert f"departed from the original on {fidelity} of {n}" in text
            for term, count in how.items():
                assert f"{model.vocabulary.term('fidelities', term).label.lower()} {count}" in text
        _, sided, sides = departed(model, outlet.id, "stance", "neutral")
        if n and sided:
            assert f"took a side on {sided} of {n}" in text
            for term, count in sides.items():
                assert f"{model.vocabulary.term('stances', term).label.lower()} {count}" in text
        elif n:
            assert "took no side" in text


def test_every_latest_claim_lists_exactly_its_covering_outlets_with_fidelity_and_stance(built):
    model, soup = built
    items = soup.select(".latest-claims > li")
    newest = shown_latest(model, soup)
    assert items and len(items) == min(6, len(model.claims))
    for li, claim in zip(items, newest):
        assert words(li.select_one(".claim-link")) == claim.claim
        expected = {
            (
                model.outlets[v.outlet].name,
                model.vocabulary.term("fidelities", v.fidelity).label,
                model.vocabulary.term("stances", v.stance).label,
            )
            for v in claim.coverage
        }
        shown = [
            (
                words(a.select_one(".strip-outlet")),
                words(a.select_one(".strip-fidelity")).removeprefix("Fidelity: ").split(" ", 1)[-1],
                words(a.select_one(".strip-stance")).removeprefix("Stance: ").split(" ", 1)[-1],
            )
            for a in li.select(".outlet-strip .strip-entry")
        ]
        assert len(shown) == len(set(shown)) and set(shown) == expected, claim.id
        for a in li.select(".outlet-strip .strip-entry"):
            assert a["href"].startswith(claim_path(claim.id, "cover-")), a["href"]


def shown_latest(model, soup) -> list:
    by_path = {claim_path(c.id): c for c in model.claims.values()}
    return [by_path[a["href"].removeprefix("../")] for a in soup.select(".latest-claims > li .claim-link")]


def article(claim) -> str:
    return claim.coverage[0].source


def test_the_latest_claims_are_the_last_reviewed_varied_across_articles(built):
    """Newest review first; a claim is shown only if none reviewed later is left out; among
    claims reviewed the same day, the next one comes from an article shown least so far."""
    model, soup = built
    shown = shown_latest(model, soup)
    left = list(model.claims.values())
    seen: Counter = Counter()
    for claim in shown:
        day = max(c.reviewed for c in left)
        assert claim.reviewed == day, f"{claim.id} ({claim.reviewed}) shown before a claim reviewed {day}"
        rivals = {article(c) for c in left if c.reviewed == day}
        assert seen[article(claim)] == min(seen[a] for a in rivals), f"{claim.id}: its article was shown more often"
        seen[article(claim)] += 1
        left.remove(claim)
    newest_day = [c for c in model.claims.values() if c.reviewed == shown[0].reviewed]
    if len({article(c) for c in newest_day}) > 1:
        assert len(set(map(article, shown))) > 1, "every latest claim comes from one article"


def test_the_drift_headline_counts_the_drifts_by_kind_and_links_to_the_table(built):
    model, soup = built
    drifts = [d for c in model.claims.values() for d in c.drift]
    headline = soup.select_one(".drift-headline")
    if not drifts:
        assert headline is None
        return
    text = words(headline)
    assert headline.a["href"] == drift_path()
    assert text.startswith(f"{len(drifts)} wording drift")
    for kind, count in Counter(d.kind for d in drifts).items():
        assert f"{model.vocabulary.term('drift_kinds', kind).label.lower()} {count}" in text
