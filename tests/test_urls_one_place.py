"""Every site path is made in sidelight/pages/urls.py: no other module and no template spells
one out (`f"claims/{id}/"`, `url('claims/' ~ id ~ '/')`), so moving a page moves every link
to it. Each scanner is also run on a planted example, so the checks cannot pass by finding
nothing to look at."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sidelight.pages.urls import SITE_PATHS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sidelight"
URLS = PACKAGE / "pages" / "urls.py"
TEMPLATES = ROOT / "templates"
FOLDERS = tuple(sorted(SITE_PATHS))


def spelled_paths(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal or f-string of `source` that begins with a site
    folder's name and `/`."""
    tree = ast.parse(source)
    parts = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            text = node.values[0].value
        elif isinstance(node, ast.Constant) and id(node) not in parts:
            text = node.value
        else:
            continue
        if isinstance(text, str) and text.startswith(tuple(f"{name}/" for name in FOLDERS)):
            found.append((node.lineno, text))
    return sorted(found)


TEMPLATE_LITERAL = re.compile(r"""(?<![\w-])(['"])(?:%s)/""" % "|".join(map(re.escape, FOLDERS)))


def template_paths(text: str) -> list[tuple[int, str]]:
    """(line, line's text) of each quoted literal of a template that begins with a site
    folder's name and `/`, in `url(…)` or anywhere else (a bare `href="claims/"` too)."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if TEMPLATE_LITERAL.search(line)]


def test_no_module_but_urls_spells_a_site_path():
    modules = [p for p in sorted(PACKAGE.rglob("*.py")) if p != URLS]
    assert len(modules) > 20
    found = [
        f"{p.relative_to(ROOT)}:{line}: {text!r}"
        for p in modules
        for line, text in spelled_paths(p.read_text(encoding="utf-8"))
    ]
    assert not found, "site paths spelled outside sidelight/pages/urls.py:\n" + "\n".join(found)


def test_no_template_spells_a_site_path():
    templates = sorted(TEMPLATES.glob("*.html"))
    assert len(templates) > 10
    found = [
        f"{p.relative_to(ROOT)}:{line}: {text}"
        for p in templates
        for line, text in template_paths(p.read_text(encoding="utf-8"))
    ]
    assert not found, "site paths spelled in templates (use the path functions):\n" + "\n".join(found)


def test_the_module_scanner_finds_a_planted_path():
    planted = (
        "def link(claim):\n"
        '    return f"claims/{claim.id}/"\n'
        'BUNDLE = "pagefind/"\n'
        'asset = "static/" + name\n'
        'ok = (f"{kind}/", f"{x}claims/", "claims", "a claims/ b", claim_path(x))\n'
    )
    assert spelled_paths(planted) == [(2, "claims/"), (3, "pagefind/"), (4, "static/")]


def test_the_template_scanner_finds_a_planted_path():
    planted = (
        "<a href=\"{{ url('claims/' ~ claim.id ~ '/') }}\">x</a>\n"
        '<a href="{{ url(claim_path(claim.id)) }}">x</a>\n'
        "<a href=\"{{ url(href or 'glossary/#' ~ a) }}\">x</a>\n"
        '<link rel="stylesheet" href="static/style.css">\n'
        '<div data-pagefind-filter="type"></div>\n'
    )
    assert [line for line, _ in template_paths(planted)] == [1, 3, 4]


def test_a_pages_own_linker_gives_every_link_relative_gives():
    """`relative_from(page)` (one page's links, its folders worked out once) equals
    `relative(target, page)` for pages and targets at any depth, fragments included."""
    from sidelight.pages.urls import relative, relative_from

    places = ["", "index.html", "404.html", "claims/", "claims/x/", "claims/x/index.html", "sources/y/#p",
              "matrix/page/2/", "data/claims.json", "a/b/c/d/", "claims/x/#q", "#top", "claims/y/p/"]
    for page in places:
        link = relative_from(page)
        for target in places:
            assert link(target) == relative(target, page) == link(target), (target, page)
