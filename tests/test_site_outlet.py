"""The outlet page: profile, articles and the framing fingerprint — inline SVG bar charts
made at build time (no script), each with a text equivalent (<title>, <desc>, a table)."""
from __future__ import annotations

import pytest

from sitepages import built_sample, page  # noqa: F401 (fixture)


@pytest.fixture(scope="module")
def daily(built_sample):
    return page(built_sample, "outlets/daily/")


def table(figure) -> dict[str, tuple[str, str]]:
    return {tr.th.get_text(strip=True): tuple(td.get_text(strip=True) for td in tr.find_all("td"))
            for tr in figure.select("table tbody tr")}


def test_three_charts_drawn_as_inline_svg_with_title_and_description(daily):
    figures = daily.select("section.fingerprint figure.chart-box")
    assert [f.figcaption.strong.get_text() for f in figures] == ["Stances", "Frames", "Devices"]
    for figure in figures:
        svg = figure.svg
        assert svg["role"] == "img"
        ids = svg["aria-labelledby"].split()
        assert [svg.find(id=i).name for i in ids] == ["title", "desc"]
        assert len(svg.select("rect.bar-this")) == len(figure.select("table tbody tr"))
    assert not daily.find("script", src=True)


def test_stances_are_compared_with_the_average_of_the_other_outlets(daily):
    """Daily: 2 of 3 entries report, 1 misreports. Wire: 2 of 3 report, 1 omits. Silent:
    its 1 entry omits. So the others' average is 33% reports, 67% omits."""
    stances = table(daily.select("figure.chart-box")[0])
    assert stances["Reports"] == ("67% (2)", "33%")
    assert stances["Misreports"] == ("33% (1)", "0%")
    assert stances["Omits"] == ("0% (0)", "67%")
    desc = daily.select("figure.chart-box")[0].svg.desc.get_text()
    assert desc.startswith("Reports: 67%, others 33%; Endorses: 0%, others 0%;")


def test_frames_and_devices_show_only_terms_some_outlet_used(daily):
    frames, devices = (table(f) for f in daily.select("figure.chart-box")[1:])
    assert frames == {"Economic": ("33% (1)", "50%"), "Capacity and resources": ("0% (0)", "50%"),
                      "Security and defense": ("67% (2)", "0%")}
    assert set(devices) == {"Appeal to authority", "Scare quotes"}


def test_bar_lengths_follow_the_shares(daily):
    bars = daily.select("figure.chart-box")[0].svg.select("rect.bar-this")
    widths = [float(b["width"]) for b in bars]
    assert widths[0] == pytest.approx(2 * widths[4], rel=0.01)  # 67% against 33%


def test_articles_and_profile(built_sample, daily):
    assert [a.get_text() for a in daily.select("ul.sources a")] == ["Ministers agree on a plan"]
    assert "cited by 3 claims" in daily.select_one("ul.sources").get_text()
    wire = page(built_sample, "outlets/wire/")
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in wire.select("dl.facts dt")}
    assert facts["Website"] == "Not established"
    assert facts["Kind"] == "news agency"


def test_an_outlet_without_articles_still_gets_its_fingerprint(built_sample):
    silent = page(built_sample, "outlets/silent/")
    stances = table(silent.select("figure.chart-box")[0])
    assert stances["Omits"][0] == "100% (1)"
    assert "We quote no article of this outlet" in silent.get_text()


def test_no_frames_are_charted_for_an_outlet_never_quoted(built_sample):
    silent = page(built_sample, "outlets/silent/")
    frames = silent.select("figure.chart-box")[1]
    assert frames.svg is None
    assert "None recorded" in frames.get_text()
