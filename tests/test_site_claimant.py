"""Claimant pages (as PolitiFact's personality pages): who they are, in words; the claims
they made with our verdicts counted; the words outlets attribute to them apart, rated on
whether they said them. Expectations come from the model."""
from __future__ import annotations

from collections import Counter

import pytest

from sidelight.build import pipeline
from sitepages import SAMPLE, built_sample, page  # noqa: F401 (fixture)

TYPES = {"person": "Person", "organization": "Organisation", "outlet": "Outlet"}


@pytest.fixture(scope="module")
def model():
    return pipeline.check(SAMPLE).site


def counts(soup, section_id: str) -> dict[str, int]:
    section = soup.find(id=section_id).parent
    return {li.select_one(".rating").get_text(" ", strip=True).removeprefix("Rating: "):
            int(li.select_one(".count").get_text().strip("× "))
            for li in section.select("ul.verdict-counts li")}


def expected_counts(model, claims) -> dict[str, int]:
    tally = Counter(c.rating for c in claims)
    return {(model.vocabulary.term("ratings", r).label if r else "Opinion · not rated"): n for r, n in tally.items()}


def test_each_claimant_page_lists_exactly_their_claims_with_verdict_counts(model, built_sample):
    assert any(c.speaker for c in model.claims.values())  # the sample has an attribution
    for claimant in model.claimants.values():
        soup = page(built_sample, f"claimants/{claimant.id}/")
        made = [c for c in model.claims.values() if c.claimant == claimant.id]
        said = [c for c in model.claims.values() if c.speaker == claimant.id]
        made_links = [a["href"] for a in soup.find(id="made-h").parent.select("a.claim-link")]
        assert made_links == [f"../../claims/{c.id}/" for c in made], claimant.id
        attributed = soup.find(id="attributed-h")
        if said:
            links = [a["href"] for a in attributed.parent.select("a.claim-link")]
            assert links == [f"../../claims/{c.id}/" for c in said]
            assert "whether" in attributed.find_next("p").get_text()
            assert counts(soup, "attributed-h") == expected_counts(model, said)
        else:
            assert attributed is None
        assert counts(soup, "made-h") == expected_counts(model, made)
        assert TYPES[claimant.type] in soup.select_one("header .kicker").get_text()


def test_the_index_lists_every_claimant_with_type_and_count(model, built_sample):
    items = page(built_sample, "claimants/").select("ul.claimants li")
    assert sorted(li.a["href"] for li in items) == sorted(f"{c}/" for c in model.claimants)
    for li in items:
        claimant = model.claimants[li.a["href"].rstrip("/")]
        n = len(model.by_claimant.get(claimant.id, ()))
        meta = li.select_one(".meta").get_text()
        assert meta.startswith(TYPES[claimant.type]) and meta.endswith(f"{n} claim{'s' * (n != 1)}")


def test_claim_pages_name_the_claimant_or_the_speaker_and_the_outlets(model, built_sample):
    for claim in model.claims.values():
        line = page(built_sample, f"claims/{claim.id}/").select_one("p.claimant")
        who = model.claimants[claim.speaker or claim.claimant]
        assert line.a["href"] == f"../../claimants/{who.id}/"
        if claim.kind == "attribution":
            names = [model.outlets[o].name for o in claim.attributed_by]
            text = line.get_text()
            assert text.startswith(f"— {who.name} ({who.role}), as reported by {names[0]}")
            assert [a.get_text() for a in line.select("a")[1:]] == names
