"""Packaging hook: the wheel carries the theme and the schemas inside the package.

`templates/` and `schema/` stay at the top of the repository (the site's own templates,
and the schemas that content files name on their first line for editors' YAML
extensions); a built package gets a copy of both under `sidelight/_data/`, where
`sidelight.config` looks first. An editable install copies nothing: config then finds
the repository's folders beside the package. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = {
    "templates": "sidelight/_data/templates",
    "schema": "sidelight/_data/schema",
    "skeleton": "sidelight/_data/skeleton",
}


class BuildPyWithData(build_py):
    """build_py, then a fresh copy of each shipped folder into the built package (a stale
    copy from an earlier build would ship files that no longer exist)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for source, target in SHIPPED.items():
            if not (HERE / source).is_dir():
                raise FileNotFoundError(f"{HERE / source}: the wheel must ship it (is it in MANIFEST.in?)")
            built = Path(self.build_lib) / target
            shutil.rmtree(built, ignore_errors=True)
            shutil.copytree(HERE / source, built, ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildPyWithData})
