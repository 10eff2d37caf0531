"""A cache never changes what is built (issue 18): a `.sidelight-cache/` planted in the
repository, made on another machine, linked to a device, a pipe or another folder, or
holding entries of the wrong shape is ignored without a traceback, and the site is the
clean build's; `--clean` reads no cache at all; the no-change shortcut sees schema/;
closest-passage suggestions have one budget per run, counted in work units."""
from __future__ import annotations

import json
import marshal
import os
import shutil
from pathlib import Path

import pytest

from hostile.support import SAMPLE, run_limited, tree
from sidelight.quotes import anchor
from sidelight.build import incremental
from sidelight.build import pipeline
from sidelight.content import schemas
from sidelight.build import cachefile
from sidelight.build.parsecache import ParseCache
from sidelight.quotes.fold import fold, fold_quote

FUND = "The innovation fund will have €1 billion."
EVIL_URL = "javascript:alert(document.domain)"


@pytest.fixture
def homes(tmp_path, monkeypatch):
    """Two users' cache homes (the keys live there): the attacker's and this machine's.
    The test starts as this machine."""
    homes = {who: tmp_path / f"home-{who}" for who in ("attacker", "here")}
    monkeypatch.setenv("XDG_CACHE_HOME", str(homes["here"]))

    def be(who: str) -> None:
        monkeypatch.setenv("XDG_CACHE_HOME", str(homes[who]))
    return be


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> dict[str, bytes]:
    """The sample site built with no cache anywhere (another folder, a fresh key)."""
    root = tmp_path_factory.mktemp("reference")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(root / "home")
    try:
        shutil.copytree(SAMPLE, root / "content")
        assert not pipeline.build(root / "content", root / "site", clean=True).report.errors
    finally:
        os.environ.pop("XDG_CACHE_HOME") if old is None else os.environ.__setitem__("XDG_CACHE_HOME", old)
    return tree(root / "site")


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "content")
    return tmp_path / "content"


def cache_dir(content: Path) -> Path:
    return content.parent / cachefile.CACHE_DIR


def tamper_parse_cache(content: Path) -> None:
    """What the red team did: run `check`, then edit the parse cache's entry of a claim
    (its summary, and a `javascript:` evidence address the schema refuses), and save it
    with the code's own writer, as a contributor would before `git add -f` of the folder."""
    assert not pipeline.check(content).report.errors
    cache = ParseCache.open(content)
    changed = 0
    for key, entry in cache.before.items():
        value = marshal.loads(entry)
        if isinstance(value, tuple) and len(value) == 5 and value[0].get("claim") == FUND:
            value[0]["summary"] = "PLANTED summary"
            value[0]["evidence"][0]["url"] = EVIL_URL
            cache.now[key] = marshal.dumps(value)
            changed += 1
        else:
            cache.now[key] = entry
    assert changed == 1
    cache.save()


def assert_clean(result, out: Path, clean_site: dict[str, bytes]) -> None:
    assert not result.report.errors, result.report.problems
    built = tree(out)
    assert not any(b"PLANTED" in data or EVIL_URL.encode() in data for data in built.values())
    assert built == clean_site


def test_a_parse_cache_planted_in_the_repository_changes_nothing(content, homes, tmp_path, clean_site):
    homes("attacker")
    tamper_parse_cache(content)
    homes("here")  # the planted folder reaches this machine: a pull request, CI
    result = pipeline.build(content, tmp_path / "site")
    assert_clean(result, tmp_path / "site", clean_site)
    assert "javascript" not in " ".join(p.message for p in pipeline.check(content).report.problems)


def test_clean_reads_no_cache_at_all(content, homes, tmp_path, clean_site):
    """Even an entry sealed here (by a bug, or anyone who can write this user's files) is
    not read by `--clean`: parse, validate, anchor, render caches and the shortcut alike."""
    out = tmp_path / "site"
    assert not pipeline.build(content, out).report.errors
    tamper_parse_cache(content)
    for name in ("parsed", "anchored", "render", "unchanged"):
        assert any(p.name.startswith(name + "-") for p in cache_dir(content).iterdir()), name
    assert_clean(pipeline.build(content, out, clean=True), out, clean_site)


