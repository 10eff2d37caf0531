"""The incremental model: `load` takes the last load's document for a file whose stat is
unchanged (`files.Known`), and `build_site` the last model's record for a document made
from the same inputs (`assemble.RecordReuse`); what a build makes stays a clean build's."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edits import replace_in
from sidelight.build import pipeline
from sidelight.build.parsecache import ParseCache
from sidelight.build.resident import Session
from sidelight.content import files, schemas
from sidelight.content.files import Known, load
from test_resident import TOGGLES, own_schemas, site_files, site_folder  # noqa: F401 (own_schemas: a fixture)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "sample" / "content"
CLAIM = "claims/plan-secret.yaml"


def copied(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "content")
    return tmp_path / "content"


def summary(content, ident: str) -> str:
    return next(d for d in content.of("claim") if d.id == ident).data["summary"]


def test_a_file_written_again_within_a_clock_tick_of_the_last_load_is_read_again(tmp_path):
    content = copied(tmp_path)
    known, memo = Known(), ParseCache(None, "code")
    load(content, memo, known=known)
    path = content / CLAIM
    replace_in(path, "summary: The plan is confidential.", "summary: The plan is classified..")  # same size
    # a file system whose clock ticks coarsely gives the second write the first one's stat:
    stat_now = files.file_stat(path)
    assert stat_now is not None
    known.docs[path] = (stat_now, known.docs[path][1])
    again = load(content, ParseCache(None, "code", memo.now), known=known)
    assert summary(again, "plan-secret") == "The plan is classified.."


def test_an_unchanged_file_is_taken_unread_and_a_changed_deleted_or_added_one_is_seen(tmp_path, monkeypatch):
    monkeypatch.setattr(Known, "RACY_NS", -(10**12))  # trust every stat, however recent
    content = copied(tmp_path)
    known, memo = Known(), ParseCache(None, "code")
    first = load(content, memo, known=known)
    count = len(first.documents)
    replace_in(content / CLAIM, "summary: The plan is confidential.", "summary: Officials keep it confidential.")
    (content / "claims" / "fund-size.yaml").rename(content / "claims" / "fund-total.yaml")
    second = load(content, ParseCache(None, "code", memo.now), known=known)
    assert known.taken == count - 4  # all but the edited and renamed files, and site.yaml and vocabulary.yaml
    assert summary(second, "plan-secret") == "Officials keep it confidential."
    ids = {d.id for d in second.of("claim")}
    assert "fund-total" in ids and "fund-size" not in ids
    unread = {(d.kind, d.id): d for d in first.documents if d.kind not in ("site", "vocabulary")}
    again = {(d.kind, d.id): d for d in second.documents}
    assert all(again[key] is doc for key, doc in unread.items() if key[1] not in ("plan-secret", "fund-size"))


def test_a_memo_entry_of_a_file_taken_unread_is_kept_for_the_next_run(tmp_path, monkeypatch):
    monkeypatch.setattr(Known, "RACY_NS", -(10**12))
    content = copied(tmp_path)
    known, memo = Known(), ParseCache(None, "code")
    load(content, memo, known=known)
    again = ParseCache(None, "code", memo.now)
    load(content, again, known=known)
    assert again.now.keys() == memo.now.keys()


def test_a_save_reuses_the_records_of_unchanged_files_and_serves_a_clean_builds_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(Known, "RACY_NS", -(10**12))
    content = copied(tmp_path)
    session = Session(content)
    assert session.update().ok
    before = session.site
    assert before is not None
    path = content / CLAIM
    replace_in(path, "summary: The plan is confidential.", "summary: Officials keep it confidential.")
    assert session.update([path]).ok
    after = session.site
    assert after is not None and after is not before
    assert after.claims["plan-secret"] is not before.claims["plan-secret"]
    assert all(after.claims[c] is before.claims[c] for c in before.claims if c != "plan-secret")
    assert all(after.sources[s] is before.sources[s] for s in before.sources)
    reference = Session(content)  # nothing carried over: what a clean build renders
    assert reference.update().ok
    assert {n: d for n, d in session.files.items() if n.endswith(".html")} == {
        n: d for n, d in reference.files.items() if n.endswith(".html")
    }


def test_a_source_edit_makes_the_claims_quoting_it_again(tmp_path, monkeypatch):
    monkeypatch.setattr(Known, "RACY_NS", -(10**12))
    content = copied(tmp_path)
    session = Session(content)
    assert session.update().ok
    before = session.site
    assert before is not None
    path = content / "sources" / "wire-story.txt"
    replace_in(path, "ministers said on Friday.", "ministers said on Friday in Brussels.")
    os.utime(path)
    assert session.update([path]).ok
    after = session.site
    assert after is not None
    quoting = {c.id for c in before.claims.values() if any(cov.source == "wire-story" for cov in c.coverage)}
    assert quoting, "the sample has claims quoting the wire story"
    assert all(after.claims[c] is not before.claims[c] for c in quoting)
    assert all(after.claims[c].coverage == before.claims[c].coverage or c in quoting for c in before.claims)
    assert after.sources["wire-story"].text.text.count("in Brussels") == 1


RENAME = ("content/claims/attack-not-inevitable.yaml", "content/claims/attack-not-certain.yaml")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(range(len(TOGGLES) + 1)), min_size=1, max_size=6))
def test_a_fresh_build_after_any_edits_makes_a_clean_builds_site(own_schemas, steps):
    """`build` as CI or an editor without `serve` runs it: a new call each time, with only the
    cache folder and site/ carried over (claims, sources, outlets, settings, vocabulary,
    templates, schemas, a deleted and a renamed file, broken files and their repair)."""
    with tempfile.TemporaryDirectory(prefix="incmodel-") as folder:
        root = Path(folder)
        content = site_folder(root)
        own_schemas(root)
        out, templates = root / "site", root / "templates"
        assert not pipeline.build(content, out, templates, search_later=True).report.errors
        on = [False] * (len(TOGGLES) + 1)
        for n, index in enumerate(steps):
            on[index] = not on[index]
            if index == len(TOGGLES):
                old, new = (root / name for name in (RENAME if on[index] else RENAME[::-1]))
                old.rename(new)
                step = f"step {n}: rename {old.name} to {new.name}"
            else:
                TOGGLES[index].flip(root, on[index])
                step = f"step {n}: {'' if on[index] else 'undo '}{TOGGLES[index].name}"
            before = site_files(out)
            schemas.forget()  # as in a fresh process: the schemas read again (else a schema edit is not seen)
            result = pipeline.build(content, out, templates, search_later=True)
            broken = any(t.broken and o for t, o in zip(TOGGLES, on))
            assert bool(result.report.errors) is broken, (step, [p.text() for p in result.report.errors])
            if broken:
                assert site_files(out) == before, f"{step}: a broken build changed site/"
                continue
            clean = root / f"clean-{n}"
            assert not pipeline.build(content, clean, templates, clean=True, search_later=True).report.errors
            built, reference = site_files(out), site_files(clean)
            assert built.keys() == reference.keys(), step
            different = sorted(name for name in reference if built[name] != reference[name])
            assert not different, f"after {step}, the incremental build differs from a clean one in {different}"
