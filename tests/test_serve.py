"""`serve`, driven for real: a subprocess on a free port, pages fetched over HTTP, the
reload events read from the server-sent event stream, content edited, broken and fixed."""
from __future__ import annotations

import re
import socket

import pytest

from edits import replace_in
from serving import EventStream, Server


@pytest.fixture
def server(sample_content, tmp_path):
    running = Server(tmp_path)
    yield running
    running.stop()


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


def test_a_broken_file_shows_its_errors_on_its_own_page_and_a_banner_on_every_other(server, sample_content):
    stream = EventStream(server.url)
    stream.next("hello")
    claim = sample_content / "claims" / "fund-size.yaml"
    good = claim.read_text(encoding="utf-8")
    replace_in(claim, "rating: accurate", "rating: acurate")
    stream.next("reload")
    for path in ("/claims/fund-size/", "/_sidelight/problems"):
        status, page, _ = server.get(path)
        assert status == (500 if path.startswith("/claims") else 200)
        assert "content/claims/fund-size.yaml:7:9" in page
        assert "unknown rating `acurate`" in page and "did you mean `accurate`?" in page
        assert "reload.js" in page  # fixing the file brings the page back by itself
    for path in ("/", "/topics/meeting/", "/claims/plan-secret/"):
        status, page, _ = server.get(path)
        assert status == 200, path  # the last good site, previewed as it was
        assert 'id="sidelight-problems"' in page and "1 error in content/claims/fund-size.yaml" in page
        assert 'href="/_sidelight/problems"' in page and "reload.js" in page
    assert "The innovation fund will have €1 billion." in server.get("/topics/meeting/")[1]
    assert server.get("/static/style.css")[0] == 200  # assets are still served
    server.wait_for_line(r"content/claims/fund-size\.yaml:7:9: error: unknown rating `acurate`")
    server.wait_for_line(r"build failed, 1 error")
    claim.write_text(good, encoding="utf-8")
    stream.next("reload")
    status, page, _ = server.get("/claims/fund-size/")
    assert status == 200 and "The innovation fund will have €1 billion." in page
    assert "sidelight-problems" not in page and "sidelight-problems" not in server.get("/")[1]
    stream.close()


def test_a_yaml_syntax_error_is_shown_with_the_line(server, sample_content):
    stream = EventStream(server.url)
    stream.next("hello")
    replace_in(sample_content / "outlets" / "daily.yaml", "kind: daily newspaper", "kind: [daily")
    stream.next("reload")
    status, page, _ = server.get("/outlets/daily/")
    assert status == 500 and "content/outlets/daily.yaml:5:7" in page
    assert "kind: [daily" in page  # the offending line itself is shown
    status, page, _ = server.get("/")
    assert status == 200 and "1 error in content/outlets/daily.yaml" in page


def test_while_the_search_index_is_made_again_the_pages_say_so(server, sample_content):
    stream = EventStream(server.url)
    stream.next("hello")
    replace_in(sample_content / "claims" / "fund-size.yaml", "The innovation fund will have €1 billion.",
               "The innovation fund will have €2 billion.")
    stream.next("reload")
    status, page, _ = server.get("/claims/fund-size/")
    assert "€2 billion" in page
    assert 'id="sidelight-search-note"' in page and "search may not find your latest changes" in page
    stream.next("search")  # once the editor is idle, the index follows
    assert 'id="sidelight-search-note"' not in server.get("/claims/fund-size/")[1]
    stream.close()


def test_ctrl_c_stops_cleanly_and_closes_the_event_stream(sample_content, tmp_path):
    running = Server(tmp_path)
    stream = EventStream(running.url)
    stream.next("hello")
    run = running.stop()  # asserts that nothing printed a traceback
    assert run.code == 0
    assert "stopped" in run.stdout
    stream.next("closed")


def test_the_interrupt_signal_stops_it_also_when_started_as_a_background_job(sample_content, tmp_path):
    running = Server(tmp_path, as_background_job=True)
    run = running.stop()
    assert run.code == 0 and "stopped" in run.stdout


def test_a_port_in_use_is_a_message_not_a_traceback(sample_content, tmp_path, run_cli):
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
        running.stop()


def test_the_served_page_allows_the_reload_script_under_its_content_security_policy():
    from sidelight.preview.errorpage import inject
    built = (b'<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
             b'style-src \'self\'"><title>t</title></head><body><p>x</p></body></html>')
    served = inject(built).decode()
    assert "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'" in served
    assert served.index("Content-Security-Policy") < served.index('<script src="/_sidelight/reload.js"')
    assert served.index("reload.js") < served.index("</head>")


def test_the_error_page_lists_the_errors_file_by_file_line_by_line(sample_content, monkeypatch):
    """The schema reports an unknown key before a wrong value above it; the page, like the
    terminal, shows them in the order of the file."""
    import io

    from sidelight.preview.session import Preview

    monkeypatch.chdir(sample_content.parent)
    replace_in(sample_content / "claims" / "fund-size.yaml", "rating: accurate", "rating: acurate\nratin: x")
    preview = Preview(sample_content, sample_content.parent / "site", stream=io.StringIO())
    preview.rebuild("first build")
    page = (preview.error_html or b"").decode()
    lines = [int(n) for n in re.findall(r"content/claims/fund-size\.yaml:(\d+):\d+", page)]
    assert len(lines) == 2 and lines == sorted(lines), lines
