"""`new claim|claimant|source|outlet|topic <id>`: a file to fill in, with every field and what goes there.

The fields, their order and their explanations come from the JSON Schemas in schema/, so
the skeleton cannot drift from what `check` enforces. Required fields are left empty (so
`check` names each one still to fill in); optional ones are commented out, ready to use.
Fields that name other content list the ids that exist now.
"""

from __future__ import annotations

import json
import os
import re
import sys
import textwrap
from pathlib import Path

from sidelight.content.files import FOLDERS, ID_PATTERN, load, suggest_id
from sidelight.content.schemas import SCHEMA_DIR
from sidelight.content.validate import known_ids
from sidelight.terminal import say

FOLDER_OF = {kind: (folder, suffix) for folder, (kind, suffix) in FOLDERS.items()}
# Fields holding ids, and where those ids come from (see validate.known_ids).
REFERENCES = {
    "topic": "topic",
    "outlet": "outlet",
    "source": "source",
    "claimant": "claimant",
    "speaker": "claimant",
    "attributed_by": "outlet",
    "omission": "outlet",
    "rating": "ratings",
    "fidelity": "fidelities",
    "author": "person",
    "reviewed_by": "person",
    "stance": "stances",
    "frames": "frames",
    "devices": "devices",
}
# Fields the schema cannot require but an editor nearly always fills, written out rather than
# commented out: a claim's status (a new claim is a draft), its kind, claimant, rating and
# verdict (`check` requires them by kind: the commonest, a statement, has all four), its
# evidence, a coverage entry's source, fidelity, stance and passages (an omission is the
# rarer entry), and the role of a person or body.
WRITTEN_OUT = {
    ("claim", "status"),
    ("claim", "kind"),
    ("claim", "claimant"),
    ("claim", "rating"),
    ("claim", "verdict"),
    ("claim", "evidence"),
    ("coverage", "source"),
    ("coverage", "fidelity"),
    ("coverage", "stance"),
    ("coverage", "passages"),
    ("claimant", "role"),
}
WIDTH = 92


def new(content: Path, kind: str, ident: str, from_html: Path | None = None) -> int:
    """Write the skeleton (or an imported source); a message and status 1 for anything refused."""
    target = target_path(content, kind, ident)
    if isinstance(target, str):
        return refuse(target)
    values: dict[str, str] = {}
    body, notes = "", list[str]()
    if from_html is not None:
        if kind != "source":
            return refuse("--from-html makes a source; use `new source <id> --from-html PAGE.html`")
        from sidelight.editor.article import ImportRefused, import_article

        try:
            values, body, notes = import_article(from_html, known_outlets(content))
        except ImportRefused as exc:
            return refuse(str(exc))
    if kind == "claim":
        values["status"] = "draft"  # built by `serve` only, its problems warnings, until published
    text = skeleton(kind, target, known(content), values, body, notes)
    status = write_new(target, text, kind)
    if status == 0 and from_html is not None:
        from sidelight.editor.match import match

        match(content, ident)  # the claims the article appears to repeat, ready to cite
    return status


def target_path(content: Path, kind: str, ident: str) -> Path | str:
    """Where the new file goes, or why it cannot be made."""
    folder, suffix = FOLDER_OF[kind]
    if not ID_PATTERN.fullmatch(ident):
        return (
            f"`{ident}` is not a valid id — ids are lower-case letters, digits and single hyphens,"
            f" e.g. `{suggest_id(ident)}`"
        )
    if not content.is_dir():
        return f"content folder not found: {content} — run from the project folder or pass --content"
    target = content / folder / f"{ident}{suffix}"
    if target.exists() or target.is_symlink():
        return f"{target} already exists — choose another id, or edit that file"
    return target


def refuse(message: str) -> int:
    say(f"error: {message}", sys.stderr)
    return 1


def write_new(target: Path, text: str, kind: str) -> int:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as f:  # never overwrite, even in a race
            f.write(text)
    except FileExistsError:
        return refuse(f"{target} already exists — choose another id, or edit that file")
    except OSError as exc:
        return refuse(f"cannot write {target}: {exc.strerror or exc}")
    say(f"wrote {target}: fill in each field (see the comments), then run `.venv/bin/python build.py check`")
    return 0


def known(content: Path) -> dict[str, set | None]:
    """Ids that exist now, for the comments of reference fields (best effort: content may be broken)."""
    return known_ids(load(content)) if content.is_dir() else {}


