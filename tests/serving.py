"""A running `build.py serve` and its event stream, for the serve tests and the browser
test of the preview. A process, not `cli_runs.run_in_process`: the tests stop it by signal
(Ctrl-C, SIGTERM), and serve handles signals only in a main thread. Every wait polls with a deadline, so a broken server fails a test
instead of hanging it."""
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
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^[\w.]*(Error|Exception): ", re.MULTILINE)


@dataclass(frozen=True)
class Stopped:
    code: int
    stdout: str


WAIT = 30  # seconds: generous for a loaded 2-core machine; passing runs take a fraction


class Server:
    """A running `build.py serve` and everything it printed."""

    def __init__(self, cwd: Path, *args: str, as_background_job: bool = False):
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("CI", None)
        self.proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--content", "content", "serve",
                                      "--port", "0", *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                                     # a shell starts `cmd &` with SIGINT ignored
                                     preexec_fn=ignore_sigint if as_background_job else None)
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

    def stop(self) -> Stopped:
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
        output = "\n".join(self.lines)
        assert not TRACEBACK.search(output), output
        return Stopped(self.proc.returncode, output)


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


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class InProcessPreview:
    """The preview's server on a free port, in this process, after its first build (with
    site/ written, as `serve` has it before giving its address). `stop` ends both."""

    def __init__(self, content: Path, out: Path):
        import io

        from sidelight.preview.server import make_server
        from sidelight.preview.session import Preview

        self.preview = Preview(content, out, verbosity=0, stream=io.StringIO())
        self.preview.rebuild("first build")
        self.preview.writer.wait()
        self.server = make_server(self.preview, 0)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.preview.stop()
        self.server.server_close()
