"""The first build, as an editor runs it (`build.py build`): the pages of the sample site
parsed with BeautifulSoup — claim text, rating, quoted passages, marks and every link —
and the guarantees of the write stage: pretty URLs, a failed build leaves site/ exactly as
it was, staging leftovers are cleaned.
"""
from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from cli_runs import leftovers, run_build_py
from edits import replace_in

SAMPLE = Path(__file__).parent / "sample" / "content"


def run_build(cwd: Path, *extra: str):
    return run_build_py("--content", "content", "build", "--out", "site", *extra, cwd=cwd)


def sample_yaml(kind: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((SAMPLE / kind).glob("*.yaml"))}


CLAIMS = sample_yaml("claims")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The sample built once through the command line into a fresh folder."""
    import shutil
    folder = tmp_path_factory.mktemp("first-build")
    shutil.copytree(SAMPLE, folder / "content")
    run = run_build(folder)
    assert run.code == 0, run.output
    assert run.stdout.splitlines()[-1].startswith("built ")
    return folder / "site"


def page(site: Path, path: str) -> BeautifulSoup:
    file = site / path / "index.html" if path.endswith("/") or not path else site / path
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


# --- pages ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, ids", [("claims", sorted(CLAIMS)), ("sources", ["daily-report", "wire-story"]),
                                       ("outlets", ["daily", "silent", "wire"]), ("topics", ["meeting"])])
def test_pretty_urls_one_folder_per_page(site, kind, ids):
    for ident in ids:
        assert (site / kind / ident / "index.html").is_file(), f"{kind}/{ident}/"
        assert not (site / kind / f"{ident}.html").exists()
    assert (site / "index.html").is_file() and (site / "404.html").is_file()


@pytest.mark.parametrize("claim_id", sorted(CLAIMS))
def test_claim_page_has_the_claim_and_its_rating(site, claim_id):
    soup = page(site, f"claims/{claim_id}/")
    claim = CLAIMS[claim_id]
    assert claim["claim"] in soup.find("h1").get_text()
    labels = {t["id"]: t["label"] for t in yaml.safe_load((SAMPLE / "vocabulary.yaml").read_text())["ratings"]}
    if claim["kind"] == "opinion":  # not rated: says so, and shows no rating at all
        assert "not rated" in text_of(soup).lower() and not [label for label in labels.values() if label in text_of(soup)]
    else:
        assert labels[claim["rating"]] in text_of(soup)


@pytest.mark.parametrize("claim_id", sorted(CLAIMS))
def test_each_quoted_source_shows_its_outlet_quote_and_a_link_to_its_mark(site, claim_id):
    soup = page(site, f"claims/{claim_id}/")
    outlets = sample_yaml("outlets")
    for entry in CLAIMS[claim_id]["coverage"]:
        if "omission" in entry:
            assert outlets[entry["omission"]]["name"] in text_of(soup)  # the omission is listed
            assert " ".join(entry["why"].split()) in text_of(soup)  # with why it matters
            continue
        links = [
            a for a in soup.select(f'a[href^="../../sources/{entry["source"]}/#"]') if "--drift-" not in a["href"]
        ]  # a drift's renderings link to their own marks
        assert len({a["href"] for a in links}) == len(entry["passages"]), entry["source"]
        source = page(site, f"sources/{entry['source']}/")
        for a in links:
            mark = mark_for(source, a["href"].split("#", 1)[1])
            column = a.find_parent("section")
            assert column is not None and mark.get_text() in column.get_text()  # the quoted words beside the link
            assert claim_id in mark["data-claims"].split()


def mark_for(source: BeautifulSoup, ident: str):
    """The <mark> a passage id lands on: the mark itself, or the mark right after an
    anchor span when several passages start at the same place."""
    target = source.find(id=ident)
    assert target is not None, f"no element with id {ident!r} on the source page"
    mark = target if target.name == "mark" else target.find_next("mark")
    assert mark is not None and mark.name == "mark"
    return mark


def test_source_page_marks_have_ids_and_link_to_the_claims_citing_them(site):
    soup = page(site, "sources/daily-report/")
    citing = sorted(c for c, data in CLAIMS.items() if any(e.get("source") == "daily-report" for e in data["coverage"]))
    marked_claims = {c for m in soup.select("mark[data-claims]") for c in m["data-claims"].split()}
    assert marked_claims == set(citing)
    for claim_id in citing:
        assert soup.select(f'a[href="../../claims/{claim_id}/"]'), claim_id
        passages = sum(len(e["passages"]) for e in CLAIMS[claim_id]["coverage"] if e.get("source") == "daily-report")
        assert len(soup.select(f'mark[id^="{claim_id}--"]:not([id*="--drift-"])')) == passages


def test_the_article_text_is_shown_verbatim_around_the_marks(site):
    soup = page(site, "sources/daily-report/")
    article = soup.select_one(".article-text") or soup.find("article")
    for number in article.select("sup, span.side"):  # citation numbers and margin notes around each passage
        number.decompose()
    shown = " ".join(p.get_text() for p in article.find_all("p"))
    body = (SAMPLE / "sources/daily-report.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    for paragraph in body.split("\n\n"):
        assert " ".join(paragraph.split()) in " ".join(shown.split())


def test_passage_ids_are_stable_when_passages_are_reordered(tmp_path, site):
    """Ids come from the claim and the quoted words, so links into the page survive edits."""
    import shutil
    shutil.copytree(SAMPLE, tmp_path / "content")
    claim = tmp_path / "content/claims/plan-secret.yaml"
    replace_in(claim, "      - quote: better and better plans\n", "")
    replace_in(claim, "    passages:\n      - quote: The plan is secret.",
               "    passages:\n      - quote: better and better plans\n      - quote: The plan is secret.")
    assert run_build(tmp_path).code == 0
    ids = {m["id"] for m in page(site, "sources/daily-report/").select("[id*='--']")}
    assert ids and {m["id"] for m in page(tmp_path / "site", "sources/daily-report/").select("[id*='--']")} == ids


@pytest.mark.parametrize("path, must_link", [
    ("", ["claims/fund-size/", "claims/plan-secret/", "claims/better-plans/"]),
    ("outlets/daily/", ["sources/daily-report/"]),
    ("outlets/wire/", ["sources/wire-story/"]),
    ("topics/meeting/", ["claims/fund-size/", "claims/plan-secret/", "claims/better-plans/"]),
    ("sources/wire-story/", ["outlets/wire/", "claims/fund-size/", "claims/plan-secret/"]),
])
def test_outlet_topic_and_home_pages_link_to_what_they_list(site, path, must_link):
    soup = page(site, path)
    targets = {resolve(path, a["href"]) for a in soup.find_all("a", href=True)}
    for target in must_link:
        assert target in targets, f"{path or 'home'} does not link to {target}"


def resolve(page_path: str, href: str) -> str | None:
    """A relative href as a path under the site root (`claims/x/`), None if external."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "mailto:")):
        return None
    if not parts.path:
        return page_path  # `#fragment`: this page
    base = page_path if page_path.endswith("/") or not page_path else posixpath.dirname(page_path) + "/"
    joined = posixpath.normpath(posixpath.join("/" + base, unquote(parts.path))).lstrip("/")
    return joined + "/" if parts.path.endswith("/") and joined else joined


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_every_relative_link_resolves_to_a_file_and_every_fragment_to_an_id(site):
    broken = []
    ids: dict[str, set] = {}
    for file in html_pages(site):
        if file == "404.html":
            continue  # served at any depth: it links from the root (next test)
        page_path = file.removesuffix("index.html")
        soup = page(site, file)
        for tag in soup.find_all(["a", "link", "script", "img"]):
            href = tag.get("href") or tag.get("src")
            target = resolve(page_path, href) if href else None
            if target is None:
                continue
            path = site / target / "index.html" if target.endswith("/") or not target else site / target
            if not path.is_file():
                broken.append(f"{file}: {href}")
            elif "#" in href and path.suffix == ".html":
                known = ids.setdefault(str(path), {t["id"] for t in page(site, path.relative_to(site).as_posix())
                                                   .find_all(id=True)})
                if href.split("#", 1)[1] not in known:
                    broken.append(f"{file}: {href} (no such id)")
    assert not broken, "\n".join(broken)


