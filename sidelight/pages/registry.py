"""Every page of the site as a typed context (see `contexts`), in a stable order.

Page builders read only the model; what a page shows is decided here, how it looks in
templates/. Paginated lists are cut into pages of at most 50 items.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from sidelight.model.records import Page, Site
from sidelight.pages.claim import claim_page
from sidelight.pages.claimant import claimant_page
from sidelight.pages.contexts import IndexPage, NotFoundPage, PageContext, TextPage
from sidelight.pages.corrections import corrections_page
from sidelight.pages.desk import contact_facts, desk_facts, team_page
from sidelight.pages.drift import drift_page
from sidelight.pages.editions import with_alternates
from sidelight.pages.fingerprint import covered
from sidelight.pages.glossary import glossary_pages
from sidelight.pages.home import home
from sidelight.pages.matrix import matrix_pages, page_suffix, topic_pages
from sidelight.pages.messages import N_, gettext
from sidelight.pages.outlet import outlet_pages
from sidelight.pages.paginate import head_links, paginate
from sidelight.pages.search import search_page
from sidelight.pages.source import source_page
from sidelight.pages.urls import absolute, section_path, text_page_path

INDEXES = (
    ("claims", N_("Claims"), N_("Every claim we checked, newest first.")),
    ("topics", N_("Topics"), N_("The events our claims belong to.")),
    ("outlets", N_("Outlets"), N_("The outlets whose coverage we compared.")),
    ("claimants", N_("Who said it"), N_("The people, organisations and outlets whose claims we checked.")),
    ("sources", N_("Articles"), N_("Every article we quote, with the quoted passages highlighted.")),
)
METHODOLOGY = Page(
    id="methodology",
    title=N_("Methodology"),
    order=90,
    description=N_("How we rate claims and compare outlets' framing."),
    body=N_("How we rate claims: the scale below, and the glossary for every term we use."),
)
ABOUT = Page(
    id="about",
    title=N_("About"),
    order=1,
    description=N_("Who publishes this site, who pays for it, and how to reach us."),
    body=N_("Who stands behind this site, and how to reach us."),
)


@dataclass(frozen=True)
class Group:
    """Pages made by one builder call, named stably across builds (`claim:x`, `matrix`).
    `build_contexts` builds their typed contexts; nothing is built until it is called, so
    a build can spread the groups over workers (see build/incremental for what is reused)."""

    name: str
    build_contexts: Callable[[], Sequence[PageContext]]


def page_groups(site: Site) -> list[Group]:
    """Every page of the site, as groups in a stable order; nothing is built yet."""
    groups = [Group("home", lambda: [home(site)])]
    groups += [Group(f"claim:{c.id}", partial(single_page, claim_page, site, c)) for c in site.claims.values()]
    groups += [Group(f"source:{s.id}", partial(single_page, source_page, site, s)) for s in site.sources.values()]
    groups.append(Group("outlets", partial(every_outlet_page, site)))
    groups += [Group(f"claimant:{c.id}", partial(single_page, claimant_page, site, c)) for c in site.claimants.values()]
    groups += [Group(f"topic:{t.id}", partial(topic_pages, site, t)) for t in site.topics.values()]
    groups += [Group(f"index:{kind}", partial(index_pages, site, kind)) for kind, _, _ in INDEXES]
    groups.append(Group("matrix", partial(matrix_pages, site)))
    groups.append(Group("drift", lambda: [drift_page(site)]))
    groups.append(Group("team", lambda: [team_page(site)]))
    groups.append(Group("corrections", lambda: [corrections_page(site)]))
    groups.append(Group("glossary", partial(glossary_pages, site)))
    groups += [Group(f"page:{p.id}", partial(single_page, text_page, site, p)) for p in text_pages(site)]
    groups.append(Group("search", lambda: [search_page(site)]))
    groups.append(Group("404", lambda: [not_found(site)]))
    if len(site.settings.languages) < 2:
        return groups
    return [Group(g.name, partial(in_languages, g.build_contexts, site.settings.language)) for g in groups]


def in_languages(build_contexts: Callable[[], Sequence[PageContext]], language: str) -> list[PageContext]:
    """A group's pages with their alternates in the site's other languages."""
    return [with_alternates(page, language) for page in build_contexts()]


def all_pages(site: Site) -> list[PageContext]:
    """Every page's context, built now, in the order of `page_groups`."""
    return [page for group in page_groups(site) for page in group.build_contexts()]


def single_page(builder, site: Site, record) -> list[PageContext]:
    """The one page `builder` makes of `record`, as a group's list of pages."""
    return [builder(site, record)]


def every_outlet_page(site: Site) -> list[PageContext]:
    """One group for all outlets: each page compares its outlet with every other."""
    cover = covered(site)
    return [p for o in site.outlets.values() for p in outlet_pages(site, cover, o)]


def index_items(site: Site, kind: str) -> tuple:
    if kind == "topics":
        return tuple(sorted(site.topics.values(), key=lambda t: (t.date, t.id), reverse=True))
    if kind == "sources":
        return tuple(sorted(site.sources.values(), key=lambda s: (s.published, s.id), reverse=True))
    if kind == "claimants":
        return tuple(sorted(site.claimants.values(), key=lambda c: (c.name.casefold(), c.id)))
    return tuple(getattr(site, kind).values())


def index_pages(site: Site, kind: str) -> list[IndexPage]:
    _, title, description = next(i for i in INDEXES if i[0] == kind)
    out = []
    for items, pager in paginate(index_items(site, kind), section_path(kind)):
        path = pager.pages[pager.number - 1][1]
        out.append(
            IndexPage(
                template="index.html",
                path=path,
                title=gettext(title) + page_suffix(pager.number),
                description=gettext(description),
                canonical=absolute(site.settings.base_url, path),
                head_links=head_links(pager),
                kind=kind,
                items=items,
                pager=pager,
            )
        )
    return out


def text_pages(site: Site) -> list[Page]:
    """The pages of content/pages/, and a methodology and an about page if the content has
    none: the rating scale (and so the ClaimReview numbers), and who stands behind the site
    and how to reach it, must always be published."""
    built_in = [
        replace(p, title=gettext(p.title), description=gettext(p.description), body=gettext(p.body))
        for p in (ABOUT, METHODOLOGY)
        if p.id not in site.pages
    ]
    return list(site.pages.values()) + built_in


def text_page(site: Site, page: Page) -> TextPage:
    path = text_page_path(page.id)
    return TextPage(
        template="page.html",
        path=path,
        title=page.title,
        description=page.description or page.title,
        canonical=absolute(site.settings.base_url, path),
        page=page,
        scale=site.vocabulary.ratings if page.id == "methodology" else (),
        desk=desk_facts(site.settings) if page.id == "about" else (),
        contacts=contact_facts(site.settings) if page.id == "about" else (),
    )


def not_found(site: Site) -> NotFoundPage:
    return NotFoundPage(
        template="404.html",
        path="404.html",
        title=gettext("Page not found"),
        indexed=False,
        rooted=True,
        description=gettext("There is no page at this address."),
        canonical=absolute(site.settings.base_url, "404.html"),
    )
