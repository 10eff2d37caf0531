"""Content that passed `check` and then broke the build or the published site: values with
a line break around them, page names the site uses itself, numbers Python cannot read,
control characters, tags on keys, a `base_url` that made the 404 page load from another
host. Each must be one error naming file, line and column, with a fix.

`check` is called in-process on a copy of the sample site; problems are read as the
editor reads them (`path:line:col: error: what — fix`).
"""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hostile.support import SAMPLE
from sidelight.build.pipeline import build, check
from sidelight.content.schemas import SCHEMA_DIR
from sidelight.content.documents import YamlProblem, parse

CLAIM = "content/claims/fund-size.yaml"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(SAMPLE, target)
    return target


def edit(content: Path, name: str, old: str, new: str) -> None:
    path = content / name.removeprefix("content/")
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def errors(content: Path) -> list[str]:
    return [p.text() for p in check(content).report.errors]


def only_error(content: Path) -> str:
    found = errors(content)
    assert len(found) == 1, found
    assert " — " in found[0], f"no fix given: {found[0]}"
    return found[0]


# --- 3. every pattern is a full match ------------------------------------------------------

EXAMPLES = {  # every pattern of schema/, with values it must accept
    "^[a-z0-9]+(-[a-z0-9]+)*$": ["meeting", "a-1", "x"],
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": ["2021", "2021-10", "2021-10-18"],
    "^https?://.*$": ["https://example.org/", "http://example.org/checks/"],
    "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$": ["en", "en-GB", "sr-Latn"],
    "^[a-z0-9]+(-[a-z0-9]+)*[.]txt$": ["rt-2021-10-lavrov.txt", "a.txt"],
    "^([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)+|https?://[^ \t\r\n\u00a0\u2028\u2029]+)$": [
        "desk@example.org", "corrections+web@mail.example.co.uk", "https://example.org/contact/"],
}
JUNK = [lambda v: v + "\n", lambda v: "\n" + v, lambda v: v + "\r\n", lambda v: v + " ", lambda v: " " + v,
        lambda v: v + "\t", lambda v: "x\n" + v, lambda v: v + "\nx", lambda v: "\u00a0" + v]


