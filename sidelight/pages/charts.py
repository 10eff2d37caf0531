"""Small horizontal bar charts drawn as inline SVG at build time: no script, no chart
library, no request. Each bar pair is this outlet (solid) and the outlet it is compared
with (outline), on the same claims, so the two differ by shape as well as colour; every
bar is labelled with its share and the counts it rests on ("40% · 2 of 5"), and the same
data is in the chart's <desc> and in a table next to it."""

from __future__ import annotations

from markupsafe import Markup, escape

from sidelight.pages.contexts import Bar
from sidelight.pages.messages import _, current

WIDTH, BAR_MAX, BAR_H, LABEL_H, GAP = 340, 220, 13, 20, 10
ROW_H = LABEL_H + 2 * BAR_H + 2 + GAP


def percent(share: float | None) -> str:
    return "–" if share is None else current().percent(share)


def counted(share: float | None, count: int, n: int) -> str:
    """`40% · 2 of 5`: a share is never printed without the counts it rests on."""
    return _("%(share)s · %(count)s of %(n)s", share=percent(share), count=count, n=n)


def chart_description(bars: tuple[Bar, ...], n: int, other: str) -> str:
    """The chart in words, for the SVG's <desc>."""
    return (
        "; ".join(
            _(
                "%(term)s: %(ours)s, %(other)s %(theirs)s",
                term=b.term.label,
                ours=counted(b.share, b.count, n),
                other=other,
                theirs=counted(b.others, b.other_count, n),
            )
            for b in bars
        )
        + "."
    )


def svg(ident: str, title: str, bars: tuple[Bar, ...], n: int, other: str) -> Markup:
    height = max(ROW_H * len(bars), ROW_H)
    rows = "".join(row(i * ROW_H, b, n) for i, b in enumerate(bars))
    words = escape(chart_description(bars, n, other))
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{words}</desc>'
        f"{rows}</svg>"
    )


def row(y: int, bar: Bar, n: int) -> str:
    out = [f'<text class="chart-label" x="0" y="{y + 15}">{escape(bar.term.label)}</text>']
    out.append(rect("bar-this", y + LABEL_H, bar.share or 0.0, counted(bar.share, bar.count, n)))
    out.append(rect("bar-others", y + LABEL_H + BAR_H + 2, bar.others or 0.0, counted(bar.others, bar.other_count, n)))
    return "".join(out)


def rect(cls: str, y: int, share: float, label: str) -> str:
    width = round(BAR_MAX * share, 1)
    inset = 0.5 if cls == "bar-others" else 0  # keep the outline's stroke inside the bar
    shape = (
        f'<rect class="{cls}" x="{inset}" y="{y + inset}" width="{max(width - 2 * inset, 0.5)}" '
        f'height="{BAR_H - 2 * inset}"/>'
    )
    return shape + f'<text class="chart-value" x="{width + 5}" y="{y + BAR_H - 2}">{escape(label)}</text>'
