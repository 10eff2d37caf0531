"""The JSON Schemas in schema/, and their errors turned into sentences an editor can act on.

The same schema files serve editors' YAML extensions (through the `yaml-language-server`
line) and `check`, so the two can never disagree.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from functools import cache, lru_cache
from urllib.parse import urlsplit

from sidelight import config
from sidelight.terminal import printable

SCHEMA_DIR = config.SCHEMAS
KINDS = ("site", "vocabulary", "outlet", "source", "claim", "topic", "page", "claimant", "person")


@cache
def validator(kind: str):
    """The schema's validator. jsonschema is imported here, when a file is first validated,
    not with this module: a run that takes every file's problems from a memo never needs it."""
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return exact_validator(schema)


def exact_validator(schema: dict):
    """jsonschema's validator for `schema`, with our formats and patterns read as JSON
    Schema means them (ECMA-262: see `pattern_regex`)."""
    from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

    def pattern(checker, regex, instance, _schema):
        if checker.is_type(instance, "string") and not pattern_regex(regex).search(instance):
            yield ValidationError(f"{instance!r} does not match {regex!r}")

    formats = FormatChecker(formats=())
    for name, check in FORMATS.items():
        formats.checks(name)(check)
    full = validators.extend(Draft202012Validator, {"pattern": pattern})
    return full(schema, format_checker=formats)


