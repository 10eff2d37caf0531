"""An article's headline, byline, date, address and language from a saved news page.

Each fact is taken from the most explicit statement the page makes of it: schema.org
JSON-LD first (including Yoast-style `@graph`s whose author is a reference), then
schema.org microdata, then Open Graph and other <meta> tags, then the canonical link and
the `saved from url=` comment browsers write, and only then what the page shows (a
"By …" byline, a <time>). Two exceptions, because a portal's statements are often about
the site rather than the article: the headline is the <h1> the reader sees whenever it
agrees with a stated headline (`headline`), and an author that is the site itself or an
organisation is no byline (`not_the_site`). Each value says where it came from, so the
editor can check it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, Tag

ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "Report",
    "LiveBlogPosting",
    "ScholarlyArticle",
}
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(https?://\S+?)\s*$")


@dataclass(frozen=True)
class Found:
    value: str
    source: str  # where on the page it was found, for the editor


def metadata(soup: BeautifulSoup) -> dict[str, Found]:
    """title, author, published, url, language: whichever the page states."""
    ld, micro = json_ld_article(soup), microdata(soup)
    site = site_names(soup, ld)
    found = {
        "title": headline(soup, ld, micro, site),
        "author": first(
            *(not_the_site(found, site) for found in (ld_authors(ld), micro.get("author"))),
            not_the_site(meta(soup, "article:author", people=True), site),
            not_the_site(meta(soup, "author", people=True), site),
            not_the_site(byline(soup), site),
            not_the_site(rel_author(soup), site),
            not_the_site(byline_element(soup), site),
        ),
        "published": first(
            date_of(ld_value(ld, "datePublished")),
            date_of(micro.get("datePublished")),
            date_of(meta(soup, "article:published_time")),
            date_of(time_tag(soup)),
            visible_date(soup),
        ),
        "url": first(
            web_address(ld_url(ld)),
            web_address(micro.get("mainEntityOfPage")),
            canonical(soup),
            web_address(meta(soup, "og:url")),
            saved_from(soup),
        ),
        "language": first(language(ld_value(ld, "inLanguage")), html_lang(soup), language(meta(soup, "og:locale"))),
    }
    return {k: v for k, v in found.items() if v is not None}


def first(*candidates: Found | None) -> Found | None:
    return next((c for c in candidates if c is not None and c.value), None)


def text(value) -> str:
    """White space collapsed, and character references a CMS escaped twice (`&#8211;`) read."""
    return re.sub(r"\s+", " ", html.unescape(str(value))).strip()


# -- JSON-LD ---------------------------------------------------------------------------


def json_ld_article(soup: BeautifulSoup) -> tuple[dict, dict] | None:
    """The first article object in the page's JSON-LD, and every object by its @id."""
    objects = []
    for script in soup.find_all("script", type=re.compile(r"application/ld\+json", re.I)):
        try:
            objects += flatten(json.loads(script.string or ""))
        except ValueError:
            continue
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    article = next((o for o in objects if types_of(o) & ARTICLE_TYPES), None)
    return (article, by_id) if article else None


def flatten(data) -> list[dict]:
    if isinstance(data, list):
        return [o for item in data for o in flatten(item)]
    if isinstance(data, dict):
        return [data] + flatten(data.get("@graph", []))
    return []


def types_of(obj: dict) -> set[str]:
    kind = obj.get("@type", [])
    return {k.rsplit("/", 1)[-1] for k in ([kind] if isinstance(kind, str) else kind) if isinstance(k, str)}


def ld_value(ld, key: str) -> Found | None:
    if not ld or not isinstance(ld[0].get(key), str):
        return None
    return Found(text(ld[0][key]), f"the page's JSON-LD `{key}`")


