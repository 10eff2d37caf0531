"""`fold` folds with `str.translate` and a scan for the uneven places; it must give
exactly what folding one character at a time gives (the rule as first written, kept here
as the specification): the same text, and every folded character's origin."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from sidelight.quotes.fold import _FOLD, fold


def fold_by_character(text: str) -> tuple[str, list[int]]:
    out, origin = [], []
    for i, char in enumerate(text):
        folded = _FOLD.get(char, char)
        if folded == " " and out and out[-1] == " ":
            continue
        out.extend(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set("ab .'\"-\n") | set(_FOLD))), max_size=40))
def test_fold_equals_folding_one_character_at_a_time(text):
    folded = fold(text)
    expected, origin = fold_by_character(text)
    assert folded.text == expected
    assert [folded.at(k) for k in range(len(expected))] == origin


def test_a_span_maps_back_to_the_original_words():
    text = "Ministers  said \u201cno\u201d\u2026 then\u00ad\u200b left."
    folded = fold(text)
    start = folded.text.index('"no"...')
    begin, end = folded.span(start, start + len('"no"...'))
    assert text[begin:end] == "\u201cno\u201d\u2026"
