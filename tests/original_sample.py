"""The sample with the wire story's Russian original beside its translation (shared by the
built-page and browser tests of originals)."""
from __future__ import annotations

from pathlib import Path

from sitepages import edit, sample_copy

ORIGINAL = """Фонд получит 1 млрд евро для инвестиций, заявили министры в пятницу.

Министры встретились 21–22 октября впервые после вывода войск.

Лоцманы Остенде сообщили о необычно фиолетовом рассвете в то утро. На встрече об этом никто не упомянул.
"""
QUOTE_ORIGINAL = "Фонд получит 1 млрд евро для инвестиций"


def with_original(folder: Path, quote_original: str = QUOTE_ORIGINAL) -> Path:
    """A copy of the sample at folder/content whose wire story has an original in Russian
    (sources/originals/wire-story.txt) and whose fund claim quotes it."""
    content = sample_copy(folder)
    (content / "sources" / "originals").mkdir()
    (content / "sources" / "originals" / "wire-story.txt").write_text(ORIGINAL, encoding="utf-8")
    edit(content / "sources" / "wire-story.txt", "translated_from: ru\n",
         "translated_from: ru\noriginal:\n  language: ru\n  text_file: wire-story.txt\n")
    edit(content / "claims" / "fund-size.yaml", "      - quote: The fund will have €1 billion to invest\n",
         f"      - quote: The fund will have €1 billion to invest\n        quote_original: {quote_original}\n")
    return content
