"""The resident build of `serve`: the content's memos, the model and every file of the site
held in memory between saves, so a save costs what it changes, not what the site holds.

A save is sorted by what changed (`sort_changes`): a template or a static asset needs no
new model (the last one is rendered again, every page of it, since which template a page
includes is not tracked); a claim, a source, site settings or vocabularies need the check
stages, where each file is parsed, validated and anchored again only if its bytes (or,
for references and anchors, what they depend on) changed: the parse and anchor memos are
`ParseCache`s kept here instead of in files; a schema empties those memos. Then the
render reuses pages exactly as `build` does (`incremental.PageReuse`, the same
dependency tracking), with the last pages' bytes held here instead of stat-ed in site/
(`HeldPages`), and the link check looks at the changed pages only (`LinkCheckNarrowing`).

Invariants:
- "incremental equals clean": after any sequence of saves, `files` (without the search
  index, `SEARCH`) is byte for byte what a clean build of the same content renders;
  the search index is too once `index_search` has run for the current pages;
- a failed save changes nothing here: `files` stays the last good site;
- memory does not grow with the number of saves: each memo keeps only the entries the
  last check used, each reuse part only the last build's entries, the site only its files.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sidelight.build import cachefile, workers
from sidelight.build.checking import check
from sidelight.build.incremental import (
    BuildCache,
    Entry,
    GroupEntry,
    LinkCheckNarrowing,
    ModelChanges,
    OpenDataPieces,
    Output,
    PageReuse,
    ShareImageReuse,
    read_output,
)
from sidelight.build.parsecache import ParseCache
from sidelight.build.tracking import Carried
from sidelight.content.files import Known
from sidelight.content.schemas import SCHEMA_DIR, forget
from sidelight.digest import sha
from sidelight.model.assemble import RecordReuse
from sidelight.model.records import Site
from sidelight.output.linkcheck import check_links
from sidelight.output.render import environment, render, template_globals
from sidelight.output.searchindex import BUNDLE, SearchIndexError, search_index
from sidelight.output.theme import folders, site_templates
from sidelight.output.write import WriteError, claimed, site_id, update_unlocked
from sidelight.pages.share import ShareCard
from sidelight.problems import Problem, Report
from sidelight.progress import SILENT, Progress

SEARCH = BUNDLE  # the search index's files start so
EVERYTHING = "everything"  # a save whose files are not known: treated as any change
KINDS = {"claims": "claim", "sources": "source"}
SETTINGS = {"site.yaml", "vocabulary.yaml"}


def sort_changes(changed: Iterable[Path] | None, content: Path, templates: Path) -> set[str]:
    """What kinds of input a save touched: `claim`, `source`, `settings` (site settings,
    vocabularies), `content` (any other content file), `template`, `schema`; `everything`
    when the files are not known (the first build)."""
    if changed is None:
        return {EVERYTHING}
    theme = [folder.resolve() for folder in folders(templates)]
    root, schemas = content.resolve(), SCHEMA_DIR.resolve()
    kinds = set()
    for path in changed:
        path = path.resolve()
        if path.is_relative_to(schemas):
            kinds.add("schema")
        elif any(path.is_relative_to(folder) for folder in theme):
            kinds.add("template")
        elif path.is_relative_to(root):
            kinds.add(content_kind(path.relative_to(root).parts))
        else:
            kinds.add(EVERYTHING)
    return kinds


def content_kind(parts: tuple[str, ...]) -> str:
    if len(parts) == 1 and parts[0] in SETTINGS:
        return "settings"
    return KINDS.get(parts[0], "content") if parts else "content"


class HeldPages(PageReuse):
    """`PageReuse` for a site held in memory: a page is kept when its context and reads are
    the last build's and its bytes are held (`held`), whatever site/ holds."""

    def __init__(self, held: Mapping[str, bytes], previous: dict[str, Entry], globals_before: str, groups):
        super().__init__(Path(), previous, globals_before, groups)
        self.held = held

    def still_there(self, file: str, old: Entry) -> bool:
        return file in self.held


Shapes = dict[str, tuple[bytes, Callable, object]]  # key: (the entry's bytes, the shape, what it made of them)


