"""Wording drift as a reader meets it: one table of every drift (`drift/`), a "Wording
drift" section on each claim page, each source page's own drifts at the top, and every
link landing on an element that exists: the original on its evidence item, each
rendering on its marked words in our copy. Counts come from the model."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from sidelight.build import pipeline
from sitepages import SAMPLE, built_sample, page  # noqa: F401 (fixture)


@pytest.fixture(scope="module")
def model():
    return pipeline.check(SAMPLE).site


def target(built, from_path: str, href: str):
    """The element a link from page `from_path` lands on (the page itself without a fragment)."""
    url = urlsplit(urljoin("https://x.example/" + from_path, href))
    soup = page(built, url.path.lstrip("/"))
    return soup.find(id=url.fragment) if url.fragment else soup


def all_drift(model):
    return [d for c in model.claims.values() for d in c.drift]


def test_the_drift_page_lists_every_drift(model, built_sample):
    rows = page(built_sample, "drift/").select("table.drift tbody tr")
    assert all_drift(model)  # the sample has drift to show
    assert [tr["id"] for tr in rows] == [d.id for d in all_drift(model)]
    for tr, drift in zip(rows, all_drift(model)):
        assert tr.th.a.get_text() == model.claims[drift.claim].claim
        kind = tr.find("td", attrs={"data-label": "Kind"})
        assert kind.get_text(strip=True) == model.vocabulary.term("drift_kinds", drift.kind).label
        assert target(built_sample, "drift/", kind.a["href"]) is not None
        assert drift.note.split("*")[0] in tr.get_text()


def test_each_rendering_links_to_its_marked_words_in_our_copy(model, built_sample):
    rows = page(built_sample, "drift/").select("table.drift tbody tr")
    for tr, drift in zip(rows, all_drift(model)):
        items = tr.select("ul.renderings li")
        assert len(items) == len(drift.renderings)
        for li, rendering in zip(items, drift.renderings):
            assert li.select_one(".outlet").get_text() == model.outlets[rendering.outlet].name + ":"
            assert li.a.get_text() == rendering.passage.exact
            landed = target(built_sample, "drift/", li.a["href"])
            assert landed is not None, li.a["href"]
            assert landed["id"] == rendering.passage.id


def test_each_original_links_to_the_evidence_item_quoting_it(model, built_sample):
    rows = page(built_sample, "drift/").select("table.drift tbody tr")
    for tr, drift in zip(rows, all_drift(model)):
        cell = tr.find("td", attrs={"data-label": "The original words"})
        assert cell.q.get_text() == drift.original
        item = target(built_sample, "drift/", cell.a["href"])
        assert item.name == "li" and drift.original in item.blockquote.get_text()


def test_each_claim_page_lists_its_drifts_and_links_to_the_table(model, built_sample):
    for claim in model.claims.values():
        soup = page(built_sample, f"claims/{claim.id}/")
        section = soup.select_one("section.claim-drift")
        if not claim.drift:
            assert section is None
            continue
        assert [tr["id"] for tr in section.select("tbody tr")] == [d.id for d in claim.drift]
        assert target(built_sample, f"claims/{claim.id}/", section.p.a["href"]).select("table.drift")


def test_each_source_page_shows_its_own_drifts_at_the_top(model, built_sample):
    for source in model.sources.values():
        soup = page(built_sample, f"sources/{source.id}/")
        mine = [d for d in all_drift(model) if any(r.source == source.id for r in d.renderings)]
        section = soup.select_one("section.source-drift")
        if not mine:
            assert section is None
            continue
        assert section.find_next(id="article-text") is not None  # above the article
        assert [tr["id"] for tr in section.select("tbody tr")] == [d.id for d in mine]
        for tr, drift in zip(section.select("tbody tr"), mine):
            own = [r for r in drift.renderings if r.source == source.id]
            links = tr.select("ul.renderings a")
            assert [a.get_text() for a in links] == [r.passage.exact for r in own]
            for a, r in zip(links, own):  # the words are marked in the text below
                mark = soup.select_one("#article-text").find(id=a["href"].partition("#")[2])
                assert mark is not None and mark["id"] == r.passage.id


def test_glossary_drift_kinds_lead_to_the_drift_rows(model, built_sample):
    glossary = page(built_sample, "glossary/")
    for drift in all_drift(model):
        entry = glossary.find(id=f"drift-{drift.kind}")
        hrefs = [a["href"] for a in entry.select("ul.uses a")]
        assert f"../drift/#{drift.id}" in hrefs
        assert target(built_sample, "glossary/", f"../drift/#{drift.id}") is not None


def test_every_page_links_to_the_drift_table(built_sample):
    for path in ("", "claims/fund-size/", "outlets/daily/"):
        links = [a["href"] for a in page(built_sample, path).select("footer.site-footer a")]
        assert any(h.rstrip("/").endswith("drift") for h in links), path
