"""`serve`: the editor's preview. Builds, serves the site on 127.0.0.1 from memory (see
`session`), rebuilds when content, templates or schemas change, and reloads open tabs;
while the content has errors, the broken files' own pages show the list of errors and
every other page the last good site under a banner.

What a request can reach: the site held in memory (or, while none is, the built site in
site/: regular files inside it, no link leading out, no folder listings), the reload
script and the error page (both in memory), and the event stream. A request for any host
name but this machine's own is refused before anything else, so a web page that points its
own name at 127.0.0.1 (DNS rebinding) reads nothing.

What requests can hold: a fixed pool of WORKERS threads answers them, and a connection gets
one only once it has sent something (`PreviewServer`); one that takes more than IDLE_SECONDS
to start its request, or again to finish it, is closed. Event streams (one per open tab,
open for as long as the tab) are handed from the pool to one thread that writes to all of
them, at most MAX_STREAMS; a tab beyond that is told to reconnect later, so open tabs can
never starve page requests.
"""

from __future__ import annotations

import functools
import http.server
import os
import queue
import selectors
import signal
import socket
import stat
import sys
import threading
import time
from pathlib import Path
from typing import cast
from urllib.parse import unquote, urlsplit

from sidelight.output import searchindex
from sidelight.preview.errorpage import EVENTS_PATH, NO_PROBLEMS, PROBLEMS_PATH, RELOAD_JS, SCRIPT_PATH
from sidelight.preview.quoting import PREFIX as QUOTE_PREFIX
from sidelight.preview.quoting import QuoteDesk
from sidelight.preview.session import Preview, watch
from sidelight.terminal import say

