"""`check`'s words on a site in several languages: site.yaml's `languages`, each claim's
`language`, and its `translation_of` (docs/multilingual.md)."""

from __future__ import annotations

from sidelight.content.files import Content, Document
from sidelight.content.schemas import nearest
from sidelight.problems import Problem


def language_problems(content: Content) -> list[Problem]:
    """Every claim in a language the site publishes, and every translation pointing at an
    original in another language, at most one per language."""
    sites = content.of("site")
    if not sites or not isinstance(sites[0].data.get("language"), str):
        return []  # no site.yaml, or no language in it: validation said so
    site = sites[0]
    listed = listed_languages(site)
    out = edition_problems(site, listed)
    published = tuple(listed) or (site.data["language"],)
    claims = {doc.id: doc for doc in content.of("claim")}
    for doc in claims.values():
        out += claim_language(doc, published)
        out += translation_problems(doc, claims, site.data["language"])
    out += duplicate_translations(claims, site.data["language"])
    return out


def listed_languages(site: Document) -> list[str]:
    entries = site.data.get("languages")
    if not isinstance(entries, list):
        return []
    return [e["language"] for e in entries if isinstance(e, dict) and isinstance(e.get("language"), str)]


def edition_problems(site: Document, listed: list[str]) -> list[Problem]:
    """The default language first, each language once."""
    if not listed:
        return []
    out = []
    default = site.data["language"]
    if listed[0] != default:
        out.append(
            site.problem(
                ("languages", 0, "language"),
                f"the first of `languages` is '{listed[0]}', but the site's default `language` is '{default}'",
                f"list '{default}' first: the default language keeps the site's URLs, the others go under /<language>/",
            )
        )
    for i, tag in enumerate(listed):
        if tag in listed[:i]:
            out.append(site.problem(("languages", i, "language"), f"'{tag}' is listed twice", "remove one of them"))
    return out


def claim_language(doc: Document, published: tuple[str, ...]) -> list[Problem]:
    tag = doc.data.get("language")
    if not isinstance(tag, str) or tag in published:
        return []
    return [
        doc.problem(
            ("language",),
            f"the site does not publish in '{tag}': its languages are {', '.join(published)}",
            f"write one of {', '.join(published)}, or add '{tag}' to `languages` in site.yaml",
        )
    ]


def language_of(doc: Document, default: str) -> str:
    tag = doc.data.get("language")
    return tag if isinstance(tag, str) else default


def translation_problems(doc: Document, claims: dict[str, Document], default: str) -> list[Problem]:
    """`translation_of` names another claim, an original, in another language."""
    target = doc.data.get("translation_of")
    if not isinstance(target, str):
        return []
    where = ("translation_of",)
    if target == doc.id:
        return [doc.problem(where, "a claim cannot be a translation of itself", "name the original claim's id")]
    if target not in claims:
        hint = nearest(target, set(claims)) or "name the id of the claim this one translates (its file name)"
        return [doc.problem(where, f"there is no claim `{target}` for this one to translate", hint)]
    original = claims[target]
    further = original.data.get("translation_of")
    if isinstance(further, str):
        return [
            doc.problem(
                where,
                f"`{target}` is itself a translation of `{further}`",
                f"write `translation_of: {further}`: every translation points at the original",
            )
        ]
    if language_of(original, default) == language_of(doc, default):
        return [
            doc.problem(
                where,
                f"`{target}` is in the same language ('{language_of(doc, default)}') as this claim",
                "set this claim's `language` to the language it is written in",
            )
        ]
    return []


def duplicate_translations(claims: dict[str, Document], default: str) -> list[Problem]:
    """One translation of a claim per language: two would be two pages for one `hreflang`."""
    seen: dict[tuple[str, str], str] = {}
    out = []
    for doc in sorted(claims.values(), key=lambda d: d.id):
        target = doc.data.get("translation_of")
        if not isinstance(target, str) or target not in claims:
            continue
        pair = (target, language_of(doc, default))
        if pair in seen:
            out.append(
                doc.problem(
                    ("translation_of",),
                    f"`{seen[pair]}` is already the '{pair[1]}' translation of `{target}`",
                    "keep one translation per language: merge the two, or remove this one's `translation_of`",
                )
            )
        else:
            seen[pair] = doc.id
    return out
