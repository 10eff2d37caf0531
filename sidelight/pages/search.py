"""The search page: a form that works everywhere, results drawn in the browser from the
Pagefind index (templates/static/search.js), and links to the indexes for readers whose
browser runs no JavaScript.

The filter groups are decided here, in the order the page shows them; the names must be
the ones templates/search_tags.html gives `data-pagefind-filter`, the values come from
the index itself. Search result pages are not offered to search engines (`indexed`)."""

from __future__ import annotations

from dataclasses import dataclass

from sidelight.model.records import Site
from sidelight.pages.contexts import PageContext
from sidelight.pages.urls import absolute, matrix_path, section_path

PATH = section_path("search")
FILTERS = (("type", "Show"), ("rating", "Rating"), ("outlet", "Outlet"), ("stance", "Stance"), ("topic", "Topic"))
BROWSE = (
    ("All claims", section_path("claims")),
    ("Topics", section_path("topics")),
    ("Outlets", section_path("outlets")),
    ("Articles", section_path("sources")),
    ("The comparison matrix", matrix_path()),
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
        title="Search",
        indexed=False,
        description="Search every claim we checked and every article we quote.",
        canonical=absolute(site.settings.base_url, PATH),
        filters=FILTERS,
        browse=BROWSE,
    )