def test_404_page_links_from_the_root_of_base_url(site):
    soup = page(site, "404.html")
    root = urlsplit(yaml.safe_load((SAMPLE / "site.yaml").read_text())["base_url"]).path  # /checks/
    internal = [t.get("href") or t.get("src") for t in soup.find_all(["a", "link", "script", "img"])
                if (t.get("href") or t.get("src")) and not urlsplit(t.get("href") or t.get("src")).scheme
                and not (t.get("href") or "").startswith("#")]
    assert internal and all(link.startswith(root) for link in internal), internal
    for link in internal:
        target = link.removeprefix(root).split("#")[0]
        assert (site / target / "index.html").is_file() or (site / target).is_file(), link


# --- atomic writes -------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_build_leaves_the_previous_site_byte_for_byte_and_prints_the_error(sample_content, tmp_path):
    assert run_build(tmp_path).code == 0
    before = snapshot(tmp_path / "site")
    replace_in(sample_content / "claims" / "fund-size.yaml", "rating: accurate", "rating: acurate")
    run = run_build(tmp_path)
    assert run.code == 1
    assert "content/claims/fund-size.yaml:7:9: error: unknown rating `acurate` — did you mean `accurate`?" in run.stderr
    assert "site/ was not changed" in run.stderr
    assert snapshot(tmp_path / "site") == before
    assert not leftovers(tmp_path)


def test_staging_leftovers_of_a_killed_build_are_cleaned(sample_content, tmp_path):
    for name in (".site-new-1234-deadbeef", ".site-old-1234-deadbeef"):
        (tmp_path / name / "claims").mkdir(parents=True)
        (tmp_path / name / "claims" / "stale.html").write_text("stale", encoding="utf-8")
    run = run_build(tmp_path)
    assert run.code == 0, run.output
    assert not leftovers(tmp_path)
    assert (tmp_path / "site" / "claims" / "fund-size" / "index.html").is_file()


def test_a_rebuild_replaces_the_site_and_leaves_no_staging_folder(sample_content, tmp_path):
    assert run_build(tmp_path).code == 0
    replace_in(sample_content / "claims" / "fund-size.yaml", "The innovation fund will have €1 billion.",
               "The innovation fund will have €2 billion.")
    assert run_build(tmp_path).code == 0
    assert "€2 billion" in page(tmp_path / "site", "claims/fund-size/").find("h1").get_text()
    (spare,) = leftovers(tmp_path)  # no staging folder: only the previous site, kept for the next build to refill
    assert spare.name.startswith(".site-spare-")
    assert "€1 billion" in page(spare, "claims/fund-size/").find("h1").get_text()
