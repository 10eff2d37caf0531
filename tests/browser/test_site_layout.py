"""The published site's layout in a real browser (site helper, issue 3): side-by-side
columns on wide screens that stack on phones, the source page's margin giving way to the end
list, hover/focus tips on marks made by CSS alone, dark mode, and the print stylesheet."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CLAIM = "claims/nato-liaison-mission-suspended/"  # three quoted articles in content/
SOURCE = "sources/rt-2021-10-lavrov-suspends-mission/"


def tops(page, selector: str) -> list[float]:
    return page.eval_on_selector_all(selector, "els => els.map(e => Math.round(e.getBoundingClientRect().top))")


def test_columns_side_by_side_on_wide_screens_and_stacked_on_phones(browser, site_url):
    for width, side_by_side in ((1280, True), (390, False)):
        page = browser.new_page(viewport={"width": width, "height": 900}, java_script_enabled=False)
        page.goto(site_url + CLAIM)
        columns = tops(page, "section.column")
        assert len(columns) == 3
        assert (len(set(columns)) == 1) is side_by_side, (width, columns)
        widest = page.evaluate("document.documentElement.scrollWidth")
        assert widest <= width, f"the page scrolls sideways at {width}px"
        page.close()


def test_margin_on_wide_screens_end_list_on_phones(browser, site_url):
    for width, margin in ((1280, True), (390, False)):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(site_url + SOURCE)
        assert page.locator("ul.margin").first.is_visible() is margin
        assert page.locator("section.cited ol li").first.is_visible()
        page.close()


def test_focusing_a_mark_shows_which_claims_cite_it_without_javascript(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page.goto(site_url + SOURCE)
    mark = page.locator("mark.passage").first
    hidden = mark.evaluate("m => getComputedStyle(m, '::after').content")
    assert hidden in ("none", "normal", "")
    mark.focus()
    shown = mark.evaluate("m => getComputedStyle(m, '::after').content")
    assert shown.strip('"').startswith("Cited by:\\a 1.")  # CSS serialises the line break as \a
    ring = mark.evaluate("m => getComputedStyle(m).outlineStyle")
    assert ring != "none"  # a visible focus ring
    page.close()


def test_dark_mode_follows_the_reader_preference(browser, site_url):
    colours = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        page.goto(site_url + CLAIM)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.close()
    assert colours == {"light": "rgb(255, 255, 255)", "dark": "rgb(20, 21, 24)"}


def test_print_hides_navigation_and_keeps_the_comparison(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + CLAIM)
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Site").is_visible()
    assert page.locator("section.column").first.is_visible()
    page.close()
