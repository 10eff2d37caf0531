"""Stage 2 — validate: every document against its schema, then every cross-reference.

Pure: it reads the loaded documents and returns problems, never stopping at the first,
so `check` can list everything that is wrong in one run.
"""
from __future__ import annotations

import datetime as dt
import re

from .load import Content, Document
from .problems import Problem, WARNING
from .schemas import describe, nearest, validator

DATE_KEYS = {"date", "published", "retrieved", "reviewed", "updated", "end_date"}
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def validate(content: Content) -> list[Problem]:
    """All schema, date and cross-reference problems of the content, in no particular order."""
    problems: list[Problem] = []
    for doc in content.documents:
        problems += schema_problems(doc)
        problems += date_problems(doc, doc.data, ())
    problems += vocabulary_problems(content)
    problems += reference_problems(content)
    return problems


def schema_problems(doc: Document) -> list[Problem]:
    out = []
    for error in validator(doc.kind).iter_errors(doc.data):
        for path, at_key, message, hint in describe(error):
            out.append(doc.problem(path, message, hint, key=at_key))
    return out


def date_problems(doc: Document, data, path: tuple) -> list[Problem]:
    """Dates that have the right shape but do not exist (2021-02-30, month 13)."""
    out = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(value, (dict, list)):
            out += date_problems(doc, value, path + (key,))
        elif key in DATE_KEYS and isinstance(value, str) and _DATE.fullmatch(value) and not real_date(value):
            out.append(doc.problem(path + (key,), f"`{key}` is not a real date: `{value}`",
                                   "check the month and day (YYYY-MM-DD)"))
    return out


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
        stances = {t.get("id") for t in terms(doc, "stances")}
        if stances and "omits" not in stances:
            out.append(doc.problem(("stances",), "the stances need an `omits` entry",
                                   "add `- id: omits` for outlets that leave a claim out"))
    return out


def terms(doc: Document, name: str) -> list[dict]:
    items = doc.data.get(name)
    return [t for t in items if isinstance(t, dict)] if isinstance(items, list) else []


def duplicate_ids(doc: Document, name: str) -> list[Problem]:
    seen, out = set(), []
    for i, term in enumerate(terms(doc, name)):
        if term.get("id") in seen:
            out.append(doc.problem((name, i, "id"), f"{name} id `{term['id']}` is defined twice", "rename or remove one"))
        seen.add(term.get("id"))
    return out


def rating_order(doc: Document) -> list[Problem]:
    """ClaimReview needs higher numbers to mean truer; ratings are listed best first."""
    out, last = [], None
    for i, term in enumerate(terms(doc, "ratings")):
        value = term.get("value")
        if isinstance(value, int) and not isinstance(value, bool):
            if last is not None and value >= last:
                out.append(doc.problem(("ratings", i, "value"), f"rating `{term.get('id')}` has value {value}, not below the rating before it ({last})",
                                       "list ratings best first, with falling values"))
            last = value
    return out


def reference_problems(content: Content) -> list[Problem]:
    """Every id a document mentions must name something that exists."""
    known = known_ids(content)
    out = []
    for doc in content.of("source"):
        out += check_ref(doc, ("outlet",), known["outlet"], "outlet", "content/outlets/")
    for doc in content.of("claim"):
        out += claim_references(doc, known)
    out += unused_warnings(content, known)
    return out


def known_ids(content: Content) -> dict[str, set]:
    known = {kind: {d.id for d in content.of(kind)} for kind in ("outlet", "source", "topic", "claim")}
    for doc in content.of("vocabulary"):
        for name in ("ratings", "stances", "frames", "devices"):
            known[name] = {t.get("id") for t in terms(doc, name) if isinstance(t.get("id"), str)}
    for name in ("ratings", "stances", "frames", "devices"):
        known.setdefault(name, set())
    return known


def check_ref(doc: Document, path: tuple, choices: set, what: str, where: str) -> list[Problem]:
    value = get(doc.data, path)
    if not isinstance(value, str) or value in choices:
        return []
    return [doc.problem(path, f"unknown {what} `{value}`",
                        nearest(value, choices) or f"add it to {where}")]


def get(data, path: tuple):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def claim_references(doc: Document, known: dict) -> list[Problem]:
    out = check_ref(doc, ("topic",), known["topic"], "topic", "content/topics/")
    out += check_ref(doc, ("rating",), known["ratings"], "rating", "content/vocabulary.yaml ratings")
    coverage = doc.data.get("coverage")
    for i, entry in enumerate(coverage if isinstance(coverage, list) else []):
        if isinstance(entry, dict):
            out += coverage_references(doc, ("coverage", i), entry, known)
    out += repeated_coverage(doc)
    if not doc.data.get("evidence"):
        out.append(doc.problem((), "this claim has no evidence", "add `evidence:` entries the verdict rests on",
                               severity=WARNING))
    return out


def coverage_references(doc: Document, path: tuple, entry: dict, known: dict) -> list[Problem]:
    out = check_ref(doc, path + ("source",), known["source"], "source", "content/sources/")
    out += check_ref(doc, path + ("outlet",), known["outlet"], "outlet", "content/outlets/")
    out += check_ref(doc, path + ("stance",), known["stances"], "stance", "content/vocabulary.yaml stances")
    for name in ("frames", "devices"):
        for j, _ in enumerate(entry.get(name) or [] if isinstance(entry.get(name), list) else []):
            out += check_ref(doc, path + (name, j), known[name], name[:-1], f"content/vocabulary.yaml {name}")
    stance = entry.get("stance")
    if "outlet" in entry and "source" not in entry and stance != "omits" and stance in known["stances"]:
        out.append(doc.problem(path + ("stance",), "an `outlet:` entry records an omission, so its stance must be `omits`",
                               "write `stance: omits`, or cite the outlet's article with `source:` and `passages:`"))
    if "source" in entry and stance == "omits":
        out.append(doc.problem(path + ("stance",), "a source that is quoted cannot have stance `omits`",
                               "choose another stance, or replace `source:` with `outlet:` for an omission"))
    return out


def repeated_coverage(doc: Document) -> list[Problem]:
    seen, out = set(), []
    for i, entry in enumerate(doc.data.get("coverage") or []):
        if not isinstance(entry, dict):
            continue
        key = ("source", entry.get("source")) if "source" in entry else ("outlet", entry.get("outlet"))
        if key in seen and isinstance(key[1], str):
            out.append(doc.problem(("coverage", i, key[0]), f"{key[0]} `{key[1]}` appears twice in this claim's coverage",
                                   "merge the two entries: one entry can hold several passages"))
        seen.add(key)
    return out


def unused_warnings(content: Content, known: dict) -> list[Problem]:
    """A source nobody cites is probably a forgotten claim; say so without failing the build."""
    cited = {e.get("source") for d in content.of("claim") for e in (d.data.get("coverage") or []) if isinstance(e, dict)}
    return [doc.problem((), f"no claim cites source `{doc.id}`", "add a claim that quotes it, or remove the file",
                        severity=WARNING) for doc in content.of("source") if doc.id not in cited]
