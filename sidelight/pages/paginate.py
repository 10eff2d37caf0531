"""Pagination of index pages: at most PER_PAGE items a page, so no page grows without bound."""

from __future__ import annotations

from sidelight.pages.contexts import HeadLink, Pager
from sidelight.pages.urls import paged

PER_PAGE = 50


def paginate(items: tuple, base: str, per_page: int = PER_PAGE) -> list[tuple[tuple, Pager]]:
    """(items of the page, its Pager) for each page; an empty list still gets one page."""
    chunks = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [()]
    count = len(chunks)
    pages = tuple((n, paged(base, n)) for n in range(1, count + 1))
    return [
        (
            chunk,
            Pager(
                number=n,
                count=count,
                pages=pages,
                previous=paged(base, n - 1) if n > 1 else "",
                next=paged(base, n + 1) if n < count else "",
            ),
        )
        for n, chunk in enumerate(chunks, start=1)
    ]


def head_links(pager: Pager) -> tuple[HeadLink, ...]:
    """`<link rel="prev|next">` so crawlers and readers' tools can walk the list."""
    links = [HeadLink(rel="prev", path=pager.previous)] if pager.previous else []
    return tuple(links + ([HeadLink(rel="next", path=pager.next)] if pager.next else []))
