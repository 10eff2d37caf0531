"""The resident preview (`build/resident.py`): after any sequence of saves, including broken
files and their repair, the site it serves is byte for byte a clean build of the same
content; a broken save keeps the last good site; memory does not grow with saves."""
from __future__ import annotations

import gc
import shutil
import tempfile
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edits import NEW_CLAIM, replace_in
from sidelight.build import cachefile, pipeline, resident
from sidelight.build.resident import SEARCH, Session, sort_changes
from sidelight.content import files, schemas
from sidelight.output.render import TEMPLATES, render

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "sample" / "content"


# quotes the one paragraph of the wire story no claim quotes: its published excerpts grow
SUNRISE_CLAIM = NEW_CLAIM.replace("first-meeting", "sunrise").replace(
    "for the first time since the withdrawal", "reported an unusually purple sunrise that morning")


@dataclass(frozen=True)
class Toggle:
    """An edit an editor may make and undo: `path` (under the folder of the test) holds
    `old` or `new`; `broken`: the content has errors while it holds `new`."""

    name: str
    path: str
    old: str
    new: str
    broken: bool = False

    def flip(self, root: Path, on: bool) -> Path:
        path = root / self.path
        if self.old == "" and not on:
            path.unlink()
        elif self.old == "":
            path.write_text(self.new, encoding="utf-8")
        else:
            replace_in(path, self.old if on else self.new, self.new if on else self.old)
        return path


TOGGLES = [
    Toggle("claim summary", "content/claims/plan-secret.yaml", "summary: The plan is confidential.",
           "summary: The plan is confidential, officials say."),
    Toggle("claim rating", "content/claims/plan-secret.yaml", "rating: mostly-accurate", "rating: accurate"),
    Toggle("claim date", "content/claims/fund-size.yaml", 'date: "2021-10-22"\nrating',
           'date: "2021-10-23"\nrating'),
    Toggle("new claim", "content/claims/first-meeting.yaml", "", NEW_CLAIM),
    Toggle("new passage", "content/claims/sunrise.yaml", "", SUNRISE_CLAIM),
    Toggle("source text", "content/sources/wire-story.txt", "ministers said on Friday.",
           "ministers said on Friday in Brussels."),
    Toggle("outlet name", "content/outlets/daily.yaml", "name: The Daily Example", "name: The Example Daily"),
    Toggle("site title", "content/site.yaml", "title: Sample Desk", "title: Sample Desk, revised"),
    Toggle("vocabulary", "content/vocabulary.yaml", "label: Mostly accurate", "label: Largely accurate"),
    Toggle("template", "templates/base.html", "</body>", "<p>edited theme</p>\n</body>"),
    Toggle("schema wording", "schema/claim.schema.json", '"title": "Claim"', '"title": "A claim"'),
    Toggle("broken yaml", "content/claims/better-plans.yaml", "kind: opinion", "kind: [", broken=True),
    Toggle("broken rating", "content/claims/fund-size.yaml", "rating: accurate", "rating: acurate", broken=True),
    Toggle("broken quote", "content/sources/daily-report.txt", "The plan is secret. Officials",
           "The plan is hidden. Officials", broken=True),
    Toggle("broken schema", "schema/claim.schema.json", '"summary": {', '"summary": {"maxLength": 3, ',
           broken=True),
]


def named(name: str) -> Toggle:
    return next(t for t in TOGGLES if t.name == name)


@pytest.fixture
def own_schemas(monkeypatch):
    """`use(folder)`: the schemas copied to folder/schema and used from there, so a test may
    edit them; the packaged ones are used again after the test."""

    def use(folder: Path) -> Path:
        copy = folder / "schema"
        shutil.copytree(REPO / "schema", copy)
        for module in (schemas, resident):
            monkeypatch.setattr(module, "SCHEMA_DIR", copy)
        monkeypatch.setattr(cachefile, "SCHEMAS", copy)
        schemas.forget()
        return copy

    yield use
    schemas.forget()


@pytest.fixture
def trusted_stats(monkeypatch):
    """Every file's stat trusted however recently it changed (`files.Known`): saves follow
    each other within milliseconds here, and would otherwise all be read again."""
    monkeypatch.setattr(files.Known, "RACY_NS", -10**12)


