"""`sidelight init DIR`: a new site, ready to build.

The skeleton Sidelight ships (`config.SKELETON`: content with one example of each file
kind, the publishing workflow, a README) is copied into DIR with the schemas its files name
on their first line, and a requirements file naming this Sidelight. What it writes builds
and passes `check --strict` as made (tests/test_init.py). DIR must be new or empty: init
never writes over anything.
"""

from __future__ import annotations

import shutil
import sys
from importlib import metadata
from pathlib import Path

from sidelight import config
from sidelight.terminal import say

SKELETON = config.SKELETON
SCHEMAS = config.SCHEMAS


def init(target: Path) -> int:
    """Write a new site into `target`; 0 when written, 1 (with a message) when refused."""
    refused = refusal(target)
    if refused:
        say(f"error: {refused}", sys.stderr)
        return 1
    try:
        write_site(target)
    except OSError as exc:
        say(f"error: cannot write {target}: {exc.strerror or exc}", sys.stderr)
        return 1
    say(f"started a new site in {target}: read {target / 'README.md'}, then run `sidelight check --strict`")
    return 0


def refusal(target: Path) -> str | None:
    """Why `target` cannot take a new site, or None: it must not exist, or be an empty folder."""
    if target.exists() and not target.is_dir():
        return f"{target} is a file: give the name of a new or empty folder for the site"
    held = sorted(p.name for p in target.iterdir()) if target.is_dir() else []
    if held:
        shown = ", ".join(held[:3]) + (f" and {len(held) - 3} more" if len(held) > 3 else "")
        return f"{target} is not empty (it holds {shown}): init writes only into a new or empty folder"
    return None


def write_site(target: Path) -> None:
    shutil.copytree(SKELETON, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SCHEMAS, target / "schema", dirs_exist_ok=True)
    (target / "requirements.txt").write_text(requirements(), encoding="utf-8")


def requirements() -> str:
    """The Sidelight this site was made with, for the workflow and the README's install line."""
    try:
        version = metadata.version("sidelight")
    except metadata.PackageNotFoundError:
        return "sidelight\n"
    return (
        "# The Sidelight this site was made with. Install it from where you got it (a wheel, a\n"
        "# package index or a git address) and keep this line in step when you upgrade.\n"
        f"sidelight=={version}\n"
    )