class HeldMemo(ParseCache):
    """A memo held in memory (`ParseCache` without a file) that also remembers what each
    entry was checked to be (`checked`: the shape a stage made of it, e.g. a claim's
    anchors), by the very bytes object it was made of: a save checks again only the
    entries of the files it changed, not every one (an unmarshal and a walk of each)."""

    def __init__(self, code: str, entries: dict[str, bytes], shapes: Shapes):
        super().__init__(None, code, entries)
        self.shapes = shapes

    def checked(self, key: str, shaped: Callable[[object], Any]) -> Any:
        data = self.before.get(key) or self.made.get(key)
        hit = self.shapes.get(key)
        if data is not None and hit is not None and hit[0] is data and hit[1] is shaped:
            self.now[key] = data
            return hit[2]
        value = shaped(self.get(key))
        if data is not None:
            self.shapes[key] = (data, shaped, value)
        return value

    def shaped_now(self) -> Shapes:
        """The shapes of the entries this run used: kept no longer than their entries."""
        now, shapes = self.now, self.shapes
        return {key: hit for key, hit in shapes.items() if now.get(key) is hit[0]}


class HeldImages(ShareImageReuse):
    """`ShareImageReuse` for a site held in memory: an image is kept while its card digests
    as the last build's did and its bytes are held (`held`), whatever site/ holds. A card
    that is the very object the last build digested (`share.share_cards` keeps a card
    while its claim is the same object) is not digested again (`cards`: the last ones)."""

    def __init__(self, held: Mapping[str, bytes], before: dict[str, str], cards: dict[str, ShareCard] | None = None):
        super().__init__(Path(), {file: (digest, []) for file, digest in before.items()})
        self.held, self.last_cards = held, cards or {}
        self.cards: dict[str, ShareCard] = {}

    def digest(self, card: ShareCard) -> str:
        self.cards[card.file] = card
        old = self.before.get(card.file)
        if old is not None and self.last_cards.get(card.file) is card:
            return old[0]
        return super().digest(card)

    def keepable(self, file: str) -> bool:
        old = self.before.get(file)
        return old is not None and old[0] == self.now[file] and file in self.held


@dataclass
class Update:
    """What one save did: its problems (the check's warnings too), the kinds of change,
    the pages rendered and kept, the files whose bytes changed."""

    report: Report
    kinds: set[str]
    rendered: list[str] = field(default_factory=list)
    kept: int = 0
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.report.errors


@dataclass
class Reuse:
    """The last good build's entries each reuse part starts the next build from."""

    pages: dict[str, Entry] = field(default_factory=dict)
    globals: str = ""
    groups: dict[str, GroupEntry] = field(default_factory=dict)
    records: dict[str, str | None] = field(default_factory=dict)
    open_data: dict = field(default_factory=dict)
    link_files: set[str] | None = None
    link_pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)  # each share image's card digest
    cards: dict[str, ShareCard] = field(default_factory=dict)  # the cards those digests are of


