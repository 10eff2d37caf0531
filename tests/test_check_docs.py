"""docs/content-format.md against the JSON Schemas (after Datasette's documentation
tests): every field of every schema is documented, the generated field reference is up to
date, the claim example validates, and every YAML file in content/ names its schema on its
first line so editors' YAML extensions find it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sidelight.editor import schemadoc
from sidelight.content.schemas import SCHEMA_DIR, schema_errors
from sidelight.content.documents import parse

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "content-format.md"
SCHEMAS = sorted(SCHEMA_DIR.glob("*.schema.json"))
KIND_OF_FOLDER = {"outlets": "outlet", "claims": "claim", "topics": "topic"}


def properties(node: dict, path: str = ""):
    """(dotted path, name) of every property at any depth of a schema."""
    for name, prop in node.get("properties", {}).items():
        yield f"{path}{name}", name
        for inner in (prop, prop.get("items", {})):
            yield from properties(inner, f"{path}{name}.")


ALL_PROPERTIES = [(schema.name, path, name) for schema in SCHEMAS
                  for path, name in properties(json.loads(schema.read_text(encoding="utf-8")))]


def test_there_is_a_schema_for_every_file_kind():
    assert {s.name.removesuffix(".schema.json") for s in SCHEMAS} == set(schemadoc.ORDER)


@pytest.mark.parametrize("schema, path, name", ALL_PROPERTIES, ids=[f"{s}:{p}" for s, p, _ in ALL_PROPERTIES])
def test_every_property_of_every_schema_is_documented(schema, path, name):
    assert f"`{name}`" in DOC.read_text(encoding="utf-8"), f"{schema}: `{path}` is not in docs/content-format.md"


@pytest.mark.parametrize("schema, path, name", ALL_PROPERTIES, ids=[f"{s}:{p}" for s, p, _ in ALL_PROPERTIES])
def test_every_property_has_a_description_for_editors(schema, path, name):
    node = json.loads((SCHEMA_DIR / schema).read_text(encoding="utf-8"))
    for part in path.split("."):
        node = node["properties"][part]
        described = node.get("description")
        node = node.get("items", node)
    assert described or node.get("description"), f"{schema}: `{path}` has no description"


def test_the_generated_field_reference_is_up_to_date():
    text = DOC.read_text(encoding="utf-8")
    assert schemadoc.refreshed(text) == text, "run: .venv/bin/python -m sidelight.editor.schemadoc --write"


def test_the_documented_claim_example_is_a_valid_claim():
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(# yaml-language-server: \$schema=\.\./\.\./schema/claim.*?)```", text, re.S)
    examples = [b for b in blocks if "\nclaim:" in b]
    assert examples, "no claim example"
    for example in examples:
        errors = [e.message for e in schema_errors("claim", parse(example).data)]
        assert not errors, errors


def yaml_files(root: Path):
    yield from ((p, p.stem) for p in (root / "site.yaml", root / "vocabulary.yaml") if p.exists())
    for folder, kind in KIND_OF_FOLDER.items():
        yield from ((p, kind) for p in sorted((root / folder).glob("*.yaml")))


CONTENT_YAML = list(yaml_files(REPO / "content"))


@pytest.mark.skipif(not CONTENT_YAML, reason="no content/ yet")
@pytest.mark.parametrize("path, kind", CONTENT_YAML, ids=[p.relative_to(REPO).as_posix() for p, _ in CONTENT_YAML])
def test_every_content_yaml_file_names_its_schema_on_the_first_line(path, kind):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path.name} does not start with `# yaml-language-server: $schema=…`"
    target = (path.parent / match.group(1)).resolve()
    assert target == SCHEMA_DIR / f"{kind}.schema.json", f"{path.name} points at {match.group(1)}"


SAMPLE_YAML = list(yaml_files(REPO / "tests" / "sample" / "content"))


@pytest.mark.parametrize("path, kind", SAMPLE_YAML, ids=[p.relative_to(REPO).as_posix() for p, _ in SAMPLE_YAML])
def test_sample_files_that_name_a_schema_name_the_right_one(path, kind):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    if match:
        assert (path.parent / match.group(1)).resolve() == SCHEMA_DIR / f"{kind}.schema.json"
