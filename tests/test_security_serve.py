"""`serve` as a hostile page, a hostile contributor and a flood of clients would try it:
the error page reads no file `check` refused, other host names are refused (DNS rebinding),
idle connections are closed, 2,000 concurrent requests are all answered, open tabs cannot
starve page requests, and the process leaves no child behind (defunct, or a Pagefind still
running on its scratch copy) however it is stopped.

The HTTP tests run the server in this process on a free port; the process tests start
`build.py serve` itself, since they are about the process."""
from __future__ import annotations

import asyncio
import http.client
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from edits import replace_in
from serving import REPO, TRACEBACK, InProcessPreview, Server

WAIT = 30  # seconds: a deadline for what passes in a fraction of it


class Running(InProcessPreview):
    """An in-process preview server of tmp_path/content on a free port."""

    def request(self, path: str, host: str | None = "default", method: str = "GET") -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            conn.putrequest(method, path, skip_host=True)
            if host is not None:
                conn.putheader("Host", f"127.0.0.1:{self.port}" if host == "default" else host)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()


@pytest.fixture
def serving(sample_content, tmp_path, monkeypatch):
    """Start the server (after the test prepared the content); stopped at the end."""
    monkeypatch.chdir(tmp_path)  # problem paths read `content/…`, as in a terminal there
    started = []

    def start() -> Running:
        started.append(Running(Path("content"), Path("site")))
        return started[-1]
    yield start
    for running in started:
        running.stop()


# Item 1: the error page reads behind refused links


