#!/usr/bin/env python3
"""Refresh docs/screenshots/: build content/, serve it on 127.0.0.1 and photograph the top
of every page kind at 1280 px and 390 px in Debian's Chromium, as tests/browser does.

    .venv/bin/python scripts/screenshots.py [--dark]

--dark photographs the dark colour scheme into docs/screenshots/dark/ instead.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests" / "browser")]

import harness  # noqa: E402  (tests/browser/harness.py, shared with the browser tests)

MAX_HEIGHT = 1600  # the top of each page: enough to show it, small enough to keep in git


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--dark", action="store_true", help="the dark colour scheme, into docs/screenshots/dark/")
    dark = args.parse_args().dark
    missing = harness.browser_missing()
    if missing:
        print(f"cannot take screenshots: {missing}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright
    target = REPO / "docs" / "screenshots" / ("dark" if dark else "")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        site = harness.build(REPO / "content", Path(tmp) / "site")
        browser = playwright.chromium.launch(**harness.launch_args())
        with harness.serve(site) as url:
            shots = harness.screenshot_all(browser, url, harness.page_kinds(site), target,
                                           "dark" if dark else "light", harness.search_example(site), MAX_HEIGHT)
        browser.close()
    print(f"wrote {len(shots)} screenshots to {target.relative_to(REPO)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