def site_folder(root: Path) -> Path:
    """A copy of the sample content at root/content, with a theme of its own at root/templates."""
    shutil.copytree(SAMPLE, root / "content")
    (root / "templates").mkdir()
    shutil.copy(TEMPLATES / "base.html", root / "templates" / "base.html")
    return root / "content"


def clean_files(content: Path) -> dict[str, bytes]:
    """What a clean build renders of `content` (no cache read), search index aside."""
    checked = pipeline.check(content, clean=True)
    assert checked.site is not None, [p.text() for p in checked.report.errors]
    return {name: data for name, data in render(checked.site, content.parent / "templates").items() if data}


def pages(session: Session) -> dict[str, bytes]:
    return {name: data for name, data in session.files.items() if not name.startswith(SEARCH)}


def assert_same_as_clean(session: Session, content: Path, step: str) -> None:
    clean, held = clean_files(content), pages(session)
    assert held.keys() == clean.keys(), step
    different = sorted(name for name in clean if held[name] != clean[name])
    assert not different, f"after {step}, the preview differs from a clean build in {different}"


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(range(len(TOGGLES))), min_size=1, max_size=8))
def test_after_any_saves_every_page_served_is_a_clean_builds(own_schemas, trusted_stats, steps):
    with tempfile.TemporaryDirectory(prefix="resident-") as folder:
        root = Path(folder)
        content = site_folder(root)
        own_schemas(root)
        session = Session(content)
        assert session.update().ok
        on = [False] * len(TOGGLES)
        for n, index in enumerate(steps):
            toggle = TOGGLES[index]
            on[index] = not on[index]
            changed = toggle.flip(root, on[index])
            last_good = session.files
            update = session.update([changed])
            step = f"step {n}: {'' if on[index] else 'undo '}{toggle.name}"
            broken = any(t.broken and o for t, o in zip(TOGGLES, on))
            assert update.ok is not broken, (step, [p.text() for p in update.report.errors])
            if broken:
                assert session.files is last_good, f"{step}: a broken save changed the site served"
            else:
                assert_same_as_clean(session, content, step)


def test_each_kind_of_change_is_sorted_as_such(tmp_path, own_schemas):
    content = site_folder(tmp_path)
    own_schemas(tmp_path)
    templates = tmp_path / "templates"

    def kinds(*paths: str) -> set[str]:
        return sort_changes([tmp_path / p for p in paths], content, templates)

    assert kinds("content/claims/fund-size.yaml") == {"claim"}
    assert kinds("content/sources/wire-story.txt") == {"source"}
    assert kinds("content/site.yaml", "content/vocabulary.yaml") == {"settings"}
    assert kinds("content/outlets/daily.yaml") == {"content"}
    assert kinds("templates/base.html") == {"template"}
    assert kinds("schema/claim.schema.json") == {"schema"}
    assert sort_changes(None, content, templates) == {"everything"}


def test_a_save_renders_only_what_depends_on_it_and_a_template_edit_needs_no_check(tmp_path, monkeypatch):
    content = site_folder(tmp_path)
    session = Session(content)
    first = session.update()
    checks: list[Path] = []
    real_check = resident.check
    monkeypatch.setattr(resident, "check", lambda *a, **k: checks.append(a[0]) or real_check(*a, **k))
    TOGGLES[0].flip(tmp_path, True)
    update = session.update([content / "claims" / "plan-secret.yaml"])
    assert update.rendered == ["claims/plan-secret/index.html"] and update.kept == len(first.rendered) - 1
    assert len(checks) == 1
    named("template").flip(tmp_path, True)
    update = session.update([tmp_path / "templates" / "base.html"])
    assert len(checks) == 1, "a template edit needs no new model"
    assert len(update.rendered) == len(first.rendered)
    assert b"<p>edited theme</p>" in session.files["claims/fund-size/index.html"]


