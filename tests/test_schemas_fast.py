"""The schema fast path: jsonschema-rs may only let a document skip jsonschema when
jsonschema too finds nothing wrong with it; otherwise `check` would miss an error.

Documents of the sample site are mutated at random (values replaced by values of other
types and tricky strings, keys added and removed, list items repeated) and each one the
fast path calls valid must have no jsonschema error. The examples are few and quick;
`SIDELIGHT_FUZZ_PROFILE=fuzz` runs many more.
"""
from __future__ import annotations

import copy
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hostile.support import SAMPLE
from sidelight.content.files import load
from sidelight.content.schemas import certainly_valid, exact_errors, schema_errors

settings.register_profile("suite", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("SIDELIGHT_FUZZ_PROFILE", "suite"))

DOCUMENTS = [(d.kind, d.data) for d in load(SAMPLE).documents]
TRICKY = ["meeting\n", "daily\n", "2021-10-22\n", "2021-10\n", "https://x.example\n", "https://", "ftp://x.org",
          "https://ex ample.org", "https://example.org:99999/", "२०२१-१०-२२", "٢٠٢١", "Daily", "a--b", "-a", "",
          " ", "\n", "en", "en-GB", "e", "english\n", "1", "true", "null", "https://пример.рф/путь", "€"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63 - 2, max_value=2**70),
                    st.floats(allow_nan=False), st.sampled_from(TRICKY), st.text(max_size=8))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["id", "quote", "source", "outlet", "stance", "title", "url", "x"]), inner, max_size=3),
    max_leaves=6)


def paths(data, prefix=()):
    """Every path to a value in the document, the document itself first."""
    yield prefix
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from paths(value, prefix + (key,))


def at(data, path):
    for part in path:
        data = data[part]
    return data


@st.composite
def mutated(draw):
    """A sample document with one to four random changes."""
    kind, data = draw(st.sampled_from(DOCUMENTS))
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(list(paths(data))[1:] or [()]))
        parent, last = at(data, path[:-1]) if path else None, path[-1] if path else None
        op = draw(st.sampled_from(["replace", "delete", "add", "repeat"]))
        if parent is None:
            continue
        if op == "replace":
            parent[last] = draw(VALUES)
        elif op == "delete":
            del parent[last]
        elif op == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["id", "x", "note", "prefix", "suffix", "frames"]))] = draw(VALUES)
        elif op == "repeat" and isinstance(parent, list):
            parent.append(draw(st.sampled_from([parent[last], draw(VALUES)])))
    return kind, data


def test_the_fast_path_is_taken_for_the_valid_sample():
    """Without it every document would go to jsonschema and the test below prove nothing."""
    assert DOCUMENTS and all(certainly_valid(kind, data) for kind, data in DOCUMENTS)


@given(mutated())
def test_what_the_fast_path_calls_valid_jsonschema_does_too(document):
    kind, data = document
    if certainly_valid(kind, data):
        assert exact_errors(kind, data) == [], data


@pytest.mark.parametrize("value", ["meeting\n", 2**80, float("inf"), "२०२१-१०-२२"])
def test_values_the_fast_path_reads_differently_get_jsonschemas_answer(value):
    kind, data = next((k, d) for k, d in DOCUMENTS if k == "claim")
    data = {**data, "topic": value, "date": value}
    assert [e.message for e in schema_errors(kind, data)] == [e.message for e in exact_errors(kind, data)]


def test_an_edited_schema_is_read_again_by_both_validators(tmp_path, monkeypatch):
    """serve calls `forget` when a schema changes: the fast path must then refuse what the
    edited schema refuses, not go on passing it by the schema it read first."""
    from sidelight.content import schemas
    kind, data = next((k, d) for k, d in DOCUMENTS if k == "outlet")
    for name in os.listdir(schemas.SCHEMA_DIR):
        (tmp_path / name).write_bytes((schemas.SCHEMA_DIR / name).read_bytes())
    monkeypatch.setattr(schemas, "SCHEMA_DIR", tmp_path)
    schemas.forget()
    try:
        assert schema_errors(kind, data) == []
        schema = (tmp_path / f"{kind}.schema.json").read_text(encoding="utf-8")
        (tmp_path / f"{kind}.schema.json").write_text(schema.replace('"required": [', '"required": ["nowhere", ', 1),
                                                      encoding="utf-8")
        schemas.forget()
        assert schema_errors(kind, data) != []
    finally:
        monkeypatch.undo()
        schemas.forget()
