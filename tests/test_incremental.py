"""Incremental builds: after any sequence of edits, the site equals a clean build byte for
byte; unchanged inputs are neither rendered nor written; a failed build changes nothing."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cli_runs import leftovers
from edits import NEW_CLAIM, replace_in
from sidelight.build import pipeline



def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, and every folder (as an empty entry)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        out[rel + "/" if path.is_dir() else rel] = b"" if path.is_dir() else path.read_bytes()
    return out


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file: equal stamps mean the file was not written."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def build(content: Path, out: Path, clean: bool = False) -> pipeline.Result:
    result = pipeline.build(content, out, clean=clean)
    assert not result.report.errors, [p.text() for p in result.report.errors]
    return result


def assert_same_as_clean(content: Path, out: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    build(content, reference, clean=True)
    incremental, clean = tree(out), tree(reference)
    assert incremental.keys() == clean.keys()
    different = [name for name in clean if incremental[name] != clean[name]]
    assert not different, f"incremental build differs from a clean build in {different}"


def add_claim(content: Path) -> None:
    (content / "claims" / "first-meeting.yaml").write_text(NEW_CLAIM, encoding="utf-8")


def change_claim(content: Path) -> None:
    replace_in(content / "claims" / "plan-secret.yaml", "summary: The plan is confidential.",
               "summary: The plan is confidential, officials say.")


def delete_claim(content: Path) -> None:
    (content / "claims" / "better-plans.yaml").unlink()


def change_source_text(content: Path) -> None:
    replace_in(content / "sources" / "wire-story.txt", "ministers said on Friday.",
               "ministers said on Friday in Brussels.")


def rename_outlet(content: Path) -> None:
    replace_in(content / "outlets" / "daily.yaml", "name: The Daily Example", "name: The Example Daily")


def move_outlet_to_new_id(content: Path) -> None:
    """The other kind of rename: a new id, so the file and every reference change."""
    (content / "outlets" / "wire.yaml").rename(content / "outlets" / "example-wire.yaml")
    replace_in(content / "sources" / "wire-story.txt", "outlet: wire", "outlet: example-wire")
    for claim in (content / "claims").glob("*.yaml"):
        text = claim.read_text(encoding="utf-8")
        claim.write_text(text.replace("outlet: wire\n", "outlet: example-wire\n"), encoding="utf-8")


def widen_the_rating_scale(content: Path) -> None:
    """Changes the tone of every rating badge, also on pages that show one rating only."""
    replace_in(content / "vocabulary.yaml", "    value: 5\n", "    value: 9\n")


def rerate_claim(content: Path) -> None:
    """One field that lists, the matrix and the glossary show and sort by."""
    replace_in(content / "claims" / "plan-secret.yaml", "rating: mostly-accurate", "rating: accurate")


def redate_claim(content: Path) -> None:
    """Moves a claim to the top of every list of claims: what orders a list is read by the
    page builders, not necessarily shown by the templates."""
    replace_in(content / "claims" / "fund-size.yaml", 'date: "2021-10-22"\nrating', 'date: "2021-10-23"\nrating')


def redate_source(content: Path) -> None:
    """Moves an article to the top of the list of articles."""
    replace_in(content / "sources" / "wire-story.txt", 'published: "2021-10"', 'published: "2021-10-30"')


EDITS = [add_claim, change_claim, rerate_claim, delete_claim, change_source_text, rename_outlet,
         move_outlet_to_new_id, widen_the_rating_scale, redate_claim, redate_source]


def test_incremental_equals_clean_after_each_edit_of_a_sequence(sample_content, tmp_path):
    out = tmp_path / "site"
    build(sample_content, out)
    for edit in EDITS:
        edit(sample_content)
        result = build(sample_content, out)
        assert result.counts["written"] > 0, f"{edit.__name__} changed nothing in the site"
        assert_same_as_clean(sample_content, out, tmp_path)


def test_a_rebuild_without_changes_renders_and_writes_nothing(sample_content, tmp_path):
    out = tmp_path / "site"
    first = build(sample_content, out)
    before = stamps(out)
    again = build(sample_content, out)
    assert first.rendered and again.rendered == []
    assert again.counts["written"] == 0
    assert stamps(out) == before


def test_editing_one_claim_renders_only_the_pages_that_show_it(sample_content, tmp_path):
    out = tmp_path / "site"
    every_page = set(build(sample_content, out).rendered)
    before = stamps(out)
    change_claim(sample_content)
    rendered = set(build(sample_content, out).rendered)
    assert rendered == {"claims/plan-secret/index.html"}  # the only page that shows a claim's summary
    untouched = {"claims/better-plans/index.html", "claims/fund-size/index.html", "about/index.html",
                 "topics/meeting/index.html", "claims/index.html", "matrix/index.html"}
    assert untouched <= every_page and not rendered & untouched
    after = stamps(out)
    assert after["claims/fund-size/index.html"] == before["claims/fund-size/index.html"]
    assert after["claims/plan-secret/index.html"] != before["claims/plan-secret/index.html"]


def test_clean_renders_everything_and_gives_the_same_site(sample_content, tmp_path):
    out = tmp_path / "site"
    first = build(sample_content, out)
    snapshot = tree(out)
    again = build(sample_content, out, clean=True)
    assert sorted(again.rendered) == sorted(first.rendered)
    assert tree(out) == snapshot


def test_the_cache_is_safe_to_delete(sample_content, tmp_path):
    out = tmp_path / "site"
    build(sample_content, out)
    change_claim(sample_content)
    shutil.rmtree(tmp_path / ".sidelight-cache")
    result = build(sample_content, out)
    assert len(result.rendered) == result.counts["pages"]
    assert_same_as_clean(sample_content, out, tmp_path)


def test_a_damaged_cache_is_ignored(sample_content, tmp_path):
    out = tmp_path / "site"
    build(sample_content, out)
    for cache_file in (tmp_path / ".sidelight-cache").iterdir():
        cache_file.write_text("{not json", encoding="utf-8")
    change_claim(sample_content)
    build(sample_content, out)
    assert_same_as_clean(sample_content, out, tmp_path)


def test_a_file_changed_by_hand_in_site_is_restored(sample_content, tmp_path):
    out = tmp_path / "site"
    build(sample_content, out)
    page = out / "claims" / "fund-size" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>edited by hand</p></body>"))
    (out / "stray.html").write_text("left over", encoding="utf-8")
    result = build(sample_content, out)
    assert "claims/fund-size/index.html" in result.rendered
    assert_same_as_clean(sample_content, out, tmp_path)


def test_a_failed_build_leaves_site_untouched(sample_content, tmp_path):
    out = tmp_path / "site"
    build(sample_content, out)
    before, snapshot = stamps(out), tree(out)
    replace_in(sample_content / "claims" / "plan-secret.yaml", "rating: mostly-accurate", "rating: [")
    result = pipeline.build(sample_content, out)
    assert result.report.errors
    assert stamps(out) == before and tree(out) == snapshot


def test_unchanged_files_are_hard_links_of_the_previous_site(sample_content, tmp_path):
    """Only changed files are written: the others keep their inode across the swap."""
    out = tmp_path / "site"
    build(sample_content, out)
    before = stamps(out)
    change_claim(sample_content)
    build(sample_content, out)
    after = stamps(out)
    kept = [name for name in after if after[name] == before.get(name)]
    assert "claims/fund-size/index.html" in kept
    (spare,) = leftovers(tmp_path)  # the old site, kept as the next update's staging folder (`write.refill`)
    assert spare.name.startswith(".site-spare-")
    assert os.path.samefile(out / "claims" / "fund-size" / "index.html", spare / "claims" / "fund-size" / "index.html")
    assert os.stat(out / "claims" / "fund-size" / "index.html").st_nlink == 2  # no other name than those two


def test_build_command_reports_each_stage_and_clean(sample_content, run_cli):
    first = run_cli("--content", "content", "build")
    assert first.code == 0, first.output
    for stage in ("loaded ", "validated ", "anchored ", "modelled ", "rendered ", "wrote "):
        assert any(line.startswith(stage) and line.endswith(" s)") for line in first.stdout.splitlines()), stage
    again = run_cli("--content", "content", "build")
    assert "rendered 0 pages" in again.stdout and "nothing written" in again.stdout
    clean = run_cli("--content", "content", "build", "--clean")
    assert "(0 unchanged)" in clean.stdout
    quiet = run_cli("-q", "--content", "content", "build")
    assert quiet.code == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_what_a_template_global_computes_from_is_part_of_a_pages_inputs():
    """A global like the rating scale's `tone` is computed once from the model; a page that
    calls it must be rendered again when what it captured changes, not when nothing did."""
    from sidelight.build.tracking import shape

    def tone(best, worst):
        return lambda value: round((value - worst) / (best - worst) * 4)

    def same(a, b):
        return shape(a, str) == shape(b, str)

    assert same({"tone": tone(5, 1)}, {"tone": tone(5, 1)})
    assert not same({"tone": tone(5, 1)}, {"tone": tone(9, 1)})
    assert same({"tags": {"b", "a", "c"}}, {"tags": {"c", "b", "a"}})  # set order varies between runs
    assert not same({"nav": [("About", "about/")]}, {"nav": [("About us", "about/")]})


def test_the_search_index_is_made_again_only_when_a_page_changed(sample_content, tmp_path, monkeypatch):
    from sidelight.output import searchindex
    runs = []

    def counted(files, language, *previous_and_digests):
        runs.append(1)
        return searchindex.search_index(files, language, *previous_and_digests)
    monkeypatch.setattr(pipeline, "search_index", counted)
    out = tmp_path / "site"
    build(sample_content, out)
    build(sample_content, out)
    assert len(runs) == 1
    change_claim(sample_content)
    build(sample_content, out)
    assert len(runs) == 2
    index = next(p for p in (out / "pagefind").rglob("*") if p.is_file())
    index.write_bytes(b"damaged")
    build(sample_content, out)  # a damaged index file in site/ is not reused
    assert len(runs) == 3
    assert_same_as_clean(sample_content, out, tmp_path)


def test_a_link_on_an_unchanged_page_to_a_page_that_went_away_still_fails_the_build(sample_content, tmp_path):
    """Only pages whose bytes changed get their links checked again, unless a file of the
    last build is gone: the About page is not rendered again, yet its link now leads nowhere."""
    replace_in(sample_content / "pages" / "about.md", "This is a **sample** site.",
               "This is a **sample** site. [A claim](../claims/better-plans/).")
    out = tmp_path / "site"
    build(sample_content, out)
    snapshot = tree(out)
    delete_claim(sample_content)
    result = pipeline.build(sample_content, out)
    assert [p.path for p in result.report.errors] == ["site/about/index.html"]
    assert "claims/better-plans/" in result.report.errors[0].message and tree(out) == snapshot


def test_a_link_on_an_unchanged_page_to_an_id_that_went_away_still_fails_the_build(sample_content, tmp_path):
    replace_in(sample_content / "pages" / "about.md", "This is a **sample** site.",
               "This is a **sample** site. [Coverage](../claims/fund-size/#cover-wire-story).")
    out = tmp_path / "site"
    build(sample_content, out)
    replace_in(sample_content / "claims" / "fund-size.yaml", """  - source: wire-story
    fidelity: faithful
    stance: neutral
    frames: [economic, capacity-resources]
    passages:
      - quote: The fund will have €1 billion to invest
