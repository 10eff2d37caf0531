"""Hostile text never acts on the terminal or the CI log that shows it (issue 18, item 5).

Content may put escape sequences, bidirectional overrides and GitHub Actions workflow
commands (`::error …`, `::stop-commands::`, `##[…]`) into a file name or a value that a
message quotes. `check`, `build` and `serve` print them as visible escapes, and only
Sidelight's own annotations are workflow commands. Everything printed goes through
sidelight/terminal.py: the last test holds every module of the package to that.
"""
from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest

from sidelight.problems import Problem
from sidelight.terminal import annotation, printable

PACKAGE = Path(__file__).resolve().parent.parent / "sidelight"
# What a terminal or the Actions runner would act on: C0 but the line break, DEL, C1,
# line and paragraph separators, bidirectional controls.
ACTIVE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
OUR_ANNOTATION = re.compile(r"::(error|warning) file=[^,:\n]*,line=\d+,col=\d+::")
HOSTILE = "x\n::error file=README.md,line=1::forged\n::stop-commands::tok\n##[error]old form \x1b]0;title\x07" \
          " \x1b[2J\x9b31m red \u202eevil\u202c end"
# What check lets into a value (control characters are refused at their place, see
# tests/test_security_content.py): line breaks, workflow commands, bidirectional overrides.
HOSTILE_YAML = '"x\\n::error file=README.md,line=1::forged\\n::stop-commands::tok\\n##[error]old form' \
               ' red \\u202Eevil\\u202C end"'
# A file name: newlines, an escape sequence and a workflow command; `/` is the one byte it cannot hold.
HOSTILE_NAME = "\x1b[31mred\n::error file=x,line=1::named\n##[warning]n\u202eame.yaml"


def inert(output: str) -> list[str]:
    """Why `output` is not safe to show (empty: it is): active characters, workflow
    commands that are not Sidelight's own annotations."""
    why = [f"active character {c!r}" for c in set(ACTIVE.findall(output))]
    for line in output.splitlines():
        if line.lstrip().startswith("::") and not OUR_ANNOTATION.match(line):
            why.append(f"workflow command: {line!r}")
        if "##[" in line:
            why.append(f"old-form workflow command: {line!r}")
    return why


@pytest.fixture
def hostile_content(sample_content: Path) -> Path:
    """The sample site with a hostile `leftovers:` value and a claim with a hostile name."""
    source = sample_content / "sources" / "wire-story.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("language: en\n", f"language: en\nleftovers: [{HOSTILE_YAML}]\n", 1),
                      encoding="utf-8")
    (sample_content / "claims" / HOSTILE_NAME).write_text("claim: x\n", encoding="utf-8")
    return sample_content


def test_printable_shows_every_control_character_as_a_visible_escape():
    assert printable("a\x1b[31mb\x07c\x9bd\x00e\x7ff") == "a\\x1b[31mb\\x07c\\x9bd\\x00e\\x7ff"
    assert printable("l1\nl2\rl3\tl4\u2028l5") == "l1\\nl2\\rl3\\tl4\\u2028l5"
    assert printable("abc\u202edef\u2066g\u200fh") == "abc\\u202edef\\u2066g\\u200fh"
    assert printable("Zoë — “quoted” €1 日本") == "Zoë — “quoted” €1 日本"  # text stays text


def test_printable_defuses_both_forms_of_workflow_command():
    assert printable("::error::x") == "\\x3a:error::x"
    assert printable("  ::stop-commands::t") == "  \\x3a:stop-commands::t"
    assert printable("a ##[error]b") == "a ##\\x5b" + "error]b"
    assert printable("path: a::b") == "path: a::b"  # `::` inside a line is nothing to the runner


@pytest.mark.parametrize("text", [HOSTILE, HOSTILE_NAME, "::x", "##[", "\\x1b", "%0A"])
def test_printable_is_idempotent_and_inert(text):
    once = printable(text)
    assert printable(once) == once and "\n" not in once and inert(once) == []


