"""Stage 2 — validate: every document against its schema, then every cross-reference.

Pure: it reads the loaded documents and returns problems, never stopping at the first,
so `check` can list everything that is wrong in one run. Given a `Memo`, a document's
problems are taken from it under a key naming everything they depend on (the file's
bytes; for references, also every id that exists), so they are the same either way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sidelight.content.documents import DATE_KEYS
from sidelight.content.files import ID_PATTERN, Content, Document
from sidelight.content.memo import Memo
from sidelight.content.schemas import nearest, schema_errors, sentences_for
from sidelight.digest import sha
from sidelight.problems import WARNING, Problem, problems_of

_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")  # `\d` would take other scripts' digits


def validate(content: Content, memo: Memo | None = None) -> list[Problem]:
    """All schema, date and cross-reference problems of the content, in no particular order.
    With a `memo` (the one `load` was given: it uses `Document.key`), an unchanged file's
    problems are not computed again."""
    problems: list[Problem] = []
    for doc in content.documents:
        problems += own_problems(doc, memo)
    problems += [empty_text(doc) for doc in content.of("source") if not doc.body.strip()]
    problems += vocabulary_problems(content)
    problems += reference_problems(content, memo)
    return problems


def own_problems(doc: Document, memo: Memo | None) -> list[Problem]:
    """The problems a document has on its own (schema, dates): the same for the same file,
    so taken from the memo when its bytes are unchanged."""
    key = "valid" + doc.key if memo is not None and doc.key else ""
    return remembered(memo, key, document_problems, doc)


def document_problems(doc: Document) -> list[Problem]:
    out = schema_problems(doc) + date_problems(doc, doc.data, ())
    return out + date_order(doc, ("date", "end_date")) + date_order(doc, ("reviewed", "updated"))


def remembered(memo: Memo | None, key: str, compute: Callable[..., list[Problem]], *args) -> list[Problem]:
    """`compute(*args)`, or the problems the memo holds under `key` (no key: no memo)."""
    if memo is None or not key:
        return compute(*args)
    hit = problems_of(memo.get(key))
    if hit is not None:
        return hit
    out = compute(*args)
    memo.put(key, [p.fields() for p in out])
    return out


def schema_problems(doc: Document) -> list[Problem]:
    out = []
    for error in schema_errors(doc.kind, doc.parsed.data):
        for path, at_key, message, hint in sentences_for(error):
            out.append(doc.problem(path, message, hint, key=at_key))
    return out


def empty_text(doc: Document) -> Problem:
    return Problem(
        doc.display,
        doc.body_line,
        1,
        "the source has no article text",
        "paste the article's text, verbatim, below the closing `---`",
    )


def date_problems(doc: Document, data, path: tuple) -> list[Problem]:
    """Dates that have the right shape but do not exist (2021-02-30, month 13)."""
    out = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(value, (dict, list)):
            out += date_problems(doc, value, path + (key,))
        elif key in DATE_KEYS and isinstance(value, str) and _DATE.fullmatch(value) and not real_date(value):
            out.append(
                doc.problem(
                    path + (key,), f"`{key}` is not a real date: `{value}`", "check the month and day (YYYY-MM-DD)"
                )
            )
    return out


def date_order(doc: Document, keys: tuple[str, str]) -> list[Problem]:
    """A topic that ends before it begins, a review updated before it was published.
    Partial dates compare on what both state (`2021-10` is not before `2021-10-05`)."""
    first, then = (doc.data.get(k) for k in keys)
    if not (isinstance(first, str) and isinstance(then, str)):
        return []
    n = min(len(first), len(then))
    if then[:n] >= first[:n]:
        return []
    return [
        doc.problem(
            (keys[1],),
            f"`{keys[1]}` ({then}) is before `{keys[0]}` ({first})",
            f"check both dates; `{keys[1]}` cannot come first",
        )
    ]


def real_date(text: str) -> bool:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        dt.date(*parts[:3])
        return True
    except ValueError:
        return False


def vocabulary_problems(content: Content) -> list[Problem]:
    """Ids unique within each vocabulary; rating values falling from best to worst; `omits` present."""
    out = []
    for doc in content.of("vocabulary"):
        for name in ("ratings", "stances", "frames", "devices"):
            out += duplicate_ids(doc, name)
        out += rating_order(doc)
        stances = {t.get("id") for t in terms(doc, "stances") if isinstance(t.get("id"), str)}
        if stances and "omits" not in stances:
            out.append(
                doc.problem(
                    ("stances",),
                    "the stances need an `omits` entry",
                    "add `- id: omits` for outlets that leave a claim out",
                )
            )
    return out


def terms(doc: Document, name: str) -> list[dict]:
    return [t for _, t in doc.entries(name)]


def duplicate_ids(doc: Document, name: str) -> list[Problem]:
    seen: dict[str, int] = {}  # id: the line it is first defined on
    out: list[Problem] = []
    for i, term in doc.entries(name):
        ident = term.get("id")
        if isinstance(ident, str) and ident in seen:
            out.append(
                doc.problem(
                    (name, i, "id"),
                    f"{name} id `{ident}` is defined twice (first on line {seen[ident]})",
                    "rename or remove one",
                )
            )
        elif isinstance(ident, str):
            seen[ident] = doc.parsed.where((name, i, "id"))[0]
    return out


def rating_order(doc: Document) -> list[Problem]:
    """ClaimReview needs higher numbers to mean truer; ratings are listed best first."""
    out, last = [], None
    for i, term in doc.entries("ratings"):
        value = term.get("value")
        if isinstance(value, int) and not isinstance(value, bool):
            if last is not None and value >= last:
                out.append(
                    doc.problem(
                        ("ratings", i, "value"),
                        f"rating `{term.get('id')}` has value {value}, not below the rating before it ({last})",
                        "list ratings best first, with falling values",
                    )
                )
            last = value
    return out


VOCABULARIES = ("ratings", "stances", "frames", "devices")


def reference_problems(content: Content, memo: Memo | None = None) -> list[Problem]:
    """Every id a document mentions must name something that exists."""
    known = known_ids(content)
    out = []
    for doc in content.of("source"):
        out += check_ref(doc, ("outlet",), known["outlet"], "outlet", "content/outlets/")
    outlets = outlet_of(content)  # once for all claims, not once per claim
    ids = ids_digest(known, outlets) if memo is not None else ""
    for doc in content.of("claim"):
        out += remembered_claim_references(doc, known, outlets, memo, ids)
    out += unused_warnings(content)
    return out


def ids_digest(known: dict, outlets: dict[str, str]) -> str:
    """A digest of every id a claim's references are checked against (and of each
    source's outlet): while it is unchanged, so are the problems of an unchanged claim."""
    parts = [f"{name}:{chr(0).join(sorted(ids)) if ids is not None else '-'}" for name, ids in sorted(known.items())]
    return sha("\n".join(parts + [repr(sorted(outlets.items()))]).encode("utf-8", "surrogatepass"))


