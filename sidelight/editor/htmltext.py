"""An article's paragraphs from a saved news page, without the page around them.

`survey` tells whether a page has article text at all: words in paragraphs that are
neither link text (a list of headlines) nor inside page furniture (a cookie wall), found
by tag and by class name. `article_paragraphs` is a complete extractor on the same basis:
the main text is the element holding the most such text (each paragraph scores its
container fully and the container's parent by half), plus sentence-like siblings (a
standfirst). Measured against trafilatura and readability-lxml (docs/editing.md), it lost
on pages that wrap every paragraph in its own block, so imports take their text from
trafilatura and use this only as the gate and as a fallback.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "video",
    "audio",
    "canvas",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "header",
    "footer",
    "menu",
    "dialog",
}
BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "tbody",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dl",
    "dt",
    "dd",
    "pre",
    "address",
    "center",
    # Furniture tags that `strip` keeps because they wrap most of the page (a page inside
    # one <form>, an article inside its <header>): they hold blocks, as a <div> would.
    "form",
    "header",
    "footer",
    "nav",
    "aside",
    "figure",
    "menu",
    "dialog",
}
NEVER_TEXT = {"script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "video", "audio", "canvas"}
PARAGRAPH_TAGS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "dd", "pre"}
# Class/id words of page furniture; whole words of a class name (`share-bar` → share, bar).
BOILERPLATE_WORDS = {
    "ad",
    "ads",
    "adbox",
    "adslot",
    "advert",
    "advertisement",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "comment",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "copyright",
    "credit",
    "embed",
    "follow",
    "footer",
    "header",
    "masthead",
    "menu",
    "meta",
    "modal",
    "dialog",
    "login",
    "nav",
    "navigation",
    "newsletter",
    "pagination",
    "podcast",
    "popular",
    "print",
    "promo",
    "recommended",
    "related",
    "relatedposts",
    "rubric",
    "share",
    "sharedaddy",
    "sharing",
    "sidebar",
    "signup",
    "skip",
    "social",
    "subscribe",
    "subscription",
    "tags",
    "ticker",
    "tools",
    "trending",
    "trust",
    "tweet",
    "twitter",
    "bio",
    "onetrust",
    "sdk",
}
BOILERPLATE_PAIRS = {("read", "more"), ("read", "also"), ("most", "read"), ("also", "read"), ("see", "also")}
LAYOUT_PREFIXES = ("has-", "with-", "no-", "is-", "show-", "wp-")  # `has-sidebar` describes a layout
LAYOUT_INFIX = re.compile(r"[-_](with|w|and|has|no)[-_]", re.IGNORECASE)  # `content-with-sidebar`, `and-w-sidebar`
# A class that says how something is aligned or laid out (`header-content-align-left` on a
# recipe card) describes layout, whatever else it names.
LAYOUT_WORD = re.compile(r"(^|[-_])(align|alignment|layout)([-_]|$)", re.IGNORECASE)
# A photo's caption or credit: `wp-caption-text`, `image-caption`, `photo-credit`.
CAPTION_CLASS = re.compile(r"(^|[-_])(caption|credit|credits)($|[-_])", re.IGNORECASE)
# Furniture that can fill most of a page: a consent or subscription wall.
WALL_WORDS = {"consent", "cookie", "cookies", "onetrust", "subscription", "subscribe", "signup", "newsletter", "login"}
ARTICLE_WORDS = {"article", "story", "post", "entry"}
# Furniture words that name the description of a sound or a video (`podcast-description`,
# a video's `item-caption`): on a page about that sound or video, it is the article.
MEDIA_WORDS = frozenset({"podcast", "caption"})
# The class of an article's body on common platforms: `post-body`, `entry-content`, `article__body`.
ARTICLE_BODY = re.compile(r"^(post|entry|article|story)[-_]*(body|content|text)$", re.IGNORECASE)
# Han characters and kana: scripts written without spaces between words.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Where a <script> or <style> ends, as in a browser (HTML's "appropriate end tag"): at
# `</script` followed by white space, `/` or `>`, the end tag then running to the next `>`.
# Comments are matched too, only so that an end tag inside one is left alone.
RAW_TEXT = re.compile(
    rb"<!--.*?-->|(?P<open><(?P<name>script|style)\b[^>]*>)(?P<text>.*?)(?P<end></(?P=name)(?=[\t\n\f\r />])[^>]*>)",
    re.IGNORECASE | re.DOTALL,
)
# An end tag that Python's HTML parser misses (it wants `</script>`, spaces allowed before `>`).
ODD_END = re.compile(rb"</(script|style)(?!\s*>)[\t\n\f\r /]", re.IGNORECASE)
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
# Items in one list that make it a list of other stories or a gallery, not one in passing.
LIST_ITEMS = 3
# A gallery slide's counter at the start of its title: "1/50", "2 of 50".
SLIDE_COUNTER = re.compile(r"^(\d{1,3}) ?(?:/|of) ?(\d{1,3})\b")
# Characters of running text that make a block more than a teaser or a label.
PROSE_CHARS = 500
NOTICE = re.compile(r"^(advertisement|advert|ad|anzeige|реклама|publicité|pubblicità)\b", re.IGNORECASE)


@dataclass
class Paragraph:
    text: str
    holder: Tag  # the element whose content it is
    links: int  # characters of link text


def close_raw_text(raw: bytes) -> bytes:
    """The page with every <script> and <style> closed where a browser closes it. A
    `</script` followed by a line break and more markup before its `>` ends the script in
    a browser (and in lxml), but Python's HTML parser reads on to the next `</script>`:
    everything between, the article included, would be taken for script and lost."""
    if not ODD_END.search(raw):
        return raw
    return RAW_TEXT.sub(closed_end, raw)


def closed_end(match: re.Match[bytes]) -> bytes:
    if not match.group("name") or re.fullmatch(rb"</\w+\s*>", match.group("end")):
        return match.group(0)
    return match.group("open") + match.group("text") + b"</" + match.group("name") + b">"


def article_paragraphs(soup: BeautifulSoup) -> list[str]:
    """The main text's paragraphs, in order; empty when the page has no article text."""
    strip(soup)
    found, candidates = candidate_paragraphs(soup)
    if not candidates:
        return []
    main = best_container(candidates)
    keep = [p for p in found if within(p.holder, main) and acceptable(p)]
    keep += [p for p in found if standfirst(p, main)]
    order = {id(p): i for i, p in enumerate(found)}
    return [p.text for p in sorted(keep, key=lambda p: order[id(p)])]


