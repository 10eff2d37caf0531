"""Browser tests: the real content built once per session, served on 127.0.0.1, driven by
Debian's Chromium through Playwright (pytest-playwright's `browser` and `page`).

Without Chromium these tests skip, saying why; with SIDELIGHT_REQUIRE_BROWSER=1 (CI
sets it) they fail instead, so a CI machine without a browser can never pass them.
Run only them with `pytest -m browser`, or everything else with `-m "not browser"`.
"""
from __future__ import annotations

import os

import pytest

import harness

REQUIRE_BROWSER = os.environ.get("SIDELIGHT_REQUIRE_BROWSER", "") not in ("", "0")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at Debian's Chromium."""
    missing = harness.browser_missing()
    if missing and REQUIRE_BROWSER:
        pytest.fail(f"SIDELIGHT_REQUIRE_BROWSER is set, but there is {missing}", pytrace=False)
    if missing:
        pytest.skip(f"browser tests need Chromium: {missing}")
    return {**browser_type_launch_args, **harness.launch_args()}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """content/ built once for the whole browser session."""
    return harness.build(harness.REPO / "content", tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="session")
def site_url(built_site):
    with harness.serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def kinds(built_site) -> dict[str, str]:
    """One path of every page kind (home, claim, source, outlet, topic, matrix, glossary,
    search, 404), relative to `site_url`."""
    return harness.page_kinds(built_site)
