"""What the preview server adds to the site: the reload script, and the error page.

Neither ever reaches site/: the built files stay byte-identical to a normal build, and
the script tag is added to HTML responses as they are served. The script is an external
file of the same origin, so a page's Content-Security-Policy (`script-src 'self'`) lets it
run where an inline script would be blocked.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from pathlib import Path

from sidelight.content.files import LINE_BREAK, read_raw
from sidelight.pages import urls
from sidelight.problems import Problem

SCRIPT_PATH = "/_sidelight/reload.js"
EVENTS_PATH = "/_sidelight/events"
PROBLEMS_PATH = "/_sidelight/problems"  # the error page, at an address of its own
EXCERPT_WIDTH = 400  # characters of a line shown: a minified 2 MB line would make a 2 MB page per error
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()

# Reload when the server says the site changed; after a restart of the server (another
# `hello`), too. The scroll position survives the reload, so an editor stays in place.
RELOAD_JS = """\
(() => {
  "use strict";
  const key = "sidelight-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    addEventListener("load", () => scrollTo(0, Number(saved)));
  }
  const reload = () => {
    sessionStorage.setItem(key, String(scrollY));
    location.reload();
  };
  let first = null;
  const events = new EventSource("%s");
  events.addEventListener("open", () => { document.documentElement.dataset.sidelightPreview = "live"; });
  events.addEventListener("hello", (e) => {
    if (first === null) first = e.data;
    else if (e.data !== first) reload();
  });
  events.addEventListener("reload", (e) => { first = e.data; reload(); });
  const note = () => document.getElementById("%s");
  events.addEventListener("search", () => { const n = note(); if (n) n.remove(); });
  addEventListener("DOMContentLoaded", () => {
    const n = note();
    if (n) Object.assign(n.style, {position: "fixed", bottom: "0", right: "0", margin: "0", padding: ".3rem .6rem",
      font: "13px/1.4 system-ui, sans-serif", background: "#fff8d6", color: "#333", border: "1px solid #d9c36a",
      zIndex: "2147483647"});
    const b = document.getElementById("%s");
    if (b) Object.assign(b.style, {position: "sticky", top: "0", margin: "0", padding: ".5rem 1rem",
      font: "15px/1.4 system-ui, sans-serif", background: "#fdecea", color: "#7a1712",
      borderBottom: "3px solid #c0392b", zIndex: "2147483647"});
  });
})();
""" % (EVENTS_PATH, "sidelight-search-note", "sidelight-problems")
# Shown on every served page while the search index is older than the pages: it is made
# again once the editor stops saving for a moment (the `search` event then removes it).
SEARCH_NOTE = (
    b'<p id="sidelight-search-note" role="status">Preview: the search index is being updated;'
    b" search may not find your latest changes yet.</p>"
)

_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


_CSP_META = re.compile(rb"""<meta\b[^>]*http-equiv=["']?content-security-policy["']?[^>]*>""", re.IGNORECASE)
_CSP_CONTENT = re.compile(rb"""(\bcontent=)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
PREVIEW_NEEDS = {"script-src": "'self'", "connect-src": "'self'"}


def inject(page: bytes, note: bytes = b"", banner: bytes = b"") -> bytes:
    """The page with the reload script added at the end of <head> (else of <body>, else at
    the end), and its Content-Security-Policy widened just enough for it: same-origin
    scripts and connections. Only served responses change; site/ keeps the strict policy.
    `note`: a preview note (`SEARCH_NOTE`) put at the end of <body>; `banner` (see
    `problems_banner`) at its start."""
    page = _CSP_META.sub(lambda m: _CSP_CONTENT.sub(_widen, m.group(0), count=1), page)
    if note:
        match = _BODY_END.search(page)
        page = page[: match.start()] + note + page[match.start() :] if match else page + note
    if banner:
        match = _BODY_START.search(page)
        page = page[: match.end()] + banner + page[match.end() :] if match else banner + page
    for pattern in (_HEAD_END, _BODY_END):
        match = pattern.search(page)
        if match:
            return page[: match.start()] + SCRIPT_TAG + b"\n" + page[match.start() :]
    return page + b"\n" + SCRIPT_TAG


def _widen(match: re.Match) -> bytes:
    return match.group(1) + match.group(2) + allow_preview(match.group(3).decode()).encode() + match.group(2)


def allow_preview(policy: str) -> str:
    """`policy` with 'self' added to script-src and connect-src (created where missing)."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    names = [d.split()[0].lower() for d in directives]
    for name, source in PREVIEW_NEEDS.items():
        if name not in names:
            directives.append(f"{name} {source}")
            continue
        i = names.index(name)
        tokens = [t for t in directives[i].split() if t != "'none'"]
        if source not in tokens:
            tokens.append(source)
        directives[i] = " ".join(tokens)
    return "; ".join(directives)


def error_page(problems: list[Problem], content: Path) -> bytes:
    """A page listing each problem with its file, line and column, the line itself, and the fix.
    Made once per build and kept in memory: requests never read a file."""
    errors = [p for p in problems if p.severity == "error"]
    texts: dict[str, str | None] = {}  # each file read once, however many errors it has
    items = "\n".join(problem_html(p, content, texts) for p in errors)
    count = f"{len(errors)} error{'s' * (len(errors) != 1)}"
    page = _PAGE.replace("{script}", SCRIPT_TAG.decode()).replace("{count}", count)
    return page.replace("{items}", items).encode("utf-8")  # last: the items quote editors' text


def problems_banner(problems: list[Problem]) -> bytes:
    """The banner every page of the last good site carries while the content has errors:
    how many, in which files, and a link to the error page."""
    errors = [p for p in problems if p.severity == "error"]
    files = sorted({p.path for p in errors})
    named = ", ".join(html.escape(f) for f in files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    count = f"{len(errors)} error{'s' * (len(errors) != 1)}"
    return (
        f'<p id="sidelight-problems" role="alert">Preview: {count} in {named}. This page shows the content as it'
        f' was before; the broken file&#8217;s own page lists what to fix. <a href="{PROBLEMS_PATH}">See every'
        f" error</a>.</p>"
    ).encode()


NO_PROBLEMS = (
    f"<!doctype html><html lang=en><head><meta charset=utf-8><title>No errors · Sidelight preview</title>"
    f"{SCRIPT_TAG.decode()}</head><body><p>The content has no errors: every page is up to date.</p></body></html>"
).encode()

OWN_PAGES: dict[str, Callable[[str], str]] = {
    "claims": urls.claim_path,
    "sources": urls.source_path,
    "outlets": urls.outlet_path,
    "topics": urls.topic_path,
    "claimants": urls.claimant_path,
    "people": urls.team_path,
    "pages": urls.text_page_path,
}


def own_pages(problems: list[Problem], content: Path) -> set[str]:
    """The addresses (`/claims/x/`) of the pages of the files with errors, which show the
    error page instead of their last good version. A file without a page of its own (site
    settings, vocabularies) has none: its errors are in the banner of every page."""
    pages = set()
    root = content.absolute()
    for problem in problems:
        path = in_content(problem.path, content) if problem.severity == "error" else None
        parts = path.relative_to(root).parts if path is not None else ()
        if len(parts) == 2 and parts[0] in OWN_PAGES:
            pages.add("/" + OWN_PAGES[parts[0]](Path(parts[1]).stem))
    return pages


def problem_html(problem: Problem, content: Path, texts: dict) -> str:
    where = f"{problem.path}:{problem.line}:{problem.column}"
    hint = f'<p class="hint">{html.escape(problem.hint)}</p>' if problem.hint else ""
    return (
        f'<li class="problem"><p class="where"><code>{html.escape(where)}</code></p>'
        f'<p class="message">{html.escape(problem.message)}</p>{hint}{excerpt(problem, content, texts)}</li>'
    )


def excerpt(problem: Problem, content: Path, texts: dict) -> str:
    """The line the problem is on, with the line before and a caret under the column; ""
    for a file `load` would not read (see `content_text`). `texts`: files read so far."""
    if problem.path not in texts:
        texts[problem.path] = content_text(problem.path, content)
    text = texts[problem.path]
    lines = LINE_BREAK.split(text.removesuffix("\n").removesuffix("\r")) if text else []  # load's lines
    if not 1 <= problem.line <= len(lines) + 1:  # one past the end: "the file ends too soon"
        return ""
    start = max(0, problem.column - 1 - EXCERPT_WIDTH // 2)  # long lines: the part around the column
    numbers = range(max(1, problem.line - 1), min(problem.line, len(lines)) + 1)
    shown = [f"{n:>4} | {lines[n - 1][start : start + EXCERPT_WIDTH]}" for n in numbers]
    if problem.line <= len(lines):
        shown.append(" " * 7 + " " * max(problem.column - 1 - start, 0) + "^")
    if not shown:
        return ""
    return f'<pre class="excerpt">{html.escape(chr(10).join(shown))}</pre>'


def content_text(shown: str, content: Path) -> str | None:
    """The text of the content file a problem names by its shown path, read under `load`'s
    own rules (`read_raw`): a regular file inside content/, not through a link leading
    outside it, never a pipe or device, at most MAX_BYTES. None for anything else, which
    includes every file `check` refused as unreadable: the error page shows no more of a
    file than the build itself read. The shown path is relative to the working folder or
    to content/'s parent (`display_path`); a path naming no file inside content/ is None."""
    path = in_content(shown, content)
    if path is None:
        return None
    raw = read_raw(path, content, shown, [])
    try:
        return raw.decode("utf-8") if raw is not None else None
    except UnicodeDecodeError:
        return None


def in_content(shown: str, content: Path) -> Path | None:
    """The file a shown path names, if it is inside content/ as written (links are
    `read_raw`'s to judge)."""
    root = content.absolute()
    for base in (Path.cwd(), content.parent):
        path = Path(os.path.normpath(base.absolute() / shown))
        if path.is_relative_to(root) and path != root:
            return path
    return None


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed: {count} · Sidelight preview</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fdf6f5; color: #222; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.25rem; }
h1 { color: #a1221a; font-size: 1.6rem; margin: 0 0 .25rem; }
ol { padding: 0; list-style: none; }
.problem { background: #fff; border-left: 5px solid #c0392b; margin: 1rem 0; padding: .75rem 1rem; }
.problem p { margin: .2rem 0; }
.where code { font-weight: 600; }
.message { font-size: 1.1rem; }
.hint { color: #1d5e2b; }
.hint::before { content: "How to fix: "; font-weight: 600; }
.excerpt { background: #f4f4f4; padding: .5rem; overflow-x: auto; font-size: .9rem; }
</style>
{script}
</head>
<body>
<main>
<h1>The site was not rebuilt: {count}</h1>
<p>Fix the file named in each entry and save it; this page reloads by itself.
The same list is in the terminal running <code>serve</code>.</p>
<ol>
{items}
</ol>
</main>
</body>
</html>
"""
