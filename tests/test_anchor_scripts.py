"""Anchoring, folding and text fragments in Cyrillic, Greek, Arabic and Hebrew, with real
sentences: a quote typed without the optional marks of its script still lands on the
source's own words (marks included), and what tells two words apart is never folded
(the rules: sidelight/quotes/fold.py and docs/content-format.md)."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

import pytest

from sidelight.model.sourcetext import Anchor, source_text
from sidelight.quotes.anchor import locate
from sidelight.quotes.fold import fold, fold_quote
from sidelight.quotes.fragments import original_link

ARABIC = "قَالَ الأمينُ العامُّ لحلفِ النـــاتو إنَّ الحلفَ لا يرى في روسيا تهديدًا مباشرًا لقدراتِهِ."
HEBREW = "הַמַּזְכִּיר הַכְּלָלִי שֶׁל נַאטוֹ אָמַר שֶׁהַבְּרִית אֵינָהּ רוֹאָה בְּרוּסְיָה אִיּוּם יָשִׁיר."
GREEK = "Ο γενικός γραμματέας του ΝΑΤΟ δήλωσε ότι η Συμμαχία δεν θεωρεί τη Ρωσία άμεση απειλή."
RUSSIAN = "Генсек НАТО заявил, что альянс всё же не считает нападение Российской Федерации неизбежным."


def anchored(text: str, quote: str) -> str | tuple[str, str]:
    """The words of `text` the quote lands on, or the error `check` would print."""
    body = source_text(text + "\n", 1)
    found = locate({"quote": quote}, fold(body.text), body, "content/sources/probe.txt")
    return body.text[found.start : found.end] if isinstance(found, Anchor) else found


def test_arabic_quoted_without_tashkeel_or_tatweel_lands_on_the_pointed_words():
    words = anchored(ARABIC, "لحلف الناتو إن الحلف لا يرى في روسيا تهديدا مباشرا لقدراته")
    assert words == "لحلفِ النـــاتو إنَّ الحلفَ لا يرى في روسيا تهديدًا مباشرًا لقدراتِهِ"  # the last kasra too


def test_arabic_letters_stay_distinct_from_their_hamza_forms():
    assert isinstance(anchored(ARABIC, "الامين العام"), tuple)  # أ is written, not ا


def test_hebrew_quoted_without_niqqud_lands_on_the_pointed_words():
    words = anchored(HEBREW, "המזכיר הכללי של נאטו אמר שהברית אינה")
    assert words == "הַמַּזְכִּיר הַכְּלָלִי שֶׁל נַאטוֹ אָמַר שֶׁהַבְּרִית אֵינָהּ"  # ends after the mappiq of ה


def test_greek_decomposed_and_polytonic_forms_land_on_the_same_words():
    decomposed = unicodedata.normalize("NFD", GREEK)
    assert anchored(decomposed, "δεν θεωρεί τη Ρωσία άμεση απειλή") == unicodedata.normalize(
        "NFD", "δεν θεωρεί τη Ρωσία άμεση απειλή"
    )
    oxia = "δήλωσε \u1f79τι η Συμμαχία"  # ό typed with a polytonic keyboard's oxia
    assert anchored(GREEK, oxia) == "δήλωσε ότι η Συμμαχία"


@pytest.mark.parametrize("changed", ["Ο γενικος γραμματέας", "άμεση απειλήσ", "τη Ρωσια"])
def test_greek_tonos_and_final_sigma_tell_words_apart(changed):
    assert isinstance(anchored(GREEK, changed), tuple)


def test_cyrillic_e_for_yo_and_a_decomposed_short_i_land_on_the_words():
    assert anchored(RUSSIAN, "альянс все же не считает") == "альянс всё же не считает"
    decomposed = RUSSIAN.replace("й", "и\u0306")
    landed = anchored(decomposed, "нападение Российской Федерации")
    assert landed == "нападение Российской Федерации".replace("й", "и\u0306")


def test_right_to_left_marks_are_invisible_to_anchoring():
    assert anchored("\u200fقال الأمين العام\u200f إن الحلف قوي.", "الأمين العام إن الحلف") == "الأمين العام\u200f إن الحلف"
    assert fold_quote("\u202bשלום\u202c") == "שלום"


@pytest.mark.parametrize("sentence", [RUSSIAN, GREEK, ARABIC, HEBREW])
def test_a_text_fragment_is_ascii_and_decodes_to_the_source_s_own_words(sentence):
    words = sentence.rstrip(".").split()[:10]
    link = original_link("https://example.org/статья", " ".join(words))
    fragment = urlsplit(link).fragment
    assert fragment.isascii() and fragment.startswith(":~:text=")
    start, _, end = fragment.removeprefix(":~:text=").partition(",")
    assert unquote(start) == " ".join(words[:4]) and unquote(end) == " ".join(words[-4:])


def test_a_hyphen_inside_a_word_is_encoded_apart_from_the_directive_s_own():
    link = original_link("https://example.org/a", "Москва из-за санкций")
    fragment = urlsplit(link).fragment.removeprefix(":~:text=")
    assert "-" not in fragment and unquote(fragment) == "Москва из-за санкций"
