"""The same site for Hugo and for Pelican: one Markdown page per Sidelight page, same text.

Each claim, source, outlet, topic and page of a generated content folder becomes one
Markdown file holding the text its Sidelight page shows (a claim's summary, quoted
passages, notes and evidence; a source's whole article), so the three generators
turn the same number of pages and the same amount of prose into HTML. Themes are as
small as a theme can be, so what is measured is each tool's pipeline, not its theme.

    .venv/bin/python benchmarks/equivalents.py --content /tmp/bench/content --out /tmp/bench
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HUGO_CONFIG = """baseURL = "https://example.org/checks/"
title = "Benchmark desk"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
HUGO_SINGLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""
HUGO_LIST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .RegularPagesRecursive }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body></html>
"""
PELICAN_CONFIG = """AUTHOR = "Benchmark desk"
SITENAME = "Benchmark desk"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "theme"
PATH = "content"
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_PATHS = []
DIRECT_TEMPLATES = ["index"]
DEFAULT_PAGINATION = False
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
CATEGORIES_SAVE_AS = TAGS_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
"""
PELICAN_ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ article.title }} · {{ SITENAME }}</title></head>
<body><header><a href="{{ SITEURL }}/">{{ SITENAME }}</a></header>
<main><h1>{{ article.title }}</h1>{{ article.content }}</main></body></html>
"""
PELICAN_INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ SITENAME }}</title></head>
<body><main><h1>{{ SITENAME }}</h1>
<ul>{% for a in articles %}<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a></li>{% endfor %}</ul>
</main></body></html>
"""


def load_yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def front_and_body(path: Path) -> tuple[dict, str]:
    """A source or page file: YAML front matter between `---` lines, then the body."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.load(front, Loader=Loader), body


def claim_markdown(doc: dict) -> str:
    """What a claim page shows, as Markdown: summary, each outlet's passages and note, evidence."""
    parts = [doc["summary"]]
    for entry in doc["coverage"]:
        if "omission" in entry:  # an outlet that left the claim out, and why
            parts.append(f"## {entry['omission']}: left out\n\n{entry.get('why', '')}")
            continue
        parts.append(f"## {entry.get('source') or entry['outlet']}: {entry['stance']}")
        parts += [f"> {p['quote']}" for p in entry.get("passages", [])]
        if entry.get("note"):
            parts.append(entry["note"])
    parts.append("## Evidence")
    for e in doc.get("evidence", []):
        parts.append(f"- [{e['title']}]({e['url']}), {e['publisher']}" + (f"\n\n  > {e['quote']}" if e.get("quote") else ""))
    return "\n\n".join(parts) + "\n"


def pages(content: Path):
    """(section, id, title, date, markdown) for every page of the Sidelight site."""
    for path in sorted((content / "claims").glob("*.yaml")):
        doc = load_yaml(path)
        yield "claims", path.stem, doc["claim"], doc["date"], claim_markdown(doc)
    for path in sorted((content / "sources").glob("*.txt")):
        meta, body = front_and_body(path)
        yield "sources", path.stem, meta["title"], (meta.get("published", "2020-01") + "-01")[:10], body
    for path in sorted((content / "outlets").glob("*.yaml")):
        doc = load_yaml(path)
        yield "outlets", path.stem, doc["name"], "2020-01-01", doc["description"] + "\n\n" + doc.get("attribution", "")
    for path in sorted((content / "topics").glob("*.yaml")):
        doc = load_yaml(path)
        yield "topics", path.stem, doc["title"], doc["date"], doc["summary"]
    for path in sorted((content / "pages").glob("*.md")):
        meta, body = front_and_body(path)
        yield "pages", path.stem, meta["title"], "2020-01-01", body


def quoted(text: str) -> str:
    """A YAML/Pelican-safe one-line title."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_hugo(content: Path, site: Path) -> int:
    reset(site)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (site / "content").mkdir()
    (site / "content" / "_index.md").write_text("---\ntitle: Benchmark desk\n---\n", encoding="utf-8")
    count = 0
    for section, ident, title, date, body in pages(content):
        folder = site / "content" / section
        folder.mkdir(exist_ok=True)
        text = f"---\ntitle: {quoted(title)}\ndate: {date}\n---\n{body}"
        (folder / f"{ident}.md").write_text(text, encoding="utf-8")
        count += 1
    return count


def write_pelican(content: Path, site: Path) -> int:
    reset(site)
    (site / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    templates = site / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "article.html").write_text(PELICAN_ARTICLE, encoding="utf-8")
    (templates / "index.html").write_text(PELICAN_INDEX, encoding="utf-8")
    (site / "theme" / "static").mkdir()
    (site / "content").mkdir()
    count = 0
    for section, ident, title, date, body in pages(content):
        text = f"Title: {title}\nDate: {date}\n\n{body}"
        (site / "content" / f"{section}-{ident}.md").write_text(text, encoding="utf-8")
        count += 1
    return count


def reset(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--content", type=Path, required=True, help="a Sidelight content folder")
    p.add_argument("--out", type=Path, required=True, help="writes hugo/ and pelican/ here")
    args = p.parse_args(argv)
    print(f"hugo: {write_hugo(args.content, args.out / 'hugo')} pages; "
          f"pelican: {write_pelican(args.content, args.out / 'pelican')} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
