"""Take the `fundus` split from a copy of Fundus's repository (flairNLP/fundus), by a rule
fixed before any extractor ran on its pages, and write fundus.json, the pages and the
licence (README.md, "The fundus split", says why each step is as it is):

    python3 benchmarks/import/take_fundus.py /path/to/flairNLP+fundus/repo   # a git dir
    python3 benchmarks/import/take_fundus.py REPO --out /tmp/check           # to compare

The rule, in order:
1. A publisher is each `Publisher(...)` of a country group in `src/fundus/publishers/`
   that has a test JSON `tests/resources/parser/test_data/<country>/<Publisher>.json`.
2. Its pages are matched to its parser versions as Fundus's own tests match them
   (tests/utility.py, `load_html_test_file_mapping`, through `ParserProxy.__call__`): a
   page crawled on day d belongs to the version with the earliest `VALID_UNTIL` on or after
   d (a version without one is valid until `date.max`). The versions are read from the
   parser's source, not imported: Fundus is never imported or run. A publisher whose
   versions, JSON keys and pages do not pair one to one is left out (and printed).
3. Its page is that of the newest version whose expected values have a title and a body
   with text.
4. Left out: a publisher whose registered domain (of its `domain` or of its page's URL) is
   a site of gold.json, snippets.json or mozilla.json.
5. One page per site: of publishers sharing a registered domain, the one whose page's URL
   has the smallest SHA-1.
6. If more than 100 (LIMIT) remain, the 100 with the smallest SHA-1 of their URL.

Gold: `text` is the expected body's summary, then each section's headline and paragraphs,
a block a line, exactly as the JSON has them; `headline` is the expected `title`. `kind`
comes from KIND below, decided from what each publisher is; `language` is the one language
Fundus declares for the publisher's sources (a source without one has its country group's
default), or, for a publisher with sources in several, the page's `<html lang>`; two
publishers whose expected text is plainly in another language are set by hand
(LANGUAGE_SEEN). No extractor is imported here.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import gzip
import hashlib
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
COMMIT = "18da6e53592f99cf0ac5770dc63d6ba99ba63ae8"
SOURCE = "https://github.com/flairNLP/fundus"
PUBLISHERS = "src/fundus/publishers"
TEST_DATA = "tests/resources/parser/test_data"
LIMIT = 100

# Public suffixes of two labels met among these sites (a registered domain is one label
# more than its public suffix).
TWO_LABEL_SUFFIXES = {
    "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.nz", "com.br",
    "com.ar", "com.mx", "com.tr", "com.tw", "com.cn", "com.my", "com.py", "com.na", "co.za",
    "co.ls", "co.tz", "co.il", "co.jp", "ne.jp", "or.jp", "co.kr", "or.kr", "co.in", "com.vn",
    "com.ua", "com.pl", "com.es", "com.pt", "com.lb", "co.id", "or.id", "com.sg", "com.hk",
}  # fmt: skip

# What each chosen publisher is, with gold.json's meanings: `paper` a newspaper's own site
# (print, or a former print paper now online); `portal` a broadcaster, an online-only news
# site with many sections, or a magazine of many sections (as Billboard and Rolling Stone
# in gold.json); `wire` a wire service, agency, fact-checker, trade or science news
# service; `blog` a blog, a single-voice or partisan site, an online magazine (as Wired,
# Slate and Vox in gold.json) or a group's news page.
KINDS = {
    "paper": """
        Aftonbladet AsahiShimbun BerlinerZeitung Bhaskar Bild BoersenZeitung BSZ ChunichiShimbun
        CorriereDellaSera Dagbladet DerStandard DieZeit Expressen FinancialPost FrankfurterRundschau
        HabariLeo HamburgerAbendblatt HankookIlbo Ilanga IlGiornale iNews Isolezwe IsolezweLesiXhosa
        IsraelNachrichten JungeWelt LeFigaro LesothoTimes LuxemburgerWort MainichiShimbun MalayMail
        MallorcaMagazin Merkur Metro MitteldeutscheZeitung Morgunbladid Nieuwsblad NikkanGeadai
        Nikkei OttawaCitizen People PoliticoEu Publico RuhrNachrichten Rzeczpospolita
        SalzburgerNachrichten SankeiShimbun Sermitsiaq SZ Tageblatt TagesAnzeiger Tageszeitung Taz
        TheCitizen TheGlobeAndMail TheNamibian TheProvince TimesLive TimesOfIndia TokyoShimbun
        WashingtonTimes WestAustralian YomiuriShimbun ZwanzigMinuten
    """,
    "portal": """
        BusinessInsiderDE CanadaCom DailyMaverick Dizindaba DW EuronewsDE FreeBeacon GlobalNews
        Haberturk Hessenschau Kicker LBCGroup LRT MDR MexicoNewsDaily NDR Nettavisen NineNews NRK
        Pravda SportSchau Tagesschau VoiceOfAmerica WDR
    """,
    "wire": """
        AFPFaktencheck APNews Correctiv LTO Nature
    """,
    "blog": """
        KlasseGegenKlasse OccupyDemocrats Postillon TechRadar TheGatewayPundit TheIntercept
        TheNewYorker WorldTruth
    """,
}
KIND = {name: kind for kind, names in KINDS.items() for name in names.split()}

# Where the expected text is plainly in another language than Fundus declares for the
# publisher's sources (Malay Mail writes in English; Sermitsiaq's page is in Danish).
LANGUAGE_SEEN = {"MalayMail": "en", "Sermitsiaq": "da"}


@dataclass
class Publisher:
    name: str  # the attribute name, as in the test files' names
    title: str  # the publisher's display name
    country: str  # the group's name, lower-cased: the test data's folder
    domain: str
    languages: set[str]  # the languages Fundus declares for its sources
    parser: str  # the ParserProxy class name
    module: str  # the path of the module the group imports it from


@dataclass
class Version:
    name: str
    valid_until: datetime.date


class Repo:
    """Files of the repository at COMMIT, read with git (a bare git dir is enough)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self, name: str) -> bytes:
        return subprocess.run(
            ["git", "-C", str(self.path), "show", f"{COMMIT}:{name}"], check=True, capture_output=True
        ).stdout

    def names(self, folder: str) -> list[str]:
        out = subprocess.run(
            ["git", "-C", str(self.path), "ls-tree", "-r", "--name-only", COMMIT, folder],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return out.splitlines()

    def module(self, name: str) -> ast.Module:
        return ast.parse(self.read(name).decode("utf-8"), filename=name)


def module_path(current: str, node: ast.ImportFrom) -> str:
    """The file an `from .x import Y` in the module `current` reads."""
    base = current.rsplit("/", 1)[0]
    for _ in range(node.level - 1):
        base = base.rsplit("/", 1)[0]
    if node.level == 0:
        base = "src/" + (node.module or "").replace(".", "/")
    elif node.module:
        base = base + "/" + node.module.replace(".", "/")
    return base


def find_class(repo: Repo, path: str, name: str, known: set[str]) -> tuple[str, ast.ClassDef]:
    """The class `name` as the module `path` sees it, following `from … import` re-exports."""
    tree = repo.module(path)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            return path, node
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(alias.name == name for alias in node.names):
            target = module_path(path, node)
            target = target + ".py" if target + ".py" in known else target + "/__init__.py"
            return find_class(repo, target, name, known)
    raise LookupError(f"{path}: no class {name}")


def publishers(repo: Repo) -> list[Publisher]:
    known = set(repo.names(PUBLISHERS))
    found = []
    for init in sorted(p for p in known if p.count("/") == 4 and p.endswith("/__init__.py")):
        tree = repo.module(init)
        imports = {a.asname or a.name: n for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
        for group in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            if not any(k.arg == "metaclass" for k in group.keywords):
                continue
            language = ""
            for node in group.body:
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                    if node.targets[0].id == "default_language":
                        language = ast.literal_eval(node.value)
                    elif isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "Publisher":
                        args = {k.arg: k.value for k in node.value.keywords}
                        parser = args["parser"]
                        assert isinstance(parser, ast.Name), f"{init}: parser of {node.targets[0].id}"
                        declared = source_languages(args.get("sources"), language)
                        target = module_path(init, imports[parser.id])
                        target = target + ".py" if target + ".py" in known else target + "/__init__.py"
                        found.append(
                            Publisher(
                                name=node.targets[0].id,
                                title=ast.literal_eval(args["name"]),
                                country=group.name.lower(),
                                domain=ast.literal_eval(args["domain"]),
                                languages=declared,
                                parser=parser.id,
                                module=target,
                            )
                        )
    return found


def source_languages(sources: ast.expr | None, default: str) -> set[str]:
    """The languages of a publisher's sources: each source's `languages=`, else the group's
    default (as PublisherGroup fills it in)."""
    found: set[str] = set()
    for source in getattr(sources, "elts", []):
        named = {k.arg: k.value for k in getattr(source, "keywords", [])}
        found |= set(ast.literal_eval(named["languages"])) if "languages" in named else {default}
    return found or {default}


def date_value(repo: Repo, path: str, node: ast.expr, known: set[str]) -> datetime.date:
    """A `VALID_UNTIL` value: `datetime.date(y, m, d)`, `date(y, m, d)`,
    `datetime.datetime(y, m, d).date()` (numbers or year=, month=, day=) or
    `SomeParser.Vn.VALID_UNTIL`."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "date":
        if not node.args and isinstance(node.func.value, ast.Call):
            return date_value(repo, path, node.func.value, known)
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in ("date", "datetime"):
            values = [ast.literal_eval(a) for a in node.args] + [0] * 3
            named = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
            year, month, day = (named.get(key, values[i]) for i, key in enumerate(("year", "month", "day")))
            return datetime.date(year, month, day)
    if isinstance(node, ast.Attribute) and node.attr == "VALID_UNTIL":
        inner = node.value
        if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name):
            where, proxy = find_class(repo, path, inner.value.id, known)
            return {v.name: v.valid_until for v in versions_of(repo, where, proxy, known)}[inner.attr]
    raise ValueError(f"{path}:{node.lineno}: a VALID_UNTIL this script cannot read: {ast.unparse(node)}")


def valid_until_of(item: ast.stmt) -> tuple[str, ast.expr | None]:
    """The name a statement assigns and its value (`X = v` or `X: T = v`), else ("", None)."""
    if isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name):
        return item.targets[0].id, item.value
    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
        return item.target.id, item.value
    return "", None


def versions_of(repo: Repo, path: str, proxy: ast.ClassDef, known: set[str]) -> list[Version]:
    """The proxy's versions, oldest first, as ParserProxy orders them."""
    found = []
    for node in proxy.body:
        if not isinstance(node, ast.ClassDef):
            continue
        until = datetime.date.max
        for item in node.body:
            target, value = valid_until_of(item)
            if target == "VALID_UNTIL" and value is not None:
                until = date_value(repo, path, value, known)
        found.append(Version(node.name, until))
    return sorted(found, key=lambda v: v.valid_until)


def registered_domain(address: str) -> str:
    host = (urlsplit(address).hostname or address).lower().rstrip(".")
    labels = host.split(".")
    keep = 3 if ".".join(labels[-2:]) in TWO_LABEL_SUFFIXES else 2
    return ".".join(labels[-keep:])


def used_sites() -> set[str]:
    gold = json.loads((HERE / "gold.json").read_text(encoding="utf-8"))
    sites = {registered_domain(p["url"]) for p in gold}
    for name in ("snippets.json", "mozilla.json"):
        for page in json.loads((HERE / name).read_text(encoding="utf-8"))["pages"]:
            sites.add(registered_domain(page["site"]))
            if page.get("url"):
                sites.add(registered_domain(page["url"]))
    return sites


def body_text(body: dict) -> str:
    """The expected body, a block a line: summary, then each section's headline and paragraphs."""
    lines = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        lines += section.get("headline") or []
        lines += section.get("paragraphs") or []
    return "\n".join(lines)


def page_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


def html_language(page: bytes) -> str:
    match = re.search(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", page[:20000], re.IGNORECASE)
    return match.group(1).decode("ascii").lower() if match else ""


@dataclass
class Candidate:
    publisher: Publisher
    version: str
    file: str
    url: str
    crawl_date: str
    text: str
    headline: str

    @property
    def site(self) -> str:
        return registered_domain(self.url)


def candidate(repo: Repo, pub: Publisher, known: set[str], meta: dict) -> Candidate | str:
    """The publisher's page under rules 1-3, or why it has none."""
    folder = f"{TEST_DATA}/{pub.country}"
    json_name = f"{folder}/{pub.name}.json"
    if json_name not in known:
        return "no test JSON"
    expected = json.loads(repo.read(json_name))
    where, proxy = find_class(repo, pub.module, pub.parser, known)
    versions = versions_of(repo, where, proxy, known)
    pages = sorted(
        n for n in known if re.fullmatch(re.escape(f"{folder}/{pub.name}_") + r"\d{4}_\d\d_\d\d\.html\.gz", n)
    )
    paired: dict[str, str] = {}
    for name in pages:
        info = meta[name.rsplit("/", 1)[1]]
        day = datetime.date.fromisoformat(info["crawl_date"][:10])
        version = next(v.name for v in versions if v.valid_until >= day)
        if version in paired:
            return f"two pages for {version}"
        paired[version] = name
    if set(paired) != {v.name for v in versions} or set(expected) != set(paired):
        return f"versions {[v.name for v in versions]}, JSON {sorted(expected)}, pages for {sorted(paired)}"
    for newest in reversed(versions):
        values = expected[newest.name]
        text = body_text(values.get("body") or {})
        if values.get("title") and text.strip():
            name = paired[newest.name]
            info = meta[name.rsplit("/", 1)[1]]
            return Candidate(pub, newest.name, name, info["url"], info["crawl_date"], text, values["title"])
    return "no version with a title and a body"


def choose(repo: Repo) -> tuple[list[Candidate], dict[str, int]]:
    known = set(repo.names(TEST_DATA)) | set(repo.names(PUBLISHERS))
    metas: dict[str, dict] = {}
    counts = {"publishers": 0, "with a page and gold": 0, "site used elsewhere": 0, "site repeated": 0}
    taken: list[Candidate] = []
    used = used_sites()
    for pub in publishers(repo):
        counts["publishers"] += 1
        meta_name = f"{TEST_DATA}/{pub.country}/meta.info"
        if meta_name not in metas:
            metas[meta_name] = json.loads(repo.read(meta_name)) if meta_name in known else {}
        found = candidate(repo, pub, known, metas[meta_name])
        if isinstance(found, str):
            print(f"left out {pub.country}/{pub.name}: {found}", file=sys.stderr)
            continue
        counts["with a page and gold"] += 1
        if {registered_domain(pub.domain), found.site} & used:
            counts["site used elsewhere"] += 1
            continue
        taken.append(found)
    by_site: dict[str, Candidate] = {}
    for c in sorted(taken, key=lambda c: page_id(c.url)):
        if c.site in by_site:
            counts["site repeated"] += 1
            continue
        by_site[c.site] = c
    eligible = sorted(by_site.values(), key=lambda c: page_id(c.url))
    counts["eligible"] = len(eligible)
    chosen = eligible[:LIMIT]
    counts["chosen"] = len(chosen)
    return chosen, counts


def entry(c: Candidate, raw: bytes) -> dict:
    declared = c.publisher.languages
    language = next(iter(declared)) if len(declared) == 1 else html_language(gzip.decompress(raw))
    language = LANGUAGE_SEEN.get(c.publisher.name, language)
    return {
        "page": page_id(c.url)[:12] + ".html.gz",
        "publisher": c.publisher.name,
        "name": c.publisher.title,
        "country": c.publisher.country,
        "language": language,
        "kind": KIND[c.publisher.name],
        "url": c.url,
        "site": c.site,
        "file": c.file,
        "version": c.version,
        "crawl_date": c.crawl_date,
        "text": c.text,
        "headline": c.headline,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path, help="a git copy of flairNLP/fundus holding commit " + COMMIT)
    parser.add_argument("--out", type=Path, default=HERE, help="where fundus.json, pages/ and the licence go")
    args = parser.parse_args()
    repo = Repo(args.repo)
    chosen, counts = choose(repo)
    if missing := [c.publisher.name for c in chosen if c.publisher.name not in KIND]:
        sys.exit(f"no kind in KINDS for: {', '.join(missing)}")
    (args.out / "pages").mkdir(parents=True, exist_ok=True)
    entries = []
    for c in chosen:
        raw = repo.read(c.file)  # Fundus stores the page gzipped: its bytes are kept as they are
        item = entry(c, raw)
        (args.out / "pages" / item["page"]).write_bytes(raw)
        entries.append(item)
    (args.out / "LICENSE-fundus.txt").write_bytes(repo.read("LICENSE"))
    rule = __doc__.split("The rule, in order:")[1].split("Gold:")[0]
    document = {
        "source": SOURCE + " (tests/resources/parser/test_data/)",
        "commit": COMMIT,
        "licence": "MIT (the repository LICENSE at that commit; copied to benchmarks/import/LICENSE-fundus.txt). "
        "The pages remain their publishers' copyright.",
        "selection": "take_fundus.py: " + " ".join(rule.split()),
        "counts": counts,
        "split": "fundus",
        "pages": entries,
    }
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    (args.out / "fundus.json").write_text(text, encoding="utf-8")
    print(json.dumps(counts), file=sys.stderr)


if __name__ == "__main__":
    main()