class Session:
    """The resident build: `update` after each save, `files` to serve, `index_search`
    when the editor is idle. Not thread-safe: one caller updates; readers take `files`
    (a dict replaced whole by each update, never changed in place).

    `drafts`: build drafts too (the preview shows them; `build` never does), as `check`
    takes it. `seed`: the site/ folder the last `build` (or `serve`)
    wrote: the first update starts from its caches and keeps its unchanged files, as an
    incremental `build` would (None: the first update renders everything)."""

    def __init__(self, content: Path, templates: Path | None = None, drafts: bool = False, seed: Path | None = None):
        self.content, self.seed = content, seed
        self.templates = templates or site_templates(content)
        self.drafts = drafts
        self.files: dict[str, bytes] = {}  # the last good site, search index included
        self.site: Site | None = None
        self.generation = 0  # counts the updates that changed `files`
        self.search_key = ""  # the pages the search index in `files` was made for
        self.memos: tuple[dict[str, bytes], dict[str, bytes]] = ({}, {})
        self.shapes: tuple[Shapes, Shapes] = ({}, {})  # what the memos' entries were checked to be
        self.code = self.theme = ""
        self.check_report = Report()  # the last check's problems (its warnings, on a template edit)
        self.reuse = Reuse()
        self.pages_digest = ""  # of the pages held, as the search index's key (`pages_key`)
        self.page_digests: dict[str, str] = {}  # of each page held, for the search shards' keys
        self.env = environment(self.templates)  # the compiled templates, while they are unchanged
        self.records = RecordReuse()  # the last model's records, by what each was made from
        self.known = Known()  # the last load's documents, by their file's stat
        self.digests: Carried | None = None  # the last good model's, carried for records reused

    def update(self, changed: Iterable[Path] | None = None, progress: Progress = SILENT) -> Update:
        """Build after a save of `changed` (None: anything may have changed). On success
        `files` is the new site; on errors it is left as it was."""
        kinds = sort_changes(changed, self.content, self.templates)
        if kinds & {"template", "schema", EVERYTHING}:
            self.restamp(kinds)
        site = self.site if self.site is not None and kinds <= {"template"} else None
        if site is None:
            site = self.checked(progress)
        if site is None:
            return Update(self.check_report, kinds)
        return self.rendered(site, kinds, progress)

    def restamp(self, kinds: set[str]) -> None:
        """After a save of the theme or the schemas (the code of a running process does not
        change): memos of other schemas are dropped, pages of other templates not kept."""
        stamps = cachefile.stamps(self.templates)
        if stamps.code != self.code:  # a schema (or the first build): nothing parsed stands
            if self.code:
                forget()
            self.memos = self.seeded_memos(stamps.code) if not self.code and self.seed else ({}, {})
            self.shapes = ({}, {})
            self.records, self.digests, self.known = RecordReuse(), None, Known()
            self.code = stamps.code
            kinds.add("schema")
        if stamps.theme != self.theme:  # a template: every page is rendered again, compiled anew
            self.reuse.pages, self.reuse.groups, self.theme = {}, {}, stamps.theme
            self.env = environment(self.templates)

    def seeded_memos(self, code: str) -> tuple[dict[str, bytes], dict[str, bytes]]:
        """The parse and anchor caches `check` left in the cache folder, for the first update."""
        parsed = ParseCache.open(self.content, code=code)
        return parsed.before, parsed.sibling("anchored").before

    def checked(self, progress: Progress) -> Site | None:
        """Stages 1–4 with the memos held here; None if they found errors."""
        parsed, anchored = (HeldMemo(self.code, memo, shapes) for memo, shapes in zip(self.memos, self.shapes))
        memos, drafts = (parsed, anchored), self.drafts
        result = check(
            self.content, progress, code=self.code, memos=memos, drafts=drafts, records=self.records, known=self.known
        )
        self.memos = (parsed.now, anchored.now)  # only what this check used: bounded by the content
        self.shapes = (parsed.shaped_now(), anchored.shaped_now())
        self.check_report = result.report
        return result.site

    def rendered(self, site: Site, kinds: set[str], progress: Progress) -> Update:
        """Stage 5 and the link check on the held site; `files` replaced if no link is broken."""
        before, held = self.reuse, self.files
        cache = BuildCache.open(self.content, self.seed, self.templates, theme=self.theme) if self.seed else None
        if cache is not None:  # the first update: from the last build's caches and site/
            cache.begin(site, template_globals(site))
            pages, model, open_data, links = cache.pages, cache.model, cache.open_data, cache.links
            images: ShareImageReuse = cache.images
        else:
            pages = HeldPages(held, before.pages, before.globals, before.groups)
            model = ModelChanges(site, before.records, self.digests)
            pages.begin(model, site, template_globals(site))
            open_data = OpenDataPieces(before.open_data)
            open_data.model = model
            links = LinkCheckNarrowing(before.link_files, before.link_pages)
            images = HeldImages(held, before.images, before.cards)
        assert model is not None, "begun"
        made = render(
            site,
            self.templates,
            reuse=pages,
            memo=open_data.memo,
            parallel_map=pages.parallel(workers.in_parallel),
            images=images.images,
            tick=progress.tick,
            env=self.env,
        )
        kept = Output(self.seed, dict.fromkeys(made)) if self.seed else held  # a kept page: in site/, or held
        files = {
            name: same(held.get(name), cast(bytes, data)) if data is not None else kept[name]  # no `put`: none staged
            for name, data in made.items()
        }
        report = Report()
        report.extend(self.check_report.problems)
        report.extend(link_problems(files, site.settings.base_url, links, pages.outputs()))
        update = Update(report, kinds, pages.rendered, len(pages.reused))
        if report.errors:
            return update
        self.keep(site, files, pages, model, open_data, links, images)
        if cache is not None:
            self.adopt_index(cache.search.before)
            self.seed = None
        update.changed = [name for name, data in self.files.items() if held.get(name) is not data]
        update.removed = sorted(held.keys() - self.files.keys())
        if update.changed or update.removed:
            self.generation += 1
        return update

    def keep(
        self, site, files, pages: PageReuse, model: ModelChanges, open_data: OpenDataPieces, links, images
    ) -> None:
        """The build just made becomes the last good one."""
        self.reuse = Reuse(
            pages.current,
            pages.globals_now,
            pages.groups_now,
            model.now,
            open_data.now,
            set(links.files_now),
            links.pages_now,
            images.now,
            images.cards if isinstance(images, HeldImages) else {},
        )
        self.pages_digest = pages_key(site.settings.language, pages.outputs())
        self.page_digests = pages.outputs()
        self.digests = model.digests.carried(model.now)
        index = {name: data for name, data in self.files.items() if name.startswith(SEARCH)}
        self.site, self.files = site, files | index  # the last index, until `index_search`

    def adopt_index(self, last: dict | None) -> None:
        """The search index in site/, if the last build made it for the very pages held now
        (its key is `pipeline.search_files`'s, which `pages_key` computes alike) and its
        files are still those it made."""
        folder = self.seed
        if not last or folder is None or last.get("key") != self.pages_key():
            return
        index = {name: read_output(folder, name) for name in last.get("files", {})}
        if all(data is not None and sha(data) == last["files"][name] for name, data in index.items()):
            self.files = self.files | cast(dict[str, bytes], index)
            self.search_key = last["key"]

    def recorder(self) -> Callable[[Path], None]:
        """What records this session's last good build in the cache folder, as `build`
        leaves its own: the parse and anchor memos and the render cache for the site the
        writer put in site/, so a `build` after `serve` keeps what is unchanged. To call
        once that site is written, with the writer's lock held (`Writer.record`)."""
        reuse, theme, code, memos = self.reuse, self.theme, self.code, self.memos
        search = self.search_record()

        def record(out: Path) -> None:
            parsed = ParseCache.open(self.content, code=code)
            anchored = parsed.sibling("anchored")
            for memo, entries in zip((parsed, anchored), memos, strict=True):
                memo.now = entries
                memo.save()
            cache = BuildCache.open(self.content, out, self.templates, clean=True, theme=theme)
            cache.pages = pages = PageReuse(out, {}, "", {})
            pages.current, pages.globals_now, pages.groups_now = reuse.pages, reuse.globals, reuse.groups
            cache.open_data.now = reuse.open_data
            cache.links.files_now, cache.links.pages_now = sorted(reuse.link_files or ()), reuse.link_pages
            cache.search.now = search
            cache.images.now = reuse.images
            cache.records_before = reuse.records
            cache.save()

        return record

    def search_record(self) -> dict | None:
        """The search index held, as the render cache records it (`SearchIndexReuse`)."""
        if self.site is None or self.search_stale:
            return None
        index = {name: sha(data) for name, data in self.files.items() if name.startswith(SEARCH)}
        return {"key": self.search_key, "files": index}

    @property
    def search_stale(self) -> bool:
        """Whether the search index in `files` was made for other pages than those held."""
        return self.site is not None and self.search_key != self.pages_key()

    def pages_key(self) -> str:
        return self.pages_digest

    def index_search(self) -> tuple[dict[str, bytes] | None, list[Problem]]:
        """The search index of the pages held now (Pagefind), with the key of those pages;
        None when it is current. Runs beside updates (it only reads `files`, taken once):
        `take_index` swaps it in if no update came meanwhile."""
        if self.site is None or not self.search_stale:
            return None, []
        files, language, digests = self.files, self.site.settings.language, self.page_digests
        pages = {name: data for name, data in files.items() if not name.startswith(SEARCH)}
        try:
            return search_index(pages, language, files, digests), []
        except SearchIndexError as exc:
            return None, [Problem("pagefind", 1, 1, str(exc), exc.hint)]

    def take_index(self, index: dict[str, bytes], generation: int) -> bool:
        """Swap in a search index made for the pages of `generation`; False if another
        update came since (the index is then of pages no longer held)."""
        if generation != self.generation or self.site is None:
            return False
        pages = {name: data for name, data in self.files.items() if not name.startswith(SEARCH)}
        self.files = pages | {name: same(self.files.get(name), data) for name, data in index.items()}
        self.search_key = self.pages_key()
        return True


