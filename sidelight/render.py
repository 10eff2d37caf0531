"""Stage 5 — render: every page of the site as (path, bytes), from the model alone.

Each page kind has a typed context (see `contexts`); templates receive nothing else.
Links are relative to the page they appear on, so the site works from a local server,
from a sub-path deployment and from the domain root alike.
"""
from __future__ import annotations

import posixpath
from urllib.parse import urlsplit
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import contexts as ctx
from .urls import relative
from .markup import inline_markdown, render_markdown
from .model import Site

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(loader=FileSystemLoader(templates), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["markdown"] = render_markdown
    env.filters["inline_markdown"] = inline_markdown
    env.filters["human_date"] = human_date
    return env


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def human_date(value: str) -> str:
    """`2021-10-18` → `18 October 2021`; partial dates stay partial (`October 2021`)."""
    parts = str(value or "").split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def linker(page, site: Site):
    """The `url()` a template calls: relative links, except on pages served at any depth (404)."""
    if page.rooted:
        root = urlsplit(site.settings.base_url).path or "/"
        return lambda target: root + target
    return lambda target: relative(target, page.path)


def render_page(env: Environment, page, site: Site) -> bytes:
    html = env.get_template(page.template).render(page=page, site=site, url=linker(page, site))
    return html.encode("utf-8")


def render(site: Site, templates: Path = TEMPLATES, memo=None) -> dict[str, bytes]:
    """All pages and assets, keyed by their path under site/.

    Each page is made through `memo(file, context, make)`, which an incremental build
    uses to skip pages whose inputs are unchanged (see `incremental`). `make()` must
    depend only on `context` and the model, which holds for every page rendered here."""
    env = environment(templates)
    memo = memo or (lambda file, context, make: make())
    out: dict[str, bytes] = {}
    for page in ctx.all_pages(site):
        out[page.file] = memo(page.file, page, lambda page=page: render_page(env, page, site))
    for asset in sorted((templates / "static").rglob("*")):
        if asset.is_file():
            out["static/" + asset.relative_to(templates / "static").as_posix()] = asset.read_bytes()
    return out