def test_an_annotation_escapes_its_fields_as_the_actions_runner_unescapes_them():
    line = annotation("warning", "content/a:b,c%.yaml", 3, 4, "50% off\r\n::error::x \x1b[2J")
    assert line == ("::warning file=content/a%3Ab%2Cc%25.yaml,line=3,col=4"
                    "::50%25 off%0D%0A::error::x \\x1b[2J")
    assert inert(line) == []


def test_problem_text_is_one_inert_line():
    text = Problem(HOSTILE_NAME, 1, 1, HOSTILE, HOSTILE).text()
    assert "\n" not in text and inert(text) == []
    assert "\\x1b[31mred\\n\\x3a:error" not in text  # mid-line `::` needs no defusing
    assert text.startswith("\\x1b[31mred\\n::error file=x,line=1::named\\n##\\x5b")


def test_check_prints_hostile_names_and_values_inert(hostile_content, run_check):
    run = run_check()
    assert run.code == 1 and inert(run.output) == []
    assert "\\x1b[31mred\\n::error file=x,line=1::named" in run.stderr  # the file is named, visibly
    assert "##\\x5b" + "error]old form red \\u202eevil" in run.stderr  # the leftover is quoted, visibly


def test_check_format_github_gives_only_its_own_annotations(hostile_content, run_check):
    run = run_check("--format", "github")
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert run.code == 1 and inert(run.output) == [] and len(annotations) == len(run.stdout.splitlines())
    leftover = next(line for line in annotations if "not a whole paragraph" in line)
    assert leftover.startswith("::warning file=content/sources/wire-story.txt,")
    assert "x%0A::error file=README.md,line=1::forged%0A::stop-commands::tok%0A" in leftover


def test_build_as_ci_runs_it_prints_hostile_text_inert(hostile_content, run_cli):
    """The CI build step prints problems as plain text: a value's line break must not
    start a line the runner would read as a command."""
    (hostile_content / "claims" / HOSTILE_NAME).unlink()  # a build with warnings only
    run = run_cli("--content", "content", "build", "--clean", "--out", "site")
    assert run.code == 0 and "not a whole paragraph" in run.stderr
    assert inert(run.output) == []


def test_serve_prints_hostile_names_inert(hostile_content, tmp_path):
    from sidelight.preview.session import Preview
    shown = io.StringIO()
    Preview(hostile_content, tmp_path / "site", stream=shown).rebuild("first build")
    assert "\\x1b[31mred\\n::error" in shown.getvalue() and inert(shown.getvalue()) == []


def test_argparse_echoes_a_hostile_argument_inert(run_cli):
    run = run_cli("new", "claim\x1b]0;pwn\x07")
    assert run.code == 2 and "claim\\x1b]0;pwn\\x07" in run.stderr and inert(run.output) == []


def test_new_echoes_a_hostile_id_inert(sample_content, run_cli):
    run = run_cli("--content", "content", "new", "claim", "\x1b[2J\n::error::x")
    assert run.code == 1 and "\\x1b[2J\\n::error::x" in run.stderr and inert(run.output) == []


def printing_calls(tree: ast.AST) -> list[int]:
    """Lines that print or write to a terminal stream without terminal.py."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and f.id == "print":
            lines.append(node.lineno)
        elif isinstance(f, ast.Attribute) and f.attr in ("write", "writelines") and writes_to_a_terminal(f.value):
            lines.append(node.lineno)
    return lines


def writes_to_a_terminal(target: ast.AST) -> bool:
    text = ast.unparse(target)
    return text in ("sys.stdout", "sys.stderr", "sys.__stdout__", "sys.__stderr__") or text.endswith("stream")


def test_nothing_in_the_package_prints_but_through_terminal():
    found = {}
    for module in sorted(PACKAGE.glob("*.py")):
        if module.name == "terminal.py":
            continue
        lines = printing_calls(ast.parse(module.read_text(encoding="utf-8")))
        if lines:
            found[module.name] = lines
    assert found == {}, f"print through sidelight.terminal (say, annotate, redraw), not directly: {found}"


def test_the_scan_sees_a_print():
    assert printing_calls(ast.parse("print(x)\nsys.stderr.write(y)\nself.stream.write(z)\nf.write(w)")) == [1, 2, 3]
