"""The preview in a real browser: the page's strict Content-Security-Policy lets the reload
script run (it is widened at serve time only), an edit reloads the open tab, a broken file
replaces the page with its errors and fixing it brings the page back."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from edits import replace_in
from serving import Server

pytestmark = pytest.mark.browser
WAIT_MS = 30_000


@pytest.fixture
def preview(sample_content, tmp_path):
    running = Server(tmp_path)
    yield running
    running.stop()


def test_the_open_tab_follows_edits_errors_and_fixes(page, preview, sample_content):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(preview.url + "claims/fund-size/")
    heading = page.locator("h1")
    expect(heading).to_contain_text("€1 billion")
    expect(page.locator("html[data-sidelight-preview=live]")).to_have_count(1, timeout=WAIT_MS)

    claim = sample_content / "claims" / "fund-size.yaml"
    replace_in(claim, "The innovation fund will have €1 billion.", "The innovation fund will have €2 billion.")
    expect(heading).to_contain_text("€2 billion", timeout=WAIT_MS)

    replace_in(claim, "rating: accurate", "rating: acurate")
    expect(heading).to_contain_text("The site was not rebuilt: 1 error", timeout=WAIT_MS)
    expect(page.locator(".problem .where")).to_contain_text("content/claims/fund-size.yaml:7:9")
    expect(page.locator(".problem .message")).to_contain_text("unknown rating `acurate`")

    replace_in(claim, "rating: acurate", "rating: accurate")
    expect(heading).to_contain_text("€2 billion", timeout=WAIT_MS)
    assert refused == [], refused