""", "")
    replace_in(sample_content / "claims" / "fund-size.yaml", """      - source: wire-story
        quote: €1 billion to invest
""", "")  # the drift's rendering from that article goes with it
    result = pipeline.build(sample_content, out)
    assert "about/index.html" not in result.rendered
    assert [p.path for p in result.report.errors] == ["site/about/index.html"]
    assert "has no element with id `cover-wire-story`" in result.report.errors[0].message


def test_the_preview_serves_the_edited_pages_first_and_the_search_index_after(sample_content, tmp_path):
    """`serve` builds with search_later: the edited page is live with the last index, then
    the index is made for it and swapped in, and the site is a clean build's."""
    out = tmp_path / "site"
    build(sample_content, out)
    old_index = {name: data for name, data in tree(out).items() if name.startswith("pagefind/")}
    change_claim(sample_content)
    result = pipeline.build(sample_content, out, search_later=True)
    assert "officials say" in (out / "claims" / "plan-secret" / "index.html").read_text(encoding="utf-8")
    assert {name: data for name, data in tree(out).items() if name.startswith("pagefind/")} == old_index
    assert result.index_search() == []
    assert {name for name in tree(out) if name.startswith("pagefind/")} != old_index.keys()
    assert_same_as_clean(sample_content, out, tmp_path)


