"""`serve`: the editor's preview. Builds, serves site/ on 127.0.0.1, rebuilds when content,
templates or schemas change, and reloads open tabs; while the content has errors, every
page shows the list of errors instead of a stale site.
"""
from __future__ import annotations

import functools
import http.server
import queue
import signal
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errorpage import EVENTS_PATH, RELOAD_JS, SCRIPT_PATH, error_page, inject
from .preview import Preview, watch

KEEPALIVE_SECONDS = 15


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder with the reload script added, the event stream, and the error page."""

    preview: Preview

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a preview is never stale
        super().end_headers()

    def do_GET(self):
        self.route(head=False)

    def do_HEAD(self):
        self.route(head=True)

    def route(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == SCRIPT_PATH:
            return self.send_bytes(200, "text/javascript; charset=utf-8", RELOAD_JS.encode(), head)
        if path == EVENTS_PATH:
            return self.send_bytes(405, "text/plain", b"use GET", True) if head else self.events()
        if self.preview.errors and is_page(path):
            return self.send_bytes(500, "text/html; charset=utf-8", error_page(self.preview.errors), head)
        page = self.html_file(path)
        if page is not None:
            return self.send_bytes(200, "text/html; charset=utf-8", inject(page.read_bytes()), head)
        return super().do_HEAD() if head else super().do_GET()

    def html_file(self, path: str) -> Path | None:
        """The HTML file a request is for, if it is one and exists (folders: their index.html)."""
        if not (path.endswith("/") or path.endswith(".html")):
            return None
        target = Path(self.translate_path(path))
        if path.endswith("/"):
            target = target / "index.html"
        return target if target.is_file() else None

    def send_bytes(self, status: int, kind: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        """404s get the site's own 404 page, with the reload script."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        self.send_bytes(404, "text/html; charset=utf-8", inject(page.read_bytes()), self.command == "HEAD")

    def events(self) -> None:
        """A server-sent event stream: `hello` with the current state, then `reload`s."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        q = self.preview.subscribe()
        try:
            self.push(f"retry: 1000\nevent: hello\ndata: {self.preview.state}\n\n")
            while not self.preview.stopping.is_set():
                try:
                    message = q.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    message = ": keep-alive\n\n"  # finds tabs that were closed
                if message is None:
                    break
                self.push(message)
        except OSError:
            pass  # the tab went away
        finally:
            self.preview.unsubscribe(q)

    def push(self, message: str) -> None:
        self.wfile.write(message.encode("utf-8"))
        self.wfile.flush()


def is_page(path: str) -> bool:
    """A request a browser makes to show a page (not a stylesheet or an image)."""
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith(".html") or "." not in last


def make_server(preview: Preview, port: int) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    handler = functools.partial(handler, directory=str(preview.out.resolve()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def serve(content: Path, out: Path, port: int, verbosity: int = 1, clean: bool = False) -> int:
    """Build, then serve and watch until Ctrl-C; returns the exit status."""
    preview = Preview(content, out, verbosity)
    server = make_server(preview, port)  # fails early (port in use) before any build
    # Ctrl-C and `kill` both stop cleanly, even when started in the background (where a
    # shell makes Python ignore SIGINT).
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    watcher = threading.Thread(target=watch, args=(preview,), name="sidelight-watch", daemon=True)
    try:
        preview.safe_rebuild("first build", clean=clean)
        watcher.start()
        print(f"serving {out}/ at http://127.0.0.1:{server.server_address[1]}/ "
              f"(rebuilds when content/, templates/ or schema/ change; Ctrl-C stops)", flush=True)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("\nstopped", flush=True)
    finally:
        preview.stop()
        server.server_close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if watcher.is_alive():
            watcher.join(timeout=2)
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt
