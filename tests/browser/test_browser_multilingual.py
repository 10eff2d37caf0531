"""A site in two languages in a browser: the language switcher leads from the English claim
to its Russian translation and back, the Russian claim page has no accessibility
violation on wide screens or phones, and each edition's search finds its own pages."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import harness
import pytest
from playwright.sync_api import expect
from test_site_multilingual import two_languages

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def two_language_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("multilingual")
    site = harness.build(two_languages(folder), folder / "site")
    with harness.serve(site) as url:
        yield url


def test_the_switcher_goes_to_the_translation_and_back(browser, two_language_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(two_language_url + "claims/fund-size/")
    switcher = page.get_by_role("navigation", name="Languages")
    switcher.get_by_role("link", name="Русский").click()
    page.wait_for_url(two_language_url + "ru/claims/fund-size-ru/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text().endswith("Инновационный фонд получит 1 млрд евро.”")
    current = page.get_by_role("navigation", name="Языки").locator("[aria-current=page]")
    assert current.inner_text() == "Русский"
    page.get_by_role("navigation", name="Языки").get_by_role("link", name="English").click()
    page.wait_for_url(two_language_url + "claims/fund-size/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_russian_claim_page_has_no_accessibility_violation(browser, two_language_url, width):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(two_language_url + "ru/claims/fund-size-ru/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    found = Axe().run(page).response["violations"]
    page.close()
    assert not found, [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in found]


def found(page, url: str) -> list[str]:
    """The paths of the results the search page at `url` lists, once it has searched."""
    page.goto(url)
    expect(page.locator("#search-status")).to_contain_text(re.compile(r"\d"))
    links = page.locator("#search-results .search-result h2 a")
    return [urlsplit(href).path for href in links.evaluate_all("as => as.map(a => a.href)")]


def test_each_language_searches_its_own_pages(browser, two_language_url):
    """The Russian search page finds the Russian claim and only pages of the Russian
    edition; the English one finds English pages only, never the translation."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    base = urlsplit(two_language_url).path
    russian = found(page, two_language_url + "ru/search/?q=" + quote("Инновационный"))
    assert base + "ru/claims/fund-size-ru/" in russian
    assert all(path.startswith(base + "ru/") for path in russian), russian
    english = found(page, two_language_url + "search/?q=innovation")
    assert base + "claims/fund-size/" in english
    assert not any(path.startswith(base + "ru/") for path in english), english
    page.close()
