"""How pages look, measured in the browser: on a 390 px phone the side-by-side columns
stack and nothing reaches past the screen's edge; in light and dark mode every piece of
text keeps a WCAG AA contrast ratio against what is behind it."""
from __future__ import annotations

import pytest

from checks import LOW_CONTRAST, OVERFLOW, OVERFLOWING
from harness import WIDTHS

pytestmark = pytest.mark.browser

KINDS = ("home", "claim", "source", "outlet", "topic", "matrix", "glossary", "search", "404")


@pytest.fixture(scope="module")
def phone(browser):
    # Not is_mobile: a mobile browser widens its layout viewport to whatever overflows, which
    # would hide the very overflow measured here; a 390 px window keeps innerWidth at 390.
    context = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 844}, has_touch=True)
    yield context.new_page()
    context.close()


def test_on_a_phone_the_columns_stack(phone, site_url, kinds):
    phone.goto(site_url + kinds["claim"])
    boxes = [c.bounding_box() for c in phone.locator("main .columns > .column").all()]
    assert len(boxes) >= 2, "the test needs a claim quoted by two outlets"
    for above, below in zip(boxes, boxes[1:]):
        assert below["y"] >= above["y"] + above["height"] - 1, "columns must stack, not sit side by side"
        assert abs(below["x"] - above["x"]) < 1
    assert max(b["x"] + b["width"] for b in boxes) <= WIDTHS["phone"]


def test_the_columns_sit_side_by_side_on_a_wide_screen(page, site_url, kinds):
    page.set_viewport_size({"width": WIDTHS["wide"], "height": 900})
    page.goto(site_url + kinds["claim"])
    boxes = [c.bounding_box() for c in page.locator("main .columns > .column").all()]
    assert boxes[1]["x"] > boxes[0]["x"] and abs(boxes[1]["y"] - boxes[0]["y"]) < 1


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_overflows_a_phone_screen(phone, site_url, kinds, kind):
    phone.goto(site_url + kinds[kind] + ("?q=Lavrov" if kind == "search" else ""))
    if kind == "search":
        phone.locator("#search-results li").first.wait_for()
    assert phone.evaluate("innerWidth") == WIDTHS["phone"]
    assert phone.evaluate(OVERFLOW) <= 0, f"{kind} page is wider than the phone: {phone.evaluate(OVERFLOWING)}"


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_text_keeps_its_contrast(browser, site_url, kinds, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    failures = {}
    for kind in KINDS:
        page.goto(site_url + kinds[kind] + ("?q=Lavrov" if kind == "search" else ""))
        if kind == "search":
            page.locator("#search-results li").first.wait_for()
        found = page.evaluate(LOW_CONTRAST)
        if found:
            failures[kind] = found[:5]
    context.close()
    assert not failures, f"text below WCAG AA contrast in {scheme} mode: {failures}"


def test_the_contrast_check_sees_faint_text(browser, site_url, kinds):
    """The check above can fail: grey text on the dark background is caught."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_url + kinds["claim"])
    page.evaluate("document.querySelector('main h1').style.color = '#505050'")
    found = page.evaluate(LOW_CONTRAST)
    context.close()
    assert [f["element"] for f in found if f["element"].endswith("h1.claim-text")], found
