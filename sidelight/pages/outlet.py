"""The outlet page: profile, articles, and the framing fingerprint charts."""

from __future__ import annotations

from sidelight.model.records import Outlet, Site
from sidelight.pages.charts import svg
from sidelight.pages.contexts import Chart, OutletPage
from sidelight.pages.fingerprint import Tally, bars, compared_with
from sidelight.pages.markup import first_sentence
from sidelight.pages.matrix import page_suffix
from sidelight.pages.paginate import head_links, paginate
from sidelight.pages.source import outlet_facts
from sidelight.pages.urls import absolute, outlet_path

CHARTS = (
    ("stances", "Stances", "share of the claims it covered or left out"),
    ("frames", "Frames", "share of the claims it covered with a quoted article"),
    ("devices", "Devices", "share of the claims it covered with a quoted article"),
)


def charts(site: Site, counts: dict[str, Tally], outlet: Outlet) -> tuple[Chart, ...]:
    out = []
    for kind, title, basis in CHARTS:
        data = bars(site, counts, outlet.id, kind)
        out.append(
            Chart(
                kind=kind,
                title=title,
                basis=basis,
                bars=data,
                svg=svg(f"chart-{kind}", f"{title} of {outlet.name}, {basis}", data),
            )
        )
    return tuple(out)


def outlet_pages(site: Site, counts: dict[str, Tally], outlet: Outlet) -> list[OutletPage]:
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
                charts=charts(site, counts, outlet) if pager.number == 1 else (),
                compared_with=compared_with(counts, outlet.id),
            )
        )
    return out
