"""`serve`, driven for real: a subprocess on a free port, pages fetched over HTTP, the
reload events read from the server-sent event stream, content edited, broken and fixed.
Every wait polls with a deadline, so a broken server fails the test instead of hanging it."""
from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, assert_no_traceback, replace_in, Run

WAIT = 30  # seconds: generous for a loaded 2-core machine; passing runs take a fraction


class Server:
    """A running `build.py serve` and everything it printed."""

    def __init__(self, cwd: Path, *args: str):
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("CI", None)
        self.proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--content", "content", "serve",
                                      "--port", "0", *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, encoding="utf-8")
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for_line(r"serving .* at (http://127\.0\.0\.1:\d+/)")
        self.url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, after: int = 0) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if re.search(pattern, line):
                    return line
            if self.proc.poll() is not None and not any(re.search(pattern, x) for x in self.lines[after:]):
                pytest.fail(f"serve exited ({self.proc.returncode}):\n" + "\n".join(self.lines))
            time.sleep(0.05)
        pytest.fail(f"no line matching {pattern!r} within {WAIT} s:\n" + "\n".join(self.lines))

    def get(self, path: str) -> tuple[int, str, dict]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=WAIT) as response:
                return response.status, response.read().decode("utf-8"), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8"), dict(error.headers)

    def stop(self) -> Run:
        """Ctrl-C, as an editor stops it."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                pytest.fail("serve did not stop on Ctrl-C:\n" + "\n".join(self.lines))
        time.sleep(0.1)  # let the reader thread take the last lines
        return Run(self.proc.returncode, "\n".join(self.lines), "")


class EventStream:
    """The browser side of /_sidelight/events: each event as (name, data), in a queue."""

    def __init__(self, url: str):
        host, port = re.search(r"//([\d.]+):(\d+)/", url).groups()
        self.conn = http.client.HTTPConnection(host, int(port), timeout=WAIT)
        self.conn.request("GET", "/_sidelight/events")
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.headers["Content-Type"] == "text/event-stream"
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        name, data = "message", ""
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif not line and data:
                    self.events.put((name, data))
                    name, data = "message", ""
        except (OSError, ValueError):
            pass
        self.events.put(("closed", ""))

    def next(self, name: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                got, data = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if got == name:
                return data
        pytest.fail(f"no `{name}` event within {WAIT} s")

    def close(self):
        self.conn.close()


@pytest.fixture
def server(sample_content, tmp_path):
    running = Server(tmp_path)
    yield running
    assert_no_traceback(running.stop())


def test_serves_the_built_site_with_the_reload_script_added(server, tmp_path):
    status, page, headers = server.get("/claims/fund-size/")
    assert status == 200 and "The innovation fund will have €1 billion." in page
    assert '<script src="/_sidelight/reload.js" defer></script>' in page
    assert headers["Cache-Control"] == "no-store"
    built = (tmp_path / "site" / "claims" / "fund-size" / "index.html").read_text(encoding="utf-8")
    assert "_sidelight" not in built  # the script is added as the page is served, never written
    status, script, headers = server.get("/_sidelight/reload.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert "EventSource" in script and "/_sidelight/events" in script
    status, css, _ = server.get("/static/style.css")
    assert status == 200 and "_sidelight" not in css
    status, missing, _ = server.get("/no/such/page/")
    assert status == 404 and "reload.js" in missing


def test_an_edit_is_rebuilt_and_announced_to_open_tabs(server, sample_content):
    stream = EventStream(server.url)
    first = stream.next("hello")
    replace_in(sample_content / "claims" / "fund-size.yaml", "The innovation fund will have €1 billion.",
               "The innovation fund will have €2 billion.")
    reloaded = stream.next("reload")
    assert reloaded != first
    status, page, _ = server.get("/claims/fund-size/")
    assert status == 200 and "The innovation fund will have €2 billion." in page
    line = server.wait_for_line(r"content/claims/fund-size\.yaml changed: rebuilt")
    assert re.search(r"\d+ of \d+ pages rendered", line)
    stream.close()


def test_a_broken_file_shows_its_errors_in_place_of_every_page_until_fixed(server, sample_content):
    stream = EventStream(server.url)
    stream.next("hello")
    claim = sample_content / "claims" / "fund-size.yaml"
    good = claim.read_text(encoding="utf-8")
    replace_in(claim, "rating: accurate", "rating: acurate")
    stream.next("reload")
    for path in ("/claims/fund-size/", "/", "/topics/meeting/"):
        status, page, _ = server.get(path)
        assert status == 500
        assert "content/claims/fund-size.yaml:6:9" in page
        assert "unknown rating `acurate`" in page and "did you mean `accurate`?" in page
        assert "reload.js" in page  # fixing the file brings the page back by itself
    assert server.get("/static/style.css")[0] == 200  # assets are still served
    server.wait_for_line(r"content/claims/fund-size\.yaml:6:9: error: unknown rating `acurate`")
    server.wait_for_line(r"build failed, 1 error")
    claim.write_text(good, encoding="utf-8")
    stream.next("reload")
    status, page, _ = server.get("/claims/fund-size/")
    assert status == 200 and "The innovation fund will have €1 billion." in page
    stream.close()


def test_a_yaml_syntax_error_is_shown_with_the_line(server, sample_content):
    stream = EventStream(server.url)
    stream.next("hello")
    replace_in(sample_content / "outlets" / "daily.yaml", "kind: daily newspaper", "kind: [daily")
    stream.next("reload")
    status, page, _ = server.get("/")
    assert status == 500 and "content/outlets/daily.yaml:5:7" in page
    assert "kind: [daily" in page  # the offending line itself is shown


def test_ctrl_c_stops_cleanly_and_closes_the_event_stream(sample_content, tmp_path):
    running = Server(tmp_path)
    stream = EventStream(running.url)
    stream.next("hello")
    run = running.stop()
    assert run.code == 0
    assert_no_traceback(run)
    assert "stopped" in run.stdout
    stream.next("closed")


def test_a_port_in_use_is_a_message_not_a_traceback(sample_content, tmp_path, run_cli):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_cli("--content", "content", "serve", "--port", str(port))
    assert run.code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in run.stderr and "--port" in run.stderr


def test_serving_content_with_errors_from_the_start_shows_them(sample_content, tmp_path):
    replace_in(sample_content / "claims" / "fund-size.yaml", "topic: meeting", "topic: meting")
    running = Server(tmp_path)
    try:
        status, page, _ = running.get("/")
        assert status == 500 and "unknown topic `meting`" in page
    finally:
        assert_no_traceback(running.stop())
