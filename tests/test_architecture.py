"""The house rule, read from the code: which wing of `sidelight/` may import which.

Every import counts, at the top of a module or inside a function (found by walking each
module's syntax tree, so nothing has to run).

- The pure wings `content`, `quotes`, `model`, `pages` and `output` never import `build`,
  `preview` or `editor`: memoisation, parallel maps and the garbage-collector pause are
  handed to them (or wrapped around them) by `build/pipeline.py`, the only caller of the
  stages.
- The wings stand in one order, content → model → quotes → pages → output → build →
  preview → editor, and a wing imports only wings before it. The model comes before the
  quotes: its nouns (the source text, the anchors, the records) are what anchoring
  produces, so `quotes` imports `model`, and the model imports no stage but `content`.
- One module is a leaf any wing may import: `pages/urls.py`, where every URL the site
  writes is named (validation must know which page names the site takes for itself). A
  leaf imports nothing of `sidelight` but the base modules, so it adds no edge between wings.
- The base modules at the top (`config problems digest terminal progress`) import no wing;
  `cli.py`, the entry point, may import any.
- Hence no cycle between wings, which is also checked on its own, so that a broken order
  is reported with the cycle it makes.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sidelight"
ORDER = ("content", "model", "quotes", "pages", "output", "build", "preview", "editor")
PURE = ("content", "quotes", "model", "pages", "output")
SPEED_AND_TOOLS = ("build", "preview", "editor")
BASE = ("config", "problems", "digest", "terminal", "progress")
ENTRY = ("cli",)
LEAVES = ("sidelight.pages.urls",)


@dataclass(frozen=True)
class Import:
    """`module` (file `path`, line `line`) imports `target`, a module of sidelight."""

    module: str
    path: str
    line: int
    target: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.module} imports {self.target}"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:]) if "." in name else Path()
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


def targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The sidelight modules an import statement loads: `from sidelight import config`
    names the module `sidelight.config`, `from sidelight.x import y` the module
    `sidelight.x` (or `sidelight.x.y` if that is a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: from the module's package, one level up per extra dot
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join(package + ([base] if base else []))
    found = [f"{base}.{alias.name}" for alias in node.names if is_module(f"{base}.{alias.name}")]
    return found or [base]


def all_imports() -> list[Import]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in targets(node, module, path.name == "__init__.py"):
                    if target == "sidelight" or target.startswith("sidelight."):
                        shown = path.relative_to(PACKAGE.parent).as_posix()
                        out.append(Import(module, shown, node.lineno, target))
    return out


def wing(module: str) -> str:
    """`content` for sidelight.content.files; the module's own name for a top-level one
    (`problems`); "" for the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


IMPORTS = all_imports()


def offending(rule) -> str:
    found = [str(i) for i in IMPORTS if rule(i)]
    return "\n".join(found)


def test_the_pure_wings_never_import_build_preview_or_editor():
    found = offending(lambda i: wing(i.module) in PURE and wing(i.target) in SPEED_AND_TOOLS)
    assert not found, "pure wings importing build/, preview/ or editor/ (hand it in as a parameter instead):\n" + found


def test_each_wing_imports_only_itself_the_wings_before_it_the_base_and_the_leaves():
    def breaks_order(i: Import) -> bool:
        source, target = wing(i.module), wing(i.target)
        if source not in ORDER or i.target in LEAVES or target in BASE or target == "":
            return False
        return target not in ORDER or ORDER.index(target) > ORDER.index(source)

    found = offending(breaks_order)
    assert not found, f"imports against the wings' order {' → '.join(ORDER)}:\n" + found


def test_the_base_modules_import_only_each_other():
    found = offending(lambda i: wing(i.module) in BASE and wing(i.target) not in BASE + ("",))
    assert not found, "base modules importing a wing:\n" + found


def test_the_leaves_import_nothing_of_sidelight_but_the_base():
    found = offending(lambda i: i.module in LEAVES and wing(i.target) not in BASE)
    assert not found, "a leaf importing a wing (then it is no leaf: move what needs it):\n" + found


def test_every_module_is_in_a_wing_the_base_or_the_entry():
    """A new wing or top-level module must be placed in the rule, or it would escape it."""
    modules = {module_name(path) for path in PACKAGE.rglob("*.py")} - {"sidelight"}
    unplaced = sorted(m for m in modules if wing(m) not in ORDER + BASE + ENTRY)
    assert not unplaced, f"modules in no wing of the rule: {unplaced}"


def test_no_cycle_between_wings():
    edges: dict[str, set[str]] = {}
    for i in IMPORTS:
        source, target = wing(i.module), wing(i.target)
        if source in ORDER and target in ORDER and source != target and i.target not in LEAVES:
            edges.setdefault(source, set()).add(target)
    cycle = find_cycle(edges)
    assert cycle is None, "wings that import each other, round a cycle: " + " → ".join(cycle or [])


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, as the nodes round it (first one repeated at the end)."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return None
        for nxt in sorted(edges.get(node, ())):
            cycle = visit(nxt, path + [node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for start in sorted(edges):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return None


def test_find_cycle_finds_one_and_only_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}}) is None


def test_the_rule_sees_imports_inside_functions_and_from_the_package():
    """The walk finds what a contributor might use to slip past it."""
    code = "def f():\n    from sidelight.build import workers\n\nfrom sidelight import config\n"
    tree = ast.parse(code)
    found = [t for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for t in targets(n, "sidelight.x.y", False)]
    assert sorted(found) == ["sidelight.build.workers", "sidelight.config"]


def test_importing_the_model_imports_no_yaml_rapidfuzz_nor_anything_of_build():
    """The records are plain data: a tool (or a test) that only reads the model does not
    pay for the YAML parser, the fuzzy matcher or the caches."""
    probe = (
        "import sys, sidelight.model.records\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'rapidfuzz')"
        " or m == 'sidelight.build' or m.startswith('sidelight.build.'))\n"
        "print(' '.join(heavy))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.split() == []


def test_sidelight_check_imports_no_renderer(tmp_path):
    """`sidelight check` loads, validates, anchors and models: it does not pay for Jinja2,
    Markdown, lxml or the page kinds, which are most of what a build imports."""
    probe = (
        "import sys\n"
        "from sidelight import cli\n"
        "assert cli.main(['--content', sys.argv[1], '-q', 'check', '--cache-dir', sys.argv[2]]) == 0\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'markdown', 'lxml')"
        " or m in ('sidelight.output.render', 'sidelight.pages.registry'))\n"
        "print(' '.join(heavy))\n"
    )
    sample = PACKAGE.parent / "tests" / "sample" / "content"
    probed = [sys.executable, "-c", probe, str(sample), str(tmp_path)]
    run = subprocess.run(probed, capture_output=True, text=True, check=True, cwd=tmp_path)
    assert run.stdout.split() == []
