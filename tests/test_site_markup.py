"""The ClaimReview JSON-LD of every built claim page, read back from the HTML as a search
engine reads it: one per rated claim (statement, attribution), none for an opinion; the
claim's author typed from the claimant record, an attribution authored by the outlets that
attributed the words (never the speaker); and every ClaimReview checked against the
properties Google documents and the types schema.org defines."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from sitepages import SAMPLE, build_site_from, built_sample, edit, page, sample_copy  # noqa: F401

# Google Search Central, "Fact check (ClaimReview) structured data",
# https://developers.google.com/search/docs/appearance/structured-data/factcheck
# ClaimReview: claimReviewed, reviewRating, url required; author (Organization or Person,
# with a name), datePublished, itemReviewed (a Claim) recommended. Rating: alternateName
# required; ratingValue, bestRating, worstRating (numbers) recommended, for a numeric
# scale. Claim: author (Organization or Person), datePublished, appearance and
# firstAppearance (URL or CreativeWork) recommended.
GOOGLE_REQUIRED = {
    "ClaimReview": {"claimReviewed", "reviewRating", "url", "author", "itemReviewed", "datePublished"},
    "Rating": {"alternateName"},
    "Claim": {"author", "datePublished", "appearance"},
}
# Which schema.org types each property's value may take, as Google and schema.org give
# them (subtypes count: NewsMediaOrganization is an Organization).
VALUE_TYPES = {
    ("ClaimReview", "author"): {"Organization", "Person"},
    ("ClaimReview", "publisher"): {"Organization", "Person"},
    ("ClaimReview", "contributor"): {"Organization", "Person"},
    ("ClaimReview", "editor"): {"Person"},
    ("ClaimReview", "reviewRating"): {"Rating"},
    ("ClaimReview", "itemReviewed"): {"Claim"},
    ("Claim", "author"): {"Organization", "Person"},
    ("Claim", "appearance"): {"CreativeWork"},
    ("Claim", "firstAppearance"): {"CreativeWork"},
    ("CreativeWork", "publisher"): {"Organization", "Person"},
}
SUPERTYPE = {"NewsMediaOrganization": "Organization", "ClaimReview": "Review", "Claim": "CreativeWork"}
# Properties schema.org defines on each type (its own and inherited from Thing, CreativeWork,
# Review, Organization), read on https://schema.org/ClaimReview, /Claim, /Rating,
# /NewsMediaOrganization, /Organization, /Person, /CreativeWork. Only those a fact-check page
# could use are listed: a property missing here fails the test until someone checks it there.
THING = {"@type", "name", "alternateName", "description", "url", "sameAs", "identifier", "image"}
CREATIVE_WORK = THING | {"author", "datePublished", "dateModified", "headline", "publisher", "inLanguage", "text",
                         "contributor", "editor"}
ORGANIZATION = THING | {"logo", "legalName", "address"}
SCHEMA_ORG = {
    "ClaimReview": CREATIVE_WORK | {"@context", "claimReviewed", "reviewRating", "itemReviewed", "reviewBody"},
    "Claim": CREATIVE_WORK | {"appearance", "firstAppearance", "claimInterpreter"},
    "Rating": THING | {"ratingValue", "bestRating", "worstRating", "ratingExplanation", "reviewAspect", "author"},
    "CreativeWork": CREATIVE_WORK,
    "Organization": ORGANIZATION,
    "NewsMediaOrganization": ORGANIZATION | {"masthead", "ethicsPolicy", "correctionsPolicy"},
    "Person": THING | {"jobTitle", "affiliation", "worksFor"},
}


def json_ld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def claims_of(content: Path) -> dict[str, dict]:
    return {f.stem: yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((content / "claims").glob("*.yaml"))}


def records(content: Path, folder: str) -> dict[str, dict]:
    return {f.stem: yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((content / folder).glob("*.yaml"))}


def is_a(type_: str, expected: set[str]) -> bool:
    while type_ not in expected and type_ in SUPERTYPE:
        type_ = SUPERTYPE[type_]
    return type_ in expected


def problems(node: dict, where: str = "ClaimReview") -> list[str]:
    """What in `node` breaks Google's required properties, schema.org's properties of its
    type, or the types a property's value may take; nested nodes checked in turn."""
    type_ = node.get("@type")
    if type_ not in SCHEMA_ORG:
        return [f"{where}: type {type_!r} not checked here"]
    out = [f"{where}: {type_} lacks {p}" for p in sorted(GOOGLE_REQUIRED.get(type_, set()) - set(node))]
    out += [f"{where}: schema.org defines no {p} on {type_}" for p in sorted(set(node) - SCHEMA_ORG[type_])]
    if type_ in ("Organization", "NewsMediaOrganization", "Person") and not node.get("name"):
        out.append(f"{where}: {type_} without a name")
    for prop, value in node.items():
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            if not isinstance(item, dict):
                continue
            expected = next((v for (t, p), v in VALUE_TYPES.items() if p == prop and is_a(type_, {t})), None)
            if expected and not is_a(item.get("@type", ""), expected):
                out.append(f"{where}.{prop}[{i}]: a {item.get('@type')}, not one of {sorted(expected)}")
            out += problems(item, f"{where}.{prop}[{i}]")
    return out


