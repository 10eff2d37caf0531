"""`new source <id> --from-html PAGE.html`: a source file from a saved web page.

Chosen by measuring on saved pages (tests/fixtures/import/measure.py, and 181 real news
pages in benchmarks/import/; docs/editing.md): the article's text comes from trafilatura;
the facts (headline, byline, date, address, language) from `htmlmeta`; and from
`htmltext`, whether the page has article text at all (trafilatura returns the text of a
cookie wall or a list of headlines too) and what on the page is not the article's
(furniture, captions, teasers), which `tidy` leaves out of trafilatura's text. Sources are
published verbatim, so where keeping a block is doubtful it goes, and the header comment
says how many blocks went and as what. What cannot be found is left empty for the editor
(an address is never guessed); the language, when the page does not state it, is
recognised from the text's common words and said to be so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from sidelight.content.files import read_bounded
from sidelight.editor.htmlmeta import Found, metadata
from sidelight.editor.htmltext import (
    MEDIA_WORDS,
    Surroundings,
    article_paragraphs,
    chunked_body,
    clean,
    close_raw_text,
    data_tables,
    link_share,
    surroundings,
    survey,
)
from sidelight.problems import SidelightError

MAX_BYTES = 20_000_000
MIN_WORDS = 60
# A page whose words are all inside one <article> (or article body) is a post, however short:
# a headline list or a wall has its words elsewhere or spread over many teasers.
MIN_WORDS_ONE_ARTICLE = 30
# A block found this often in the text is a recurring line of a structured text (a meal
# plan's "Eat every 2–3 hours" in each of its days), not a copy of a paragraph (a caption
# or a lead shown twice), so every occurrence is kept, unless it is not the article's.
RECURRING = 3
# trafilatura's XML elements that are one block of text each (unless they hold paragraphs).
BLOCK_ELEMENTS = {"p", "head", "item", "row", "quote", "code"}
# A block that asks the reader to do something, or only labels or credits: never article text.
PROMPT = re.compile(
    r"\b(subscribe|sign up|newsletter|share (this|it)\b|follow us|like this story|don[’']t miss|read more"
    r"|click here)\b|^(more|related|see also|source|sources|updated|published|posted|filed under|tags)\s*:"
    r"|^\S+@\S+\.\w+$"
    r"|^(https?://|www\.|twitter\.com/)\S+$",
    re.IGNORECASE,
)
# A field label of a post's metadata line ("05/10/2018 - Posted by: … - Category: … - Tags: …").
META_LABEL = re.compile(
    r"(?:^|[\s|·•,;–—-])(?:by|posted|published|updated|publicado|publicada|por|categor(?:y|ies|ia|ie)|tags?"
    r"|filed under|autor|author|auteur)\s*:",
    re.IGNORECASE,
)
# A code sample laid out by a highlighter: a <pre> holding markup, or inside a table.
CODE_LAYOUT = re.compile(
    rb"<pre\b[^>]*>(?:(?!</pre>).)*?<(?!/pre>)|<td\b[^>]*>\s*(?:<div\b[^>]*>\s*)?<pre\b", re.I | re.S
)
# A highlighter's column of line numbers.
LINE_NUMBERS = re.compile(r"[\d\s]*")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# A machine-readable time stamp shown as text (`2019-11-19T08:57:40+01:00`): never prose.
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
# The most frequent short words of languages an editor is likely to meet.
COMMON_WORDS = {
    "en": "the of and to in a is that for on was with as by it at from said has have",
    "de": "der die und das in den von zu mit sich des auf für ist im dem nicht ein eine als",
    "fr": "le la les de des et un une du en est que pour dans qui sur au par pas",
    "es": "el la de que y en los del se las por un una para con no es al",
    "it": "il di che e la per un in del non una sono della con si da le al",
    "ru": "и в не на что с по как это он из к о за от для так его но",
    "uk": "і в на що з не як до та це за від він про у його але",
    "pl": "i w na nie z się że do jest to o jak po co dla od przez",
}


class ImportRefused(SidelightError):
    """The page cannot give a source file; the message says why and what to do."""


@dataclass
class Article:
    facts: dict[str, Found]
    paragraphs: list[str] = field(default_factory=list)
    words: int = 0  # words of the page that may be article text (0: a page without an article)
    one_article: bool = False  # all those words are inside one <article> or article body
    left_out: Counter[str] = field(default_factory=Counter)  # blocks not taken, by what they are


def decode(raw: bytes) -> str:
    """The page's text in the encoding it declares (BOM, <meta charset>), else UTF-8, else Windows-1252."""
    dammit = BeautifulSoup(raw[:4096], "html.parser").original_encoding  # honours <meta charset>
    for encoding in (dammit, "utf-8", "cp1252"):
        try:
            return raw.decode(encoding) if encoding else raw.decode("utf-8")
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("utf-8", "replace")


