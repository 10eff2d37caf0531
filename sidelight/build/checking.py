"""Stages 1–4, `check` = load → validate → anchor → model, wired here for `pipeline`
(which re-exports them) and for `sidelight check`: a module of its own so that checking
imports no renderer (Jinja2, Markdown, lxml and the page kinds are most of the modules a
build imports, and about a quarter of `check`'s time)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sidelight.build import workers
from sidelight.build.gcpause import long_lived
from sidelight.build.parsecache import ParseCache
from sidelight.content.files import load
from sidelight.content.validate import validate
from sidelight.model.assemble import build_site
from sidelight.model.records import Site
from sidelight.problems import Problem, Report
from sidelight.progress import SILENT, Progress
from sidelight.quotes.anchor import anchor
from sidelight.quotes.leftovers import leftover_problems


@dataclass
class Result:
    report: Report
    site: Site | None = None
    counts: dict = field(default_factory=dict)
    rendered: list = field(default_factory=list)
    index_search: Callable[[], list[Problem]] | None = None  # see `build(search_later=True)`


def check(content_dir: Path, progress: Progress = SILENT, clean: bool = False, code: str | None = None) -> Result:
    """Stages 1–4. The model is built only when no stage reported an error. `clean`: read
    no cache (parse, validate, anchor), only write it anew. What loading and the model
    make lives as long as the build: the collector is kept off it (`long_lived`). `code`:
    the parse cache's stamp, if the caller has it (`cachefile.stamps`)."""
    report = Report()
    parsed = ParseCache.open(content_dir, fresh=clean, code=code)
    with long_lived():
        content = load(content_dir, parsed, workers.in_parallel)
    report.extend(content.problems)
    progress.stage(f"loaded {len(content.documents)} files")
    report.extend(validate(content, parsed))
    parsed.save()
    progress.stage(f"validated {len(content.documents)} documents")
    sources = {d.id: d for d in content.of("source")}
    anchored = parsed.sibling("anchored")
    texts, anchors, problems = anchor(content, sources, anchored)
    anchored.save()
    report.extend(problems)
    report.extend(leftover_problems(content, texts))
    progress.stage(f"anchored {len(anchors)} passages in {len(sources)} sources")
    result = Result(
        report, counts={"claims": len(content.of("claim")), "sources": len(sources), "passages": len(anchors)}
    )
    if not report.errors:
        with long_lived():
            result.site = build_site(content, texts, anchors)
        progress.stage(
            f"modelled {len(result.site.claims)} claims, {len(result.site.outlets)} outlets,"
            f" {len(result.site.topics)} topics"
        )
    return result
