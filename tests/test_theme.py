"""A site overrides the packaged theme file by file: a `templates/` folder beside its
content folder is looked up first, for templates and for static assets alike, and the
packaged theme supplies everything it does not hold (docs/templates.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sidelight.build import pipeline
from sidelight.output.theme import THEME
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
