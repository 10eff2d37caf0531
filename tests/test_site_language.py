"""The interface in the site's language: the shipped site built with `language: ru` (and `uk`)
shows no message of the English catalogue, its dates and counts in Russian (Ukrainian) forms,
its vocabulary in Russian; `check` names a message without a translation and a translation
nothing uses."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, NavigableString
from sitepages import REPO, build_site_from, edit, html_pages, page, site_path

from sidelight.output.catalogue import messages, uses
from sidelight.output.render import TEMPLATES
from sidelight.pages.messages import ngettext as plural
from sidelight.pages.messages import using

POT = REPO / "templates" / "locale" / "messages.pot"
SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "data-label")
SHOWN_META = ("description", "og:description", "og:title", "twitter:title", "twitter:description")
MONTHS_GENITIVE = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
MONTHS_NOMINATIVE = "январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь"
RUSSIAN_DATE = re.compile(rf"^(\d{{1,2}} ({MONTHS_GENITIVE})|{MONTHS_NOMINATIVE}) \d{{4}} г\.$")


def shipped_copy(folder: Path, language: str) -> Path:
    """A copy of the shipped content/ with site.yaml's language set."""
    content = Path(shutil.copytree(REPO / "content", folder / "content"))
    edit(content / "site.yaml", "language: en", f"language: {language}")
    return content


@pytest.fixture(scope="module")
def russian_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("russian")
    return build_site_from(shipped_copy(folder, "ru"), folder / "site")


@pytest.fixture(scope="module")
def ukrainian_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ukrainian")
    return build_site_from(shipped_copy(folder, "uk"), folder / "site")


@pytest.fixture(params=["ru", "uk"])
def translated_site(request) -> Path:
    """The shipped site in each language shipped besides English."""
    return request.getfixturevalue({"ru": "russian_site", "uk": "ukrainian_site"}[request.param])


def english_fragments() -> tuple[set[str], set[str]]:
    """The English catalogue's words as a reader would meet them: each message (singular and
    plural) cut at its placeholders and tags. Short pieces (one or two words) count only as a
    whole text node or attribute; pieces of three words or more also inside a longer text."""
    whole, inside = set(), set()
    for message in read_po(POT.open("rb")):
        for text in [message.id] if isinstance(message.id, str) else message.id:
            if not text or re.fullmatch(r"[dLMy' ]+", text):  # a CLDR date pattern, not words
                continue
            for piece in re.split(r"%\(\w+\)s|<[^>]+>", text):
                piece = " ".join(piece.split()).strip(" ,;:·—–()")
                if len(re.findall(r"[A-Za-z]", piece)) >= 4:
                    whole.add(piece)
                    if len(piece.split()) >= 3:
                        inside.add(piece)
    return whole, inside


def shown_texts(soup: BeautifulSoup) -> list[str]:
    """Every text node a reader sees or hears (not code), and the attributes read out or shown."""
    for hidden in soup(["script", "style", "code"]):  # code names (`ratingValue`) are no language
        hidden.decompose()
    texts = [" ".join(s.split()) for s in soup.find_all(string=True) if isinstance(s, NavigableString)]
    texts += [" ".join(str(tag[a]).split()) for a in SHOWN_ATTRIBUTES for tag in soup.find_all(attrs={a: True})]
    for name in SHOWN_META:
        texts += [
            tag["content"]
            for tag in soup.find_all("meta", attrs={"name": name}) + soup.find_all("meta", attrs={"property": name})
        ]
    return [t for t in texts if t]


def content_words() -> str:
    """All the text of the shipped content, white space folded: what the editors wrote (the
    claims, the articles, the text pages) stays in their language, whatever the site's."""
    files = [p for p in (REPO / "content").rglob("*") if p.suffix in (".yaml", ".md", ".txt")]
    return " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in files)


