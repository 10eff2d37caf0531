"""The search index as built into site/pagefind/: what it indexes (claim and article text,
not navigation), the filters and result details it carries, that it is byte-identical
from build to build, and what an editor sees when Pagefind cannot run. The index files
are read back with Pagefind's own format (gzip, a signature, CBOR)."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from hypothesis import given, strategies as st

from sidelight.output import cbor

from sidelight.build import pipeline
from sidelight.output import searchindex
from sidelight.output.searchindex import SCRATCH_PREFIX, SIGNATURE, pack, search_index, stable_filters, unpack
from sitepages import SAMPLE, build_site_from, html_pages, page, site_path

PAGEFIND = "pagefind"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_site_from(SAMPLE, tmp_path_factory.mktemp("search") / "site")


def bundle_of(site: Path) -> dict[str, bytes]:
    """Every file of the index, by its name under pagefind/ (`<shard>/…` and shards.json)."""
    root = site / PAGEFIND
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def shards_of(bundle: dict[str, bytes]) -> dict[str, dict[str, bytes]]:
    """Each shard's own Pagefind bundle, of the shards shards.json lists as indexed."""
    listed = json.loads(bundle["shards.json"])["shards"]
    return {s["path"]: {n.removeprefix(s["path"]): d for n, d in bundle.items() if n.startswith(s["path"])}
            for s in listed if s["pages"]}


def meta_of(bundle: dict[str, bytes]) -> list:
    entry = json.loads(bundle["pagefind-entry.json"])
    (language, info), = entry["languages"].items()
    return unpack(bundle[f"pagefind.{info['hash']}.pf_meta"])


def filters_of(bundle: dict[str, bytes]) -> dict[str, dict[str, int]]:
    """{filter: {value: number of pages}} as the browser will read it: summed over the
    shards, as Pagefind's `mergeIndex` sums them."""
    out: dict[str, dict[str, int]] = {}
    for shard in shards_of(bundle).values():
        for name, file_hash in meta_of(shard)[3]:
            name_, values = unpack(shard[f"filter/{file_hash}.pf_filter"])
            assert name_ == name
            for value, pages in values:
                out.setdefault(name, {})[value] = out.get(name, {}).get(value, 0) + len(pages)
    return out


def fragments(bundle: dict[str, bytes]) -> dict[str, dict]:
    """Each indexed page's record by its URL: its text, filters and metadata."""
    out = {}
    for name, data in bundle.items():
        if name.endswith(".pf_fragment"):
            record = json.loads(gzip.decompress(data)[len(SIGNATURE):])
            out[record["url"]] = record
    return out


def test_claims_and_articles_are_indexed_and_nothing_else(built):
    indexed = fragments(bundle_of(built))
    claims = {f"/claims/{p.name}/" for p in (built / "claims").iterdir() if (p / "index.html").is_file() and p.name != "page"}
    sources = {f"/sources/{p.name}/" for p in (built / "sources").iterdir() if (p / "index.html").is_file() and p.name != "page"}
    assert claims and sources
    assert set(indexed) == claims | sources


def test_indexed_text_is_the_content_not_the_navigation(built):
    indexed = fragments(bundle_of(built))
    for url, record in indexed.items():
        shown = page(built, url.strip("/") + "/")
        nav = " ".join(a.get_text(strip=True) for a in shown.find("nav", attrs={"aria-label": "Site"}).find_all("a")[:3])
        for outside in (nav, shown.find("a", class_="skip").get_text(strip=True), "Published by",
                        shown.find("footer", class_="site-footer").find("a").get_text(strip=True)):
            assert outside not in record["content"], f"{url}: {outside!r} is not content"
        assert "Rating:" not in record["content"], "screen-reader labels are not excerpt text"


def test_a_claim_page_carries_its_rating_topic_and_outlets(built):
    indexed = fragments(bundle_of(built))
    claim_url = next(u for u in sorted(indexed) if u.startswith("/claims/"))
    shown = page(built, claim_url.strip("/") + "/")
    record = indexed[claim_url]
    rating = shown.select_one("main .verdict .rating").get_text(strip=True).replace("Rating:", "")
    assert record["meta"]["rating"] == rating
    assert record["meta"]["title"] in shown.find("h1").get_text()
    assert record["filters"]["rating"] == [rating]
    assert record["filters"]["type"] == ["Claims"]
    assert record["filters"]["topic"] == [shown.select_one("main .kicker a").get_text(strip=True)]
    outlets = {h.get_text(strip=True) for h in shown.select("main .column h3")}
    assert set(record["filters"]["outlet"]) == outlets
    for quoted in shown.select("main figure.quote blockquote mark"):
        assert quoted.get_text() in record["content"], "quoted passages are searchable"


