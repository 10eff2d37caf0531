"""What a reader needs of each evidence item to weigh it, said as warnings (`check --strict`
fails on them): when it was published (`date`), the words it rests on (`quote`), where a
copy can be found if the page goes (`archived`, or at least `lookup`), and what kind of
record it is (`kind`). A republication that names the primary it copies should be backed by
that primary itself.

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
        out += missing_fields(doc, i, item)
        primary = item.get("primary")
        if item.get("kind") == "republication" and isinstance(primary, str) and primary not in cited:
            out.append(uncited_primary(doc, i, item, primary))
    return out


def missing_fields(doc: Document, i: int, item: dict) -> list[Problem]:
    return [
        doc.problem(("evidence", i), f"{named(i, item)} has {what}", hint, severity=WARNING)
        for fields, what, hint in MISSING
        if not any(item.get(f) for f in fields)
    ]


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
