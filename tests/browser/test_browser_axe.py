"""axe-core (axe-playwright-python) on every page kind, in light and dark mode: no
violation of impact serious or critical, and no moderate or minor one unless it is
listed in ACCEPTED with the reason. docs/accessibility.md records what the scans found."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

KINDS = ("home", "claim", "source", "outlet", "topic", "matrix", "glossary", "search", "404")
BLOCKING = {"serious", "critical"}
# rule id -> why a moderate or minor violation is accepted. Empty: the scans find none.
ACCEPTED: dict[str, str] = {}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def violations(axe, page) -> list[dict]:
    found = axe.run(page).response["violations"]
    return [{"rule": v["id"], "impact": v["impact"], "help": v["help"],
             "where": [n["target"] for n in v["nodes"][:3]], "count": len(v["nodes"])} for v in found]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_accessibility_violations(browser, axe, site_url, kinds, kind, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + kinds[kind] + ("?q=Lavrov" if kind == "search" else ""))
    if kind == "search":  # scan the page as a reader sees it: results and filters drawn
        page.locator("#search-results li").first.wait_for()
    found = violations(axe, page)
    context.close()
    assert not [v for v in found if v["impact"] in BLOCKING], found
    assert not [v for v in found if v["rule"] not in ACCEPTED], found


def test_axe_sees_a_violation_when_there_is_one(browser, axe, site_url, kinds):
    """The scan above can fail: a link emptied of its text is reported as serious."""
    page = browser.new_page()
    page.goto(site_url + kinds["claim"])
    page.evaluate("document.querySelector('main a').textContent = ''")
    found = violations(axe, page)
    page.close()
    assert any(v["rule"] == "link-name" and v["impact"] in BLOCKING for v in found), found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations_with_a_source_marks_panel_open(browser, axe, site_url, kinds, scheme):
    """The panel a tapped mark opens (static/marks.js) is scanned too, on a phone."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(site_url + kinds["source"])
    page.locator("mark.passage").first.tap()
    page.locator(".mark-panel li a").first.wait_for()
    found = violations(axe, page)
    context.close()
    assert not [v for v in found if v["impact"] in BLOCKING], found
    assert not [v for v in found if v["rule"] not in ACCEPTED], found
