"""Problems found in content: the one currency every stage reports in.

A Problem names the file, line and column, says what is wrong and how to fix it, so an
editor can act on it without reading code. Stages collect problems instead of raising,
so `check` can report all of them in one run.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
        """The editor-facing form: `path:line:col: error: what — how to fix`."""
        hint = f" — {self.hint}" if self.hint else ""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}{hint}"

    def github(self) -> str:
        """A GitHub Actions annotation, so CI marks the line in the pull request."""
        msg = self.message + (f" — {self.hint}" if self.hint else "")
        msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A") \
            .replace(":", "%3A").replace(",", "%2C")  # a property value: `,` and `:` end it
        return f"::{self.severity} file={path},line={self.line},col={self.column}::{msg}"


def display_path(path: Path, root: Path) -> str:
    """Paths relative to the working folder read best in a terminal and in CI annotations."""
    for base in (Path.cwd(), root.parent):
        try:
            return path.absolute().relative_to(base.absolute()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


class Report:
    """Collects problems from every stage; sorted output, errors and warnings counted."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]
