"""YAML to plain data, keeping every value's line and column and defusing YAML's traps.

PyYAML's own constructors turn `no` into False and `2021-10-18` into a date, silently
drop duplicate keys and expand aliases without bound. We compose the node tree with the
C parser (fast, and it records marks) and build values ourselves:
- plain scalars become str, except true/false, null and unambiguous numbers, so that a
  number where text is meant is reported by the schema instead of passing unnoticed;
- `yes`/`no`/`on`/`off` and dates stay strings, and so does a bare year under a date
  key (`published: 2021` is a partial date, not a number); duplicate keys, aliases, tags
  (on values and keys), numbers too long to be meant, control characters written as
  escapes and excessive nesting are problems with their position.
"""

from __future__ import annotations

import marshal
import re
from dataclasses import dataclass, field

import yaml

from sidelight.problems import SidelightError

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DATE_KEYS = frozenset({"date", "published", "retrieved", "reviewed", "updated", "end_date", "accessed"})
MAX_DEPTH = 40
MAX_NODES = 200_000
PRESCAN_CHARS = 64_000  # a text shorter than this cannot hold enough values to matter
MAX_DIGITS = 15  # every such whole number is exact in JSON for any reader (below 2**53)
_NONCHARACTERS = [chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)]


def forbidding(allowed: str = "") -> re.Pattern:
    """C0 and C1 controls but tab, line feed and `allowed`; surrogates; noncharacters.
    XML (the feed) cannot carry most of them, and none is meant in text."""
    controls = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n" + allowed]
    return re.compile("[" + re.escape("".join(controls + _NONCHARACTERS)) + "\ud800-\udfff\ufdd0-\ufdef]")


FORBIDDEN = forbidding()
"""What no value may hold. A carriage return counts: in a value only an escape (`\\r`)
makes one, as the file's own line breaks are read as `\\n`."""
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+]?[0-9]+)?")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:merge",
}


def unwanted(char: str) -> str:
    """A character FORBIDDEN refuses, named for an editor."""
    what = "an invisible control character" if ord(char) < 0xA0 else "which is not a character"
    return f"U+{ord(char):04X}, {what}"


class YamlProblem(SidelightError):
    """A problem in the YAML text itself, with a 1-based position."""

    def __init__(self, line: int, column: int, message: str, hint: str = ""):
        super().__init__(message, hint)
        self.line, self.column = line, column


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

    def packed(self) -> Packed:
        """The same data, with its positions packed into bytes (see `Packed`)."""
        return Packed(self.data, marshal.dumps((self.values, self.keys)))


class Packed(Positioned):
    """Data with its positions packed into marshal bytes, unpacked on the first question
    about a position: a loaded file's position tables are needed only to report a problem
    in it, and they outweigh its data. Damaged bytes give no positions (each is then 1:1)."""

    def __init__(self, data: object, packed: bytes):  # no super().__init__: it would set the tables
        self.data, self.packed_positions = data, packed
        self._tables: tuple[dict, dict] | None = None

    @property
    def values(self) -> dict:  # type: ignore[override]
        return self._unpacked()[0]

    @property
    def keys(self) -> dict:  # type: ignore[override]
        return self._unpacked()[1]

    def packed(self) -> Packed:
        return self

    def _unpacked(self) -> tuple[dict, dict]:
        if self._tables is None:
            try:
                values, keys = marshal.loads(self.packed_positions)
                ok = isinstance(values, dict) and isinstance(keys, dict)
                self._tables = (values, keys) if ok else ({}, {})
            except (ValueError, EOFError, TypeError):
                self._tables = ({}, {})
        return self._tables


def parse(text: str, first_line: int = 1, notes: list | None = None) -> Positioned:
    """Parse one YAML document; raise YamlProblem with the position of what is wrong.
    `notes` receives (line, column, message, hint) of what parses but is likely not what
    the editor meant (`_Builder.comment_cut`)."""
    try:
        if len(text) > PRESCAN_CHARS:
            prescan(text, first_line)
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        raise syntax_problem(exc, text, first_line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, 1, f"this is not valid YAML ({exc})") from None
    except RecursionError:  # only PyYAML's pure-Python composer (no libyaml) recurses
        raise too_deep(first_line, 1) from None
    out = Positioned(data=None)
    if node is not None and "&" in text:  # no anchor, no alias: most files skip the scan
        problem = anchor_problem(text, first_line)
        if problem:
            raise problem
    if node is not None:
        builder = _Builder(out, first_line, text)
        out.data = builder.build(node, (), 0)
        if notes is not None:
            notes += builder.notes
    return out


