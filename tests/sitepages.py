"""Helpers for the published-site tests (tests/test_site_*.py): build a content folder,
read a built page as BeautifulSoup, make more content for a copy of the sample."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sidelight.build import pipeline

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "sample" / "content"


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory) -> Path:
    """tests/sample/content built from scratch into a temporary site/, once per test module
    that imports this fixture. Read-only: a test that needs other content builds a copy."""
    return build_site_from(SAMPLE, tmp_path_factory.mktemp("sample-build") / "site")


def sample_copy(folder: Path) -> Path:
    """A copy of the sample content at folder/content, free to change."""
    return Path(shutil.copytree(SAMPLE, folder / "content"))


def edit(path: Path, old: str, new: str) -> None:
    """Replace text that must occur exactly once, so an edit that misses fails the test."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def build_site_from(content: Path, out: Path) -> Path:
    """Build `content` into `out` from scratch; the build must succeed."""
    result = pipeline.build(content, out, clean=True)
    assert not result.report.errors, "\n".join(p.text() for p in result.report.errors)
    return out


def page(site: Path, path: str) -> BeautifulSoup:
    """A built page by its site path (`claims/x/`, `` for home, `404.html`)."""
    file = site / (path + "index.html" if path.endswith("/") or not path else path)
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def site_path(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return rel[:-len("index.html")] if rel.endswith("index.html") else rel


def add_claims(content: Path, count: int) -> list[str]:
    """`count` more claims in a copy of the sample, dated one day apart; returns their ids."""
    template = (content / "claims" / "plan-secret.yaml").read_text(encoding="utf-8")
    ids = []
    for i in range(count):
        ident = f"extra-{i:03d}"
        day = f"2020-{1 + i // 28:02d}-{1 + i % 28:02d}"
        text = template.replace('date: "2021-10-22"', f'date: "{day}"').replace(
            "claim: The plan is secret.", f"claim: Extra claim number {i}.")
        (content / "claims" / f"{ident}.yaml").write_text(text, encoding="utf-8")
        ids.append(ident)
    return ids
