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

from jinja2 import BytecodeCache, Environment, StrictUndefined, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext
from markupsafe import Markup

from sidelight import config
from sidelight.model.records import Site
from sidelight.output import catalogue, theme
from sidelight.output.feeds import feed, robots, sitemap, sitemap_in_languages
from sidelight.output.opendata import no_memo, open_data
from sidelight.output.shareimage import draw_share_image
from sidelight.output.write import Staged
from sidelight.pages import editions, language
from sidelight.pages.contexts import PageContext
from sidelight.pages.glossary import anchor
from sidelight.pages.markup import inline_markdown, render_markdown
from sidelight.pages.messages import _, current, using
from sidelight.pages.registry import Group, all_pages, page_groups, text_pages
from sidelight.pages.share import ShareCard, share_cards, tone
from sidelight.pages.urls import (
    SHARED,
    TEMPLATE_GLOBALS,
    editing,
    glossary_path,
    matrix_path,
    relative_from,
    root_path,
    section_path,
    text_page_path,
)

TEMPLATES = config.TEMPLATES
RenderOne = Callable[[PageContext, Site | None], bytes]  # a page and the site as the template sees them
ParallelMap = Callable[[list, Callable[[list], list]], list]
Memo = Callable[..., bytes]
Draw = Callable[[ShareCard], bytes]
DrawImages = Callable[[list[ShareCard], Draw], list[bytes | None]]  # None: the file in site/ is kept
Put = Callable[[str, bytes], Staged]  # a file written to the staging folder as soon as it is made
Made = bytes | Staged | None


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


def environment(templates: Path = TEMPLATES, compiled: BytecodeCache | None = None) -> Environment:
    """`compiled`: where the templates' code may be kept between builds (Jinja2's own hook)."""
    env = Environment(
        loader=theme.loader(templates),
        bytecode_cache=compiled,
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # a {% trans %} block's message is its words, line breaks folded
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # `_('%(n)s …', n=…)`, escaped as {% trans %} is
    env.globals |= gettext_globals()
    env.filters["markdown"] = render_markdown
    env.filters["inline_markdown"] = inline_markdown
    env.filters["human_date"] = human_date
    env.filters["percent"] = lambda share: current().percent(share)
    env.globals["glossary_anchor"] = anchor
    env.globals["html_lang"] = language.html_attributes
    env.globals["text_direction"] = language.direction
    env.globals |= TEMPLATE_GLOBALS
    return env


def gettext_globals() -> dict:
    """`_()`, `gettext()`, `ngettext()`, `pgettext()`, `npgettext()` as `{% trans %}` calls them,
    in the language of the render (`messages.using`). Jinja's new-style gettext, called
    directly rather than through a second `context.call`: the result is Markup when the
    template autoescapes, and always a format string (`%(name)s` filled, `%%` a percent sign)."""

    def done(eval_ctx: EvalContext, text: str, variables: dict) -> str:
        out = Markup(text) if eval_ctx.autoescape else text
        return out % variables if "%" in text else out  # no placeholder, no `%%`: formatting changes nothing

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, message: str, **variables) -> str:
        return done(eval_ctx, current().translations.gettext(message), variables)

    @pass_eval_context
    def ngettext(eval_ctx: EvalContext, singular: str, plural: str, n: int, **variables) -> str:
        variables.setdefault("num", n)
        return done(eval_ctx, current().translations.ngettext(singular, plural, n), variables)

    @pass_eval_context
    def pgettext(eval_ctx: EvalContext, context: str, message: str, **variables) -> str:
        return done(eval_ctx, current().translations.pgettext(context, message), variables)

    @pass_eval_context
    def npgettext(eval_ctx: EvalContext, context: str, singular: str, plural: str, n: int, **variables) -> str:
        variables.setdefault("num", n)
        return done(eval_ctx, current().translations.npgettext(context, singular, plural, n), variables)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def template_globals(site: Site) -> dict:
    """What every template may call besides its page and the site: computed from the site
    once, and capturing values, never the site (a page reuse digests them as they are)."""
    own = site.settings.language
    return {
        "navigation": navigation(site),
        "tone": rating_tone(site),
        "absolute": partial(add, site.settings.base_url),
        "lang_attrs": language.marker(own),
        "source_lang_attrs": language.source_marker({sid: s.language for sid, s in site.sources.items()}, own),
    } | editions.shape(site)


def rating_tone(site: Site):
    """A rating's tone (`share.tone`): its place on the scale, so badge colours follow any
    vocabulary's scale."""
    best, worst = site.vocabulary.scale
    return lambda term: tone(term, best, worst)


def human_date(value: str) -> str:
    """`2021-10-18` → `18 October 2021` in the render's language; partial dates stay partial."""
    return current().date(value)


def linker(page, site: Site):
    """The `url()` a template calls: relative links, except on pages served at any depth (404)."""
    if page.rooted:
        root = root_path(site.settings.base_url)
        return lambda target: root + target
    return relative_from(page.path)


def render_page(env: Environment, page, site: Site) -> bytes:
    html = env.get_template(page.template).render(page=page, site=site, url=linker(page, site))
    return html.encode("utf-8")