WORKERS = 16  # threads answering requests: one editor's tabs, and room for a burst
BACKLOG = 4096  # connections the kernel holds while the workers are busy (the library's default is 5)
WAITING = 256  # connections that sent something, waiting for a worker; then accepting waits too
MAX_PENDING = 1024  # connections that have sent nothing yet (each holds a descriptor, not a thread)
IDLE_SECONDS = 5.0  # to start a request, then again to send all of it; else the connection is closed
SEARCH_IDLE_SECONDS = 1.0  # without a save, before the search index is made again
MAX_STREAMS = 32  # open event streams; a tab beyond them reconnects after RETRY_LATER_MS
RETRY_LATER_MS = 10_000
KEEPALIVE_SECONDS = 15
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Answers one request: see the module's docstring for what it may reach."""

    preview: Preview
    streams: EventStreams
    quote_desk: QuoteDesk  # quote by selecting: its own checks and answers (quoting.py)
    server: PreviewServer
    handed_over = False  # True once the connection belongs to `streams`

    def setup(self):
        self.timeout = IDLE_SECONDS
        super().setup()
        self.rfile = DeadlineReader(self.rfile, self.connection, time.monotonic() + IDLE_SECONDS)

    def log_message(self, format, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a preview is never stale
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def do_GET(self):
        self.route(head=False)

    def do_HEAD(self):
        self.route(head=True)

    def do_POST(self):
        self.quote_desk.answer(self)

    def route(self, head: bool) -> None:
        self.connection.settimeout(IDLE_SECONDS)  # the request is read: now a timeout per write
        port = self.server.server_port
        if self.path.startswith(QUOTE_PREFIX):
            return self.quote_desk.answer(self)
        if not host_allowed(self.headers.get_all("Host") or [], port):
            return self.send_bytes(421, TEXT, refusal(port), head)
        path = request_path(self.path)
        if path is None:
            return self.send_bytes(400, TEXT, b"Bad request: the address is not a path of this site.\n", head)
        if path == SCRIPT_PATH:
            return self.send_bytes(200, "text/javascript; charset=utf-8", RELOAD_JS.encode(), head)
        if path == EVENTS_PATH:
            return self.send_bytes(405, TEXT, b"use GET", True) if head else self.events()
        if path == PROBLEMS_PATH:
            return self.send_bytes(200, HTML, self.preview.error_html or NO_PROBLEMS, head)
        error_html = self.preview.error_page_for(path)
        if error_html is not None and is_page(path):
            return self.send_bytes(500, HTML, error_html, head)
        self.send_site_file(path, head)

    def send_site_file(self, path: str, head: bool) -> None:
        """From the site held in memory (`Preview.files`); from site/ while none is held."""
        held = self.preview.files
        if held:
            return self.send_held_file(held, path, head)
        root = Path(self.directory)
        target = site_path(root, path)
        if target is not None and target.is_dir() and not path.endswith("/"):
            return self.redirect(path + "/")
        if target is not None and target.is_dir():
            target = site_path(root, path + "index.html")
        data = read_site_file(target) if target is not None else None
        if target is None or data is None:
            return self.send_error(404)
        if target.suffix == ".html":
            return self.send_bytes(200, HTML, self.quote_desk.page_extras(path, self.preview.inject(data)), head)
        self.send_bytes(200, self.guess_type(str(target)), data, head)

    def send_held_file(self, held: dict[str, bytes], path: str, head: bool) -> None:
        name = held_name(held, path)
        if name is None:
            return self.send_error(404)
        if name.endswith("/"):
            return self.redirect(path + "/")
        if name.endswith(".html"):
            return self.send_bytes(200, HTML, self.quote_desk.page_extras(path, self.preview.inject(held[name])), head)
        self.send_bytes(200, self.guess_type(name), held[name], head)

    def redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_bytes(self, status: int, kind: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        """404s get the site's own 404 page, with the reload script."""
        held = self.preview.files
        if held:
            page = held.get("404.html") if code == 404 else None
        else:
            page = read_site_file(site_path(Path(self.directory), "/404.html")) if code == 404 else None
        if page is None:
            return super().send_error(code, message, explain)
        self.send_bytes(404, HTML, self.preview.inject(page), self.command == "HEAD")

    def events(self) -> None:
        """A server-sent event stream: `hello` with the current state, then `reload`s, written
        by `streams`; beyond its limit, `hello` and a request to reconnect later."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.flush()
        if self.streams.adopt(self.connection):
            self.handed_over = True
            self.close_connection = True
        else:
            self.wfile.write(f"retry: {RETRY_LATER_MS}\nevent: hello\ndata: {self.preview.state}\n\n".encode())


class DeadlineReader:
    """The request's reader, giving the client IDLE_SECONDS in all to send its request
    line and headers (a socket timeout alone restarts with every byte trickled in)."""

    def __init__(self, raw, connection: socket.socket, deadline: float):
        self.raw, self.connection, self.deadline = raw, connection, deadline

    def readline(self, limit: int = -1) -> bytes:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took too long")
        self.connection.settimeout(left)
        return self.raw.readline(limit)

    def __getattr__(self, name):
        return getattr(self.raw, name)


def host_allowed(hosts: list[str], port: int) -> bool:
    """One Host header, naming this machine and the port served (browsers leave out :80)."""
    names = {f"{name}:{port}" for name in LOCAL_NAMES} | (set(LOCAL_NAMES) if port == 80 else set())
    return len(hosts) == 1 and hosts[0].strip().lower() in names


def refusal(port: int) -> bytes:
    return (
        f"Refused: this preview answers only at http://127.0.0.1:{port}/ or http://localhost:{port}/."
        f" Open one of those addresses; a request made for another host name is refused so that"
        f" no other web site can read the preview.\n"
    ).encode()


def request_path(target: str) -> str | None:
    """The decoded path a request asks for; None if it is not one a site file can have:
    not starting with `/`, not UTF-8, or with control characters (a NUL among them)."""
    path = target.split("?", 1)[0].split("#", 1)[0] if target.startswith("/") else urlsplit(target).path
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if not decoded.startswith("/") or any(ord(c) < 32 or ord(c) == 127 for c in decoded):
        return None
    return decoded


def site_path(root: Path, path: str) -> Path | None:
    """The file or folder of the built site a path names, links followed; None for `.`
    or `..` in the path, or a link leading out of the site."""
    words = [word for word in path.split("/") if word]
    if any(word in (".", "..") for word in words):
        return None
    try:
        target = root.joinpath(*words).resolve()
    except (OSError, RuntimeError):  # a link that loops
        return None
    return target if target.is_relative_to(root) else None


def held_name(held: dict[str, bytes], path: str) -> str | None:
    """The name under which a held site has the file a path asks for (a folder's
    `index.html`); the name and a `/` for a folder asked for without one (a redirect);
    None if there is none, or for `.` or `..` in the path."""
    words = [word for word in path.split("/") if word]
    if any(word in (".", "..") for word in words):
        return None
    name = "/".join(words)
    if name in held and not path.endswith("/"):
        return name
    index = f"{name}/index.html" if name else "index.html"
    if index in held:
        return index if path.endswith("/") else name + "/"
    if name and not path.endswith("/") and any(other.startswith(name + "/") for other in held):
        return name + "/"  # a folder without index.html: to its address with a slash, then 404
    return None


def read_site_file(path: Path | None) -> bytes | None:
    """A regular file's bytes; None for a folder, pipe, device, link or anything missing.
    Opened without blocking or following a link, and checked on the open file."""
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with open(fd, "rb") as file:
        return file.read() if stat.S_ISREG(os.fstat(fd).st_mode) else None


def is_page(path: str) -> bool:
    """A request a browser makes to show a page (not a stylesheet or an image)."""
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith(".html") or "." not in last


class EventStreams:
    """The open event streams, written by one thread: each tab keeps a connection open for
    as long as it is open, so holding one thread each would let tabs use up the pool.
    Holds at most `limit`; a stream that cannot take a whole message at once (a tab that
    stopped reading) or that its tab closed is dropped, and the tab reconnects by itself."""

    def __init__(self, preview: Preview, limit: int = MAX_STREAMS):
        self.preview, self.limit = preview, limit
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.inbox = preview.subscribe()
        self.thread = threading.Thread(target=self.run, name="sidelight-events", daemon=True)
        self.thread.start()

    def adopt(self, sock: socket.socket) -> bool:
        """Take over `sock` (response headers sent) and send it `hello`; False, and `sock`
        left alone, when `limit` streams are open or the server is stopping."""
        with self.lock:
            self.sockets = [s for s in self.sockets if still_open(s) or close(s)]
            if len(self.sockets) >= self.limit or self.preview.stopping.is_set():
                return False
            sock.setblocking(False)
            if send(sock, f"retry: 1000\nevent: hello\ndata: {self.preview.state}\n\n"):
                self.sockets.append(sock)
            return True

    def run(self) -> None:
        while True:
            try:
                message = self.inbox.get(timeout=KEEPALIVE_SECONDS)
            except queue.Empty:
                message = ": keep-alive\n\n"  # finds tabs that were closed
            if message is None:
                break
            with self.lock:
                self.sockets = [s for s in self.sockets if send(s, message)]
        self.close_all()

    def close_all(self) -> None:
        self.preview.unsubscribe(self.inbox)
        with self.lock:
            for sock in self.sockets:
                close(sock)
            self.sockets = []

    def __len__(self) -> int:
        with self.lock:
            return len(self.sockets)


def send(sock: socket.socket, message: str) -> bool:
    """Whether a non-blocking socket took all of `message`; if not, it is closed."""
    data = message.encode("utf-8")
    try:
        if sock.send(data) == len(data):
            return True
    except OSError:
        pass
    return close(sock)


def still_open(sock: socket.socket) -> bool:
    """Whether the other end has not closed (a non-blocking peek reads end-of-file)."""
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def close(sock: socket.socket) -> bool:
    """Close `sock`; False, to drop it from a list in the same expression."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
    return False


class PreviewServer(http.server.HTTPServer):
    """An HTTP server with a fixed pool of worker threads. The thread that accepts
    connections also waits for each to send something, and only then hands it to a worker:
    a connection that sends nothing (a browser's speculative preconnect, a stuck client)
    never holds a worker, and is closed after IDLE_SECONDS. At most MAX_PENDING wait so;
    the kernel's backlog holds the connections beyond them."""

    request_queue_size = BACKLOG

    def __init__(self, address, handler, workers: int = WORKERS):
        self.waiting: queue.Queue = queue.Queue(maxsize=WAITING)
        self.workers = [
            threading.Thread(target=self.work, name=f"sidelight-http-{n}", daemon=True) for n in range(workers)
        ]
        self.stop_requested, self.stopped = threading.Event(), threading.Event()
        super().__init__(address, handler)  # binds: fails here if the port is taken
        self.socket.setblocking(False)
        for worker in self.workers:
            worker.start()

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Accept connections, and pass each to the workers once it has sent something,
        until `shutdown`."""
        self.stop_requested.clear()
        self.stopped.clear()
        pending: dict[socket.socket, tuple] = {}  # connection: (client address, deadline)
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            try:
                while not self.stop_requested.is_set():
                    for key, _ in selector.select(poll_interval):
                        if key.fileobj is self.socket:
                            self.accept(selector, pending)
                        else:
                            connection = cast(socket.socket, key.fileobj)
                            selector.unregister(connection)
                            self.waiting.put((connection, pending.pop(connection)[0]))  # waits while full
                    self.close_idle(selector, pending)
                    self.listen_while_room(selector, pending)
            finally:
                for sock in pending:
                    self.shutdown_request(sock)
                self.stopped.set()

    def accept(self, selector, pending: dict) -> None:
        deadline = time.monotonic() + IDLE_SECONDS
        while len(pending) < MAX_PENDING:
            try:
                sock, client_address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # e.g. out of descriptors: the kernel keeps it in the backlog
                time.sleep(0.05)  # (and the loop would spin on it)
                return
            sock.setblocking(True)
            pending[sock] = (client_address, deadline)
            selector.register(sock, selectors.EVENT_READ)

    def close_idle(self, selector, pending: dict) -> None:
        now = time.monotonic()
        for sock in [sock for sock, (_, deadline) in pending.items() if deadline <= now]:
            selector.unregister(sock)
            del pending[sock]
            self.shutdown_request(sock)

    def listen_while_room(self, selector, pending: dict) -> None:
        """Stop asking for new connections while MAX_PENDING wait (else the loop would spin)."""
        listening = self.socket in selector.get_map()
        if listening and len(pending) >= MAX_PENDING:
            selector.unregister(self.socket)
        elif not listening and len(pending) < MAX_PENDING:
            selector.register(self.socket, selectors.EVENT_READ)

    def shutdown(self) -> None:
        self.stop_requested.set()
        self.stopped.wait()

    def work(self) -> None:
        while (job := self.waiting.get()) is not None:
            request, client_address = job
            handler = None
            try:
                handler = self.RequestHandlerClass(request, client_address, self)  # type: ignore[arg-type]
            except Exception:
                self.handle_error(request, client_address)
            if not getattr(handler, "handed_over", False):
                self.shutdown_request(request)

    def handle_error(self, request, client_address):
        """A client that went away or took too long is no error; anything else is a bug."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def server_close(self):
        super().server_close()
        while True:
            try:
                job = self.waiting.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                self.shutdown_request(job[0])
        for worker in self.workers:
            if worker.is_alive():
                self.waiting.put(None)


def make_server(preview: Preview, port: int) -> PreviewServer:
    streams = EventStreams(preview)
    desk = QuoteDesk(preview.content)
    bound = type("Handler", (PreviewHandler,), {"preview": preview, "streams": streams, "quote_desk": desk})
    handler = functools.partial(bound, directory=str(preview.out.resolve()))
    try:
        return PreviewServer(("127.0.0.1", port), handler)
    except BaseException:
        preview.stop()  # ends the streams' thread
        raise


def serve(
    content: Path, out: Path, port: int, verbosity: int = 1, clean: bool = False, replace_out: bool = False
) -> int:
    """Build, then serve and watch until Ctrl-C; returns the exit status."""
    preview = Preview(content, out, verbosity, replace_out=replace_out, clean=clean)
    server = make_server(preview, port)  # fails early (port in use) before any build
    # Ctrl-C and `kill` both stop cleanly, even when started in the background (where a
    # shell makes Python ignore SIGINT).
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    watcher = threading.Thread(target=watch, args=(preview,), name="sidelight-watch", daemon=True)
    indexer = threading.Thread(
        target=preview.index_search_when_idle, args=(SEARCH_IDLE_SECONDS,), name="sidelight-search", daemon=True
    )
    searchindex.allow_pagefind()
    try:
        watcher.start()  # before the first build: a save during it is rebuilt after it
        preview.safe_rebuild("first build")
        preview.writer.wait()  # site/ holds the first site before the address is given; later saves do not wait
        preview.started.set()
        indexer.start()
        say(
            f"serving {out}/ at http://127.0.0.1:{server.server_address[1]}/ "
            "(rebuilds when content/, templates/ or schema/ change; Ctrl-C stops)"
        )
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        say("")
        say("stopped")
    finally:
        for sig in previous:  # a second Ctrl-C does not interrupt the cleanup
            signal.signal(sig, signal.SIG_IGN)
        preview.stop()
        searchindex.stop_pagefind()  # a rebuild in the watcher may be indexing: no orphan, no scratch left
        server.server_close()
        if watcher.is_alive():
            watcher.join(timeout=2)
        preview.record()  # so that a `build` after `serve` keeps what is unchanged
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt
