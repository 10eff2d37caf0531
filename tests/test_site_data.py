"""Structured data and feeds read back as a consumer reads them: the ClaimReview JSON-LD of
each claim page, the page metadata, the Atom feed (feedparser), the sitemap, robots.txt,
data/claims.json and the W3C Web Annotations of every passage."""
from __future__ import annotations

import json

import feedparser
import pytest
import yaml
from lxml import etree

from sitepages import SAMPLE, build_site_from, built_sample, edit, html_pages, page, sample_copy, site_path  # noqa: F401

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
    assert item["author"] == {"@type": "Organization", "name": "The Ministry",
                              "description": "A fictional ministry used in tests", "url": "https://ministry.example.org/"}
    assert item["datePublished"] == "2021-10-22"


def test_appearance_lists_the_original_address_or_our_copy_when_it_is_unknown(built_sample):
    item = claim_review(page(built_sample, "claims/fund-size/"))["itemReviewed"]
    assert [a["url"] for a in item["appearance"]] == ["https://daily.example.org/2021/10/22/plan",
                                                       BASE + "sources/wire-story/"]
    assert item["appearance"][0]["publisher"] == {"@type": "NewsMediaOrganization", "name": "The Daily Example",
                                                  "url": "https://daily.example.org/"}
    assert "firstAppearance" not in item, "the wire story is dated by its month only: it may have come first"


def test_the_first_appearance_is_the_earliest_when_every_article_has_a_full_date(tmp_path):
    content = sample_copy(tmp_path)
    edit(content / "sources" / "wire-story.txt", 'published: "2021-10"', 'published: "2021-10-21"')
    item = claim_review(page(build_site_from(content, tmp_path / "site"), "claims/fund-size/"))["itemReviewed"]
    assert item["firstAppearance"]["url"] == BASE + "sources/wire-story/"
    assert item["firstAppearance"] in item["appearance"]


def test_an_unrated_claim_has_a_name_but_no_rating_value(tmp_path):
    content = sample_copy(tmp_path)
    edit(content / "claims" / "plan-secret.yaml", "rating: mostly-accurate", "rating: unverifiable")
    soup = page(build_site_from(content, tmp_path / "site"), "claims/plan-secret/")
    rating = claim_review(soup)["reviewRating"]
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
                       (BASE + "claims/fund-size/", "2026-11-23T00:00:00Z"),  # its correction
                       (BASE + "claims/plan-secret/", "2026-11-22T00:00:00Z"),
                       (BASE + "claims/better-plans/", "2026-11-22T00:00:00Z"),
                       (BASE + "claims/attack-not-inevitable/", "2026-11-22T00:00:00Z")]
    author = yaml.safe_load((SAMPLE / "claims" / "fund-size.yaml").read_text(encoding="utf-8"))["author"]
    person = yaml.safe_load((SAMPLE / "people" / f"{author}.yaml").read_text(encoding="utf-8"))
    assert feed.entries[0].author == person["name"]  # who checked it, by their people record


def test_feed_titles_say_the_rating_or_that_an_opinion_is_not_rated_or_who_reported_it(built_sample):
    feed = feedparser.parse((built_sample / "feed.xml").read_bytes())
    titles = {e.link[len(BASE):]: e.title for e in feed.entries if not e.id.startswith(BASE + "corrections/")}
    assert titles["claims/fund-size/"] == "Accurate: The innovation fund will have €1 billion."
    assert titles["claims/better-plans/"] == \
        "Opinion (not rated): The alliance is strengthened with better and better plans."
    assert titles["claims/attack-not-inevitable/"] == \
        "Accurate: Officials said they do not consider an attack inevitable. (as reported by The Daily Example)"


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
    assert set(claims) == {"fund-size", "plan-secret", "better-plans", "attack-not-inevitable"}
    fund = claims["fund-size"]
    assert fund["rating"] == {"id": "accurate", "label": "Accurate", "value": 5}
    assert [(c["outlet"], c["fidelity"], c["stance"]) for c in fund["coverage"]] == \
        [("daily", "distorted", "neutral"), ("wire", "faithful", "neutral")]
    assert fund["coverage"][0]["note"] == "Gives the figure in *dollars*."
    for claim in claims.values():
        passages = [(cov["source"], p) for cov in claim["coverage"] for p in cov["passages"]]
        passages += [(r["source"], r["passage"]) for d in claim["drift"] for r in d["renderings"]]
        for source, p in passages:
            text = (built_sample / "data" / "sources" / f"{source}.txt").read_text(encoding="utf-8")
            assert text[p["start"]:p["end"]] == p["exact"]
            assert text[:p["start"]].endswith(p["prefix"]) and text[p["end"]:].startswith(p["suffix"])


