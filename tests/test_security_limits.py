"""Bounded work and no escape from content/ (issue 8).

Each attack is its own content: a fixture folder of tests/hostile/ laid over the sample
site, or a file generated here when it is too large or too strange to commit (a 2 MB file,
a named pipe, symbolic links). `check` runs as the editor runs it, in a subprocess with
1 GiB of memory and a timeout: each attack must end in a clear error naming the file,
line and column, with exit status 1, and never a traceback, a hang or a memory blow-up.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from hostile.support import content_with, run_limited
from sidelight.content import documents as yamlnodes
from sidelight.content.files import MAX_BYTES

TIMEOUT = 90  # a hang, not a speed limit: every case here takes well under a few seconds


def check(tmp_path: Path, *args: str):
    return run_limited("--content", "content", "check", *args, cwd=tmp_path, timeout=TIMEOUT)


def error_at(run, path: str, *words: str) -> str:
    """The one error line for `path`, with a real line and column, containing `words`."""
    assert run.code == 1, run.output
    lines = [line for line in run.errors() if line.startswith(path + ":")]
    assert lines, f"no error for {path}:\n{run.output}"
    assert re.match(rf"{re.escape(path)}:\d+:\d+: error: ", lines[0]), lines[0]
    for word in words:
        assert any(word in line for line in lines), f"{word!r} not in {lines}"
    return lines[0]


@pytest.mark.parametrize("fixture, path, words", [
    ("billion-laughs", "content/claims/lol.yaml", ["aliases are not supported", "*a"]),
    ("binary", "content/claims/image.yaml", ["binary file"]),
    ("not-utf8", "content/sources/latin.txt", ["not UTF-8", "0xe9"]),
    ("empty", "content/claims/empty.yaml", ["empty"]),
    ("blank", "content/outlets/blank.yaml", ["empty"]),
    ("python-tag", "content/claims/tagged.yaml", ["tag", "not allowed"]),
])
def test_each_hostile_file_is_one_clear_error(tmp_path: Path, fixture: str, path: str, words: list[str]):
    content_with(tmp_path, fixture)
    error_at(check(tmp_path), path, *words)
    assert not (tmp_path / "pwned").exists()


def test_the_not_utf8_error_points_at_the_bad_byte(tmp_path: Path):
    content_with(tmp_path, "not-utf8")
    line = error_at(check(tmp_path), "content/sources/latin.txt")
    assert line.startswith("content/sources/latin.txt:2:11:")  # `title: Caf` then 0xe9


def test_ids_that_look_like_paths_are_rejected_by_check(tmp_path: Path):
    content_with(tmp_path, "escaping-ids")
    run = check(tmp_path)
    errors = "\n".join(run.errors())
    for bad in ("../../../etc/passwd", "../accurate", "../sources/daily-report", "/etc/daily", "..\\..\\daily",
                "../faithful", "../neutral"):
        assert f"`{bad}` is not a valid id" in errors, (bad, errors)
    # a claimant that is not an id reads as a name: the file it suggests is a plain id
    assert ("content/claims/escape.yaml:3:11: error: `claimant` is now the id of a claimant record, not a name — "
            "create content/claimants/claimants-the-ministry.yaml") in errors, errors


@pytest.mark.parametrize("name", ["a..b.yaml", "Ünïcode.yaml", "with space.yaml", "x;rm -rf.yaml"])
def test_a_file_name_that_is_not_an_id_is_an_error(tmp_path: Path, name: str):
    content = content_with(tmp_path)
    (content / "claims" / name).write_text((content / "claims" / "fund-size.yaml").read_text())
    error_at(check(tmp_path), f"content/claims/{name}", "is not a valid id")


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path):
    content = content_with(tmp_path)
    (content / "claims" / "huge.yaml").write_bytes(b"claim: " + b"a" * MAX_BYTES + b"\n")
    error_at(check(tmp_path), "content/claims/huge.yaml", "too large")


@pytest.mark.parametrize("text", [
    "[" * 100_000,                    # libyaml's flow nesting
    "- " * 100_000 + "x",             # block sequences in one line
    "{a: " * 50_000 + "1" + "}" * 50_000,
    "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 300)),  # indentation
], ids=["brackets", "dashes", "braces", "indentation"])
def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path, text: str):
    content = content_with(tmp_path)
    (content / "claims" / "deep.yaml").write_text(text)
    error_at(check(tmp_path), "content/claims/deep.yaml", "nested more than 40 levels")


def test_deep_nesting_without_libyaml_is_an_error_not_a_recursion_error(monkeypatch):
    """PyYAML's pure-Python composer recurses once per level."""
    monkeypatch.setattr(yamlnodes, "Loader", yaml.SafeLoader)
    for text in ("[" * 100_000, "[" * 900 + "]" * 900):
        with pytest.raises(yamlnodes.YamlProblem, match="nested more than"):
            yamlnodes.parse(text)


def test_a_million_values_stop_at_the_limit(tmp_path: Path):
    content = content_with(tmp_path)
    (content / "claims" / "wide.yaml").write_text("claim: [" + "1," * 990_000 + "1]\n")
    error_at(check(tmp_path), "content/claims/wide.yaml", "more than 200,000 values")