def test_cache_files_linked_to_a_device_or_replaced_by_a_pipe_are_ignored(content, tmp_path, clean_site):
    """Each cache file a build reads, a link to /dev/zero (read to exhaustion before) or
    a named pipe (blocked forever before): the build runs as with no cache, under 1 GiB."""
    run_limited("--content", "content", "build", cwd=tmp_path)
    files = sorted(p for p in cache_dir(content).iterdir() if not p.name.startswith("."))
    assert len(files) >= 4
    for number, path in enumerate(files):
        path.unlink()
        if number % 2:
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
    (content / "claims" / "fund-size.yaml").touch()  # past the no-change shortcut too
    run = run_limited("--content", "content", "build", cwd=tmp_path, timeout=90)
    assert run.code == 0, run.output
    assert tree(tmp_path / "site") == clean_site


def test_entries_of_the_wrong_shape_are_computed_again(content, tmp_path, clean_site):
    """Sealed here, so they pass the seal: what an older or buggy Sidelight might leave.
    Every command must still run (before: a TypeError on every run until deleted by hand)."""
    out = tmp_path / "site"
    assert not pipeline.build(content, out).report.errors
    shapes = [42, None, "text", (1,), (1, 2, 3, 4), [("x",)], ((1, 2),), {"a": 1}]
    for name in ("parsed", "anchored"):
        path = next(p for p in cache_dir(content).iterdir() if p.name.startswith(name + "-"))
        cache = ParseCache.read(path, ParseCache.open(content).code)
        assert cache.before
        cache.now = {k: marshal.dumps(shapes[i % len(shapes)]) for i, k in enumerate(cache.before)}
        cache.save()
    render = next(p for p in cache_dir(content).iterdir() if p.name.startswith("render-"))
    cachefile.save_atomically(render, marshal.dumps({"format": incremental.FORMAT, "entries": 5, "keys": 3,
                                                     "stamp": incremental.stamp(pipeline.TEMPLATES)}))
    (content / "claims" / "fund-size.yaml").touch()
    for _ in range(2):
        result = pipeline.build(content, out)
        assert_clean(result, out, clean_site)
        assert not pipeline.check(content).report.problems


