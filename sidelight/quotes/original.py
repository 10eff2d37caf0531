"""A source's original: the article in the language it was first published in, beside the
translation a source file stores (`original: {language, text_file}` in its front matter).

Its text is read here, with the anchoring it serves, and kept among the source texts under
`original_id(source id)`, so a passage's `quote_original` is anchored like any quote and a
change to the file reaches the anchoring memo through that text's digest.
"""

from __future__ import annotations

from pathlib import Path

from sidelight.content.files import ORIGINALS, Document, decode, read_raw
from sidelight.model.sourcetext import ORIGINAL, SourceText, original_id, source_text
from sidelight.problems import Problem


def is_original(text_id: str) -> bool:
    return text_id.endswith(ORIGINAL)


def original_texts(
    sources: dict[str, Document], root: Path
) -> tuple[dict[str, SourceText], dict[str, str], list[Problem]]:
    """(texts by original id, each one's shown path, problems) for the sources that have an
    `original`, each read from sources/originals/. A missing file is a problem at the
    source's `text_file`; an unreadable one (a link outside content/, too large, not
    UTF-8) at the file itself."""
    texts: dict[str, SourceText] = {}
    shown: dict[str, str] = {}
    problems: list[Problem] = []
    for sid, doc in sources.items():
        spec = doc.data.get("original")
        name = spec.get("text_file") if isinstance(spec, dict) else None
        if not isinstance(name, str):
            continue
        path = doc.path.parent / ORIGINALS / name
        display = f"{doc.display.rpartition('/')[0]}/{ORIGINALS}/{name}"
        if not path.is_file():
            problems.append(
                doc.problem(
                    ("original", "text_file"),
                    f"there is no file {display} for this article's original",
                    f"check the name, or add the file to content/sources/{ORIGINALS}/: the original's text as "
                    "published, paragraphs separated by blank lines",
                )
            )
            continue
        raw = read_raw(path, root, display, problems)
        text = decode(raw, display, problems) if raw is not None else None
        if text is not None:
            texts[original_id(sid)] = source_text(text, 1)
            shown[original_id(sid)] = display
    return texts, shown, problems
