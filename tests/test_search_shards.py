"""The search index in shards: each its own Pagefind bundle of at most MAX_PAGES pages,
listed in pagefind/shards.json; a build after an edit indexes again only the shards whose
pages changed, and writes the same index as a clean build of the same content."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from edits import NEW_CLAIM, replace_in
from sitepages import SAMPLE, add_claims, build_site_from

from sidelight.build import pipeline
from sidelight.output import searchindex, searchshards
from sidelight.output.searchindex import SIGNATURE, search_index

SMALL_SHARDS = 8


def index_files(site: Path) -> dict[str, bytes]:
    root = site / "pagefind"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def listed(site: Path) -> list[dict]:
    return json.loads((site / "pagefind" / "shards.json").read_bytes())["shards"]


def indexed_urls(site: Path, shard: str) -> set[str]:
    """The URLs of the pages a shard's bundle holds, read from its fragments."""
    return {
        json.loads(gzip.decompress(p.read_bytes())[len(SIGNATURE) :])["url"]
        for p in (site / "pagefind" / shard / "fragment").glob("*.pf_fragment")
    }


def marked_pages(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): data
        for p in sorted(site.rglob("*.html"))
        if "pagefind" not in p.parts and b"data-pagefind-body" in (data := p.read_bytes())
    }


class PagefindRuns:
    """The pages each Pagefind run was given, as page names of the site."""

    def __init__(self, monkeypatch):
        self.runs: list[set[str]] = []
        real = searchindex.run_pagefind

        def spy(root: Path, language: str) -> None:
            self.runs.append({p.relative_to(root).as_posix() for p in root.rglob("*.html")})
            real(root, language)

        monkeypatch.setattr(searchindex, "run_pagefind", spy)


@pytest.fixture()
def small_shards(monkeypatch):
    monkeypatch.setattr(searchshards, "MAX_PAGES", SMALL_SHARDS)


@pytest.fixture()
def content(tmp_path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(SAMPLE, copy)
    add_claims(copy, 12)
    return copy


def test_pages_of_a_kind_are_split_into_shards_of_at_most_max_pages(small_shards, content, tmp_path):
    site = build_site_from(content, tmp_path / "site")
    shards = {s["path"].rstrip("/"): s for s in listed(site) if s["pages"]}
    claims = {f"/{name.removesuffix('index.html')}" for name in marked_pages(site) if name.startswith("claims/")}
    claim_shards = sorted(name for name in shards if name.startswith("claims-"))
    assert len(claim_shards) >= 2, "the claims fill more than one shard"
    found: set[str] = set()
    for name in claim_shards:
        urls = indexed_urls(site, name)
        assert 0 < len(urls) == shards[name]["pages"] <= 2 * SMALL_SHARDS
        assert not urls & found, "a page is in one shard only"
        found |= urls
    assert found == claims
    assert {s["language"] for s in shards.values()} == {"en"}


def test_an_edit_indexes_one_shard_again_and_equals_a_clean_build(small_shards, content, tmp_path, monkeypatch):
    site = build_site_from(content, tmp_path / "site")
    before = marked_pages(site)
    replace_in(content / "claims" / "plan-secret.yaml", "summary: The plan is confidential.",
               "summary: The plan is confidential, and kept under lock.")
    runs = PagefindRuns(monkeypatch)
    result = pipeline.build(content, site)
    assert not result.report.errors
    after = marked_pages(site)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {"claims/plan-secret/index.html"}, "the edit changes one indexed page"
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts]
    shard_of = {p: s.name for s in searchshards.shards(pages) for p in s.pages}
    (run,) = runs.runs  # one Pagefind run: the edited page's shard, and no other
    assert run == {p for p in after if shard_of[p] == shard_of["claims/plan-secret/index.html"]}
    clean = build_site_from(content, tmp_path / "clean")
    assert index_files(site) == index_files(clean)


def test_an_edit_reads_no_file_of_the_shards_it_keeps(small_shards, content, tmp_path):
    """The kept shards' files are still as the last build wrote them (their stat): they are
    linked into the new site unread; only the shard list is read back."""
    site = build_site_from(content, tmp_path / "site")
    inodes = {name: (site / "pagefind" / name).stat().st_ino for name in index_files(site)}
    read: list[str] = []
    real = searchindex.RecordedIndex.__getitem__

    def spy(self, name):
        read.append(name)
        return real(self, name)

    replace_in(content / "claims" / "plan-secret.yaml", "summary: The plan is confidential.", "summary: Secret.")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchindex.RecordedIndex, "__getitem__", spy)
        assert not pipeline.build(content, site).report.errors
    assert read == ["pagefind/shards.json"]
    now = {name: (site / "pagefind" / name).stat().st_ino for name in index_files(site)}
    kept = [name for name, inode in inodes.items() if now.get(name) == inode]
    assert len(kept) > len(inodes) // 2, "most index files are the last build's, linked"
    clean = build_site_from(content, tmp_path / "clean")
    assert index_files(site) == index_files(clean)