def quoted(text: str) -> str:
    """`text` as a YAML value that reads back as exactly it: in double quotes, or in single
    quotes when it holds a double quote (inside single quotes only `'` is special: `''`)."""
    if '"' in text and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_COMMENT_AFTER = re.compile(r" #(?=[^ \n])[^\n]*")  # one space, then `#` and text: a `#3`, a `#hashtag`


def prescan(text: str, first_line: int) -> None:
    """Bound the work before composing a large text: composing builds every node first
    (a 2 MB flow list is a million nodes, seconds and hundreds of MB) while the event
    stream can be abandoned at the first value past the limits."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=Loader):
        nodes += isinstance(event, yaml.NodeEvent)
        depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
        if depth > MAX_DEPTH:
            raise too_deep(event.start_mark.line + first_line, event.start_mark.column + 1)
        if nodes > MAX_NODES:
            raise too_many(event.start_mark.line + first_line, event.start_mark.column + 1)


def too_deep(line: int, column: int) -> YamlProblem:
    return YamlProblem(
        line,
        column,
        f"the data is nested more than {MAX_DEPTH} levels deep",
        "content files need only a few levels: look for runaway brackets or indentation",
    )


def too_many(line: int, column: int) -> YamlProblem:
    return YamlProblem(
        line,
        column,
        f"the file holds more than {MAX_NODES:,} values",
        "split it: one file holds one claim, outlet, topic or source",
    )


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlProblem:
    """PyYAML's error in an editor's words, placed where the fix goes: an unclosed quote or
    bracket at its opening (YAML only notices at the end of the file), the rest where found."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    at: tuple[int, int] = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
    opened = exc.context_mark
    start: tuple[int, int] = (opened.line + first_line, opened.column + 1) if opened else at
    char = text[mark.index] if mark and mark.index < len(text) else ""
    if "quoted scalar" in context:
        return YamlProblem(
            *start, "this quoted text is never closed", 'add the closing quote mark; inside "…" write a " as \\"'
        )
    if "flow sequence" in context or "flow mapping" in context:
        bracket = "[" if "sequence" in context else "{"
        return YamlProblem(
            *start,
            f"this `{bracket}` is never closed (YAML expected `,` or "
            f"`{']' if bracket == '[' else '}'}` at line {at[0]}, column {at[1]})",
            "close it on the same line, or write the list as `- item` lines",
        )
    kind = _syntax_kind(problem, char)
    lines = text.split("\n")
    row = mark.line if mark else 0
    if kind in ("", "colon") and row < len(lines):
        found = inner_quotes(lines[row], at[0]) or indentation(lines, row, first_line, mark.column if mark else 0)
        if found:
            return found
    message, hint = _SYNTAX.get(kind, _generic(problem, context, start))
    return YamlProblem(*at, message.replace("{char}", char), hint)


_KEY_LINE = re.compile(r"(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?: |$)")
_DOUBLE_QUOTED = re.compile(r'(?P<head> *(?:- +)?[A-Za-z_][\w-]*: +)"(?P<text>.*)"\s*$')


def inner_quotes(line: str, number: int) -> YamlProblem | None:
    """`quote: "He said "no" to it"`: the second `"` ends the text, and YAML cannot read
    what follows. Say so at that `"`, with the line rewritten in single quotes."""
    m = _DOUBLE_QUOTED.match(line)
    if not m or not re.search(r'(?<!\\)"', m["text"]):
        return None
    inner = m["text"]
    early = re.search(r'(?<!\\)"', inner)
    assert early is not None
    key = _KEY_LINE.match(line)
    name = key["key"] if key else "this value"
    return YamlProblem(
        number,
        len(m["head"]) + 2 + early.start(),
        f'`{name}` ends at this `"`: inside text in double quotes, a `"` closes it, and YAML cannot read the rest',
        f"put the text in single quotes instead: {name}: '{inner.replace(chr(39), chr(39) * 2)}'"
        f" (or write `{name}: >-` and the text on the next line, indented)",
    )


