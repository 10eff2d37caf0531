"""Screenshots of every page kind at 1280 px and 390 px, saved under the test's temporary
folder for a person to look at (the path is printed with -s or on failure);
scripts/screenshots.py refreshes the copies in docs/screenshots/ the same way."""
from __future__ import annotations

import struct

import pytest

from harness import WIDTHS, screenshot_all, search_example

pytestmark = pytest.mark.browser


def png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">I", data[16:20])[0]


def test_every_page_kind_is_photographed_at_both_widths(browser, site_url, kinds, built_site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("screenshots")
    shots = screenshot_all(browser, site_url, kinds, folder, query=search_example(built_site))
    print(f"screenshots: {folder}")
    assert {p.name for p in shots} == {f"{k}-{w}.png" for k in kinds for w in WIDTHS.values()}
    for shot in shots:
        width = int(shot.stem.rsplit("-", 1)[1])
        assert png_width(shot.read_bytes()) == width, f"{shot.name} is not {width} px wide: something overflows"
