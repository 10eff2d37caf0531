"""The outlet page: profile, articles, and the framing fingerprint (`fingerprint`)."""

from __future__ import annotations

from sidelight.model.records import Outlet, Site
from sidelight.pages.contexts import OutletPage
from sidelight.pages.fingerprint import Covered, fingerprint
from sidelight.pages.markup import first_sentence
from sidelight.pages.matrix import page_suffix
from sidelight.pages.paginate import head_links, paginate
from sidelight.pages.source import outlet_facts
from sidelight.pages.urls import absolute, outlet_path


def outlet_pages(site: Site, cover: Covered, outlet: Outlet) -> list[OutletPage]:
    """The profile and fingerprint on the first page; the articles 50 a page."""
    sources = tuple(reversed(site.by_outlet.get(outlet.id, ())))  # newest first
    citing = {s.id: len(site.claims_citing(s.id)) for s in sources}
    out = []
    for chunk, pager in paginate(sources, outlet_path(outlet.id)):
        path = pager.pages[pager.number - 1][1]
        out.append(
            OutletPage(
                template="outlet.html",
                path=path,
                title=outlet.name + page_suffix(pager.number),
                description=first_sentence(outlet.description),
                canonical=absolute(site.settings.base_url, path),
                head_links=head_links(pager),
                outlet=outlet,
                facts=outlet_facts(outlet),
                sources=chunk,
                citing={s.id: citing[s.id] for s in chunk},
                pager=pager,
                fingerprint=fingerprint(site, cover, outlet) if pager.number == 1 else None,
            )
        )
    return out
