"""Pages stream from the render to the staging folder (issue 16): the build takes the output
folder's lock and a staging folder before it renders, each page and share image is written
there by the process that made it, and the link check and Pagefind read them from there.
The site is what the in-memory build made, byte for byte, and a build that fails after
streaming (a broken link, Pagefind, a template, Ctrl-C) leaves site/ as it was and no
staging folder behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_runs import leftovers
from hostile.support import tree
from jinja2 import TemplateError
from sitepages import add_claims, edit, sample_copy
from test_site_multilingual import two_languages

from sidelight.build import pipeline
from sidelight.build.checking import check
from sidelight.output import searchindex, write
from sidelight.output.render import TEMPLATES, render
from sidelight.output.searchindex import SearchIndexError, search_index
from sidelight.output.theme import site_templates
from sidelight.output.write import Staged


def held_build(content: Path, out: Path, monkeypatch) -> None:
    """The site as a build made it when the parent held every file until the write: the
    same pipeline, with each page's bytes sent back from the worker instead of staged."""
    with monkeypatch.context() as patch:
        patch.setattr(write.Stage, "put", lambda stage, name, data: data)
        assert not pipeline.build(content, out, clean=True).report.errors


def rendered_build(content: Path, out: Path) -> None:
    """The site from `render` alone, in this process: bytes, the index from those bytes, one write."""
    site = check(content).site
    assert site is not None
    files = render(site, site_templates(content))
    assert not any(isinstance(data, Staged) or data is None for data in files.values())
    files |= search_index(files, site.settings.language)
    write.write(files, out)


def assert_same_trees(one: Path, other: Path) -> None:
    first, second = tree(one), tree(other)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


@pytest.fixture(params=["one language", "two languages"])
def content(request, tmp_path: Path) -> Path:
    if request.param == "two languages":
        return two_languages(tmp_path)
    content = sample_copy(tmp_path)
    add_claims(content, 80)  # more page groups than `workers.MIN_ITEMS`: forked workers stage them
    return content


def test_a_streamed_clean_build_equals_the_in_memory_build_byte_for_byte(content, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    held_build(content, tmp_path / "held", monkeypatch)
    made: dict = {}
    staged_build = pipeline.staged_build

    def watched(*args):
        files = made["files"] = staged_build(*args)
        return files

    monkeypatch.setattr(pipeline, "staged_build", watched)
    result = pipeline.build(content, tmp_path / "site", clean=True)
    assert not result.report.errors, [p.text() for p in result.report.errors]
    assert_same_trees(tmp_path / "site", tmp_path / "held")
    if not (content / "claims" / "fund-size-ru.yaml").exists():  # `render` alone renders an edition
        rendered_build(content, tmp_path / "rendered")  # with the edition's claims only, unlike a build
        assert_same_trees(tmp_path / "site", tmp_path / "rendered")
    made_here = tree(tmp_path / "site")
    own = [n for n in made_here if n.endswith((".html", ".png")) and not n.startswith(("ru/", "pagefind/"))]
    assert len(own) > 10
    files = made["files"].files  # after the write: each staged file is now a file of site/
    assert all(files[name] is None for name in own), "every page and image of the site's language was staged"
    assert leftovers(tmp_path) == []


def broken_link_templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    broken = "<a href=\"{{ url('claims/oops/') }}\">x</a>"
    edit(templates / "home.html", '<h2 id="claims-h">', broken + '<h2 id="claims-h">')
    return templates


@pytest.mark.parametrize("clean", [True, False])
def test_a_broken_link_found_after_streaming_leaves_the_site_and_no_staging_folder(tmp_path, clean):
    content = sample_copy(tmp_path)
    out = tmp_path / "site"
    assert not pipeline.build(content, out, clean=True).report.errors
    before = tree(out)
    result = pipeline.build(content, out, templates=broken_link_templates(tmp_path), clean=clean)
    assert [p.message for p in result.report.errors] == [
        "broken link `claims/oops/`: there is no file `claims/oops/` in the site"
    ]
    assert tree(out) == before
    assert leftovers(tmp_path) == []


def test_a_failing_pagefind_after_streaming_leaves_the_site_and_no_staging_folder(tmp_path, monkeypatch):
    content = sample_copy(tmp_path)
    out = tmp_path / "site"
    assert not pipeline.build(content, out, clean=True).report.errors
    before = tree(out)

    def fails(site: Path, language: str) -> None:
        assert any(site.rglob("*.html")), "Pagefind reads the staged pages"
        raise SearchIndexError("Pagefind failed (exit status 1): planted")

    monkeypatch.setattr(searchindex, "run_pagefind", fails)
    result = pipeline.build(content, out, clean=True)
    assert [p.message for p in result.report.errors] == ["Pagefind failed (exit status 1): planted"]
    assert tree(out) == before
    assert leftovers(tmp_path) == []


def test_a_template_error_midway_leaves_the_site_and_no_staging_folder(tmp_path):
    content = sample_copy(tmp_path)
    add_claims(content, 80)
    out = tmp_path / "site"
    assert not pipeline.build(content, out, clean=True).report.errors
    before = tree(out)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    edit(templates / "claim.html", "{% block main %}", "{% block main %}{{ page.no_such_field }}")
    with pytest.raises(TemplateError):
        pipeline.build(content, out, templates=templates, clean=True)
    assert tree(out) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("clean", [True, False])
def test_ctrl_c_while_pages_are_staged_leaves_the_site_and_no_staging_folder(tmp_path, monkeypatch, clean):
    content = sample_copy(tmp_path)
    out = tmp_path / "site"
    assert not pipeline.build(content, out, clean=True).report.errors
    before = tree(out)
    edit(content / "claims" / "plan-secret.yaml", "claim: The plan is secret.", "claim: The plan is not secret.")
    staged: list[str] = []
    put = write.put

    def interrupted(target: str, data: bytes) -> None:
        put(target, data)
        staged.append(target)
        if len(staged) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(write, "put", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(content, out, clean=clean)
    assert ".site-new-" in staged[0], "the interrupt came while the render staged its pages"
    assert tree(out) == before
    assert leftovers(tmp_path) == []
