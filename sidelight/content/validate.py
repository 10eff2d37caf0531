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

from sidelight.content.desk import people_problems, site_problems
from sidelight.content.documents import DATE_KEYS
from sidelight.content.evidence import evidence_problems
from sidelight.content.files import ID_PATTERN, Content, Document
from sidelight.content.framing import OLD_STANCES, framing_problems
from sidelight.content.languages import language_problems
from sidelight.content.memo import Memo
from sidelight.content.schemas import nearest, schema_errors, sentences_for
from sidelight.digest import sha
from sidelight.problems import WARNING, Problem, problem_of, problems_of

_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")  # `\d` would take other scripts' digits


def validate(content: Content, memo: Memo | None = None) -> list[Problem]:
    """All schema, date and cross-reference problems of the content, in no particular order.
    With a `memo` (the one `load` was given: it uses `Document.key`), an unchanged file's
    problems are not computed again."""
    problems: list[Problem] = []
    for doc in content.documents:
        problems += own_problems(doc, memo) + [p for n in doc.notes if (p := problem_of(n))]
    problems += [empty_text(doc) for doc in content.of("source") if not doc.body.strip()]
    problems += vocabulary_problems(content)
    problems += untranslated_terms(content)
    problems += reference_problems(content, memo)
    problems += language_problems(content)
    return problems


def own_problems(doc: Document, memo: Memo | None) -> list[Problem]:
    """The problems a document has on its own (schema, dates): the same for the same file,
    so taken from the memo when its bytes are unchanged."""
    key = "valid" + doc.key if memo is not None and doc.key else ""
    return remembered(memo, key, document_problems, doc)


def document_problems(doc: Document) -> list[Problem]:
    framing, replaced = framing_problems(doc)
    out = schema_problems(doc, replaced) + framing + date_problems(doc, doc.data, ()) + evidence_problems(doc)
    return out + date_order(doc, ("date", "end_date")) + date_order(doc, ("reviewed", "updated"))


def remembered(memo: Memo | None, key: str, compute: Callable[..., list[Problem]], *args) -> list[Problem]:
    """`compute(*args)`, or the problems the memo holds under `key` (no key: no memo)."""
    if memo is None or not key:
        return compute(*args)
    hit = memo.checked(key, problems_of)
    if hit is not None:
        return hit
    out = compute(*args)
    memo.put(key, [p.fields() for p in out])
    return out


def schema_problems(doc: Document, replaced: frozenset | set = frozenset()) -> list[Problem]:
    """The schema's errors in an editor's words, but none at a place in `replaced` (a
    field of the old format, which `framing` explains better)."""
    out = []
    for error in schema_errors(doc.kind, doc.parsed.data):
        for path, at_key, message, hint in sentences_for(error):
            if path not in replaced and not yes_no_reference(doc, path):
                out.append(doc.problem(path, message, hint, key=at_key))
    return out


CLAIM_REFERENCES = {
    ("rating",),
    ("topic",),
    ("claimant",),
    ("speaker",),
    ("attributed_by", int),
    ("coverage", int, "source"),
    ("coverage", int, "omission"),
    ("coverage", int, "fidelity"),
    ("coverage", int, "stance"),
    ("coverage", int, "frames", int),
    ("coverage", int, "devices", int),
    ("drift", int, "kind"),
}


def yes_no_reference(doc: Document, path: tuple) -> bool:
    """`rating: false`: a true/false where `check_ref` checks an id, which it explains in one
    message with the ids to choose from (the schema alone would take two rounds)."""
    if not isinstance(get(doc.data, path), bool):
        return False
    if doc.kind in ("source", "claimant"):
        return path == ("outlet",)
    shape = tuple(int if isinstance(p, int) else p for p in path)
    return doc.kind == "claim" and shape in CLAIM_REFERENCES


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
    """Ids unique within each vocabulary; rating values falling from best to worst;
    `faithful` present (a rendering that is not faithful needs a note)."""
    out = []
    for doc in content.of("vocabulary"):
        for name in VOCABULARIES:
            out += duplicate_ids(doc, name)
        out += rating_order(doc)
        fidelities = {t.get("id") for t in terms(doc, "fidelities") if isinstance(t.get("id"), str)}
        if fidelities and "faithful" not in fidelities:
            out.append(
                doc.problem(
                    ("fidelities",),
                    "the fidelities need a `faithful` entry",
                    "add `- id: faithful` for a rendering true to the original words and facts",
                )
            )
    return out


