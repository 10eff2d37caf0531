"""Stage 5 — render: every page of the site as (path, bytes), from the model alone.

Each page kind has a typed context (see `contexts`); templates receive nothing else.
Links are relative to the page they appear on, so the site works from a local server,
from a sub-path deployment and from the domain root alike.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from operator import add
from pathlib import Path
from typing import Any, Protocol, TypeVar

from jinja2 import Environment, StrictUndefined, select_autoescape

from sidelight import config
from sidelight.model.records import Site
from sidelight.output import theme
from sidelight.output.feeds import feed, robots, sitemap
from sidelight.output.opendata import no_memo, open_data
from sidelight.pages.contexts import PageContext
from sidelight.pages.glossary import anchor
from sidelight.pages.markup import inline_markdown, render_markdown
from sidelight.pages.registry import Group, page_groups, text_pages
from sidelight.pages.urls import (
    TEMPLATE_GLOBALS,
    glossary_path,
    matrix_path,
    relative,
    root_path,
    section_path,
    text_page_path,
)

TEMPLATES = config.TEMPLATES
RenderOne = Callable[[PageContext, Site | None], bytes]  # a page and the site as the template sees them
ParallelMap = Callable[[list, Callable[[list], list]], list]
Memo = Callable[..., str]


class Listed(Protocol):
    """What the sitemap and the file list need of a page: a context, or a reuse's record."""

    @property
    def path(self) -> str: ...
    @property
    def canonical(self) -> str: ...
    @property
    def indexed(self) -> bool: ...
    @property
    def file(self) -> str: ...


ListedPage = TypeVar("ListedPage", bound=Listed)


class PageReuse(Protocol[ListedPage]):
    """How `render` makes each page: rendered (`render_one`) or kept from the last build."""

    def groups(self, site: Site) -> list[Group]: ...

    def group(self, group: Group, render_one: RenderOne) -> tuple[Any, list[tuple[ListedPage, bytes | None]]]: ...

    def note_group(self, built: Any) -> None: ...

    def note(self, listed: ListedPage, data: bytes | None) -> None: ...


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
    env.globals |= TEMPLATE_GLOBALS
    return env


def template_globals(site: Site) -> dict:
    """What every template may call besides its page and the site: computed from the site
    once, and capturing values, never the site (a page reuse digests them as they are)."""
    return {
        "navigation": navigation(site),
        "tone": rating_tone(site),
        "absolute": partial(add, site.settings.base_url),
    }


def rating_tone(site: Site):
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
        ("Claims", section_path("claims")),
        ("Matrix", matrix_path()),
        ("Topics", section_path("topics")),
        ("Outlets", section_path("outlets")),
        ("Glossary", glossary_path()),
    ]
    return sections + [(p.title, text_page_path(p.id)) for p in sorted(text_pages(site), key=lambda p: (p.order, p.id))]


class RenderEveryPage:
    """No page reuse: every page is rendered (tests, and `render` called alone)."""

    def groups(self, site: Site) -> list[Group]:
        return page_groups(site)

    def group(self, group: Group, render_one: RenderOne) -> tuple[None, list[tuple[PageContext, bytes | None]]]:
        return None, [(page, render_one(page, None)) for page in group.build_contexts()]

    def note_group(self, built: None) -> None:
        pass

    def note(self, listed: PageContext, data: bytes | None) -> None:
        pass


def render_serially(items: list, work: Callable[[list], list]) -> list:
    """The parallel map's contract, in this process: `work(items)`."""
    return work(items)


def render(
    site: Site,
    templates: Path = TEMPLATES,
    *,
    reuse: PageReuse[Any] | None = None,
    memo: Memo = no_memo,
    parallel_map: ParallelMap = render_serially,
    tick: Callable[[], None] = lambda: None,
    env: Environment | None = None,
) -> dict[str, bytes | None]:
    """All pages, feeds, open data and assets, keyed by their path under site/; None for
    a page `reuse` keeps as it is in site/.

    The pages come in groups (`reuse.groups`, see `pages.page_groups`); `reuse.group` builds
    a group's contexts and renders them, or keeps the last build's files, and may run in a
    worker of `parallel_map` (`parallel_map(items, work)` returns `work` over chunks of
    `items`, concatenated in order); `reuse.note_group` and `reuse.note` then hear of every
    group and page in the parent, in the site's order. `memo(name, make, *records)`
    may return the last build's `make(*records)` (see `opendata.open_data`). A page is a
    function of its context, the site and the template globals (`template_globals`).
    `env`: an `environment(templates)` kept from an earlier call, its compiled templates
    with it (the preview's, while the templates are unchanged); its globals are set here."""
    env = env or environment(templates)
    env.globals |= template_globals(site)
    reuse = reuse or RenderEveryPage()

    def render_one(page, site_view) -> bytes:
        return render_page(env, page, site if site_view is None else site_view)

    def render_groups(chunk: list[Group]) -> list[tuple[Any, list[tuple[Any, bytes | None]]]]:
        return [reuse.group(group, render_one) for group in chunk]

    out: dict[str, bytes | None] = {}
    pages = []
    for built, made in parallel_map(reuse.groups(site), render_groups):
        reuse.note_group(built)
        for listed, data in made:
            tick()
            reuse.note(listed, data)
            pages.append(listed)
            out[listed.file] = data
    out |= {"feed.xml": feed(site), "sitemap.xml": sitemap(site, pages), "robots.txt": robots(site)}
    out |= open_data(site, memo)
    out |= theme.static_files(templates)
    return out
