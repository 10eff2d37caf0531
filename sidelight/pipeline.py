"""The one place the stages are wired: check = load → validate → anchor → model;
build = check → render → write. Gather and check all data first, then write."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .anchor import anchor
from .load import load
from .model import Site, build_site
from .problems import Report
from .render import TEMPLATES, render
from .validate import validate
from .write import write


@dataclass
class Result:
    report: Report
    site: Site | None = None
    counts: dict = field(default_factory=dict)


def check(content_dir: Path) -> Result:
    """Stages 1–4. The model is built only when no stage reported an error."""
    report = Report()
    content = load(content_dir)
    report.extend(content.problems)
    report.extend(validate(content))
    sources = {d.id: d for d in content.of("source")}
    texts, anchors, problems = anchor(content, sources)
    report.extend(problems)
    result = Result(report, counts={
                                    "claims": len(content.of("claim")), "sources": len(sources),
                                    "passages": len(anchors)})
    if not report.errors:
        result.site = build_site(content, texts, anchors)
    return result


def build(content_dir: Path, out: Path, templates: Path = TEMPLATES) -> Result:
    """Stages 1–6. Nothing is written unless the content is free of errors."""
    result = check(content_dir)
    if result.site is None:
        return result
    files = render(result.site, templates)
    result.counts["pages"] = sum(1 for name in files if name.endswith(".html"))
    result.counts["written"] = write(files, out)
    return result
