"""Where a build's (or a check's) time goes: a pyinstrument profile, summed by stage and library.

    .venv/bin/python benchmarks/profile_build.py --content /tmp/sidelight-bench/n1000/content build
    .venv/bin/python benchmarks/profile_build.py --content /tmp/sidelight-bench/n1000/content check
    .venv/bin/python benchmarks/profile_build.py --timing-only --content … build

Runs the command line in this process under pyinstrument (a sampling profiler, so the
figures are not inflated by tracing every call), from before Sidelight is imported,
then prints two summaries and writes the full profile as text and HTML:

- by stage: the total time inside each call `sidelight/build/pipeline.py` makes into another
  module (load, validate, anchor, build_site, render, write, and stages added later);
- by library: self time (time in a function itself, not its callees) summed by where
  the code lives — YAML, jsonschema, Markdown, Jinja2, each Sidelight module …
  C functions (the YAML C parser, nh3, rapidfuzz, str methods) count toward the
  library of their caller, marked `(C calls)`: nh3 is `sidelight/pages/markup.py (C calls)`.

A sampling profiler still slows call-heavy code (Jinja2, Markdown) more than the rest,
so `--timing-only` times each stage of an unprofiled run as well.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from collections import defaultdict
from pathlib import Path

from pyinstrument import Profiler

HERE = Path(__file__).resolve().parent
LIBRARIES = [("/yaml/", "PyYAML"), ("/jsonschema", "jsonschema"), ("/referencing/", "jsonschema"),
             ("/rpds", "jsonschema"), ("/markdown/", "Python-Markdown"), ("/jinja2/", "Jinja2"),
             ("/markupsafe/", "MarkupSafe"), ("/rapidfuzz/", "rapidfuzz"), ("/nh3", "nh3"),
             (".html", "Jinja2 templates"), ("/shutil.py", "shutil (write)"), ("/pathlib.py", "pathlib"),
             ("/re/", "re"), ("/importlib", "imports"), ("<frozen importlib", "imports"),
             ("<frozen posixpath", "posixpath"), ("/posixpath", "posixpath")]


def library(path: str) -> str:
    """A short name for where a piece of code lives."""
    if "/sidelight/" in path:
        return "sidelight/" + path.rsplit("/sidelight/", 1)[1]
    return next((name for key, name in LIBRARIES if key in path), "other")


def self_times(frame, parent: str = "", out=None) -> dict[str, float]:
    """Self time per library. pyinstrument's synthetic `[self]` frame counts to its parent;
    a C function (`<built-in>`) to its caller's library, marked `(C calls)`: nh3, the YAML
    C parser and str methods are spent there."""
    out = out if out is not None else defaultdict(float)
    if frame.file_path == "<built-in>":
        label = parent.removesuffix(" (C calls)") + " (C calls)"
    else:
        label = library(frame.file_path) if frame.file_path else parent
    own = frame.time - sum(child.time for child in frame.children)
    out[label] += max(own, 0.0)
    for child in frame.children:
        self_times(child, label, out)
    return out


def stage_times(frame, out=None) -> dict[str, float]:
    """Total time of each call the pipeline makes: a frame in sidelight/ (other than
    pipeline.py) whose caller is in pipeline.py, so stages added later are found too."""
    out = out if out is not None else defaultdict(float)
    in_pipeline = (frame.file_path or "").endswith("/sidelight/build/pipeline.py")
    for child in frame.children:
        path = child.file_path or ""
        if in_pipeline and "/sidelight/" in path and not path.endswith("/pipeline.py"):
            out[f"{child.function} ({Path(path).name})"] += child.time
        else:
            stage_times(child, out)
    return out


def timed_stages(tree: Path, cli_args: list[str]) -> int:
    """Without the profiler: wall time of each stage function the pipeline calls, by wrapping
    the names `sidelight.build.pipeline` imported from the other modules (Sidelight is not changed)."""
    import time
    start = time.perf_counter()
    from sidelight.build import pipeline
    from sidelight.cli import main as sidelight
    imported = time.perf_counter() - start
    totals: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    for name, value in list(vars(pipeline).items()):
        if callable(value) and getattr(value, "__module__", "").startswith("sidelight.") \
                and value.__module__ != pipeline.__name__ and not isinstance(value, type):
            setattr(pipeline, name, _timer(value, f"{name} ({value.__module__})", totals, cpu))
    start, cpu_start = time.perf_counter(), time.process_time()
    status = sidelight(cli_args)
    total, cpu_total = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"exit status {status}; imports {imported:.2f} s, command {total:.2f} s wall, {cpu_total:.2f} s CPU")
    report("by stage, no profiler (wall time of each stage call)", totals, total)
    report("by stage, no profiler (CPU time of this process in each stage call)", cpu, cpu_total)
    return status


def _timer(function, label: str, totals: dict, cpu: dict):
    import time

    def timed(*args, **kwargs):
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - start
            cpu[label] += time.process_time() - cpu_start
    return timed


def report(title: str, times: dict[str, float], total: float, limit: int = 25) -> None:
    print(f"\n{title}")
    for name, seconds in sorted(times.items(), key=lambda kv: -kv[1])[:limit]:
        print(f"  {seconds:7.2f} s  {100 * seconds / total:5.1f} %  {name}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--content", type=Path, required=True)
    p.add_argument("--tree", type=Path, default=HERE.parent, help="the Sidelight checkout to profile")
    p.add_argument("--out", type=Path, default=Path("/tmp/sidelight-profile"), help="folder for the reports")
    p.add_argument("--timing-only", action="store_true", help="no profiler: only each stage's wall time")
    p.add_argument("--warm", action="store_true", help="keep the previous output and cache (default: a cold build)")
    p.add_argument("command", choices=("build", "check"))
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.warm:
        for name in ("site", ".sidelight-cache"):
            shutil.rmtree(args.out / name, ignore_errors=True)
    sys.path.insert(0, str(args.tree.resolve()))
    cli_args = ["--content", str(args.content), args.command]
    cli_args += ["--out", str(args.out / "site")] if args.command == "build" else []
    if args.timing_only:
        return timed_stages(args.tree, cli_args)
    profiler = Profiler(interval=0.001)
    profiler.start()
    from sidelight.cli import main as sidelight
    status = sidelight(cli_args)
    profiler.stop()
    root = profiler.last_session.root_frame(trim_stem=False)
    (args.out / f"{args.command}.txt").write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    (args.out / f"{args.command}.html").write_text(profiler.output_html(), encoding="utf-8")
    print(f"exit status {status}; {root.time:.2f} s profiled; full reports in {args.out}/{args.command}.txt|.html")
    report("by stage (total time in each stage call)", stage_times(root), root.time)
    report("by library (self time)", self_times(root), root.time)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