def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written(content, tmp_path, clean_site):
    """A repository can hold `.sidelight-cache` as a link to any folder: the build must
    not create files there."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache_dir(content).symlink_to(elsewhere)
    assert_clean(pipeline.build(content, tmp_path / "site"), tmp_path / "site", clean_site)
    assert list(elsewhere.iterdir()) == []


def test_an_unsealed_cache_file_is_not_read(content, homes, tmp_path, clean_site):
    """A cache file whose bytes were changed after it was sealed (the seal kept) is discarded."""
    out = tmp_path / "site"
    pipeline.build(content, out)
    path = next(p for p in cache_dir(content).iterdir() if p.name.startswith("parsed-"))
    sealed = path.read_bytes()
    magic = getattr(cachefile, "MAGIC", b"")
    payload = sealed[len(magic) + cachefile.KEY_BYTES:] if magic and sealed.startswith(magic) else sealed
    stored = marshal.loads(payload)
    for key, entry in stored["entries"].items():
        value = marshal.loads(entry)
        if isinstance(value, tuple) and len(value) == 5 and value[0].get("claim") == FUND:
            value[0]["summary"] = "PLANTED summary"
            stored["entries"][key] = marshal.dumps(value)
    path.write_bytes(sealed[:len(sealed) - len(payload)] + marshal.dumps(stored))
    (content / "claims" / "fund-size.yaml").touch()
    assert_clean(pipeline.build(content, out), out, clean_site)


# --- item 9: the no-change shortcut and schema/ ------------------------------------------

def test_a_tightened_schema_means_a_real_build(content, tmp_path, monkeypatch):
    """After a schema is tightened, `build` must not say nothing changed while `check` fails."""
    folder = tmp_path / "schema"
    shutil.copytree(schemas.SCHEMA_DIR, folder)
    monkeypatch.setattr(schemas, "SCHEMA_DIR", folder)
    monkeypatch.setattr(cachefile, "SCHEMAS", folder, raising=False)
    schemas.forget()
    out = tmp_path / "site"
    assert not pipeline.build(content, out).report.errors
    assert pipeline.build(content, out).site is None  # replayed: nothing changed
    schema = json.loads((folder / "claim.schema.json").read_text(encoding="utf-8"))
    schema["properties"]["summary"]["maxLength"] = 5
    (folder / "claim.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    schemas.forget()
    try:
        result = pipeline.build(content, out)
        assert [p.message for p in result.report.errors] == [p.message for p in pipeline.check(content).report.errors]
        assert len(result.report.errors) == 4 and "summary" in result.report.errors[0].message + \
            result.report.errors[0].hint + str(result.report.errors[0].path)
    finally:
        schemas.forget()


# --- item 10: one budget of closest-passage searches per run -------------------------------

def search_work(quote: int, text: int) -> int:
    """anchor.search_work: about 1 ns of CPU a unit at worst, as measured here."""
    return text * quote * -(-quote // 64)


class CountingFuzz:
    """rapidfuzz's `fuzz` as anchor uses it, counting the closest-passage searches' work
    units and doing none of that work."""

    def __init__(self):
        self.units, self.searches = 0, 0

    def partial_ratio_alignment(self, quote, text):
        self.units += search_work(len(quote), len(text))
        self.searches += 1
        return None

    def __getattr__(self, name):
        from rapidfuzz import fuzz
        return getattr(fuzz, name)


BUDGET = getattr(anchor, "FUZZY_BUDGET", 3_000_000_000)


def many_unfound_quotes(content: Path) -> str:
    """Six claims of ten 2,000-character quotes each, none in a 29,000-character source
    (one search: about 2 s of CPU); returns that source's text."""
    words = " ".join(f"w{i}x" for i in range(4_200))
    front = (content / "sources" / "wire-story.txt").read_text(encoding="utf-8").split("\n---\n")[0]
    (content / "sources" / "long.txt").write_text(front + "\n---\n" + words + "\n", encoding="utf-8")
    passages = "".join(f"      - quote: {QUOTE}{n}\n" for n in range(10))
    for n in range(6):
        (content / "claims" / f"many-{n}.yaml").write_text(
            (content / "claims" / "plan-secret.yaml").read_text(encoding="utf-8").replace(
                "coverage:\n", f"coverage:\n  - source: long\n    stance: reports\n    passages:\n{passages}"),
            encoding="utf-8")
    return words


QUOTE = "q" + "z" * 1_998  # 2,000 characters with the number after it, the schema's limit


def test_closest_passage_searches_share_one_budget_per_run(content, monkeypatch):
    """Many claims each of many long quotes not in a long source: the suggestions' work
    is bounded per run, not per file, and the quotes past it say why they have none."""
    words = many_unfound_quotes(content)
    counting = CountingFuzz()
    monkeypatch.setattr(anchor, "fuzz", counting)
    result = pipeline.check(content)
    unfound = [p for p in result.report.errors if "the quote is not in" in p.message]
    assert len(unfound) == 60
    one = search_work(len(fold_quote(QUOTE + "0")), len(fold(words).text))
    assert one <= getattr(anchor, "FUZZY_WORK", 0)  # each quote may get a suggestion on its own
    assert counting.units <= BUDGET and counting.searches >= 1
    assert counting.units + one > BUDGET  # spent as far as it goes
    skipped = [p for p in unfound if "no closest passage searched: " in p.message]
    assert len(skipped) == 60 - counting.searches
    assert skipped[0].hint.startswith("copy the exact words from the source file")


def test_closest_passage_searches_are_cached_and_a_warm_run_says_what_a_cold_one_does(content, monkeypatch):
    """The second run searches nothing again and prints the same; once the first claim is
    gone, the budget it spent goes to the next claims, exactly as in a run with no cache."""
    many_unfound_quotes(content)
    monkeypatch.setattr(anchor, "fuzz", counting := CountingFuzz())
    cold = pipeline.check(content).report.sorted()
    assert counting.searches > 0
    monkeypatch.setattr(anchor, "fuzz", counting := CountingFuzz())
    assert pipeline.check(content).report.sorted() == cold and counting.searches == 0
    (content / "claims" / "many-0.yaml").unlink()
    warm = pipeline.check(content).report.sorted()
    shutil.rmtree(cache_dir(content))
    assert warm == pipeline.check(content).report.sorted()
    assert len([p for p in warm if "the quote is not in" in p.message]) == 50