def chunked_body(soup: BeautifulSoup) -> list[str]:
    """The paragraphs of an article body split into several blocks of the same body class
    (`article__body` twice, with an advert or a video between), in order; empty when the
    page has one body block or none. Every block's paragraphs, not only the first's."""
    strip(soup)
    bodies = [tag for tag in soup.find_all(True) if any(ARTICLE_BODY.match(n) for n in class_names(tag))]
    ids = {id(tag) for tag in bodies}
    outer = [tag for tag in bodies if not any(id(up) in ids for up in tag.parents)]
    kinds = Counter(tuple(class_names(tag)) for tag in outer)
    if not kinds or kinds.most_common(1)[0][1] < 2:
        return []
    kind = kinds.most_common(1)[0][0]
    return [p.text for tag in outer if tuple(class_names(tag)) == kind for p in paragraphs(tag) if acceptable(p)]


def candidate_paragraphs(soup: BeautifulSoup) -> tuple[list[Paragraph], list[Paragraph]]:
    """(every paragraph, those that may be article text: not links, not furniture, not tiny)
    of a page already `strip`ped."""
    found = [p for p in paragraphs(soup.body or soup) if not NOTICE.match(p.text)]
    return found, [p for p in found if len(p.text) >= 25 and p.links < len(p.text) / 2 and not furniture(p.holder)]


