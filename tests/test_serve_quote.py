"""Quote by selecting, through the preview's own HTTP server run in this process: what the
panel is sent for a selection (the passage, with a prefix only when the words repeat), the
write into a claim file (anchored, comments kept, rebuilt), and every request refused
(another Origin, a wrong or missing token, another Host, not POST, not JSON, too long, not
from this machine), each with its reason and nothing written. A build has none of it."""
from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from serving import InProcessPreview

from sidelight.preview.quoting import MAX_BODY, QuoteDesk, Refused, Request

WAIT = 30
COMMENT = "# An editor's comment that must survive the write.\n"


class Running(InProcessPreview):
    """An in-process preview of content/ on a free port (the first build done), asked as
    the panel asks."""

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def token(self) -> str:
        status, page = self.request("GET", "/sources/daily-report/")
        assert status == 200
        meta = BeautifulSoup(page, "html.parser").find("meta", attrs={"name": "sidelight-quote-token"})
        return meta["content"]

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            sent = {"Host": f"127.0.0.1:{self.port}", "Content-Length": str(len(body))} | (headers or {})
            for name, value in sent.items():
                if value is not None:
                    conn.putheader(name, value)
            conn.endheaders(body or None)
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def ask(self, action: str, asked: dict, **changed) -> tuple[int, dict]:
        """POST as the panel does; `changed` replaces headers (None drops one)."""
        headers = {"Origin": self.origin, "Content-Type": "application/json", "X-Sidelight-Token": self.token()}
        headers |= {name.replace("_", "-"): value for name, value in changed.items()}
        status, text = self.request("POST", "/_sidelight/quote/" + action, json.dumps(asked).encode(), headers)
        return status, json.loads(text)


