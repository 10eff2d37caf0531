"""`sidelight init DIR` starts a site that builds and passes `check --strict` as made, with
one example of each file kind, every field of site.yaml explained, the publishing workflow
and a README; it never writes into a folder that holds anything."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from sidelight import config
from sidelight.content.files import FOLDERS, SINGLETONS


def test_init_makes_a_site_that_passes_check_strict_and_builds(run_cli, tmp_path: Path):
    made = run_cli("init", "desk")
    assert made.code == 0 and "desk/README.md" in made.output
    checked = run_cli("check", "--strict", "--content", "content", cwd=tmp_path / "desk")
    assert checked.code == 0 and checked.problems() == [], checked.output
    built = run_cli("build", "--content", "content", "--out", "site", cwd=tmp_path / "desk")
    assert built.code == 0, built.output
    site = tmp_path / "desk" / "site"
    claim = BeautifulSoup((site / "claims" / "libraries-spending-doubles" / "index.html").read_bytes(), "html.parser")
    assert "The budget doubles what the city spends on libraries." in claim.get_text(" ", strip=True)
    home = BeautifulSoup((site / "index.html").read_bytes(), "html.parser")
    assert home.title is not None and "Example Desk" in home.title.get_text()


def test_init_writes_one_example_of_each_file_kind(run_cli, tmp_path: Path):
    assert run_cli("init", "desk").code == 0
    content = tmp_path / "desk" / "content"
    for folder, (kind, suffix) in FOLDERS.items():
        assert len(list((content / folder).glob(f"*{suffix}"))) == 1, f"one {kind} in {folder}/"
    for name in SINGLETONS:
        assert (content / name).is_file()
    workflow = yaml.safe_load((tmp_path / "desk" / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert any("sidelight check --strict" in run for run in steps) and any("sidelight build" in run for run in steps)
    assert (tmp_path / "desk" / "README.md").is_file()
    assert "sidelight" in (tmp_path / "desk" / "requirements.txt").read_text(encoding="utf-8")


def test_site_yaml_names_every_field_of_its_schema_and_each_content_file_finds_its_schema(run_cli, tmp_path: Path):
    assert run_cli("init", "desk").code == 0
    desk = tmp_path / "desk"
    site_yaml = (desk / "content" / "site.yaml").read_text(encoding="utf-8")
    schema = json.loads((config.SCHEMAS / "site.schema.json").read_text(encoding="utf-8"))
    fields = set(schema["properties"]) | set(schema["properties"]["organisation"]["properties"])
    named = set(re.findall(r"^\s*#?\s*(\w+):", site_yaml, re.MULTILINE))
    assert fields <= named, f"site.yaml does not mention {sorted(fields - named)}"
    for file in (desk / "content").rglob("*.*"):
        first = next((line for line in file.read_text(encoding="utf-8").splitlines() if "$schema=" in line), None)
        if first:
            assert (file.parent / first.split("$schema=")[1]).resolve().is_file(), file


def test_init_refuses_a_folder_that_holds_anything(run_cli, tmp_path: Path):
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = run_cli("init", "desk")
    assert refused.code == 1
    assert "desk is not empty (it holds notes.txt)" in refused.output and "new or empty folder" in refused.output
    assert sorted(p.name for p in (tmp_path / "desk").iterdir()) == ["notes.txt"]
    assert run_cli("init", "desk/notes.txt").code == 1


def test_init_takes_an_empty_folder(run_cli, tmp_path: Path):
    (tmp_path / "desk").mkdir()
    assert run_cli("init", "desk").code == 0
    assert (tmp_path / "desk" / "content" / "site.yaml").is_file()
