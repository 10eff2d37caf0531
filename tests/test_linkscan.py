"""The link check's fast reading of a page (byte search, sidelight/output/linkscan.py) finds
exactly what lxml's parser finds: the same ids, the same links in the same order, on the
same lines. Proved over every page of the sample build and of a build with an attack in
every field, and on hand-made pages with what could fool a byte search: text and scripts
that look like attributes, values that end like one, end tags, comments, other quoting."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from hostile.support import content_with
from cli_runs import run_in_process
from sidelight.output.linkscan import Irregular, scan, scan_parsed, scan_regular
from sitepages import built_sample, html_pages  # noqa: F401 - a fixture
from test_security_xss import Markers, attack_everything

PAGE = ('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>T</title>\n</head>\n<body>\n'
        '<main id="main">\n{}\n</main>\n</body>\n</html>\n')


def same_as_parsed(data: bytes) -> bool:
    """Whether the fast reading ran and agreed with lxml; False when it handed the page
    to lxml (it is not regular). Fails when it ran and disagreed."""
    try:
        fast = scan_regular(data)
    except Irregular:
        return False
    parsed = scan_parsed(data)
    assert (fast.ids, fast.links) == (parsed.ids, parsed.links)
    return True


def test_every_page_of_the_sample_is_read_fast_and_as_lxml_reads_it(built_sample):
    pages = html_pages(built_sample)
    assert len(pages) > 30
    slow = [p.relative_to(built_sample).as_posix() for p in pages if not same_as_parsed(p.read_bytes())]
    assert slow == [], "our own templates made a page the byte search cannot read"


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attacked")
    attack_everything(content_with(tmp), Markers())
    run = run_in_process("--content", "content", "build", "--clean", "--out", "site", cwd=tmp)
    assert run.code == 0, run.output
    return tmp / "site"


def test_every_page_of_an_attacked_build_is_read_as_lxml_reads_it(attacked):
    """Scripts, quotes, `href="…"` and `</script>` in every text field: each page is read
    fast and the same as lxml, or (not regular) handed to lxml; nearly all are fast."""
    pages = html_pages(attacked)
    fast = sum(same_as_parsed(p.read_bytes()) for p in pages)
    assert fast >= 0.9 * len(pages), f"only {fast} of {len(pages)} pages read fast"


REGULAR = [
    '<p>He said href="x" and id="y" name="z"</p>',  # nh3 leaves `"` in text unescaped
    '<script type="application/ld+json">\n{"a": "x id=", "b": "say href=\\"q\\"", "c": " src="}\n</script>',
    '<a title="see id=" href="real">t</a><a title=" href=" id="after-title">u</a>',
    '<div data-id="no" aria-describedby="not-an-id" id="yes" data-href="no">x</div>',
    '<a name="anchor">a</a><input name="q"><meta name="m" content="x"><abbr name="no">b</abbr>',
    '<a href="first" href="second" id="one" id="two">d</a>',
    '<A HREF="upper" ID="UP">x</A><IMG SRC="pic.png">',
    '<a href="?a=1&amp;b=&#34;2&#34;&#39;&lt;&gt;&quot;&nbsp;">e</a><p id="&amp;x">f</p>',
    '<a\n  class="x"\n  href="multi"\n>m</a>\n<a\nhref="newline">n</a>',
    '<img src="a.png" srcset="a.png 1x, b.png 2x,, c.png" alt="">',
    '<a/href="slash">s</a><br/><img src="x.png"/>',
    '<svg><title id="chart-title">t</title><desc id="chart-desc">d</desc></svg>',
    '<noscript><a href="ns">x</a></noscript>',
    '</a href="in-end-tag"><p>x</p>',
    '<p>a="b"= c" x=</p><a href="after-text">x</a>',
    '<a href="">empty</a><p id="">empty id</p><p id>bare</p><a href>bare</a><a name>n</a>',
]
IRREGULAR = [
    '<!-- <a href="commented"> -->',
    "<a href='single'>x</a>",
    '<a href=unquoted>x</a>',
    '<a title="a<b" href="x">x</a>',
    '<a class="x"href="glued">g</a>',
    '<textarea><a href="in-textarea">x</a></textarea>',
    '<title><a href="in-title"></a></title>',
    "<script>document.write('<a href=\"s\">')</script>",
    '<body id="second-body"><a href="x">x</a>',
    '<a href="&copy;&notin;">e</a>',
    '<a\r\nhref="cr">x</a>',
    '<? pi ?><a href="x">x</a>',
    '< a href="text">x',
    '<a href="x" title=\'a"b\'>x</a>',
    '<plaintext><a href="x">',
    '<a href ="spaced">x</a>',
    '<p>a > b</p><a href="x">x</a>',
]


@pytest.mark.parametrize("snippet", REGULAR)
def test_what_could_fool_a_byte_search_is_read_as_lxml_reads_it(snippet):
    assert same_as_parsed(PAGE.format(snippet).encode()), "should be read fast"


@pytest.mark.parametrize("snippet", IRREGULAR)
def test_a_page_the_byte_search_cannot_read_is_parsed(snippet):
    data = PAGE.format(snippet).encode()
    assert not same_as_parsed(data)
    found, parsed = scan(data), scan_parsed(data)
    assert (found.ids, found.links) == (parsed.ids, parsed.links)


def test_lines_are_where_each_tag_ends():
    data = PAGE.format('<a\n  href="one"\n>x</a>\n<img src="two.png"\n  srcset="a.png 1x,\n b.png 2x">').encode()
    assert scan(data).links == [("href", "one", 11), ("src", "two.png", 14), ("srcset", "a.png", 14),
                                ("srcset", "b.png", 14)]


NAMES = ["id", "href", "src", "srcset", "name", "class", "data-id", "HREF", "title", "aria-describedby"]
# Mostly what our templates could write, now and then what they never do (`<` in a value...).
VALUE_BITS = 12 * ["x", " ", "=", " id=", "href=", "../a/#b", "a.png 1x, b.png 2x", ",", "&amp;", "&#34;"] + ["&copy;", "'", "<", ">"]
TEXT_BITS = 12 * ["x", " ", "\n", '"', "=", ' href="y"', ' id="z"', " src=", " name ", "&amp;"] + [">", "'"]
value = st.lists(st.sampled_from(VALUE_BITS), max_size=4).map("".join)
attribute = st.tuples(st.sampled_from(8 * [" ", "\n", "/", "  "] + ['"']), st.sampled_from(NAMES),
                      st.one_of(*3 * [value.map(lambda v: f'="{v}"')], st.just(""))).map("".join)
start_tag = st.tuples(st.sampled_from(4 * ["a", "p", "img", "div"] + ["title", "script", "body", "A", "svg"]),
                      st.lists(attribute, min_size=1, max_size=4, unique_by=lambda a: a.lstrip(' \n/"').split("=")[0].lower()
                               ).map("".join), st.sampled_from([">", "/>", " >"])
                      ).map(lambda t: f"<{t[0]}{t[1]}{t[2]}")
piece = st.one_of(start_tag, st.sampled_from(3 * ["</a>", "</p>", "</title>", "</script>", "</div>", "<br>"] + ["<!-- x -->"]),
                  st.lists(st.sampled_from(TEXT_BITS), max_size=5).map("".join))


@settings(max_examples=1000, deadline=None)
@given(st.lists(piece, max_size=12))
def test_whatever_the_markup_the_reading_is_lxmls(pieces):
    """Any markup made of what could fool a byte search (look-alike text, values ending
    in `id=`, glued or valueless attributes, upper case, raw-text elements, comments,
    `<` in values): read fast only when that finds what lxml finds, else parsed. (No
    tag repeats an attribute: invalid HTML, kept out of the templates.)"""
    data = PAGE.format("".join(pieces)).encode()
    found, parsed = scan(data), scan_parsed(data)
    assert (found.ids, found.links) == (parsed.ids, parsed.links)