def extract(raw: bytes) -> Article:
    """The page's facts and its article's paragraphs."""
    raw = close_raw_text(raw)
    soup = BeautifulSoup(raw, "html.parser")
    facts, around, tables = metadata(soup), surroundings(soup), data_tables(soup)
    words, furniture, one_article = survey(soup)
    if words < floor(one_article):
        media = survey(soup, forgive=MEDIA_WORDS)
        if media[0] >= floor(media[2]):  # the page is a sound's or a video's, described
            (words, furniture, one_article), around = media, replace(around, captions=set())
    paragraphs: list[str] = []
    left_out: Counter[str] = Counter()
    if words:
        paragraphs, left_out = tidy(main_text(raw, facts.get("title"), tables), furniture, around)
    if "language" not in facts and paragraphs:
        guessed = guess_language(" ".join(paragraphs))
        if guessed:
            facts["language"] = Found(guessed, "recognised from the text's common words (the page does not say)")
    return Article(facts, paragraphs, words, one_article=one_article, left_out=left_out)


def has_article(article: Article) -> bool:
    """Enough words that may be article text (fewer will do when they are all one article's)."""
    return article.words >= floor(article.one_article) and bool(article.paragraphs)


def floor(one_article: bool) -> int:
    """The fewest words of article text a page with an article has."""
    return MIN_WORDS_ONE_ARTICLE if one_article else MIN_WORDS


def main_text(raw: bytes, title: Found | None, tables: list[tuple[str, list[str]]]) -> list[str]:
    """trafilatura's blocks (paragraphs, headings, list items, and text it leaves loose in
    a section), less a heading that repeats the title; every block's paragraphs of a body
    split into several (`whole_body`); the rows of the article's `tables` of data
    (`with_tables`); our own extractor's if trafilatura finds nothing. (The caller then
    drops blocks that are not the article's: `tidy`.)"""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        plain_code(raw),
        output_format="xml",
        include_comments=False,
        include_tables=False,  # the article's own tables: `with_tables`
        include_images=False,
        deduplicate=False,
    )
    if not xml:
        return article_paragraphs(BeautifulSoup(raw, "html.parser"))
    main = etree.fromstring(xml.encode("utf-8")).find("main")
    blocks = [clean(b) for b in blocks_of(main)] if main is not None else []
    blocks = whole_body(blocks, chunked_body(BeautifulSoup(raw, "html.parser")))
    blocks = with_tables([b for b in blocks if b], tables)
    return [b for b in blocks if not (title and b == title.value)]


def with_tables(blocks: list[str], tables: list[tuple[str, list[str]]]) -> list[str]:
    """The blocks with each table of data (`data_tables`) as its rows, after the block that
    comes before it on the page: trafilatura, asked to keep tables, also reads a page laid out
    in tables differently, so it is asked for none and an article's tables are put back here.
    A table whose preceding text is not the article's is not the article's either."""
    out = list(blocks)
    for before, rows in reversed(tables):
        if before in out and not any(row in out for row in rows):
            at = out.index(before) + 1
            out[at:at] = rows
    return out