def remembered_claim_references(
    doc: Document, known: dict, outlets: dict[str, str], memo: Memo | None, ids: str
) -> list[Problem]:
    """`claim_references`, or what it gave for the same claim file and the same ids (`ids`,
    from `ids_digest`) before."""
    key = memo.key("refs", ids, doc.key) if memo is not None and doc.key else ""
    return remembered(memo, key, claim_references, doc, known, outlets)


def known_ids(content: Content) -> dict[str, set | None]:
    """The ids that exist, by kind. Files that failed to load still count as existing, and
    without a usable vocabulary file its terms are None (unchecked): either way the cause is
    already reported once, in its own file, instead of at every reference to it."""
    known: dict[str, set | None] = {
        kind: {d.id for d in content.of(kind)} | {i for k, i in content.broken if k == kind}
        for kind in ("outlet", "source", "topic", "claim")
    }
    vocabulary = content.of("vocabulary")
    for name in VOCABULARIES:
        known[name] = (
            {t["id"] for t in terms(vocabulary[0], name) if isinstance(t.get("id"), str)} if vocabulary else None
        )
    return known


def outlet_of(content: Content) -> dict[str, str]:
    """Each source's outlet id, where it names one."""
    return {d.id: outlet for d in content.of("source") if isinstance(outlet := d.data.get("outlet"), str)}


