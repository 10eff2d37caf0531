"""Quote by selecting, in a real browser against `build.py serve`: selecting words of a
source page opens a panel inside a phone's viewport with the passage as YAML (a prefix only
for words that occur twice), reachable and closable from the keyboard; adding it to a claim
writes the claim's file (its comments kept) and the rebuilt claim page shows the passage."""
from __future__ import annotations

import http.server
import threading

import pytest
from playwright.sync_api import expect

from serving import Server

pytestmark = pytest.mark.browser
WAIT_MS = 30_000
COMMENT = "# Kept: an editor's note on this claim's coverage.\n"

SELECT = """([needle, nth]) => {
  const walker = document.createTreeWalker(document.getElementById("article-text"), NodeFilter.SHOW_TEXT);
  let seen = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest("sup.cite, span.side, span.anchor, span.cut")) continue;  // the page's own notes
    let at = node.data.indexOf(needle);
    while (at !== -1) {
      if (seen++ === nth) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        return true;
      }
      at = node.data.indexOf(needle, at + 1);
    }
  }
  return false;
}"""


@pytest.fixture
def preview(sample_content, tmp_path):
    claim = sample_content / "claims" / "attack-not-inevitable.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("coverage:\n", "coverage:\n" + COMMENT), encoding="utf-8")
    running = Server(tmp_path)
    yield running
    running.stop()


def select(page, words: str, nth: int = 0) -> None:
    assert page.evaluate(SELECT, [words, nth]), words
    page.locator("#article-text").dispatch_event("mouseup")


def test_selected_words_open_a_panel_inside_a_phone_screen_with_the_passage(page, preview):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(preview.url + "sources/daily-report/")
    expect(page.locator("#quote-matches-h")).to_have_text("Claims this article may repeat (preview only)")
    select(page, "The plan is secret")  # also at the start of the last paragraph
    panel = page.locator(".quote-panel")
    expect(panel).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".quote-yaml")).to_have_value('- quote: "The plan is secret"\n  prefix: "fronts."\n')
    expect(page.locator(".quote-panel-title")).to_be_focused()
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(".quote-panel button", has_text="Copy")).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()

    page.evaluate("getSelection().removeAllRanges()")
    page.locator("#article-text mark").first.focus()  # the keyboard's way: Shift+arrows, then Shift released
    assert page.evaluate(SELECT, ["Ministers agreed", 0])
    page.keyboard.press("Shift")
    expect(panel).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".quote-yaml")).to_have_value('- quote: "Ministers agreed"\n')


def test_adding_the_passage_writes_the_claim_and_the_rebuilt_page_shows_it(page, preview, sample_content):
    page.goto(preview.url + "sources/daily-report/")
    expect(page.locator("html[data-sidelight-preview=live]")).to_have_count(1, timeout=WAIT_MS)
    select(page, "Ministers agreed on Thursday")
    expect(page.locator(".quote-yaml")).to_have_value('- quote: "Ministers agreed on Thursday"\n', timeout=WAIT_MS)
    page.locator("#quote-claim").select_option("attack-not-inevitable")
    expect(page.locator(".quote-rating")).to_be_hidden()  # the claim cites this article already
    page.locator(".quote-add").click()
    expect(page.locator(".quote-status")).to_contain_text("Added to content/claims/attack-not-inevitable.yaml, line",
                                                          timeout=WAIT_MS)
    text = (sample_content / "claims" / "attack-not-inevitable.yaml").read_text(encoding="utf-8")
    assert COMMENT in text and '      - quote: "Ministers agreed on Thursday"\n' in text

    page.goto(preview.url + "claims/attack-not-inevitable/")
    quoted = page.locator("figure.quote mark", has_text="Ministers agreed on Thursday")
    for _ in range(3):  # the rebuild may still be running: the tab reloads when it is done
        if quoted.count():
            break
        page.wait_for_timeout(2000)
        page.reload()
    expect(quoted).to_have_count(1, timeout=WAIT_MS)


class Elsewhere(http.server.BaseHTTPRequestHandler):
    """A page of another site on this machine: another port is another origin."""

    def do_GET(self):
        body = b"<!doctype html><title>elsewhere</title><p>elsewhere</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def elsewhere():
    server = http.server.HTTPServer(("127.0.0.1", 0), Elsewhere)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_post_from_another_origin_is_refused_and_writes_nothing(page, preview, sample_content, elsewhere):
    claim = sample_content / "claims" / "attack-not-inevitable.yaml"
    before = claim.read_bytes()
    page.goto(preview.url + "sources/daily-report/")
    token = page.locator('meta[name="sidelight-quote-token"]').get_attribute("content")
    page.goto(elsewhere + "/")
    with page.expect_response(lambda r: r.url.endswith("/_sidelight/quote/add"), timeout=WAIT_MS) as answer:
        page.evaluate(
            """([url, token]) => fetch(url, {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"},
                 body: JSON.stringify({token, source: "daily-report", claim: "attack-not-inevitable",
                 passage: {quote: "Ministers agreed"}})}).catch(() => null)""",
            [preview.url + "_sidelight/quote/add", token],
        )
    assert answer.value.status == 403  # its reason is in tests/test_serve_quote.py: an opaque answer has no body here
    assert claim.read_bytes() == before
