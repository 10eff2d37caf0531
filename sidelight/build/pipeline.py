"""The one place the stages are wired: check = load → validate → anchor → model (in
`checking`, re-exported here); build = check → render → write. Gather and check all data
first, then write.

The render streams: `build` takes the output folder's lock and a staging folder first
(`write.claimed`, `write.staging`), the render's workers write each page and share image
there as they make it, and the link check and Pagefind read them back from there one at
a time; no process holds every page. Any failure (a broken link, Pagefind, a template,
Ctrl-C) removes the staging folder and leaves the site as it was."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jinja2 import TemplateError

from sidelight.build import workers
from sidelight.build.checking import Result, check
from sidelight.build.incremental import BuildCache, CompiledTemplates, Output
from sidelight.build.nochange import MESSAGE as UNCHANGED
from sidelight.build.nochange import Snapshot
from sidelight.digest import sha
from sidelight.model.records import Site
from sidelight.output import catalogue
from sidelight.output.linkcheck import check_links
from sidelight.output.render import TEMPLATES, environment, render, template_globals  # noqa: F401 (TEMPLATES: the packaged theme, for tests)
from sidelight.output.searchindex import SearchIndexError, search_index
from sidelight.output.theme import site_templates
from sidelight.output.write import Stage, WriteError, claimed, site_id, staging, update_unlocked, write_unlocked
from sidelight.pages.messages import using
from sidelight.problems import Problem, Report
from sidelight.progress import SILENT, Progress


def build(
    content_dir: Path,
    out: Path,
    templates: Path | None = None,
    clean: bool = False,
    progress: Progress = SILENT,
    snapshot: Snapshot | None = None,
    search_later: bool = False,
    replace_out: bool = False,
    drafts: bool = False,
) -> Result:
    """Stages 1–6. Nothing is written unless the content is free of errors. If no input
    changed since the last build, nothing is done at all (see `nochange`); else pages whose
    inputs are unchanged are not rendered again, and only files that differ are written
    (see `incremental`); `clean` reads no cache at all and renders and writes everything.

    `search_later` (the preview): the pages are written with the last build's search
    index, and `result.index_search` is left to call once they are served: the index of
    thousands of pages takes longer than rendering the few an edit changed.

    `replace_out`: replace `out` even if Sidelight did not write it (see `write.prepare`).
    `drafts` (the preview): build drafts and claims in review too (see `check`)."""
    templates = templates or site_templates(content_dir)  # the site's own, else the packaged theme
    snapshot = snapshot or Snapshot.take(content_dir, out, templates, drafts)
    last = None if clean else snapshot.replay()
    if last is not None:
        return replayed(*last, progress)
    stamps = snapshot.stamps if snapshot.stamps.templates == templates else None  # each computed once
    result = check(content_dir, progress, clean, stamps and stamps.code, drafts)
    if result.site is None:
        return result
    cache = BuildCache.open(content_dir, out, templates, clean, stamps and stamps.theme)
    try:
        with claimed(out, replace_out, waiting(out, progress)) as folder, staging(folder) as stage:
            files = staged_build(result, templates, cache, stage, progress, search_later)
            if files is None:
                return result  # a broken link, or no search index: the site on disk stays as it was
            result.counts["written"] = (
                write_unlocked(files, folder, stage, files.staged)
                if clean
                else update_unlocked(files, folder, files.kept, files.site, stage, files.staged)
            )
            files.written(site_id(folder))  # what `index_search` vouches for: the site just written
            save(cache, snapshot, result)
    except WriteError as exc:  # e.g. --out names a folder Sidelight did not write
        result.report.add(write_problem(out, exc))
        return result
    written = result.counts["written"]
    progress.stage(f"wrote {written} files to {out}/" if written else f"{out}/ is up to date: nothing written")
    if search_later:
        result.index_search = lambda: index_search(result, files, out, cache, snapshot)
    return result


def staged_build(
    result: Result, templates: Path, cache: BuildCache, stage: Stage, progress: Progress, search_later: bool
) -> Output | None:
    """Stage 5 into `stage`, then the link check beside Pagefind over what it staged: the
    site's files, the search index among them, ready to write; None after an error (in
    `result.report`)."""
    assert result.site is not None, "only a build with a model renders"
    files = render_site(result.site, templates, cache, progress, stage)
    result.counts["pages"] = sum(1 for name in files if name.endswith(".html"))
    result.rendered = cache.pages.rendered
    result.drawn = cache.images.drawn
    pages, images = cache.pages, cache.images
    progress.stage(
        f"rendered {len(pages.rendered)} pages ({len(pages.reused)} unchanged)"
        f" and drew {len(images.drawn)} share images ({len(images.kept)} unchanged)"
    )
    with ThreadPoolExecutor(max_workers=1) as pool:  # Pagefind works on the other core meanwhile
        indexing = None if search_later else pool.submit(search_files, result.site.settings.language, files, cache)
        result.report.extend(link_problems(files, result.site.settings.base_url, stage.out.name, cache))
        index, problems = indexing.result() if indexing else (cache.search.last_index(), [])
    result.report.extend(problems)
    if result.report.errors:
        return None
    files.add(index)
    progress.stage("checked every internal link" + ("" if search_later else " and indexed the pages for search"))
    return files


def render_site(site: Site, templates: Path, cache: BuildCache, progress: Progress, stage: Stage) -> Output:
    """Stage 5 with every speed trick wired in: pages reused by `cache.pages`, open data
    pieces by `cache.open_data`, share images by `cache.images`, templates compiled by an
    earlier build (`cache.templates`), groups of pages rendered in worker processes, each
    page and image written to `stage` by the process that made it."""
    with using(catalogue.messages(templates, site.settings.language)):  # the navigation's labels
        cache.begin(site, template_globals(site))
    compile_templates(templates, cache.templates)
    files = render(
        site,
        templates,
        reuse=cache.pages,
        memo=cache.open_data.memo,
        parallel_map=cache.pages.parallel(workers.in_parallel),
        images=cache.images.images,
        tick=progress.tick,
        compiled=cache.templates,
        put=stage.put,
    )
    return Output(cache.out, files, cache.site, stage)


def compile_templates(templates: Path, compiled: CompiledTemplates) -> None:
    """Every template compiled, or read back from `compiled`, in this process before any
    worker is forked: the workers start with the code, and `compiled` keeps it for the next
    build (whose few changed pages are rendered here, not in a worker). A template that
    does not compile is left to the render, which reports it on the page that uses it."""
    env = environment(templates, compiled)
    for name in env.list_templates(extensions=["html"]):
        try:
            env.get_template(name)
        except TemplateError:
            pass


def index_search(result: Result, files: Output, out: Path, cache: BuildCache, snapshot: Snapshot) -> list[Problem]:
    """The second half of a `search_later` build: Pagefind over the pages just written (if
    any changed), then the index swapped in the same way. Returns Pagefind's problem, if
    any: the site then keeps the last index."""
    assert result.site is not None, "only a build with a model has pages to index"
    last = cache.search.last_index()
    index, problems = search_files(result.site.settings.language, files, cache)
    if problems or index.keys() == last.keys():
        return problems
    files.remove(last)
    files.add(index)
    try:
        with claimed(out) as folder:
            update_unlocked(files, folder, files.kept, files.site)
            save(cache, snapshot, result)
    except WriteError as exc:
        return [write_problem(out, exc)]
    return []


def save(cache: BuildCache, snapshot: Snapshot, result: Result) -> None:
    """Record the site just written, while the write's lock is still held: no other build's
    site can be in `out` between the swap and these records (a build stalled or killed
    there would leave records of another site, and later builds would keep its pages)."""
    cache.save()
    snapshot.save(result.report.problems, result.counts)


def waiting(out: Path, progress: Progress):
    return lambda: progress.say(f"waiting for another build into {out}/ to finish")


def write_problem(out: Path, exc: WriteError) -> Problem:
    return Problem(str(out), 1, 1, str(exc), exc.hint)


def replayed(problems: list[Problem], counts: dict, progress: Progress) -> Result:
    """The result of a build skipped because nothing changed: the last build's problems
    (its warnings) and counts, nothing rendered or written."""
    report = Report()
    report.extend(problems)
    progress.stage(UNCHANGED)
    return Result(report, counts=counts | {"written": 0})


def link_problems(files: Output, base_url: str, shown: str, cache: BuildCache) -> list[Problem]:
    """Every broken internal link. After an incremental render only the pages whose bytes
    changed are checked, unless a file went away or a changed page's ids did (see
    `LinkCheckNarrowing`); then, and on a clean build, every page."""
    scans: dict = {}
    narrowing = cache.links
    only = narrowing.pages_to_check(files, base_url, cache.pages.outputs())
    problems = check_links(files, base_url, shown, only, scans)
    if only is not None and narrowing.targets_changed(only, scans):
        problems = check_links(files, base_url, shown, None, scans)
    narrowing.note_ids(scans)
    return problems


def search_files(language: str, files: Output, cache: BuildCache) -> tuple[dict[str, bytes | None], list]:
    """The search index's files, to write with the pages they describe (one atomic swap),
    and the problem if Pagefind failed. Pagefind runs only when a page changed
    (`cache.search`, keyed by the digests of the pages' bytes, so unchanged pages are
    not read). Runs beside the link check, so it only reads `files`."""
    pages = sorted(name for name in files if name.endswith(".html"))
    outputs = cache.pages.outputs()
    digests = [outputs.get(n) or sha(files[n] or b"") for n in pages]  # a language edition's pages are not reused
    key = sha("\0".join([language] + [f"{n}\0{d}" for n, d in zip(pages, digests, strict=True)]).encode())
    previous = cache.search.previous()  # its files still as written: kept unread
    try:
        return cache.search.index(key, lambda: search_index(files, language, previous, outputs)), []
    except SearchIndexError as exc:
        return {}, [Problem("pagefind", 1, 1, str(exc), exc.hint)]
