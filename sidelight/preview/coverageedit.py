"""Add a passage to a claim's coverage of a source, writing lines into the claim's YAML and
leaving every other byte of the file as it was: comments, key order, quoting, wrapping.

Line-based rather than loading and dumping (which loses comments) or a round-trip library
(which re-indents and re-wraps what it does not understand, and would be one more
dependency for one insertion): the positions of the nodes (PyYAML's marks) say after which
line the new lines go and how far they are indented. Then the result is parsed and must
read as the old data with exactly the new passage (or entry) added; anything else is
refused and nothing is written. Values are double-quoted (JSON strings are YAML
double-quoted scalars), so no word of an article can be read as YAML.
"""

from __future__ import annotations

import copy
import json

import yaml

from sidelight.content.documents import Loader, YamlProblem, parse
from sidelight.problems import SidelightError

TODO = {
    "fidelity": "# TODO fidelity: how faithfully this article renders the claim (a `fidelities` id of vocabulary.yaml)",
    "stance": "# TODO stance: the article's own attitude to the claim (a `stances` id of vocabulary.yaml)",
}
TODO_NOTE = "# TODO note: what differs from the original (needed when the fidelity is not faithful)"


class EditRefused(SidelightError):
    """The passage could not be added without risk; the file is left unchanged."""


def add_passage(text: str, source: str, passage: dict[str, str], fidelity: str = "", stance: str = "") -> str:
    """`text` (a claim file) with `passage` added to its coverage entry for `source`, or a new
    entry for `source` at the end of `coverage:` with `fidelity` and `stance` (a TODO comment
    for each left "", which `check` then reports as missing)."""
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        raise EditRefused("the claim file does not parse now; fix what `check` reports, then add the passage") from None
    if not isinstance(root, yaml.MappingNode):
        raise EditRefused("the claim file holds no fields")
    coverage = value_of(root, "coverage")
    entry = rendering_of(coverage, source) if isinstance(coverage, yaml.SequenceNode) else None
    if entry is not None:
        new_text = add_to_entry(text, entry, passage)
    elif coverage is None:
        lines = ["coverage:", *entry_lines("  ", source, passage, fidelity, stance)]
        new_text = text + ("" if text.endswith("\n") or not text else "\n") + "\n".join(lines) + "\n"
    else:
        lines = entry_lines("", source, passage, fidelity, stance)
        new_text = after_last_item(text, block_sequence(coverage, "coverage"), lines)
    refuse_other_changes(text, new_text, source, passage, fidelity, stance)
    return new_text


def value_of(mapping: yaml.MappingNode, key: str):
    return next((v for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def rendering_of(coverage: yaml.SequenceNode, source: str) -> yaml.MappingNode | None:
    """The coverage entry quoting `source` (not an omission naming it)."""
    for item in coverage.value:
        if isinstance(item, yaml.MappingNode) and value_of(item, "omission") is None:
            named = value_of(item, "source")
            if isinstance(named, yaml.ScalarNode) and named.value == source:
                return item
    return None


def block_sequence(node, name: str) -> yaml.SequenceNode:
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        raise EditRefused(f"`{name}:` is not a list written one `- ` item a line; add the passage by hand")
    return node


def add_to_entry(text: str, entry: yaml.MappingNode, passage: dict[str, str]) -> str:
    passages = block_sequence(value_of(entry, "passages"), "passages")
    return after_last_item(text, passages, passage_lines(passage))


def after_last_item(text: str, sequence: yaml.SequenceNode, lines: list[str]) -> str:
    """`lines` (each relative to the items' `- `) inserted after the sequence's last item,
    indented as its items are: after the line holding the item's last value, so a comment
    below it, which belongs to what follows, stays where it is."""
    indent = " " * sequence.start_mark.column
    at = line_end_after(text, last_value_end(sequence.value[-1]))
    body = "".join(indent + line + "\n" for line in lines)
    if at == len(text) and not text.endswith("\n"):
        return text + "\n" + body
    return text[:at] + body + text[at:]


def last_value_end(node) -> int:
    """Where the last scalar (or flow collection) inside `node` ends in the text."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    return node.end_mark.index


def line_end_after(text: str, end: int) -> int:
    """The start of the line after the last non-blank character before `end` (a block
    scalar's end takes in the blank lines after it)."""
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    newline = text.find("\n", end)
    return len(text) if newline == -1 else newline + 1


def quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def passage_lines(passage: dict[str, str]) -> list[str]:
    return [("- " if n == 0 else "  ") + f"{key}: {quoted(value)}" for n, (key, value) in enumerate(passage.items())]


def entry_lines(indent: str, source: str, passage: dict[str, str], fidelity: str, stance: str) -> list[str]:
    """A new coverage entry, relative to the list's `- `."""
    lines = [f"- source: {source}"]
    lines += [f"  fidelity: {fidelity}" if fidelity else f"  {TODO['fidelity']}"]
    lines += [f"  stance: {stance}" if stance else f"  {TODO['stance']}"]
    lines += [f"  {TODO_NOTE}"] if fidelity and fidelity != "faithful" else []
    lines += ["  passages:", *("    " + line for line in passage_lines(passage))]
    return [indent + line for line in lines]


def refuse_other_changes(
    old_text: str, new_text: str, source: str, passage: dict[str, str], fidelity: str, stance: str
) -> None:
    """Refuse unless the new text reads as the old data plus exactly the new passage."""
    try:
        before, after = parse(old_text).data, parse(new_text).data
    except YamlProblem as exc:
        raise EditRefused(f"the claim file would not parse with the passage added: {exc.message}") from None
    expected = copy.deepcopy(before) if isinstance(before, dict) else {}
    coverage = expected.setdefault("coverage", [])
    entry = next((e for e in coverage if quotes_from(e, source)), None)
    if entry is not None:
        entry["passages"].append(dict(passage))
    else:
        fields = (
            {"source": source} | ({"fidelity": fidelity} if fidelity else {}) | ({"stance": stance} if stance else {})
        )
        coverage.append(fields | {"passages": [dict(passage)]})
    if after != expected:
        raise EditRefused("the claim file would read differently with the passage added; add it by hand")


def quotes_from(entry, source: str) -> bool:
    """Whether a coverage entry (as data) is the one quoting `source`."""
    return isinstance(entry, dict) and entry.get("source") == source and "omission" not in entry