def pages_key(language: str, outputs: dict[str, str]) -> str:
    """The digest of the pages (their names and their bytes' digests) a search index is
    made from: `pipeline.search_files`'s key, so the last build's index can be adopted."""
    return sha("\0".join([language] + [f"{n}\0{d}" for n, d in sorted(outputs.items())]).encode())


def same(old: bytes | None, new: bytes | None) -> bytes:
    """`new`, or the held `old` when they are equal (a kept page is None): an unchanged
    file keeps its bytes object, so a writer tells it unchanged by identity."""
    if new is None:
        assert old is not None, "a kept page is held"
        return old
    return old if old is not None and old == new else new


def link_problems(
    files: Mapping[str, bytes], base_url: str, links: LinkCheckNarrowing, outputs: dict[str, str]
) -> list[Problem]:
    """Every broken internal link, checking only the changed pages when that is enough
    (see `pipeline.link_problems`, which does the same for `build`)."""
    scans: dict = {}
    only = links.pages_to_check(files, base_url, outputs)
    problems = check_links(files, base_url, "site", only, scans)
    if only is not None and links.targets_changed(only, scans):
        problems = check_links(files, base_url, "site", None, scans)
    links.note_ids(scans)
    return problems


class Writer:
    """Writes the held site to site/ for the static server, in its own thread, so no save
    waits for it: the latest site handed over is written, intermediate ones are skipped.
    A file whose bytes object is the one last written is linked, not compared (`same`
    keeps an unchanged file's object); site/ is replaced atomically as by `build`."""

    def __init__(self, out: Path, replace: bool = False, report=None):
        self.out, self.replace = out, replace
        self.report = report or (lambda problem: None)  # told of a failed write
        self.failure: Problem | None = None  # why the last write failed; None once one succeeds
        self.pending: dict[str, bytes] | None = None
        self.busy = False
        self.written: dict[str, bytes] = {}
        self.site = ""  # `write.site_id` of the site this writer wrote last
        self.condition = threading.Condition()
        self.thread = threading.Thread(target=self.run, name="sidelight-write", daemon=True)
        self.thread.start()

    def write(self, files: dict[str, bytes]) -> None:
        with self.condition:
            self.pending = files
            self.condition.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Until every site handed over is written; False on timeout."""
        with self.condition:
            return self.condition.wait_for(lambda: self.pending is None and not self.busy, timeout)

    def run(self) -> None:
        while True:
            with self.condition:
                self.condition.wait_for(lambda: self.pending is not None)
                files, self.pending, self.busy = self.pending, None, True
            try:
                assert files is not None, "waited for"
                self.write_now(files)
                self.failure = None
            except WriteError as exc:
                self.failed(Problem(str(self.out), 1, 1, str(exc), exc.hint))
            except OSError as exc:
                self.failed(Problem(str(self.out), 1, 1, f"could not write the site: {exc}", "check the folder"))
            finally:
                with self.condition:
                    self.busy = False
                    self.condition.notify_all()

    def failed(self, problem: Problem) -> None:
        self.failure = problem
        self.report(problem)

    def record(self, record: Callable[[Path], None]) -> None:
        """`record(site/)` once every site handed over is written, under the write's lock,
        if site/ is still the site this writer wrote last."""
        self.wait()
        if not self.site:
            return
        with claimed(self.out) as folder:
            if site_id(folder) == self.site:
                record(folder)

    def write_now(self, files: dict[str, bytes]) -> None:
        kept = [name for name, data in files.items() if self.written.get(name) is data]
        with claimed(self.out, self.replace) as folder:
            try:
                update_unlocked(files, folder, kept, self.site)
            except WriteError:  # another build replaced site/ since: compare every file instead
                update_unlocked(files, folder)
            self.site = site_id(folder)
        self.written, self.replace = files, False
