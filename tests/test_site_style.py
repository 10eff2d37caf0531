"""WCAG 2.1 AA contrast, computed from the stylesheet's own colours in light and dark mode:
4.5:1 for text, 3:1 for focus rings and chart bars. A colour change that fails a reader
fails this test."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parent.parent / "templates" / "static" / "style.css").read_text(encoding="utf-8")
_VAR = re.compile(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\b")

TEXT = [  # (text colour, background): every pairing the stylesheet uses for words
    *[("fg", bg) for bg in ("bg", "surface", "note-bg", "corr-bg", "mark", "mark-strong")],
    *[("muted", bg) for bg in ("bg", "surface", "note-bg")],
    *[("link", bg) for bg in ("bg", "surface", "note-bg", "corr-bg")],
    *[("badge-fg", f"tone-{t}") for t in ("0", "1", "2", "3", "4", "off")],
    ("bg", "fg"),    # hover/focus tips, the current ordering and page
    ("bg", "link"),  # buttons
]
GRAPHICS = [("focus", "bg"), ("focus", "surface"), ("bar", "bg"), ("bar-others", "bg"), ("corr-line", "corr-bg")]


def palette(block: str) -> dict[str, str]:
    return {name: value for name, value in _VAR.findall(block)}


def schemes() -> dict[str, dict[str, str]]:
    light = palette(CSS.split("@media (prefers-color-scheme: dark)")[0].split(":root", 1)[1].split("}", 1)[0])
    dark_block = CSS.split("@media (prefers-color-scheme: dark)")[1].split("}", 2)[0]
    return {"light": light, "dark": {**light, **palette(dark_block)}}


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("pair", TEXT, ids=lambda p: f"{p[0]}-on-{p[1]}")
def test_text_colours_meet_aa(scheme, pair):
    colours = schemes()[scheme]
    fg, bg = colours[pair[0]], colours[pair[1]]
    assert contrast(fg, bg) >= 4.5, f"{scheme}: --{pair[0]} {fg} on --{pair[1]} {bg} is {contrast(fg, bg):.2f}:1"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("pair", GRAPHICS, ids=lambda p: f"{p[0]}-on-{p[1]}")
def test_focus_rings_and_bars_meet_aa_for_graphics(scheme, pair):
    colours = schemes()[scheme]
    fg, bg = colours[pair[0]], colours[pair[1]]
    assert contrast(fg, bg) >= 3.0, f"{scheme}: --{pair[0]} {fg} on --{pair[1]} {bg} is {contrast(fg, bg):.2f}:1"


def test_dark_mode_redefines_the_colours():
    light, dark = schemes()["light"], schemes()["dark"]
    assert light["bg"] != dark["bg"] and light["fg"] != dark["fg"]


def test_there_is_a_print_stylesheet_and_a_visible_focus():
    assert "@media print" in CSS
    assert re.search(r":focus-visible\s*\{[^}]*outline:\s*3px solid var\(--focus\)", CSS)
