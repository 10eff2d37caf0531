"""`check --fix-quotes`: a quote one typo away from its source is rewritten to the source's
exact words, in the file's own style, keeping every comment and line; anything less
certain is left for the editor, and `check` still reports it."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edits import replace_in
from sidelight.editor.yamledit import EditRefused, replace_scalars

CLAIM = "claims/plan-secret.yaml"


def quotes_of(path) -> list[str]:
    from sidelight.content.documents import parse
    data = parse(path.read_text(encoding="utf-8")).data
    return [p["quote"] for c in data["coverage"] for p in c.get("passages", [])]


def test_typos_are_fixed_in_each_scalar_style_and_nothing_else_changes(sample_content, run_check):
    claim = sample_content / CLAIM
    replace_in(claim, "      - quote: better and better plans\n",
               "      - quote: better and beter plans   # copied from the print edition\n")
    replace_in(claim, '      - quote: defend against "potential aggression"\n',
               "      - quote: 'defend against \"potential agression\"'\n")
    replace_in(claim, "      - quote: Ministers met on October 21–22\n",
               "      - quote: >-\n          Ministers met in October 21–22 for\n          the first time since the withdrawl\n")
    before = claim.read_text(encoding="utf-8").splitlines()
    assert run_check().code == 1

    run = run_check("--fix-quotes")
    assert run.code == 0, run.output
    assert "fixed 3 quotes" in run.stdout
    assert "content/claims/plan-secret.yaml:17:16: fixed quote (98% similar" in run.stdout
    assert "content/claims/plan-secret.yaml:17:16: fixed quote (98% similar to the source's words at line 12, column 46)\n" \
           "  “beter” → “better”\n" in run.stdout
    after = claim.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert changed == [
        ("      - quote: better and beter plans   # copied from the print edition",
         "      - quote: better and better plans   # copied from the print edition"),
        ("      - quote: 'defend against \"potential agression\"'",
         "      - quote: 'defend against “potential aggression”'"),
        ("          Ministers met in October 21–22 for", "          Ministers met on October 21-22 for the"),
        ("          the first time since the withdrawl", "          first time since the withdrawal"),
    ]
    assert len(after) == len(before)
    assert quotes_of(claim)[-1] == "Ministers met on October 21-22 for the first time since the withdrawal"
    assert run_check().code == 0


def test_a_quote_far_from_every_passage_is_left_and_reported(sample_content, run_check):
    claim = sample_content / CLAIM
    replace_in(claim, "      - quote: better and better plans\n", "      - quote: ever better plans for everyone\n")
    before = claim.read_bytes()
    run = run_check("-v", "--fix-quotes")
    assert run.code == 1
    assert claim.read_bytes() == before
    assert "no quote needed fixing" in run.stdout
    assert "content/claims/plan-secret.yaml:17:16: quote not fixed:" in run.stdout
    assert "content/claims/plan-secret.yaml:17:16: error: the quote is not in the source" in run.stderr


def test_a_quote_close_to_two_passages_is_not_guessed(sample_content, run_check):
    source = sample_content / "sources" / "daily-report.txt"
    sentence = "The ministers agreed on a new plan for the whole alliance."
    source.write_text(source.read_text(encoding="utf-8") + f"\n{sentence}\n\nLater: {sentence}\n", encoding="utf-8")
    claim = sample_content / CLAIM
    replace_in(claim, "      - quote: better and better plans\n",
               "      - quote: The ministers agred on a new plan for the whole alliance.\n")
    before = claim.read_bytes()
    run = run_check("-v", "--fix-quotes")
    assert claim.read_bytes() == before
    assert "two passages of the source are as close" in run.stdout
    assert run.code == 1


def test_a_quote_that_is_ambiguous_not_misspelt_is_not_touched(sample_content, run_check):
    claim = sample_content / CLAIM
    replace_in(claim, "        suffix: Officials\n", "")
    before = claim.read_bytes()
    run = run_check("-v", "--fix-quotes")
    assert claim.read_bytes() == before
    assert "add `prefix:` or `suffix:` instead" in run.stdout
    assert "occurs 2 times" in run.stderr or "2 times" in run.stderr


def test_windows_line_endings_are_kept(sample_content, run_check):
    claim = sample_content / CLAIM
    text = claim.read_text(encoding="utf-8").replace("better and better plans", "better and beter plans")
    claim.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert run_check("--fix-quotes").code == 0
    fixed = claim.read_bytes()
    assert b"better and better plans\r\n" in fixed and b"\n" not in fixed.replace(b"\r\n", b"")


@pytest.mark.parametrize("text, value, expected", [
    ("a: 1\nq: old words  # note\n", "new: words", 'a: 1\nq: "new: words"  # note\n'),
    ("q: 'old'\n", "it's", "q: 'it''s'\n"),
    ('q: "old"\n', 'say "hi"', 'q: "say \\"hi\\""\n'),
    ("q: |\n  old\nz: 1\n", "new", "q: |\n  new\nz: 1\n"),
])
def test_replace_scalars_keeps_the_style_and_proves_the_result(text, value, expected):
    assert replace_scalars(text, {("q",): value}) == expected


def test_replace_scalars_refuses_what_is_not_a_scalar():
    with pytest.raises(EditRefused):
        replace_scalars("q:\n  - a\n", {("q",): "x"})
    with pytest.raises(EditRefused):
        replace_scalars("q: a\n", {("missing",): "x"})


# --- A fix never extends or shortens a quote ----------------------------------------------

CAPSULE = "The capsule entered the atmosphere but then broke apart over the sea."
CAPSULE_STOP = "The capsule entered the atmosphere. Then it broke apart over the sea."


@pytest.mark.parametrize("sentence, quote, change", [
    (CAPSULE, "The capsule entred the atmosphere", "“entred” → “entered”"),
    (CAPSULE_STOP, "The capsule entred the atmosphere", "“entred” → “entered”"),
    (CAPSULE_STOP, "The capsule enterred the atmosphere", "“enterred” → “entered”"),
    (CAPSULE_STOP, "The capsule entered the atmosphere”", "“atmosphere”” → “atmosphere”"),
])
def test_a_fix_stops_where_the_editors_quote_stops(sample_content, run_check, sentence, quote, change):
    """Regressions: a fix once took in the next word ("…atmosphere but") or the full stop
    ("…atmosphere."); it now ends where the editor's quote ends."""
    source = sample_content / "sources" / "daily-report.txt"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    claim = sample_content / CLAIM
    replace_in(claim, "      - quote: better and better plans\n", f"      - quote: {quote}\n")
    run = run_check("--fix-quotes")
    assert run.code == 0, run.output
    assert quotes_of(claim)[1] == "The capsule entered the atmosphere"
    assert f"% similar to the source's words at line 17, column 1)\n  {change}\nfixed 1 quote\n" in run.stdout


