"""Stage 5 — render: every page of the site as (path, bytes), from the model alone.

Each page kind has a typed context (see `contexts`); templates receive nothing else.
Links are relative to the page they appear on, so the site works from a local server,
from a sub-path deployment and from the domain root alike.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, StrictUndefined, select_autoescape

from sidelight import config
from sidelight.build.incremental import Made
from sidelight.build.workers import in_parallel
from sidelight.model.records import Site
from sidelight.output import theme
from sidelight.output.feeds import feed, robots, sitemap
from sidelight.output.opendata import open_data
from sidelight.pages.glossary import anchor
from sidelight.pages.markup import inline_markdown, render_markdown
from sidelight.pages.registry import page_groups, text_pages
from sidelight.pages.urls import relative, root_path

TEMPLATES = config.TEMPLATES


def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=theme.loader(templates),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = render_markdown
    env.filters["inline_markdown"] = inline_markdown
    env.filters["human_date"] = human_date
    env.filters["percent"] = lambda share: f"{round(share * 100)}%"
    env.globals["glossary_anchor"] = anchor
    return env


def tone(site: Site):
    """A rating's place on the scale as one of five tones (0 least true … 4 truest) or `off`
    for a rating without a number, so badge colours follow any vocabulary's scale."""
    best, worst = site.vocabulary.scale

    def of(term) -> str:
        if term.value is None:
            return "off"
        return str(round((term.value - worst) / (best - worst) * 4)) if best != worst else "4"

    return of


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


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
        root = root_path(site.settings.base_url)
        return lambda target: root + target
    return lambda target: relative(target, page.path)


def render_page(env: Environment, page, site: Site) -> bytes:
    html = env.get_template(page.template).render(page=page, site=site, url=linker(page, site))
    return html.encode("utf-8")


def navigation(site: Site) -> list[tuple[str, str]]:
    """(label, path) of the header's links: the site's sections, then content/pages/ by order."""
    sections = [
        ("Claims", "claims/"),
        ("Matrix", "matrix/"),
        ("Topics", "topics/"),
        ("Outlets", "outlets/"),
        ("Glossary", "glossary/"),
    ]
    return sections + [(p.title, f"{p.id}/") for p in sorted(text_pages(site), key=lambda p: (p.order, p.id))]


class Fresh:
    """No cache: every page is built and rendered (tests, and `render` called alone)."""

    def begin(self, site: Site, template_globals: dict) -> None:
        pass

    def kept(self, name: str) -> None:
        return None

    def build(self, group, render_one) -> Made:
        return Made(group.name, None, [(page, render_one(page)) for page in group.make()])

    def record(self, made: Made) -> None:
        pass

    def fragment(self, name: str, make):
        return make()


def render(site: Site, templates: Path = TEMPLATES, cache=None, tick=lambda: None) -> dict[str, bytes | None]:
    """All pages, feeds, open data and assets, keyed by their path under site/; None for
    a page left as it is in site/ (see `incremental`).

    Pages come in groups (`pages.page_groups`). The cache keeps what it can (`kept`);
    the other groups are built (`build`), in worker processes when there are many. A
    page depends only on its context and the model: the context and the template
    globals (some computed once from the model, like the navigation and the rating
    scale's tones)."""
    env = environment(templates)
    env.globals |= {
        "navigation": navigation(site),
        "tone": tone(site),
        "absolute": lambda path: site.settings.base_url + path,
    }
    cache = cache or Fresh()
    cache.begin(site, env.globals)
    groups = page_groups(site)
    made = {g.name: m for g in groups if (m := cache.kept(g.name)) is not None}
    todo = [g for g in groups if g.name not in made]
    for m in in_parallel(
        todo, lambda chunk: [cache.build(g, lambda page: render_page(env, page, site)) for g in chunk]
    ):
        made[m.name] = m
    out: dict[str, bytes | None] = {}
    pages = []
    for group in groups:
        cache.record(made[group.name])
        for page, data in made[group.name].pages:
            tick()
            pages.append(page)
            out[page.file] = data
    out |= {"feed.xml": feed(site), "sitemap.xml": sitemap(site, pages), "robots.txt": robots(site)}
    out |= open_data(site, cache.fragment)
    out |= theme.static_files(templates)
    return out
