"""docs/architecture.md is held to the code, as Datasette holds its docs to its code.

- Its tables name every module of `sidelight/` (but `__init__.py`), each under its wing,
  and name no module that does not exist: a module added without its line fails here.
- Every `….py` path it writes exists.
- Every dotted name it writes in backticks (`cachefile.folder`, `PageReuse.page`,
  `sidelight.model.records`) whose first part is a wing, a module or a class of
  `sidelight/` names something defined there.
- Every name in backticks in the claim walk ("One claim, from its YAML to its page") that
  is a plain Python identifier is a function or class defined somewhere in `sidelight/`:
  the walk names real functions, so a renamed one shows up here.

Read from the syntax trees, so nothing is imported or run.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sidelight"
DOC = ROOT / "docs" / "architecture.md"
WALK_TITLE = "## One claim, from its YAML to its page"
FILE_SUFFIXES = {"py", "json", "jsonld", "yaml", "xml", "txt", "html", "md", "js", "css", "marshal"}
BACKTICKED = re.compile(r"`([^`\n]+)`")
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
PY_PATH = re.compile(r"[\w./*<>-]+/[\w*<>-]+\.py\b")
WING_LINE = re.compile(r"^`(\w+)/` — ")


def modules_on_disk() -> set[str]:
    """`sidelight/output/theme.py` for every module but the packages' `__init__.py`."""
    return {p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}


def modules_in_tables(text: str) -> set[str]:
    """The modules the wing tables name: `x.py` in a row's first cell, under the wing of the
    last line that opens one (`` `output/` — …``; "Top level" for the package itself)."""
    found: set[str] = set()
    wing: str | None = None
    for line in text.splitlines():
        if line.startswith("Top level"):
            wing = ""
        elif match := WING_LINE.match(line):
            wing = match.group(1)
        elif line.startswith("## ") and wing is not None:
            wing = None  # the tables end with their section
        elif line.startswith("|") and wing is not None:
            first_cell = line.split("|")[1]
            for name in re.findall(r"`(\w+\.py)`", first_cell):
                found.add(f"sidelight/{wing}/{name}" if wing else f"sidelight/{name}")
    return found


@dataclass
class Definitions:
    """What `sidelight/` defines: every function and class name anywhere, each module's
    top-level names, each class's members, and the wings' modules."""

    anywhere: set[str] = field(default_factory=set)
    modules: dict[str, list[set[str]]] = field(default_factory=dict)  # by last name: `cachefile`
    classes: dict[str, set[str]] = field(default_factory=dict)
    wings: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def read(cls) -> Definitions:
        found = cls()
        for path in sorted(PACKAGE.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    found.anywhere.add(node.name)
                if isinstance(node, ast.ClassDef):
                    found.classes.setdefault(node.name, set()).update(names_in(node.body))
            if path.name != "__init__.py":
                found.modules.setdefault(path.stem, []).append(names_in(tree.body))
            if path.parent != PACKAGE:
                found.wings.setdefault(path.parent.name, set()).add(path.stem)
        return found

    def defines(self, dotted: str) -> bool | None:
        """Whether `a.b` (or `a.b.c`) names something defined; None when `a` is no wing,
        module or class of sidelight (`site.settings`), so there is nothing to check."""
        head, *rest = dotted.split(".")
        if head == "sidelight":
            return (PACKAGE.joinpath(*rest).with_suffix(".py")).is_file() or PACKAGE.joinpath(*rest).is_dir()
        if head in self.wings:
            if rest[0] not in self.wings[head]:
                return False
            return len(rest) == 1 or self.defines(".".join(rest))
        if head in self.modules:
            tops = [names for names in self.modules[head] if rest[0] in names]
            return bool(tops) and (len(rest) == 1 or rest[1] in self.classes.get(rest[0], set()))
        if head in self.classes:
            return len(rest) == 1 and rest[0] in self.classes[head]
        return None


def names_in(body: list[ast.stmt]) -> set[str]:
    """Names a module or class body defines: functions, classes, assigned names and fields."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


DEFINED = Definitions.read()


def backticked(text: str) -> list[str]:
    return BACKTICKED.findall(text)


def claim_walk(text: str) -> str:
    start = text.index(WALK_TITLE)
    end = text.find("\n## ", start + len(WALK_TITLE))
    return text[start : end if end != -1 else len(text)]


def walk_names(text: str) -> list[str]:
    """The plain identifiers in backticks in the claim walk, in order, each once."""
    return list(dict.fromkeys(n for n in backticked(claim_walk(text)) if IDENTIFIER.fullmatch(n)))


def undefined_in_walk(text: str) -> list[str]:
    return [name for name in walk_names(text) if name not in DEFINED.anywhere]


def undefined_dotted(text: str) -> list[str]:
    dotted = [n for n in backticked(text) if DOTTED.fullmatch(n) and n.rsplit(".", 1)[1] not in FILE_SUFFIXES]
    return sorted({n for n in dotted if DEFINED.defines(n) is False})


def missing_paths(text: str) -> list[str]:
    """`….py` paths the doc writes that lead to no file (under sidelight/, or the repository
    for `tests/…`); placeholders (`pages/<kind>.py`) are skipped, patterns must match one."""
    missing = set()
    for path in PY_PATH.findall(text):
        if "<" in path:
            continue
        relative = path.removeprefix("sidelight/")
        if not any(next(base.glob(relative), None) for base in (PACKAGE, ROOT)):
            missing.add(path)
    return sorted(missing)


TEXT = DOC.read_text(encoding="utf-8")


def test_every_module_has_its_line_in_the_wing_tables():
    missing = sorted(modules_on_disk() - modules_in_tables(TEXT))
    assert not missing, f"modules docs/architecture.md does not name (add a row to their wing's table): {missing}"


def test_every_module_the_tables_name_exists():
    gone = sorted(modules_in_tables(TEXT) - modules_on_disk())
    assert not gone, f"docs/architecture.md names modules that do not exist: {gone}"


def test_every_python_path_the_doc_writes_exists():
    assert missing_paths(TEXT) == []


def test_every_dotted_name_the_doc_writes_is_defined():
    assert undefined_dotted(TEXT) == []


def test_every_function_of_the_claim_walk_is_defined():
    names = walk_names(TEXT)
    assert len(names) > 80, f"the claim walk names only {len(names)} functions: is its title still {WALK_TITLE!r}?"
    assert undefined_in_walk(TEXT) == []


def test_the_checks_catch_a_module_left_out_and_names_made_up():
    """The checks above can fail: a row taken out, a renamed function, a wrong path."""
    without_theme = "\n".join(line for line in TEXT.splitlines() if not line.startswith("| `theme.py`"))
    assert modules_in_tables(TEXT) - modules_in_tables(without_theme) == {"sidelight/output/theme.py"}
    made_up = TEXT.replace("`_parse_bytes`", "`_parse_made_up`")
    assert undefined_in_walk(made_up) == ["_parse_made_up"]
    assert undefined_dotted("`cachefile.nowhere` `PageReuse.page` `site.settings`") == ["cachefile.nowhere"]
    assert missing_paths("`output/nowhere.py` `build/pipeline.py` `tests/test_site_*.py`") == ["output/nowhere.py"]
