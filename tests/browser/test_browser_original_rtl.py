"""A translation beside a right-to-left original (Arabic): the bilingual source page, and
the claim page quoting the original under its translation, have no accessibility
violation on wide screens or phones."""
from __future__ import annotations

import pytest

import harness
from original_sample import with_original
from sitepages import edit

pytestmark = pytest.mark.browser

ARABIC = """سيحصل الصندوق على مليار يورو للاستثمار، قال الوزراء يوم الجمعة.

اجتمع الوزراء في 21–22 أكتوبر لأول مرة منذ انسحاب القوات.
"""
ARABIC_QUOTE = "سيحصل الصندوق على مليار يورو للاستثمار"


@pytest.fixture(scope="module")
def rtl_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("original-rtl")
    content = with_original(folder, quote_original=ARABIC_QUOTE)
    (content / "sources" / "originals" / "wire-story.txt").write_text(ARABIC, encoding="utf-8")
    edit(content / "sources" / "wire-story.txt", "translated_from: ru\noriginal:\n  language: ru\n",
         "translated_from: ar\noriginal:\n  language: ar\n")
    site = harness.build(content, folder / "site")
    with harness.serve(site) as url:
        yield url


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["sources/wire-story/", "claims/fund-size/"])
def test_a_right_to_left_original_has_no_accessibility_violation(browser, rtl_url, path, width):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(rtl_url + path)
    arabic = page.locator("#original-text" if path.startswith("sources") else "p.quote-original q")
    assert arabic.get_attribute("lang") == "ar" and arabic.get_attribute("dir") == "rtl"
    assert ARABIC_QUOTE in arabic.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    found = Axe().run(page).response["violations"]
    page.close()
    assert not found, [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in found]
