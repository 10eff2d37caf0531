"""Structured data and feeds read back as a consumer reads them: the ClaimReview JSON-LD of
each claim page, the page metadata, the Atom feed (feedparser), the sitemap, robots.txt,
data/claims.json and the W3C Web Annotations of every passage."""
from __future__ import annotations

import json

import feedparser
import pytest
from lxml import etree

from sitepages import build_site_from, built_sample, edit, html_pages, page, sample_copy, site_path  # noqa: F401

BASE = "https://example.org/checks/"


def claim_review(soup) -> dict:
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_claim_review_has_every_property(built_sample):
    data = claim_review(page(built_sample, "claims/fund-size/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == "The innovation fund will have €1 billion."
    assert data["url"] == BASE + "claims/fund-size/"
    assert data["datePublished"] == "2026-11-22" and data["dateModified"] == "2026-11-23"
    assert data["author"] == {"@type": "Organization", "name": "Sample Desk", "url": "https://example.org/"}
    assert data["reviewRating"] == {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1,
                                    "alternateName": "Accurate",
                                    "ratingExplanation": "The fund's size is €1 billion. One outlet gave it in dollars."}
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Ministers"}
    assert item["datePublished"] == "2021-10-22"


def test_appearance_lists_the_original_address_or_our_copy_when_it_is_unknown(built_sample):
    item = claim_review(page(built_sample, "claims/fund-size/"))["itemReviewed"]
    assert [a["url"] for a in item["appearance"]] == ["https://daily.example.org/2021/10/22/plan",
                                                       BASE + "sources/wire-story/"]
    assert item["appearance"][0]["publisher"] == {"@type": "Organization", "name": "The Daily Example"}


def test_an_unrated_claim_has_a_name_but_no_rating_value(built_sample):
    rating = claim_review(page(built_sample, "claims/better-plans/"))["reviewRating"]
    assert "ratingValue" not in rating
    assert rating["alternateName"] == "Unverifiable"
    assert (rating["bestRating"], rating["worstRating"]) == (5, 1)


def test_json_ld_cannot_be_broken_out_of_by_content(tmp_path):
    content = sample_copy(tmp_path)
    edit(content / "claims" / "plan-secret.yaml", "claim: The plan is secret.",
         "claim: 'The plan </script><script>alert(1)</script> & <!-- is secret.'")
    soup = page(build_site_from(content, tmp_path / "site"), "claims/plan-secret/")
    raw = (tmp_path / "site" / "claims" / "plan-secret" / "index.html").read_text(encoding="utf-8")
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert claim_review(soup)["claimReviewed"] == "The plan </script><script>alert(1)</script> & <!-- is secret."
    assert len(soup.find_all("script")) == 1


def test_every_page_has_description_canonical_open_graph_and_twitter_card(built_sample):
    for file in html_pages(built_sample):
        soup, path = page(built_sample, site_path(built_sample, file)), site_path(built_sample, file)
        meta = {m.get("name") or m.get("property"): m["content"] for m in soup.find_all("meta", content=True)
                if m.get("name") or m.get("property")}
        assert meta["description"], path
        for key in ("og:title", "og:description", "og:url", "og:type", "og:site_name", "twitter:card"):
            assert meta.get(key), (path, key)
        if path == "404.html":
            continue
        canonical = soup.find("link", rel="canonical")
        if canonical:  # every page but those not indexed
            assert canonical["href"] == meta["og:url"] == BASE + path


def test_atom_feed_parses_newest_first_with_dates_from_the_content(built_sample):
    feed = feedparser.parse((built_sample / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Sample Desk"
    assert feed.feed.updated == "2026-11-23T00:00:00Z"
    entries = [(e.link, e.updated) for e in feed.entries]
    assert entries == [(BASE + "claims/fund-size/", "2026-11-23T00:00:00Z"),
                       (BASE + "claims/plan-secret/", "2026-11-22T00:00:00Z"),
                       (BASE + "claims/better-plans/", "2026-11-22T00:00:00Z")]
    assert feed.entries[0].title == "Accurate: The innovation fund will have €1 billion."
    assert feed.entries[0].author == "Sample Desk"


def test_sitemap_lists_every_indexable_page_and_robots_points_to_it(built_sample):
    tree = etree.fromstring((built_sample / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = tree.xpath("//s:loc/text()", namespaces=ns)
    pages = {BASE + site_path(built_sample, f) for f in html_pages(built_sample)}
    assert set(locs) == pages - {BASE + "404.html", BASE + "search/"}
    assert tree.xpath("//s:url[s:loc='%sclaims/fund-size/']/s:lastmod/text()" % BASE, namespaces=ns) == ["2026-11-23"]
    assert (built_sample / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


def test_claims_json_has_every_claim_with_rating_coverage_and_passage_offsets(built_sample):
    data = json.loads((built_sample / "data" / "claims.json").read_bytes())
    claims = {c["id"]: c for c in data["claims"]}
    assert set(claims) == {"fund-size", "plan-secret", "better-plans"}
    fund = claims["fund-size"]
    assert fund["rating"] == {"id": "accurate", "label": "Accurate", "value": 5}
    assert [(c["outlet"], c["stance"]) for c in fund["coverage"]] == \
        [("daily", "misreports"), ("wire", "reports"), ("silent", "omits")]
    for claim in claims.values():
        for cov in claim["coverage"]:
            text = (built_sample / "data" / "sources" / f"{cov['source']}.txt").read_text(encoding="utf-8") \
                if "source" in cov else ""
            for p in cov.get("passages", []):
                assert text[p["start"]:p["end"]] == p["exact"]
                assert text[:p["start"]].endswith(p["prefix"]) and text[p["end"]:].startswith(p["suffix"])


def test_web_annotations_one_per_passage_with_quote_and_position_selectors(built_sample):
    data = json.loads((built_sample / "data" / "annotations.jsonld").read_bytes())
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld" and data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    claims = json.loads((built_sample / "data" / "claims.json").read_bytes())["claims"]
    passages = [p for c in claims for cov in c["coverage"] for p in cov.get("passages", [])]
    assert len(items) == data["total"] == len(passages) == 7
    for item, passage in zip(items, passages):
        assert item["type"] == "Annotation"
        target = item["target"]
        assert target["source"].startswith(BASE + "sources/")
        quote, position = target["selector"]
        assert quote == {"type": "TextQuoteSelector", "exact": passage["exact"], "prefix": passage["prefix"],
                         "suffix": passage["suffix"]}
        assert position == {"type": "TextPositionSelector", "start": passage["start"], "end": passage["end"]}
        source_page = page(built_sample, target["source"][len(BASE):])
        assert source_page.find(id=passage["id"]) is not None


@pytest.mark.parametrize("name", ["feed.xml", "sitemap.xml"])
def test_xml_outputs_are_well_formed(built_sample, name):
    etree.fromstring((built_sample / name).read_bytes())