def known_outlets(content: Path) -> dict[str, str]:
    """Outlet id → its home page address, to recognise an imported page's outlet."""
    docs = load(content).of("outlet") if content.is_dir() else []
    return {d.id: d.data.get("url", "") for d in docs if isinstance(d.data.get("url"), str)}


def schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def skeleton(kind: str, target: Path, ids: dict, values: dict, body: str = "", notes=()) -> str:
    s = schema(kind)
    schema_path = Path(os.path.relpath(SCHEMA_DIR / f"{kind}.schema.json", target.parent)).as_posix()
    head = [f"# yaml-language-server: $schema={schema_path}"]
    head += comment(
        f"{s.get('description', '')} Fill in each field; a line starting with # is a comment."
        " Check your work with: .venv/bin/python build.py check",
        "",
    )
    head += [line for note in notes for line in comment(note, "")]
    lines = head + [""] + object_lines(kind, s, "", ids, values)
    if kind == "source":
        return "---\n" + "\n".join(lines) + "\n---\n" + body
    return "\n".join(lines) + "\n"


def object_lines(owner: str, s: dict, indent: str, ids: dict, values: dict) -> list[str]:
    """One commented field per property, in the schema's order. `owner` is the file's kind, or
    the list field these objects are entries of (for WRITTEN_OUT)."""
    required = set(s.get("required", ())) | set((s.get("oneOf") or [{}])[0].get("required", ()))
    out = []
    for name, prop in s.get("properties", {}).items():
        live = name in required or (owner, name) in WRITTEN_OUT or name in values
        out += field_lines(owner, name, prop, live, indent, ids, values.get(name))
    return out


def field_lines(kind: str, name: str, prop: dict, live: bool, indent: str, ids: dict, value) -> list[str]:
    lines = comment(explain(name, prop, live, ids), indent)
    body = value_lines(kind, name, prop, indent, ids, value)
    return lines + (body if live else [indent + "# " + line[len(indent) :] for line in body])


def value_lines(kind: str, name: str, prop: dict, indent: str, ids: dict, value) -> list[str]:
    items = prop.get("items", {})
    if prop.get("type") == "array" and items.get("type") == "object":
        inner = object_lines(name, items, indent + "    ", ids, {})
        first = next(i for i, line in enumerate(inner) if not line.lstrip().startswith("#"))
        inner[first] = indent + "  - " + inner[first][len(indent) + 4 :]
        inner[:first] = [indent + "  " + line[len(indent) + 4 :] for line in inner[:first]]
        return [f"{indent}{name}:"] + comment(items.get("description", ""), indent + "  ") + inner
    if prop.get("type") == "array":
        return [f"{indent}{name}: {yaml_scalar(value) if value else '[]'}"]
    return [f"{indent}{name}:" + (f" {yaml_scalar(value)}" if value not in (None, "") else "")]


def explain(name: str, prop: dict, live: bool, ids: dict) -> str:
    """The schema's description, plus the allowed values or the ids that exist."""
    text = prop.get("description", "")
    choices = prop.get("enum") or prop.get("items", {}).get("enum")
    if choices:
        text += " One of: " + ", ".join(map(str, choices)) + "."
    if prop.get("pattern", "").startswith("^[0-9]{4}") and "YYYY" not in text:
        text += ' YYYY-MM-DD, e.g. "2021-10-22".'
    if name in REFERENCES and REFERENCES[name] in ids:
        text += known_list(ids[REFERENCES[name]])
    if not live:
        text += " Optional: to use it, delete the # in front of the field."
    return text


def known_list(ids: set, limit: int = 12) -> str:
    shown = sorted(i for i in ids if isinstance(i, str))
    if not shown:
        return " None exist yet."
    more = f", … ({len(shown) - limit} more)" if len(shown) > limit else ""
    return " Existing: " + ", ".join(shown[:limit]) + more + "."


def comment(text: str, indent: str) -> list[str]:
    if not text.strip():
        return []
    return textwrap.wrap(
        text, WIDTH, initial_indent=indent + "# ", subsequent_indent=indent + "# ", break_on_hyphens=False
    )


_PLAIN = re.compile(r"[A-Za-z\u00C0-\uFFFF][\w .,'’()/&+-]*")
_KEYWORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def yaml_scalar(value) -> str:
    """A value as YAML: plain where that reads back as the same text, else double-quoted."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _KEYWORDS and not text.endswith((" ", ":")):
        return text
    return json.dumps(text, ensure_ascii=False)