def index_filters(bundle: dict[str, bytes]) -> dict[str, dict[str, set[str]]]:
    """{filter: {value: URLs of the pages it finds}}, read from the filter files the
    browser reads (page numbers → the page's fragment → its URL), over every shard."""
    out: dict[str, dict[str, set[str]]] = {}
    for shard in shards_of(bundle).values():
        meta = meta_of(shard)
        urls = [json.loads(gzip.decompress(shard[f"fragment/{h}.pf_fragment"])[len(SIGNATURE):])["url"]
                for h, _ in meta[1]]
        for name, file_hash in meta[3]:
            _, values = unpack(shard[f"filter/{file_hash}.pf_filter"])
            for value, pages in values:
                out.setdefault(name, {}).setdefault(value, set()).update(urls[n] for n in pages)
    return out


def content_records(folder: str) -> dict[str, dict]:
    return {f.stem: yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((SAMPLE / folder).glob("*.yaml"))}


def source_outlet(source_id: str) -> str:
    """The outlet of a sample source, from its front matter."""
    text = (SAMPLE / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n"))["outlet"]


def coverage_pairs(claim: dict) -> dict[str, set[str]]:
    """What each outlet that covered `claim` did, as the content says: {"outlet_fidelity":
    {"<outlet name>: <fidelity label>", ...}, "outlet_stance": {...}}. Omissions cover nothing."""
    outlets = content_records("outlets")
    vocabulary = yaml.safe_load((SAMPLE / "vocabulary.yaml").read_text(encoding="utf-8"))
    label = {kind: {t["id"]: t["label"] for t in vocabulary[kind]} for kind in ("fidelities", "stances")}
    pairs: dict[str, set[str]] = {"outlet_fidelity": set(), "outlet_stance": set()}
    for cov in claim["coverage"]:
        if "omission" in cov:
            continue
        outlet = outlets[source_outlet(cov["source"])]["name"]
        pairs["outlet_fidelity"].add(f"{outlet}: {label['fidelities'][cov['fidelity']]}")
        pairs["outlet_stance"].add(f"{outlet}: {label['stances'][cov['stance']]}")
    return pairs


def test_a_pair_filter_never_finds_a_claim_where_that_outlet_lacks_that_property(built):
    """Every value of the outlet-and-fidelity and outlet-and-stance filters, over the
    built index: each claim it finds is one where that very outlet's coverage has that
    fidelity or stance, and each outlet's fidelity and stance on a claim finds it. There
    is no fidelity or stance filter of its own to combine with another outlet."""
    filters = index_filters(bundle_of(built))
    claims = content_records("claims")
    assert not {"stance", "fidelity"} & set(filters)
    for name in ("outlet_fidelity", "outlet_stance"):
        found = {(value, url) for value, urls in filters[name].items() for url in urls}
        assert all(url.startswith("/claims/") for _, url in found), name
        expected = {(value, f"/claims/{cid}/") for cid, claim in claims.items()
                    for value in coverage_pairs(claim)[name]}
        assert found == expected, name
    assert len(filters["outlet_fidelity"]) >= 3, "the sample has several outlet-fidelity pairs"


def test_an_outlet_that_left_the_claim_out_is_not_found_by_it(built):
    """An omission is not coverage: neither "covered by" nor any pair finds the claim
    for an outlet that only left it out."""
    filters = index_filters(bundle_of(built))
    outlets = content_records("outlets")
    checked = 0
    for cid, claim in content_records("claims").items():
        covering = {source_outlet(c["source"]) for c in claim["coverage"] if "omission" not in c}
        for left_out in {c["omission"] for c in claim["coverage"] if "omission" in c} - covering:
            name, url = outlets[left_out]["name"], f"/claims/{cid}/"
            assert url not in filters["outlet"].get(name, set()), (cid, name)
            assert not any(value.startswith(name + ": ") and url in urls
                           for pair in ("outlet_fidelity", "outlet_stance") for value, urls in filters[pair].items())
            checked += 1
    assert checked >= 1, "the sample has an outlet that only left a claim out"


def test_the_kind_of_claim_is_a_filter(built):
    filters = index_filters(bundle_of(built))
    expected: dict[str, set[str]] = {}
    for cid, claim in content_records("claims").items():
        expected.setdefault(claim["kind"].capitalize(), set()).add(f"/claims/{cid}/")
    assert filters["claim_kind"] == expected
    assert set(expected) == {"Statement", "Attribution", "Opinion"}


def test_the_search_page_offers_every_filter_the_index_holds(built):
    boxes = [f["data-filter"] for f in page(built, "search/").select("fieldset[data-filter]")]
    legends = [f.legend.get_text(strip=True) for f in page(built, "search/").select("fieldset[data-filter]")]
    assert set(boxes) == set(filters_of(bundle_of(built)))
    assert "Covered by" in legends and not {"Stance", "Fidelity"} & set(legends)


def test_filter_values_are_sorted_and_files_named_after_their_contents(built):
    bundle = bundle_of(built)
    assert set(filters_of(bundle)) == {"type", "claim_kind", "rating", "topic", "outlet", "outlet_fidelity",
                                       "outlet_stance"}
    for shard in shards_of(bundle).values():
        for name, file_hash in meta_of(shard)[3]:
            raw = gzip.decompress(shard[f"filter/{file_hash}.pf_filter"])[len(SIGNATURE):]
            values = [v for v, _ in cbor.decode(raw)[1]]
            assert values == sorted(values)
        assert not any(n.startswith(("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui")) for n in shard)


def test_the_order_pagefind_happens_to_write_filters_in_does_not_reach_the_site(built):
    """Pagefind 1.5.2 writes filter values in hash-map order, different in every run;
    whatever order comes in, the same bytes go out."""
    bundle = shards_of(bundle_of(built))["claims-0/"]
    shuffled = dict(bundle)
    entry = json.loads(bundle["pagefind-entry.json"])
    (language, info), = entry["languages"].items()
    meta = unpack(shuffled.pop(f"pagefind.{info['hash']}.pf_meta"))
    for item in meta[3]:
        index = unpack(shuffled.pop(f"filter/{item[1]}.pf_filter"))
        index[1].reverse()
        item[1] = f"{language}_reversed{len(index[1])}{item[0]}"
        shuffled[f"filter/{item[1]}.pf_filter"] = pack(cbor.encode(index))
    meta[3].reverse()
    info["hash"] = f"{language}_shuffled"
    shuffled[f"pagefind.{info['hash']}.pf_meta"] = pack(cbor.encode(meta))
    shuffled["pagefind-entry.json"] = json.dumps(entry).encode()
    assert shuffled != bundle
    assert stable_filters(shuffled) == stable_filters(bundle) == bundle


def test_two_builds_of_the_same_content_write_the_same_index(built, tmp_path):
    again = build_site_from(SAMPLE, tmp_path / "again")
    assert bundle_of(again) == bundle_of(built)


class ReadOnce(dict):
    """Pages that may be loaded only as asked: each page read once, nothing else read."""

    def __init__(self, pages: dict[str, bytes]):
        super().__init__(pages)
        self.read: list[str] = []

    def __getitem__(self, name: str) -> bytes:
        assert name.endswith(".html") and name not in self.read, f"{name} read again or not a page"
        self.read.append(name)
        return super().__getitem__(name)

    def items(self):
        raise AssertionError("every page loaded at once")

    values = items


def test_the_index_reads_each_page_once_and_only_pages_in_any_order(built):
    """The build may hand the pages over in any order, loading each as it is asked for:
    the index is the same, and no page is loaded twice or all at once."""
    files = {p.relative_to(built).as_posix(): p.read_bytes() for p in sorted(built.rglob("*")) if p.is_file()}
    files = {name: data for name, data in reversed(files.items()) if not name.startswith(PAGEFIND + "/")}
    lazy = ReadOnce(files)
    assert search_index(lazy, "en") == {f"{PAGEFIND}/{name}": data for name, data in bundle_of(built).items()}
    assert sorted(lazy.read) == sorted(name for name in files if name.endswith(".html"))


def test_the_copy_a_killed_build_left_for_pagefind_is_removed_by_the_next(built, tmp_path, monkeypatch):
    """A build killed while Pagefind ran leaves its copy of the pages in /dev/shm, holding
    memory until the machine restarts: the next index removes copies whose build is gone,
    and leaves those of builds still running."""
    monkeypatch.setattr(searchindex, "scratch_parent", lambda: str(tmp_path))
    gone = subprocess.Popen([sys.executable, "-c", ""])
    gone.wait()
    stale, running = (tmp_path / f"{SCRATCH_PREFIX}{pid}-x" for pid in (gone.pid, os.getpid()))
    for folder in (stale, running):
        (folder / "claims").mkdir(parents=True)
        os.utime(folder, (time.time() - 3600, time.time() - 3600))
    just_made = tmp_path / f"{SCRATCH_PREFIX}{gone.pid}-just-made"
    just_made.mkdir()  # a new build that got the same process number keeps its copy
    files = {p.relative_to(built).as_posix(): p.read_bytes() for p in html_pages(built)}
    assert search_index(files, "en")
    assert sorted(tmp_path.iterdir()) == sorted([running, just_made])


def test_an_incremental_rebuild_refreshes_the_index(tmp_path):
    content = Path(shutil.copytree(SAMPLE, tmp_path / "content"))
    site = build_site_from(content, tmp_path / "site")
    before = fragments(bundle_of(site))
    claim = sorted((content / "claims").glob("*.yaml"))[0]
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace("\nsummary: ", "\nsummary: Zanzibarian quokkas aside, ", 1), encoding="utf-8")
    result = pipeline.build(content, site)  # incremental: only what changed is rendered
    assert not result.report.errors
    after = fragments(bundle_of(site))
    assert not any("Zanzibarian" in r["content"] for r in before.values())
    assert [u for u, r in after.items() if "Zanzibarian" in r["content"]] == [f"/claims/{claim.stem}/"]


