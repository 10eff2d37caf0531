"""Rights: an article is republished in full only where the desk records a licence
(`publish: full` with `licence:`, on the source or its outlet); otherwise the source page,
the open data and the search index carry only the quoted passages, each with a sentence of
context, while anchoring still reads the whole text kept in content/. Checked on what is
published: every built file, the open data and the Pagefind index read back."""
from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitepages import REPO, SAMPLE, build_site_from, edit, page, sample_copy

from sidelight.model.sourcetext import source_text
from sidelight.output.searchindex import SIGNATURE

UNQUOTED = "The harbour pilots of Ostend reported an unusually purple sunrise that morning."
CONTEXT = "ministers said on Friday."  # the rest of the sentence of a quoted passage


def words(text: str) -> str:
    return " ".join(html.unescape(text).split())


def strings(value) -> list[str]:
    """Every string inside decoded JSON."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def published(site: Path) -> dict[str, str]:
    """Every file of the built site as the text a reader or a program gets from it: page
    text, JSON strings, plain text, and each Pagefind fragment's indexed text."""
    out = {}
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        name, data = file.relative_to(site).as_posix(), file.read_bytes()
        if name.endswith(".pf_fragment"):
            out[name] = words(json.loads(gzip.decompress(data)[len(SIGNATURE):])["content"])
        elif name.endswith((".json", ".jsonld")) and not name.startswith("pagefind/"):
            out[name] = words(" ".join(strings(json.loads(data))))
        elif name.endswith(".html"):
            soup = BeautifulSoup(data, "html.parser")
            for number in soup.select("sup.cite"):  # a citation number after a quote, never the article's words
                number.decompose()
            out[name] = words(soup.get_text())
        elif name.endswith((".txt", ".xml")):
            out[name] = words(re.sub(r"<[^>]+>", "", data.decode("utf-8")))
    return out


def holding(site: Path, sentence: str) -> list[str]:
    return sorted(name for name, text in published(site).items() if words(sentence) in text)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return build_site_from(SAMPLE, tmp_path_factory.mktemp("rights") / "site")


@pytest.fixture(scope="module")
def republished(tmp_path_factory) -> Path:
    """The sample with the wire story licensed for full republication and an archived
    copy, and the daily's report overriding its outlet's `publish: full`."""
    folder = tmp_path_factory.mktemp("rights-full")
    content = sample_copy(folder)
    edit(content / "sources" / "wire-story.txt", "not_established: [title, url]\n",
         "not_established: [title, url]\npublish: full\nlicence: Example Wire, permission of 1 December 2026\n"
         "archived: https://web.archive.org/web/20211101000000/https://wire.example.org/story\n")
    edit(content / "sources" / "daily-report.txt", "language: en\n", "language: en\npublish: excerpts\n")
    return build_site_from(content, folder / "site")


def test_excerpts_leave_an_unquoted_sentence_out_of_the_page_the_data_and_the_index(sample):
    assert holding(sample, UNQUOTED) == []
    shown = holding(sample, CONTEXT)
    assert "sources/wire-story/index.html" in shown and "data/sources/wire-story.txt" in shown
    assert any(name.endswith(".pf_fragment") for name in shown), "the index carries the excerpt"


def test_an_excerpt_is_its_quote_with_context_and_says_where_words_are_left_out(sample):
    soup = page(sample, "sources/wire-story/")
    text = soup.select_one("#article-text")
    for cite in text.select(".cite, .side"):
        cite.decompose()
    paragraphs = [words(p.get_text()) for p in text.select(".para > p")]
    assert paragraphs == ["The fund will have €1 billion to invest, ministers said on Friday.",
                          "Ministers met on October 21-22 for the first time since the withdrawal."]
    assert [words(g.get_text()) for g in text.select(".gap")] == ["[…]"]  # the last paragraph is left out
    assert text.select_one(".gap").find_previous_sibling("div", class_="para") is not None
    assert soup.select_one("#text-h").get_text() == "Quoted passages"
    note = words(soup.select_one(".excerpts-note").get_text())
    assert "we do not republish it" in note
    assert "original address is not established, and we know of no archived copy" in note
    facts = words(soup.select_one(".facts").get_text(" "))
    assert "Shown here Only the passages our fact-checks quote, each with a sentence of context" in facts
    assert (sample / "data" / "sources" / "wire-story.txt").read_text(encoding="utf-8") == (
        "The fund will have €1 billion to invest, ministers said on Friday.\n\n"
        "Ministers met on October 21-22 for the first time since the withdrawal.\n\n[…]\n")


