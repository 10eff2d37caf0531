"""Checks the optional `leftovers:` of a source: each entry must be a whole paragraph of
its text, or it dims nothing (usually a typo, or a line that is part of a paragraph)."""

from __future__ import annotations

from sidelight.content.files import Content
from sidelight.model.sourcetext import SourceText
from sidelight.problems import WARNING, Problem


def normalise(text: str) -> str:
    return " ".join(text.split())


def leftover_problems(content: Content, texts: dict[str, SourceText]) -> list[Problem]:
    problems = []
    for doc in content.of("source"):
        entries = doc.data.get("leftovers")
        if doc.id not in texts or not isinstance(entries, list):
            continue
        text = texts[doc.id]
        paragraphs = {normalise(text.text[a:b]) for a, b in text.paragraphs}
        for i, entry in enumerate(entries):
            if isinstance(entry, str) and normalise(entry) not in paragraphs:
                problems.append(
                    doc.problem(
                        ("leftovers", i),
                        f"leftover `{entry}` is not a whole paragraph of the text",
                        "write the paragraph exactly as it stands, alone between blank lines",
                        severity=WARNING,
                    )
                )
    return problems