def test_claims_json_says_the_kind_and_who_made_or_reported_the_claim(built_sample):
    claims = {c["id"]: c for c in json.loads((built_sample / "data" / "claims.json").read_bytes())["claims"]}
    assert {c["kind"] for c in claims.values()} == {"statement", "attribution", "opinion"}
    assert claims["fund-size"]["claimant"] == {"id": "the-ministry", "name": "The Ministry", "type": "organization",
                                               "role": "A fictional ministry used in tests",
                                               "url": "https://ministry.example.org/"}
    assert claims["plan-secret"]["claimant"] == {"id": "daily", "name": "The Daily Example", "type": "outlet",
                                                 "role": None, "url": None, "outlet": "daily"}
    attribution = claims["attack-not-inevitable"]
    assert attribution["claimant"] is None
    assert attribution["speaker"]["id"] == "officials" and attribution["speaker"]["type"] == "organization"
    assert attribution["attributed_by"] == [{"id": "daily", "name": "The Daily Example",
                                             "url": "https://daily.example.org/"}]
    opinion = claims["better-plans"]
    assert opinion["rating"] is None and opinion["speaker"] is None and opinion["attributed_by"] == []
    assert opinion["claimant"]["type"] == "person"


def test_claims_json_has_omissions_with_why_and_drift_with_renderings(built_sample):
    claims = {c["id"]: c for c in json.loads((built_sample / "data" / "claims.json").read_bytes())["claims"]}
    assert claims["better-plans"]["omissions"] == [{
        "outlet": "wire", "source": "wire-story",
        "why": "The wire reports the meeting but not the Secretary General's own assessment of it."}]
    assert claims["fund-size"]["omissions"] == [{
        "outlet": "silent", "source": None,
        "why": "The weekly reported the meeting but not the fund, the one figure it produced."}]
    (drift,) = claims["fund-size"]["drift"]
    assert (drift["kind"], drift["original"], drift["evidence"]) == ("figure", "EUR 1 billion", 0)
    assert drift["original"] in claims["fund-size"]["evidence"][drift["evidence"]]["quote"]
    assert [(r["outlet"], r["source"], r["passage"]["exact"]) for r in drift["renderings"]] == \
        [("daily", "daily-report", "an initial $ 1 billion"), ("wire", "wire-story", "€1 billion to invest")]
    assert drift["note"] == "The daily turns euros into dollars; the wire keeps the currency."
    for claim in claims.values():
        covered = {cov["outlet"] for cov in claim["coverage"]}
        assert not covered & {o["outlet"] for o in claim["omissions"]}, "an outlet either covers or omits"


def test_web_annotations_one_per_passage_with_quote_and_position_selectors(built_sample):
    """(Every MUST of the Web Annotation model: tests/test_open_data_annotations.py.)"""
    data = json.loads((built_sample / "data" / "annotations.jsonld").read_bytes())
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld" and data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    claims = json.loads((built_sample / "data" / "claims.json").read_bytes())["claims"]
    passages = []
    for claim in claims:
        passages += [p for cov in claim["coverage"] for p in cov["passages"]]
        passages += [r["passage"] for d in claim["drift"] for r in d["renderings"]]
    assert len(items) == data["total"] == len(passages) == 10  # 8 coverage passages, 2 drift renderings
    for item, passage in zip(items, passages):
        assert item["type"] == "Annotation"
        target = item["target"]
        assert target["source"].startswith(BASE + "sources/")
        quote, *position = target["selector"]
        assert quote == {"type": "TextQuoteSelector", "exact": passage["exact"], "prefix": passage["prefix"],
                         "suffix": passage["suffix"]}
        if "/daily-report/" in target["source"]:  # published in full; the wire story only in excerpts
            assert position == [{"type": "TextPositionSelector", "start": passage["start"], "end": passage["end"]}]
        else:
            assert position == []


@pytest.mark.parametrize("name", ["feed.xml", "sitemap.xml"])
def test_xml_outputs_are_well_formed(built_sample, name):
    etree.fromstring((built_sample / name).read_bytes())