def fast_validator_for(schema: dict):
    """jsonschema-rs's validator for `schema`, with the same formats (its patterns are
    already ECMA-262's); it raises if the library is missing or cannot read the schema."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema, formats=FORMATS, validate_formats=True)


@cache
def fast_validator(kind: str):
    """jsonschema-rs's validator of the same schema; None without the library (or if it
    cannot read the schema): then jsonschema does it all."""
    try:
        return fast_validator_for(json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")))
    except Exception:
        return None


@lru_cache(maxsize=256)
def pattern_regex(pattern: str) -> re.Pattern:
    """A schema's `pattern` as Python must run it to mean what JSON Schema (ECMA-262)
    means: there `$` is the end of the text, in Python it also matches before a final line
    break, so `"2021-10-18\\n"` passed `^…$` and reached the build. Each `$` outside a
    character class and not escaped becomes `\\Z`. Patterns use only explicit classes
    (`[0-9]`, never `\\d`, whose Python meaning includes other scripts' digits), which
    tests/test_security_content.py holds every schema to."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
    return re.compile("".join(out))


def certainly_valid(kind: str, data) -> bool:
    """True if jsonschema-rs finds the document valid. It is far faster than jsonschema
    (docs/benchmarks.md) but words no errors as we need, so it only lets valid documents
    skip jsonschema; it is never laxer (tests/test_schemas_fast.py,
    and tests/test_security_content.py for every pattern). A value it cannot take (an
    integer past 64 bits) means False."""
    fast = fast_validator(kind)
    try:
        return fast is not None and fast.is_valid(data)
    except Exception:
        return False


def forget() -> None:
    """Read the schemas again when next used (serve, after one is edited): both validators,
    or the fast one would still pass documents the edited schema refuses."""
    validator.cache_clear()
    fast_validator.cache_clear()


def is_web_address(value) -> bool:
    """`format: uri`, checked here rather than by jsonschema's optional libraries: those
    reject the Cyrillic paths of Russian-language articles (RFC 3986 is ASCII-only), accept
    `https://` with no host, and one of them takes a second to import on every run."""
    if not isinstance(value, str):
        return True
    if any(c.isspace() or unicodedata.category(c).startswith("C") for c in value):
        return False
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError for a port that is not a number below 65536
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def base_url_fault(value) -> str | None:
    """What makes `value` unfit as the site's root address, or None. The 404 page links
    from the address's path (`/checks/static/style.css`), served at any depth: a path
    with an empty segment (`https://example.org//evil.example/`) made those links
    protocol-relative, loading the stylesheet from another host. Only scheme, host, port
    and a path of non-empty, non-dot folders remain."""
    if not isinstance(value, str):
        return None
    if not is_web_address(value):
        return "is not a valid web address"
    parts = urlsplit(value)
    if "\\" in value:
        return "holds a backslash (browsers read it as `/`)"
    if "@" in parts.netloc:
        return "names a user (`…@`)"
    if "?" in value or "#" in value:
        return "has a query (`?…`) or a fragment (`#…`)"
    folders = parts.path.split("/")[1:-1] if parts.path.endswith("/") else parts.path.split("/")[1:]
    if any(folder in ("", ".", "..") for folder in folders):
        return "has an empty folder (`//`), `.` or `..` in its path"
    return None


def is_base_url(value) -> bool:
    return base_url_fault(value) is None


FORMATS = {"uri": is_web_address, "base-url": is_base_url}


def schema_errors(kind: str, data) -> list:
    """jsonschema's errors minus those that only restate another at the same place: a
    `format` error where the `pattern` already failed (a `ftp://` address fails both), a
    `oneOf` on a value that is not even a mapping (the `type` error says it). A document
    `certainly_valid` has none, and jsonschema is not asked."""
    return [] if certainly_valid(kind, data) else exact_errors(kind, data)


def exact_errors(kind: str, data) -> list:
    errors = list(validator(kind).iter_errors(data))
    failed = {(tuple(e.absolute_path), e.validator) for e in errors}
    restates = {"format": "pattern", "oneOf": "type"}
    return [e for e in errors if (tuple(e.absolute_path), restates.get(e.validator)) not in failed]


def shown(value, limit: int = 60) -> str:
    """A value as the editor wrote it, shortened to fit on one terminal line; line breaks,
    tabs and other invisible controls as the escapes one would write in quotes (`\\n`)."""
    text = (
        {True: "true", False: "false", None: "null"}.get(value, value)
        if isinstance(value, (bool, type(None)))
        else value
    )
    text = printable(str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def nearest(word: str, choices) -> str:
    """`did you mean …?` text for the closest choice, or a list of what is allowed."""
    choices = sorted(choices)
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    shown = ", ".join(f"`{c}`" for c in choices[:12]) + (", …" if len(choices) > 12 else "")
    return f"use one of {shown}" if choices else ""


def field_name(path) -> str:
    """`coverage[1].passages[0].quote` from a jsonschema path."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def sentences_for(error) -> list[tuple[tuple, bool, str, str]]:
    """One jsonschema error in an editor's words: (path, at_key, message, hint) entries."""
    path, name, v = tuple(error.absolute_path), field_name(error.absolute_path), error.validator
    handler = _HANDLERS.get(v)
    if handler:
        return handler(error, path, name)
    return [(path, False, f"`{name}`: {error.message}", "see docs/content-format.md")]


def _additional(error, path, name):
    allowed = error.schema.get("properties", {})
    return [
        (path + (key,), True, f"unknown key `{key}`" + (f" in `{name}`" if path else ""), nearest(key, allowed))
        for key in error.instance
        if key not in allowed
    ]


def _required(error, path, name):
    props = error.schema.get("properties", {})
    missing = [k for k in error.validator_value if k not in error.instance]
    where = f" in `{name}`" if path else ""
    return [
        (
            path,
            False,
            f"missing `{key}`{where}",
            f"add `{key}: …` ({props.get(key, {}).get('description', '')})".replace(" ()", ""),
        )
        for key in missing
    ]


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "array": "a list",
    "object": "a set of `key: value` lines",
    "number": "a number",
    "boolean": "true or false",
}


def _type(error, path, name):
    want = _TYPE_WORDS.get(error.validator_value, error.validator_value)
    got = error.instance
    if got is None:
        return [(path, False, f"`{name}` is empty", "fill in a value, or remove the line")]
    if isinstance(got, bool) and error.validator_value == "string":
        word = str(got).lower()
        return [
            (
                path,
                False,
                f"`{name}: {word}` is read as a yes/no value, not as the text `{word}`",
                f'put it in quotes if you mean the word (`{name.rpartition(".")[2]}: "{word}"`)',
            )
        ]
    got_word = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}.get(
        type(got), "text"
    )
    hint = (
        "put the value in quotes"
        if error.validator_value == "string" and not isinstance(got, (list, dict))
        else f"write {want} here"
    )
    return [
        (
            path,
            False,
            f"`{name}` must be {want}, not {got_word} (`{shown(got)}`)"
            if not isinstance(got, (list, dict))
            else f"`{name}` must be {want}, not {got_word}",
            hint,
        )
    ]


