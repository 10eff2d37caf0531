"""Every annotation of the built sample's data/annotations.jsonld meets each MUST of the W3C
Web Annotation Data Model (https://www.w3.org/TR/annotation-model/), as the W3C's own test
suite states them: the JSON Schema assertions of github.com/w3c/web-annotation-tests listed
in annotationMusts.test (and, for the collection and its page, collectionMusts.test and
pageMusts.test), vendored unchanged under tests/fixtures/web-annotation-tests/ (licence
noted there). Besides the schemas, what they leave to prose: one annotation per coverage
passage and per drift rendering, and a fidelity and a stance body on each."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from sitepages import SAMPLE, built_sample, page  # noqa: F401

SUITE = Path(__file__).parent / "fixtures" / "web-annotation-tests"
BASE = "https://example.org/checks/"


def assertions(listing: str) -> list[dict]:
    names = json.loads((SUITE / listing).read_text(encoding="utf-8"))["assertions"]
    return [json.loads((SUITE / name).read_text(encoding="utf-8")) for name in names]


def registry() -> Registry:
    """Every schema of the suite under its `id`, as the assertions refer to each other
    (`bodyTarget.json#/definitions/...`)."""
    resources = []
    for file in sorted(SUITE.rglob("*.json")):
        schema = json.loads(file.read_text(encoding="utf-8"))
        resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


REGISTRY = registry()
ANNOTATION_MUSTS = assertions("annotations/annotationMusts.test")
COLLECTION_MUSTS = assertions("collections/collectionMusts.test")
PAGE_MUSTS = assertions("collections/pages/pageMusts.test")


def failures(document: dict, musts: list[dict]) -> list[str]:
    """The MUSTs `document` breaks, each as the suite words it. Every assertion listed is a
    `must` expected to be `valid` (checked, so a changed suite cannot pass unread)."""
    out = []
    for schema in musts:
        assert schema["assertionType"] == "must" and schema["expectedResult"] == "valid", schema["id"]
        validator = Draft4Validator(schema, registry=REGISTRY, format_checker=FormatChecker())
        if not validator.is_valid(document):
            out.append(f"{schema['id']}: {schema['errorMessage']}")
    return out


@pytest.fixture(scope="module")
def collection(built_sample) -> dict:
    return json.loads((built_sample / "data" / "annotations.jsonld").read_bytes())


def items_in_context(collection: dict) -> list[dict]:
    """Each annotation as a JSON-LD reader sees it: embedded in the collection, it is in
    the collection's @context (the model's section 5 embeds annotations this way)."""
    return [{"@context": collection["@context"]} | item for item in collection["first"]["items"]]


def test_the_suite_is_all_there():
    assert len(ANNOTATION_MUSTS) == 54 and len(COLLECTION_MUSTS) == 10 and len(PAGE_MUSTS) == 15


def test_every_annotation_meets_each_must_of_the_model(collection):
    items = items_in_context(collection)
    assert items
    broken = {item["id"]: failures(item, ANNOTATION_MUSTS) for item in items}
    assert not {k: v for k, v in broken.items() if v}


def test_the_collection_and_its_page_meet_each_must(collection):
    assert failures(collection, COLLECTION_MUSTS) == []
    assert failures({"@context": collection["@context"]} | collection["first"], PAGE_MUSTS) == []


def test_the_suite_catches_what_it_should(collection):
    """The assertions bite on our own annotations: each broken one way is refused."""
    item = items_in_context(collection)[0]
    no_target = {k: v for k, v in item.items() if k != "target"}
    both_bodies = item | {"bodyValue": "x"}
    bad_quote = item | {"target": item["target"] | {"selector": [{"type": "TextQuoteSelector", "prefix": "a"}]}}
    wrong_context = item | {"@context": "https://schema.org"}
    assert any("3.1-targetKeyFound" in f for f in failures(no_target, ANNOTATION_MUSTS))
    assert any("3.2.5-notBodyBodyValue" in f for f in failures(both_bodies, ANNOTATION_MUSTS))
    assert any("4.2.4-textQuoteSelectorValid" in f for f in failures(bad_quote, ANNOTATION_MUSTS))
    assert any("3.1-annotationContextValidated" in f for f in failures(wrong_context, ANNOTATION_MUSTS))


def test_one_annotation_per_coverage_passage_and_per_drift_rendering(built_sample, collection):
    """Claim by claim, its coverage passages then its drift renderings, each annotation
    named after its passage and pointing at the very words on our copy of the source."""
    claims = json.loads((built_sample / "data" / "claims.json").read_bytes())["claims"]
    passages = []
    for claim in claims:
        passages += [p for cov in claim["coverage"] for p in cov["passages"]]
        passages += [r["passage"] for d in claim["drift"] for r in d["renderings"]]
    assert any(c["drift"] for c in claims), "the sample has a drift"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(passages)
    assert [i["id"].split("#", 1)[1] for i in items] == [p["id"] for p in passages]
    publish = {cov["source"]: cov["publish"] for claim in claims for cov in claim["coverage"]}
    assert set(publish.values()) == {"full", "excerpts"}, "the sample has a source of each kind"
    for item, passage in zip(items, passages):
        quote, *position = item["target"]["selector"]
        assert [quote[k] for k in ("exact", "prefix", "suffix")] == [passage[k] for k in ("exact", "prefix", "suffix")]
        source = item["target"]["source"][len(BASE):]
        text = (built_sample / "data" / "sources" / (source.split("/")[1] + ".txt")).read_text(encoding="utf-8")
        if publish[source.split("/")[1]] == "full":  # offsets count in the text we publish
            assert [(p["start"], p["end"]) for p in position] == [(passage["start"], passage["end"])]
            assert text[passage["start"]:passage["end"]] == passage["exact"]
        else:  # only excerpts are published: no offsets into a text that is not there
            assert position == [] and passage["exact"] in text
        if "--drift-" not in passage["id"]:  # rendering passages are marked by the drift section of the page
            assert page(built_sample, source).find(id=passage["id"]) is not None


def test_each_annotation_classifies_by_that_outlets_fidelity_and_stance(built_sample, collection):
    """The classifying bodies are the fidelity and stance of the coverage the passage (or
    the drift rendering) belongs to, labelled as the vocabulary labels them."""
    claims = json.loads((built_sample / "data" / "claims.json").read_bytes())["claims"]
    vocabulary = vocabulary_labels()
    expected = []
    for claim in claims:
        by_source = {cov["source"]: cov for cov in claim["coverage"]}
        expected += [cov for cov in claim["coverage"] for _ in cov["passages"]]
        expected += [by_source[r["source"]] for d in claim["drift"] for r in d["renderings"]]
    items = collection["first"]["items"]
    assert len(items) == len(expected)
    for item, cov in zip(items, expected):
        classes = [b["value"] for b in item["body"] if b.get("purpose") == "classifying"]
        assert f"Fidelity: {vocabulary['fidelities'][cov['fidelity']]}" in classes, item["id"]
        assert f"Stance: {vocabulary['stances'][cov['stance']]}" in classes, item["id"]


def vocabulary_labels() -> dict[str, dict[str, str]]:
    """Fidelity and stance labels of the sample's vocabulary (id → label)."""
    data = yaml.safe_load((SAMPLE / "vocabulary.yaml").read_text(encoding="utf-8"))
    return {kind: {t["id"]: t["label"] for t in data[kind]} for kind in ("fidelities", "stances")}
