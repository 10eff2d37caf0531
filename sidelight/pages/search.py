"""The search page: a form that works everywhere, results drawn in the browser from the
Pagefind index (templates/static/search.js), and links to the indexes for readers whose
browser runs no JavaScript.

The filter groups are decided here, in the order the page shows them; the names must be
the ones templates/search_tags.html gives `data-pagefind-filter`, the values come from
the index itself. Within a group the ticked values are alternatives (any of them), across
groups all must hold. Search result pages are not offered to search engines (`indexed`)."""

from __future__ import annotations

from dataclasses import dataclass

from sidelight.model.records import Site
from sidelight.pages.contexts import PageContext
from sidelight.pages.messages import N_, _
from sidelight.pages.urls import absolute, matrix_path, section_path

PATH = section_path("search")
# Fidelity and stance are never filters of their own: each value pairs an outlet with what
# that outlet did ("RT: Hardened"), since groups are combined with AND and an independent
# stance filter would match a claim for a stance another outlet took (docs/search.md).
FILTERS = (
    ("type", N_("Show")),
    ("claim_kind", N_("Kind of claim")),
    ("rating", N_("Rating")),
    ("outlet", N_("Covered by")),
    ("outlet_fidelity", N_("How faithfully an outlet rendered it")),
    ("outlet_stance", N_("An outlet's own stance")),
    ("topic", N_("Topic")),
)
BROWSE = (
    (N_("All claims"), section_path("claims")),
    (N_("Topics"), section_path("topics")),
    (N_("Outlets"), section_path("outlets")),
    (N_("Articles"), section_path("sources")),
    (N_("The comparison matrix"), matrix_path()),
)


@dataclass(frozen=True, kw_only=True)
class SearchPage(PageContext):
    """`filters`: (name, label) of each filter group; `browse`: (label, path) of the
    indexes offered instead of search when JavaScript is off or the index cannot load."""

    filters: tuple[tuple[str, str], ...]
    browse: tuple[tuple[str, str], ...]


def search_page(site: Site) -> SearchPage:
    return SearchPage(
        template="search.html",
        path=PATH,
        title=_("Search"),
        indexed=False,
        description=_("Search every claim we checked and every article we quote."),
        canonical=absolute(site.settings.base_url, PATH),
        filters=tuple((name, _(label)) for name, label in FILTERS),
        browse=tuple((_(label), path) for label, path in BROWSE),
    )
