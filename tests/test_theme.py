"""A site overrides the packaged theme file by file: a `templates/` folder beside its
content folder is looked up first, for templates and for static assets alike, and the
packaged theme supplies everything it does not hold (docs/templates.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from sidelight.build import pipeline
from sidelight.output.theme import CATALOGUES, THEME, catalogue_folders
from sidelight.preview.session import watched_paths

SAMPLE = Path(__file__).resolve().parent / "sample" / "content"
MARK = "<p>Our own home page.</p>"


def project_with_own_templates(tmp_path: Path) -> Path:
    """tmp_path/content (the sample) and tmp_path/templates holding one template and one
    stylesheet of the site's own."""
    shutil.copytree(SAMPLE, tmp_path / "content")
    own = tmp_path / "templates"
    (own / "static").mkdir(parents=True)
    home = (THEME / "home.html").read_text(encoding="utf-8")
    assert "{% block main %}" in home
    (own / "home.html").write_text(home.replace("{% block main %}", "{% block main %}" + MARK), encoding="utf-8")
    (own / "static" / "style.css").write_text("body { color: teal }\n", encoding="utf-8")
    return tmp_path / "content"


def test_a_site_s_own_templates_replace_the_packaged_ones_of_the_same_name(tmp_path: Path):
    content = project_with_own_templates(tmp_path)
    site = tmp_path / "site"
    assert not pipeline.build(content, site).report.errors
    assert MARK in (site / "index.html").read_text(encoding="utf-8")
    claim_page = next((site / "claims").glob("*/index.html")).read_text(encoding="utf-8")
    assert MARK not in claim_page and "static/style.css" in claim_page  # the packaged claim.html and base.html
    assert (site / "static" / "style.css").read_text(encoding="utf-8") == "body { color: teal }\n"
    assert (site / "static" / "search.js").read_bytes() == (THEME / "static" / "search.js").read_bytes()


def test_editing_a_site_s_own_template_rebuilds_and_serve_watches_it(tmp_path: Path):
    content = project_with_own_templates(tmp_path)
    site = tmp_path / "site"
    assert not pipeline.build(content, site).report.errors
    home = tmp_path / "templates" / "home.html"
    home.write_text(home.read_text(encoding="utf-8").replace(MARK, "<p>Edited.</p>"), encoding="utf-8")
    again = pipeline.build(content, site)
    assert again.site is not None  # not the no-change shortcut
    assert "<p>Edited.</p>" in (site / "index.html").read_text(encoding="utf-8")
    assert tmp_path / "templates" in watched_paths(content)


def test_an_override_extends_the_packaged_file_it_replaces(tmp_path: Path):
    """templates/base.html extends `theme:base.html`, adds a stylesheet of its own and a
    line to the footer: every page carries both the override's markup and the packaged
    base's (its skip link, header, footer links and stylesheet)."""
    shutil.copytree(SAMPLE, tmp_path / "content")
    own = tmp_path / "templates"
    (own / "static").mkdir(parents=True)
    (own / "static" / "desk.css").write_text(".desk-note { font-style: italic }\n", encoding="utf-8")
    (own / "base.html").write_text(
        '{% extends "theme:base.html" %}\n'
        "{% block head %}<link rel=\"stylesheet\" href=\"{{ url(static_path('desk.css')) }}\">{% endblock %}\n"
        '{% block footer %}{{ super() }}<p class="desk-note">Our own footer line.</p>{% endblock %}\n',
        encoding="utf-8",
    )
    site = tmp_path / "site"
    assert not pipeline.build(tmp_path / "content", site).report.errors
    for page in (site / "index.html", next((site / "claims").glob("*/index.html"))):
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        sheets = [link["href"].rpartition("/")[2] for link in soup.find_all("link", rel="stylesheet")]
        assert sheets == ["style.css", "desk.css"]
        footer = soup.select_one("footer.site-footer")
        assert footer.select_one("p.desk-note").get_text() == "Our own footer line."
        assert footer.select_one("ul.footer-links") is not None  # the packaged footer, through super()
        assert soup.select_one("a.skip[href='#main']") is not None and soup.select_one("header.site-header nav")
        assert soup.select_one("main h1") is not None  # the page's own template, still extending base.html
    assert (site / "static" / "desk.css").is_file()


def test_a_site_s_static_file_is_added_beside_the_packaged_ones(tmp_path: Path):
    shutil.copytree(SAMPLE, tmp_path / "content")
    (tmp_path / "templates" / "static" / "img").mkdir(parents=True)
    (tmp_path / "templates" / "static" / "img" / "logo.svg").write_text("<svg/>\n", encoding="utf-8")
    site = tmp_path / "site"
    assert not pipeline.build(tmp_path / "content", site).report.errors
    assert (site / "static" / "img" / "logo.svg").read_text(encoding="utf-8") == "<svg/>\n"
    assert (site / "static" / "style.css").read_bytes() == (THEME / "static" / "style.css").read_bytes()


def test_catalogues_are_looked_up_in_the_site_s_folder_first(tmp_path: Path):
    own = tmp_path / "templates"
    (own / CATALOGUES).mkdir(parents=True)
    found = catalogue_folders(own)
    assert found[0] == own / CATALOGUES
    assert found[1:] == ([THEME / CATALOGUES] if (THEME / CATALOGUES).is_dir() else [])