def untranslated_terms(content: Content) -> list[Problem]:
    """For site.yaml's `language` and each language of `languages:` that is not the
    vocabulary's own, each term needs its words in it (`translations:`): every edition
    shows its labels in its language."""
    sites, vocabularies = content.of("site"), content.of("vocabulary")
    if not sites or not vocabularies:
        return []
    site, doc = sites[0].data, vocabularies[0]
    listed = [str(e.get("language")) for e in site.get("languages") or () if isinstance(e, dict)]
    own = str(doc.data.get("language", "en"))
    wanted = dict.fromkeys(x for x in [str(site.get("language", "en")), *listed] if x != own)
    return [problem for language in wanted for problem in untranslated_in(doc, language)]


def untranslated_in(doc, language: str) -> list[Problem]:
    """One warning if no term has words in `language`, else one per term without."""
    missing = [
        (name, i, term)
        for name in VOCABULARIES
        for i, term in doc.entries(name)
        if not isinstance((term.get("translations") or {}).get(language), dict)
    ]
    hint = f"add `translations: {{{language}: {{label: …, description: …}}}}` to each term (docs/translating.md)"
    if len(missing) == sum(len(terms(doc, name)) for name in VOCABULARIES):
        return [
            doc.problem(
                (),
                f"the site's language is '{language}', but no term of the vocabulary has its words in it,"
                " so every label and definition shows untranslated",
                hint,
                severity=WARNING,
            )
        ]
    return [
        doc.problem(
            (name, i, "label"),
            f"{name} term `{term.get('id')}` has no '{language}' label and definition, so it shows untranslated",
            f"add `translations: {{{language}: {{label: …, description: …}}}}` to it (docs/translating.md)",
            severity=WARNING,
        )
        for name, i, term in missing
    ]


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


VOCABULARIES = ("ratings", "stances", "fidelities", "drift_kinds", "frames", "devices")


def reference_problems(content: Content, memo: Memo | None = None) -> list[Problem]:
    """Every id a document mentions must name something that exists."""
    known = known_ids(content)
    out = []
    for doc in content.of("source"):
        out += check_ref(doc, ("outlet",), known["outlet"], "outlet", "content/outlets/")
    for doc in content.of("claimant"):
        out += check_ref(doc, ("outlet",), known["outlet"], "outlet", "content/outlets/")
    outlets = outlet_of(content)  # once for all claims, not once per claim
    people = people_of(content)  # a few, and cheap to check: not remembered
    ids = ids_digest(known, outlets) if memo is not None else ""
    for doc in content.of("claim"):
        out += remembered_claim_references(doc, known, outlets, memo, ids) + people_problems(doc, people)
    out += unused_warnings(content) + site_problems(content) + rights_problems(content)
    return out


def people_of(content: Content) -> dict[str, str]:
    """Each people record's name by id (a record that failed to load still exists, nameless)."""
    people = {i: "" for k, i in content.broken if k == "person"}
    return people | {d.id: n if isinstance(n := d.data.get("name"), str) else "" for d in content.of("person")}


def rights_problems(content: Content) -> list[Problem]:
    """`publish: full` republishes a whole article, so it needs a `licence` saying what
    allows it: in the same file, or for a source in its outlet's file."""
    licensed = {d.id for d in content.of("outlet") if d.data.get("licence")}
    out = [unlicensed(d, "this outlet's articles") for d in content.of("outlet") if full_without(d, set())]
    outlets = outlet_of(content)
    for doc in content.of("source"):
        if full_without(doc, licensed if outlets.get(doc.id) in licensed else set()):
            out.append(unlicensed(doc, "this article"))
    return out


