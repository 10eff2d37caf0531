"""Links to the outlet's original that land on the quote: URL text fragments
(`#:~:text=`), encoded as the Text Fragments spec requires."""
from __future__ import annotations

from urllib.parse import unquote

from hypothesis import given, strategies as st

from sidelight.quotes.fragments import encode, original_link, text_directive


def test_the_directive_syntax_characters_are_encoded():
    assert encode("well-known, safe & sound") == "well%2Dknown%2C%20safe%20%26%20sound"


@given(st.text(min_size=1, max_size=60))
def test_an_encoded_text_never_contains_directive_syntax_and_decodes_back(text):
    encoded = encode(text)
    assert not set(encoded) & set("-&, #")
    assert unquote(encoded) == text


def test_a_short_quote_is_matched_whole():
    assert text_directive("The plan is secret.") == "text=The%20plan%20is%20secret."


def test_a_long_quote_becomes_a_start_and_end_range():
    words = "one two three four five six seven eight nine ten eleven"
    assert text_directive(words) == "text=one%20two%20three%20four,eight%20nine%20ten%20eleven"


def test_a_quote_across_paragraphs_becomes_a_range_of_its_first_and_last_paragraph():
    assert text_directive("Ministers met.\n\nThey agreed.") == "text=Ministers%20met.,They%20agreed."


def test_a_prefix_is_added_when_the_words_occur_more_than_once():
    text = "The plan is secret. Later: The plan is secret. Officials said so."
    assert text_directive("The plan is secret.", prefix="so. Later: ", whole_text=text) == \
        "text=so.%20Later%3A-,The%20plan%20is%20secret."


def test_a_translation_or_an_unknown_address_gets_no_fragment():
    assert original_link("", "words") == ""
    assert original_link("https://x.example/a", "words", translated=True) == "https://x.example/a"
    assert original_link("https://x.example/a#top", "the words") == "https://x.example/a#:~:text=the%20words"