@pytest.fixture
def running(sample_content, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server = Running(Path("content"), Path("site"))
    yield server
    server.stop()


def paragraph(tmp_path: Path, source: str, index: int) -> str:
    """A paragraph of the built source page as the page shows it (what quote.js sends)."""
    page = BeautifulSoup((tmp_path / "site" / "sources" / source / "index.html").read_text(), "html.parser")
    p = page.select("#article-text .para > p")[index]
    for added in p.select("sup.cite, span.side, span.anchor, span.cut"):
        added.decompose()
    return p.get_text()


def selection(words: str, index: int, chosen: str, occurrence: int = 0) -> dict:
    at = -1
    for _ in range(occurrence + 1):
        at = words.index(chosen, at + 1)
    return {
        "source": "daily-report",
        "start": {"paragraph": words, "index": index, "offset": at},
        "end": {"paragraph": words, "index": index, "offset": at + len(chosen)},
    }


def test_a_selection_comes_back_as_a_passage_with_a_prefix_only_when_the_words_repeat(running, tmp_path):
    first = paragraph(tmp_path, "daily-report", 0)
    status, reply = running.ask("passage", selection(first, 0, "new plan to defend"))
    assert status == 200, reply
    assert reply["passage"] == {"quote": "new plan to defend"}
    assert reply["yaml"] == '- quote: "new plan to defend"\n'
    assert {"id": "plan-secret", "claim": "The plan is secret.", "cites": True} in reply["claims"]
    assert [t["id"] for t in reply["stances"]][:2] == ["endorses", "neutral"]

    status, reply = running.ask("passage", selection(first, 0, "The plan is secret"))  # also in paragraph 3
    assert status == 200, reply
    assert reply["passage"] == {"quote": "The plan is secret", "prefix": "fronts."}


def test_an_accepted_write_anchors_keeps_the_comments_and_the_rebuild_shows_it(running, tmp_path):
    claim = tmp_path / "content" / "claims" / "fund-size.yaml"
    claim.write_text(claim.read_text().replace("coverage:\n", "coverage:\n" + COMMENT), encoding="utf-8")
    before = claim.read_text()
    last = paragraph(tmp_path, "daily-report", 2)
    _, reply = running.ask("passage", selection(last, 2, "The plan is secret"))
    assert reply["passage"] == {"quote": "The plan is secret", "suffix": ". Officials"}
    asked = {"source": "wire-story", "claim": "fund-size", "passage": {"quote": "Ministers met on October 21-22"}}
    status, written = running.ask("add", {**asked, "fidelity": "faithful", "stance": "neutral"})
    assert status == 200, written
    after = claim.read_text()
    line = after.splitlines().index('      - quote: "Ministers met on October 21-22"') + 1
    assert written == {"written": "content/claims/fund-size.yaml", "line": line, "claim": "fund-size"}
    assert COMMENT in after and after.startswith(before.split("      - quote: The fund will have")[0])
    assert '      - quote: "Ministers met on October 21-22"\n' in after
    assert after.replace('      - quote: "Ministers met on October 21-22"\n', "") == before

    running.preview.rebuild("test")  # what the watcher does after the write
    status, served = running.request("GET", "/claims/fund-size/")
    assert status == 200
    page = BeautifulSoup(served, "html.parser")
    assert "Ministers met on October 21-22" in page.get_text()


def test_a_new_entry_left_for_the_editor_carries_todos_that_check_reports(running, tmp_path, run_cli):
    asked = {"source": "wire-story", "claim": "attack-not-inevitable", "passage": {"quote": "Nobody at the meeting"}}
    status, written = running.ask("add", asked)
    assert status == 200, written
    text = (tmp_path / "content" / "claims" / "attack-not-inevitable.yaml").read_text()
    assert "  - source: wire-story\n    # TODO fidelity:" in text and "    # TODO stance:" in text
    checked = run_cli("check")
    assert "content/claims/attack-not-inevitable.yaml" in checked.stderr and "missing `fidelity` in `coverage[" in checked.stderr
    assert "missing `stance`" in checked.stderr


def test_the_claims_an_article_repeats_come_with_their_passages(running, tmp_path):
    (tmp_path / "content" / "sources" / "echo.txt").write_text(
        "---\ntitle: Echo\noutlet: daily\nlanguage: en\n---\n"
        "Weather was mild. Officials said they did not consider an attack to be inevitable.\n",
        encoding="utf-8",
    )
    status, reply = running.ask("matches", {"source": "echo"})
    assert status == 200, reply
    assert [(m["claim"], m["basis"], m["passage"]) for m in reply["matches"]] == [
        (
            "attack-not-inevitable",
            "the claim's statement",
            {"quote": "Officials said they did not consider an attack to be inevitable."},
        )
    ]
    assert reply["matches"][0]["statement"] == "Officials said they do not consider an attack inevitable."


@pytest.mark.parametrize(
    "changed, reason",
    [
        ({"Origin": "http://evil.example"}, "does not come from this preview's own pages (Origin 'http://evil.example')"),
        ({"Origin": None}, "does not come from this preview's own pages (Origin None)"),
        ({"Origin": "http://localhost:1"}, "does not come from this preview's own pages"),
        ({"X-Sidelight-Token": "guessed"}, "the page's token is not this preview's"),
        ({"X-Sidelight-Token": None}, "the page's token is not this preview's"),
        ({"Content-Type": "text/plain"}, "must be JSON"),
        ({"Sec-Fetch-Site": "cross-site"}, "comes from another site"),
    ],
)
def test_a_write_is_refused_without_the_pages_origin_token_and_json(running, tmp_path, changed, reason):
    claim = tmp_path / "content" / "claims" / "plan-secret.yaml"
    before = claim.read_bytes()
    asked = {"source": "wire-story", "claim": "plan-secret", "passage": {"quote": "Nobody at the meeting mentioned it."}}
    status, reply = running.ask("add", asked, **changed)
    assert status == 403 and reason in reply["error"]
    assert claim.read_bytes() == before


def test_a_request_for_another_host_a_get_or_too_long_a_body_is_refused(running, tmp_path):
    token, origin = running.token(), running.origin
    headers = {"Origin": origin, "Content-Type": "application/json", "X-Sidelight-Token": token}
    body = json.dumps({"source": "wire-story"}).encode()
    status, text = running.request("POST", "/_sidelight/quote/matches", body, headers | {"Host": "evil.example"})
    assert status == 403 and "not addressed to this preview (Host 'evil.example')" in text
    evil = {"Host": "attacker.example:80", "Origin": "http://attacker.example:80"}  # DNS rebinding
    status, text = running.request("POST", "/_sidelight/quote/matches", body, headers | evil)
    assert status == 403 and "not addressed to this preview" in text
    status, text = running.request("GET", "/_sidelight/quote/quote.js", b"", {"Host": "evil.example:80"})
    assert status == 403 and "not addressed to this preview" in text
    status, text = running.request("GET", "/_sidelight/quote/matches", b"", headers)
    assert status == 403 and "only POST" in text
    status, text = running.request("POST", "/_sidelight/quote/matches", b"x" * (MAX_BODY + 1), headers)
    assert status == 403 and "at most 16,384 bytes" in text
    status, _ = running.request("POST", "/_sidelight/quote/matches", body, headers)
    assert status == 200


def test_a_client_not_on_this_machine_is_refused():
    desk = QuoteDesk(Path("content"))
    headers = {
        "host": ["127.0.0.1:8000"],
        "origin": ["http://127.0.0.1:8000"],
        "content-type": ["application/json"],
        "x-sidelight-token": [desk.token],
    }
    with pytest.raises(Refused, match="only this computer may write"):
        desk.refusal(Request("192.168.1.20", "POST", 8000, headers, b"{}"))
    desk.refusal(Request("127.0.0.1", "POST", 8000, headers, b"{}"))  # the same from here passes
    desk.refusal(Request("::1", "POST", 8000, headers, b"{}"))


def test_the_panel_is_only_on_source_pages_and_never_in_a_build(running, tmp_path, run_cli):
    status, page = running.request("GET", "/sources/daily-report/")
    assert status == 200 and "/_sidelight/quote/quote.js" in page and "/_sidelight/quote/quote.css" in page
    assert 'data-source="daily-report"' in page
    status, page = running.request("GET", "/claims/fund-size/")
    assert status == 200 and "sidelight-quote-token" not in page and "quote.js" not in page
    status, script = running.request("GET", "/_sidelight/quote/quote.js")
    assert status == 200 and "X-Sidelight-Token" in script
    token = running.token()

    assert run_cli("build", "--out", "published").code == 0
    published = [p for p in (tmp_path / "published").rglob("*") if p.is_file()]
    assert len(published) > 50
    for path in published:
        data = path.read_bytes()
        for needle in (b"quote.js", b"/_sidelight/quote/", b"sidelight-quote-token", token.encode()):
            assert needle not in data, (path, needle)
