"""A site in two languages (docs/multilingual.md): the sample with `languages: [en, ru]`, a
Russian translation of the fund claim and a claim published only in Russian, built in this
process and read back as a reader's browser and a search engine would."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from sitepages import SAMPLE, build_site_from, edit, html_pages, page, sample_copy, site_path

BASE = "https://example.org/checks/"
LANGUAGES = """language: en
languages:
  - language: en
  - language: ru
    title: Образец
    description: Небольшой образец сайта для тестов.
"""


def two_languages(folder: Path) -> Path:
    """The sample content in English and Russian: fund-size-ru translates fund-size,
    plan-secret is in Russian only."""
    content = sample_copy(folder)
    edit(content / "site.yaml", "language: en\n", LANGUAGES)
    fund = (content / "claims" / "fund-size.yaml").read_text(encoding="utf-8")
    translated = fund.replace(
        "claim: The innovation fund will have €1 billion.",
        "claim: Инновационный фонд получит 1 млрд евро.\nlanguage: ru\ntranslation_of: fund-size",
    )
    (content / "claims" / "fund-size-ru.yaml").write_text(translated, encoding="utf-8")
    edit(content / "claims" / "plan-secret.yaml", "\nkind: statement\n", "\nkind: statement\nlanguage: ru\n")
    edit(
        content / "vocabulary.yaml",
        "    description: The claim is correct and nothing significant is missing.\n",
        "    description: The claim is correct and nothing significant is missing.\n"
        "    translations:\n      ru: {label: Верно, description: Заявление верно.}\n",
    )
    return content


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return two_languages(tmp_path_factory.mktemp("two-languages"))


@pytest.fixture(scope="module")
def site(content) -> Path:
    return build_site_from(content, content.parent / "site")


def address_to_file(site: Path, href: str) -> Path:
    assert href.startswith(BASE), href
    rest = href[len(BASE) :]
    return site / (rest + "index.html" if rest.endswith("/") or not rest else rest)


def alternates(soup: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate][hreflang]")}


def test_every_hreflang_resolves_and_is_reciprocal(site):
    pairs = 0
    for file in html_pages(site):
        links = alternates(BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser"))
        if not links:
            continue
        own = BASE + site_path(site, file)
        assert own in links.values(), f"{file}: its hreflang links leave itself out"
        assert links["x-default"] == links["en"] if "en" in links else True
        for language, href in links.items():
            target = address_to_file(site, href)
            assert target.is_file(), f"{file}: hreflang {language} → {href}, not built"
            back = alternates(BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser"))
            assert back.get(language) == href and own in back.values(), f"{href} does not link back to {own}"
            pairs += 1
    assert pairs > 50


def test_a_translated_claim_pairs_with_its_original(site):
    english, russian = page(site, "claims/fund-size/"), page(site, "ru/claims/fund-size-ru/")
    expected = {
        "en": BASE + "claims/fund-size/",
        "ru": BASE + "ru/claims/fund-size-ru/",
        "x-default": BASE + "claims/fund-size/",
    }
    assert alternates(english) == expected == alternates(russian)


def test_a_claim_in_one_language_has_no_alternates(site):
    only = page(site, "ru/claims/plan-secret/")
    assert alternates(only) == {}
    assert not (site / "claims" / "plan-secret").exists()
    switch = {a["hreflang"]: a["href"] for a in only.select("nav.languages a")}
    assert urljoin(BASE + "ru/claims/plan-secret/", switch["en"]) == BASE  # no English page: its home


def test_every_page_carries_its_own_language(site):
    for file in html_pages(site):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        expected = "ru" if site_path(site, file).startswith("ru/") else "en"
        assert soup.html["lang"] == expected, file


def test_the_switcher_leads_to_the_same_page_in_the_other_language(site):
    for path, other in (
        ("claims/fund-size/", "ru/claims/fund-size-ru/"),
        ("sources/wire-story/", "ru/sources/wire-story/"),
    ):
        for here, there in ((path, other), (other, path)):
            nav = page(site, here).select_one("nav.languages")
            assert nav is not None and nav.find("ul")
            links = nav.select("a")
            current = [a for a in links if a.get("aria-current") == "page"]
            assert len(current) == 1 and urljoin(BASE + here, current[0]["href"]) == BASE + here
            (away,) = [a for a in links if a not in current]
            assert away["lang"] == away["hreflang"]
            assert urljoin(BASE + here, away["href"]) == BASE + there
            assert address_to_file(site, BASE + there).is_file()


def test_the_translation_says_so_and_the_original_lists_it(site):
    russian = page(site, "ru/claims/fund-size-ru/")
    note = russian.select_one(".translation-note")
    assert note is not None and "«английский»" in note.get_text()  # the language named in Russian
    assert urljoin(BASE + "ru/claims/fund-size-ru/", note.a["href"]) == BASE + "claims/fund-size/"
    english = page(site, "claims/fund-size/").select_one(".translation-note")
    assert english is not None and english.get_text(" ", strip=True).startswith("Also published in:")
    assert urljoin(BASE + "claims/fund-size/", english.a["href"]) == BASE + "ru/claims/fund-size-ru/"


def test_the_russian_edition_speaks_russian(site):
    assert page(site, "ru/claims/fund-size-ru/").select_one(".verdict .rating").get_text(strip=True).endswith("Верно")
    assert page(site, "claims/fund-size/").select_one(".verdict .rating").get_text(strip=True).endswith("Accurate")
    home = page(site, "ru/")
    assert home.title.get_text().startswith("Образец")
    assert home.select_one("nav.languages")["aria-label"] == "Языки"
    assert page(site, "ru/claims/fund-size-ru/").select_one(".translation-note").get_text().startswith("Перевод с")


def feed_entries(site: Path, name: str) -> list[str]:
    text = (site / name).read_text(encoding="utf-8")
    return re.findall(r"<link href=\"([^\"]+)\" rel=\"alternate\" type=\"text/html\"", text)


def test_each_language_has_its_own_feed(site):
    english = [u for u in feed_entries(site, "feed.xml") if "/claims/" in u]
    russian = [u for u in feed_entries(site, "ru/feed.xml") if "/claims/" in u]
    assert english and russian
    assert all(not u.startswith(BASE + "ru/") for u in english)
    assert all(u.startswith(BASE + "ru/claims/") for u in russian)
    assert 'xml:lang="ru"' in (site / "ru" / "feed.xml").read_text(encoding="utf-8")
    assert page(site, "ru/").select_one('link[type="application/atom+xml"]')["href"] == "feed.xml"


def test_the_default_language_keeps_its_urls(site, tmp_path):
    alone = build_site_from(SAMPLE, tmp_path / "alone")
    before = {site_path(alone, f) for f in html_pages(alone)}
    after = {site_path(site, f) for f in html_pages(site)}
    moved = before - after
    only_russian = {"claims/plan-secret/", "claimants/daily/"}  # the claim, and who made only it
    assert moved == only_russian
    assert {"ru/" + path for path in only_russian} <= after


def test_open_data_marks_each_claims_language(site):
    claims = json.loads((site / "data" / "claims.json").read_text(encoding="utf-8"))
    rows = {c["id"]: c for c in (claims["claims"] if isinstance(claims, dict) else claims)}
    assert rows["fund-size-ru"]["language"] == "ru" and rows["fund-size-ru"]["translation_of"] == "fund-size"
    assert rows["fund-size"]["language"] == "en" and "translation_of" not in rows["fund-size"]
    assert rows["plan-secret"]["url"] == BASE + "ru/claims/plan-secret/"
    assert all(address_to_file(site, row["url"]).is_file() for row in rows.values())
    annotations = json.loads((site / "data" / "annotations.jsonld").read_text(encoding="utf-8"))
    bodies = {b["id"] for a in annotations["first"]["items"] for b in a["body"] if b.get("type") == "Text"}
    assert BASE + "ru/claims/fund-size-ru/" in bodies
    assert all(address_to_file(site, body).is_file() for body in bodies)


@pytest.fixture
def two_language_content(tmp_path) -> Path:
    """A fresh copy of the two-language content at tmp_path/content, free to break."""
    return two_languages(tmp_path)


def only_error_of(run_check) -> tuple[str, int, int, str]:
    """The one error `check` printed: (file, line, column, the rest)."""
    run = run_check()
    assert run.code == 1, run.output
    errors = run.errors()
    assert len(errors) == 1, run.output
    assert "Traceback" not in run.output
    match = re.match(r"^([^:]+):(\d+):(\d+): error: (.+ — .+)$", errors[0])
    assert match, errors[0]
    return match[1], int(match[2]), int(match[3]), match[4]


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_the_two_language_content_checks_clean(two_language_content, run_check):
    run = run_check()
    assert run.code == 0 and not run.errors(), run.output


def test_check_warns_of_terms_left_untranslated_in_another_edition(two_language_content, run_check):
    """site.yaml's `language` is the vocabulary's (en), but the Russian edition shows each
    term in Russian: a term without a `ru` label is named, one with it is not."""
    warnings = run_check().problems("warning")
    vocabulary = two_language_content / "vocabulary.yaml"
    hedging = f"vocabulary.yaml:{line_of(vocabulary, 'label: Hedging')}:"
    assert any(hedging in w and "`hedging` has no 'ru' label" in w for w in warnings), warnings
    assert not any("`accurate` has no" in w for w in warnings), warnings


def test_check_names_a_language_the_site_does_not_publish(two_language_content, run_check):
    claim = two_language_content / "claims" / "plan-secret.yaml"
    edit(claim, "language: ru", "language: de")
    file, line, col, words = only_error_of(run_check)
    assert (file, line, col) == ("content/claims/plan-secret.yaml", line_of(claim, "language: de"), 11)
    assert "does not publish in 'de'" in words and "en, ru" in words


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("fund-sise", "there is no claim `fund-sise`"),
        ("fund-size-ru", "cannot be a translation of itself"),
    ],
)
def test_check_names_a_translation_of_nothing(two_language_content, run_check, target, said):
    claim = two_language_content / "claims" / "fund-size-ru.yaml"
    edit(claim, "translation_of: fund-size", f"translation_of: {target}")
    file, line, col, words = only_error_of(run_check)
    assert (file, line, col) == ("content/claims/fund-size-ru.yaml", line_of(claim, "translation_of:"), 17)
    assert said in words


def test_check_refuses_two_translations_in_one_language(two_language_content, run_check):
    claims = two_language_content / "claims"
    twin = (claims / "fund-size-ru.yaml").read_text(encoding="utf-8")
    (claims / "fund-size-ru2.yaml").write_text(twin, encoding="utf-8")
    file, line, _, words = only_error_of(run_check)
    assert (file, line) == (
        "content/claims/fund-size-ru2.yaml",
        line_of(claims / "fund-size-ru2.yaml", "translation_of"),
    )
    assert "`fund-size-ru` is already the 'ru' translation of `fund-size`" in words


def test_check_refuses_a_language_without_a_catalogue(two_language_content, run_check):
    site = two_language_content / "site.yaml"
    edit(site, "  - language: ru\n", "  - language: ru\n  - language: fi\n")
    file, line, col, words = only_error_of(run_check)
    assert (file, line, col) == ("content/site.yaml", line_of(site, "language: fi"), 15)
    assert "no catalogue of its messages" in words and "locale/fi/LC_MESSAGES/messages.po" in words


def claim_review(soup: BeautifulSoup) -> dict:
    return json.loads(soup.select_one('script[type="application/ld+json"]').string)


def test_claim_reviews_name_their_language_and_translations(site):
    original = claim_review(page(site, "claims/fund-size/"))
    translation = claim_review(page(site, "ru/claims/fund-size-ru/"))
    assert original["inLanguage"] == "en" and translation["inLanguage"] == "ru"
    assert [w["url"] for w in original["workTranslation"]] == [BASE + "ru/claims/fund-size-ru/"]
    assert translation["translationOfWork"]["url"] == BASE + "claims/fund-size/" == original["url"]
    assert translation["url"] == BASE + "ru/claims/fund-size-ru/"


def test_the_sitemap_pairs_every_translation(site):
    soup = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    entries = {u.loc.get_text(): {x["hreflang"]: x["href"] for x in u.find_all("link")} for u in soup.find_all("url")}
    assert BASE + "ru/claims/plan-secret/" in entries and entries[BASE + "ru/claims/plan-secret/"] == {}
    for loc, pairs in entries.items():
        assert address_to_file(site, loc).is_file(), loc
        for href in pairs.values():
            assert entries[href] == pairs, f"{href} and {loc} do not pair back"
    assert entries[BASE + "claims/fund-size/"] == {
        "en": BASE + "claims/fund-size/",
        "ru": BASE + "ru/claims/fund-size-ru/",
    }


def test_a_new_translation_reaches_its_original_on_the_next_build(tmp_path, cache_dir):
    from sidelight.build import pipeline

    content = two_languages(tmp_path)
    out = tmp_path / "site"
    build_site_from(content, out)
    assert alternates(page(out, "claims/better-plans/")) == {}
    better = (content / "claims" / "better-plans.yaml").read_text(encoding="utf-8")
    russian = better.replace("\nkind: ", "\nlanguage: ru\ntranslation_of: better-plans\nkind: ", 1)
    (content / "claims" / "better-plans-ru.yaml").write_text(russian, encoding="utf-8")
    result = pipeline.build(content, out)  # incremental: the cache of the first build
    assert not result.report.errors
    assert alternates(page(out, "claims/better-plans/"))["ru"] == BASE + "ru/claims/better-plans-ru/"
    assert alternates(page(out, "ru/claims/better-plans-ru/"))["en"] == BASE + "claims/better-plans/"


@pytest.mark.parametrize("prefix", ["", "ru/"])
def test_each_editions_lists_count_only_its_own_claims(site, prefix):
    """The topics list says how many claims each topic has in this edition: as many as
    that topic's own page lists, never the other language's claims too."""
    index = page(site, prefix + "topics/")
    counts = {}
    for item in index.select("ul.topics li"):
        link = item.find("a")
        counts[link["href"]] = int(re.search(r"\d+", item.select_one(".meta").get_text().split("·")[-1]).group())
    assert counts, "the topics list shows topics"
    for href, said in counts.items():
        listed = address_to_file(site, urljoin(f"{BASE}{prefix}topics/", href))
        topic = BeautifulSoup(listed.read_text(encoding="utf-8"), "html.parser")
        assert said == len(topic.select("ul.claims > li")), href
