"""An evidence item's date or quote that could not be established, as an editor and a reader
meet it: listed in the item's `not_established`, `check` no longer warns about it (so
`--strict` passes); listing a field the item gives is an error at the entry, with the fix;
any other field name is refused by the schema; the claim page says "Date not established" or
"No excerpt: the text was not available to us" beside that item, and nothing for an item
that simply lacks the field."""

from __future__ import annotations

import pytest

from sitepages import build_site_from, edit, page, sample_copy

ATTACK = "content/claims/attack-not-inevitable.yaml"
DATE = '    date: "2021-10-22"\n    quote: We do not consider an attack inevitable.\n'
WITHOUT = {  # the item's date and quote lines with one field taken out
    "date": "    quote: We do not consider an attack inevitable.\n",
    "quote": '    date: "2021-10-22"\n',
}


def declare(content, field: str, listed: str) -> None:
    """Take `field` out of the briefing item and list `listed` as not established."""
    edit(content / "claims" / "attack-not-inevitable.yaml", DATE, WITHOUT[field] + f"    not_established: [{listed}]\n")


@pytest.mark.parametrize("field", ["date", "quote"])
def test_a_field_listed_as_not_established_is_not_warned_about(sample_content, run_check, field):
    declare(sample_content, field, field)
    run = run_check("--strict")
    assert run.code == 0 and run.problems() == [], run.output


@pytest.mark.parametrize(
    ("field", "way_out"),
    [
        ("date", "; if it cannot be established, add `not_established: [date]` and say why in `note`"),
        ("quote", "; if the text was not available to you, add `not_established: [quote]` and say why in `note`"),
    ],
)
def test_the_warning_for_a_missing_field_names_the_way_out(sample_content, run_check, field, way_out):
    edit(sample_content / "claims" / "attack-not-inevitable.yaml", DATE, WITHOUT[field])
    warnings = run_check().problems("warning")
    assert len(warnings) == 1 and warnings[0].startswith(f"{ATTACK}:18:5: warning: evidence item 1"), warnings
    assert warnings[0].endswith(way_out), warnings[0]


def test_listing_the_other_field_does_not_silence_the_warning(sample_content, run_check):
    declare(sample_content, "date", "quote")  # no date, quote given: the listing is wrong, the date still missing
    run = run_check()
    assert run.code != 0
    assert [p.split(": ", 2)[1] for p in run.problems()] == ["warning", "error"], run.output
    assert "has no `date`" in run.problems("warning")[0]


def test_a_field_listed_but_given_is_an_error_at_the_entry(sample_content, run_check):
    edit(sample_content / "claims" / "attack-not-inevitable.yaml", DATE, DATE + "    not_established: [date, quote]\n")
    run = run_check()
    assert run.code != 0
    assert run.problems() == [
        f"{ATTACK}:24:23: error: evidence item 1 (“Briefing”) lists `date` as not established, but gives `date:` — "
        "remove `date` from `not_established` if the date is right, or remove `date:` if it cannot be established",
        f"{ATTACK}:24:29: error: evidence item 1 (“Briefing”) lists `quote` as not established, but gives `quote:` — "
        "remove `quote` from `not_established` if the quote is right, or remove `quote:` if it cannot be established",
    ], run.output


def test_only_date_and_quote_can_be_not_established(sample_content, run_check):
    edit(sample_content / "claims" / "attack-not-inevitable.yaml", DATE, DATE + "    not_established: [title]\n")
    run = run_check()
    assert run.code != 0
    errors = run.problems("error")
    assert len(errors) == 1 and errors[0].startswith(f"{ATTACK}:24:23: error:"), run.output
    assert "`date`" in errors[0] and "`quote`" in errors[0], errors[0]


def briefing(tmp_path, old: str, new: str):
    """The briefing item as the claim page shows it, after replacing `old` by `new`."""
    content = sample_copy(tmp_path)
    edit(content / "claims" / "attack-not-inevitable.yaml", old, new)
    site = build_site_from(content, tmp_path / "site")
    return page(site, "claims/attack-not-inevitable/").select_one("ol.evidence > li")


def test_the_page_says_the_date_is_not_established(tmp_path):
    item = briefing(tmp_path, DATE, WITHOUT["date"] + "    not_established: [date]\n")
    assert item.select_one(".not-established").get_text() == "Date not established"
    assert item.find("time", string="22 October 2021") is None
    assert item.blockquote.get_text(strip=True) == "We do not consider an attack inevitable."


def test_the_page_says_the_text_was_not_available_instead_of_an_excerpt(tmp_path):
    item = briefing(tmp_path, DATE, WITHOUT["quote"] + "    not_established: [quote]\n")
    assert item.blockquote is None
    assert item.select_one("p.not-established").get_text() == "No excerpt: the text was not available to us"
    assert "Date not established" not in item.get_text()


def test_an_item_that_only_lacks_the_fields_says_nothing_of_them(tmp_path):
    item = briefing(tmp_path, DATE, "")
    assert item.select_one(".not-established") is None
    assert item.blockquote is None
    text = item.get_text(" ", strip=True)
    assert "not established" not in text and "No excerpt" not in text
