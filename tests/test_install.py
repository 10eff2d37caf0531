"""A non-editable install in a fresh virtual environment builds the shipped content from
another folder, into the same site as this repository builds.

The wheel is built from a copy of the source (so nothing is written into the repository),
offline (`--no-index --no-build-isolation`: the setuptools of this environment), and
installed without its dependencies into a new virtual environment; that environment reads
the dependencies from this one's site-packages through a `.pth` line, which adds the folder
but runs none of its own `.pth` files, so the editable install of this repository is not
importable there. The command then runs from a folder outside the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from sidelight.build import pipeline

REPO = Path(__file__).resolve().parent.parent
SHIPPED_CONTENT = REPO / "content"
NOT_SOURCE = {".git", ".venv", "venv", "site", "build", "dist", "tests", "benchmarks", "content", ".sidelight-cache"}


def copy_source(target: Path) -> Path:
    """The repository as a source distribution would hold it, without what a build never
    reads (top-level names only: `sidelight/build/` is code)."""

    def skipped(folder: str, names: list[str]) -> set[str]:
        top = Path(folder).resolve() == REPO
        return {
            n
            for n in names
            if (top and (n in NOT_SOURCE or n.startswith(".site"))) or n == "__pycache__" or n.endswith(".egg-info")
        }

    shutil.copytree(REPO, target, ignore=skipped)
    return target


def pip(*args: str, cwd: Path) -> None:
    """This environment's pip, offline; a failure shows pip's own words (an old setuptools:
    `pip install -e '.[test]'` brings one that builds wheels)."""
    run = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args],
        cwd=cwd,
        env=os.environ | {"PIP_NO_INPUT": "1"},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, f"pip {' '.join(args)}:\n{run.stdout}{run.stderr}"


def installed_environment(tmp: Path) -> Path:
    """A new virtual environment with Sidelight installed from its wheel; its `bin/`."""
    source = copy_source(tmp / "source")
    pip("wheel", "--no-deps", "--no-index", "--no-build-isolation", "-w", str(tmp / "wheels"), str(source), cwd=tmp)
    (wheel,) = (tmp / "wheels").glob("sidelight-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site_packages) / "dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    pip("--python", str(python), "install", "--no-deps", "--no-index", str(wheel), cwd=tmp)
    return venv / "bin"


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_an_installed_sidelight_builds_the_shipped_content_from_another_folder(tmp_path: Path):
    bin_ = installed_environment(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}

    where = subprocess.run(
        [
            str(bin_ / "python"),
            "-c",
            "import json, sidelight, sidelight.config as c;"
            " print(json.dumps([sidelight.__file__, str(c.TEMPLATES), str(c.SCHEMAS)]))",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    code, templates, schemas = (Path(p) for p in json.loads(where.stdout))
    package = code.parent
    assert tmp_path / "venv" in package.parents, f"ran {code}, not the installed copy"
    assert package in Path(templates).parents and package in Path(schemas).parents
    assert (Path(templates) / "base.html").is_file() and (Path(templates) / "static" / "style.css").is_file()
    assert (Path(schemas) / "claim.schema.json").is_file()

    project = tmp_path / "project"
    shutil.copytree(SHIPPED_CONTENT, project / "content")
    run = subprocess.run(
        [str(bin_ / "sidelight"), "build", "--content", str(project / "content"), "--out", str(project / "site")],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "built " in run.stdout + run.stderr

    reference = tmp_path / "reference"
    shutil.copytree(SHIPPED_CONTENT, reference / "content")
    assert not pipeline.build(reference / "content", reference / "site", clean=True).report.errors
    installed, in_repository = site_files(project / "site"), site_files(reference / "site")
    assert "index.html" in installed and "static/style.css" in installed
    assert sorted(installed) == sorted(in_repository)
    assert [name for name in installed if installed[name] != in_repository[name]] == []


def test_an_installed_sidelight_starts_a_new_site_that_passes_check_strict(tmp_path: Path):
    """`init` from the wheel: the skeleton (its dot-folders too) and the schemas travel inside it."""
    bin_ = installed_environment(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    made = subprocess.run([str(bin_ / "sidelight"), "init", "desk"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    desk = tmp_path / "desk"
    assert (desk / ".github" / "workflows" / "site.yml").is_file() and (desk / "schema" / "claim.schema.json").is_file()
    checked = subprocess.run(
        [str(bin_ / "sidelight"), "check", "--strict"], cwd=desk, env=env, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
