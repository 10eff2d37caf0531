"""An article's headline, byline, date, address and language from a saved news page.

Each fact is taken from the most explicit statement the page makes of it: schema.org
JSON-LD first (including Yoast-style `@graph`s whose author is a reference), then
schema.org microdata, then Open Graph and other <meta> tags, then the canonical link and
the `saved from url=` comment browsers write, and only then what the page shows (the <h1>,
a "By …" byline, a <time>). Each value says where it came from, so the editor can check it.
"""

from __future__ import annotations

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
    found = {
        "title": first(
            ld_value(ld, "headline"), micro.get("headline"), meta(soup, "og:title"), h1(soup), title_tag(soup)
        ),
        "author": first(
            ld_authors(ld),
            micro.get("author"),
            meta(soup, "article:author", people=True),
            meta(soup, "author", people=True),
            byline(soup),
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
    return re.sub(r"\s+", " ", str(value)).strip()


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


def h1(soup: BeautifulSoup) -> Found | None:
    tag = soup.find("h1") or soup.find(["h2"], class_=re.compile("headline|title", re.I))
    return Found(text(tag.get_text()), "the page's main heading") if isinstance(tag, Tag) else None


def title_tag(soup: BeautifulSoup) -> Found | None:
    """The <title>, less the site name after ` | `, ` - ` or ` – `."""
    if not soup.title or not soup.title.string:
        return None
    return Found(re.split(r"\s+[|\-–—]\s+", text(soup.title.string))[0], "the page's <title>")


def byline(soup: BeautifulSoup) -> Found | None:
    for tag in soup.find_all(class_=re.compile("byline|author|meta", re.I)):
        match = re.match(r"(?:By|Von|От|Par)\s+(.+?)\s*(?:\||$|,\s*\d|\d{1,2}\s)", text(tag.get_text()))
        if match:
            names = re.split(r"\s+(?:and|und|и|et)\s+|,\s*", match.group(1))
            return Found(", ".join(n for n in names if n), "the byline shown on the page")
    return None


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
