"""Where Sidelight finds what is not content: its code, the packaged theme, the schemas.

Every such location is named here, once. In this repository `templates/`, `schema/` and
`skeleton/` sit beside the package (the site's own templates; the schemas editors' YAML
extensions point at through each file's first line; the new site `sidelight init` writes);
a built wheel carries a copy of each inside the package, under `_data/` (see setup.py).
The copy inside the package is used when present (an installed Sidelight), else the
repository's folders (an editable install, or the code run from a checkout)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # sidelight/: the code, hashed into every cache's stamp
SHIPPED = PACKAGE / "_data"  # the theme and schemas an installed wheel carries
ROOT = PACKAGE.parent  # the repository, for a checkout or an editable install


def shipped(name: str) -> Path:
    """The folder `name` inside the installed package, else the repository's own."""
    inside = SHIPPED / name
    return inside if inside.is_dir() else ROOT / name


TEMPLATES = shipped("templates")  # the packaged theme: Jinja2 templates and static/
SCHEMAS = shipped("schema")
SKELETON = shipped("skeleton")  # what `sidelight init` copies into a new site
DOCS = ROOT / "docs"  # the repository's documentation, which `editor.schemadoc --write` refreshes