def test_the_error_page_shows_nothing_of_a_file_behind_a_link_leading_out_of_content(serving, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:THE-SECRET:/root:/bin/bash\n", encoding="utf-8")
    (tmp_path / "content" / "sources" / "pw.txt").symlink_to(secret)
    status, page = serving().request("/")
    assert status == 500
    assert "content/sources/pw.txt:1:1" in page and "this file is a link to a place outside content/" in page
    assert "THE-SECRET" not in page and "root:x" not in page and 'class="excerpt"' not in page


def test_a_pipe_in_content_neither_hangs_the_error_page_nor_is_read(serving, tmp_path):
    os.mkfifo(tmp_path / "content" / "sources" / "pipe.txt")
    running = serving()
    for _ in range(3):  # each request used to open the pipe and wait for a writer
        status, page = running.request("/claims/")
        assert status == 500 and "content/sources/pipe.txt:1:1" in page
        assert "this is not a regular file (a pipe, device or socket)" in page


def test_a_link_to_an_endless_device_gives_an_error_page_not_a_memory_error(serving, tmp_path):
    # Not run against the old code: it read /dev/zero until memory ran out.
    (tmp_path / "content" / "sources" / "zero.txt").symlink_to("/dev/zero")
    status, page = serving().request("/")
    assert status == 500 and "content/sources/zero.txt:1:1" in page
    assert "this file is a link to a place outside content/" in page and "\0" not in page


def test_the_error_page_still_quotes_the_line_of_a_readable_content_file(serving, tmp_path):
    replace_in(tmp_path / "content" / "claims" / "fund-size.yaml", "rating: accurate", "rating: acurate")
    status, page = serving().request("/")
    assert status == 500 and "content/claims/fund-size.yaml:7:9" in page
    assert re.search(r"7 \| rating: acurate\n {15}\^", page)


def test_the_error_page_quotes_only_the_part_of_a_long_line_around_the_column(serving, tmp_path):
    from sidelight.preview.errorpage import EXCERPT_WIDTH
    replace_in(tmp_path / "content" / "outlets" / "daily.yaml", "kind: daily newspaper",
               "kind: [" + "x" * 100_000)
    status, page = serving().request("/")
    assert status == 500 and "content/outlets/daily.yaml:5:" in page
    assert "x" * EXCERPT_WIDTH not in page and "x" * (EXCERPT_WIDTH // 4) in page


def test_other_host_names_are_refused_so_a_rebinding_page_reads_nothing(serving):
    running = serving()
    port = running.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        assert running.request("/", host=host)[0] == 200, host
    for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", f"127.0.0.1.evil.example:{port}",
                 None):
        for path in ("/", "/claims/fund-size/", "/_sidelight/events", "/static/style.css"):
            status, body = running.request(path, host=host)
            assert status == 421, (host, path)
            assert body.startswith(f"Refused: this preview answers only at http://127.0.0.1:{port}/"), body
            assert "<" not in body and "fund" not in body


def test_the_server_reads_nothing_outside_the_built_site(serving, tmp_path):
    running = serving()
    (tmp_path / "outside.txt").write_text("OUTSIDE", encoding="utf-8")
    (tmp_path / "site" / "out.txt").symlink_to(tmp_path / "outside.txt")
    for path in ("/out.txt", "/../outside.txt", "/%2e%2e/outside.txt", "/static/../../outside.txt"):
        status, body = running.request(path)
        assert status == 404 and "OUTSIDE" not in body, path
    assert running.request("/static")[0] == 301  # a folder: to its address with a slash
    status, body = running.request("/static/")  # a folder without index.html: no listing
    assert status == 404 and "Directory listing" not in body


# Item 11: idle connections, a flood of requests, a NUL in the address


def test_a_nul_or_other_control_character_in_the_address_is_a_400_not_a_traceback(serving, capfd):
    running = serving()
    for path in ("/%00", "/claims/%00/", "/a%00.css", "/%0a/", "/%ff/"):
        status, body = running.request(path)
        assert status == 400 and body == "Bad request: the address is not a path of this site.\n", path
    assert running.request("/")[0] == 200  # and the server goes on
    assert not TRACEBACK.search(capfd.readouterr().err)


def test_idle_connections_are_closed_and_never_keep_pages_from_being_served(serving, monkeypatch):
    from sidelight.preview import server as serve
    monkeypatch.setattr(serve, "IDLE_SECONDS", 1.0)  # the test's own patience; serve's is 5 s
    running = serving()
    idle = [socket.create_connection(("127.0.0.1", running.port), timeout=WAIT) for _ in range(2 * serve.WORKERS)]
    for _ in range(serve.WORKERS - 1):  # half a request each: these do hold a worker, until the deadline
        idle.append(socket.create_connection(("127.0.0.1", running.port), timeout=WAIT))
        idle[-1].sendall(b"GET / HTTP/1.1\r\n")
    assert running.request("/claims/")[0] == 200
    for sock in idle:
        try:
            closed = sock.recv(4096) == b""  # the server closes it, without an answer
        except ConnectionResetError:
            closed = True
        except TimeoutError:
            closed = False
        sock.close()
        assert closed, "an idle connection was still open after the deadline"


def test_two_thousand_concurrent_requests_are_all_answered(serving):
    running = serving()
    paths = ["/", "/claims/fund-size/", "/static/style.css", "/no/such/page/", "/_sidelight/reload.js"]
    statuses = in_own_loop(flood(running.port, [paths[n % len(paths)] for n in range(2000)]))
    unanswered = [s for s in statuses if not isinstance(s, int)]
    assert not unanswered, f"{len(unanswered)} of 2000 unanswered, e.g. {unanswered[:3]}"
    assert sorted(set(statuses)) == [200, 404]


def in_own_loop(coroutine):
    """asyncio.run in a thread of its own: in the whole suite, Playwright's sync API may
    leave an event loop running in this one, where asyncio.run refuses to start."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", asyncio.run(coroutine)))
    thread.start()
    thread.join()
    return result["value"]


async def flood(port: int, paths: list[str], deadline: float = WAIT) -> list:
    """Every request opened at once; each one's status, or the exception that ended it."""
    async def one(path: str):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
            await writer.drain()
            status = int((await reader.readline()).split()[1])
            await reader.read()
            return status
        finally:
            writer.close()
    tasks = [asyncio.wait_for(one(path), deadline) for path in paths]
    return await asyncio.gather(*tasks, return_exceptions=True)


def test_open_event_streams_beyond_the_limit_are_told_to_retry_and_never_starve_pages(serving):
    from sidelight.preview.server import MAX_STREAMS, RETRY_LATER_MS, WORKERS
    running = serving()
    # each stream greeted before the next opens, so the first MAX_STREAMS are the ones taken in
    streams = [open_stream(running.port) for _ in range(max(MAX_STREAMS, WORKERS) + 8)]
    assert running.request("/claims/fund-size/")[0] == 200
    told = [greeting + read_until_closed(sock) for sock, greeting in streams[MAX_STREAMS:]]
    assert all(f"retry: {RETRY_LATER_MS}\nevent: hello\n" in text for text in told), told[0]
    for _, greeting in streams[:MAX_STREAMS]:  # the first ones stay open, greeted
        assert "event: hello" in greeting and f"retry: {RETRY_LATER_MS}" not in greeting
    for sock, _ in streams:
        sock.close()
    assert running.request("/")[0] == 200
    assert open_stream(running.port)[1].count("retry: 1000\n") == 1  # closed tabs free their place


def open_stream(port: int) -> tuple[socket.socket, str]:
    """An event stream and its first message (`hello`, or the request to come back later)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
    sock.sendall(f"GET /_sidelight/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data or b"\n\n" not in data.partition(b"\r\n\r\n")[2]:
        chunk = sock.recv(1)
        assert chunk, f"the stream closed before its first message: {data!r}"
        data += chunk
    head, _, greeting = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200") and b"text/event-stream" in head
    return sock, greeting.decode()


def read_until_closed(sock: socket.socket) -> str:
    """What the server sends until it closes the stream; fails (rather than waits forever
    on keep-alives) if it has not closed it within WAIT seconds."""
    data, deadline = b"", time.monotonic() + WAIT
    while chunk := sock.recv(4096):
        data += chunk
        assert time.monotonic() < deadline, f"the stream was not closed: {data!r}"
    return data.decode()


# Item 15: no defunct child, no Pagefind left running on its scratch copy


def children(pid: int) -> dict[int, str]:
    """The child processes of `pid` and their states (`Z`: defunct)."""
    found = {}
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            for child in (task / "children").read_text().split():
                status = Path(f"/proc/{child}/status").read_text()
                found[int(child)] = re.search(r"^State:\s+(\S)", status, re.MULTILINE).group(1)
        except (OSError, AttributeError):
            continue
    return found


def wait_until(condition, what: str, pid: int | None = None) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"not within {WAIT} s: {what}" + (f"; children: {children(pid)}" if pid else ""))


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads child processes from /proc")
def test_serve_leaves_no_defunct_child_after_a_rebuild(sample_content, tmp_path):
    running = Server(tmp_path)
    try:
        replace_in(sample_content / "claims" / "fund-size.yaml", "rating: accurate", "rating: inaccurate")
        running.wait_for_line(r"fund-size\.yaml changed: rebuilt")  # the old site goes to a deleter process
        # Every child (the deleter, Pagefind) ends soon; ended, it must be reaped, not left defunct.
        wait_until(lambda: not children(running.proc.pid), "serve's children gone", running.proc.pid)
    finally:
        running.stop()


SLOW_PAGEFIND = """#!/bin/sh
# Pagefind, unless the flag file exists: then a Pagefind that never ends
if [ -e "{flag}" ]; then echo $$ > "{pidfile}"; exec sleep 300; fi
exec "{real}" "$@"
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads processes from /proc")
@pytest.mark.parametrize("when", ["first build", "rebuild"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopping_serve_while_it_indexes_ends_pagefind_and_removes_its_scratch_copy(
        sample_content, tmp_path, when, sig):
    from sidelight.output.searchindex import SCRATCH_PREFIX, executable, scratch_parent
    flag, pidfile, fake = tmp_path / "slow", tmp_path / "pagefind.pid", tmp_path / "pagefind"
    fake.write_text(SLOW_PAGEFIND.format(flag=flag, pidfile=pidfile, real=executable()), encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    if when == "first build":
        flag.touch()
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(fake), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--content", "content", "serve", "--port", "0"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    pagefind = None
    try:
        if when == "rebuild":
            wait_until(lambda: any(line.startswith("serving ") for line in lines), "the first build and its index")
            flag.touch()
            replace_in(sample_content / "claims" / "fund-size.yaml", "rating: accurate", "rating: inaccurate")
        wait_until(lambda: pidfile.exists() and pidfile.read_text().strip(), "Pagefind to start")
        pagefind = int(pidfile.read_text())
        copies = list(Path(scratch_parent() or "/tmp").glob(f"{SCRATCH_PREFIX}{proc.pid}-*"))
        assert copies, "the scratch copy Pagefind reads"
        proc.send_signal(sig)
        proc.wait(timeout=WAIT)
        reader.join(timeout=WAIT)
        output = "".join(lines)
        assert proc.returncode == 0 and "stopped" in output and not TRACEBACK.search(output), output
        assert not running(pagefind), "Pagefind is still running after serve stopped"
        assert not [copy for copy in copies if copy.exists()], "the scratch copy was left behind"
    finally:
        for pid in (proc.pid, pagefind):
            if pid is not None and running(pid):
                os.kill(pid, signal.SIGKILL)
        proc.wait()


def running(pid: int) -> bool:
    """Whether `pid` is a live process (not gone, not defunct)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return re.search(r"^State:\s+Z", status, re.MULTILINE) is None
