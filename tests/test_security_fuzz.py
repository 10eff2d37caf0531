"""Fuzzing (issue 8): random and mutated YAML, text and quotes fed to load, validate and
anchor must always end in success or in problems that name a file, a line and a column,
never in an exception.

Hypothesis keeps the failing example small and prints it. Examples are few and quick
(the suite must stay fast); `SIDELIGHT_FUZZ_PROFILE=fuzz` runs many more.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hostile.support import SAMPLE
from sidelight import pipeline
from sidelight.anchor import Anchor, fold, fold_quote, locate, source_text
from sidelight.yamlnodes import YamlProblem, parse

settings.register_profile("suite", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=5_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("SIDELIGHT_FUZZ_PROFILE", "suite"))

YAML_CHARS = st.sampled_from(list(" \n\t:-?[]{},#&*!|>'\"%@`\\~=.0123456789abcxyzé€\u00a0\u2028\x00\ufeff"))
yaml_soup = st.text(YAML_CHARS, max_size=300)
SAMPLE_FILES = sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*") if p.is_file())


@st.composite
def mutated(draw, text: str) -> str:
    """`text` with a few characters deleted, inserted or replaced at random places."""
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        piece = draw(st.one_of(st.text(YAML_CHARS, min_size=1, max_size=4), st.text(max_size=4)))
        if op == "insert":
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        elif op == "replace":
            text = text[:at] + piece + text[at + len(piece):]
        else:
            end = min(len(text), at + draw(st.integers(1, 80)))
            text = text[:end] + text[at:end] + text[end:]
    return text


@st.composite
def mutated_sample_file(draw) -> tuple[str, str]:
    name = draw(st.sampled_from(SAMPLE_FILES))
    return name, draw(mutated((SAMPLE / name).read_text(encoding="utf-8")))


def assert_positioned(problem) -> None:
    assert problem.path and problem.line >= 1 and problem.column >= 1, problem
    assert problem.message, problem


@given(yaml_soup)
def test_parse_returns_data_or_a_positioned_problem(text: str):
    try:
        parse(text)
    except YamlProblem as exc:
        assert exc.line >= 1 and exc.column >= 1 and exc.message


@given(st.sampled_from([n for n in SAMPLE_FILES if n.endswith(".yaml")]).flatmap(
    lambda name: mutated((SAMPLE / name).read_text(encoding="utf-8"))))
def test_parse_of_mutated_content_returns_data_or_a_positioned_problem(text: str):
    try:
        parse(text)
    except YamlProblem as exc:
        assert exc.line >= 1 and exc.column >= 1 and exc.message


class Workspace:
    """One copy of the sample content, each example rewriting a single file in it."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="sidelight-fuzz-"))
        self.content = self.root / "content"
        shutil.copytree(SAMPLE, self.content)

    def check_with(self, name: str, data: bytes):
        target = self.content / name
        original = target.read_bytes() if target.exists() else None
        target.write_bytes(data)
        try:
            return pipeline.check(self.content)
        finally:
            if original is None:
                target.unlink()
            else:
                target.write_bytes(original)


@pytest.fixture(scope="module")
def workspace():
    space = Workspace()
    yield space
    shutil.rmtree(space.root, ignore_errors=True)


@given(file=mutated_sample_file())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_check_of_a_mutated_content_file_reports_or_succeeds(workspace, file):
    name, text = file
    result = workspace.check_with(name, text.encode("utf-8", "surrogatepass"))
    for problem in result.report.problems:
        assert_positioned(problem)


@given(data=st.binary(max_size=400), name=st.sampled_from(SAMPLE_FILES))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_check_of_random_bytes_in_a_content_file_reports_or_succeeds(workspace, data: bytes, name: str):
    result = workspace.check_with(name, data)
    for problem in result.report.problems:
        assert_positioned(problem)
    assert result.report.errors or result.site is not None


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False),
                    st.text(max_size=40), st.sampled_from(["daily-report", "reports", "meeting", "2021-10-22"]))
YAML_VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["claim", "coverage", "source", "passages", "quote", "prefix", "suffix",
                                     "stance", "outlet", "evidence", "url", "note", "frames", "x"]),
                    inner, max_size=5)), max_leaves=25)


@given(st.dictionaries(st.sampled_from(["claim", "claimant", "topic", "date", "rating", "summary", "coverage",
                                        "evidence", "author", "reviewed", "corrections", "kind", "updated"]),
                       YAML_VALUES, max_size=10))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_check_of_a_random_claim_structure_reports_or_succeeds(workspace, data: dict):
    import yaml
    text = yaml.safe_dump(data, allow_unicode=True)
    result = workspace.check_with("claims/fuzzed.yaml", text.encode("utf-8", "surrogatepass"))
    for problem in result.report.problems:
        assert_positioned(problem)


ARTICLE = source_text((SAMPLE / "sources" / "daily-report.txt").read_text(encoding="utf-8").split("---\n", 2)[2], 9)
QUOTE_CHARS = st.characters(codec="utf-8", exclude_categories=["Cs"])


@given(quote=st.text(QUOTE_CHARS, max_size=60), prefix=st.none() | st.text(max_size=20),
       suffix=st.none() | st.text(max_size=20))
def test_any_quote_anchors_or_gets_a_message(quote: str, prefix, suffix):
    passage = {"quote": quote} | ({"prefix": prefix} if prefix is not None else {}) | \
              ({"suffix": suffix} if suffix is not None else {})
    result = locate(passage, fold(ARTICLE.text), ARTICLE, "content/sources/daily-report.txt")
    if isinstance(result, Anchor):
        assert fold_quote(ARTICLE.text[result.start:result.end]) == fold_quote(quote)
    else:
        message, hint = result
        assert message and hint


@given(st.data())
def test_a_span_of_the_article_copied_with_other_spacing_and_quotes_anchors_at_its_place(data):
    """Words copied from the article, then retyped (straight quotes, spaces for line breaks,
    hyphens for dashes), anchor exactly where they were, or are reported as ambiguous."""
    text = ARTICLE.text
    words = [i for i in range(len(text)) if (i == 0 or not text[i - 1].isalnum()) and text[i].isalnum()]
    start = data.draw(st.sampled_from(words))
    end = data.draw(st.sampled_from([i for i in range(start + 1, min(len(text), start + 120) + 1)
                                     if i == len(text) or not text[i].isalnum()]))
    typed = text[start:end].translate(str.maketrans({"“": '"', "”": '"', "—": "-", "\n": " "}))
    result = locate({"quote": typed}, fold(text), ARTICLE, "content/sources/daily-report.txt")
    if isinstance(result, Anchor):
        assert fold_quote(text[result.start:result.end]) == fold_quote(typed)
    else:
        assert "occurs" in result[0] or not typed.strip(" .,;:\"'-"), result