def string_fields(node, path=""):
    """(path, the field's own schema: type, pattern, format) of every field with a pattern."""
    if isinstance(node, dict):
        if "pattern" in node:
            yield path, {k: node[k] for k in ("type", "pattern", "format") if k in node}
        for key, value in node.items():
            yield from string_fields(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from string_fields(value, f"{path}/{i}")


FIELDS = [(f"{p.name}{where}", field) for p in sorted(SCHEMA_DIR.glob("*.json"))
          for where, field in string_fields(json.loads(p.read_text(encoding="utf-8")))]


def test_every_pattern_has_examples_and_uses_no_script_dependent_classes():
    """`\\d`, `\\w`, `\\s`, `\\b` mean other things in Python, ECMA-262 and Rust; `.` is
    kept to the web address pattern, where the `uri` format decides what may follow."""
    assert FIELDS
    for where, field in FIELDS:
        assert field["pattern"] in EXAMPLES, f"{where}: add examples of {field['pattern']} to EXAMPLES"
        assert not re.search(r"\\[dDwWsSbB]", field["pattern"]), where
        assert field["pattern"].startswith("^") and field["pattern"].endswith("$"), where


@pytest.mark.parametrize("where,field", FIELDS, ids=[w for w, _ in FIELDS])
def test_no_pattern_accepts_junk_around_a_valid_value(where, field):
    """Both validators, jsonschema (which `check` words errors with) and jsonschema-rs (the
    fast path): Python's `$` matched before a final line break, so `2021-10-18\\n` passed."""
    from sidelight.content.schemas import exact_validator, fast_validator_for
    exact, fast = exact_validator(field), fast_validator_for(field)
    for value in EXAMPLES[field["pattern"]]:
        assert exact.is_valid(value) and fast.is_valid(value), (where, value)
        for junk in map(lambda add: add(value), JUNK):
            assert not exact.is_valid(junk), (where, junk)
            assert not fast.is_valid(junk), (where, junk)


@given(st.sampled_from(FIELDS), st.text(max_size=12))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_both_validators_agree_on_every_pattern(where_field, value):
    from sidelight.content.schemas import exact_validator, fast_validator_for
    _, field = where_field
    for text in (value, value + "\n", "2021-10-18" + value, "https://example.org/" + value):
        assert exact_validator(field).is_valid(text) == fast_validator_for(field).is_valid(text), repr(text)


@pytest.mark.parametrize("written", ['"2021-13-45\\n"', '"2021-02-30\\n"', '"2021-10-22\\n"', '"\\n2021-10-22"',
                                     "|\n  2021-10-22"])
def test_a_date_with_a_line_break_is_an_error_not_a_crash(content, written):
    edit(content, CLAIM, 'date: "2021-10-22"\nrating', f"date: {written}\nrating")
    line = only_error(content)
    assert line.startswith(f"{CLAIM}:6:7: error: `date` has a line break or space before or after its value: `"), line
    assert "\\n" in line and "remove it" in line


def test_a_date_that_does_not_exist_is_still_an_error(content):
    edit(content, CLAIM, 'date: "2021-10-22"\nrating', 'date: "2021-02-30"\nrating')
    assert only_error(content).startswith(f"{CLAIM}:6:7: error: `date` is not a real date: `2021-02-30`")


def test_a_vocabulary_id_with_a_line_break_is_an_error(content):
    edit(content, "content/vocabulary.yaml", "  - id: accurate\n", '  - id: "accurate\\n"\n')
    found = errors(content)
    assert found and found[0].startswith("content/vocabulary.yaml:5:9: error: `ratings[0].id` has a line break"), found


def test_a_built_site_never_has_a_folder_name_with_a_line_break(content, tmp_path):
    """Before, with the claims rating `"accurate\\n"` too, the build wrote
    `glossary/ratings/accurate\\n/`."""
    edit(content, "content/vocabulary.yaml", "  - id: accurate\n", '  - id: "accurate\\n"\n')
    for claim in (content / "claims").iterdir():
        text = claim.read_text(encoding="utf-8")
        claim.write_text(text.replace("rating: accurate\n", 'rating: "accurate\\n"\n'), encoding="utf-8")
    result = build(content, tmp_path / "site", clean=True)
    assert result.report.errors and not (tmp_path / "site").exists()


# --- 4. page names the site uses itself ----------------------------------------------------

@pytest.mark.parametrize("name", ["search", "claims", "matrix", "topics", "outlets", "sources", "glossary",
                                  "data", "pagefind", "static", "feed", "sitemap", "robots", "404", "index"])
def test_a_page_named_like_a_site_page_is_refused(content, name):
    (content / "pages" / f"{name}.md").write_text("---\ntitle: Mine\n---\nText.\n", encoding="utf-8")
    line = only_error(content)
    assert line.startswith(f"content/pages/{name}.md:1:1: error: the page name `{name}` is taken by the site itself"
                           f" — rename the file; `{name}` is "), line


def test_the_search_page_names_itself_in_the_fix(content):
    (content / "pages" / "search.md").write_text("---\ntitle: Mine\n---\nText.\n", encoding="utf-8")
    assert only_error(content).endswith("rename the file; `search` is the site's own search page")


def test_every_name_the_site_writes_at_its_top_level_is_reserved(content, tmp_path):
    """The list cannot fall behind the site: a built site's top level holds only reserved
    names and the pages of content/pages/ (and `methodology`, which a page may replace)."""
    from sidelight.pages.urls import SITE_PATHS
    assert not build(content, tmp_path / "site", clean=True).report.errors
    pages = {p.stem for p in (content / "pages").iterdir()} | {"methodology"}
    written = {entry.name.split(".")[0] for entry in (tmp_path / "site").iterdir()} - {""}  # dot files: no id
    assert written - pages <= set(SITE_PATHS), written - pages - set(SITE_PATHS)
    assert not pages & set(SITE_PATHS)


def test_the_page_format_names_every_reserved_page_name():
    """docs/content-format.md is generated from this description."""
    from sidelight.pages.urls import SITE_PATHS
    described = json.loads((SCHEMA_DIR / "page.schema.json").read_text(encoding="utf-8"))["description"]
    assert [name for name in SITE_PATHS if name not in described] == []


# --- 6. numbers, control characters, tags on keys --------------------------------------------

def test_a_five_thousand_digit_number_is_an_error_not_a_traceback(content):
    edit(content, "content/pages/about.md", "order: 1\n", f"order: {'9' * 5000}\n")
    assert only_error(content) == ("content/pages/about.md:3:8: error: this number has 5,000 digits (at most 15 here)"
                                   " — write a smaller number; if it is text, put it in quotes")


@pytest.mark.parametrize("escape,code", [("\\x01", "U+0001"), ("\\0", "U+0000"), ("\\uFFFE", "U+FFFE"),
                                         ("\\x85", "U+0085"), ("\\x7f", "U+007F"), ("\\r", "U+000D"),
                                         ("\\U0001FFFF", "U+1FFFF"), ("\\uFDD0", "U+FDD0")])
def test_a_control_character_written_as_an_escape_is_an_error(content, escape, code):
    edit(content, CLAIM, "claim: The innovation fund", f'claim: "The inno{escape}vation fund')
    edit(content, CLAIM, "€1 billion.\nkind", '€1 billion."\nkind')
    line = only_error(content)
    assert line.startswith(f"{CLAIM}:2:8: error: this text holds {code}, "), line


@pytest.mark.parametrize("char,code", [("\x01", "U+0001"), ("\x7f", "U+007F"), ("\x85", "U+0085"),
                                       ("\ufffe", "U+FFFE"), ("\U0010ffff", "U+10FFFF")])
def test_a_control_character_in_a_file_is_an_error_at_its_place(content, char, code):
    path = content / "sources" / "wire-story.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"One more\r\nline wi{char}th it.\n", encoding="utf-8")
    line = only_error(content)
    number = len(re.split(r"\r\n|\r|\n", text))  # the line "One more" is on
    assert line.startswith(f"content/sources/wire-story.txt:{number + 1}:8: error: the text holds {code}, "), line


def test_tabs_line_breaks_and_format_characters_stay_allowed(content):
    edit(content, CLAIM, "claim: The innovation fund will have €1 billion.", 'claim: "Minis\\tters \\u200d\\u2028 \\U0001F600"')
    assert errors(content) == []


def test_a_tag_on_a_key_is_an_error(content):
    edit(content, CLAIM, "claimant: the-ministry", "!custom claimant: the-ministry")
    assert only_error(content).startswith(f"{CLAIM}:4:1: error: YAML tag `!custom` is not allowed on a key — ")


_XML_CHAR = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


@given(st.text(max_size=20))
@settings(max_examples=300, deadline=None)
def test_any_quoted_value_either_fails_or_is_safe_in_xml(text):
    """Whatever a double-quoted value's escapes write, what passes is XML 1.0 text (the feed)."""
    written = "".join(f"\\U{ord(c):08x}" for c in text)
    try:
        data = parse(f'key: "{written}"\n').data
    except YamlProblem:
        return
    assert _XML_CHAR.fullmatch(data["key"]) and "\r" not in data["key"], repr(text)


def test_the_feed_of_a_site_with_unusual_characters_is_xml(content, tmp_path):
    edit(content, CLAIM, "claim: The innovation fund will have €1 billion.", 'claim: "Minis\\tters \\u200d \\U0001F600 \\u2028"')
    assert not build(content, tmp_path / "site", clean=True).report.errors
    ET.fromstring((tmp_path / "site" / "feed.xml").read_bytes())


# --- 8. base_url -------------------------------------------------------------------------

@pytest.mark.parametrize("address,what", [
    ("https://example.org//evil.example/", "has an empty folder (`//`), `.` or `..` in its path"),
    ("https://example.org/a//b/", "has an empty folder (`//`), `.` or `..` in its path"),
    ("https://example.org/../", "has an empty folder (`//`), `.` or `..` in its path"),
    ("https://example.org/?next=x", "has a query (`?…`) or a fragment (`#…`)"),
    ("https://example.org/#top", "has a query (`?…`) or a fragment (`#…`)"),
    ("https://user@evil.example/", "names a user (`…@`)"),
    ("https://example.org\\\\evil.example/", "holds a backslash (browsers read it as `/`)"),
])
def test_a_base_url_that_is_not_a_plain_root_is_refused(content, address, what):
    edit(content, "content/site.yaml", "base_url: https://example.org/checks/", f'base_url: "{address}"')
    line = only_error(content)
    assert line.startswith(f"content/site.yaml:4:11: error: `base_url` {what}: `"), line
    assert line.endswith("— write the site's root address alone, e.g. https://example.org/ or "
                         "https://example.org/checks/"), line


@pytest.mark.parametrize("address", ["https://example.org", "https://example.org/", "https://example.org:8443/x/",
                                     "http://localhost:8000/checks"])
def test_plain_root_addresses_pass(content, address):
    edit(content, "content/site.yaml", "base_url: https://example.org/checks/", f"base_url: {address}")
    assert errors(content) == []


@pytest.mark.parametrize("address", ["https://example.org/checks/", "https://example.org"])
def test_the_404_page_links_only_from_the_sites_own_root(content, tmp_path, address):
    from html.parser import HTMLParser
    edit(content, "content/site.yaml", "base_url: https://example.org/checks/", f"base_url: {address}")
    assert not build(content, tmp_path / "site", clean=True).report.errors
    links = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            links.extend(v for k, v in attrs if k in ("href", "src", "action") and v)

    Links().feed((tmp_path / "site" / "404.html").read_text(encoding="utf-8"))
    rooted = [link for link in links if link.startswith("/")]
    assert rooted and all(link.startswith(f"/{'checks/' if 'checks' in address else ''}") and
                          not link.startswith("//") for link in rooted), rooted


@pytest.mark.parametrize("address", ["https://example.org//evil.example/", "https://x.org///a//b", "https://x.org"])
def test_the_404_pages_root_is_never_protocol_relative(address):
    """Behind `check`, too: the root the 404 page links from is one `/` and folders."""
    from sidelight.pages.urls import root_path
    root = root_path(address)
    assert root.startswith("/") and not root.startswith("//") and "//" not in root, root

