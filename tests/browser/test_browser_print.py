"""Landing and print, as the browser applies the stylesheet: a passage reached by its
fragment sits below the top edge and is marked; on paper the page says its own address,
drops the site's navigation and prints the address of links to originals only."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def after(link) -> str:
    return link.evaluate("a => getComputedStyle(a, '::after').content")


def test_print_shows_the_page_address_and_drops_navigation(page, site_url, kinds):
    page.goto(site_url + kinds["claim"])
    assert not page.locator(".print-url").is_visible(), "the printed address is for paper, not the screen"
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    assert not page.locator(".site-footer .footer-links").is_visible()
    line = page.locator(".print-url")
    assert line.is_visible()
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical in line.inner_text()
    external = page.locator('main a[href^="http"]').first
    assert after(external) == f'" ({external.get_attribute("href")})"', "a link to an original prints its address"
    internal = page.locator('main a:not([href^="http"]):not([href^="#"])').first
    assert after(internal) in ("none", "normal"), "a link inside the site has no address worth printing"


def test_a_fragment_target_lands_below_the_top_edge_and_is_marked(page, site_url, kinds):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + kinds["claim"])
    ident = page.locator("main [id]").evaluate_all(
        "es => es.map(e => e.id).filter(i => document.getElementById(i).getBoundingClientRect().top > 900)")[0]
    page.goto(site_url + kinds["claim"] + "#" + ident)
    target = page.locator(f"[id='{ident}']")
    top = target.evaluate("e => e.getBoundingClientRect().top")
    assert top >= 16, f"the target sits flush against the top edge ({top:.0f} px)"
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    assert re.match(r"\d", target.evaluate("e => getComputedStyle(e).outlineWidth"))
