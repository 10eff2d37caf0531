"""The corrections log (`corrections/`) and the feed: every correction of every claim,
newest first, each linking to its claim and saying what changed; each also an entry of the
Atom feed, dated by the correction, under an id that does not change. Read from the built
pages and the feed (feedparser), and held to the claims' YAML."""
from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
import yaml
from sitepages import REPO, SAMPLE, build_site_from, edit, page, sample_copy

BASE = "https://example.org/checks/"


def corrections_in(content: Path) -> list[tuple[str, str, str]]:
    """(date, claim id, note) of every correction written in the content's claims."""
    out = []
    for file in sorted((content / "claims").glob("*.yaml")):
        for c in yaml.safe_load(file.read_text(encoding="utf-8")).get("corrections") or []:
            out.append((c["date"], file.stem, " ".join(c["note"].replace("*", "").split())))
    return out


def logged(site: Path) -> list[tuple[str, str, str]]:
    """(date, claim id, what changed) of each item of the log, in its order."""
    out = []
    for item in page(site, "corrections/").select("ol.corrections-log > li"):
        claim = item.select_one(".corrected-claim a")["href"].rstrip("/").rsplit("/", 1)[1]
        note = " ".join(item.select_one(".what-changed").get_text().replace("What changed:", "").split())
        out.append((item.select_one("time")["datetime"], claim, note))
    return out


def correction_entries(site: Path) -> list:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return [e for e in feed.entries if e.id.startswith(feed.feed.id + "corrections/#")]


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> tuple[Path, Path]:
    """The sample with three more corrections: two on one day, one earlier."""
    folder = tmp_path_factory.mktemp("corrections")
    content = sample_copy(folder)
    edit(content / "claims" / "plan-secret.yaml", 'reviewed: "2026-11-22"\n',
         'reviewed: "2026-11-22"\nupdated: "2026-11-30"\ncorrections:\n'
         '  - date: "2026-11-24"\n    note: The rating was *Accurate*; the plan is confidential, not secret.\n'
         '  - date: "2026-11-30"\n    note: A passage from the wire story was added.\n'
         '  - date: "2026-11-30"\n    note: The summary now names the plan.\n')
    return content, build_site_from(content, folder / "site")


def test_the_log_lists_every_correction_newest_first_linked_to_its_claim(corrected):
    content, site = corrected
    expected = sorted(corrections_in(content), key=lambda c: c[0], reverse=True)
    assert len(expected) == 4
    assert sorted(logged(site)) == sorted(expected)
    assert [c[0] for c in logged(site)] == ["2026-11-30", "2026-11-30", "2026-11-24", "2026-11-23"]
    item = page(site, "corrections/").select("ol.corrections-log > li")[2]
    assert item.select_one(".what-changed em").get_text() == "Accurate"  # the note's Markdown
    claim = item.select_one(".corrected-claim").get_text(" ", strip=True)
    assert claim == "The plan is secret. Rating: Mostly accurate"


def test_each_correction_is_a_feed_entry_dated_by_the_correction(corrected):
    content, site = corrected
    entries = correction_entries(site)
    assert sorted((e.updated[:10], e.link[len(BASE):], " ".join(e.summary.split())) for e in entries) == \
        sorted((d, f"claims/{c}/", n) for d, c, n in corrections_in(content))
    assert all(e.published == e.updated and e.title.startswith("Correction: ") for e in entries)
    assert len({e.id for e in entries}) == len(entries)
    ids = {e.id.split("#", 1)[1] for e in entries}
    assert ids == {li["id"] for li in page(site, "corrections/").select("ol.corrections-log > li")}
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.feed.updated == "2026-11-30T00:00:00Z"


def test_a_correction_keeps_its_feed_id_when_another_is_added_or_its_note_reworded(corrected, tmp_path):
    content, site = corrected
    before = {e.id: e.updated for e in correction_entries(site)}
    copy = sample_copy(tmp_path)
    (copy / "claims" / "plan-secret.yaml").write_text(
        (content / "claims" / "plan-secret.yaml").read_text(encoding="utf-8")
        .replace("The summary now names the plan.", "The summary now names the plan, as NATO does.")
        .replace("corrections:\n", 'corrections:\n  - date: "2026-11-20"\n    note: A typo in the claim.\n'),
        encoding="utf-8")
    after = {e.id: e.updated for e in correction_entries(build_site_from(copy, tmp_path / "site"))}
    assert before.items() <= after.items() and len(after) == len(before) + 1


def test_the_log_is_linked_from_every_page_footer_and_says_so_when_empty(built_sample, tmp_path):
    home = page(built_sample, "")
    assert home.select_one("footer a[href='corrections/']").get_text() == "Corrections"
    content = sample_copy(tmp_path)
    edit(content / "claims" / "fund-size.yaml", 'corrections:\n  - date: "2026-11-23"\n'
         "    note: An earlier version gave the wrong day.\n", "")
    site = build_site_from(content, tmp_path / "site")
    assert page(site, "corrections/").select_one("main p:not(.lead)").get_text() == \
        "No fact-check has been corrected so far."
    assert correction_entries(site) == []


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory) -> Path:
    return build_site_from(SAMPLE, tmp_path_factory.mktemp("corrections-sample") / "site")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    return build_site_from(REPO / "content", tmp_path_factory.mktemp("corrections-content") / "site")


def test_the_shipped_log_and_feed_carry_every_correction_of_the_content(shipped):
    expected = corrections_in(REPO / "content")
    assert expected, "the shipped content has corrections"
    assert sorted(logged(shipped)) == sorted(expected)
    dates = [c[0] for c in logged(shipped)]
    assert dates == sorted(dates, reverse=True)
    assert len(correction_entries(shipped)) == len(expected)
    methodology = page(shipped, "methodology/")
    assert methodology.select_one("main a[href='../corrections/']") is not None