def full_without(doc: Document, licensed: set) -> bool:
    """The document says `publish: full`, and neither it nor its outlet (when in `licensed`)
    records a licence."""
    return doc.data.get("publish") == "full" and not doc.data.get("licence") and not licensed


def unlicensed(doc: Document, what: str) -> Problem:
    return doc.problem(
        ("publish",),
        f"`publish: full` republishes {what} in full, but no `licence` says what allows it",
        "add `licence:` with what allows full republication (the licence or the publisher's permission, "
        "and its date), or write `publish: excerpts` to show only the quoted passages",
    )


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
        for kind in ("outlet", "source", "topic", "claim", "claimant", "person")
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
    if isinstance(value, bool) and choices is not None:
        word, key = str(value).lower(), next((p for p in reversed(path) if isinstance(p, str)), what)
        return [
            doc.problem(
                path,
                f"`{key}: {word}` is read as a yes/no value, not as a {what}",
                (nearest(word, choices) or f"add one to {where}") + f" (no {what} is called `{word}`)",
            )
        ]
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
    for key in ("claimant", "speaker"):
        out += check_ref(doc, (key,), known["claimant"], "claimant", "content/claimants/")
    named = doc.data.get("attributed_by")
    for j in range(len(named) if isinstance(named, list) else 0):
        out += check_ref(doc, ("attributed_by", j), known["outlet"], "outlet", "content/outlets/")
    for i, entry in doc.entries("coverage"):
        if "outlet" not in entry:  # an old-format entry: said once, by framing
            out += coverage_references(doc, ("coverage", i), entry, known, outlets)
    for k, _ in doc.entries("drift"):
        out += check_ref(
            doc, ("drift", k, "kind"), known["drift_kinds"], "drift kind", "content/vocabulary.yaml drift_kinds"
        )
    out += repeated_coverage(doc, outlets) + unattributed(doc, outlets, known["outlet"])
    if not doc.data.get("evidence"):
        out.append(
            doc.problem(
                (), "this claim has no evidence", "add `evidence:` entries the verdict rests on", severity=WARNING
            )
        )
    return out


def coverage_references(doc: Document, path: tuple, entry: dict, known: dict, outlets: dict[str, str]) -> list[Problem]:
    out = check_ref(doc, path + ("source",), known["source"], "source", "content/sources/")
    out += check_ref(doc, path + ("omission",), known["outlet"], "outlet", "content/outlets/")
    out += check_ref(doc, path + ("fidelity",), known["fidelities"], "fidelity", "content/vocabulary.yaml fidelities")
    out += unexplained_fidelity(doc, path, entry, known["fidelities"])
    stance = entry.get("stance")
    if isinstance(stance, str) and stance in OLD_STANCES and stance not in (known["stances"] or (stance,)):
        message, hint = OLD_STANCES[stance]
        if stance == "reports" and "fidelity" in entry:  # only the stance is left to choose
            hint = "write `stance: neutral` (the outlet's own attitude), or another stance if the passage shows one"
        out.append(doc.problem(path + ("stance",), message, hint))
    else:
        out += check_ref(doc, path + ("stance",), known["stances"], "stance", "content/vocabulary.yaml stances")
    for name in ("frames", "devices"):
        items = entry.get(name)
        for j, _ in enumerate(items if isinstance(items, list) else []):
            out += check_ref(doc, path + (name, j), known[name], name[:-1], f"content/vocabulary.yaml {name}")
    source, outlet = entry.get("source"), entry.get("omission")
    if (
        isinstance(outlet, str)
        and outlet in (known["outlet"] or ())
        and isinstance(source, str)
        and outlets.get(source, outlet) != outlet
    ):
        out.append(
            doc.problem(
                path + ("source",),
                f"source `{source}` is an article of `{outlets[source]}`, not of `{outlet}`",
                "name the article of the outlet that left the claim out, or remove `source:`",
            )
        )
    return out