def ld_authors(ld) -> Found | None:
    if not ld:
        return None
    article, by_id = ld
    people = article.get("author") or []
    names = []
    for person in people if isinstance(people, list) else [people]:
        if isinstance(person, dict) and "name" not in person and person.get("@id") in by_id:
            person = by_id[person["@id"]]
        if isinstance(person, dict) and types_of(person) & {"Organization", "NewsMediaOrganization"}:
            continue  # the publisher, not a byline
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str) and text(name) and text(name) not in names:
            names.append(text(name))
    return Found(", ".join(names), "the page's JSON-LD `author`") if names else None


def ld_url(ld) -> Found | None:
    if not ld:
        return None
    article, by_id = ld
    page = article.get("mainEntityOfPage")
    if isinstance(page, dict):
        page = by_id.get(page.get("@id"), page)
        page = page.get("url") or page.get("@id")
    for value in (article.get("url"), page):
        if isinstance(value, str):
            return Found(value.split("#")[0], "the page's JSON-LD `url`")
    return None


# -- microdata and <meta> --------------------------------------------------------------


def microdata(soup: BeautifulSoup) -> dict[str, Found]:
    scope = soup.find(itemtype=re.compile("|".join(ARTICLE_TYPES)))
    if not isinstance(scope, Tag):
        return {}
    out = {}
    for prop in ("headline", "datePublished", "mainEntityOfPage", "author"):
        tag = scope.find(itemprop=prop)
        if isinstance(tag, Tag):
            named = tag.find(itemprop="name") if prop == "author" else None
            value = (
                (named.get_text() if named else None)
                or tag.get("datetime")
                or tag.get("content")
                or tag.get("href")
                or tag.get_text()
            )
            out[prop] = Found(text(value), f"the page's microdata `{prop}`")
    return out


def meta(soup: BeautifulSoup, name: str, people: bool = False) -> Found | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    value = text(tag.get("content", "")) if isinstance(tag, Tag) else ""
    if not value or (people and value.startswith(("http://", "https://"))):
        return None
    return Found(value, f'the page\'s <meta> "{name}"')


def canonical(soup: BeautifulSoup) -> Found | None:
    tag = soup.find("link", rel="canonical")
    return web_address(Found(str(tag.get("href", "")), "the page's canonical link") if isinstance(tag, Tag) else None)


def saved_from(soup: BeautifulSoup) -> Found | None:
    """Browsers note the address a page was saved from in a comment at its top."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        match = _SAVED_FROM.search(str(comment).strip())
        if match:
            return Found(match.group(1), "the browser's `saved from url=` note")
    return None


def web_address(found: Found | None) -> Found | None:
    if found is None or not re.match(r"https?://[^/\s]+", found.value):
        return None
    return found


# -- what the page shows ----------------------------------------------------------------


# -- the headline -----------------------------------------------------------------------

SEPARATORS = re.compile(r"\s+(?:[|\-–—:·•»]|::)\s+")


def headline(soup: BeautifulSoup, ld, micro: dict[str, Found], site: set[str]) -> Found | None:
    """The article's own headline: the page's main heading (an <h1> that is not the site's
    name) when it agrees with what the page states of its headline — JSON-LD, microdata,
    Open Graph, Twitter card or <title>, less a site name after ` | ` or ` - ` — since that
    is what the reader sees; else the first stated headline; else a heading marked as the
    title. A <title> or an og:title is often the same for the whole site, or carries the
    portal's name, so it never outranks a heading that agrees with the article."""
    stated = [
        without_site_name(c, site)
        for c in (
            ld_value(ld, "headline"),
            micro.get("headline"),
            meta(soup, "og:title"),
            meta(soup, "twitter:title"),
            title_tag(soup),
        )
        if c is not None and c.value
    ]
    headings = [h for h in main_headings(soup) if not is_site_name(h, site)]
    agreeing = [(overlap(h, c.value), h, c) for h in headings for c in stated if agrees(h, c.value)]
    best = max(agreeing, key=lambda item: item[0], default=None)
    if best and best[0] >= 0.5:
        return Found(best[1], f"the page's main heading (<h1>), which agrees with {best[2].source}")
    marked = next((h for h in marked_headings(soup) if not is_site_name(h, site)), None)
    if marked and not any(c.source != "the page's <title>" for c in stated):
        return Found(marked, "the page's main heading (<h1>)")
    return first(*stated) or (Found(marked, "the page's main heading (<h1>)") if marked else None)