def test_without_pagefind_the_build_fails_and_leaves_the_site_alone(run_cli, sample_content, tmp_path, monkeypatch):
    assert run_cli("--content", "content", "build").code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    (sample_content / "claims" / "fund-size.yaml").unlink()  # a change that would be written
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    run = run_cli("--content", "content", "build")
    assert run.code == 1
    assert run.problems("error") and run.problems("error")[0].startswith("pagefind:1:1: error: cannot run Pagefind")
    assert "pip install 'pagefind[bin]'" in run.output
    assert "site/ was not changed" in run.output
    assert {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()} == before


values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**64, 2**64 - 1) | st.text() | st.binary(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20)


@given(values)
def test_cbor_round_trips(value):
    assert cbor.decode(cbor.encode(value)) == value


@pytest.mark.parametrize("data", [b"\xfb\x3f\xf0\x00\x00\x00\x00\x00\x00",  # a float
                                  b"\xc1\x00",  # a tag
                                  b"\x9f\x01\xff",  # an indefinite-length array
                                  b"\x82\x01", b"\x01\x02"])  # truncated; trailing bytes
def test_cbor_outside_pagefinds_subset_is_refused(data):
    with pytest.raises(cbor.CBORError):
        cbor.decode(data)


def test_every_page_has_a_search_form_that_leads_to_the_search_page(built):
    base_url = yaml.safe_load((SAMPLE / "site.yaml").read_text(encoding="utf-8"))["base_url"]
    pages = html_pages(built)
    assert len(pages) > 10
    for file in pages:
        path = site_path(built, file)
        form = page(built, path).find("form", attrs={"role": "search"})
        assert form is not None, f"{path} has no search form"
        assert form.get("method", "get").lower() == "get"
        assert form.find("input", attrs={"name": "q", "type": "search"}) is not None
        if path == "404.html":  # served at any depth, so it links from the site's root path
            assert form["action"] == urlsplit(base_url).path + "search/"
        else:
            assert urljoin(base_url + path, form["action"]) == base_url + "search/", f"{path}: {form['action']}"
    assert (built / "search" / "index.html").is_file()
