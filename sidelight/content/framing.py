"""The framing model's rules that a schema cannot say well: what each kind of claim needs,
what a coverage entry or an omission holds, and what the old format's fields become.

Document-level (a claim or claimant file on its own), so `validate` remembers them by the
file's bytes. References to other files are checked in `validate.reference_problems`.
"""

from __future__ import annotations

from sidelight.content.files import ID_PATTERN, Document, suggest_id
from sidelight.problems import Problem

OLD_KINDS = {"fact", "framing"}
OLD_STANCES = {
    "reports": (
        "`stance: reports` is the old format",
        "write `fidelity: faithful` (how faithfully the outlet renders the original) and `stance: neutral` "
        "(its own attitude); choose other values if the passage shows them",
    ),
    "misreports": (
        "`stance: misreports` is the old format: an error in the rendering is now its fidelity",
        "write a `fidelity` such as `distorted`, `loosened`, `hardened` or `mistranslated`, a `stance` "
        "(the outlet's attitude) and a `note:` saying what differs from the primary source",
    ),
    "omits": (
        "`stance: omits` is the old format: an omission is now an entry of its own",
        "write `- omission: <outlet id>` with `why:` (why leaving the claim out matters to a reader); "
        "if the outlet simply did not cover the subject, remove the entry",
    ),
}
OMISSION_KEYS = ("omission", "source", "why")
RENDERING_KEYS = ("fidelity", "stance", "passages")


def framing_problems(doc: Document) -> tuple[list[Problem], set[tuple]]:
    """A claim's or claimant's own framing problems, and the places whose schema errors they
    replace (an old-format value is explained here, not as an unknown key or value)."""
    if doc.kind == "claimant":
        return claimant_problems(doc), set()
    if doc.kind != "claim":
        return [], set()
    old, places = old_format(doc)
    return old + kind_problems(doc, places) + coverage_problems(doc, places) + drift_problems(doc), places


def old_format(doc: Document) -> tuple[list[Problem], set[tuple]]:
    out: list[Problem] = []
    places: set[tuple] = set()
    kind, claimant = doc.data.get("kind"), doc.data.get("claimant")
    if "kind" not in doc.data:
        out.append(
            doc.problem(
                (),
                "missing `kind`: a claim is a `statement`, an `attribution` or an `opinion`",
                'add `kind: statement` for a claim about the world, `attribution` for "X said Y", '
                "or `opinion` for a view or a motive (see docs/content-format.md)",
            )
        )
    if isinstance(kind, str) and kind in OLD_KINDS:
        places.add(("kind",))
        out.append(
            doc.problem(
                ("kind",),
                f"`kind: {kind}` is the old format: a claim is now a `statement`, an `attribution` or an `opinion`",
                'write `statement` for a claim about the world, `attribution` for "X said Y" '
                "(with `speaker:` and `attributed_by:`), or `opinion` for a view or a motive (without `rating:`)",
            )
        )
    if isinstance(claimant, str) and claimant.strip() and not ID_PATTERN.fullmatch(claimant):
        places.add(("claimant",))
        ident = suggest_id(claimant.split(",")[0].split("(")[0])
        out.append(
            doc.problem(
                ("claimant",),
                "`claimant` is now the id of a claimant record, not a name",
                f"create content/claimants/{ident}.yaml (name, type, role) and write `claimant: {ident}`",
            )
        )
    for i, entry in doc.entries("coverage"):
        if "outlet" in entry:
            places |= {("coverage", i, "outlet"), ("coverage", i)}
            out.append(
                doc.problem(
                    ("coverage", i, "outlet"),
                    "`outlet:` entries are the old format for omissions",
                    "if the article covered the event and leaving this claim out matters to a reader, write "
                    "`omission: <outlet id>` with `why:`; if the outlet did not cover the subject, remove the entry",
                    key=True,
                )
            )
    return out, places


def verdict_problems(doc: Document, kind: str) -> list[Problem]:
    """A rated claim states its verdict in one sentence; an opinion has no verdict, since
    it is not rated: the context a reader needs stays in its summary."""
    if kind == "opinion" and "verdict" in doc.data:
        return [
            doc.problem(
                ("verdict",),
                "an opinion has no verdict: it is not rated",
                "remove `verdict:`; the context a reader needs to weigh the view goes in `summary:`",
                key=True,
            )
        ]
    if kind != "opinion" and "verdict" not in doc.data:
        return [
            doc.problem(
                (),
                f"missing `verdict`: a{'n' * (kind == 'attribution')} {kind} states its verdict in one sentence",
                "add `verdict:` with one plain sentence taken from `summary:`, e.g. "
                "`verdict: The figure is right, but it counts only the capital.`",
            )
        ]
    return []