def test_in_full_mode_the_whole_article_is_published(republished):
    shown = holding(republished, UNQUOTED)
    assert "sources/wire-story/index.html" in shown and "data/sources/wire-story.txt" in shown
    assert any(name.endswith(".pf_fragment") for name in shown)
    soup = page(republished, "sources/wire-story/")
    assert soup.select_one("#text-h").get_text() == "The article" and not soup.select(".gap")
    facts = words(soup.select_one(".facts").get_text(" "))
    assert "Shown here The whole text, republished under: Example Wire, permission of 1 December 2026" in facts
    assert "Archived copy https://web.archive.org/web/20211101000000/https://wire.example.org/story" in facts


def test_the_outlet_sets_the_default_and_a_source_overrides_it(sample, republished):
    """The Daily Example's outlet file says `publish: full` with a licence."""
    full = words(page(sample, "sources/daily-report/").select_one(".facts").get_text(" "))
    assert "Shown here The whole text, republished under: The Daily Example is fictional" in full
    override = page(republished, "sources/daily-report/")
    assert override.select_one("#text-h").get_text() == "Quoted passages"
    note = words(override.select_one(".excerpts-note").get_text())
    assert "Read the whole article at its original address." in note
    assert override.select_one(".excerpts-note a")["href"] == "https://daily.example.org/2021/10/22/plan"


