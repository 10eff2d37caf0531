"""The command line as README shows it (issue 18, items 6, 14 and 15): every documented
command parses and starts, no command means `build`, and what a command says is what
happened: a build that changed nothing says so, a taken port gets a free one named, the
error total counts the errors printed, an unreadable `--from-html` page is a message."""

from __future__ import annotations

import itertools
import os
import re
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runs import REPO, Run, assert_no_traceback, cli_process, run_in_process
from hostile.support import run_limited
from sidelight import cli

README = REPO / "README.md"
PROGRAM = ".venv/bin/python build.py"


def readme_commands() -> list[str]:
    """The commands of README's command table (code spans of its first column), each
    alternative `a|b` and placeholder `<id>` spelled out."""
    section = README.read_text(encoding="utf-8").split("## Commands", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    spans = [
        span.replace("\\|", "|") for row in rows for span in re.findall(r"`([^`]+)`", re.split(r"(?<!\\)\|", row)[1])
    ]
    return [command for span in spans for command in spelled_out(span)]


def spelled_out(span: str) -> list[str]:
    words = [word.split("|") for word in span.replace("<id>", "an-id").split(" ")]
    return [" ".join(choice) for choice in itertools.product(*words)]


def test_readme_shows_commands_that_start_with_the_projects_python():
    commands = readme_commands()
    assert len(commands) >= 12 and all(c.startswith(PROGRAM) for c in commands), commands


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_parses_and_starts(command):
    """Parsed by the real parser, then run with `--help` (which runs nothing): the command
    and its options all exist as written (the entry point itself: the tests below that
    start build.py and the installed script as processes)."""
    argv = shlex.split(command.removeprefix(PROGRAM))
    args = cli.parser().parse_args(argv)
    assert args.command in ("build", "check", "serve", "new", "init", "match", "status")
    run = run_in_process(*argv, "--help", cwd=REPO)
    assert run.code == 0 and run.stdout.startswith("usage: "), run.stderr


@pytest.mark.parametrize("options", [(), ("-q",), ("-v", "--content", "content"), ("--content", "content")])
def test_no_command_builds(sample_content, run_cli, options):
    run = run_cli(*options)  # in the folder holding content/, the default
    assert run.code == 0, run.output
    assert (sample_content.parent / "site" / "index.html").is_file()
    assert ("built " in run.stdout) == ("-q" not in options)


def test_a_build_with_nothing_to_do_says_so_instead_of_built(sample_content, run_cli):
    first = run_cli("--content", "content")
    again = run_cli("--content", "content")
    pages = re.search(r"^built (\d+) pages", first.stdout, re.MULTILINE).group(1)
    assert not re.search("^built ", again.stdout, re.MULTILINE), again.stdout
    assert f"nothing changed: {pages} pages kept in site/ (" in again.stdout


def test_a_taken_port_names_a_free_one(sample_content, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = cli.main(["--content", str(sample_content), "serve", "--port", str(port)])
        err = capsys.readouterr().err
        assert code == 1 and f"cannot serve on 127.0.0.1:{port}: Address already in use" in err
        free = int(re.search(r"port (\d+) is free: add --port \1 \(or --port 0", err).group(1))
        assert free != port
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", free))  # it was free indeed


def test_the_error_total_counts_the_errors_printed(sample_content, run_check):
    """A schema error seen through two branches is one error, printed once and counted once."""
    claim = sample_content / "claims" / "fund-size.yaml"
    claim.write_text(
        claim.read_text(encoding="utf-8").replace("evidence:\n", "evidence:\n  - 5\n  - {}\n", 1), encoding="utf-8"
    )
    run = run_check()
    total = int(re.search(r"check failed: (\d+) errors?", run.stderr).group(1))
    assert run.code == 1 and total == len(run.errors()) >= 2


def test_quiet_says_the_warnings_it_does_not_show(sample_content, run_cli):
    (sample_content / "claims" / "notes.json").write_text("{}", encoding="utf-8")  # a warning
    (sample_content / "claims" / "Bad.yaml").write_text("claim: x\n", encoding="utf-8")  # an error
    run = run_cli("-q", "--content", "content", "build")
    assert run.code == 1 and run.problems("warning") == []
    assert "1 warning (not shown with -q)" in run.stderr


@pytest.mark.parametrize("given", ["/dev/zero", "folder", "fifo"])
def test_from_html_refuses_what_is_not_a_saved_page(sample_content, tmp_path, given):
    """Within 1 GiB and a minute: before, /dev/zero read until MemoryError and a pipe hung."""
    page = given
    if given == "folder":
        page = str(tmp_path)
    elif given == "fifo":
        page = str(tmp_path / "page.html")
        os.mkfifo(page)
    run = run_limited("--content", "content", "new", "source", "an-id", "--from-html", page, cwd=tmp_path, timeout=60)
    assert run.code == 1 and run.stderr == (
        f"error: {page} is not a file (it is a folder, a pipe or a device)"
        " — save the web page (File → Save Page As…) and give that file\n"
    )
    assert not (sample_content / "sources" / "an-id.txt").exists()


def test_without_the_python_packages_the_entry_point_says_how_to_install_them(sample_content, tmp_path):
    """`python3 build.py` outside the project's environment: `-S` hides the installed
    packages, as a Python without them would be."""
    run = cli_process("--content", "content", "check", cwd=tmp_path, python_options=("-S",), timeout=60)
    assert run.code == 1 and run.stderr.count("\n") == 1
    assert "Python packages are not installed" in run.stderr
    assert "run: python3 -m venv .venv && .venv/bin/pip install -e . — then .venv/bin/python build.py" in run.stderr


def test_the_installed_sidelight_command_with_no_command_builds(sample_content, tmp_path):
    script = Path(sys.executable).parent / "sidelight"
    if not script.exists():
        pytest.skip(f"no `sidelight` script beside {sys.executable} (the package is not installed there)")
    proc = subprocess.run([str(script), "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert_no_traceback(Run(proc.returncode, proc.stdout, proc.stderr))
    assert proc.returncode == 0 and (tmp_path / "site" / "index.html").is_file()
