"""Quote by selecting, in `serve` only: the endpoints behind the panel a source page opens
when words are selected (`quote.js`), and the claims an article appears to repeat.

- `POST /_sidelight/quote/passage`: the selected words as a passage ready to paste, made
  by the anchoring code (`quotes/pasteable.py`), with the claims and vocabulary to pick from.
- `POST /_sidelight/quote/choices`: the claims and vocabulary alone.
- `POST /_sidelight/quote/matches`: the claims the article appears to repeat (`quotes/matching.py`).
- `POST /_sidelight/quote/add`: the passage written into the chosen claim's file
  (`coverageedit.py`); the preview's watcher then rebuilds, and the tab reloads.

Who may ask: a request is answered only when it comes from this machine (a loopback
address), names this server in `Host`, comes from one of this server's own pages (`Origin`
is this server's address, and `Sec-Fetch-Site`, when sent, says same-origin), is a POST of
JSON of at most MAX_BODY bytes, and carries this session's token (made at start, known only
to the pages this server hands out). A web page elsewhere cannot read the token (the
same-origin policy, and the Host check against DNS rebinding), so it cannot write. Anything
else is refused with 403 and the reason, and nothing is read or written.

None of it reaches site/: the token, the script and its stylesheet are added to source pages
as they are served (`page_extras`), like the reload script.
"""

from __future__ import annotations

import hmac
import html
import ipaddress
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from sidelight.content.files import Content, Document, load
from sidelight.content.lines import LINE_BREAK
from sidelight.model.sourcetext import Anchor, SourceText, source_text
from sidelight.pages.urls import source_path
from sidelight.preview.coverageedit import EditRefused, add_passage
from sidelight.quotes.anchor import locate
from sidelight.quotes.fold import fold
from sidelight.quotes.matching import claim_words_of, matches
from sidelight.quotes.pasteable import NotPasteable, pasteable

PREFIX = "/_sidelight/quote/"
SCRIPT = PREFIX + "quote.js"
STYLE = PREFIX + "quote.css"
ASSETS = {SCRIPT: ("quote.js", "text/javascript; charset=utf-8"), STYLE: ("quote.css", "text/css; charset=utf-8")}
TOKEN_HEADER = "X-Sidelight-Token"
MAX_BODY = 16_384  # a selection's paragraphs and a passage: far less; a page's worth is refused
JSON_TYPE = "application/json; charset=utf-8"
HERE = Path(__file__).resolve().parent