def test_anchoring_still_reads_the_whole_text(sample):
    """The last paragraph of the wire story is not published, but a claim may still quote
    it: anchoring reads content/, not the published excerpts."""
    claims = json.loads((sample / "data" / "claims.json").read_bytes())["claims"]
    passages = [p for c in claims for cov in c["coverage"] if cov["source"] == "wire-story" for p in cov["passages"]]
    text = (SAMPLE / "sources" / "wire-story.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    whole = source_text(text, 10).text
    assert passages and all(whole[p["start"]:p["end"]] == p["exact"] for p in passages)
    assert all(cov["publish"] == "excerpts" for c in claims for cov in c["coverage"] if cov["source"] == "wire-story")


def test_an_excerpt_source_can_quote_its_left_out_paragraph(tmp_path):
    content = sample_copy(tmp_path)
    edit(content / "claims" / "plan-secret.yaml", "      - quote: Ministers met on October 21–22\n",
         "      - quote: Ministers met on October 21–22\n      - quote: an unusually purple sunrise\n")
    site = build_site_from(content, tmp_path / "site")
    assert "sources/wire-story/index.html" in holding(site, UNQUOTED)
    assert holding(site, "Nobody at the meeting mentioned it.")  # the sentence after, as context
    assert not page(site, "sources/wire-story/").select(".gap")  # nothing is left out any more


@pytest.mark.parametrize("where, edit_args, expected", [
    ("source", ("sources/wire-story.txt", "language: en\n", "language: en\npublish: full\n"),
     "content/sources/wire-story.txt:6:10: error: `publish: full` republishes this article in full, but no "
     "`licence` says what allows it"),
    ("outlet", ("outlets/wire.yaml", "kind: news agency\n", "kind: news agency\npublish: full\n"),
     "content/outlets/wire.yaml:5:10: error: `publish: full` republishes this outlet's articles in full, but no "
     "`licence` says what allows it"),
])
def test_full_republication_without_a_licence_is_an_error_with_the_fix(sample_content, run_check, where,
                                                                       edit_args, expected):
    name, old, new = edit_args
    edit(sample_content / name, old, new)
    run = run_check()
    assert run.code == 1
    assert run.problems() == [expected + " — add `licence:` with what allows full republication (the licence or "
                              "the publisher's permission, and its date), or write `publish: excerpts` to show only "
                              "the quoted passages"]


def test_a_source_published_in_full_may_rely_on_its_outlets_licence(sample_content, run_check):
    edit(sample_content / "sources" / "daily-report.txt", "language: en\n", "language: en\npublish: full\n")
    assert run_check().code == 0
    edit(sample_content / "outlets" / "daily.yaml", "licence:", "note_licence:")
    run = run_check()
    assert run.code == 1 and any("`publish: full`" in p for p in run.problems())


def test_publish_takes_only_full_or_excerpts(sample_content, run_check):
    edit(sample_content / "outlets" / "wire.yaml", "kind: news agency\n", "kind: news agency\npublish: some\n")
    run = run_check()
    assert run.code == 1
    assert run.problems()[0].startswith("content/outlets/wire.yaml:5:10: error:")
    assert "excerpts" in run.problems()[0]


CONTENT = REPO / "content"


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of text[start:end] by their offsets: ends at . ! ? … (and closing
    quotes) followed by white space."""
    cuts = [start] + [start + m.end() for m in re.finditer(r"[.!?…][\"”’)]*\s+", text[start:end])] + [end]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def unquoted_sentences(site: Path, source_id: str) -> list[str]:
    """The sentences of a shipped article that neither overlap a passage quoted from it nor
    stand next to one in its paragraph: what the site may not publish."""
    claims = json.loads((site / "data" / "claims.json").read_bytes())["claims"]
    spans = [(p["start"], p["end"]) for c in claims for cov in c["coverage"] if cov["source"] == source_id
             for p in cov["passages"]]
    spans += [(r["passage"]["start"], r["passage"]["end"]) for c in claims for d in c["drift"]
              for r in d["renderings"] if r["source"] == source_id]
    raw = (CONTENT / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")
    body = raw.split("\n---\n", 1)[1]
    text = source_text(body, raw[: len(raw) - len(body)].count("\n") + 1)
    out = []
    for pa, pb in text.paragraphs:
        cut = sentences(text.text, pa, pb)
        quoted = {i for i, (a, b) in enumerate(cut) for s, e in spans if s < b and e > a}
        near = quoted | {i - 1 for i in quoted} | {i + 1 for i in quoted}
        out += [text.text[a:b].strip() for i, (a, b) in enumerate(cut) if i not in near]
    return out


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    return build_site_from(CONTENT, tmp_path_factory.mktemp("rights-content") / "site")


def test_the_shipped_articles_are_published_as_excerpts_and_nothing_else(shipped):
    """No sentence of the three articles that is neither quoted nor next to a quote appears
    in any built file, page, open data or search index; there are such sentences, and the
    quoted words themselves are published."""
    sources = sorted(p.stem for p in (CONTENT / "sources").glob("*.txt"))
    assert len(sources) == 3
    left_out = {s: [x for x in unquoted_sentences(shipped, s) if len(x) > 30] for s in sources}
    assert sum(map(len, left_out.values())) >= 5, left_out
    texts = published(shipped)
    for source, sentences_ in left_out.items():
        for sentence in sentences_:
            assert [n for n, t in texts.items() if words(sentence) in t] == [], (source, sentence)
        facts = words(page(shipped, f"sources/{source}/").select_one(".facts").get_text(" "))
        assert "Shown here Only the passages our fact-checks quote" in facts


def test_an_article_no_claim_quotes_says_so_without_a_legend_or_a_gap_mark(tmp_path):
    """A source no claim cites yet (the check warns, the build still shows it): its page says
    that nothing is quoted, and shows neither the highlights' legend nor a lone "[…]" for
    words left out after a passage that is not there. A cited article keeps both."""
    content = sample_copy(tmp_path)
    (content / "sources" / "uncited.txt").write_text(
        "---\ntitle: An article nobody quotes\noutlet: wire\npublished: \"2021-10-22\"\nlanguage: en\n---\n"
        f"{UNQUOTED}\n\nA second paragraph of the same article, also quoted by no claim.\n", encoding="utf-8")
    site = build_site_from(content, tmp_path / "site")
    uncited = page(site, "sources/uncited/")
    text = words(uncited.get_text())
    assert "No passage of this article is quoted." in text and "No claim cites this article yet." in text
    assert not uncited.select(".gap") and not uncited.select(".verdict-key") and not uncited.select("p.help")
    assert UNQUOTED not in text
    cited = page(site, "sources/wire-story/")
    assert cited.select(".verdict-key") and cited.select("p.help")
