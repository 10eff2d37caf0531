"""Fuzzing (issue 8): random and mutated YAML, text and quotes fed to load, validate and
anchor must always end in success or in problems that name a file, a line and a column,
never in an exception. Issue 18: `check` and `build` over random content files of every
kind and random or damaged cache files end in the clean build's problems or its site.

Hypothesis keeps the failing example small and prints it. Examples are few and quick
(the suite must stay fast); `SIDELIGHT_FUZZ_PROFILE=fuzz` runs many more.
"""
from __future__ import annotations

import marshal
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile.support import SAMPLE, tree
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sidelight.build import cachefile, pipeline
from sidelight.content.documents import YamlProblem, parse
from sidelight.model.sourcetext import Anchor, source_text
from sidelight.quotes.anchor import locate
from sidelight.quotes.fold import fold, fold_quote

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


# --- builds with random content and random cache files (issue 18) ---------------------------
# Every example: the pristine sample with one content file (of any kind, or a new one)
# replaced by random bytes or a mutation, and each cache file a build left kept, replaced
# or damaged; then `check` and an incremental `build` over them must end without an
# exception, with the same problems as a clean build of the same content elsewhere, and,
# when that succeeds, a site equal to it byte for byte.

PROFILE = os.environ.get("SIDELIGHT_FUZZ_PROFILE", "suite")
BUILD_EXAMPLES = 6 if PROFILE == "suite" else 400
NEW_FILES = ["claims/fuzzed.yaml", "sources/fuzzed.txt", "outlets/fuzzed.yaml", "topics/fuzzed.yaml",
             "pages/fuzzed.md"]
WRONG_SHAPES = st.one_of(st.integers(), st.text(max_size=8), st.none(), st.floats(allow_nan=False),
                         st.lists(st.text(max_size=4), min_size=1, max_size=3),
                         st.dictionaries(st.text(max_size=4), st.integers(), max_size=2))
DAMAGES = ("keep", "random bytes", "empty", "truncated", "flipped byte", "forged seal", "unsealed",
           "sealed: wrong top level", "sealed: wrong entries", "folder")
CACHES = ("parsed", "anchored", "render", "unchanged")


@st.composite
def content_file(draw) -> tuple[str, bytes | None]:
    """A content file of any kind: as it is (so that some builds succeed), mutated, or random bytes."""
    name = draw(st.sampled_from(SAMPLE_FILES + NEW_FILES))
    how = draw(st.sampled_from(["as it is", "mutated", "random"] if name in SAMPLE_FILES else ["random"]))
    if how == "as it is":
        return name, None  # not even touched: the no-change shortcut may answer
    if how == "mutated":
        return name, draw(mutated((SAMPLE / name).read_text(encoding="utf-8"))).encode("utf-8", "surrogatepass")
    return name, draw(st.binary(max_size=300))


@dataclass
class Damage:
    """What to do to one cache file (see DAMAGES); numbers are taken modulo its length."""
    how: str
    at: int
    noise: bytes
    shape: object
    entries: list


DAMAGE = st.builds(Damage, st.sampled_from(DAMAGES), st.integers(0, 2**32), st.binary(max_size=200), WRONG_SHAPES,
                   st.lists(st.tuples(st.integers(0, 2**32), WRONG_SHAPES), max_size=4))


def damage(path: Path, d: Damage) -> None:
    from sidelight.build import cachefile
    data = path.read_bytes()
    payload = cachefile.unseal(path.name, data) or b""
    if d.how == "random bytes":
        path.write_bytes(d.noise)
    elif d.how == "empty":
        path.write_bytes(b"")
    elif d.how == "truncated":
        path.write_bytes(data[:d.at % max(1, len(data))])
    elif d.how == "flipped byte" and data:
        at = d.at % len(data)
        path.write_bytes(data[:at] + bytes([data[at] ^ 1 << (d.at % 8)]) + data[at + 1:])
    elif d.how == "forged seal":
        path.write_bytes(cachefile.MAGIC + (d.noise * 32)[:32].ljust(32, b"\0") + payload)
    elif d.how == "unsealed":
        path.write_bytes(payload)
    elif d.how == "sealed: wrong top level":
        cachefile.save_atomically(path, marshal.dumps(d.shape))
    elif d.how == "sealed: wrong entries" and path.name.endswith(".marshal"):
        cachefile.save_atomically(path, marshal.dumps(wrong_entries(marshal.loads(payload or b"N"), d.entries)))
    elif d.how == "folder":
        path.unlink()
        path.mkdir()


def wrong_entries(stored, replacements: list):
    """The cache's own data with some entries (parse cache) or fields (render cache)
    replaced by values of a shape no entry has: sealed here, so only shape checks stop them."""
    if not isinstance(stored, dict):
        return stored
    inner = stored.get("entries") if isinstance(stored.get("entries"), dict) and "code" in stored else stored
    keys = sorted(inner, key=str)
    for at, wrong in replacements if keys else []:
        key = keys[at % len(keys)]
        inner[key] = marshal.dumps(wrong) if inner is not stored else wrong
    return stored


class Builds:
    """A project folder built warm again for each example, its cache files then damaged,
    and a reference folder built clean."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="sidelight-fuzz-builds-"))
        self.work, self.reference = self.root / "work", self.root / "reference"

    def warm(self) -> None:
        """The sample built once into work/: its site/ and every cache file."""
        shutil.rmtree(self.work, ignore_errors=True)
        shutil.rmtree(cachefile.folder(self.work / "content"), ignore_errors=True)
        shutil.copytree(SAMPLE, self.work / "content")
        assert not pipeline.build(self.work / "content", self.work / "site").report.errors

    def with_file(self, folder: Path, name: str, data: bytes | None) -> Path:
        if not (folder / "content").exists():
            shutil.copytree(SAMPLE, folder / "content")
        if data is not None:
            (folder / "content" / name).write_bytes(data)
        return folder / "content"

    def damage(self, plan: dict[str, Damage]) -> None:
        cache = cachefile.folder(self.work / "content")
        for path in sorted(p for p in cache.iterdir() if not p.name.startswith(".")):
            damage(path, plan[path.name.split("-")[0]])


@pytest.fixture(scope="module")
def builds():
    space = Builds()
    yield space
    shutil.rmtree(space.root, ignore_errors=True)


@given(file=content_file(), plan=st.fixed_dictionaries({name: DAMAGE for name in CACHES}))
@settings(max_examples=BUILD_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                               HealthCheck.too_slow])
def test_check_and_build_with_random_content_and_cache_files_match_a_clean_build(builds, file, plan):
    name, raw = file
    builds.warm()
    builds.damage(plan)
    content = builds.with_file(builds.work, name, raw)
    checked = pipeline.check(content)
    built = pipeline.build(content, builds.work / "site")
    shutil.rmtree(builds.reference, ignore_errors=True)
    reference = builds.with_file(builds.reference, name, raw)
    clean = pipeline.build(reference, builds.reference / "site", clean=True)
    for problem in built.report.problems:
        assert_positioned(problem)
    assert built.report.sorted() == clean.report.sorted() == checked.report.sorted()
    event("built" if not clean.report.errors else "refused")
    if not clean.report.errors:
        assert tree(builds.work / "site") == tree(builds.reference / "site")
