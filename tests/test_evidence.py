"""Evidence items as an editor and a reader meet them: `check` warns, at the item, about an
item without a kind, a date, a quote or an archive address, and about a republication whose
primary the claim does not cite (`--strict` fails on each); the claim page shows each item's
kind in words, its archived copy or an unconfirmed lookup, when we read it, and whether it was
published after the claim."""
from __future__ import annotations

import pytest

from sitepages import build_site_from, built_sample, edit, page, sample_copy  # noqa: F401 (fixture)

FUND = "content/claims/fund-size.yaml"
ITEM = """  - kind: primary
    title: Official statement
    publisher: The Ministry
    url: https://ministry.example.org/statement
    date: "2021-10-22"
    quote: The fund will have EUR 1 billion.
    archived: https://web.archive.org/web/20211022120000/https://ministry.example.org/statement
"""
ATTACK = "content/claims/attack-not-inevitable.yaml"
BRIEFING = """  - kind: primary
    title: Briefing
    publisher: The Alliance
    url: https://alliance.example.org/briefing
    date: "2021-10-22"
    quote: We do not consider an attack inevitable.
    lookup: https://web.archive.org/web/20211022*/https://alliance.example.org/briefing
"""


def item_without(field: str, item: str = BRIEFING) -> str:
    """`item` without `field`, still one list item (the dash moves to the next field)."""
    kept = [line[4:] for line in item.splitlines(keepends=True) if not line[4:].startswith(field + ":")]
    return "".join(("  - " if i == 0 else "    ") + line for i, line in enumerate(kept))


@pytest.mark.parametrize(("field", "message", "hint"), [
    ("kind", "has no `kind`", "add `kind: primary` (the record itself), `secondary`"),
    ("date", "has no `date`", "add `date:` (YYYY-MM-DD, YYYY-MM or YYYY), when it was published"),
    ("quote", "has no `quote`", "add `quote:` with a sentence or two copied verbatim from the page"),
    ("lookup", "has no `archived` copy or `lookup` address",
     "add `archived:` with the address of a snapshot you have seen, or `lookup:` with the Wayback Machine's"),
])
def test_an_item_missing_a_field_is_a_warning_at_the_item(sample_content, run_check, field, message, hint):
    edit(sample_content / "claims" / "attack-not-inevitable.yaml", BRIEFING, item_without(field))
    plain = run_check()
    assert plain.code == 0, plain.output
    warnings = plain.problems("warning")
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(  # the item's first line, after its dash
        f"{ATTACK}:18:5: warning: evidence item 1 (“Briefing”) {message} — {hint}"), warnings[0]
    strict = run_check("--strict")
    assert strict.code != 0 and strict.problems("warning") == warnings


def test_a_lookup_address_is_enough_to_silence_the_archive_warning(sample_content, run_check):
    edit(sample_content / "claims" / "fund-size.yaml",
         "    archived: https://web.archive.org/web/20211022120000/https://ministry.example.org/statement\n",
         "    lookup: https://web.archive.org/web/20211022*/https://ministry.example.org/statement\n")
    run = run_check("--strict")
    assert run.code == 0 and run.problems() == [], run.output


REPUBLICATION = """  - kind: republication
    title: The statement, as a portal copied it
    publisher: A portal
    url: https://portal.example.org/copy
    date: "2021-10-23"
    quote: The fund will have EUR 1 billion.
    lookup: https://web.archive.org/web/20211023*/https://portal.example.org/copy
    primary: {primary}
"""


def test_a_republication_whose_primary_is_not_cited_is_a_warning_at_its_primary(sample_content, run_check):
    copy = REPUBLICATION.format(primary="https://ministry.example.org/full-statement")
    edit(sample_content / "claims" / "fund-size.yaml", ITEM, ITEM + copy)
    run = run_check("--strict")
    assert run.code != 0
    assert run.problems() == [
        f"{FUND}:51:14: warning: evidence item 2 (“The statement, as a portal copied it”) is a republication of "
        "https://ministry.example.org/full-statement, which this claim does not cite — cite the primary itself: "
        "add an evidence item with `kind: primary` and `url: https://ministry.example.org/full-statement` "
        "(its date, quote and archive address), and keep the republication only if it shows something more"]


def test_a_republication_beside_its_primary_is_fine(sample_content, run_check):
    copy = REPUBLICATION.format(primary="https://ministry.example.org/statement")  # item 1's address
    edit(sample_content / "claims" / "fund-size.yaml", ITEM, ITEM + copy)
    run = run_check("--strict")
    assert run.code == 0 and run.problems() == [], run.output


def evidence_lines(soup) -> list[str]:
    return [li.get_text(" ", strip=True) for li in soup.select("ol.evidence > li")]