def navigation(site: Site) -> list[tuple[str, str]]:
    """(label, path) of the header's links: the site's sections, then content/pages/ by order."""
    sections = [
        (_("Claims"), section_path("claims")),
        (_("Matrix"), matrix_path()),
        (_("Topics"), section_path("topics")),
        (_("Outlets"), section_path("outlets")),
        (_("Glossary"), glossary_path()),
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


def draw_every(cards: list[ShareCard], draw: Draw) -> list[bytes | None]:
    """No image reuse: every card drawn, in this process."""
    return [draw(card) for card in cards]


def share_images(site: Site, images: DrawImages = draw_every, put: Put | None = None) -> dict[str, Made]:
    """Every claim's share image by its file; `images(cards, draw)` draws them or keeps
    the last build's (see `render`); with `put`, each is staged where it is drawn."""
    cards = share_cards(site)
    draw: Callable[[ShareCard], Any] = draw_share_image
    if put is not None:
        draw = lambda card: put(card.file, draw_share_image(card))  # noqa: E731 - run in the workers
    return {card.file: data for card, data in zip(cards, images(cards, draw), strict=True)}


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
    images: DrawImages = draw_every,
    tick: Callable[[], None] = lambda: None,
    compiled: BytecodeCache | None = None,
    env: Environment | None = None,
    put: Put | None = None,
) -> dict[str, Made]:
    """All pages, feeds, open data and assets, keyed by their path under site/; None for
    a page `reuse` keeps as it is in site/. With `put`, each page and share image of the
    site's own language is given to `put(file, bytes)` where it is made (in a worker of
    `parallel_map`, see `write.staging`), and its `Staged` stands for its bytes.

    The pages come in groups (`reuse.groups`, see `pages.page_groups`); `reuse.group` builds
    a group's contexts and renders them, or keeps the last build's files, and may run in a
    worker of `parallel_map` (`parallel_map(items, work)` returns `work` over chunks of
    `items`, concatenated in order); `reuse.note_group` and `reuse.note` then hear of every
    group and page in the parent, in the site's order. `memo(name, make, *records)`
    may return the last build's `make(*records)` (see `opendata.open_data`). A page is a
    function of its context, the site and the template globals (`template_globals`).
    `images(cards, draw)` returns `draw(card)` for each claim's share card, or None for an
    image whose card is the last build's (kept as it is in site/): an image is a function
    of its card alone (`pages.share`). In the language of site.yaml (its catalogue from
    `templates`' lookup chain, `catalogue`). `compiled` may hold the templates' code from an
    earlier build (see `environment`); `env`: an `environment(templates)` kept from an
    earlier call, its compiled templates with it (the preview's, while the templates are
    unchanged); its globals are set here."""
    every = editions.editions(site)
    if len(every) == 1:
        with using(catalogue.messages(templates, site.settings.language)):
            return render_in_language(site, templates, reuse, memo, parallel_map, images, tick, compiled, env, put)
    table, indexed = alternates(site, every, templates)
    with editions.publishing(table), using(catalogue.messages(templates, site.settings.language)):
        out = render_in_language(every[0].site, templates, reuse, memo, parallel_map, images, tick, compiled, env, put)
        out |= open_data(site, memo)  # every claim, each marked with its language
        out["sitemap.xml"] = sitemap_in_languages(site, table, indexed)
    for edition in every[1:]:
        out |= render_edition(edition, table, templates, tick, compiled)
    return out


def render_edition(
    edition: editions.Edition,
    table: editions.Alternates,
    templates: Path,
    tick: Callable[[], None],
    compiled: BytecodeCache | None,
) -> dict[str, Made]:
    """A language edition's files under its prefix (`ru/`), all rendered, in this process;
    without what the editions share (the theme's files, the open data, the 404 page)."""
    messages = catalogue.messages(templates, edition.language)
    with editions.publishing(table), editing(edition.prefix), using(messages):
        made = render_in_language(
            edition.site, templates, None, no_memo, render_serially, draw_every, tick, compiled, None
        )
    own = (name for name in made if not name.startswith(SHARED + ("404.html",)))
    return {edition.prefix + name: made[name] for name in own}


def alternates(
    site: Site, every: list[editions.Edition], templates: Path
) -> tuple[editions.Alternates, dict[str, tuple[str, ...]]]:
    """Which pages each edition has, for the `hreflang` links and the language switcher, and
    which of them are indexed (the sitemap's): every edition's contexts are built once more
    for it (only on a site in several languages)."""
    paths, indexed = {}, {}
    for edition in every:
        with editing(edition.prefix), using(catalogue.messages(templates, edition.language)):
            pages = all_pages(edition.site)
        paths[edition.language] = frozenset(page.path for page in pages)
        indexed[edition.language] = tuple(page.path for page in pages if page.indexed)
    return editions.alternates(site, paths, editions.names(tuple(paths))), indexed


def render_in_language(
    site: Site,
    templates: Path,
    reuse: PageReuse[Any] | None,
    memo: Memo,
    parallel_map: ParallelMap,
    images: DrawImages,
    tick: Callable[[], None],
    compiled: BytecodeCache | None,
    env: Environment | None,
    put: Put | None = None,
) -> dict[str, Made]:
    env = env or environment(templates, compiled)
    env.globals |= template_globals(site)
    reuse = reuse or RenderEveryPage()

    def render_one(page, site_view) -> bytes:
        return render_page(env, page, site if site_view is None else site_view)

    def render_groups(chunk: list[Group]) -> list[tuple[Any, list[tuple[Any, Made]]]]:
        return [staged(*reuse.group(group, render_one)) for group in chunk]

    def staged(built, made: list[tuple[Any, bytes | None]]) -> tuple[Any, list[tuple[Any, Made]]]:
        if put is None:
            return built, list(made)
        return built, [(listed, data if data is None else put(listed.file, data)) for listed, data in made]

    out: dict[str, Made] = {}
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
    out |= share_images(site, images, put)
    out |= theme.static_files(templates)
    return out
