"""The link check resolves each address once for all pages as deep (linkcheck.PageLinkChecker); the
verdicts must be exactly those of resolving every link from its own page (`broken`),
for good and broken links of every kind, from pages at every depth."""
from __future__ import annotations

from sidelight.output.linkcheck import broken, check_links, scan
from sitepages import built_sample  # noqa: F401 - a fixture

BASE = "https://example.org/checks/"
LINKS = ["", "#", "#main", "#nowhere", "?q=1", "./", "../", "../../", "../../../", "../../../../etc/passwd",
         "../../sources/daily-report/", "../../sources/daily-report/#no-such-passage", "../../sources/daily-report/#main",
         "../../glossary/#nope", "../../glossary/", "../glossary/", "glossary/", "page/2/", "./index.html",
         "../../claims/fund-size/#:~:text=abc", "../../claims/fund%2Dsize/", "../../claims/gone/?x#y",
         "..//claims/", "../.././claims/fund-size/", "/checks/claims/", "/elsewhere/", BASE, BASE + "claims/gone/",
         BASE + "glossary/#nope", "https://other.example/#x", "//other.example/", "mailto:x@example.org",
         "../../static/style.css", "../../static/missing.css", "../../claims/fund-size/#ma%69n", "../../claims/fund-size/#m%20ain"]


def test_each_address_means_what_it_means_from_its_own_page(built_sample):
    files = {p.relative_to(built_sample).as_posix(): p.read_bytes() for p in sorted(built_sample.rglob("*")) if p.is_file()}
    pages = [name for name in files if name.endswith(".html")]
    chosen = sorted({min(pages, key=lambda n, d=d: (n.count("/") != d, n)) for d in range(4)}) + ["claims/fund-size/index.html"]
    extra = "".join(f'<a href="{link}">x</a>\n' for link in LINKS)
    for name in chosen:
        files[name] = files[name].replace(b"<main", extra.encode() + b"<main", 1)
    found = {(p.path, p.line, p.message) for p in check_links(files, BASE)}
    ids = {name: scan(files[name]) for name in pages}
    expected = {(f"site/{name}", line, f"broken link `{link}`: {why}") for name in pages
                for _, link, line in ids[name].links if (why := broken(link, name, files, ids.get, "/checks/", BASE))}
    assert len(expected) > 40
    assert found == expected
