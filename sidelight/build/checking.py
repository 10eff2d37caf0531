"""Stages 1–4, `check` = load → validate → anchor → model, wired here for `pipeline`
(which re-exports them) and for `sidelight check`: a module of its own so that checking
imports no renderer (Jinja2, Markdown, lxml and the page kinds are most of the modules a
build imports, and about a quarter of `check`'s time)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sidelight.build import workers
from sidelight.build.gcpause import long_lived
from sidelight.build.parsecache import ParseCache
from sidelight.content.files import Content, Known, load
from sidelight.content.languages import listed_languages
from sidelight.content.status import relaxed, status_problems, to_build, unpublished
from sidelight.content.validate import validate
from sidelight.model.assemble import RecordReuse, build_site
from sidelight.model.records import Site
from sidelight.output import catalogue
from sidelight.output.theme import site_templates
from sidelight.problems import Problem, Report, display_path
from sidelight.progress import SILENT, Progress
from sidelight.quotes.anchor import anchor
from sidelight.quotes.leftovers import leftover_problems


@dataclass
class Result:
    report: Report
    site: Site | None = None
    counts: dict = field(default_factory=dict)
    rendered: list = field(default_factory=list)
    drawn: list = field(default_factory=list)  # the share images drawn (not kept from the last build)
    index_search: Callable[[], list[Problem]] | None = None  # see `build(search_later=True)`
    content: Content | None = None  # what was loaded (`sidelight status` reads its statuses and authors)


def check(
    content_dir: Path,
    progress: Progress = SILENT,
    clean: bool = False,
    code: str | None = None,
    drafts: bool = False,
    memos: tuple[ParseCache, ParseCache] | None = None,
    records: RecordReuse | None = None,
    known: Known | None = None,
) -> Result:
    """Stages 1–4. The model is built only when no stage reported an error. `clean`: read
    no cache (parse, validate, anchor), only write it anew. What loading and the model
    make lives as long as the build: the collector is kept off it (`long_lived`). `code`:
    the parse cache's stamp, if the caller has it (`cachefile.stamps`). `drafts` (the
    preview): drafts and claims in review are modelled too (`content.status`); else only
    what is published, so no page, feed or data file of `build` can hold a draft. `memos`:
    the parse and anchor memos to use instead of the cache files (the resident preview's,
    held in memory: see `resident`). `records`: the last model's records, reused where
    made from the same inputs (`assemble.RecordReuse`); `known`: the last load's documents,
    taken unread where their file's stat is unchanged (`files.Known`)."""
    stages = Report()
    parsed = memos[0] if memos else ParseCache.open(content_dir, fresh=clean, code=code)
    with long_lived():
        content = load(content_dir, parsed, workers.in_parallel, known)
    progress.stage(f"loaded {len(content.documents)} files")
    stages.extend(validate(content, parsed) + status_problems(content))
    stages.extend(message_problems(content_dir, content.of("site"), parsed))
    parsed.save()
    progress.stage(f"validated {len(content.documents)} documents")
    sources = {d.id: d for d in content.of("source")}
    anchored = memos[1] if memos else parsed.sibling("anchored")
    texts, anchors, problems = anchor(content, sources, anchored)
    anchored.save()
    stages.extend(problems)
    stages.extend(leftover_problems(content, texts))
    progress.stage(f"anchored {len(anchors)} passages in {len(sources)} sources")
    report = Report()
    report.extend(content.problems)  # a file that does not parse: never relaxed
    report.extend(relaxed(stages.problems, content))
    built = to_build(content, report.problems, drafts)
    result = Result(report, counts=counts(content, built, anchors), content=content)
    if not report.errors:
        with long_lived():
            result.site = build_site(built, texts, anchors, records)
        progress.stage(
            f"modelled {len(result.site.claims)} claims, {len(result.site.outlets)} outlets,"
            f" {len(result.site.topics)} topics"
        )
    return result


def counts(content: Content, built: Content, anchors: dict) -> dict:
    """What `check` and `build` say they checked: the claims and sources built and the
    passages anchored in those claims; `unpublished`, the drafts and reviews left out."""
    claims = {d.id for d in built.of("claim")}
    kept = {(d.kind, d.id) for d in built.documents}
    return {
        "claims": len(claims),
        "sources": len(built.of("source")),
        "passages": sum(1 for key in anchors if key[0] in claims),
        "unpublished": sum(1 for key in unpublished(content) if key not in kept),
    }


def message_problems(content_dir: Path, sites: list, memo: ParseCache) -> list[Problem]:
    """The catalogue of site.yaml's language against the messages the templates use."""
    if not sites or not isinstance(sites[0].data.get("language"), str):
        return []  # no site.yaml, or no language in it: validation said so
    display = partial(display_path, root=content_dir)
    language, site_yaml = sites[0].data["language"], content_dir / "site.yaml"
    templates = site_templates(content_dir)
    out = catalogue.problems(templates, language, site_yaml, display, memo)
    for i, other in enumerate(listed_languages(sites[0])):
        if other == language:
            continue
        if catalogue.catalogue_files(templates, other) or other == catalogue.SOURCE_LANGUAGE:
            out += [p for p in catalogue.problems(templates, other, site_yaml, display, memo) if p not in out]
            continue
        where = display(catalogue.po_path(templates, other))
        what = f"the site publishes in '{other}', but there is no catalogue of its messages"
        hint = f"translate one into {where} (docs/translating.md)"
        out.append(sites[0].problem(("languages", i, "language"), what, hint))
    return out
