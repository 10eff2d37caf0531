"""`status: draft | review | published`: a draft or a claim in review never reaches a
`build` (no page, feed, data file, search record or sitemap entry names it), `serve` shows
it with a banner, a draft's own problems are warnings, and a published claim may not cite
an unpublished source. What is asserted is what the editor sees: the files written, the
pages' text, the lines printed."""

from __future__ import annotations

import gzip
from pathlib import Path

from bs4 import BeautifulSoup
from edits import replace_in

DRAFT_ID = "zebra-crossing-draft"
DRAFT_CLAIM = "Ministers painted a zebra crossing on the harbour quay."
SOURCE_ID = "quayside-gazette-draft"
SOURCE_TITLE = "Quayside gazette: the striped quay"
SOURCE = f"""\
---
status: draft
title: "{SOURCE_TITLE}"
outlet: wire
published: "2021-10-23"
language: en
---
The harbour authority said ministers painted the quay in black and white stripes overnight.
"""
CLAIM = f"""\
status: draft
claim: {DRAFT_CLAIM}
kind: statement
claimant: the-ministry
topic: meeting
date: "2021-10-23"
rating: accurate
verdict: They painted it.
summary: The harbour authority says so.
coverage:
  - source: {SOURCE_ID}
    fidelity: faithful
    stance: neutral
    passages:
      - quote: ministers painted the quay in black and white stripes
evidence:
  - kind: primary
    title: Harbour notice
    publisher: The Harbour Authority
    url: https://harbour.example.org/notice
    date: "2021-10-23"
    quote: The quay was painted.
    lookup: https://web.archive.org/web/2021*/harbour.example.org
author: alex-sample
reviewed: "2026-11-22"
"""


def add_draft(content: Path, claim: str = CLAIM, source: str = SOURCE) -> None:
    (content / "sources" / f"{SOURCE_ID}.txt").write_text(source, encoding="utf-8")
    (content / "claims" / f"{DRAFT_ID}.yaml").write_text(claim, encoding="utf-8")


def every_text(site: Path) -> dict[str, str]:
    """Each file written, as text (Pagefind's gzipped records unpacked)."""
    out = {}
    for path in site.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            out[path.relative_to(site).as_posix()] = raw.decode("utf-8", "replace")
    return out


def mentions(site: Path) -> list[str]:
    needles = (DRAFT_ID, DRAFT_CLAIM, SOURCE_ID, SOURCE_TITLE, "zebra", "Quayside")
    return sorted(name for name, text in every_text(site).items() if any(n in text for n in needles))


def test_a_draft_never_appears_in_a_build(sample_content, run_cli, tmp_path):
    add_draft(sample_content)
    run = run_cli("--content", "content", "build")
    assert run.code == 0, run.output
    assert "2 drafts or reviews not published" in run.output  # the claim and its source
    site = tmp_path / "site"
    assert (site / "index.html").exists() and (site / "feed.xml").exists() and (site / "sitemap.xml").exists()
    assert any(name.startswith("pagefind/") for name in every_text(site))
    assert mentions(site) == []


def test_a_claim_in_review_never_appears_in_a_build(sample_content, run_cli, tmp_path):
    add_draft(sample_content, CLAIM.replace("status: draft", "status: review"), SOURCE.replace("draft", "review", 1))
    run = run_cli("--content", "content", "build")
    assert run.code == 0, run.output
    assert "2 drafts or reviews not published" in run.output
    assert mentions(tmp_path / "site") == []


def test_the_preview_shows_a_draft_with_a_banner_and_a_later_build_removes_it(sample_content, run_cli, tmp_path):
    from sidelight.build import pipeline

    add_draft(sample_content)
    site = tmp_path / "site"
    result = pipeline.build(sample_content, site, drafts=True)
    assert not result.report.errors, result.report.problems
    pages = [p for p in site.rglob("index.html") if DRAFT_ID in p.as_posix() or SOURCE_ID in p.as_posix()]
    assert len(pages) == 2, pages
    for page in pages:
        banner = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("main .unpublished")
        assert banner is not None and banner.get_text() == "Draft — not published"
    published = next(site.glob("claims/fund-size*/index.html"), None) or next(site.rglob("fund-size/index.html"))
    assert BeautifulSoup(published.read_text(encoding="utf-8"), "html.parser").select_one(".unpublished") is None
    run = run_cli("--content", "content", "build")
    assert run.code == 0, run.output
    assert mentions(site) == []


def test_a_review_gets_its_own_banner_in_the_preview(sample_content, tmp_path):
    from sidelight.build import pipeline

    add_draft(sample_content, CLAIM.replace("status: draft", "status: review"), SOURCE.replace("draft", "review", 1))
    site = tmp_path / "site"
    assert not pipeline.build(sample_content, site, drafts=True).report.errors
    page = next(p for p in site.rglob("index.html") if DRAFT_ID in p.as_posix())
    banner = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("main .unpublished")
    assert banner is not None and banner.get_text() == "In review — not published"


