"""A claim page at a glance, measured in the browser. At 1280×800, on every claim page of
the shipped content, each outlet's row in the comparison strip (its name and its fidelity
and stance, or "Left out") lies inside the first screen; at 390 px no claim page scrolls
sideways and each outlet's quoted words wrap across the screen. The verdict meter reads
without colour: a screenshot of each rating's meter, passed through the deuteranopia and
protanopia matrices (Machado et al. 2009, severity 1), still shows its filled position
where the rating sits on the scale, a different one for each of the five ratings; and the
five rating badges, their words taken out, still show five different glyphs (decoded
here without an imaging library: a PNG is zlib data)."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from checks import OVERFLOW, OVERFLOWING
from harness import WIDTHS

pytestmark = pytest.mark.browser

SIMULATIONS = {
    "deuteranopia": ((0.367, 0.861, -0.228), (0.280, 0.673, 0.047), (-0.012, 0.043, 0.969)),
    "protanopia": ((0.152, 1.053, -0.205), (0.115, 0.786, 0.099), (-0.004, -0.048, 1.052)),
}


def claim_paths(site: Path) -> list[str]:
    return [f"claims/{p.parent.name}/" for p in sorted((site / "claims").glob("*/index.html"))
            if p.parent.name != "page"]


def test_every_outlet_and_its_label_are_on_the_first_screen(browser, built_site, site_url):
    context = browser.new_context(viewport={"width": WIDTHS["wide"], "height": 800})
    page = context.new_page()
    late = []
    for path in claim_paths(built_site):
        page.goto(site_url + path)
        rows = page.locator("main .strip-table tbody tr").all()
        cards = page.locator("main .columns > .column").count() + page.locator("main .omissions li").count()
        assert len(rows) == cards, f"{path}: {len(rows)} strip rows for {cards} outlets"
        for row in rows:
            for cell in row.locator("th, td:not(.strip-words)").all():
                box = cell.bounding_box()
                if box is None or box["y"] + box["height"] > 800:
                    late.append(f"{path}: {cell.inner_text()!r} at {box}")
    context.close()
    assert not late, "below the first screen at 1280×800:\n" + "\n".join(late)


def test_no_claim_page_scrolls_sideways_on_a_phone(browser, built_site, site_url):
    context = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 844}, has_touch=True)
    page = context.new_page()
    wide = []
    for path in claim_paths(built_site):
        page.goto(site_url + path)
        if page.evaluate(OVERFLOW) > 0:
            wide.append(f"{path}: {page.evaluate(OVERFLOWING)}")
        for cell in page.locator("main .strip-words").all():  # the words wrap, none cut off
            box, fits = cell.bounding_box(), cell.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1")
            if box["width"] < WIDTHS["phone"] / 2 or box["height"] > 200 or not fits:
                wide.append(f"{path}: quoted words squeezed into {box}")
    context.close()
    assert not wide, "wider than a 390 px phone:\n" + "\n".join(wide)


def test_the_meter_shows_each_rating_without_colour(browser, built_site, site_url):
    """One claim page per rating on the scale; its meter's darkest fifth, after each
    simulation, is the rating's own position, and the five ratings fill five positions."""
    context = browser.new_context(viewport={"width": WIDTHS["wide"], "height": 800})
    page = context.new_page()
    seen: dict[str, int] = {}
    for path in claim_paths(built_site):
        page.goto(site_url + path)
        current = page.locator("main .verdict .meter-pos.on")
        if current.count() == 0:
            continue
        label = current.inner_text().strip()
        if label in seen:
            continue
        position = page.locator("main .verdict .meter-pos").all_inner_texts().index(label)
        shot = page.locator("main .verdict .meter-scale").screenshot()
        for name, matrix in SIMULATIONS.items():
            assert filled_fifth(simulate(decode_png(shot), matrix)) == position, (path, label, name)
        seen[label] = position
    context.close()
    assert len(seen) == 5 and sorted(seen.values()) == [0, 1, 2, 3, 4], seen


