"""Message catalogues: reading a language's `.po` files, and `check`'s missing and unused keys.

A language's catalogue is `locale/<lang>/LC_MESSAGES/messages.po` in each folder templates are
looked up in (`theme.folders`): the site's own entries win over the packaged theme's, message
by message. The `.po` text is compiled in memory on every build (no `.mo` is shipped or
written), so the output depends on the catalogue's text alone. English is the source
language: its message ids are the English text, so English needs no catalogue (a site may
still reword it with an `en` one).

The messages a site uses are extracted as `pybabel extract` does (babel.cfg): `_()`,
`ngettext()`, `N_()` and `{% trans %}` in the templates of the lookup chain and in the
package's page and output code.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from sidelight import config
from sidelight.content.memo import Memo
from sidelight.output import theme
from sidelight.pages.messages import ENGLISH, Messages, locale_of
from sidelight.problems import WARNING, Problem

SOURCE_LANGUAGE = "en"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
OPTIONS = {"trimmed": "true"}  # as render's environment: {% trans %} folds line breaks
CODE = ("pages", "output")  # the package's folders whose modules hold reader-facing messages


def po_path(folder: Path, language: str) -> Path:
    return folder / "locale" / language.replace("-", "_") / "LC_MESSAGES" / "messages.po"  # pt-BR: pt_BR


def catalogue_files(templates: Path, language: str) -> list[Path]:
    """The language's `.po` files along the lookup chain, the site's own first."""
    return [p for p in (po_path(f, language) for f in theme.folders(templates)) if p.is_file()]


def messages(templates: Path, language: str) -> Messages:
    """The messages of `language`: its catalogues merged (the site's own entries first), or
    the English message ids when it has none."""
    files = catalogue_files(templates, language)
    if not files:
        return ENGLISH if language == SOURCE_LANGUAGE else Messages(language)
    return Messages(language, _translations(tuple((str(p), p.read_bytes()) for p in files)))


@lru_cache(maxsize=8)
def _translations(files: tuple[tuple[str, bytes], ...]) -> Translations:
    """The catalogues compiled in memory; the first file's translation of a message wins."""
    merged: Translations | None = None
    for _name, data in reversed(files):  # the packaged theme first, the site's last: it wins
        compiled = io.BytesIO()
        write_mo(compiled, read_po(io.BytesIO(data), abort_invalid=False), use_fuzzy=False)
        compiled.seek(0)
        one = Translations(compiled)
        merged = one if merged is None else merged.merge(one)
    assert merged is not None
    return merged


@dataclass(frozen=True)
class Use:
    """A message the templates or code use, and where (the first place)."""

    message: str
    path: str
    line: int


def uses(templates: Path, memo: Memo | None = None) -> dict[str, Use]:
    """Every message id used by the templates of the lookup chain (a site's own template
    hides the packaged one of the same name) and by the package's code, with the first use.
    `memo`: each file's messages are remembered under its bytes."""
    found: dict[str, Use] = {}
    for path in template_files(templates):
        scan(path, "jinja2", found, memo)
    for folder in CODE:
        for path in sorted((config.PACKAGE / folder).glob("*.py")):
            scan(path, "python", found, memo)
    return found


def template_files(templates: Path) -> list[Path]:
    chosen: dict[str, Path] = {}
    for folder in theme.folders(templates):
        for path in sorted(folder.glob("*.html")):
            chosen.setdefault(path.name, path)
    return [chosen[name] for name in sorted(chosen)]


def scan(path: Path, method: str, found: dict[str, Use], memo: Memo | None = None) -> None:
    data = path.read_bytes()
    key = memo.key("messages", method, data) if memo is not None else ""
    stored = memo.get(key) if memo is not None else None
    listed = cast(list, stored) if is_listing(stored) else extracted(data, method)
    if memo is not None and not is_listing(stored):
        memo.put(key, listed)
    for ident, line in listed:
        found.setdefault(ident, Use(ident, str(path), line))


def extracted(data: bytes, method: str) -> list[list]:
    """[message id, line] of each message in a file; a plural is keyed by its singular."""
    out: list[list] = []
    for line, message, _comments, _context in extract(method, io.BytesIO(data), KEYWORDS, options=OPTIONS):
        ident = message[0] if isinstance(message, tuple) else message
        if ident:
            out.append([ident, line])
    return out


def is_listing(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], int) for v in value
    )


def problems(templates: Path, language: str, site_yaml: Path, display=str, memo: Memo | None = None) -> list[Problem]:
    """`check`'s words on the catalogue of the site's language: a message used with no
    translation (at its first use), a translation nothing uses (at its line in the `.po`),
    a catalogue that cannot be read, a language with no catalogue at all."""
    files = catalogue_files(templates, language)
    if not files:
        if language == SOURCE_LANGUAGE:
            return []
        where = po_path(templates, language)
        return [
            Problem(
                display(site_yaml),
                language_line(site_yaml),
                1,
                f"the site's language is '{language}', but there is no catalogue of its messages,"
                " so every page shows the interface in English",
                f"translate one: copy templates/locale/messages.pot to {display(where)} (docs/translating.md)",
                WARNING,
            )
        ]
    used = uses(templates, memo)
    out: list[Problem] = []
    translated: set[str] = set()
    for path in files:
        try:
            catalogue = read_po(io.BytesIO(path.read_bytes()), abort_invalid=True)
        except (PoFileError, ValueError) as error:
            out.append(Problem(display(path), 1, 1, f"this catalogue cannot be read: {error}", "fix the .po syntax"))
            continue
        out += unused(catalogue, used, display(path))
        translated |= {key(m.id) for m in catalogue if m.id and m.string and any(m.string) and not m.fuzzy}
    name = locale_of(language).english_name
    for ident, use in used.items():
        if ident not in translated:
            out.append(
                Problem(
                    display(Path(use.path)),
                    use.line,
                    1,
                    f"the message “{ident}” has no {name} translation, so it shows in English",
                    f"add it to {display(files[0])} (pybabel update, docs/translating.md)",
                    WARNING,
                )
            )
    return out


def language_line(site_yaml: Path) -> int:
    """The line of site.yaml's `language:` (1 when it cannot be read)."""
    try:
        lines = site_yaml.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, text in enumerate(lines, 1) if text.startswith("language:")), 1)


def key(ident: str | tuple | list) -> str:
    return ident if isinstance(ident, str) else ident[0]


def unused(catalogue: Catalog, used: dict[str, Use], path: str) -> list[Problem]:
    return [
        Problem(
            path,
            message.lineno or 1,
            1,
            f"the message “{key(message.id)}” is translated here, but no template or page uses it",
            "delete the entry, or mark it obsolete with #~ (pybabel update does)",
            WARNING,
        )
        for message in catalogue
        if message.id and key(message.id) not in used
    ]
