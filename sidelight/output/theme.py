"""Template lookup: the site's own templates first, then the theme Sidelight ships.

A site overrides a template or a static asset by putting a file of the same name in a
`templates/` folder beside its content folder (`templates/base.html`,
`templates/static/style.css`); everything it does not override comes from the packaged
theme (`config.TEMPLATES`). The Jinja2 loader and the static assets follow the same
chain, and so does every cache's stamp, so a change in either folder is seen.

An override may extend the very file it replaces: `theme:` before a name
(`{% extends "theme:base.html" %}`) always means the packaged file, skipping the site's
folder, as MkDocs' `custom_dir` and Hugo's lookup order allow. Message catalogues follow
the same order (`catalogue_folders`).

Light on purpose (Jinja2 is imported only to make a loader): the no-change shortcut
imports this module to name the templates a build would read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sidelight import config
from sidelight.pages.urls import static_path

if TYPE_CHECKING:
    from jinja2 import BaseLoader

THEME = config.TEMPLATES  # the packaged theme: a template missing from a site's folder comes from here
SITE_FOLDER = "templates"  # beside the content folder: the site's own templates
PACKAGED = "theme"  # `theme:base.html`: the packaged base.html, even where the site overrides it
CATALOGUES = "locales"  # in each lookup folder: message catalogues, the site's before the packaged


def site_templates(content: Path) -> Path:
    """The folder a build of `content` looks up templates in first: `templates/` beside the
    content folder (as given, links not followed) if it is a folder, else the packaged theme."""
    own = Path(os.path.abspath(content)).parent / SITE_FOLDER
    return own if own.is_dir() else THEME


def folders(templates: Path) -> list[Path]:
    """Where templates and static assets are looked up, first match wins: `templates` (the
    site's own folder, or a whole theme), then the packaged theme for anything it lacks."""
    return [templates] if same_folder(templates, THEME) else [templates, THEME]


def same_folder(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def loader(templates: Path) -> BaseLoader:
    """The Jinja2 loader over `folders(templates)`: `{% extends "base.html" %}` and imports
    resolve through the same chain, so a site may override only `base.html`; and
    `theme:<name>` for the packaged file alone, so an override can extend what it replaces
    (the packaged file's own `extends` and imports still go through the whole chain)."""
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

    packaged = PrefixLoader({PACKAGED: FileSystemLoader(THEME)}, delimiter=":")
    return ChoiceLoader([FileSystemLoader(folders(templates)), packaged])


def catalogue_folders(templates: Path) -> list[Path]:
    """Where message catalogues are looked up, first match wins: `locales/` of each lookup
    folder that has one, the site's before the packaged theme's, so a site can reword or
    add one message without copying a whole catalogue."""
    return [folder / CATALOGUES for folder in folders(templates) if (folder / CATALOGUES).is_dir()]


def static_files(templates: Path) -> dict[str, bytes]:
    """Every file under `static/` of the lookup folders, by its path in the site
    (`static/style.css`), in path order; a site's own asset replaces the packaged one."""
    files: dict[str, bytes] = {}
    for folder in reversed(folders(templates)):
        root = folder / "static"
        for asset in root.rglob("*"):
            if asset.is_file():
                files[static_path(asset.relative_to(root).as_posix())] = asset.read_bytes()
    return dict(sorted(files.items()))
