"""The `lang` and `dir` of words in another language than the page's: a source's text and
quotes, an evidence item's title and quote.

The writing direction comes from the BCP 47 tag: its script subtag when it has one
(`az-Arab`, `ku-Latn`), else the language's usual script. A small table, not CLDR: only
right-to-left needs naming, and the scripts that are written right to left are few.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup, escape

# ISO 15924 scripts written right to left (lower case, as compared).
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr", "mend"})
# Languages whose usual script is one of those, when the tag names no script.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ps", "sd", "syr", "ug", "ur", "yi", "prs", "pnb", "azb"}
)


def direction(tag: str) -> str:
    """`rtl` or `ltr` for a BCP 47 tag."""
    subtags = tag.lower().replace("_", "-").split("-")
    script = next((s for s in subtags[1:] if len(s) == 4 and s.isalpha()), "")
    if script:
        return "rtl" if script in RTL_SCRIPTS else "ltr"
    return "rtl" if subtags[0] in RTL_LANGUAGES else "ltr"


def attributes(tag: str, around: str) -> Markup:
    """` lang="…"` (and ` dir="…"`) for words in `tag` inside a page or element in `around`;
    nothing when they are the same language, so pages in one language stay as they were."""
    if not tag or tag.lower() == around.lower():
        return Markup("")
    turned = direction(tag) != direction(around)
    return Markup(' lang="{}"{}').format(tag, Markup(' dir="{}"').format(direction(tag)) if turned else "")


def marker(around: str) -> Callable[..., Markup]:
    """`attributes(tag, around)` for a page in `around`: the template global `lang_attrs`;
    `within` names another language the words sit in (the page's words inside an article's)."""

    def lang_attrs(tag: str, within: str = "") -> Markup:
        return attributes(tag, within or around)

    return lang_attrs


def source_marker(languages: Mapping[str, str], around: str) -> Callable[[str], Markup]:
    """`attributes` of a source by its id (`languages`: id → tag): the template global
    `source_lang_attrs`, for its quotes wherever they appear."""

    def source_lang_attrs(source_id: str) -> Markup:
        return attributes(languages.get(source_id, around), around)

    return source_lang_attrs


def html_attributes(tag: str) -> Markup:
    """`lang` and, for a right-to-left language, `dir` of a whole page."""
    return Markup('lang="{}"{}').format(escape(tag), Markup(' dir="rtl"') if direction(tag) == "rtl" else "")


def on_outer(markup: Markup, attrs: Markup) -> Markup:
    """`markup` with `attrs` on its first element: the page's own words (a citation's
    label, a margin note) set back in the page's language inside an article's text."""
    if not attrs or not markup.startswith("<"):
        return markup
    name_end = next((i for i, c in enumerate(markup) if c in " >/"), len(markup))
    return Markup(markup[:name_end] + attrs + markup[name_end:])