def main_headings(soup: BeautifulSoup) -> list[str]:
    """The text of each <h1>, in order, without empty ones (a logo image)."""
    return [t for t in (text(tag.get_text()) for tag in soup.find_all("h1")) if t]


def marked_headings(soup: BeautifulSoup) -> list[str]:
    """Headings whose class says they are a headline or title (`article__title`)."""
    tags = soup.find_all(["h1", "h2"], class_=re.compile("headline|title", re.I))
    return [t for t in (text(tag.get_text()) for tag in tags) if t]


def agrees(heading: str, stated: str) -> bool:
    """Could the heading be the stated headline? A heading of one or two words (a section,
    "Opinion") only when it is the whole of it, since it shares all its words with many."""
    return len(words(heading)) >= 3 or words(heading) == words(stated)


def words(value: str) -> set[str]:
    return set(re.findall(r"\w+", value.casefold()))


def overlap(a: str, b: str) -> float:
    """Shared words over the shorter one's words: 1.0 when one says all the other does."""
    first_words, second_words = words(a), words(b)
    shorter = min(len(first_words), len(second_words))
    return len(first_words & second_words) / shorter if shorter else 0.0


def site_names(soup: BeautifulSoup, ld) -> set[str]:
    """The site's names, squashed to letters and digits: og:site_name, application-name,
    the JSON-LD publisher, and the labels of the page's address (`oregonlive`)."""
    names = {meta(soup, "og:site_name"), meta(soup, "application-name")}
    publisher = ld[0].get("publisher") if ld else None
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        names.add(Found(text(publisher["name"]), "publisher"))
    squashed = {squash(n.value) for n in names if n is not None}
    address = canonical(soup) or web_address(meta(soup, "og:url"))
    if address:
        host = re.sub(r"^https?://(www\.)?", "", address.value).split("/")[0]
        squashed |= {label for label in host.split(".")[:-1] if len(label) >= 3}
    return {n for n in squashed if n}


def squash(value: str) -> str:
    return re.sub(r"\W|_", "", value.casefold())


def is_site_name(value: str, site: set[str]) -> bool:
    """`The Spokesman-Review`, `CNNPolitics`, `PanARMENIAN.Net`, `oregonlive.com`."""
    short = squash(value)
    if not short or len(value.split()) > 4:  # a headline can begin with the site's name
        return False
    return any(short == n or short.startswith(n) or (len(short) >= 4 and short in n) for n in site)


def without_site_name(found: Found, site: set[str]) -> Found:
    """A stated headline less the site's name and the sections around it at the end
    (`… | Editorial | Opinion | The Guardian`, `… - Los Angeles Times`); a <title> always
    loses its last part after a separator, which is the site's on nearly every site."""
    parts = SEPARATORS.split(found.value)
    if len(parts) > 1 and is_site_name(parts[-1], site):
        parts.pop()
    elif len(parts) > 1 and found.source == "the page's <title>":
        parts.pop()
    return (
        found if len(parts) == len(SEPARATORS.split(found.value)) else Found(rejoin(found.value, parts), found.source)
    )


def rejoin(value: str, parts: list[str]) -> str:
    """The start of `value` that holds `parts`, with their own separators."""
    end = value.index(parts[-1]) + len(parts[-1])
    return value[:end]


def title_tag(soup: BeautifulSoup) -> Found | None:
    if not soup.title or not soup.title.string:
        return None
    return Found(text(soup.title.string), "the page's <title>")


