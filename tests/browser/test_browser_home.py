"""The home page in a real browser: at 1280×800 every rating's count is inside the first
viewport, so a reader sees what the site found before scrolling; on a 390 px phone the
counts and the outlet strips stay inside the screen."""

from __future__ import annotations

import pytest
from harness import REPO, WIDTHS

from sidelight.build import pipeline

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def verdicts() -> int:
    """How many counts the home page must show: each rating of the scale, and opinions if any."""
    site = pipeline.check(REPO / "content").site
    return len(site.vocabulary.ratings) + any(not c.rated for c in site.claims.values())


def boxes(page, selector: str) -> list[dict]:
    return [e.bounding_box() for e in page.locator(selector).all()]


def test_at_1280_by_800_every_verdict_count_is_in_the_first_viewport(browser, site_url, verdicts):
    page = browser.new_page(viewport={"width": WIDTHS["wide"], "height": 800})
    page.goto(site_url)
    counts = boxes(page, "main .verdict-counts .verdict-count")
    assert len(counts) == verdicts
    for box in counts:
        assert box["y"] >= 0 and box["y"] + box["height"] <= 800, f"a verdict count ends at {box['y'] + box['height']}"
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS["wide"]
    page.close()


def test_on_a_phone_the_counts_and_the_strips_stay_inside_the_screen(browser, site_url):
    page = browser.new_page(viewport={"width": WIDTHS["phone"], "height": 844})
    page.goto(site_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]
    for box in boxes(page, "main .verdict-count") + boxes(page, "main .outlet-strip .strip-entry"):
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS["phone"]
    page.close()
