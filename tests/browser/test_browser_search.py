"""Search in a real browser: the header's box on every page leads to the search page,
which finds a claim by the words an outlet used, shows its rating and the matching
passage, and narrows results with filters; without JavaScript it says so and offers
the indexes instead."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RESULT = "#search-results .search-result"


def quoted_phrase(page) -> str:
    """Five words an outlet used, as the claim page quotes them."""
    words = re.findall(r"[\w’'-]+", page.locator("main figure.quote blockquote mark").first.inner_text())
    assert len(words) >= 3, "the first quoted passage is too short to search for"
    return " ".join(words[:5])


def search_from_header(page, phrase: str) -> None:
    page.get_by_role("search").first.get_by_role("searchbox").fill(phrase)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.locator("#search-status")).to_contain_text("result")


def result_paths(page) -> list[str]:
    return [urlsplit(href).path for href in page.locator(f"{RESULT} h2 a").evaluate_all("as => as.map(a => a.href)")]


def settled(page) -> None:
    """Wait until results are on screen and none is an article: the status line can change
    ("Searching…") a moment before the filtered results replace the old ones."""
    expect(page.locator(RESULT).first).to_be_visible()
    expect(page.locator(f"{RESULT} .result-kind", has_text=re.compile(r"^Article"))).to_have_count(0)


def test_a_phrase_from_a_passage_finds_its_claim_with_rating_and_passage(page, site_url, kinds):
    page.goto(site_url + kinds["claim"])
    phrase = quoted_phrase(page)
    rating = page.locator("main .verdict .rating").first.inner_text().replace("Rating:", "").strip()
    search_from_header(page, phrase)

    assert parse_qs(urlsplit(page.url).query)["q"] == [phrase]
    expect(page.locator("#search-q")).to_have_value(phrase)
    paths = result_paths(page)
    assert "/" + kinds["claim"] in paths, f"searching “{phrase}” did not find its claim: {paths}"
    hit = page.locator(RESULT).nth(paths.index("/" + kinds["claim"]))
    expect(hit.locator(".result-rating .rating")).to_have_text(rating)
    marked = " ".join(hit.locator(".result-excerpt mark").all_inner_texts()).lower()
    assert phrase.split()[0].lower().strip("’'") in marked, "the excerpt must show the matching words"


def test_a_filter_narrows_the_results(page, site_url, kinds):
    page.goto(site_url + kinds["claim"])
    phrase = quoted_phrase(page)
    page.goto(site_url + "search/?q=" + phrase)
    expect(page.locator(RESULT).first).to_be_visible()
    kinds_shown = {t.split(" · ")[0] for t in page.locator(f"{RESULT} .result-kind").all_inner_texts()}
    assert kinds_shown == {"Claim", "Article"}, "a quoted phrase is in the claim and in the article"
    before = page.locator("#search-status").inner_text()

    page.locator("#search-filters").get_by_role("checkbox", name=re.compile(r"^Claims")).check()
    expect(page.locator("#search-status")).not_to_have_text(before)
    settled(page)
    assert {t.split(" · ")[0] for t in page.locator(f"{RESULT} .result-kind").all_inner_texts()} == {"Claim"}
    assert parse_qs(urlsplit(page.url).query)["type"] == ["Claims"], "the filter belongs in the address"
    assert "/" + kinds["claim"] in result_paths(page)

    page.reload()  # the address alone restores query and filter
    expect(page.locator("#search-filters").get_by_role("checkbox", name=re.compile(r"^Claims"))).to_be_checked()
    settled(page)
    assert {t.split(" · ")[0] for t in page.locator(f"{RESULT} .result-kind").all_inner_texts()} == {"Claim"}


def test_a_rating_filter_alone_lists_claims_with_that_rating(page, site_url, kinds):
    page.goto(site_url + kinds["claim"])
    rating = page.locator("main .verdict .rating").first.inner_text().replace("Rating:", "").strip()
    page.goto(site_url + "search/")
    page.locator("fieldset[data-filter='rating']").get_by_role("checkbox", name=re.compile("^" + re.escape(rating) + " ")).check()
    expect(page.locator(RESULT).first).to_be_visible()
    ratings = set(page.locator(f"{RESULT} .result-rating .rating").all_inner_texts())
    assert ratings == {rating}
    assert "/" + kinds["claim"] in result_paths(page) or page.locator("#search-more").is_visible()


def test_without_javascript_the_form_still_leads_to_the_search_page(browser, site_url, kinds):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + kinds["claim"])
    search_box = page.get_by_role("search").first.get_by_role("searchbox")
    search_box.fill("Lavrov")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=Lavrov$"))
    # innerText: what is rendered (Playwright's plain text skips <noscript> altogether).
    expect(page.locator("main")).to_contain_text("needs JavaScript", use_inner_text=True)
    expect(page.locator("#search-failed")).to_be_hidden()
    browse = page.get_by_role("navigation", name="Browse instead")
    for section in ("claims/", "topics/", "outlets/", "sources/"):
        expect(browse.locator(f"a[href$='{section}']")).to_have_count(1)
    context.close()


@pytest.mark.parametrize("missing", ["**/pagefind/shards.json", "**/pagefind/*/pagefind.js"])
def test_when_the_index_cannot_load_the_page_says_so(page, site_url, missing):
    page.route(missing, lambda route: route.abort())
    page.goto(site_url + "search/?q=Lavrov")
    expect(page.locator("#search-failed")).to_be_visible()
    expect(page.get_by_role("navigation", name="Browse instead").get_by_role("link").first).to_be_visible()
    # With JavaScript on, the <noscript> note is not shown.
    assert "needs JavaScript" not in page.locator("main").inner_text()


@pytest.mark.parametrize("query, title", [("better and better plans", "better and better plans"),
                                          ("Lavrov", "Lavrov"), ("€1 billion", "1 billion")])
def test_readers_find_claims_by_what_they_remember(page, site_url, query, title):
    """The searches the issue names: a quoted phrase, a name, a sum with its currency sign."""
    page.goto(site_url + "search/?q=" + query)
    expect(page.locator("#search-status")).to_contain_text("result")
    top = page.locator(f"{RESULT} h2").all_inner_texts()[:3]
    assert any(title.lower() in t.lower() for t in top), f"“{query}” → {top}"


def test_search_works_when_the_site_is_served_under_a_sub_path(page, built_site, kinds):
    """Links are relative, and result addresses are made from where the index was found."""
    from harness import serve
    with serve(built_site, prefix="/mirror/fact-checks/") as url:
        page.goto(url + kinds["claim"])
        search_from_header(page, quoted_phrase(page))
        assert page.url.startswith(url + "search/")
        page.locator(f"{RESULT} h2 a").first.click()
        expect(page).to_have_url(re.compile(r"/mirror/fact-checks/(claims|sources)/[^/]+/$"))
        expect(page.locator("main h1")).not_to_have_text("Page not found")
