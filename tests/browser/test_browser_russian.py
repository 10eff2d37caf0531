"""The shipped site in Russian (`language: ru`), in a browser: axe finds no violation on the
page kinds, the search page counts its results in Russian plural forms, and the passage
panel of a source page speaks Russian; and axe on the main page kinds in Ukrainian."""

from __future__ import annotations

import re
import shutil

import harness
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

KINDS = ("home", "claim", "source", "outlet", "matrix", "glossary", "drift", "team", "search", "404")
RESULTS = re.compile(r"^\d+ результат(а|ов)? по запросу «Lavrov»\.$")


def served_in(tmp_path_factory, language: str):
    folder = tmp_path_factory.mktemp(f"{language}-browser")
    content = shutil.copytree(harness.REPO / "content", folder / "content")
    site_yaml = content / "site.yaml"
    english = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(english.replace("language: en", f"language: {language}"), encoding="utf-8")
    site = harness.build(content, folder / "site")
    with harness.serve(site) as url:
        yield url, harness.page_kinds(site)


@pytest.fixture(scope="module")
def russian(tmp_path_factory):
    yield from served_in(tmp_path_factory, "ru")


@pytest.fixture(scope="module")
def ukrainian(tmp_path_factory):
    yield from served_in(tmp_path_factory, "uk")


@pytest.mark.parametrize("kind", KINDS)
def test_no_accessibility_violations_in_russian(browser, russian, kind):
    url, kinds = russian
    page = browser.new_page()
    page.goto(url + kinds[kind] + ("?q=Lavrov" if kind == "search" else ""))
    if kind == "search":
        page.locator("#search-results li").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "ru"
    found = Axe().run(page).response["violations"]
    page.close()
    assert not [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in found]


@pytest.mark.parametrize("kind", ("home", "claim", "source", "glossary", "search"))
def test_no_accessibility_violations_in_ukrainian(browser, ukrainian, kind):
    url, kinds = ukrainian
    page = browser.new_page()
    page.goto(url + kinds[kind] + ("?q=Lavrov" if kind == "search" else ""))
    if kind == "search":
        expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ результат(и|ів)? за запитом «Lavrov»\.$"))
    assert page.locator("html").get_attribute("lang") == "uk"
    found = Axe().run(page).response["violations"]
    page.close()
    assert not [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in found]


def test_search_counts_results_in_russian(browser, russian):
    url, kinds = russian
    page = browser.new_page()
    page.goto(url + kinds["search"] + "?q=Lavrov")
    expect(page.locator("#search-status")).to_have_text(RESULTS)
    expect(page.locator("#search-results .result-rating").first).to_contain_text("Наша оценка:")
    page.close()


def test_the_passage_panel_speaks_russian(browser, russian):
    url, kinds = russian
    page = browser.new_page()
    page.goto(url + kinds["source"])
    page.locator("mark.passage").first.click()
    panel = page.get_by_role("dialog", name="Заявления, цитирующие этот отрывок")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("button")).to_have_text("Закрыть")
    page.close()