def survey(soup: BeautifulSoup, forgive: frozenset[str] = frozenset()) -> tuple[int, set[str], bool]:
    """(how many words of the page could be article text, the texts that are furniture,
    whether all those words are inside one article: one <article> or article body).
    A page of headlines (all links) or a consent wall (all furniture) has next to no words.
    Class words in `forgive` do not make furniture (`MEDIA_WORDS`, for a page that has no
    article otherwise)."""
    strip(soup)
    sizes = Sizes(soup.body or soup)
    every = paragraphs(soup.body or soup)
    flagged = [NOTICE.match(p.text) or p.links >= len(p.text) / 2 or furniture(p.holder, sizes, forgive) for p in every]
    rejected = {p.text for p, flag in zip(every, flagged) if flag}
    # A text also found outside furniture is the article's (a standfirst that a page
    # header repeats), wherever else the page shows it.
    rejected -= {p.text for p, flag in zip(every, flagged) if not flag and len(p.text) >= 25}
    counted = [p for p in every if len(p.text) >= 25 and p.text not in rejected]
    return sum(word_count(p.text) for p in counted), rejected, one_article(counted)


def one_article(counted: list[Paragraph]) -> bool:
    """Do all these paragraphs sit in the same <article> or article body (`entry-content`)?
    A short post on a page of its own does; a section front's teasers, each in its own
    <article>, and a wall's notices outside any, do not."""
    homes = {id(article_of(p.holder)) if article_of(p.holder) is not None else None for p in counted}
    return bool(counted) and None not in homes and len(homes) == 1


def article_of(tag: Tag) -> Tag | None:
    """The outermost <article> or article body (`post-body`, `entry-content`) around `tag`."""
    found = None
    node: Tag | None = tag
    while isinstance(node, Tag) and node.name not in ("body", "html", "[document]"):
        if node.name == "article" or any(ARTICLE_BODY.match(n) for n in class_names(node)):
            found = node
        node = node.parent
    return found


def word_count(text: str) -> int:
    """Words, counting Chinese and Japanese, which have no spaces between words, at about
    two characters a word."""
    return len(text.split()) + len(UNSPACED.findall(text)) // 2


def strip(soup: BeautifulSoup) -> None:
    """Remove what is never text: scripts, styles, comments, embeds, and page furniture
    tags, except a furniture tag that wraps most of the page's text (a page inside one
    `<form>`, an article inside its `<header>`), which is layout."""
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(NEVER_TEXT):
        tag.decompose()
    total = len(clean(soup.get_text()))
    for tag in soup.find_all(DROP_TAGS - NEVER_TEXT):
        if not tag.decomposed and len(clean(tag.get_text())) * 2 <= total:
            tag.decompose()


def paragraphs(root: Tag) -> list[Paragraph]:
    """Every paragraph under `root`: <p>-like elements, and runs of inline text between
    block elements or double <br> (old pages without <p>)."""
    out: list[Paragraph] = []
    walk(root, out)
    return out


def walk(element: Tag, out: list[Paragraph]) -> None:
    run: list = []
    for child in list(element.children):
        if isinstance(child, Tag) and child.name in BLOCK_TAGS:
            flush(run, element, out)
            if child.name in PARAGRAPH_TAGS and not child.find(BLOCK_TAGS - PARAGRAPH_TAGS):
                split_at_breaks(child, out)
            else:
                walk(child, out)
        else:
            add(run, child, element, out)
    flush(run, element, out)


def split_at_breaks(element: Tag, out: list[Paragraph]) -> None:
    """A <p> is one paragraph, unless it holds a double <br>, which ends one."""
    run: list = []
    for child in list(element.children):
        add(run, child, element, out)
    flush(run, element, out)


def add(run: list, node, holder: Tag, out: list[Paragraph]) -> None:
    """Add inline content to the current run; a second <br> in a row ends the paragraph."""
    if isinstance(node, NavigableString) and node.isspace() and run and is_break(run[-1]):
        return  # the line break between two <br>s
    if is_break(node) and run and is_break(run[-1]):
        run.pop()
        flush(run, holder, out)
    elif isinstance(node, (Tag, NavigableString)):
        run.append(node)


def is_break(node) -> bool:
    return isinstance(node, Tag) and node.name == "br"