def plain_code(raw: bytes) -> bytes | str:
    """The page with each code sample as plain text in `<pre><code>`, for trafilatura, which
    keeps only a sample's first line when its lines are `<br>`s among highlighting `<span>`s,
    and leaves a sample out with the table a highlighter lays it out in (line numbers in one
    cell, the code in the next). A table holding code becomes its code, without the numbers.
    The page unchanged when it has no such sample; the code's characters are never changed."""
    if not CODE_LAYOUT.search(raw):
        return raw
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(XML_DECLARATION.sub("", decode(raw)))
    except (etree.ParserError, ValueError):
        return raw
    for table in list(tree.iter("table")):
        samples = [pre for pre in table.iter("pre") if not LINE_NUMBERS.fullmatch(pre.text_content())]
        if samples and table.getparent() is not None:
            listing = lxml.html.Element("div")
            listing.extend(samples)
            listing.tail = table.tail
            table.getparent().replace(table, listing)
    for pre in tree.iter("pre"):
        if len(pre):
            for br in pre.iter("br"):
                br.tail = "\n" + (br.tail or "")
            code = lxml.html.Element("code")
            code.text = pre.text_content()
            tail = pre.tail
            pre.clear()  # which takes the text after the sample too
            pre.tail = tail
            pre.append(code)
    return lxml.html.tostring(tree, encoding="unicode")


def whole_body(blocks: list[str], chunks: list[str]) -> list[str]:
    """The paragraphs of every block of an article body split into several (`chunked_body`)
    instead of trafilatura's blocks, when those hold nearly all of trafilatura's words and
    a fifth more: trafilatura keeps the first block only. Otherwise trafilatura's blocks."""
    ours, theirs = word_bag(chunks), word_bag(blocks)
    total = sum(theirs.values())
    if total and sum((ours & theirs).values()) >= 0.9 * total and sum(ours.values()) >= 1.2 * total:
        return chunks
    return blocks


def word_bag(blocks: list[str]) -> Counter[str]:
    return Counter(re.findall(r"\w+", " ".join(blocks).lower()))


def blocks_of(element) -> Iterator[str]:
    """The text of trafilatura's XML as blocks, in order: a block element's whole text
    (a line break inside it is a space), and the text a section holds outside any block
    — a page that puts paragraphs straight after its subheadings without <p> has it there."""
    if element.tag in BLOCK_ELEMENTS and element.find(".//p") is None:
        for br in element.iter("lb"):
            br.text = " "
        yield "".join(element.itertext())
        return
    yield element.text or ""
    for child in element:
        yield from blocks_of(child)
        yield child.tail or ""


def tidy(blocks: list[str], furniture: set[str], around: Surroundings) -> tuple[list[str], Counter[str]]:
    """The article's blocks without what is on the page around it: furniture `htmltext`
    knows, a second copy of a block, a photo's caption, a block that is mostly links to
    other pages (teasers), and prompts (subscribe, share, a bare address); and how many
    of each were left out, for the editor. Sources are published verbatim, so a doubtful
    block goes: the editor can add a missed paragraph, but a teaser left in would be
    published as the outlet's words."""
    kept: list[str] = []
    left_out: Counter[str] = Counter()
    recurring = {block for block, times in Counter(blocks).items() if times >= RECURRING}
    for block in blocks:
        reason = why_not_article(block, [] if block in recurring else kept, furniture, around)
        if reason:
            left_out[reason] += 1
        else:
            kept.append(block)
    return kept, left_out


def why_not_article(block: str, kept: list[str], furniture: set[str], around: Surroundings) -> str | None:
    """What a block is, if it is not the article's own text; None if it is."""
    if block in kept:
        return "repeated paragraph"
    if block in around.captions:
        return "photo caption"
    if link_share(block, around.links) >= 0.5 or around.holds(block, around.teasers):
        return "link to another page (a teaser)"
    if block in around.labels:
        return "label of a list of links (more on the topic)"
    if around.holds(block, around.slides):
        return "photo gallery (a slide's title or caption)"
    if block in furniture:
        return "page furniture (navigation, a notice, an embedded post)"
    if PROMPT.search(block) and len(block) <= 250:
        return "prompt or label (subscribe, share, a bare address)"
    if len(META_LABEL.findall(block)) >= 2 and len(block) <= 300 or TIMESTAMP.match(block):
        return "metadata line (author, date, category, tags)"
    return None


