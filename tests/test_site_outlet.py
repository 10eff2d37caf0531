"""The outlet page: profile, articles and the framing fingerprint. An outlet is compared
with each other outlet in turn, only on the claims both covered; every share comes with
the counts it rests on, and below the minimum of shared claims there are counts only.
Expectations are worked out from the model, not written in."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from sidelight.build import pipeline
from sidelight.pages.fingerprint import MIN_SHARED
from sitepages import SAMPLE, add_claims, build_site_from, built_sample, page, sample_copy  # noqa: F401 (fixture)


@pytest.fixture(scope="module")
def model():
    return pipeline.check(SAMPLE).site


def shared(site, a: str, b: str) -> list:
    """The claims both outlets covered, from the model: the only claims a comparison may use."""
    covers = {o: {c.id for c in site.claims.values() if any(v.outlet == o for v in c.coverage)} for o in (a, b)}
    return [c for c in site.claims.values() if c.id in covers[a] & covers[b]]


def claim_counts(site, claims, outlet: str, field: str) -> Counter:
    """On how many of `claims` the outlet's coverage had each fidelity or stance (once a claim)."""
    return Counter(t for c in claims for t in {getattr(v, field) for v in c.coverage if v.outlet == outlet})


def table(figure) -> dict[str, tuple[str, ...]]:
    return {
        tr.th.get_text(strip=True): tuple(td.get_text(strip=True) for td in tr.find_all("td"))
        for tr in figure.select("table tbody tr")
    }


def label(site, kind: str, term_id: str) -> str:
    term = site.vocabulary.term(kind, term_id)
    return term.symbol + term.label


def check_comparisons(site, built, outlet_id: str) -> int:
    """Every pair of the outlet's page against the model; returns how many were checked."""
    soup = page(built, f"outlets/{outlet_id}/")
    checked = 0
    for other in site.outlets:
        if other == outlet_id:
            continue
        claims = shared(site, outlet_id, other)
        section = soup.find(id=f"compared-{other}")
        if not claims:
            assert section is None
            continue
        n = len(claims)
        basis = section.select_one("p.basis").get_text(" ", strip=True)
        assert basis.startswith(f"On the {n} claim{'s' * (n != 1)} both covered")
        listed = [a["href"] for a in section.select("details.shared-claims a")]
        assert listed == [f"../../claims/{c.id}/" for c in claims]
        for figure, (kind, field) in zip(
            section.select("figure.chart-box"), (("fidelities", "fidelity"), ("stances", "stance"))
        ):
            mine, theirs = claim_counts(site, claims, outlet_id, field), claim_counts(site, claims, other, field)
            expected = {}
            for term in mine.keys() | theirs.keys():
                if n >= MIN_SHARED:
                    cells = (
                        f"{round(100 * mine[term] / n)}% · {mine[term]} of {n}",
                        f"{round(100 * theirs[term] / n)}% · {theirs[term]} of {n}",
                    )
                else:
                    cells = (f"{mine[term]} of {n}", f"{theirs[term]} of {n}")
                expected[label(site, kind, term)] = cells
            assert table(figure) == expected
        checked += 1
    return checked


def test_each_comparison_uses_only_the_claims_both_covered_and_prints_n(model, built_sample):
    assert sum(check_comparisons(model, built_sample, o) for o in model.outlets) >= 2


def test_below_the_minimum_there_are_counts_only_and_the_page_says_why(model, built_sample):
    section = page(built_sample, "outlets/daily/").find(id="compared-wire")
    assert len(shared(model, "daily", "wire")) < MIN_SHARED
    assert "%" not in section.get_text()
    assert section.svg is None
    assert f"Fewer than {MIN_SHARED} shared claims" in section.select_one("p.small-sample").get_text()


def test_the_sentence_says_what_stands_out_as_the_model_counts_it(model, built_sample):
    section = page(built_sample, "outlets/daily/").find(id="compared-wire")
    sentence = section.select_one("p.standout").get_text()
    found = re.search(r"departed from the original on (\w+) of them(?: \(([^)]*)\))?, Example Wire on (\w+)", sentence)
    assert found, sentence
    mine, how, theirs = found.groups()
    claims = shared(model, "daily", "wire")

    def departed(outlet: str) -> list[str]:
        return [
            cov.fidelity
            for c in claims
            for cov in c.coverage
            if cov.outlet == outlet and cov.fidelity != "faithful"
        ]

    assert (0 if mine == "none" else int(mine)) == len(departed("daily"))
    assert (0 if theirs == "none" else int(theirs)) == len(departed("wire"))
    for fidelity in set(departed("daily")):
        label = model.vocabulary.term("fidelities", fidelity).label.lower()
        assert f"{label} {departed('daily').count(fidelity)}" in (how or "")
    assert mine != theirs


def test_with_enough_shared_claims_there_are_shares_and_charts(tmp_path):
    content = sample_copy(tmp_path)
    add_claims(content, MIN_SHARED)  # copies of a claim both the daily and the wire covered
    site = pipeline.check(content).site
    built = build_site_from(content, tmp_path / "site")
    assert len(shared(site, "daily", "wire")) >= MIN_SHARED
    assert check_comparisons(site, built, "daily") == check_comparisons(site, built, "wire") == 1
    section = page(built, "outlets/daily/").find(id="compared-wire")
    assert section.select_one("p.small-sample") is None
    svg = section.select_one("figure.chart-box svg")
    assert svg["role"] == "img"
    assert [svg.find(id=i).name for i in svg["aria-labelledby"].split()] == ["title", "desc"]
    assert (
        len(svg.select("rect.bar-this"))
        == len(svg.select("rect.bar-others"))
        == len(section.select_one("figure.chart-box").select("table tbody tr"))
    )
    n = len(shared(site, "daily", "wire"))
    assert all(f" of {n}" in t.get_text() for t in svg.select("text.chart-value"))


def test_omissions_are_counted_apart_never_as_a_stance(model, built_sample):
    silent = page(built_sample, "outlets/silent/")
    omitted = [(c, o) for c in model.claims.values() for o in c.omissions if o.outlet == "silent"]
    items = silent.select("section.left-out li")
    assert [li.a["href"] for li in items] == [f"../../claims/{c.id}/#omit-silent" for c, _ in omitted]
    assert all(o.why in li.get_text() for li, (_, o) in zip(items, omitted))
    assert silent.select("figure.chart-box") == []  # it covered nothing: no comparison
    assert "nothing to compare" in silent.select_one("section.fingerprint").get_text()


def test_frames_and_devices_are_counted_on_the_outlets_claims(model, built_sample):
    daily = page(built_sample, "outlets/daily/")
    claims = [c for c in model.claims.values() if any(v.outlet == "daily" for v in c.coverage)]
    frames = Counter(f for c in claims for f in {f for v in c.coverage if v.outlet == "daily" for f in v.frames})
    text = daily.select("p.term-counts")[0].get_text(" ", strip=True)
    for frame, count in frames.items():
        assert f"{model.vocabulary.term('frames', frame).label} ({count} of {len(claims)} claims)" in text


def test_articles_and_profile(built_sample):
    daily = page(built_sample, "outlets/daily/")
    assert [a.get_text() for a in daily.select("ul.sources a")] == ["Ministers agree on a plan"]
    assert "cited by 4 claims" in daily.select_one("ul.sources").get_text()
    wire = page(built_sample, "outlets/wire/")
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in wire.select("dl.facts dt")}
    assert facts["Website"] == "Not established"
    assert facts["Kind"] == "news agency"
    assert "We quote no article of this outlet" in page(built_sample, "outlets/silent/").get_text()
    assert not daily.find("script", src=True)