def flush(run: list, holder: Tag, out: list[Paragraph]) -> None:
    parts = [" " if is_break(n) else n.get_text() if isinstance(n, Tag) else str(n) for n in run]
    text = clean("".join(parts))
    if text:
        links = sum(
            len(clean(a.get_text()))
            for n in run
            if isinstance(n, Tag)
            for a in ([n] if n.name == "a" else n.find_all("a"))
        )
        out.append(Paragraph(text, holder, links))
    run.clear()


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def words_of(tag: Tag) -> set[str]:
    """The words of an element's class names and id, for recognising furniture."""
    names = [
        n
        for n in class_names(tag) + [single_value(tag, "id"), single_value(tag, "role")]
        if n and not n.lower().startswith(LAYOUT_PREFIXES) and not LAYOUT_INFIX.search(n) and not LAYOUT_WORD.search(n)
    ]
    return {w for n in names for w in re.split(r"[^a-z0-9]+", n.lower()) if w}


def class_names(tag: Tag) -> list[str]:
    """The element's class names (BeautifulSoup splits `class` into a list)."""
    value = tag.get("class")
    return [str(name) for name in value] if isinstance(value, list) else [value] if value else []


def single_value(tag: Tag, name: str) -> str:
    """An attribute BeautifulSoup keeps whole (`id`, `role`), "" when absent."""
    value = tag.get(name)
    return value if isinstance(value, str) else ""


def is_furniture(tag: Tag, forgive: frozenset[str] = frozenset()) -> bool:
    words = words_of(tag) - forgive
    if words & ARTICLE_WORDS:
        words -= {"header"}  # `article-header`, `story-header`: the headline and standfirst
    if words & BOILERPLATE_WORDS:
        return True
    joined = [w for n in class_names(tag) + [single_value(tag, "id")] for w in re.split(r"[^a-z]+", n.lower())]
    return any(pair in zip(joined, joined[1:]) for pair in BOILERPLATE_PAIRS) and not prose(tag)


def prose(tag: Tag) -> bool:
    """Does `tag` hold paragraphs of running text with next to no links? A `read-more`
    block that does is the rest of the article, folded away behind a button, not a list
    of other pages ("read more", "see also"), which is mostly links."""
    text = len(clean(tag.get_text()))
    links = sum(len(clean(a.get_text())) for a in tag.find_all("a"))
    return text >= PROSE_CHARS and links * 10 < text and len(tag.find_all("p")) >= 3


class Sizes:
    """Characters of text under each element of one page, each measured once."""

    def __init__(self, root: Tag) -> None:
        self.known: dict[int, int] = {}
        self.total = self.of(root)

    def of(self, tag: Tag) -> int:
        if id(tag) not in self.known:
            self.known[id(tag)] = len(clean(tag.get_text()))
        return self.known[id(tag)]


def furniture(tag: Tag, sizes: Sizes | None = None, forgive: frozenset[str] = frozenset()) -> bool:
    """Is `tag`, or anything around it up to the nearest <article>, <main> or article body
    (`post-body`, `entry-content`), page furniture? (Above those, class names describe the
    layout: `content-with-sidebar`, `l-sidebar-fixed`, a blog platform's `widget` around
    the post; so do the names of an element that holds most of the page's text, unless
    they say it is a consent or subscription wall, which can be most of a page.) Class
    words in `forgive` are not furniture words here."""
    node: Tag | None = tag
    while isinstance(node, Tag) and node.name not in ("body", "html", "[document]"):
        if any(ARTICLE_BODY.match(n) for n in class_names(node)):
            return False
        if sizes and sizes.of(node) * 2 > sizes.total and not words_of(node) & WALL_WORDS:
            return False
        if is_furniture(node, forgive):
            return True
        if node.name in ("article", "main"):
            return False
        node = node.parent
    return False