def _pattern(error, path, name):
    value, pattern = shown(error.instance), error.validator_value
    if isinstance(error.instance, str) and pattern_regex(pattern).search(error.instance.strip()):
        return [
            (
                path,
                False,
                f"`{name}` has a line break or space before or after its value: `{value}`",
                "remove it: write the value on the key's line (a `|` or `>` block adds a line break at its end)",
            )
        ]
    if pattern.startswith("^[0-9]{4}"):
        return [
            (
                path,
                False,
                f"`{name}` is not a date: `{value}`",
                "write YYYY-MM-DD, e.g. 2021-10-18, or YYYY-MM if the day is unknown",
            )
        ]
    if pattern.startswith("^https?"):
        return [
            (
                path,
                False,
                f"`{name}` must be an http or https address: `{value}`",
                "write a full address starting with https://",
            )
        ]
    if pattern.startswith("^[a-z0-9]"):
        from sidelight.content.files import suggest_id

        return [
            (
                path,
                False,
                f"`{value}` is not a valid id",
                f"ids are lower-case letters, digits and hyphens, e.g. `{suggest_id(value)}`",
            )
        ]
    return [(path, False, f"`{name}` has an unexpected form: `{value}`", "see docs/content-format.md")]


def _format(error, path, name):
    if error.validator_value == "base-url":
        return [
            (
                path,
                False,
                f"`{name}` {base_url_fault(error.instance)}: `{shown(error.instance)}`",
                "write the site's root address alone, e.g. https://example.org/ or https://example.org/checks/",
            )
        ]
    return [
        (
            path,
            False,
            f"`{name}` is not a valid web address: `{shown(error.instance)}`",
            "write a full address such as https://example.org/page, with no spaces",
        )
    ]


def _one_of(error, path, name):
    entry = error.instance if isinstance(error.instance, dict) else {}
    if "source" in entry and "outlet" in entry:
        second = [k for k in entry if k in ("source", "outlet")][1]
        return [
            (
                path + (second,),
                True,
                f"`{name}` has both `source` and `outlet`",
                "use `source:` with `passages:` for coverage, or `outlet:` alone for an omission",
            )
        ]
    if "source" in entry:
        return [
            (
                path,
                False,
                f"`{name}` names a source but has no `passages`",
                "add `passages:` with at least one `- quote: …` from the source",
            )
        ]
    return [
        (
            path,
            False,
            f"`{name}` needs `source:` (with passages) or `outlet:` (for an omission)",
            "add `source: <source id>` and `passages:`, or `outlet: <outlet id>` with `stance: omits`",
        )
    ]


def _unique(error, path, name):
    """Point at the repeat itself, not at the start of the list."""
    items = error.instance
    j = next(j for j in range(1, len(items)) if items[j] in items[:j])
    return [(path + (j,), False, f"`{name}` lists `{shown(items[j])}` twice", "remove the repeat")]


_HANDLERS = {
    "additionalProperties": _additional,
    "required": _required,
    "type": _type,
    "pattern": _pattern,
    "oneOf": _one_of,
    "format": lambda e, p, n: _format(e, p, n),
    "enum": lambda e, p, n: [
        (
            p,
            False,
            f"`{n}` is empty" if e.instance is None else f"`{n}` cannot be `{shown(e.instance)}`",
            nearest(shown(e.instance), [str(x) for x in e.validator_value]),
        )
    ],
    "minLength": lambda e, p, n: [(p, False, f"`{n}` is empty", "fill in a value, or remove the line")],
    "maxLength": lambda e, p, n: [
        (p, False, f"`{n}` is too long ({len(e.instance):,} characters; at most {e.validator_value:,})", "shorten it")
    ],
    "minItems": lambda e, p, n: [(p, False, f"`{n}` needs at least {e.validator_value} entry", "add an entry")],
    "uniqueItems": lambda e, p, n: _unique(e, p, n),
    "minimum": lambda e, p, n: [(p, False, f"`{n}` must be at least {e.validator_value}", "use a larger number")],
}
