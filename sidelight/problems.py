"""Problems found in content: the one currency every stage reports in.

A Problem names the file, line and column, says what is wrong and how to fix it, so an
editor can act on it without reading code. Stages collect problems instead of raising,
so `check` can report all of them in one run; what must stop a stage raises a
`SidelightError`, which carries the same two parts (what, and how to fix it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sidelight.terminal import printable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = ERROR

    def text(self) -> str:
        """The editor-facing form, `path:line:col: error: what — how to fix`, made inert for
        a terminal or a CI log (`terminal.printable`): its fields quote content."""
        hint = f" — {self.hint}" if self.hint else ""
        return printable(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}{hint}")

    def fields(self) -> tuple[str, int, int, str, str, str]:
        """Its fields as plain data, in order: what a memo stores, and `problem_of` reads back."""
        return (self.path, self.line, self.column, self.message, self.hint, self.severity)


_FIELD_TYPES = (str, int, int, str, str, str)


def problem_of(fields: object) -> Problem | None:
    """The Problem that `Problem.fields` gave these fields, or None if they are not such
    fields (a memo's entry of another shape: the caller computes the problem again)."""
    if (
        isinstance(fields, tuple)
        and len(fields) == len(_FIELD_TYPES)
        and all(type(f) is t for f, t in zip(fields, _FIELD_TYPES))
    ):
        return Problem(*fields)
    return None


def problems_of(stored: object) -> list[Problem] | None:
    """The problems a list of `Problem.fields` stands for, or None if any item is not such
    fields: then the caller computes them all again."""
    if not isinstance(stored, list):
        return None
    problems = [problem_of(p) for p in stored]
    return [p for p in problems if p is not None] if None not in problems else None


class SidelightError(Exception):
    """What stopped a stage, told to the editor as a Problem is: `message` says what went
    wrong, `hint` what to do about it (may be empty). `str()` is the message alone."""

    line = 1  # where the problem is, when the error knows (`YamlProblem` does)
    column = 1

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint

    def problem(self, path: str) -> Problem:
        """This error as a Problem of the file (or folder, or tool) `path`."""
        return Problem(path, self.line, self.column, self.message, self.hint)


def display_path(path: Path, root: Path) -> str:
    """Paths relative to the working folder read best in a terminal and in CI annotations."""
    for base in (Path.cwd(), root.parent):
        try:
            return path.absolute().relative_to(base.absolute()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


class Report:
    """Collects problems from every stage, each distinct problem once: a stage may find the
    same thing twice (a schema error seen through two branches), and the totals count
    exactly the problems printed."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._seen: set[Problem] = set()

    def add(self, problem: Problem) -> None:
        if problem not in self._seen:
            self._seen.add(problem)
            self.problems.append(problem)

    def extend(self, problems) -> None:
        for problem in problems:
            self.add(problem)

    def sorted(self) -> list[Problem]:
        return sorted(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]
