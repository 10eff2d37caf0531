"""What a reader needs of each evidence item to weigh it, said as warnings (`check --strict`
fails on them): when it was published (`date`), the words it rests on (`quote`), where a
copy can be found if the page goes (`archived`, or at least `lookup`), and what kind of
record it is (`kind`). A republication that names the primary it copies should be backed by
that primary itself.

A date or quote we could not establish is listed in the item's `not_established` instead of
being guessed: no warning for it then, and the page says so. Listing a field that is given
is an error, since the page would then deny what the item states.

Document-level (a claim file on its own), so `validate` remembers them by the file's bytes.
"""

from __future__ import annotations

from sidelight.content.files import Document
from sidelight.problems import WARNING, Problem

TITLE_SHOWN = 60  # characters of an item's title in a message

MISSING = (
    # (field or fields, what is missing, how to fix it)
    (
        ("kind",),
        "no `kind`",
        "add `kind: primary` (the record itself), `secondary` (another report of it) or `republication` "
        "(a copy of another publisher's text)",
    ),
    (
        ("date",),
        "no `date`",
        "add `date:` (YYYY-MM-DD, YYYY-MM or YYYY), when it was published, so a reader can tell whether "
        "it came before or after the claim",
    ),
    (
        ("quote",),
        "no `quote`",
        "add `quote:` with a sentence or two copied verbatim from the page, the words the verdict rests on",
    ),
    (
        ("archived", "lookup"),
        "no `archived` copy or `lookup` address",
        "add `archived:` with the address of a snapshot you have seen, or `lookup:` with the Wayback Machine's "
        "address for the date (https://web.archive.org/web/<YYYYMMDD>*/<url>), shown as not confirmed",
    ),
)


def evidence_problems(doc: Document) -> list[Problem]:
    """A warning for each field a claim's evidence item lacks, and for each republication
    whose primary the claim does not cite."""
    if doc.kind != "claim":
        return []
    items = doc.entries("evidence")
    cited = {e.get("url") for _, e in items if isinstance(e.get("url"), str)}
    out: list[Problem] = []
    for i, item in items:
        out += missing_fields(doc, i, item) + given_but_unknown(doc, i, item)
        primary = item.get("primary")
        if item.get("kind") == "republication" and isinstance(primary, str) and primary not in cited:
            out.append(uncited_primary(doc, i, item, primary))
    return out + primary_problems(doc, items)


def primary_problems(doc: Document, items: list[tuple[int, dict]]) -> list[Problem]:
    """A rated verdict rests on a primary source, or the page says why none is cited
    (`no_primary`); saying so while citing one would contradict the evidence list."""
    has_primary = any(item.get("kind") == "primary" for _, item in items)
    if "no_primary" in doc.data and has_primary:
        return [
            doc.problem(
                ("no_primary",),
                "`no_primary` says no primary source is cited, but an evidence item is `kind: primary`",
                "remove `no_primary`, or correct the item's `kind`",
                key=True,
            )
        ]
    rated = doc.data.get("kind") in ("statement", "attribution")
    kinds_known = all(item.get("kind") for _, item in items)  # a missing kind is reported already
    if rated and items and kinds_known and not has_primary and "no_primary" not in doc.data:
        return [
            doc.problem(
                ("evidence",),
                "no evidence item is a primary source (`kind: primary`)",
                "cite the primary record the verdict rests on (the release, transcript or data itself); "
                "if none exists or none was available to you, say why in `no_primary:`, shown on the page",
                severity=WARNING,
                key=True,
            )
        ]
    return []


def missing_fields(doc: Document, i: int, item: dict) -> list[Problem]:
    unknown = {f for f in not_established(item) if isinstance(f, str)}
    return [
        doc.problem(
            ("evidence", i), f"{named(i, item)} has {what}", hint + UNKNOWN.get(fields[0], ""), severity=WARNING
        )
        for fields, what, hint in MISSING
        if not any(item.get(f) for f in fields) and not unknown.intersection(fields)
    ]


UNKNOWN = {  # the way out when the field cannot be established
    "date": "; if it cannot be established, add `not_established: [date]` and say why in `note`",
    "quote": "; if the text was not available to you, add `not_established: [quote]` and say why in `note`",
}


def given_but_unknown(doc: Document, i: int, item: dict) -> list[Problem]:
    """An error for each field listed as not established that the item gives all the same
    (only `date` and `quote` can be listed; the schema refuses any other name)."""
    return [
        doc.problem(
            ("evidence", i, "not_established", k),
            f"{named(i, item)} lists `{field}` as not established, but gives `{field}:`",
            f"remove `{field}` from `not_established` if the {field} is right, or remove `{field}:` "
            "if it cannot be established",
        )
        for k, field in enumerate(not_established(item))
        if field in UNKNOWN and item.get(field)
    ]


def not_established(item: dict) -> list:
    """The item's `not_established` list as written, or none if it is not a list (the schema
    reports that); its entries keep their places, so a problem can point at one."""
    listed = item.get("not_established")
    return listed if isinstance(listed, list) else []


def uncited_primary(doc: Document, i: int, item: dict, primary: str) -> Problem:
    return doc.problem(
        ("evidence", i, "primary"),
        f"{named(i, item)} is a republication of {primary}, which this claim does not cite",
        f"cite the primary itself: add an evidence item with `kind: primary` and `url: {primary}` "
        "(its date, quote and archive address), and keep the republication only if it shows something more",
        severity=WARNING,
    )


def named(i: int, item: dict) -> str:
    """`evidence item 2 ("Officials from 22 NATO countries…")`: the number editors see
    counting in the file, and enough of the title to find it."""
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        return f"evidence item {i + 1}"
    short = title if len(title) <= TITLE_SHOWN else title[:TITLE_SHOWN].rsplit(" ", 1)[0] + "…"
    return f"evidence item {i + 1} (“{short}”)"