def indentation(lines: list[str], row: int, first_line: int, column: int) -> YamlProblem | None:
    """A key indented like none of its neighbours: name the key above it to line it up
    with (the nearest one whose indentation is closest), and by how many spaces."""
    here = _KEY_LINE.match(lines[row])
    if not here or ": " in lines[row][: max(0, column - 1)].rstrip(":"):
        return None  # not a `key:` line, or a `: ` inside a value (the colon message says so)
    dash = bool(here["dash"])
    own = len(here["indent"])
    best = None
    for above in range(row - 1, max(-1, row - 40), -1):
        other = _KEY_LINE.match(lines[above])
        if not other:
            continue
        if dash and other["dash"]:
            col, what = len(other["indent"]), f"the `-` on line {above + first_line}"
        else:
            col = len(other["indent"]) + len(other["dash"] or "")
            what = f"`{other['key']}` on line {above + first_line}"
        if col == own:
            return None  # it lines up with a key above: the mistake is elsewhere
        if best is None or abs(col - own) < best[0]:
            best = (abs(col - own), col, what)
        if col < own and not dash:
            break  # the parent: nothing above it lines up with this key
    if best is None:
        return None
    mine, others = ("the `-`", "`-`") if dash else (f"`{here['key']}`", "key")
    move = f"indent it {best[1]} space{'s' * (best[1] != 1)}" if best[1] else "start it at the beginning of the line"
    return YamlProblem(
        row + first_line,
        own + 1,
        f"{mine} is indented {own} space{'s' * (own != 1)}, which lines up with no {others} above it",
        f"line it up with {best[2]}: {move}",
    )


def _syntax_kind(problem: str, char: str) -> str:
    if "another document" in problem:
        return "document"
    if "nesting depth" in problem:  # libyaml's own limit (1,000 levels of brackets)
        return "deep"
    if char == "\t" or "tab" in problem:
        return "tab"
    if "mapping values are not allowed" in problem:
        return "colon"
    if "cannot start any token" in problem or "undefined alias" in problem:
        return "start"
    return ""


_SYNTAX = {
    "document": ("a second YAML document starts here", "a file holds one document; remove this `---` line"),
    "tab": ("a tab is used for indentation", "indent with spaces, not tabs"),
    "deep": (
        f"the data is nested more than {MAX_DEPTH} levels deep",
        "content files need only a few levels: look for runaway brackets or indentation",
    ),
    "colon": (
        "a `: ` (colon and space) inside a value, or a wrongly indented line",
        'put the whole value in quotes, e.g. key: "a: b", or line the key up with the keys above',
    ),
    "start": ("a value cannot start with `{char}` here: YAML reserves it", "put the whole value in quotes"),
}


def _generic(problem: str, context: str, start: tuple[int, int]) -> tuple[str, str]:
    where = f" ({context} that starts at line {start[0]}, column {start[1]})" if context else ""
    return (
        f"invalid YAML: {problem}{where}",
        "check this line's indentation (keys of one level line up) and quote values with special characters",
    )


def anchor_problem(text: str, first_line: int) -> YamlProblem | None:
    """Anchors (`&name`) and aliases (`*name`) make a file say something that is not on its
    lines. Point at the first alias, naming its anchor's line, else at the first anchor:
    the composed tree only knows where the anchored value is."""
    anchors: dict[str, yaml.Mark] = {}
    for token in yaml.scan(text, Loader=Loader):
        if isinstance(token, yaml.AnchorToken):
            anchors.setdefault(token.value, token.start_mark)
        elif isinstance(token, yaml.AliasToken):
            mark, name = token.start_mark, token.value
            return YamlProblem(
                mark.line + first_line,
                mark.column + 1,
                f"YAML aliases are not supported: `*{name}` repeats the value marked `&{name}` "
                f"on line {anchors[name].line + first_line if name in anchors else '?'}",
                "write the value out in full and remove the `&` anchor",
            )
    for name, mark in anchors.items():
        return YamlProblem(
            mark.line + first_line,
            mark.column + 1,
            f"YAML anchors are not supported: `&{name}` marks a value to repeat elsewhere",
            f"remove `&{name}`; write every value out in full",
        )
    return None


def alias_problem(text: str, first_line: int) -> YamlProblem:
    """The builder met a node twice: an alias the scan above did not explain."""
    return anchor_problem(text, first_line) or YamlProblem(
        first_line, 1, "YAML aliases are not supported", "write the value out in full"
    )


