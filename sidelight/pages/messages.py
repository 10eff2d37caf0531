"""The reader's words in the site's language: every string a page shows that is not content.

Messages are gettext's: the English text is the message id (`_("Claims")`), a catalogue per
language (`templates/locale/<lang>/LC_MESSAGES/messages.po`, docs/translating.md) gives the
translation, and a language without one shows the English. Plurals follow the language's
rules (`ngettext`: Russian has one/few/many), dates and percentages its CLDR patterns
(Babel). `output/catalogue.py` reads the catalogues and hands `render` a `Messages`.

The messages of a render are the context's (`using`), not a parameter of every page builder:
each builder calls `_()` and gets the language of the render it runs in, forked workers
included (they inherit it). Outside any render the English is used, which is what the page
builders called alone (tests) have always shown. A page's context carries its translated
strings, so a change of language or catalogue changes what the build's reuse digests.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from gettext import NullTranslations

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_percent


@dataclass(frozen=True)
class Messages:
    """One language's catalogue: `language` is site.yaml's tag (`en`, `ru`, `pt-BR`)."""

    language: str
    translations: NullTranslations = field(default_factory=NullTranslations, compare=False)

    @property
    def locale(self) -> Locale:
        return locale_of(self.language)

    def gettext(self, message: str, **params: object) -> str:
        text = self.translations.gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str:
        """The form for `n` in this language; `%(num)s` in the message is `n`."""
        return self.translations.ngettext(singular, plural, n) % {"num": n, **params}

    def date(self, value: str) -> str:
        """`2021-10-18` → `18 October 2021` / `18 октября 2021 г.`; partial dates stay partial
        (`October 2021` / `октябрь 2021 г.`). The patterns are CLDR's, chosen by the translator
        (the catalogue's "d MMMM y" and "LLLL y")."""
        parts = str(value or "").split("-")
        pattern = self.gettext("d MMMM y") if len(parts) == 3 else self.gettext("LLLL y")
        return written_date(tuple(parts), pattern, self.language) if len(parts) in (2, 3) else parts[0]

    def percent(self, share: float) -> str:
        """`0.25` → `25%` (English), `25 %` (Russian): whole percents, the language's sign."""
        return written_percent(share, self.language)

    def language_name(self, code: str) -> str:
        """A language's name in this language (`de` → `German`, `немецкий`: as CLDR writes it
        inside a sentence); the code itself when CLDR has no name for it."""
        names = self.locale.languages
        return names.get(code, "") or names.get(code.replace("-", "_"), "") or names.get(code.lower(), "") or code


@lru_cache(maxsize=4096)
def written_date(parts: tuple[str, ...], pattern: str, language: str) -> str:
    """A date's (or a month's) words in a CLDR pattern; remembered, a site repeats its dates."""
    day = datetime.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
    return format_date(day, pattern, locale=locale_of(language))


@lru_cache(maxsize=4096)
def written_percent(share: float, language: str) -> str:
    """A share in the language's percent format; remembered, the same shares recur on every page."""
    return format_percent(share, locale=locale_of(language))


@lru_cache(maxsize=64)
def locale_of(language: str) -> Locale:
    """The Babel locale of a language tag; English for a tag CLDR does not know (check says so)."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale("en")


ENGLISH = Messages("en")
_current: ContextVar[Messages] = ContextVar("messages", default=ENGLISH)


def current() -> Messages:
    return _current.get()


@contextmanager
def using(messages: Messages) -> Iterator[Messages]:
    """Pages built and rendered inside speak `messages`' language."""
    token = _current.set(messages)
    try:
        yield messages
    finally:
        _current.reset(token)


def _(message: str, **params: object) -> str:
    """The message in the current language; `%(name)s` placeholders filled from `params`."""
    return current().gettext(message, **params)


def ngettext(singular: str, plural: str, n: int, **params: object) -> str:
    return current().ngettext(singular, plural, n, **params)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined (a table at import time); it is
    translated with `_()` where it is shown."""
    return message


gettext = _  # the same, for modules where `_` names a value thrown away
