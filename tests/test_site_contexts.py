"""Each page kind's context is a typed dataclass documented in docs/templates.md: the
document lists exactly the fields, with exactly the types, that the code has, and every
page the site builds carries all of them."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from sidelight.pages import contexts

from sidelight.build import pipeline
from sidelight.pages.registry import all_pages

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "templates.md"
SAMPLE = REPO / "tests" / "sample" / "content"
_SECTION = re.compile(r"^### `(\w+)`", re.MULTILINE)
_ROW = re.compile(r"^\| `(\w+)` \| `(.+?)` \|", re.MULTILINE)


def documented() -> dict[str, dict[str, str]]:
    """{class name: {field: type}} as docs/templates.md lists them."""
    text = DOC.read_text(encoding="utf-8")
    heads = list(_SECTION.finditer(text))
    out = {}
    for head, nxt in zip(heads, heads[1:] + [None]):
        body = text[head.end():nxt.start() if nxt else len(text)]
        out[head.group(1)] = {m.group(1): m.group(2).replace("\\|", "|") for m in _ROW.finditer(body)}
    return out


def own_fields(cls) -> dict[str, str]:
    """The fields a class adds: a page kind documents only what it adds to PageContext."""
    inherited = set()
    if cls is not contexts.PageContext and issubclass(cls, contexts.PageContext):
        inherited = {f.name for f in dataclasses.fields(contexts.PageContext)}
    return {f.name: str(f.type) for f in dataclasses.fields(cls) if f.name not in inherited}


@pytest.fixture(scope="module")
def sample_pages():
    return all_pages(pipeline.check(SAMPLE).site)


def context_classes(pages) -> set[type]:
    """Every context class in use: the page kinds built, and the parts they hold."""
    found = {type(p) for p in pages} | set(contexts.PAGE_KINDS) | set(contexts.PARTS)
    return found


def test_every_context_class_is_documented_with_its_fields_and_types(sample_pages):
    docs = documented()
    for cls in sorted(context_classes(sample_pages), key=lambda c: c.__name__):
        assert cls.__name__ in docs, f"docs/templates.md has no section for {cls.__name__}"
        assert docs[cls.__name__] == own_fields(cls), f"{cls.__name__}: docs and code differ"


def test_the_document_describes_no_class_that_does_not_exist(sample_pages):
    names = {c.__name__ for c in context_classes(sample_pages)}
    assert set(documented()) <= names


def test_every_built_page_has_every_documented_field(sample_pages):
    docs = documented()
    common = docs["PageContext"]
    for page in sample_pages:
        fields = {**common, **docs[type(page).__name__]}
        for name, kind in fields.items():
            value = getattr(page, name)
            assert value is not None or "None" in kind, f"{page.path}: {name} is None"


def test_every_page_kind_is_built_from_the_sample(sample_pages):
    """So the documentation test and the HTML validity test see every template."""
    built = {type(p) for p in sample_pages}
    assert set(contexts.PAGE_KINDS) <= built
