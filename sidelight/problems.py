"""Problems found in content: the one currency every stage reports in.

A Problem names the file, line and column, says what is wrong and how to fix it, so an
editor can act on it without reading code. Stages collect problems instead of raising,
so `check` can report all of them in one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sidelight.terminal import annotation, printable

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

    def github(self) -> str:
        """A GitHub Actions annotation, so CI marks the line in the pull request."""
        msg = self.message + (f" — {self.hint}" if self.hint else "")
        return annotation(self.severity, self.path, self.line, self.column, msg)


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