def test_a_quote_of_thousands_of_characters_is_too_long(tmp_path: Path):
    content = content_with(tmp_path)
    claim = content / "claims" / "fund-size.yaml"
    long_quote = " ".join(["an initial $ 1 billion for new technologies"] * 120)
    claim.write_text(claim.read_text().replace("quote: an initial $ 1 billion for new technologies",
                                               f"quote: {long_quote}"))
    line = error_at(check(tmp_path), "content/claims/fund-size.yaml", "too long")
    assert "at most 2,000" in line
    assert len(check(tmp_path).errors()) == 1  # not also "not in the source"


def big_source(content: Path, words: str) -> None:
    (content / "sources" / "big.txt").write_text(
        "---\ntitle: A very long article\noutlet: daily\nlanguage: en\n---\n" + words + "\n")


def quoting_claim(content: Path, passages: str) -> None:
    claim = (content / "claims" / "plan-secret.yaml").read_text()
    (content / "claims" / "quotes-big.yaml").write_text(claim.replace(
        "  - source: wire-story\n    fidelity: faithful\n    stance: neutral\n    passages:\n"
        "      - quote: Ministers met on October 21–22\n",
        f"  - source: big\n    fidelity: faithful\n    stance: neutral\n    passages:\n{passages}"))


def test_a_common_word_with_a_prefix_in_a_huge_source_is_not_quadratic(tmp_path: Path):
    """Narrowing by prefix once sliced the whole text at every hit: minutes per quote."""
    content = content_with(tmp_path)
    big_source(content, "a b " * 240_000 + "needle c")
    quoting_claim(content, "".join(f"      - quote: b\n        prefix: x{i}\n" for i in range(5)))
    error_at(check(tmp_path), "content/claims/quotes-big.yaml", "occurs more than 10,000 times")


def test_many_long_unfound_quotes_in_a_huge_source_are_bounded(tmp_path: Path):
    """The closest-passage search is quadratic; it is skipped past a bound."""
    content = content_with(tmp_path)
    big_source(content, " ".join(f"word{i % 997} text{i % 13}" for i in range(40_000)))
    quote = " ".join(f"word{i} text{i}" for i in range(40))[:400]
    quoting_claim(content, "".join(f"      - quote: {quote} x{i}\n" for i in range(30)))
    run = check(tmp_path)
    lines = [line for line in run.errors() if "quotes-big.yaml" in line]
    assert len(lines) == 30 and all("is not in" in line for line in lines)
    assert sum("closest passage" in line for line in lines) == 10  # anchor.MAX_SUGGESTIONS


def test_a_link_to_a_file_outside_content_is_refused(tmp_path: Path):
    content = content_with(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("---\ntitle: SECRET-TOKEN\noutlet: daily\nlanguage: en\n---\nSECRET-TOKEN\n")
    (content / "sources" / "leak.txt").symlink_to(secret)
    error_at(check(tmp_path), "content/sources/leak.txt", "link to a place outside content/")


def test_a_linked_folder_outside_content_is_refused_file_by_file(tmp_path: Path):
    content = content_with(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "about.md").write_text("---\ntitle: Outside\n---\nSECRET-TOKEN\n")
    os.rename(content / "pages", tmp_path / "pages-moved")
    (content / "pages").symlink_to(outside, target_is_directory=True)
    error_at(check(tmp_path), "content/pages/about.md", "link to a place outside content/")


def test_links_inside_content_are_followed(tmp_path: Path):
    content = content_with(tmp_path)
    os.rename(content / "pages" / "about.md", content / "about-original.md")
    (content / "pages" / "about.md").symlink_to(content / "about-original.md")
    run = check(tmp_path)
    assert run.code == 0, run.output


def test_a_link_that_loops_is_an_error(tmp_path: Path):
    content = content_with(tmp_path)
    (content / "claims" / "loop.yaml").symlink_to(content / "claims" / "loop.yaml")
    error_at(check(tmp_path), "content/claims/loop.yaml", "loops")


def test_a_named_pipe_does_not_hang_the_build(tmp_path: Path):
    content = content_with(tmp_path)
    os.mkfifo(content / "claims" / "pipe.yaml")
    error_at(check(tmp_path), "content/claims/pipe.yaml", "not a regular file")


@pytest.mark.parametrize("bomb", ["[" * 200_000, "[a](" * 50_000, "<b>x</b> " * 20_000, "&" * 200_000,
                                  "\\[" * 100_000, "[a\n" * 60_000],
                         ids=["brackets", "open-links", "inline-html", "entities", "escapes", "bracket-lines"])
def test_a_markdown_bomb_builds_in_bounded_time(tmp_path: Path, bomb: str):
    """Python-Markdown is cubic on some inputs (8,000 `[` take 20 s); such text is shown
    as plain paragraphs instead, escaped, and the build finishes."""
    content = content_with(tmp_path)
    (content / "pages" / "bomb.md").write_text(f"---\ntitle: Bomb\n---\nBOMB-START {bomb}\n")
    run = run_limited("--content", "content", "build", "--clean", "--out", "site", cwd=tmp_path, timeout=TIMEOUT)
    assert run.code == 0, run.output
    page = (tmp_path / "site" / "bomb" / "index.html").read_text()
    assert "BOMB-START" in page