def test_the_rating_badges_differ_without_colour(browser, site_url):
    """The home page's badge of every rating on the scale, its words taken out so that only
    its non-colour cue is left: after each simulation the glyph still stands out from the
    badge, and the five glyphs differ pairwise in shape (a third of their ink or more)."""
    context = browser.new_context(viewport={"width": WIDTHS["wide"], "height": 800}, device_scale_factor=2)
    page = context.new_page()
    page.goto(site_url)
    badges = page.locator("main .verdict-counts .rating")
    cues: dict[str, str] = {}
    shapes: dict[str, dict[str, set[tuple[int, int]]]] = {name: {} for name in SIMULATIONS}
    for i in range(badges.count()):
        badge = badges.nth(i)
        tone = next(c for c in badge.get_attribute("class").split() if c.startswith("tone-"))
        if tone == "tone-off":
            continue
        label = " ".join(badge.inner_text().split())
        cues[label] = badge.evaluate("(el) => getComputedStyle(el, '::before').content")
        badge.evaluate("(el) => { el.innerHTML = ''; }")  # the words go; the badge and its ::before stay
        shot = decode_png(badge.screenshot())
        for name, matrix in SIMULATIONS.items():
            shapes[name][label] = ink(simulate(shot, matrix), label, name)
    context.close()
    assert len(cues) == 5, f"five ratings on the scale, found {sorted(cues)}"
    assert len(set(cues.values())) == 5 and "none" not in cues.values(), cues
    for name, glyphs in shapes.items():
        labels = sorted(glyphs)
        for a in labels:
            for b in labels[labels.index(a) + 1:]:
                assert unlike(glyphs[a], glyphs[b]) >= 1 / 3, f"{a} and {b} look alike under {name}"


def ink(lightness: list[list[float]], label: str, name: str) -> set[tuple[int, int]]:
    """The glyph's pixels (lighter than halfway between the badge's darkest and lightest),
    moved to start at (0, 0); the glyph must stand out (a lightness gap of 100 or more)."""
    flat = [v for row in lightness for v in row]
    low, high = min(flat), max(flat)
    assert high - low >= 100, f"{label}: the glyph hardly stands out under {name} ({low:.0f}–{high:.0f})"
    cut = (low + high) / 2
    points = {(x, y) for y, row in enumerate(lightness) for x, v in enumerate(row) if v > cut}
    assert points, f"{label}: no glyph under {name}"
    left, top = min(x for x, _ in points), min(y for _, y in points)
    return {(x - left, y - top) for x, y in points}


def unlike(a: set, b: set) -> float:
    """The share of the two glyphs' ink that is not common to both (0 alike … 1 disjoint)."""
    return len(a ^ b) / len(a | b)


def decode_png(data: bytes) -> list[list[tuple[int, int, int]]]:
    """Rows of RGB pixels of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes)."""
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        header = body if kind == b"IHDR" else header
        chunks += [body] if kind == b"IDAT" else []
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), "only 8-bit RGB(A) screenshots are decoded"
    step = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * step
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        unfilter(kind, line, prev, step)
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, step)])
        prev = line
    return rows


def unfilter(kind: int, line: bytearray, prev: bytearray, step: int) -> None:
    for i in range(len(line)):
        a = line[i - step] if i >= step else 0
        b, c = prev[i], prev[i - step] if i >= step else 0
        if kind == 1:
            line[i] = (line[i] + a) & 255
        elif kind == 2:
            line[i] = (line[i] + b) & 255
        elif kind == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255


def simulate(rows, matrix) -> list[list[float]]:
    """Each pixel as the simulated viewer sees it, reduced to its lightness (0 dark … 255)."""
    def seen(px):
        r, g, b = (sum(m * v for m, v in zip(line, px)) for line in matrix)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    return [[seen(px) for px in row] for row in rows]


def filled_fifth(lightness: list[list[float]]) -> int:
    """Which fifth of the meter's width holds the most dark ink (the filled bar)."""
    width = len(lightness[0])
    ink = [0.0] * 5
    for row in lightness:
        for x, value in enumerate(row):
            ink[min(4, x * 5 // width)] += max(0.0, 255 - value)
    return ink.index(max(ink))