def not_the_site(found: Found | None, site: set[str]) -> Found | None:
    """A byline that names the site itself (`<meta name="author" content="Portal">`) is none."""
    return None if found is None or is_site_name(found.value, site) else found


# -- the byline ------------------------------------------------------------------------

BYLINE_CLASS = re.compile(r"(^|[-_ ])(byline|author|author-?name|writer)($|[-_ ])", re.I)
NAME = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.-]*\s?){2,4}$")


def byline(soup: BeautifulSoup) -> Found | None:
    for tag in soup.find_all(class_=re.compile("byline|author|meta", re.I)):
        match = re.match(r"(?:By|Von|От|Par)\s+(.+?)\s*(?:\||$|,\s*\d|\d{1,2}\s)", text(tag.get_text()))
        if match:
            names = re.split(r"\s+(?:and|und|и|et)\s+|,\s*", match.group(1))
            return Found(", ".join(n for n in names if n), "the byline shown on the page")
    return None


def rel_author(soup: BeautifulSoup) -> Found | None:
    """A link to the author's page (`<a rel="author">`) whose text is a name."""
    for tag in soup.find_all("a", rel="author"):
        name = person_name(tag.get_text())
        if name:
            return Found(name, 'the byline shown on the page (a link marked rel="author")')
    return None


def byline_element(soup: BeautifulSoup) -> Found | None:
    """An element whose class (or `data-component`) says it is the byline or the author
    (`article-author`, `byline-block`) and whose text, or one line of it, is a name, with
    or without "By"."""
    marked = [
        *soup.find_all(class_=BYLINE_CLASS),
        *soup.find_all(None, {"data-component": BYLINE_CLASS}),
        *soup.find_all(None, {"data-testid": BYLINE_CLASS}),
    ]
    for tag in marked:
        for piece in (tag.get_text(), *tag.stripped_strings):
            name = person_name(piece)
            if name:
                return Found(name, "the byline shown on the page")
    return None


def person_name(value: str) -> str | None:
    """`By Anna Weber` → `Anna Weber`; None unless two to four capitalised words remain."""
    name = re.sub(r"^(?:By|Von|От|Par|Por|Di|Door)\s+", "", text(value), flags=re.IGNORECASE)
    return name if NAME.match(name) else None


def time_tag(soup: BeautifulSoup) -> Found | None:
    tag = soup.find("time", datetime=True)
    return Found(str(tag["datetime"]), "the page's <time>") if isinstance(tag, Tag) else None


def visible_date(soup: BeautifulSoup) -> Found | None:
    """A date written out in a byline: `October 21, 2021`, `21 October 2021`, `21.10.2021`."""
    for tag in soup.find_all(class_=re.compile("byline|meta|date", re.I)):
        words = text(tag.get_text())
        match = re.search(r"([A-Z][a-z]+) (\d{1,2}), (\d{4})", words)
        if match and match.group(1).lower() in MONTHS:
            return Found(
                f"{match.group(3)}-{MONTHS[match.group(1).lower()]:02d}-{int(match.group(2)):02d}",
                "the date shown on the page",
            )
        match = re.search(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", words)
        if match:
            return Found(
                f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}", "the date shown on the page"
            )
    return None


def date_of(found: Found | None) -> Found | None:
    """YYYY-MM-DD as the page wrote it (the publisher's own day, not converted to UTC)."""
    match = _ISO_DATE.match(found.value) if found else None
    return Found("-".join(match.groups()), found.source) if found and match else None


def html_lang(soup: BeautifulSoup) -> Found | None:
    tag = soup.find("html")
    return language(Found(str(tag.get("lang", "")), "the page's `lang`")) if isinstance(tag, Tag) else None


def language(found: Found | None) -> Found | None:
    """`de-DE`, `de_DE` → `de`."""
    if found is None or not re.match(r"[A-Za-z]{2,3}([-_]|$)", found.value):
        return None
    return Found(re.split(r"[-_]", found.value)[0].lower(), found.source)