def test_a_quote_between_curly_marks_is_left_for_check_to_explain(sample_content, run_check):
    source = sample_content / "sources" / "daily-report.txt"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{CAPSULE}\n", encoding="utf-8")
    claim = sample_content / CLAIM
    replace_in(claim, "      - quote: better and better plans\n", "      - quote: “The capsule entered the atmosphere”\n")
    before = claim.read_bytes()
    run = run_check("-v", "--fix-quotes")
    assert claim.read_bytes() == before
    assert run.code == 1
    assert "content/claims/plan-secret.yaml:17:16: quote not fixed: the quote has quotation marks around it" in run.stdout
    assert "error: the quote starts with “ and ends with ”" in run.stderr


def test_a_missing_word_is_not_filled_in(sample_content, run_check):
    claim = sample_content / CLAIM
    replace_in(claim, "      - quote: better and better plans\n", "      - quote: better and plans\n")
    before = claim.read_bytes()
    run = run_check("-v", "--fix-quotes")
    assert claim.read_bytes() == before
    assert run.code == 1


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(WORDS, min_size=12, max_size=60, unique=True),
    data=st.data(),
)
def test_a_fix_changes_a_quotes_word_count_by_no_more_than_the_words_it_replaces(words, data):
    """Whatever the editor mistyped (a letter, a word dropped, a word added, punctuation at
    the ends), a fix keeps to the editor's span: the words it replaces are all it changes."""
    from sidelight.editor.fixquotes import exact_words
    from sidelight.model.sourcetext import source_text
    from sidelight.quotes.fold import fold
    from sidelight.quotes.traps import word_changes

    stops = data.draw(st.sets(st.integers(0, len(words) - 1), max_size=4))
    text = source_text(" ".join(w + ("." if i in stops else "") for i, w in enumerate(words)) + "\n", 1)
    source = text.text.split()
    start = data.draw(st.integers(0, len(source) - 4))
    end = data.draw(st.integers(start + 4, min(len(source), start + 30)))
    quote = source[start:end]
    mistake = data.draw(st.sampled_from(["letter", "drop", "add", "stop", "none"]))
    at = data.draw(st.integers(0, len(quote) - 1))
    if mistake == "letter":
        quote[at] = quote[at][:-1] + ("x" if quote[at][-1] != "x" else "y")
    elif mistake == "drop":
        del quote[at]
    elif mistake == "add":
        quote.insert(at, "extra")
    elif mistake == "stop":
        quote[-1] = quote[-1].rstrip(".") + "."
    old = " ".join(quote)
    found = exact_words({"quote": old}, fold(text.text), text, "content/sources/s.txt")
    if isinstance(found, str):
        return  # not fixed: nothing changed
    new = found[0]
    replaced = sum(1 for c in word_changes(old, new, limit=10**6) if "→" in c)
    assert abs(len(new.split()) - len(old.split())) <= replaced
    assert new in text.text
    assert len(new.split()) == len(old.split())  # and in fact: a word is only ever replaced by one word
