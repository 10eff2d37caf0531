"""Keyboard only: Tab reaches every link and control of a page in document order, each
shows that it has focus, and the skip link takes the reader past the header to the
content."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from checks import FOCUSABLE, FOCUSED

pytestmark = pytest.mark.browser

KINDS = ("home", "claim", "source", "outlet", "topic", "matrix", "glossary", "search", "404")


def tab_through(page, count: int) -> list[dict]:
    """Press Tab `count` times from the top of the page; what had focus after each."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.getSelection().removeAllRanges(); window.scrollTo(0, 0)")
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    return stops


@pytest.mark.parametrize("kind", KINDS)
def test_tab_reaches_every_link_and_control_in_order_with_visible_focus(page, site_url, kinds, kind):
    page.goto(site_url + kinds[kind])
    if kind == "search":
        expect(page.locator("#search-filters")).to_be_visible()
    total = page.evaluate(FOCUSABLE)
    assert total > 0
    stops = tab_through(page, total)
    order = [s["probe"] for s in stops]
    assert order == [str(i) for i in range(total)], (
        f"Tab order on the {kind} page differs from document order; first stops: {[s.get('text') for s in stops[:12]]}")
    hidden = [s for s in stops if not (s["visible"] and s["matches"])]
    assert not hidden, f"focus is not visible on: {hidden[:5]}"


def test_the_skip_link_is_first_and_moves_focus_to_the_content(page, site_url, kinds):
    page.goto(site_url + kinds["claim"])
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_attribute("href", "#main")
    expect(skip).to_be_in_viewport()  # shown when focused, though off-screen otherwise
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    inside = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside, "after the skip link, Tab must continue inside the content, not in the header"