def best_container(candidates: list[Paragraph]) -> Tag:
    scores: dict[int, float] = defaultdict(float)
    tags: dict[int, Tag] = {}
    for p in candidates:
        holder = p.holder.parent if p.holder.name in PARAGRAPH_TAGS else p.holder
        for tag, share in ((holder, 1.0), (holder.parent if holder else None, 0.5)):
            if isinstance(tag, Tag):
                scores[id(tag)] += (len(p.text) - p.links) * share
                tags[id(tag)] = tag
    return tags[max(scores, key=lambda tag_id: scores[tag_id])]


def within(tag: Tag, container: Tag) -> bool:
    node: Tag | None = tag
    while isinstance(node, Tag):
        if node is container:
            return True
        if is_furniture(node):
            return False
        node = node.parent
    return False


def acceptable(p: Paragraph) -> bool:
    return p.links <= len(p.text) / 2


def standfirst(p: Paragraph, main: Tag) -> bool:
    """A sentence-like paragraph beside the main text (a lead, a summary), not inside it."""
    parent = main.parent
    if parent is None or within(p.holder, main) or not within(p.holder, parent) or furniture(p.holder):
        return False
    return len(p.text) >= 80 and p.links * 4 < len(p.text) and p.text[-1] in ".!?…»”\"'"


@dataclass
class Surroundings:
    """What on a page is around an article rather than in it, found before `strip`:
    photo captions and credits, the text of every link to another page (a teaser is
    one; a link within the page, as an article's table of contents, is not), the whole
    text of each item of a list of other stories (`teaser_items`) and of each slide of a
    photo gallery (`slide_items`)."""

    captions: set[str]
    links: set[str]
    teasers: list[str] = field(default_factory=list)
    slides: list[str] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)

    def holds(self, block: str, items: list[str]) -> bool:
        """Is `block` one of these items' texts (`item_texts`), or a sentence-long part of one?"""
        return any(block == item or len(block) >= 25 and block in item for item in items)


def surroundings(soup: BeautifulSoup) -> Surroundings:
    captions = {clean(tag.get_text()) for tag in soup.find_all(["figcaption", "caption"])}
    captions |= {clean(tag.get_text()) for tag in soup.find_all(class_=CAPTION_CLASS)}
    links = {clean(tag.get_text()) for tag in soup.find_all("a") if not str(tag.get("href", "")).startswith("#")}
    return Surroundings(
        {c for c in captions if c},
        {link for link in links if len(link) >= 15},
        teaser_items(soup),
        slide_items(soup),
        list_labels(soup),
    )


def teaser_items(soup: BeautifulSoup) -> list[str]:
    """The texts of a list of other stories: elements that each hold a heading linking to
    another page and a thumbnail linking there too (the smallest element holding both),
    at least `LIST_ITEMS` of them children of one element. A story's own subheadings link
    nowhere, or within the story, and a single teaser in passing is not a list."""
    headed: dict[str, Tag] = {}
    for heading in soup.find_all(HEADINGS):
        for link in heading.find_all("a", href=True):
            if not str(link["href"]).startswith("#") and len(clean(link.get_text())) >= 10:
                headed.setdefault(str(link["href"]), link)
    items: dict[int, Tag] = {}
    for link in soup.find_all("a", href=True):
        heading_link = headed.get(str(link["href"]))
        if heading_link is not None and link is not heading_link and link.find("img"):
            item = common_ancestor(link, heading_link)
            items[id(item)] = item
    siblings = Counter(id(item.parent) for item in items.values())
    return [text for item in items.values() if siblings[id(item.parent)] >= LIST_ITEMS for text in item_texts(item)]


def common_ancestor(one: Tag, other: Tag) -> Tag:
    """The smallest element holding both."""
    above = {id(tag) for tag in one.parents}
    node = other.parent
    while node is not None and id(node) not in above:
        node = node.parent
    return node if node is not None else one


def slide_items(soup: BeautifulSoup) -> list[str]:
    """The texts of a photo gallery's slides: at least `LIST_ITEMS` children of one element
    that each begin with a slide counter of the same total ("1/50", "2 of 50")."""
    texts: list[str] = []
    for parent in soup.find_all(True):
        counted = [(item, SLIDE_COUNTER.match(first_words(item))) for item in parent.find_all(True, recursive=False)]
        totals = Counter(match.group(2) for _, match in counted if match)
        if totals and totals.most_common(1)[0][1] >= LIST_ITEMS:
            total = totals.most_common(1)[0][0]
            texts += [text for item, match in counted if match and match.group(2) == total for text in item_texts(item)]
    return texts