def rating_problems(rating: dict) -> list[str]:
    """Google: a numeric rating gives ratingValue with bestRating and worstRating, all
    numbers, the value between them; a rating without a number only its name."""
    if "ratingValue" not in rating:
        return []
    numbers = [rating.get(k) for k in ("ratingValue", "bestRating", "worstRating")]
    if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
        return [f"rating numbers {numbers}"]
    value, best, worst = numbers
    return [] if min(best, worst) <= value <= max(best, worst) else [f"ratingValue {value} outside {worst}..{best}"]


def test_every_claim_page_has_a_claim_review_only_when_the_claim_is_rated(built_sample):
    kinds = {cid: c["kind"] for cid, c in claims_of(SAMPLE).items()}
    assert set(kinds.values()) == {"statement", "attribution", "opinion"}, "the sample has one claim of each kind"
    for cid, kind in kinds.items():
        found = json_ld(page(built_sample, f"claims/{cid}/"))
        if kind == "opinion":
            assert found == [], f"{cid}: an opinion is not rated, so it has no ClaimReview"
        else:
            assert [d["@type"] for d in found] == ["ClaimReview"], cid


def test_every_claim_review_meets_google_and_schema_org(built_sample):
    checked = 0
    for cid in claims_of(SAMPLE):
        for review in json_ld(page(built_sample, f"claims/{cid}/")):
            assert review["@context"] == "https://schema.org"
            assert problems(review) == [], cid
            assert rating_problems(review["reviewRating"]) == [], cid
            checked += 1
    assert checked == 3


def test_the_check_itself_refuses_what_google_or_schema_org_would(built_sample):
    review = json_ld(page(built_sample, "claims/fund-size/"))[0]
    assert problems(review) == []
    without_url = {k: v for k, v in review.items() if k != "url"}
    assert problems(without_url) == ["ClaimReview: ClaimReview lacks url"]
    person_claim = review | {"itemReviewed": review["itemReviewed"] | {"author": {"@type": "Person", "role": "x"}}}
    assert "ClaimReview.itemReviewed[0].author[0]: schema.org defines no role on Person" in problems(person_claim)
    rated_by_place = review | {"author": {"@type": "Place", "name": "x"}}
    assert "ClaimReview.author[0]: a Place, not one of ['Organization', 'Person']" in problems(rated_by_place)
    assert rating_problems(review["reviewRating"] | {"ratingValue": 9}) == ["ratingValue 9 outside 1..5"]


