"""Change one scalar of a YAML file in place, leaving every other byte as it was.

Loading and dumping YAML would lose the editor's comments, key order, quoting and line
breaks. Instead we find the scalar's exact span in the text (PyYAML's marks), write the
new value in the same style (plain, quoted or block), and then parse the result to prove
that exactly that one value changed; anything else is refused.
"""

from __future__ import annotations

import json
import re
import textwrap

import yaml

from sidelight.content.documents import Loader, YamlProblem, parse
from sidelight.problems import SidelightError

_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")


class EditRefused(SidelightError):
    """The value could not be rewritten without risk; the file is left unchanged."""


def replace_scalars(text: str, edits: dict[tuple, str]) -> str:
    """`text` with the scalar at each path set to its new value (paths as in yamlnodes)."""
    root = yaml.compose(text, Loader=Loader)
    spans = sorted(
        ((node_at(root, path), value) for path, value in edits.items()),
        key=lambda pair: pair[0].start_mark.index,
        reverse=True,
    )
    new_text, expected = text, dict(edits)
    for node, value in spans:  # from the end, so earlier offsets stay valid
        start, end = node.start_mark.index, node.end_mark.index
        new_text = new_text[:start] + scalar_text(node, value, text) + new_text[end:]
    for path in edits:
        if keeps_final_newline(node_at(root, path), text):
            expected[path] += "\n"
    refuse_other_changes(text, new_text, expected)
    return new_text


def keeps_final_newline(node: yaml.ScalarNode, text: str) -> bool:
    """A block scalar without `-` (strip) chomping reads back with a final line break."""
    header = text[node.start_mark.index : node.end_mark.index].partition("\n")[0]
    return node.style in ("|", ">") and "-" not in header


def node_at(root, path: tuple):
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            raise EditRefused(f"no value at {path}")
    if not isinstance(node, yaml.ScalarNode):
        raise EditRefused(f"the value at {path} is not text")
    return node


def scalar_text(node: yaml.ScalarNode, value: str, text: str) -> str:
    """`value` written in the style the editor used for the old one."""
    if node.style in ("|", ">"):
        return block_scalar_text(node, value, text)
    if node.style == "'":
        return "'" + value.replace("'", "''") + "'"
    if (
        not node.style
        and _PLAIN_SAFE.fullmatch(value)
        and ": " not in value
        and " #" not in value
        and not value.endswith((" ", ":"))
    ):
        return value
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def block_scalar_text(node: yaml.ScalarNode, value: str, text: str) -> str:
    """A block scalar keeps its header (`>-`, `|`) and indentation; folded text is re-wrapped."""
    old = text[node.start_mark.index : node.end_mark.index]
    header, _, body = old.partition("\n")
    lines = [line for line in body.splitlines() if line.strip()]
    indent = lines[0][: len(lines[0]) - len(lines[0].lstrip())] if lines else "  "
    width = max((len(line) for line in lines), default=80)
    wrapped = textwrap.wrap(value, max(width - len(indent), 40)) if node.style == ">" else [value]
    ending = "\n" if old.endswith("\n") else ""
    return header + "\n" + "\n".join(indent + line for line in wrapped) + ending


def refuse_other_changes(old_text: str, new_text: str, edits: dict[tuple, str]) -> None:
    """Refuse unless the new text parses to the old data with exactly the edited values changed."""
    try:
        before, after = parse(old_text).data, parse(new_text).data
    except YamlProblem as exc:
        raise EditRefused(f"the rewritten file would not parse: {exc.message}") from None
    for path, value in edits.items():
        set_at(before, path, value)
    if before != after:
        raise EditRefused("the rewritten file would read differently")


def set_at(data, path: tuple, value) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value