class Refused(Exception):
    """A request not answered; `status` and the reason, in words."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class Request:
    """What `refusal` reads of a request: its client, headers and body."""

    client: str
    method: str
    port: int
    headers: dict[str, list[str]]
    body: bytes | None  # None: the body was not read (no or a bad Content-Length)

    def one(self, name: str) -> str | None:
        values = self.headers.get(name.lower(), [])
        return values[0] if len(values) == 1 else None


class QuoteDesk:
    """The endpoints of one `serve` session: its content folder and its token."""

    def __init__(self, content: Path):
        self.content = content
        self.token = secrets.token_urlsafe(32)
        self.lock = threading.Lock()  # one write at a time

    def page_extras(self, path: str, page: bytes) -> bytes:
        """A source page with the token and the panel's script and style added (before
        `</head>`); any other page as it is."""
        source = source_of_page(path)
        if source is None:
            return page
        extras = (
            f'<meta name="sidelight-quote-token" content="{self.token}" data-source="{html.escape(source)}">'
            f'<link rel="stylesheet" href="{STYLE}">'
            f'<script src="{SCRIPT}" defer></script>\n'
        ).encode()
        at = page.lower().rfind(b"</head>")
        return page[:at] + extras + page[at:] if at != -1 else page + extras

    def answer(self, handler) -> None:
        """Answer a request for a path under PREFIX (`handler`: the server's request handler)."""
        path = handler.path.split("?", 1)[0]
        try:
            if path in ASSETS and handler.command in ("GET", "HEAD"):
                return asset(handler, path)
            request = read_request(handler)
            self.refusal(request)
            reply = self.route(path, json.loads(request.body or b""))
        except Refused as refused:
            return send_json(handler, refused.status, {"error": refused.reason})
        except (json.JSONDecodeError, UnicodeDecodeError):
            return send_json(handler, 400, {"error": "the request is not JSON"})
        send_json(handler, 200, reply)

    def refusal(self, request: Request) -> None:
        """Raise Refused (403) unless the request may be answered: see the module's docstring."""
        if not is_loopback(request.client):
            raise Refused(403, "refused: only this computer may write through the preview")
        if request.method != "POST":
            raise Refused(403, "refused: this address takes only POST requests from the preview's pages")
        host = request.one("Host")
        if host is None or host.strip().lower() not in own_hosts(request.port):
            raise Refused(403, f"refused: the request is not addressed to this preview (Host {host!r})")
        origin = request.one("Origin")
        if origin is None or origin.strip().lower() != f"http://{host.strip().lower()}":
            raise Refused(403, f"refused: the request does not come from this preview's own pages (Origin {origin!r})")
        fetch_site = request.one("Sec-Fetch-Site")
        if fetch_site is not None and fetch_site != "same-origin":
            raise Refused(403, f"refused: the request comes from another site (Sec-Fetch-Site {fetch_site!r})")
        kind = (request.one("Content-Type") or "").split(";", 1)[0].strip().lower()
        if kind != "application/json":
            raise Refused(403, "refused: the request must be JSON (Content-Type: application/json)")
        if request.body is None:
            raise Refused(403, f"refused: the request must give its length, at most {MAX_BODY:,} bytes")
        token = request.one(TOKEN_HEADER) or ""
        if not hmac.compare_digest(token.encode(), self.token.encode()):
            raise Refused(403, "refused: the page's token is not this preview's; reload the page")

    def route(self, path: str, asked: object) -> dict:
        if not isinstance(asked, dict):
            raise Refused(400, "the request is not a JSON object")
        actions = {"passage": self.passage, "choices": self.choices, "matches": self.matches, "add": self.add}
        action = actions.get(path.removeprefix(PREFIX))
        if action is None:
            raise Refused(404, f"no such action: {path}")
        return action(asked)

    def passage(self, asked: dict) -> dict:
        """The selection as a passage, and the claims and vocabulary the panel offers."""
        content, doc, text = self.source(asked)
        start, end = offset_of(text, asked.get("start")), offset_of(text, asked.get("end"))
        if end < start:
            start, end = end, start
        try:
            found = pasteable(text, start, end)
        except NotPasteable as exc:
            raise Refused(422, str(exc)) from None
        return {"passage": found.fields(), "yaml": found.yaml()} | choices(content, doc.id)

    def choices(self, asked: dict) -> dict:
        """The claims and vocabulary alone (for a match's passage, made already)."""
        content, doc, _ = self.source(asked)
        return choices(content, doc.id)

    def matches(self, asked: dict) -> dict:
        content, doc, text = self.source(asked)
        citing = {d.id for d in content.of("claim") if cites(d, doc.id)}
        statements = claim_statements(content)
        found = matches(text, claim_words_of(content, leaving_out=doc.id), skip=frozenset(citing))
        return {
            "matches": [
                {
                    "claim": m.claim,
                    "statement": statements.get(m.claim, ""),
                    "score": round(m.score),
                    "basis": m.basis,
                    "passage": m.passage.fields(),
                    "yaml": m.passage.yaml(),
                }
                for m in found
            ]
        }

    def add(self, asked: dict) -> dict:
        """Write the passage into the claim's file, once it is proved to anchor once."""
        content, doc, text = self.source(asked)
        claim = next((d for d in content.of("claim") if d.id == asked.get("claim")), None)
        if claim is None:
            raise Refused(422, "choose a claim of the content to add the passage to")
        passage = passage_asked(asked.get("passage"), text)
        vocabulary = choices(content, doc.id)
        fidelity = chosen(asked, "fidelity", vocabulary["fidelities"])
        stance = chosen(asked, "stance", vocabulary["stances"])
        with self.lock:
            written = write_passage(claim.path, doc.id, passage, fidelity, stance)
        return {"written": claim.display, "line": written, "claim": claim.id}

    def source(self, asked: dict) -> tuple[Content, Document, SourceText]:
        """The content as it is on disk now, the source asked for, and its text."""
        content = load(self.content)
        doc = next((d for d in content.of("source") if d.id == asked.get("source")), None)
        if doc is None:
            raise Refused(422, f"no source {asked.get('source')!r} in the content")
        return content, doc, source_text(doc.body, doc.body_line)


def read_request(handler) -> Request:
    """The request's client, headers and body; the body only when its length is given and
    at most MAX_BODY (else it is left unread and the connection closed)."""
    headers: dict[str, list[str]] = {}
    for name, value in handler.headers.items():
        headers.setdefault(name.lower(), []).append(value)
    lengths = headers.get("content-length", [])
    body = None
    if len(lengths) == 1 and lengths[0].strip().isdigit() and int(lengths[0]) <= MAX_BODY:
        body = handler.rfile.read(int(lengths[0])) if handler.command == "POST" else b""
    else:
        handler.close_connection = True
    return Request(handler.client_address[0], handler.command, handler.server.server_port, headers, body)


def own_hosts(port: int) -> set[str]:
    return {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}


def is_loopback(client: str) -> bool:
    try:
        return ipaddress.ip_address(client.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def source_of_page(path: str) -> str | None:
    """The source id of `/sources/<id>/` (or its index.html), the pages the panel works on."""
    parts = [part for part in path.split("/") if part]
    if parts[-1:] == ["index.html"]:
        parts = parts[:-1]
    if len(parts) == 2 and "/".join(parts) + "/" == source_path(parts[1]):
        return parts[1]
    return None


def asset(handler, path: str) -> None:
    """The panel's script or stylesheet, to this server's own host names only."""
    hosts = handler.headers.get_all("Host") or []
    if len(hosts) != 1 or hosts[0].strip().lower() not in own_hosts(handler.server.server_port):
        raise Refused(403, "refused: the request is not addressed to this preview")
    name, kind = ASSETS[path]
    handler.send_bytes(200, kind, (HERE / name).read_bytes(), handler.command == "HEAD")


def send_json(handler, status: int, reply: dict) -> None:
    body = json.dumps(reply, ensure_ascii=False).encode("utf-8")
    handler.send_bytes(status, JSON_TYPE, body, handler.command == "HEAD")


def offset_of(text: SourceText, end: object) -> int:
    """An offset in the source's text from one end of a selection as the page sends it: the
    words of the paragraph it is in (as shown, without the page's own additions), that
    paragraph's place among the page's paragraphs, and the offset in those words."""
    if not isinstance(end, dict):
        raise Refused(400, "the selection's ends are missing")
    words, index, offset = end.get("paragraph"), end.get("index"), end.get("offset")
    if not (isinstance(words, str) and type(index) is int and type(offset) is int and 0 <= offset <= len(words)):
        raise Refused(400, "the selection's ends are not paragraph, index and offset")
    if 0 <= index < len(text.paragraphs):
        start, stop = text.paragraphs[index]
        if text.text[start:stop] == words:
            return start + offset
    places = occurrences(text.text, words) if words else []
    if len(places) != 1:
        raise Refused(422, "the selected paragraph is not found once in the article; select words of the article text")
    return places[0] + offset


def occurrences(text: str, words: str) -> list[int]:
    out: list[int] = []
    at = text.find(words)
    while at != -1 and len(out) < 2:
        out.append(at)
        at = text.find(words, at + 1)
    return out


def choices(content: Content, source: str) -> dict:
    """The claims to add a passage to (those citing the source first), and the fidelities
    and stances of the vocabulary, for the panel's lists."""
    vocabulary = next((d.data for d in content.of("vocabulary")), {})
    claims = sorted(content.of("claim"), key=lambda d: (not cites(d, source), d.id))
    return {
        "claims": [
            {
                "id": d.id,
                "claim": d.data.get("claim", "") if isinstance(d.data.get("claim"), str) else "",
                "cites": cites(d, source),
            }
            for d in claims
        ],
        "fidelities": terms(vocabulary, "fidelities"),
        "stances": terms(vocabulary, "stances"),
    }


def terms(vocabulary: dict, kind: str) -> list[dict]:
    items = vocabulary.get(kind)
    return [
        {"id": t["id"], "label": str(t.get("label", t["id"]))}
        for t in (items if isinstance(items, list) else [])
        if isinstance(t, dict) and isinstance(t.get("id"), str)
    ]


def cites(doc: Document, source: str) -> bool:
    return any(e.get("source") == source and "omission" not in e for _, e in doc.entries("coverage"))


def claim_statements(content: Content) -> dict[str, str]:
    return {d.id: d.data["claim"] for d in content.of("claim") if isinstance(d.data.get("claim"), str)}


def chosen(asked: dict, key: str, allowed: list[dict]) -> str:
    """The fidelity or stance picked, "" for none (a TODO in the file); a value the
    vocabulary does not hold is refused."""
    value = asked.get(key) or ""
    if value and value not in {t["id"] for t in allowed}:
        raise Refused(422, f"`{value}` is not a {key} of the vocabulary")
    return value if isinstance(value, str) else ""


def passage_asked(value: object, text: SourceText) -> dict[str, str]:
    """The passage sent back by the panel, checked as the build will check it: it must
    land once in the source."""
    if not isinstance(value, dict) or not isinstance(value.get("quote"), str):
        raise Refused(400, "the passage to add is missing")
    passage = {k: value[k] for k in ("quote", "prefix", "suffix") if isinstance(value.get(k), str) and value[k]}
    if not isinstance(locate(passage, fold(text.text), text, "the source", suggest=False), Anchor):
        raise Refused(422, "the passage does not land once in the article; select the words again")
    return passage


def write_passage(path: Path, source: str, passage: dict[str, str], fidelity: str, stance: str) -> int:
    """Add the passage to the claim's file (see `coverageedit`); the line its quote is on.
    Written beside the file under a hidden name, then moved over it: the watcher never
    reads half a file, and a hidden name is not content."""
    try:
        old = path.read_text(encoding="utf-8")
        new = add_passage(old, source, passage, fidelity, stance)
    except EditRefused as exc:
        raise Refused(422, str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Refused(422, f"cannot read {path.name}: {exc}") from None
    temporary = path.with_name(f".sidelight-new-{path.stem}")  # no suffix: the watcher names no such file
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as file:
            file.write(new)
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise Refused(500, f"cannot write {path.name}: {exc.strerror or exc}; it is unchanged") from None
    return first_changed_line(old, new)


def first_changed_line(old: str, new: str) -> int:
    old_lines, new_lines = LINE_BREAK.split(old), LINE_BREAK.split(new)
    for n, (a, b) in enumerate(zip(old_lines, new_lines), start=1):
        if a != b:
            return n
    return min(len(old_lines), len(new_lines)) + 1