def first_words(tag: Tag) -> str:
    """The start of an element's text (its first three strings), enough for a slide counter."""
    strings = []
    for text in tag.stripped_strings:
        strings.append(text)
        if len(strings) == 3:
            break
    return " ".join(strings)


def list_labels(soup: BeautifulSoup) -> set[str]:
    """The labels of lists of links ("More on this topic", "Most commented"): a short line,
    not a sentence, whose next element, at its own level or around it, is all links (at
    least two) to other pages."""
    labels: set[str] = set()
    known: dict[int, bool] = {}  # link_list of an element, each worked out once
    for node in soup.find_all(string=True):
        text = clean(str(node))
        if not text or len(text) > 60 or text[-1] in ".!?;…»”\"'" or isinstance(node, Comment):
            continue
        holder = node.parent
        if holder is None or holder.name in NEVER_TEXT or holder.find_parent("a") or holder.name == "a":
            continue
        while isinstance(holder, Tag) and holder.name not in ("body", "html"):
            following = holder.find_next_sibling(True)
            if following is not None and id(following) not in known:
                known[id(following)] = link_list(following)
            if following is not None and known[id(following)]:
                labels.add(text)
                break
            if holder.parent is None or not alone(holder):
                break
            holder = holder.parent
    return labels


def alone(tag: Tag) -> bool:
    """Is `tag` all the text of its parent (its siblings empty or white space)?"""
    for sibling in tag.parent.children if tag.parent else ():
        if sibling is tag or isinstance(sibling, Comment):
            continue
        if isinstance(sibling, Tag):
            if sibling.name not in NEVER_TEXT and next(sibling.stripped_strings, None) is not None:
                return False
        elif str(sibling).strip():
            return False
    return True


def link_list(tag: Tag) -> bool:
    """Is `tag` nothing but links to other pages, at least two?"""
    links = [a for a in tag.find_all("a", href=True) if not str(a["href"]).startswith("#")]
    text = clean(tag.get_text())
    return len(links) >= 2 and bool(text) and sum(len(clean(a.get_text())) for a in links) >= 0.9 * len(text)


def data_tables(soup: BeautifulSoup) -> list[tuple[str, list[str]]]:
    """Each table of data on the page, in order, as (the text of the paragraph or heading just
    before it, its rows: each row's cells apart, as on the page). A table of data holds no
    other table (a page's layout does) and has at least two rows and a row of at least two
    cells."""
    found = []
    for table in soup.find_all("table"):
        if table.find("table"):
            continue
        rows = [[visible_text(cell) for cell in row.find_all(["td", "th"])] for row in table.find_all("tr")]
        rows = [cells for cells in rows if any(cells)]
        if len(rows) < 2 or max(len(cells) for cells in rows) < 2:
            continue
        before = table.find_previous(PARAGRAPH_TAGS)
        if before is not None:
            found.append((visible_text(before), [" ".join(cell for cell in cells if cell) for cells in rows]))
    return found


def item_texts(item: Tag) -> list[str]:
    """An item's whole text and each of its paragraphs' and headings' (a headline too short
    to be matched as a part, a slide's title)."""
    return [visible_text(item)] + [visible_text(part) for part in item.find_all(PARAGRAPH_TAGS)]


def visible_text(tag: Tag) -> str:
    """An element's text as `paragraphs` reads it: no comments, scripts or styles."""
    strings = tag.find_all(string=lambda s: not isinstance(s, Comment))
    return clean("".join(str(s) for s in strings if s.parent is None or s.parent.name not in NEVER_TEXT))


def link_share(block: str, links: set[str]) -> float:
    """How much of a block is the text of links found on the page (1.0: a list of teasers)."""
    covered = sum(len(link) * block.count(link) for link in links if link in block)
    return min(1.0, covered / len(block)) if block else 0.0