def check_ref(doc: Document, path: tuple, choices: set | None, what: str, where: str) -> list[Problem]:
    """An unknown id, with the nearest known one. Values that are not ids at all are left
    to the schema, which has already said so."""
    value = get(doc.data, path)
    if choices is None or not isinstance(value, str) or value in choices or not ID_PATTERN.fullmatch(value):
        return []
    return [doc.problem(path, f"unknown {what} `{value}`", nearest(value, choices) or f"add it to {where}")]


def get(data, path: tuple):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def claim_references(doc: Document, known: dict, outlets: dict[str, str]) -> list[Problem]:
    out = check_ref(doc, ("topic",), known["topic"], "topic", "content/topics/")
    out += check_ref(doc, ("rating",), known["ratings"], "rating", "content/vocabulary.yaml ratings")
    for i, entry in doc.entries("coverage"):
        if not ("source" in entry and "outlet" in entry):  # both: the schema says so, once
            out += coverage_references(doc, ("coverage", i), entry, known)
    out += repeated_coverage(doc, outlets)
    if not doc.data.get("evidence"):
        out.append(
            doc.problem(
                (), "this claim has no evidence", "add `evidence:` entries the verdict rests on", severity=WARNING
            )
        )
    return out


def coverage_references(doc: Document, path: tuple, entry: dict, known: dict) -> list[Problem]:
    out = check_ref(doc, path + ("source",), known["source"], "source", "content/sources/")
    out += check_ref(doc, path + ("outlet",), known["outlet"], "outlet", "content/outlets/")
    out += check_ref(doc, path + ("stance",), known["stances"], "stance", "content/vocabulary.yaml stances")
    for name in ("frames", "devices"):
        items = entry.get(name)
        for j, _ in enumerate(items if isinstance(items, list) else []):
            out += check_ref(doc, path + (name, j), known[name], name[:-1], f"content/vocabulary.yaml {name}")
    stance = entry.get("stance") if isinstance(entry.get("stance"), str) else None
    if "outlet" in entry and stance != "omits" and stance in (known["stances"] or ()):
        out.append(
            doc.problem(
                path + ("stance",),
                "an `outlet:` entry records an omission, so its stance must be `omits`",
                "write `stance: omits`, or cite the outlet's article with `source:` and `passages:`",
            )
        )
    if "source" in entry and stance == "omits":
        out.append(
            doc.problem(
                path + ("stance",),
                "a source that is quoted cannot have stance `omits`",
                "choose another stance, or replace `source:` with `outlet:` for an omission",
            )
        )
    return out


def repeated_coverage(doc: Document, outlets: dict[str, str]) -> list[Problem]:
    """A source listed twice, or an outlet both quoted and said to omit the claim."""
    seen: dict[tuple[str, str], int] = {}  # (source or outlet, id): its first coverage index
    out: list[Problem] = []
    for i, entry in doc.entries("coverage"):
        kind = "source" if "source" in entry else "outlet"
        ident = entry.get(kind)
        if not isinstance(ident, str) or ("source" in entry and "outlet" in entry):
            continue
        key = (kind, ident)
        if key in seen:
            out.append(
                doc.problem(
                    ("coverage", i, key[0]),
                    f"{key[0]} `{key[1]}` appears twice in this claim's coverage (first in coverage[{seen[key]}])",
                    "merge the two entries: one entry can hold several passages",
                )
            )
        seen.setdefault(key, i)
    for (kind, ident), i in seen.items():
        if kind == "outlet" and ident in {outlets.get(s) for k, s in seen if k == "source"}:
            out.append(
                doc.problem(
                    ("coverage", i, "outlet"),
                    f"outlet `{ident}` is listed as omitting the claim, "
                    "but a source of that outlet is quoted in this claim",
                    "remove this `outlet:` entry, or the quoted source",
                )
            )
    return out


def unused_warnings(content: Content) -> list[Problem]:
    """A source nobody cites is probably a forgotten claim; say so without failing the build."""
    cited = {
        e.get("source")
        for d in content.of("claim")
        for _, e in d.entries("coverage")
        if isinstance(e.get("source"), str)
    }
    return [
        doc.problem(
            (), f"no claim cites source `{doc.id}`", "add a claim that quotes it, or remove the file", severity=WARNING
        )
        for doc in content.of("source")
        if doc.id not in cited
    ]