class _Builder:
    def __init__(self, out: Positioned, first_line: int, text: str):
        self.out, self.first_line, self.text, self.count = out, first_line, text, 0
        self.seen: set[int] = set()  # ids of the nodes built: a node met twice is an alias
        self.notes: list[tuple[int, int, str, str]] = []

    def pos(self, node) -> tuple[int, int]:
        return (node.start_mark.line + self.first_line, node.start_mark.column + 1)

    def build(self, node, path: tuple, depth: int):
        """Convert one node, guarding against aliases, depth and size bombs."""
        self.out.values[path] = self.guard(node, depth)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path[-1] if path else None)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.mapping(node, path, depth)

    def guard(self, node, depth: int) -> tuple[int, int]:
        """The node's position, once it is known not to be an alias, too deep, one too many
        or tagged."""
        line, col = at = self.pos(node)
        if id(node) in self.seen:
            raise alias_problem(self.text, self.first_line)
        self.seen.add(id(node))
        self.count += 1
        if depth > MAX_DEPTH:
            raise too_deep(line, col)
        if self.count > MAX_NODES:
            raise too_many(line, col)
        if node.tag not in _STR_TAGS:
            raise YamlProblem(
                line, col, f"YAML tag `{node.tag}` is not allowed", "remove the `!` tag; write a plain value"
            )
        return at

    def scalar(self, node, key):
        value = node.value
        if node.style == '"':  # the only style with escapes: the file's own text was checked on loading
            self.refuse_controls(node)
        if not node.style and isinstance(key, str):
            self.comment_cut(node, key)
        if node.style or node.tag == "tag:yaml.org,2002:str":  # quoted, literal or folded
            return value
        if key in DATE_KEYS and value.isdigit() and len(value) == 4:
            return value
        if value in _NULL:
            return None
        if value in _BOOL:
            return _BOOL[value]
        if _INT.fullmatch(value):
            return self.integer(node)
        if _FLOAT.fullmatch(value):
            return float(value.replace("_", ""))
        return value  # yes/no/on/off, dates and everything else stay text

    def comment_cut(self, node, key: str) -> None:
        """A plain value followed on its line by one space and `#text` (`see #3`): YAML
        reads the rest of the line as a comment and silently drops it from the value. Two
        spaces before the `#` read as a comment meant as one, and pass."""
        cut = _COMMENT_AFTER.match(self.text, node.end_mark.index)
        if not cut:
            return
        line, col = node.end_mark.line + self.first_line, node.end_mark.column + 2
        whole = node.value + cut.group()
        one_line = node.start_mark.line == node.end_mark.line
        fix = (
            f"put the whole value in quotes: {key}: {quoted(whole)}"
            if one_line
            else f"write `{key}: >-` and the text on the lines below it, indented"
        )
        self.notes.append(
            (
                line,
                col,
                f"`{key}` ends before this `#`: YAML reads ` #` and the rest of the line as a comment, so the"
                f" value is only “{node.value[-60:]}”",
                f"if the # belongs to the text, {fix}; if it is a comment, put two spaces before the #",
            )
        )

    def integer(self, node) -> int:
        """A whole number, unless it is too long to be meant: Python refuses to read one
        of more than 4,300 digits, and readers of JSON lose precision past 2**53."""
        digits = len(node.value.lstrip("+-").replace("_", ""))
        if digits > MAX_DIGITS:
            raise YamlProblem(
                *self.pos(node),
                f"this number has {digits:,} digits (at most {MAX_DIGITS} here)",
                "write a smaller number; if it is text, put it in quotes",
            )
        return int(node.value.replace("_", ""))

    def refuse_controls(self, node) -> None:
        found = FORBIDDEN.search(node.value)
        if found:
            raise YamlProblem(
                *self.pos(node),
                f"this text holds {unwanted(found[0])}",
                "remove the escape (such as `\\x01` or `\\0`) that writes it: it would break the feed",
            )

    def mapping(self, node, path: tuple, depth: int) -> dict:
        result: dict = {}
        keys = self.out.keys
        for key_node, value_node in node.value:
            key = self.key(key_node)
            at, child = self.pos(key_node), path + (key,)
            if key in result:
                raise YamlProblem(
                    *at,
                    f"duplicate key `{key}` (first set on line {keys[child][0]})",
                    "keep one of the two; YAML would silently drop the first",
                )
            keys[child] = at
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def key(self, node) -> str:
        if node.tag == "tag:yaml.org,2002:merge":
            raise YamlProblem(*self.pos(node), "merge keys (`<<`) are not supported", "write the keys out in full")
        if not isinstance(node, yaml.ScalarNode):
            raise YamlProblem(*self.pos(node), "a key must be a plain word", "use `name: value`")
        if node.tag not in _STR_TAGS:
            raise YamlProblem(
                *self.pos(node),
                f"YAML tag `{node.tag}` is not allowed on a key",
                "remove the `!` tag; write a plain key",
            )
        if node.style == '"':
            self.refuse_controls(node)
        return node.value
