"""Words for readers: no page shows a reader the site's internal jargon, and a title we
wrote in [brackets] (we do not have the article's own headline) is explained once on
every page that shows one. Scans the visible text of every page of the real content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sidelight.build import pipeline

REPO = Path(__file__).resolve().parents[1]

# Words that mean something to the desk, not to a reader; each with what reads instead.
JARGON = {
    "in our copy": "See it in the article",
    "ClaimReview value": "a number on our scale, explained",
    "not_established": "“not established”",
    "article 000": "the unidentified outlet",
    "unattributed-2021-10-22": "the report's description, not its file name",
    "kommersant-2021-10-23": "the article's title, not its file name",
    "rt-2021-10-lavrov": "the report's description, not its file name",
    "{{": "a template expression left unrendered",
    "{%": "a template tag left unrendered",
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, BeautifulSoup]:
    out = tmp_path_factory.mktemp("words") / "site"
    result = pipeline.build(REPO / "content", out, clean=True)
    assert not result.report.errors
    return {
        str(p.relative_to(out)): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in out.rglob("*.html")
    }


def visible_text(soup: BeautifulSoup) -> str:
    body = BeautifulSoup(str(soup.body), "html.parser")
    for tag in body(["script", "style", "template"]) + body.select(".print-url"):  # an address, on paper only
        tag.decompose()
    return re.sub(r"\s+", " ", body.get_text(" "))


def test_no_page_shows_jargon(pages):
    found = [
        f"{path}: “{word}” (say {instead})"
        for path, soup in pages.items()
        for word, instead in JARGON.items()
        if word.casefold() in visible_text(soup).casefold()
    ]
    assert len(pages) > 50 and not found, "\n".join(found)


def test_a_bracketed_title_is_explained_once_on_its_page(pages):
    showing = {p: s for p, s in pages.items() if s.select("main .described-title")}
    assert showing, "the content has articles whose headline we describe"
    for path, soup in pages.items():
        notes = soup.select("main .described-note")
        assert len(notes) == (1 if path in showing else 0), path
    for soup in showing.values():
        for title in soup.select("main .described-title"):
            assert title.get_text().startswith("[") and title.get_text().endswith("]")
    note = next(iter(showing.values())).select_one(".described-note").get_text()
    assert "description" in note and "headline" in note