def test_a_new_claim_and_a_removed_one_give_the_index_of_a_clean_build(small_shards, content, tmp_path, monkeypatch):
    site = build_site_from(content, tmp_path / "site")
    (content / "claims" / "ministers-met.yaml").write_text(NEW_CLAIM, encoding="utf-8")
    (content / "claims" / "extra-005.yaml").unlink()
    runs = PagefindRuns(monkeypatch)
    result = pipeline.build(content, site)
    assert not result.report.errors
    assert len(runs.runs) < len([s for s in listed(site) if s["pages"]]), "some shards were kept"
    clean = build_site_from(content, tmp_path / "clean")
    assert index_files(site) == index_files(clean)
    urls = {url for s in listed(site) if s["pages"] for url in indexed_urls(site, s["path"])}
    assert "/claims/ministers-met/" in urls and "/claims/extra-005/" not in urls


def test_a_shard_changed_under_the_site_is_made_again(small_shards, content, tmp_path):
    """A file of a kept shard that is not as the last build wrote it is not reused."""
    site = build_site_from(content, tmp_path / "site")
    clean = index_files(site)
    victim = next((site / "pagefind" / "sources-0" / "fragment").glob("*.pf_fragment"))
    victim.write_bytes(b"tampered")
    replace_in(content / "claims" / "plan-secret.yaml", "summary: The plan is confidential.", "summary: Secret.")
    assert not pipeline.build(content, site).report.errors
    assert index_files(site) == index_files(build_site_from(content, tmp_path / "clean"))
    assert index_files(site)[victim.relative_to(site / "pagefind").as_posix()] == clean[
        victim.relative_to(site / "pagefind").as_posix()
    ]


def page_in(language: str, title: str, words: str) -> bytes:
    return (
        f'<!doctype html><html lang="{language}"><head><title>{title}</title></head>'
        f"<body><main data-pagefind-body><h1>{title}</h1><p>{words}</p></main></body></html>"
    ).encode()


def test_each_language_prefix_is_sharded_and_indexed_in_its_own_language():
    """Pages under a language prefix (`ru/…`) with their `<html lang>` make shards of their
    own, indexed in that language, so the search page of each language merges only its own."""
    files = {
        "claims/a/index.html": page_in("en-GB", "Alpha", "ministers met"),
        "ru/claims/a/index.html": page_in("ru", "Альфа", "министры встретились"),
        "about/index.html": b"<html lang='en'><body>no marker</body></html>",
    }
    made: list[str] = []
    index = search_index(files, "en-GB", made=made)
    shards = {s["path"]: s for s in json.loads(index["pagefind/shards.json"])["shards"]}
    assert {p: (s["language"], s["pages"]) for p, s in shards.items()} == {
        "about-0/": ("", 0),
        "claims-0/": ("en", 1),
        "ru-claims-0/": ("ru", 1),
    }
    assert json.loads(index["pagefind/ru-claims-0/pagefind-entry.json"])["languages"].keys() == {"ru"}
    assert sorted(made) == ["claims-0", "ru-claims-0"], "Pagefind runs only where pages are marked"
    again: list[str] = []
    assert search_index(files, "en-GB", previous=index, made=again) == index
    assert again == []


def test_a_kind_that_grows_past_a_shard_moves_few_pages():
    """Jump hashing: from 10 to 11 shards about one page in 11 moves, and only to the new
    shard; the assignment is a function of the names alone."""
    names = [f"claims/c{i}/index.html" for i in range(10 * searchshards.MAX_PAGES)]
    before = {p: s.name for s in searchshards.shards(names) for p in s.pages}
    grown = names + [f"claims/new{i}/index.html" for i in range(10)]
    after = {p: s.name for s in searchshards.shards(grown) for p in s.pages}
    moved = [p for p in names if before[p] != after[p]]
    assert len(set(before.values())) == 10 and len(set(after.values())) == 11
    assert {after[p] for p in moved} == {"claims-10"}
    assert len(moved) < 2 * len(names) / 11
    assert after == {p: s.name for s in searchshards.shards(list(reversed(grown))) for p in s.pages}


def test_a_site_that_marks_no_page_has_every_page_indexed():
    """Pagefind's own rule, kept across shards: with no `data-pagefind-body` anywhere,
    every page is indexed."""
    files = {
        "about/index.html": b"<html lang='en'><body><p>ministers met</p></body></html>",
        "index.html": b"<html lang='en'><body><p>the home page</p></body></html>",
    }
    index = search_index(files, "en")
    shards = {s["path"]: s["pages"] for s in json.loads(index["pagefind/shards.json"])["shards"]}
    assert shards == {"about-0/": 1, "site-0/": 1}
    records = [
        json.loads(gzip.decompress(data)[len(SIGNATURE) :])["url"]
        for name, data in index.items()
        if name.endswith(".pf_fragment")
    ]
    assert sorted(records) == ["/", "/about/"]