def test_no_page_of_a_translated_site_shows_an_english_message(translated_site):
    whole, inside = english_fragments()
    assert "Skip to content" in whole and "Search claims and articles" in inside  # the scan reads the catalogue
    written = content_words()
    found = []
    for file in html_pages(translated_site):
        for text in shown_texts(BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")):
            if text in written:
                continue  # the content's own words, not the interface's
            bare = text.strip(" ,;:·—–()")
            hits = [bare] if bare in whole else [p for p in inside if p in text]
            found += [f"{site_path(translated_site, file)}: {hit!r} in {text[:80]!r}" for hit in hits]
    assert not found, "English messages on the translated site:\n" + "\n".join(found[:40])


def test_russian_pages_speak_russian_where_english_did(russian_site):
    home = page(russian_site, "")
    assert home.html["lang"] == "ru"
    assert home.find("a", class_="skip").get_text() == "Перейти к содержанию"
    assert [a.get_text() for a in home.select("nav[aria-label] li a")][:5] == [
        "Заявления",
        "Матрица",
        "Темы",
        "Издания",
        "Глоссарий",
    ]
    glossary = page(russian_site, "glossary/")
    ratings = [h.get_text(" ", strip=True) for h in glossary.select("#ratings article.term h3")]
    assert ratings[0].startswith("Верно") and ratings[1].startswith("В основном верно"), ratings


def test_every_date_is_written_the_russian_way(russian_site):
    dates = [
        t.get_text()
        for file in html_pages(russian_site)
        for t in BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find_all("time")
    ]
    assert dates, "the site shows dates"
    wrong = sorted({d for d in dates if not RUSSIAN_DATE.match(d)})
    assert not wrong, f"dates not in Russian form: {wrong[:10]}"
    assert "23 октября 2021 г." in dates


UKRAINIAN_DATE = re.compile(
    r"^(\d{1,2} (січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня)"
    r"|січень|лютий|березень|квітень|травень|червень|липень|серпень|вересень|жовтень|листопад|грудень) \d{4} р\.$"
)


def test_every_date_is_written_the_ukrainian_way(ukrainian_site):
    dates = [
        t.get_text()
        for file in html_pages(ukrainian_site)
        for t in BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find_all("time")
    ]
    wrong = sorted({d for d in dates if not UKRAINIAN_DATE.match(d)})
    assert dates and not wrong, f"dates not in Ukrainian form: {wrong[:10]}"
    assert "23 жовтня 2021 р." in dates


@pytest.mark.parametrize(
    ("n", "form"), [(1, "заява"), (3, "заяви"), (5, "заяв"), (11, "заяв"), (21, "заява"), (24, "заяви")]
)
def test_ukrainian_counts_take_their_plural_form(n, form):
    with using(messages(TEMPLATES, "uk")):
        assert plural("%(num)s claim", "%(num)s claims", n) == f"{n} {form}"


def russian_claims(n: int) -> str:
    """The form of «заявление» a Russian reader expects after n."""
    if n % 10 == 1 and n % 100 != 11:
        return "заявление"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "заявления"
    return "заявлений"


@pytest.mark.parametrize("n", [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111])
def test_counts_take_the_russian_plural_form(n):
    with using(messages(TEMPLATES, "ru")):
        assert plural("%(num)s claim", "%(num)s claims", n) == f"{n} {russian_claims(n)}"


def test_counts_on_pages_agree_with_their_number(russian_site):
    topics = page(russian_site, "topics/")
    counts = [m.get_text() for m in topics.select("ul.topics .meta")]
    assert counts
    for text in counts:
        n = int(re.search(r"(\d+) заявлени", text).group(1))
        assert text.endswith(f"{n} {russian_claims(n)}"), text
    heading = page(russian_site, "").h1.get_text()
    n = int(heading.split()[0])
    assert heading.startswith(f"{n} {russian_claims(n)} проверено"), heading


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_each_shipped_catalogue_translates_every_message_and_nothing_else(language):
    used = set(uses(TEMPLATES))
    catalogue = read_po((TEMPLATES / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb"))
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}
    assert used - set(entries) == set(), "messages the Russian catalogue lacks"
    assert set(entries) - used == set(), "Russian entries nothing uses"
    untranslated = [
        k for k, m in entries.items() if m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert not untranslated


def test_the_template_catalogue_lists_every_message():
    """templates/locale/messages.pot is what translators start from: `pybabel extract`
    (docs/translating.md) must have been run after the last change of a message."""
    listed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(POT.open("rb")) if m.id}
    assert listed == set(uses(TEMPLATES)), "run the pybabel extract command of docs/translating.md"


def test_check_names_a_message_without_translation_and_one_nothing_uses(tmp_path, run_check):
    content = shipped_copy(tmp_path, "ru")
    own = tmp_path / "templates"
    (own / "locale" / "ru" / "LC_MESSAGES").mkdir(parents=True)
    page_404 = (TEMPLATES / "404.html").read_text(encoding="utf-8")
    (own / "404.html").write_text(
        page_404.replace("{% endblock %}", "<p>{% trans %}Try the search box above.{% endtrans %}</p>\n{% endblock %}"),
        encoding="utf-8",
    )
    (own / "locale" / "ru" / "LC_MESSAGES" / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "Search"\nmsgstr "Найти"\n\n'
        'msgid "A message no template has"\nmsgstr "Сообщение, которого нет ни в одном шаблоне"\n',
        encoding="utf-8",
    )
    assert content.parent == own.parent  # the site's own templates/ sits beside its content/
    run = run_check()
    line = page_404.splitlines().index("{% endblock %}") + 1
    assert (
        f"templates/404.html:{line}:1: warning: the message “Try the search box above.” has no Russian translation"
        in run.output
    )
    assert (
        "templates/locale/ru/LC_MESSAGES/messages.po:8:1: warning: the message “A message no template has”"
        " is translated here, but no template or page uses it"
    ) in run.output
    assert "“Search” has no Russian translation" not in run.output  # the site's own entries add to the packaged
    assert "“Skip to content” has no" not in run.output


def test_check_says_when_the_language_has_no_catalogue(tmp_path, run_check):
    shipped_copy(tmp_path, "fr")
    run = run_check()
    assert re.search(
        r"content/site\.yaml:\d+:1: warning: the site's language is 'fr', but there is no catalogue", run.output
    )
    assert "content/vocabulary.yaml" in run.output and "no term of the vocabulary has its words in it" in run.output
