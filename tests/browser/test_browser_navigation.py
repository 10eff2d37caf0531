"""A reader's way through the site in a real browser: from the home page to a claim, from
its quoted passage to the highlighted words in our copy of the article, and from a claim
to the comparison matrix and an outlet page and back."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# A link from a quote to its place in our copy (it should read sources/<id>/#<passage>).
PASSAGE_LINK = "main figure.quote a[href*='sources/']"


def open_first_claim(page, site_url):
    page.goto(site_url)
    claim = page.locator("main a[href*='claims/']:not([href$='claims/'])").first
    name = claim.inner_text().strip()
    claim.click()
    expect(page).to_have_url(re.compile(r"/claims/[^/]+/$"))
    return name


def test_home_to_claim_to_the_highlighted_passage_in_the_source(page, site_url):
    name = open_first_claim(page, site_url)
    expect(page.locator("h1")).to_contain_text(name.strip("“”"))
    quoted = page.locator(PASSAGE_LINK).first
    words = quoted.locator("xpath=ancestor::figure").locator("blockquote mark").first.inner_text()
    href = quoted.get_attribute("href")
    assert "#" in href, f"the passage link {href} does not lead to the passage"
    fragment = href.split("#", 1)[1]
    quoted.click()

    expect(page).to_have_url(re.compile(rf"/sources/[^/]+/#{re.escape(fragment)}$"))
    target = page.locator(":target")
    expect(target).to_have_count(1)
    expect(target).to_have_attribute("id", fragment)
    assert target.evaluate("el => el.tagName") == "MARK", "the link must lead to the highlighted words"
    expect(target).to_be_in_viewport()
    # The words are those the claim page quoted (the mark may hold only part of an overlap).
    assert target.inner_text().strip() and target.inner_text().strip().split()[0] in words
    # A keyboard user continues from the passage: Tab moves on from it, not from the top.
    page.keyboard.press("Tab")
    after = page.evaluate("document.activeElement.compareDocumentPosition(document.querySelector(':target'))")
    assert after & 2, "focus should continue after the highlighted passage"  # DOCUMENT_POSITION_PRECEDING


def test_from_a_claim_the_matrix_and_an_outlet_are_reachable_and_back(page, site_url):
    open_first_claim(page, site_url)
    claim_url = page.url
    claim_path = claim_url.split("/claims/", 1)[1]

    page.get_by_role("navigation", name="Site").get_by_role("link", name="Matrix").click()
    expect(page).to_have_url(re.compile(r"/matrix/$"))
    row = page.locator(f"table a[href$='claims/{claim_path}']")
    expect(row.first).to_be_visible()
    page.go_back()
    expect(page).to_have_url(claim_url)

    outlet = page.locator("main a[href*='outlets/']").first
    outlet_name = outlet.inner_text().strip()
    outlet.click()
    expect(page).to_have_url(re.compile(r"/outlets/[^/]+/$"))
    expect(page.locator("h1")).to_contain_text(outlet_name)
    page.go_back()
    expect(page).to_have_url(claim_url)

    page.goto(site_url + "matrix/")
    page.locator(f"table a[href$='claims/{claim_path}']").first.click()
    expect(page).to_have_url(claim_url)