def test_the_search_index_follows_and_equals_a_clean_builds(tmp_path):
    content = site_folder(tmp_path)
    session = Session(content)
    session.update()
    assert session.search_stale
    index, problems = session.index_search()
    assert not problems and index and session.take_index(index, session.generation)
    assert not session.search_stale
    TOGGLES[0].flip(tmp_path, True)
    session.update([content / "claims" / "plan-secret.yaml"])
    assert session.search_stale, "the index was made for the pages before the save"
    generation = session.generation
    index, problems = session.index_search()
    TOGGLES[1].flip(tmp_path, True)
    session.update([content / "claims" / "plan-secret.yaml"])
    assert not session.take_index(index, generation), "an index of pages no longer served"
    index, problems = session.index_search()
    assert session.take_index(index, session.generation) and not session.search_stale
    reference = tmp_path / "reference"
    assert not pipeline.build(content, reference, clean=True).report.errors
    assert site_files(reference) == session.files


def test_fifty_saves_of_one_file_do_not_grow_the_sessions_memory(tmp_path):
    content = site_folder(tmp_path)
    claim = content / "claims" / "plan-secret.yaml"
    text = claim.read_text(encoding="utf-8")
    session = Session(content)
    session.update()

    def save(n: int) -> None:
        claim.write_text(text.replace("summary: The plan is confidential.", f"summary: Edit number {n}."),
                         encoding="utf-8")
        assert session.update([claim]).ok

    tracemalloc.start()
    try:
        for n in range(10):
            save(n)
        gc.collect()
        after_ten = tracemalloc.get_traced_memory()[0]
        for n in range(10, 50):
            save(n)
        gc.collect()
        after_fifty = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert after_fifty - after_ten < 256 * 1024, f"{(after_fifty - after_ten) / 1024:.0f} KB more after 40 saves"


def test_the_first_save_starts_from_the_last_builds_caches_and_site(tmp_path):
    content = site_folder(tmp_path)
    out = tmp_path / "site"
    assert not pipeline.build(content, out).report.errors
    session = Session(content, seed=out)
    first = session.update()
    assert first.ok and first.rendered == [] and first.kept > 0, "every page of the last build is kept"
    assert not session.search_stale, "the last build's search index is for these very pages"
    assert site_files(out) == session.files
    TOGGLES[0].flip(tmp_path, True)
    update = session.update([content / "claims" / "plan-secret.yaml"])
    assert update.rendered == ["claims/plan-secret/index.html"]
    assert_same_as_clean(session, content, "a save after a seeded start")


def test_without_a_last_build_the_first_save_renders_everything(tmp_path):
    content = site_folder(tmp_path)
    session = Session(content, seed=tmp_path / "site")
    first = session.update()
    assert first.ok and first.kept == 0 and first.rendered
    assert_same_as_clean(session, content, "a first save without caches")


def test_a_build_after_serve_keeps_every_page_serve_wrote(tmp_path):
    content = site_folder(tmp_path)
    out = tmp_path / "site"
    session = Session(content, seed=out)
    assert session.update().ok
    TOGGLES[0].flip(tmp_path, True)
    assert session.update([content / "claims" / "plan-secret.yaml"]).ok
    index, _ = session.index_search()
    assert session.take_index(index, session.generation)
    writer = resident.Writer(out)
    writer.write(session.files)
    writer.record(session.recorder())  # as `serve` does when it stops
    again = pipeline.build(content, out)
    assert not again.report.errors and again.rendered == [] and again.counts["written"] == 0
    reference = tmp_path / "reference"
    assert not pipeline.build(content, reference, clean=True).report.errors
    assert site_files(out) == site_files(reference)


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != ".sidelight-site"}


def test_a_new_passage_changes_its_articles_published_excerpts(tmp_path):
    content = site_folder(tmp_path)
    session = Session(content)
    session.update()
    before = session.files["data/sources/wire-story.txt"]
    (content / "claims" / "sunrise.yaml").write_text(SUNRISE_CLAIM, encoding="utf-8")
    update = session.update([content / "claims" / "sunrise.yaml"])
    assert update.ok and "data/sources/wire-story.txt" in update.changed
    assert b"unusually purple sunrise" in session.files["data/sources/wire-story.txt"]
    assert b"unusually purple sunrise" not in before
    assert_same_as_clean(session, content, "a new passage")