def test_a_published_claim_citing_a_draft_source_is_an_error_with_the_fix(sample_content, run_check):
    add_draft(sample_content, CLAIM.replace("status: draft\n", ""))
    run = run_check()
    assert run.code == 1
    assert run.errors() == [
        f"content/claims/{DRAFT_ID}.yaml:10:13: error: this published claim cites source `{SOURCE_ID}`, which is a"
        f" draft (`status: draft`) — publish the source (`status: published` in content/sources/{SOURCE_ID}.txt),"
        " or mark this claim `status: draft` until it is"
    ]


def test_an_unfinished_draft_warns_and_the_site_still_builds(sample_content, run_cli, tmp_path):
    unfinished = CLAIM.replace("rating: accurate\n", "").replace("verdict: They painted it.\n", "")
    add_draft(sample_content, unfinished.replace("black and white stripes", "black and blue stripes"))
    run = run_cli("--content", "content", "check")
    assert run.code == 0, run.output
    note = "(in a draft: fix it before `status: published`)"
    ours = [line for line in run.problems() if DRAFT_ID in line]
    assert ours and all(": warning: " in line and note in line for line in ours), ours
    assert any(f"a statement needs a `rating` {note}" in line for line in ours) or any(
        "rating" in line for line in ours
    ), ours
    assert any("the quote is not in the source" in line for line in ours), ours
    assert run_cli("--content", "content", "build").code == 0
    strict = run_cli("--content", "content", "check", "--strict")  # what CI runs before publishing
    assert strict.code == 0 and [line for line in strict.problems() if DRAFT_ID in line] == ours, strict.output


def test_strict_still_fails_on_a_published_files_warning_beside_a_draft(sample_content, run_cli):
    add_draft(sample_content, CLAIM.replace("rating: accurate\n", ""))
    claim = next((sample_content / "claims").glob("fund-size.yaml"))
    text = claim.read_text()
    assert "note: Gives the figure in *dollars*." in text
    claim.write_text(text.replace("in *dollars*.", "in *dollars*, see #3."), encoding="utf-8")  # a note cut short
    strict = run_cli("--content", "content", "check", "--strict")
    assert strict.code == 1 and any("fund-size.yaml" in line and ": warning: " in line for line in strict.problems())


def test_the_preview_leaves_out_an_unfinished_draft_and_builds_the_rest(sample_content, tmp_path):
    from sidelight.build import pipeline

    add_draft(sample_content, CLAIM.replace("rating: accurate\n", ""))
    site = tmp_path / "site"
    result = pipeline.build(sample_content, site, drafts=True)
    assert not result.report.errors, result.report.errors
    assert [p for p in site.rglob("*") if DRAFT_ID in p.as_posix()] == []
    assert [p for p in site.rglob("index.html") if SOURCE_ID in p.as_posix()]  # the finished draft source


def test_a_claim_in_review_is_checked_in_full(sample_content, run_check):
    add_draft(sample_content, CLAIM.replace("status: draft", "status: review").replace("rating: accurate\n", ""))
    run = run_check()
    assert run.code == 1
    assert [line for line in run.errors() if DRAFT_ID in line and "rating" in line], run.output


def test_a_yaml_error_in_a_draft_is_never_relaxed(sample_content, run_check):
    add_draft(sample_content, CLAIM.replace("summary: The harbour authority says so.", 'summary: "The harbour'))
    run = run_check()
    assert run.code == 1
    assert [line for line in run.errors() if f"{DRAFT_ID}.yaml:21:" in line], run.output
    assert not [line for line in run.problems() if "no claim cites" in line], run.output  # no knock-on warning


def test_a_misspelt_status_is_an_error_and_the_file_counts_as_published(sample_content, run_check):
    add_draft(sample_content, CLAIM.replace("status: draft", "status: drafted"))
    run = run_check()
    assert run.code == 1
    assert [line for line in run.errors() if f"{DRAFT_ID}.yaml:1:9:" in line and "status" in line], run.output


def test_new_claim_starts_as_a_draft(sample_content, run_cli):
    assert run_cli("--content", "content", "new", "claim", "fresh-claim").code == 0
    text = (sample_content / "claims" / "fresh-claim.yaml").read_text(encoding="utf-8")
    assert "\nstatus: draft\n" in text
    run = run_cli("--content", "content", "check")
    assert run.code == 0, run.output
    assert "1 draft or review not published" in run.output


def test_a_draft_source_cited_by_a_draft_claim_is_not_an_unused_source(sample_content, run_check):
    add_draft(sample_content)
    replace_in(sample_content / "claims" / f"{DRAFT_ID}.yaml", "status: draft\n", "status: draft\n")
    run = run_check()
    assert not [line for line in run.problems() if "no claim cites" in line], run.output


def test_serve_builds_drafts(sample_content, tmp_path):
    """`serve`'s own rebuild (not only the pipeline's flag) previews the draft."""
    import io

    from sidelight.preview.session import Preview

    add_draft(sample_content)
    preview = Preview(sample_content, tmp_path / "site", stream=io.StringIO())
    preview.rebuild()
    served = preview.files  # what the preview serves: the site held in memory
    page = next(data for name, data in served.items() if DRAFT_ID in name and name.endswith("index.html"))
    assert "Draft — not published" in page.decode("utf-8")
