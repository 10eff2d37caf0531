"""Where the caches go (issue 12): `--cache-dir`, else SIDELIGHT_CACHE_DIR, else
`.sidelight-cache` in the working folder; never inside the content folder, and never into
the repository when the suite builds its sample."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli_runs import REPO, run_in_process

SAMPLE = REPO / "tests" / "sample" / "content"
UNSET = {"SIDELIGHT_CACHE_DIR": None}  # the suite sets it (conftest.py); these tests need it unset


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if "__pycache__" not in p.parts}


def cache_files(folder: Path) -> list[str]:
    return sorted(p.name.split("-")[0] for p in folder.iterdir() if not p.name.startswith("."))


def test_by_default_the_cache_is_in_the_working_folder_and_never_in_content(sample_content, tmp_path):
    before = files_under(sample_content)
    work = tmp_path / "work"
    work.mkdir()
    run = run_in_process("--content", "../content", "build", cwd=work, env=UNSET)
    assert run.code == 0, run.output
    assert cache_files(work / ".sidelight-cache") == ["anchored", "parsed", "render", "unchanged"]
    assert (work / "site" / "index.html").is_file()  # beside the site, as it is by default
    assert files_under(sample_content) == before and not (tmp_path / ".sidelight-cache").exists()


def test_run_from_inside_the_content_folder_the_default_cache_is_beside_it(sample_content, tmp_path):
    before = files_under(sample_content)
    run = run_in_process("--content", ".", "check", cwd=sample_content, env=UNSET)
    assert run.code == 0, run.output
    assert cache_files(tmp_path / ".sidelight-cache") == ["anchored", "parsed"]
    assert files_under(sample_content) == before


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_chosen_cache_folder_holds_every_cache_file_and_is_read_back(sample_content, tmp_path, how):
    chosen = tmp_path / "elsewhere" / "cache"
    args, env = (("--cache-dir", str(chosen)), UNSET) if how == "option" else ((), {"SIDELIGHT_CACHE_DIR": str(chosen)})
    first = run_in_process("--content", "content", "build", *args, cwd=tmp_path, env=env)
    again = run_in_process("--content", "content", "build", *args, cwd=tmp_path, env=env)
    assert first.code == again.code == 0, first.output + again.output
    assert cache_files(chosen) == ["anchored", "parsed", "render", "unchanged"]
    assert "nothing changed: " in again.stdout  # the no-change record was found there
    assert not (tmp_path / ".sidelight-cache").exists()


def test_check_and_serve_take_the_option_too(sample_content, tmp_path):
    chosen = tmp_path / "check-cache"
    run = run_in_process("--content", "content", "check", "--cache-dir", str(chosen), cwd=tmp_path, env=UNSET)
    assert run.code == 0 and cache_files(chosen) == ["anchored", "parsed"]
    assert "--cache-dir DIR" in run_in_process("serve", "--help", cwd=tmp_path).stdout


@pytest.mark.parametrize("how", ["option", "environment"])
@pytest.mark.parametrize("where", ["content/.cache", "content", "content/claims"])
def test_a_cache_folder_inside_the_content_folder_is_refused(sample_content, tmp_path, how, where):
    before = files_under(tmp_path)
    args, env = (("--cache-dir", where), UNSET) if how == "option" else ((), {"SIDELIGHT_CACHE_DIR": where})
    run = run_in_process("--content", "content", "build", *args, cwd=tmp_path, env=env)
    assert run.code == 2
    assert run.stderr == (f"error: the cache folder {tmp_path / where} is inside the content folder content;"
                          " choose one outside it with --cache-dir or SIDELIGHT_CACHE_DIR\n")
    assert files_under(tmp_path) == before  # no site, no cache


def test_building_and_checking_the_sample_writes_nothing_into_the_repository(tmp_path):
    """As the suite's tests do: the sample folder itself, from the repository's root."""
    before = {name: files_under(REPO / name) for name in ("tests", "content")}
    assert os.environ["SIDELIGHT_CACHE_DIR"].startswith(str(tmp_path))
    assert run_in_process("--content", str(SAMPLE), "build", "--out", str(tmp_path / "site"), cwd=REPO).code == 0
    assert run_in_process("--content", "tests/sample/content", "check", cwd=REPO).code == 0
    assert run_in_process("--content", "content", "check", cwd=REPO).code == 0
    assert {name: files_under(REPO / name) for name in ("tests", "content")} == before