def guess_language(text: str) -> str | None:
    counts = Counter(re.findall(r"\w+", text.lower()))
    scores = {lang: sum(counts[w] for w in words.split()) for lang, words in COMMON_WORDS.items()}
    best = sorted(scores.items(), key=lambda kv: -kv[1])
    if best[0][1] >= 5 and best[0][1] >= 2 * best[1][1]:
        return best[0][0]
    return None


def import_article(page: Path, outlets: dict[str, str]) -> tuple[dict, str, list[str]]:
    """(front-matter values, body, notes for the editor) from a saved page, or ImportRefused."""
    raw = read_page(page)
    article = extract(raw)
    if not has_article(article):
        raise ImportRefused(
            f"no article text found in {page} ({article.words} words outside links, navigation and notices) — "
            "this looks like a list of headlines, a cookie or subscription wall, or an empty page. Open the "
            "article itself in your browser, save it (File → Save Page As…) and try again, or create the source "
            "with `new source <id>` and paste the text by hand"
        )
    values = {name: found.value for name, found in article.facts.items()}
    outlet = outlet_of(values.get("url", ""), outlets)
    if outlet:
        values["outlet"] = outlet
    return values, "\n\n".join(article.paragraphs) + "\n", notes(page, article, outlet)


def read_page(page: Path) -> bytes:
    """The saved page's bytes: a regular file of at most MAX_BYTES, read as content files
    are (`read_bounded`), so a pipe cannot hang the import and a device like /dev/zero, or
    a file that grows while read, cannot exhaust memory."""
    try:
        raw = read_bounded(page, MAX_BYTES)
    except OSError as exc:
        raise ImportRefused(f"cannot read {page}: {exc.strerror or exc}") from None
    if raw is None:
        raise ImportRefused(
            f"{page} is not a file (it is a folder, a pipe or a device) — "
            "save the web page (File → Save Page As…) and give that file"
        )
    if len(raw) > MAX_BYTES:
        raise ImportRefused(f"{page} is larger than {MAX_BYTES:,} bytes; is it a saved web page?")
    if b"\x00" in raw[:1024]:
        raise ImportRefused(f"{page} is not a web page (it is binary); save the page as HTML")
    return raw


def outlet_of(url: str, outlets: dict[str, str]) -> str | None:
    """The outlet whose home page is on the same site as the article, if exactly one is."""
    host = site_of(url)
    matches = [oid for oid, home in outlets.items() if host and site_of(home) == host]
    return matches[0] if len(matches) == 1 else None


def site_of(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def notes(page: Path, article: Article, outlet: str | None) -> list[str]:
    """Comment lines for the top of the file: where each value came from; what is missing."""
    out = [f"Imported from {page.name} by `new source --from-html`: check each value against the page."]
    for name in ("title", "author", "published", "url", "language"):
        found = article.facts.get(name)
        out.append(
            f"{name}: from {found.source}."
            if found
            else f"{name}: not found on the page; fill it in, or list it in not_established."
        )
    out.append(
        f"outlet: {outlet}, whose home page is on the same site."
        if outlet
        else "outlet: not recognised; choose one of content/outlets/ or add a new outlet first."
    )
    out.append(
        f"The text: {len(article.paragraphs)} paragraphs; compare them with the page and delete anything"
        " that is not the article's (a caption, a promotion)."
    )
    if article.left_out:
        left = "; ".join(f"{count} × {reason}" for reason, count in sorted(article.left_out.items()))
        out.append(f"Left out as not the article's: {left}.")
    return out
