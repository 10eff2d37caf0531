"""Drafts: `status: draft | review | published` on claims and sources, and what each means
for checking and for building.

- `published` (the default, so a file without `status` is published): every check, and
  `build` publishes it.
- `review` (the author says it is finished): every check, as for a published file; only
  `serve` builds it.
- `draft` (being written): its own problems are warnings, so one unfinished file never
  fails `check` or `build`; only `serve` builds it, and only once it has no problem left
  that would be an error (a page cannot show a verdict the file does not have yet).

A YAML syntax error is never relaxed: a file that does not parse has no `status` to read.
Pure: it reads documents and problems and returns problems or the documents to model.
"""

from __future__ import annotations

from sidelight.content.files import Content, Document
from sidelight.problems import ERROR, WARNING, Problem

DRAFT, REVIEW, PUBLISHED = "draft", "review", "published"
STATUSES = (DRAFT, REVIEW, PUBLISHED)
STAGED = ("claim", "source")  # the kinds that have a status
DRAFT_NOTE = " (in a draft: fix it before `status: published`)"


def status_of(doc: Document) -> str:
    """The document's status; anything but a known status counts as published (the schema
    reports a misspelt one, and a file is never hidden by a typing mistake)."""
    value = doc.data.get("status") if doc.kind in STAGED else None
    return value if value in STATUSES else PUBLISHED


def unpublished(content: Content) -> dict[tuple[str, str], str]:
    """(kind, id) of each draft or claim/source in review, with its status."""
    return {(d.kind, d.id): s for d in content.documents if (s := status_of(d)) != PUBLISHED}


def cited_sources(doc: Document) -> list[tuple[tuple, str]]:
    """(where in the claim, source id) of every source a claim names: coverage (an
    omission's article too) and drift renderings."""
    out: list[tuple[tuple, str]] = [
        (("coverage", i, "source"), s) for i, e in doc.entries("coverage") if isinstance(s := e.get("source"), str)
    ]
    for k, drift in doc.entries("drift"):
        renderings = drift.get("renderings")
        for r, rendering in enumerate(renderings if isinstance(renderings, list) else []):
            if isinstance(rendering, dict) and isinstance(s := rendering.get("source"), str):
                out.append((("drift", k, "renderings", r, "source"), s))
    return out


def status_problems(content: Content) -> list[Problem]:
    """A published claim may cite only published sources: `build` leaves the others out,
    and the claim's page would quote an article the site does not have."""
    staged = unpublished(content)
    out = []
    for doc in content.of("claim"):
        if status_of(doc) != PUBLISHED:
            continue
        for path, sid in cited_sources(doc):
            status = staged.get(("source", sid))
            if status:
                out.append(
                    doc.problem(
                        path,
                        f"this published claim cites source `{sid}`, which is a {status} (`status: {status}`)",
                        f"publish the source (`status: published` in content/sources/{sid}.txt), or mark this "
                        "claim `status: draft` until it is",
                    )
                )
    return out


def relaxed(problems: list[Problem], content: Content) -> list[Problem]:
    """The problems with every error in a draft's own file made a warning that says so."""
    drafts = {d.display for d in content.documents if status_of(d) == DRAFT}
    return [
        Problem(p.path, p.line, p.column, p.message + DRAFT_NOTE, p.hint, WARNING)
        if p.severity == ERROR and p.path in drafts
        else p
        for p in problems
    ]


def in_draft(problem: Problem) -> bool:
    """A problem of a draft's own file, relaxed to a warning (`relaxed`): `check --strict`
    lists it but does not fail on it, so a draft can wait in the repository while CI
    publishes the rest."""
    return problem.message.endswith(DRAFT_NOTE)


def to_build(content: Content, problems: list[Problem], preview: bool) -> Content:
    """The content to model. `build`: published claims and sources only. `serve`
    (`preview`): drafts and claims in review too, but not a draft that still has a
    relaxed error (`relaxed`), nor a claim citing a source left out."""
    unfinished = {p.path for p in problems if in_draft(p)}
    kept = [
        d
        for d in content.documents
        if (preview and d.display not in unfinished) or status_of(d) == PUBLISHED or d.kind not in STAGED
    ]
    sources = {d.id for d in kept if d.kind == "source"}
    kept = [d for d in kept if d.kind != "claim" or all(s in sources for _, s in cited_sources(d))]
    return Content(root=content.root, documents=kept, problems=content.problems, broken=content.broken)
