"""Who stands behind the checks: a claim's `author` and `reviewed_by` are people records
(content/people/), and site.yaml says how to reach the desk, where to ask for a correction,
who owns it, who pays for it and how it stays independent.

Nothing here may lead an editor to invent: a person is never made up (the desk's own record
stands in where no editor is named), and a fact about the desk that is not known is listed
in site.yaml's `not_established`, which pages show as "not yet established". A field that
is simply missing is a warning, so `check --strict` fails until it is given or declared.
"""

from __future__ import annotations

from sidelight.content.files import ID_PATTERN, Content, Document, suggest_id
from sidelight.content.schemas import nearest
from sidelight.problems import WARNING, Problem

PEOPLE = "content/people/"
TRANSPARENCY = (
    # (path in site.yaml, its name in `not_established`, what it is, how to give it)
    (("contact",), "contact", "how readers reach the desk", "an e-mail address or the address of a contact form"),
    (
        ("corrections_contact",),
        "corrections_contact",
        "where readers ask for a correction",
        "an e-mail address or the address of a corrections form",
    ),
    (("organisation", "owner"), "owner", "who owns the site", "the legal owner's name"),
    (("organisation", "funding"), "funding", "who pays for it", "its sources of funding"),
    (
        ("organisation", "independence"),
        "independence",
        "how it stays independent",
        "a short statement of independence",
    ),
)


def people_problems(doc: Document, people: dict[str, str]) -> list[Problem]:
    """A claim's `author` and `reviewed_by` must be ids of people records (`people`: id →
    name); the second reviewer is another person than the author."""
    out = [p for key in ("author", "reviewed_by") if (p := person_reference(doc, key, people))]
    author, second = doc.data.get("author"), doc.data.get("reviewed_by")
    if isinstance(author, str) and author == second:
        out.append(
            doc.problem(
                ("reviewed_by",),
                f"the second reviewer is the author, `{author}`: a second review is by another person",
                "name the person who reviewed the check, or remove `reviewed_by` if no second review is recorded "
                '(the page then says "Second review: not recorded")',
            )
        )
    return out


def person_reference(doc: Document, key: str, people: dict[str, str]) -> Problem | None:
    value = doc.data.get(key)
    if not isinstance(value, str) or not value.strip() or value in people:
        return None
    if not ID_PATTERN.fullmatch(value):
        return doc.problem((key,), f"`{key}` is the id of a people record, not a name: `{value}`", named(value, people))
    return doc.problem(
        (key,),
        f"unknown person `{value}`",
        nearest(value, set(people)) or f"add {PEOPLE}{value}.yaml (name, role, bio), or give the id of one there",
    )


def named(name: str, people: dict[str, str]) -> str:
    """The fix for a name written where an id goes: the id of the record of that name, or
    a new record to create (never a person made up: the desk's record serves where no
    editor is named)."""
    same = [i for i, n in sorted(people.items()) if isinstance(n, str) and n.casefold() == name.strip().casefold()]
    if same:
        return f"write `{same[0]}`: {PEOPLE}{same[0]}.yaml is {name}"
    ident = suggest_id(name)
    return (
        f"create {PEOPLE}{ident}.yaml (name, role, bio) and write its id, `{ident}`; where the editor is not named, "
        "use the desk's own record (`type: desk`)"
    )


def site_problems(content: Content) -> list[Problem]:
    """A warning for each transparency field of site.yaml that is neither given nor listed
    in its `not_established`."""
    out = []
    for doc in content.of("site"):
        declared = doc.data.get("not_established")
        unknown = set(declared) if isinstance(declared, list) else set()
        for path, name, what, how in TRANSPARENCY:
            if name not in unknown and not given(doc.data, path):
                out.append(missing(doc, path, name, what, how))
    return out


def given(data: dict, path: tuple) -> bool:
    value: object = data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return isinstance(value, str) and bool(value.strip())


def missing(doc: Document, path: tuple, name: str, what: str, how: str) -> Problem:
    field = ".".join(path)
    return doc.problem(
        path,
        f"site.yaml does not say {what} (`{field}`)",
        f"give {how} in `{field}`; if it is not known yet, add `{name}` to `not_established` "
        'and the about page says "not yet established" (never make one up)',
        severity=WARNING,
    )
