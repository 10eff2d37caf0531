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
        assert page.locator("span.side").first.is_visible() is margin
        assert page.locator("section.cited ol li").first.is_visible()
        page.close()


SOURCES = ("sources/rt-2021-10-lavrov-suspends-mission/", "sources/kommersant-2021-10-23-nato-as-it-should-be/",
           "sources/unattributed-2021-10-22-nato-master-plan/")
NOTE_AND_PASSAGE = """els => els.map(note => {
  const mark = [...note.parentElement.querySelectorAll("mark")].find(m => note.compareDocumentPosition(m) & 4);
  const a = note.getBoundingClientRect(), b = mark.getBoundingClientRect();
  return {claim: note.querySelector("a").getAttribute("href"), top: a.top, bottom: a.bottom, mark: b.top};
})"""


@pytest.mark.parametrize("source", SOURCES)
def test_each_margin_note_stands_level_with_its_passage_once(browser, site_url, source):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + source)
    notes = page.eval_on_selector_all("span.side", NOTE_AND_PASSAGE)
    cited = page.locator("section.cited ol > li").count()
    assert len(notes) == cited > 0
    assert len({n["claim"] for n in notes}) == len(notes)  # no claim's note twice
    for n in notes:
        assert abs(n["top"] - n["mark"]) <= 40, n
    for a, b in zip(notes, notes[1:]):
        assert a["bottom"] <= b["top"] + 0.5, (a, b)  # none covers the next
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.close()


@pytest.mark.parametrize("source", SOURCES)
def test_a_tapped_mark_opens_a_panel_inside_a_phone_screen_linking_to_its_claim(browser, site_url, source):
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page.goto(site_url + source)
    marks = page.locator("mark.passage")
    for i in (0, marks.count() - 1):
        mark = marks.nth(i)
        mark.scroll_into_view_if_needed()
        mark.tap()
        panel = page.locator(".mark-panel")
        assert panel.is_visible()
        box = panel.bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
        claims = mark.get_attribute("data-claims").split()
        hrefs = [a.get_attribute("href") for a in panel.locator("li > a:not(.rating)").all()]
        assert sorted(h.split("/")[-2] for h in hrefs) == sorted(claims)
        panel.locator("li > a").first.tap()
        page.wait_for_url(f"**/claims/{hrefs[0].split('/')[-2]}/")
        page.go_back()
    page.close()


def test_without_javascript_a_phone_still_reaches_the_claim_from_a_mark(browser, site_url):
    page = browser.new_page(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page.goto(site_url + SOURCE)
    mark = page.locator("mark.passage").first
    mark.focus()
    tip = mark.evaluate("m => { const r = getComputedStyle(m, '::after'); return [r.position, r.left, r.right]; }")
    assert tip[0] == "fixed"  # drawn at the foot of the screen, not cut off at its edge
    link = page.locator("sup.cite:not(.cite-drift) a").first
    link.click()
    assert "/claims/" in page.url
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
