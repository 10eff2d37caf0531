"""`sidelight status`: the unfinished work of the desk, per author — drafts, claims in
review, warnings, and claims without a second reviewer.

It reads what `check` reads (`pipeline.check`) and changes nothing. Claims are grouped by
their `author` (a people record, shown with its name); what has no author (a source, a
claim whose author is not given yet) is listed under "no author". Plain text through
`terminal.say`, one item a line, each starting with the file it is about, so an editor
can jump to it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sidelight.content.files import Content, Document
from sidelight.content.status import DRAFT, PUBLISHED, REVIEW, status_of
from sidelight.problems import Problem, Report
from sidelight.terminal import say

NO_AUTHOR = "no author"


@dataclass
class Desk:
    """One author's unfinished work."""

    drafts: list[str] = field(default_factory=list)
    in_review: list[str] = field(default_factory=list)
    unreviewed: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.drafts or self.in_review or self.unreviewed or self.warnings)


def status(content_dir: Path) -> int:
    """Print the desk's unfinished work; 0, or 1 when the content could not be read at all."""
    from sidelight.build import pipeline

    result = pipeline.check(content_dir)
    if result.content is None or not result.content.documents:
        for problem in result.report.sorted():
            say(problem.text())
        return 1
    desks = gather(result.content, result.report)
    people = {d.id: name for d in result.content.of("person") if isinstance(name := d.data.get("name"), str)}
    for line in lines(desks, result.report, content_dir, people):
        say(line)
    return 0


def gather(content: Content, report: Report) -> dict[str, Desk]:
    """Each author's desk, by the author's id (NO_AUTHOR for what has none)."""
    owner = {d.display: author_of(d) for d in content.documents}
    drafts = {d.display for d in content.documents if status_of(d) == DRAFT}
    relaxed: defaultdict[str, int] = defaultdict(int)  # a draft's warnings: counted on its line
    desks: defaultdict[str, Desk] = defaultdict(Desk)
    for problem in report.warnings:
        if problem.path in drafts:
            relaxed[problem.path] += 1
        else:
            desks[owner.get(problem.path, NO_AUTHOR)].warnings.append(problem)
    for doc in content.documents:
        if doc.kind not in ("claim", "source"):
            continue
        desk, state = desks[author_of(doc)], status_of(doc)
        if state == DRAFT:
            left = relaxed[doc.display]
            desk.drafts.append(item(doc) + (f" ({count(left, 'warning')} to clear)" if left else " (no warning left)"))
        elif state == REVIEW:
            desk.in_review.append(item(doc))
        if doc.kind == "claim" and state in (REVIEW, PUBLISHED) and not second_reviewer(doc):
            desk.unreviewed.append(item(doc))
    return {k: v for k, v in desks.items() if not v.empty()}


def author_of(doc: Document) -> str:
    """A claim's author id; sources have bylines, not desk authors."""
    author = doc.data.get("author") if doc.kind == "claim" else None
    return author if isinstance(author, str) and author.strip() else NO_AUTHOR


def second_reviewer(doc: Document) -> bool:
    second = doc.data.get("reviewed_by")
    return isinstance(second, str) and bool(second.strip()) and second != doc.data.get("author")


def item(doc: Document) -> str:
    """`content/claims/x.yaml: the claim's words` (a source: its title)."""
    words = doc.data.get("claim" if doc.kind == "claim" else "title")
    words = words if isinstance(words, str) and words.strip() else "(not written yet)"
    return f"{doc.display}: {words[:90]}{'…' * (len(words) > 90)}"


def lines(desks: dict[str, Desk], report: Report, content_dir: Path, people: dict[str, str]) -> list[str]:
    """The text to print: a summary line, then each author's desk (`Name (id)` when a people
    record names the author), in the order of their names, "no author" last."""
    drafts = sum(len(d.drafts) for d in desks.values())
    review = sum(len(d.in_review) for d in desks.values())
    unreviewed = sum(len(d.unreviewed) for d in desks.values())
    warnings = sum(len(d.warnings) for d in desks.values())
    out = [
        f"{content_dir}/: {count(drafts, 'draft')}, {review} in review,"
        f" {count(warnings, 'warning')}, {count(unreviewed, 'claim')} without a second reviewer"
    ]
    if report.errors:
        out.append(f"and {count(len(report.errors), 'error')}: run `check` to see them (nothing builds until fixed)")
    names = {a: f"{people[a]} ({a})" if a in people else a for a in desks}
    for author in sorted(desks, key=lambda a: (a == NO_AUTHOR, names[a].casefold())):
        desk = desks[author]
        out += ["", names.get(author, author)]
        out += [f"  draft: {x}" for x in desk.drafts]
        out += [f"  in review: {x}" for x in desk.in_review]
        out += [f"  no second reviewer: {x}" for x in desk.unreviewed]
        out += [f"  warning: {p.text()}" for p in sorted(desk.warnings)]
    if not desks:
        out.append("nothing unfinished: no draft, no claim in review, no warning, every claim has a second reviewer")
    return out


def count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"