def test_an_archived_primary_shows_its_kind_its_copy_and_when_we_read_it(built_sample):
    item = page(built_sample, "claims/fund-size/").select_one("ol.evidence > li")
    assert item.select_one(".evidence-kind").get_text() == "Primary source"
    copy = item.find("a", string="Archived copy")
    assert copy["href"] == "https://web.archive.org/web/20211022120000/https://ministry.example.org/statement"
    assert "no copy confirmed" not in item.get_text()
    meta = item.select_one(".evidence-meta")
    assert meta.get_text(" ", strip=True) == "Archived copy · Accessed 20 November 2026"
    assert meta.time["datetime"] == "2026-11-20"
    assert item.select_one(".after-claim") is None  # published the day of the claim


def test_a_lookup_is_never_shown_as_a_copy(built_sample):
    item = page(built_sample, "claims/attack-not-inevitable/").select_one("ol.evidence > li")
    assert item.find("a", string="Archived copy") is None
    lookup = item.find("a", string="Archive lookup (no copy confirmed)")
    assert lookup["href"] == "https://web.archive.org/web/20211022*/https://alliance.example.org/briefing"


def test_a_report_published_after_the_claim_says_so(built_sample):
    item = page(built_sample, "claims/plan-secret/").select_one("ol.evidence > li")
    assert item.select_one(".evidence-kind").get_text() == "Report"
    assert item.select_one(".after-claim").get_text() == "Published after the claim"  # 2021-11, claim 2021-10-22


@pytest.mark.parametrize(("evidence_date", "after"), [
    ("2021-10", False),  # the month of the claim: perhaps the same day, perhaps before
    ("2021", False),
    ("2021-10-21", False),
    ("2021-10-23", True),
    ("2022", True),
])
def test_partial_dates_compare_on_what_both_state(tmp_path, evidence_date, after):
    content = sample_copy(tmp_path)
    edit(content / "claims" / "fund-size.yaml", '    date: "2021-10-22"\n    quote: The fund',
         f'    date: "{evidence_date}"\n    quote: The fund')
    site = build_site_from(content, tmp_path / "site")
    item = page(site, "claims/fund-size/").select_one("ol.evidence > li")
    assert (item.select_one(".after-claim") is not None) is after, evidence_date


def test_an_item_without_kind_or_archive_shows_no_invented_ones(tmp_path):
    content = sample_copy(tmp_path)
    edit(content / "claims" / "fund-size.yaml", ITEM + '    accessed: "2026-11-20"\n',
         item_without("archived", item_without("kind", ITEM)))
    site = build_site_from(content, tmp_path / "site")
    item = page(site, "claims/fund-size/").select_one("ol.evidence > li")
    assert item.select_one(".evidence-kind") is None
    assert item.select_one(".evidence-meta").get_text(" ", strip=True) == "No archived copy recorded"


def test_a_rated_claim_without_a_primary_source_is_a_warning_until_the_page_says_why(sample_content, run_check):
    claim = sample_content / "claims" / "attack-not-inevitable.yaml"
    edit(claim, BRIEFING, BRIEFING.replace("kind: primary", "kind: secondary"))
    run = run_check()
    assert run.problems("warning") == [
        f"{ATTACK}:17:1: warning: no evidence item is a primary source (`kind: primary`) — cite the primary record "
        "the verdict rests on (the release, transcript or data itself); if none exists or none was available to "
        "you, say why in `no_primary:`, shown on the page"]
    assert run_check("--strict").code != 0
    edit(claim, "author:", "no_primary: The alliance publishes no transcript of its briefings.\nauthor:")
    assert run_check("--strict").problems() == []


def test_no_primary_beside_a_primary_item_is_an_error(sample_content, run_check):
    edit(sample_content / "claims" / "attack-not-inevitable.yaml", "author:", "no_primary: None exists.\nauthor:")
    assert run_check().problems() == [
        f"{ATTACK}:26:1: error: `no_primary` says no primary source is cited, but an evidence item is "
        "`kind: primary` — remove `no_primary`, or correct the item's `kind`"]


def test_an_opinion_needs_no_primary_source(sample_content, run_check):
    text = (sample_content / "claims" / "better-plans.yaml").read_text(encoding="utf-8")
    assert "kind: opinion" in text
    edit(sample_content / "claims" / "better-plans.yaml", "  - kind: primary\n", "  - kind: secondary\n")
    assert run_check("--strict").problems() == []


def test_the_claim_page_says_why_no_primary_source_is_cited(tmp_path):
    content = sample_copy(tmp_path)
    claim = content / "claims" / "attack-not-inevitable.yaml"
    edit(claim, BRIEFING, BRIEFING.replace("kind: primary", "kind: secondary"))
    edit(claim, "author:", "no_primary: The alliance publishes no transcript of its briefings.\nauthor:")
    soup = page(build_site_from(content, tmp_path / "site"), "claims/attack-not-inevitable/")
    box = soup.select_one("#evidence-h").find_parent("section").select_one(".no-primary")
    assert box.get_text(" ", strip=True) == (
        "No primary source cited The alliance publishes no transcript of its briefings.")