def kind_problems(doc: Document, places: set[tuple]) -> list[Problem]:
    """What each kind needs: a claimant and a rating; an attribution's speaker and
    attributing outlets instead of a claimant; no rating on an opinion."""
    data, kind = doc.data, doc.data.get("kind")
    if kind not in ("statement", "attribution", "opinion"):
        return []
    out = []
    if kind == "opinion" and "rating" in data:
        out.append(
            doc.problem(
                ("rating",),
                "an opinion is not rated",
                "remove `rating:` and give in `summary:` the context a reader needs to weigh the view; "
                "if the claim can be checked, make it `kind: statement`",
                key=True,
            )
        )
    if kind != "opinion" and "rating" not in data:
        out.append(
            doc.problem(
                (),
                f"missing `rating`: a{'n' * (kind == 'attribution')} {kind} is rated",
                "add `rating: <rating id>` from content/vocabulary.yaml",
            )
        )
    out += verdict_problems(doc, kind)
    if kind == "attribution":
        out += attribution_problems(doc, places)
    else:
        if "claimant" not in data:
            out.append(
                doc.problem(
                    (),
                    f"missing `claimant`: who made this {kind}",
                    "add `claimant: <id>` of a file in content/claimants/",
                )
            )
        for key in ("speaker", "attributed_by"):
            if key in data:
                out.append(
                    doc.problem(
                        (key,),
                        f"`{key}` belongs to an attribution, and this claim is a{'n' * (kind == 'opinion')} {kind}",
                        f"remove `{key}`, or make the claim `kind: attribution` if it is about whether "
                        "someone said something",
                        key=True,
                    )
                )
    return out


def attribution_problems(doc: Document, places: set[tuple]) -> list[Problem]:
    data, out = doc.data, []
    if "claimant" in data and ("claimant",) not in places:
        out.append(
            doc.problem(
                ("claimant",),
                "an attribution has no `claimant`: its authors are the outlets that attributed the words",
                "move the person said to have said it to `speaker:` and list the outlets in `attributed_by:`",
                key=True,
            )
        )
    if "speaker" not in data:
        out.append(
            doc.problem(
                (),
                "missing `speaker`: who is said to have said it",
                "add `speaker: <id>` of a file in content/claimants/",
            )
        )
    if "attributed_by" not in data:
        out.append(
            doc.problem(
                (),
                "missing `attributed_by`: an attribution names the outlets that attributed the words",
                "add `attributed_by: [<outlet id>, …]`; they, not the speaker, are the claim's authors in ClaimReview",
            )
        )
    return out


def coverage_problems(doc: Document, places: set[tuple]) -> list[Problem]:
    out = []
    for i, entry in doc.entries("coverage"):
        if ("coverage", i) in places:
            continue
        path = ("coverage", i)
        if "omission" in entry:
            out += omission_problems(doc, path, entry)
        elif "source" in entry:
            out += rendering_problems(doc, path, entry)
        else:
            out.append(
                doc.problem(
                    path,
                    f"`coverage[{i}]` needs `source:` (an article that covers the claim) or `omission:`",
                    "add `source: <source id>` with `fidelity`, `stance` and `passages`, or `omission: <outlet id>` "
                    "with `why:`",
                )
            )
    return out


def omission_problems(doc: Document, path: tuple, entry: dict) -> list[Problem]:
    out = [
        doc.problem(
            path + (key,),
            f"an omission has no `{key}`",
            "remove it: an omission holds `omission:`, `why:` and optionally the `source:` that left the claim out",
            key=True,
        )
        for key in entry
        if key not in OMISSION_KEYS
    ]
    if "why" not in entry:
        out.append(
            doc.problem(
                path,
                "an omission needs `why:`: why leaving this claim out matters to a reader",
                "add `why: …`; if the outlet simply did not cover the subject, remove the entry",
            )
        )
    return out


def rendering_problems(doc: Document, path: tuple, entry: dict) -> list[Problem]:
    what = {
        "fidelity": "how faithfully the outlet renders the original, e.g. `faithful`",
        "stance": "the outlet's own attitude, e.g. `neutral`",
        "passages": "at least one `- quote: …` from the source that shows it",
    }
    out = [
        doc.problem(path, f"missing `{key}` in `{path[0]}[{path[1]}]`", f"add `{key}:` ({what[key]})")
        for key in RENDERING_KEYS
        if key not in entry
    ]
    if "why" in entry:
        out.append(
            doc.problem(
                path + ("why",),
                "`why` belongs to an omission",
                "write what you see in this article as `note:`",
                key=True,
            )
        )
    return out


def drift_problems(doc: Document) -> list[Problem]:
    """A drift rendering must quote one of the claim's own sources."""
    cited = {s for _, e in doc.entries("coverage") if "omission" not in e and isinstance(s := e.get("source"), str)}
    out = []
    for k, drift in doc.entries("drift"):
        renderings = drift.get("renderings")
        for r, rendering in enumerate(renderings if isinstance(renderings, list) else []):
            source = rendering.get("source") if isinstance(rendering, dict) else None
            if isinstance(source, str) and ID_PATTERN.fullmatch(source) and source not in cited:
                out.append(
                    doc.problem(
                        ("drift", k, "renderings", r, "source"),
                        f"source `{source}` is not in this claim's coverage",
                        "add a coverage entry for it, or use one of "
                        + (", ".join(f"`{s}`" for s in sorted(cited)) or "the sources in `coverage:`"),
                    )
                )
    return out


def claimant_problems(doc: Document) -> list[Problem]:
    """A role for people and organisations; an outlet id exactly for outlets."""
    kind, data, out = doc.data.get("type"), doc.data, []
    if kind in ("person", "organization") and "role" not in data:
        out.append(doc.problem((), f"missing `role`: what this {kind} is", "add `role: …`, e.g. `Kremlin spokesman`"))
    if kind == "outlet" and "outlet" not in data:
        out.append(
            doc.problem((), "missing `outlet`: which outlet speaks", "add `outlet: <id>` of a file in content/outlets/")
        )
    if kind in ("person", "organization") and "outlet" in data:
        out.append(
            doc.problem(
                ("outlet",), f"a {kind} has no `outlet`", "remove it, or make the claimant `type: outlet`", key=True
            )
        )
    return out