def unexplained_fidelity(doc: Document, path: tuple, entry: dict, fidelities: set | None) -> list[Problem]:
    """A rendering that is not faithful says what differs. Only for a fidelity that exists:
    a misspelt `faithful` is one unknown-id error, not also a call for a note."""
    fidelity = entry.get("fidelity")
    if "omission" in entry or not isinstance(fidelity, str) or fidelity == "faithful" or entry.get("note"):
        return []
    if fidelity not in (fidelities if fidelities is not None else {fidelity}):
        return []
    return [
        doc.problem(
            path + ("fidelity",),
            f"fidelity `{fidelity}` needs a `note:` saying what differs from the primary source",
            "add `note: …` naming the words or facts the outlet changed, and how",
        )
    ]


def repeated_coverage(doc: Document, outlets: dict[str, str]) -> list[Problem]:
    """A source listed twice, an omission listed twice, or an outlet both quoted and said
    to leave the claim out."""
    seen: dict[tuple[str, str], int] = {}  # ("source" or "omission", id): its first coverage index
    out: list[Problem] = []
    for i, entry in doc.entries("coverage"):
        kind = "omission" if "omission" in entry else "source"
        ident = entry.get(kind)
        if not isinstance(ident, str):
            continue
        key = (kind, ident)
        if key in seen:
            out.append(
                doc.problem(
                    ("coverage", i, kind),
                    f"{kind} `{ident}` appears twice in this claim's coverage (first in coverage[{seen[key]}])",
                    "merge the two entries: one entry can hold several passages",
                )
            )
        seen.setdefault(key, i)
    quoted = {outlets.get(s) for k, s in seen if k == "source"}
    for (kind, ident), i in seen.items():
        if kind == "omission" and ident in quoted:
            out.append(
                doc.problem(
                    ("coverage", i, "omission"),
                    f"outlet `{ident}` is listed as leaving the claim out, "
                    "but a source of that outlet is quoted in this claim",
                    "remove this omission, or the quoted source",
                )
            )
    return out


def unattributed(doc: Document, outlets: dict[str, str], known_outlets: set | None) -> list[Problem]:
    """Each outlet said to attribute the words must be quoted doing so in the coverage. Not
    said while a cited source's outlet is unknown (its file does not parse, or it names no
    source): that file's own error is the one to fix."""
    cited = [e.get("source") for _, e in doc.entries("coverage") if "omission" not in e]
    if any(isinstance(source, str) and source not in outlets for source in cited):
        return []
    quoted = {outlets.get(source) for source in cited if isinstance(source, str)}
    named = doc.data.get("attributed_by")
    out = []
    for j, outlet in enumerate(named if isinstance(named, list) else []):
        if isinstance(outlet, str) and outlet in (known_outlets or ()) and outlet not in quoted:
            out.append(
                doc.problem(
                    ("attributed_by", j),
                    f"outlet `{outlet}` is said to attribute the words, but none of its articles is in the coverage",
                    "add its article to `coverage:` with the passage that attributes the words, or remove it here",
                )
            )
    return out


def unused_warnings(content: Content) -> list[Problem]:
    """A source nobody cites is probably a forgotten claim; say so without failing the build.
    Not while a claim file cannot be read: it may be the one citing the source, and its own
    error is the one to fix (a knock-on warning about a sound file would mislead)."""
    if any(kind == "claim" for kind, _ in content.broken):
        return []
    cited = {
        e.get("source")
        for d in content.of("claim")
        for _, e in d.entries("coverage")
        if isinstance(e.get("source"), str) and "omission" not in e
    }
    return [
        doc.problem(
            (), f"no claim cites source `{doc.id}`", "add a claim that quotes it, or remove the file", severity=WARNING
        )
        for doc in content.of("source")
        if doc.id not in cited
    ]
