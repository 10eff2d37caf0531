"""The comparison matrix as a reader scrolls it: its header row and claim column stay in
view both ways; its cells read as treatments, not as plain links; and its view "where
outlets differ" lists exactly the claims that two or more outlets rendered differently."""
from __future__ import annotations

import harness
import pytest

from sidelight.build import pipeline

pytestmark = pytest.mark.browser


def inside(box: dict, frame: dict) -> bool:
    return (box["x"] >= frame["x"] - 1 and box["y"] >= frame["y"] - 1
            and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
            and box["y"] + box["height"] <= frame["y"] + frame["height"] + 1)


def test_header_and_claim_column_stay_visible_while_scrolling_both_ways(page, site_url, kinds):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + kinds["matrix"])
    wrap = page.locator("main .table-wrap")
    wrap.scroll_into_view_if_needed()
    box = wrap.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"], 800 - box["y"]) / 2)
    for _ in range(6):
        page.mouse.wheel(0, 400)
    page.mouse.wheel(600, 0)
    page.wait_for_timeout(300)
    scrolled = wrap.evaluate("w => [w.scrollTop, w.scrollLeft, w.scrollWidth > w.clientWidth]")
    assert scrolled[0] > 300, "the matrix must scroll down inside its wrapper"
    if scrolled[2]:
        assert scrolled[1] > 0, "a matrix wider than the screen must scroll sideways"
    frame = wrap.bounding_box()
    top, bottom = max(frame["y"], 0), min(frame["y"] + frame["height"], 800)
    visible = {"x": max(frame["x"], 0), "y": top, "width": min(frame["width"], 1280), "height": bottom - top}
    corner = page.locator("main .grid thead th").first.bounding_box()
    assert inside(corner, visible), f"the header's first cell left the view: {corner} not in {visible}"
    headers = page.locator("main .grid thead th").all()
    seen = [h.bounding_box() for h in headers]
    assert any(inside(b, visible) for b in seen[1:]), "no outlet header is visible after scrolling"
    for b in seen:
        assert visible["y"] - 1 <= b["y"] <= visible["y"] + corner["height"] + 1, "the header row must stick at the top"
    rows = page.locator("main .grid tbody th").all()
    in_view = [r.bounding_box() for r in rows if r.bounding_box()["y"] > corner["y"] + corner["height"]
               and r.bounding_box()["y"] < visible["y"] + visible["height"]]
    assert in_view, "no claim is in view after scrolling down"
    for b in in_view:
        assert abs(b["x"] - visible["x"]) <= 2, f"the claim column must stick at the left: {b}"


def test_cells_are_not_plain_links(page, site_url, kinds):
    page.goto(site_url + kinds["matrix"])
    colour = page.locator("main .grid .cell-entry").first.evaluate("e => getComputedStyle(e).color")
    body = page.evaluate("getComputedStyle(document.body).color")
    link = page.locator("main .lead a").first.evaluate("e => getComputedStyle(e).color")
    assert colour == body and colour != link, "a cell must not look like a plain blue link"
    styles = {e.evaluate("e => getComputedStyle(e).borderLeftStyle")
              for e in page.locator("main .grid .cell-entry").all()}
    assert len(styles) >= 2, f"faithful and changed renderings must differ by shape, not colour: {styles}"


def differ(claim) -> bool:
    return (len({c.outlet for c in claim.coverage}) >= 2
            and len({(c.fidelity, c.stance) for c in claim.coverage}) >= 2)


def test_the_differ_view_lists_exactly_the_claims_where_outlets_differ(page, site_url, kinds):
    site = pipeline.check(harness.REPO / "content").site
    expected = {c.id for c in site.claims.values() if differ(c)}
    assert expected and len(expected) < len(site.claims), "the content must have claims of both kinds"
    page.goto(site_url + kinds["matrix"])
    page.get_by_role("link", name="Show only the claims where outlets differ").click()
    shown = set()
    while True:
        hrefs = page.locator("main .grid tbody th > a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        shown |= {h.rstrip("/").split("/")[-1] for h in hrefs}
        nxt = page.locator("main .pager a[rel=next]")
        if not nxt.count():
            break
        nxt.first.click()
    assert shown == expected
    assert page.locator("h1").inner_text() == "Where outlets differ"
