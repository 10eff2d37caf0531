"""Search over an index in shards, in a real browser: the search page merges every shard
of its language, so a claim is found whichever shard holds it (the first, which Pagefind
loads as its primary index, or the last, merged into it), and the filters count pages
across all of them."""
from __future__ import annotations

import gzip
import json
import re
import shutil
from urllib.parse import quote, urlsplit

import harness
import pytest
from playwright.sync_api import expect
from sitepages import SAMPLE, add_claims

from sidelight.output import searchshards
from sidelight.output.searchindex import SIGNATURE

pytestmark = pytest.mark.browser

RESULT = "#search-results .search-result"
EXTRA = 20


def token(i: int) -> str:
    """A word found in one claim only: letters, so Pagefind keeps it one word, which differ
    at the front, where stemming leaves them."""
    return "".join("bcdfghjklm"[int(d)] for d in f"{i:02d}") + "orvak"


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shards")
    content = folder / "content"
    shutil.copytree(SAMPLE, content)
    for i, ident in enumerate(add_claims(content, EXTRA)):
        claim = content / "claims" / f"{ident}.yaml"
        claim.write_text(claim.read_text(encoding="utf-8").replace(
            f"claim: Extra claim number {i}.", f"claim: Extra claim {token(i)}."), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchshards, "MAX_PAGES", 10)
        site = harness.build(content, folder / "site")
    with harness.serve(site) as url:
        yield site, url


def claim_shards(site) -> list[str]:
    shards = json.loads((site / "pagefind" / "shards.json").read_bytes())["shards"]
    return [s["path"].rstrip("/") for s in shards if s["pages"] and s["path"].startswith("claims-")]


def extra_claim_in(site, shard: str) -> int:
    """The number of an extra claim whose page the shard `shard` holds, read from the
    records of its bundle."""
    urls = [json.loads(gzip.decompress(f.read_bytes())[len(SIGNATURE):])["url"]
            for f in sorted((site / "pagefind" / shard / "fragment").glob("*.pf_fragment"))]
    numbers = sorted(int(m.group(1)) for u in urls if (m := re.fullmatch(r"/claims/extra-(\d+)/", u)))
    assert numbers, f"no extra claim in {shard}"
    return numbers[0]


def found_paths(page) -> list[str]:
    expect(page.locator("#search-status")).to_contain_text("result")
    return [urlsplit(h).path for h in page.locator(f"{RESULT} h2 a").evaluate_all("as => as.map(a => a.href)")]


@pytest.mark.parametrize("which", ["first", "last"])
def test_a_word_in_one_shard_only_finds_its_claim(page, sharded_site, which):
    site, url = sharded_site
    shards = claim_shards(site)
    assert len(shards) >= 3, "the claims fill several shards"
    number = extra_claim_in(site, shards[0] if which == "first" else shards[-1])
    page.goto(url + "search/?q=" + quote(token(number)))
    assert found_paths(page) == [f"/claims/extra-{number:03d}/"]


def test_the_filters_count_the_claims_of_every_shard(page, sharded_site):
    site, url = sharded_site
    claims = sum(1 for p in (site / "claims").glob("*/index.html") if p.parent.name != "page")
    page.goto(url + "search/")
    count = page.locator("#search-filters fieldset[data-filter=type] label", has_text=re.compile(r"^\s*Claims"))
    expect(count.locator(".count")).to_have_text(f"({claims})")
    page.goto(url + "search/?q=claim&type=Claims")
    expect(page.locator("#search-status")).to_contain_text("result")
    assert page.locator(RESULT).count() > 0