def test_a_statement_is_authored_as_its_claimant_record_says(built_sample):
    claimants, outlets = records(SAMPLE, "claimants"), records(SAMPLE, "outlets")
    for cid, claim in claims_of(SAMPLE).items():
        if claim["kind"] != "statement":
            continue
        record = claimants[claim["claimant"]]
        author = json_ld(page(built_sample, f"claims/{cid}/"))[0]["itemReviewed"]["author"]
        if record["type"] == "outlet":
            assert author["@type"] == "NewsMediaOrganization", cid
            assert author["name"] == outlets[record["outlet"]]["name"]
        else:
            assert author["@type"] == {"person": "Person", "organization": "Organization"}[record["type"]], cid
            assert author["name"] == record["name"]
    types = {claimants[c["claimant"]]["type"] for c in claims_of(SAMPLE).values() if c["kind"] == "statement"}
    assert types == {"organization", "outlet"}, "the sample's statements: one by an organisation, one by an outlet"


def test_an_attribution_is_authored_by_the_outlets_that_attributed_the_words(built_sample):
    claimants, outlets = records(SAMPLE, "claimants"), records(SAMPLE, "outlets")
    (cid, claim), = ((k, c) for k, c in claims_of(SAMPLE).items() if c["kind"] == "attribution")
    review = json_ld(page(built_sample, f"claims/{cid}/"))[0]
    author = review["itemReviewed"]["author"]
    authors = author if isinstance(author, list) else [author]
    assert [(a["@type"], a["name"]) for a in authors] == \
        [("NewsMediaOrganization", outlets[o]["name"]) for o in claim["attributed_by"]]
    speaker = claimants[claim["speaker"]]["name"]
    outside_the_claim = json.dumps({k: v for k, v in review.items() if k != "claimReviewed"})
    assert speaker not in outside_the_claim, "the speaker appears in the claim's words only"


def test_a_person_claimant_is_a_person_with_a_job_title(tmp_path):
    content = sample_copy(tmp_path)
    edit(content / "claims" / "fund-size.yaml", "claimant: the-ministry", "claimant: secretary-general")
    site = build_site_from(content, tmp_path / "site")
    author = json_ld(page(site, "claims/fund-size/"))[0]["itemReviewed"]["author"]
    record = records(content, "claimants")["secretary-general"]
    assert author == {"@type": "Person", "name": record["name"], "jobTitle": record["role"]}


def test_an_attribution_by_two_outlets_names_both(tmp_path):
    content = sample_copy(tmp_path)
    edit(content / "claims" / "attack-not-inevitable.yaml", "attributed_by: [daily]", "attributed_by: [daily, wire]")
    edit(content / "claims" / "attack-not-inevitable.yaml", "evidence:\n", """  - source: wire-story
    fidelity: faithful
    stance: neutral
    passages:
      - quote: Ministers met on October 21–22
evidence:
""")
    site = build_site_from(content, tmp_path / "site")
    author = json_ld(page(site, "claims/attack-not-inevitable/"))[0]["itemReviewed"]["author"]
    outlets = records(content, "outlets")
    assert [(a["@type"], a["name"], a.get("url")) for a in author] == \
        [("NewsMediaOrganization", outlets[o]["name"], outlets[o].get("url")) for o in ("daily", "wire")]


def test_the_review_is_authored_by_the_publisher_and_credits_named_people_only(built_sample):
    """A named checker is the review's contributor and a named second reviewer its editor,
    both as Person; the author stays the publishing organisation."""
    review = json_ld(page(built_sample, "claims/fund-size/"))[0]
    assert review["author"] == {"@type": "Organization", "name": "Sample Desk", "url": "https://example.org/"}
    assert review["contributor"] == {"@type": "Person", "name": "Alex Sample", "jobTitle": "Fact-checker"}
    assert review["editor"] == {"@type": "Person", "name": "Robin Example", "jobTitle": "Editor"}
    assert problems(review) == []
    unreviewed = json_ld(page(built_sample, "claims/plan-secret/"))[0]
    assert "editor" not in unreviewed and unreviewed["contributor"]["name"] == "Alex Sample"


def test_a_desk_record_is_never_presented_as_a_person(tmp_path):
    content = sample_copy(tmp_path)
    edit(content / "people" / "alex-sample.yaml", "role: Fact-checker\n", "type: desk\nrole: Fact-checker\n")
    site = build_site_from(content, tmp_path / "site")
    review = json_ld(page(site, "claims/fund-size/"))[0]
    assert "contributor" not in review and review["editor"]["name"] == "Robin Example"
