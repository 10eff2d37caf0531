"""YAML to plain data, keeping every value's line and column and defusing YAML's traps.

PyYAML's own constructors turn `no` into False and `2021-10-18` into a date, silently
drop duplicate keys and expand aliases without bound. We compose the node tree with the
C parser (fast, and it records marks) and build values ourselves:
- plain scalars become str, except true/false, null and unambiguous numbers, so that a
  number where text is meant is reported by the schema instead of passing unnoticed;
- `yes`/`no`/`on`/`off` and dates stay strings; duplicate keys, aliases, tags and
  excessive nesting are problems with their position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 40
MAX_NODES = 200_000
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+]?[0-9]+)?")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STR_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
             "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
             "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:value",
             "tag:yaml.org,2002:merge"}


class YamlProblem(Exception):
    """A problem in the YAML text itself, with a 1-based position."""

    def __init__(self, line: int, column: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


@dataclass
class Positioned:
    """Plain data plus where each value (and each mapping key) stood in the file."""
    data: object
    values: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)

    def where(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """The nearest recorded position for a path: the value, else its parents."""
        table = self.keys if key else self.values
        for cut in range(len(path), -1, -1):
            if path[:cut] in table:
                return table[path[:cut]]
            if not key and path[:cut] in self.values:
                return self.values[path[:cut]]
        return (1, 1)


def parse(text: str, first_line: int = 1) -> Positioned:
    """Parse one YAML document; raise YamlProblem with the position of what is wrong."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        raise _problem_from(exc, first_line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, 1, f"this is not valid YAML ({exc})") from None
    out = Positioned(data=None)
    if node is not None:
        out.data = _Builder(out, first_line).build(node, (), 0)
    return out


def _problem_from(exc: yaml.MarkedYAMLError, first_line: int) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + first_line) if mark else first_line
    col = (mark.column + 1) if mark else 1
    what = exc.problem or exc.context or "invalid YAML"
    if "expected <document start>" in str(exc) or "found another document" in str(what):
        hint = "a file holds one YAML document; remove the extra `---`"
    elif "mapping values are not allowed" in what:
        hint = "a value containing `: ` must be quoted, e.g. key: \"a: b\""
    elif "found character '\\t'" in what:
        hint = "indent with spaces, not tabs"
    else:
        hint = "check indentation and quoting around this position"
    return YamlProblem(line, col, f"invalid YAML: {what}", hint)


class _Builder:
    def __init__(self, out: Positioned, first_line: int):
        self.out, self.first_line, self.seen, self.count = out, first_line, set(), 0

    def pos(self, node) -> tuple[int, int]:
        return (node.start_mark.line + self.first_line, node.start_mark.column + 1)

    def build(self, node, path: tuple, depth: int):
        """Convert one node, guarding against aliases, depth and size bombs."""
        self.guard(node, depth)
        self.out.values[path] = self.pos(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.mapping(node, path, depth)

    def guard(self, node, depth: int) -> None:
        line, col = self.pos(node)
        if id(node) in self.seen:
            raise YamlProblem(line, col, "YAML aliases (`*name`) are not supported here",
                              "write the value out in full")
        self.seen.add(id(node))
        self.count += 1
        if depth > MAX_DEPTH or self.count > MAX_NODES:
            raise YamlProblem(line, col, "the data is nested too deeply or is too large",
                              f"content files nest at most {MAX_DEPTH} levels")
        if node.tag not in _STR_TAGS:
            raise YamlProblem(line, col, f"YAML tag `{node.tag}` is not allowed",
                              "remove the `!` tag; write a plain value")

    def scalar(self, node):
        value = node.value
        if node.style or node.tag == "tag:yaml.org,2002:str":  # quoted, literal or folded
            return value
        if value in _NULL:
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.fullmatch(value):
            return int(value.replace("_", ""))
        if _FLOAT.fullmatch(value):
            return float(value.replace("_", ""))
        return value  # yes/no/on/off, dates and everything else stay text

    def mapping(self, node, path: tuple, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            if key in result:
                first = self.out.keys[path + (key,)]
                line, col = self.pos(key_node)
                raise YamlProblem(line, col, f"duplicate key `{key}` (first set on line {first[0]})",
                                  "keep one of the two; YAML would silently drop the first")
            self.out.keys[path + (key,)] = self.pos(key_node)
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

    def key(self, node) -> str:
        line, col = self.pos(node)
        if node.tag == "tag:yaml.org,2002:merge":
            raise YamlProblem(line, col, "merge keys (`<<`) are not supported", "write the keys out in full")
        if not isinstance(node, yaml.ScalarNode):
            raise YamlProblem(line, col, "a key must be a plain word", "use `name: value`")
        return node.value
