"""A translation and its original side by side on the source page at 1280 px, the original
below the translation at 390 px, the page never scrolling sideways."""
from __future__ import annotations

import pytest

import harness
from original_sample import with_original

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def original_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("original-browser")
    site = harness.build(with_original(folder), folder / "site")
    with harness.serve(site) as url:
        yield url


def test_translation_and_original_side_by_side_on_wide_screens_stacked_on_phones(browser, original_url):
    for width, side_by_side in ((1280, True), (390, False)):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(original_url + "sources/wire-story/")
        left, right = (page.locator(f"#{i}").bounding_box() for i in ("article-text", "original-text"))
        assert left and right
        if side_by_side:
            assert right["x"] >= left["x"] + left["width"] and abs(right["y"] - left["y"]) < 2, (left, right)
        else:
            assert right["y"] >= left["y"] + left["height"] and abs(right["x"] - left["x"]) < 2, (left, right)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_bilingual_source_page_has_no_accessibility_violation(browser, original_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(original_url + "sources/wire-story/")
    found = Axe().run(page).response["violations"]
    context.close()
    assert not found, [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in found]
