"""What the browser tests and the screenshot script share: build a site, serve it on
127.0.0.1 as a web host would (Pagefind cannot run from file://), find one page of every
kind, and drive Debian's Chromium (Playwright's own browser download cannot work here).
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("SIDELIGHT_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = {"wide": 1280, "phone": 390}
NOT_FOUND_PATH = "no-such-page/"


def launch_args() -> dict:
    return {"executable_path": str(CHROMIUM), "args": FLAGS, "headless": True}


def browser_missing() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set SIDELIGHT_CHROMIUM)"
    return ""


def build(content: Path, out: Path) -> Path:
    """A full build of `content` into `out`; the suite cannot go on if it fails."""
    from sidelight.build import pipeline
    result = pipeline.build(content, out, clean=True)
    if result.report.errors:
        raise RuntimeError("the site did not build:\n" + "\n".join(p.text() for p in result.report.errors))
    return out


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: files as they are, and the site's own 404 page for a missing path.
    With a `prefix` (`/checks/`) the site is served under that sub-path only."""

    prefix = "/"

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser drops connections it no longer needs (a page left mid-load): not an error."""
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path, prefix: str = "/"):
    """The site at http://127.0.0.1:PORT{prefix} until the block ends."""
    handler = functools.partial(type("Handler", (SiteHandler,), {"prefix": prefix}), directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def first(site: Path, section: str) -> str:
    """The path of the first page (by name) under `section/`, e.g. `claims/abc/`."""
    names = sorted(p.parent.name for p in (site / section).glob("*/index.html") if p.parent.name != "page")
    if not names:
        raise AssertionError(f"the built site has no page under {section}/")
    return f"{section}/{names[0]}/"


def compared_claim(site: Path) -> str:
    """A claim quoted by two outlets or more (its page shows columns side by side), or
    the first claim if none is."""
    for page in sorted((site / "claims").glob("*/index.html")):
        if page.read_text(encoding="utf-8").count('<section class="column"') >= 2:
            return f"claims/{page.parent.name}/"
    return first(site, "claims")


def page_kinds(site: Path) -> dict[str, str]:
    """One path of every page kind, relative to the site root."""
    return {"home": "", "claim": compared_claim(site), "source": first(site, "sources"),
            "outlet": first(site, "outlets"), "topic": first(site, "topics"), "matrix": "matrix/",
            "claimant": first(site, "claimants"), "drift": "drift/", "corrections": "corrections/", "team": "team/",
            "glossary": "glossary/", "search": "search/", "404": NOT_FOUND_PATH}


def search_example(site: Path) -> str:
    """A search a reader might make: a word an outlet used in the compared claim."""
    html = (site / compared_claim(site) / "index.html").read_text(encoding="utf-8")
    words = re.findall(r"[\w’'-]+", re.sub(r"<[^>]+>", "", re.search(r"<mark>(.*?)</mark>", html, re.S).group(1)))
    return max(words, key=len)  # its most telling word


def screenshot_all(browser, base_url: str, kinds: dict[str, str], folder: Path, colour_scheme: str = "light",
                   query: str = "", max_height: int = 0) -> list[Path]:
    """A PNG of every page kind at every width, `<kind>-<width>.png`: the whole page, or
    its top `max_height` pixels. The search page shows the results for `query`."""
    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    for width in WIDTHS.values():
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=colour_scheme)
        page = context.new_page()
        for kind, path in kinds.items():
            page.goto(base_url + path + (f"?q={quote(query)}" if kind == "search" and query else ""))
            if kind == "search":
                page.locator("#search-results li" if query else "#search-filters").first.wait_for()
            shots.append(folder / f"{kind}-{width}.png")
            height = page.evaluate("document.scrollingElement.scrollHeight")
            clip = {"x": 0, "y": 0, "width": width, "height": min(height, max_height)} if max_height else None
            page.screenshot(path=shots[-1], full_page=True, clip=clip)
        context.close()
    return shots
