"""Where Sidelight finds what is not content: its code, the site's templates, the schemas.

Every such location is named here, once. `templates/` and `schema/` sit beside the package
in this repository (the site's own templates, and the schemas editors' YAML extensions
point at through each file's first line)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # sidelight/: the code, hashed into every cache's stamp
ROOT = PACKAGE.parent
TEMPLATES = ROOT / "templates"
SCHEMAS = ROOT / "schema"
DOCS = ROOT / "docs"