def test_no_class_in_sidelight_defines_or_assigns_getattribute():
    """What a page read is noted through views of its context (`tracking.watch`), never
    by patching the model's classes: no `__getattribute__` is defined, assigned or set."""
    import ast

    import sidelight
    found = []
    for path in Path(sidelight.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = (isinstance(node, ast.FunctionDef) and node.name == "__getattribute__"
                     or isinstance(node, ast.Attribute) and node.attr == "__getattribute__"
                     or isinstance(node, ast.Constant) and node.value == "__getattribute__")
            if named:
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_after_an_edit_the_templates_are_not_compiled_again(sample_content, tmp_path, monkeypatch):
    """The templates' code, compiled before the workers are forked, is kept in the render
    cache: after a build whose pages were rendered in workers, the pages an edit changed
    are rendered without compiling the theme again, and the site still equals a clean
    build's."""
    from jinja2 import Environment
    from sidelight.build import workers
    out, alone = tmp_path / "site", workers.MIN_ITEMS
    monkeypatch.setattr(workers, "MIN_ITEMS", 1)  # every group in a worker
    monkeypatch.setattr(workers, "CHUNK", 2)
    build(sample_content, out)
    monkeypatch.setattr(workers, "MIN_ITEMS", alone)  # the edit's page in this process, where compiling is seen
    compiled, compile_source = [], Environment._compile

    def counted(env, source, filename):
        compiled.append(filename)
        return compile_source(env, source, filename)
    monkeypatch.setattr(Environment, "_compile", counted)
    change_claim(sample_content)
    assert build(sample_content, out).rendered
    assert compiled == []
    assert_same_as_clean(sample_content, out, tmp_path)
    assert compiled  # the clean build compiled them: it reads no cache


def test_open_data_parts_of_unchanged_claims_are_read_back_from_the_site_not_the_cache(
        sample_content, tmp_path, monkeypatch):
    """After a one-claim edit only that claim's line of data/claims.json is made again; the
    others are read back from the file the last build wrote to site/, so the render cache
    holds none of their text (it was two thirds of the cache at 10,000 claims)."""
    from sidelight.output import opendata
    out = tmp_path / "site"
    build(sample_content, out)
    made, line = [], opendata.claim_line

    def counted(site, claim):
        made.append(claim.id)
        return line(site, claim)
    monkeypatch.setattr(opendata, "claim_line", counted)
    change_claim(sample_content)
    build(sample_content, out)
    assert made == ["plan-secret"]
    assert b"The plan is confidential, officials say." in (out / "data" / "claims.json").read_bytes()
    (cache,) = (tmp_path / ".sidelight-cache").glob("render-*")
    assert b"The plan is confidential" not in cache.read_bytes()
    assert_same_as_clean(sample_content, out, tmp_path)


def rewrite_a_letter(path: Path) -> None:
    """A letter in the middle of the file made a capital: same size, same inode."""
    data = bytearray(path.read_bytes())
    at = next(i for i in range(len(data) // 2, len(data)) if data[i] in b"abcdefghijklmnopqrstuvwxyz")
    data[at] -= 32
    path.write_bytes(bytes(data))


def cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-200])


@pytest.mark.parametrize("touch", [rewrite_a_letter, cut_short, Path.unlink])
@pytest.mark.parametrize("name", ["data/claims.json", "data/annotations.jsonld", "data/sources/wire-story.txt"])
def test_an_open_data_file_touched_by_hand_in_site_is_made_again(sample_content, tmp_path, touch, name):
    """The parts kept are read back from the open data files in site/ only while each has
    the stat the last build recorded: a file rewritten, cut short or removed by hand is
    made again from the content, part by part, never from what is now in it."""
    out = tmp_path / "site"
    build(sample_content, out)
    touch(out / name)
    change_claim(sample_content)
    build(sample_content, out)
    assert_same_as_clean(sample_content, out, tmp_path)
