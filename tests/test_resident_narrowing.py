"""What the resident preview keeps after a save, and what it must not keep: a page is left
as it was only while nothing it shows changed (`build/tracking.py`). The home page no longer
depends on every field of every claim, nor the outlet pages and the matrix on the words
around a quote; these tests hold them to changing when what they show does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from edits import replace_in
from test_resident import assert_same_as_clean, site_folder

from sidelight.build.resident import Session
from sidelight.build.tracking import key_of, watch
from sidelight.model.records import Passage
from sidelight.pages.urls import ANNOTATIONS_DATA, file_of, matrix_path, outlet_path

HOME = "index.html"
DAILY, WIRE = file_of(outlet_path("daily")), file_of(outlet_path("wire"))
MATRIX = file_of(matrix_path())


def started(tmp_path: Path) -> tuple[Path, Session]:
    content = site_folder(tmp_path)
    session = Session(content)
    assert session.update().ok
    return content, session


def saved(session: Session, path: Path, old: str, new: str):
    replace_in(path, old, new)
    update = session.update([path])
    assert update.ok, [p.text() for p in update.report.errors]
    return update


def test_the_home_page_follows_a_claims_headline_and_rating(tmp_path):
    content, session = started(tmp_path)
    claim = content / "claims" / "plan-secret.yaml"
    update = saved(session, claim, "claim: The plan is secret.", "claim: The plan is kept under wraps.")
    assert HOME in update.changed and b"The plan is kept under wraps." in session.files[HOME]
    assert_same_as_clean(session, content, "a headline edited")
    before = session.files[HOME]
    update = saved(session, claim, "rating: mostly-accurate", "rating: accurate")
    assert HOME in update.changed and session.files[HOME] != before  # the count of each rating
    assert_same_as_clean(session, content, "a rating changed")


def test_a_summary_edit_keeps_the_home_page(tmp_path):
    content, session = started(tmp_path)
    claim = content / "claims" / "plan-secret.yaml"
    update = saved(session, claim, "summary: The plan is confidential.", "summary: The plan is not public.")
    assert update.rendered == ["claims/plan-secret/index.html"]
    assert_same_as_clean(session, content, "a summary edited")


def test_the_outlet_pages_follow_an_articles_title_and_a_coverage_entrys_stance(tmp_path):
    content, session = started(tmp_path)
    before = session.files[DAILY]
    article = content / "sources" / "daily-report.txt"
    update = saved(session, article, "title: Ministers agree on a plan", "title: Ministers agree on a new plan")
    assert DAILY in update.changed and b"Ministers agree on a new plan" in session.files[DAILY]
    assert_same_as_clean(session, content, "an article's title edited")
    before = {name: session.files[name] for name in (DAILY, MATRIX, HOME)}
    claim = content / "claims" / "plan-secret.yaml"
    update = saved(session, claim, "stance: endorses", "stance: disputes")
    assert set(before) <= set(update.changed)  # the fingerprint, the matrix's cell, the home page's findings
    assert all(session.files[name] != data for name, data in before.items())
    assert_same_as_clean(session, content, "a stance changed")


def test_words_added_after_a_quote_change_its_annotation_not_the_outlet_pages(tmp_path):
    content, session = started(tmp_path)
    article = content / "sources" / "daily-report.txt"
    update = saved(session, article, "they said so twice.", "they said so twice, in writing.")
    assert b"they said so twice, in writ" in session.files[ANNOTATIONS_DATA]  # a passage's suffix (32 characters)
    assert not {DAILY, WIRE, MATRIX, HOME} & set(update.rendered)
    assert_same_as_clean(session, content, "words added after a quote")


def test_a_passage_reached_through_a_claims_coverage_is_noted_when_read(tmp_path):
    content, session = started(tmp_path)
    assert session.site is not None
    claim = session.site.claims["plan-secret"]
    passage = claim.coverage[0].passages[0]
    reads: set[str] = set()
    coverage = watch(claim, reads).coverage
    view = coverage[0].passages[0]
    assert view.id == passage.id and view.claim == "plan-secret"
    assert reads == {"claim:plan-secret@coverage", f"{key_of(passage)}@claim"}
    assert isinstance(view, Passage) and view.exact == passage.exact and key_of(passage) in reads
    moved = dataclasses.replace(view, id="moved")
    assert type(moved) is Passage and moved.exact == passage.exact
    reads.clear()
    assert coverage[1] != coverage[0]  # compared whole: every passage they hold is read
    assert {key_of(p) for cov in claim.coverage for p in cov.passages} <= reads
