"""What a save costs the resident preview, in process: `serve`'s `Session` built once, then
claim and source saves through `Session.update`, each timed in CPU seconds of this process
(`resource.getrusage`, user + system, with the render's forked workers) with a breakdown by stage.

    .venv/bin/python benchmarks/resident_saves.py CONTENT [--saves 5] [--profile claim source]

CONTENT is changed in place (one claim's summary, one source's last sentence) and restored
at the end: give it a copy. The first update renders every page (a cold build in memory).
`--profile` runs one more save of each kind named under cProfile and prints its 40 costliest
calls by cumulative time (shares only: the profiler inflates call-heavy code).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import Edits  # noqa: E402

from sidelight.build import resident  # noqa: E402
from sidelight.output import render as rendering  # noqa: E402

STAGES: dict[str, float] = defaultdict(float)


def cpu() -> float:
    """This process's CPU seconds and its reaped children's (the render's forked workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(name: str, function: Callable) -> Callable:
    """`function`, adding its CPU time to STAGES[name] (nested stages count in both)."""

    def call(*args, **kwargs):
        start = cpu()
        try:
            return function(*args, **kwargs)
        finally:
            STAGES[name] += cpu() - start

    return call


def instrument() -> None:
    """Wrap the names the session and the render call, without changing Sidelight."""
    resident.check = timed("check", resident.check)
    resident.ModelChanges = timed("model changes", resident.ModelChanges)
    resident.render = timed("render (all)", resident.render)
    resident.link_problems = timed("link check", resident.link_problems)
    for name in ("open_data", "share_images", "feed", "sitemap"):
        setattr(rendering, name, timed(f"  render: {name}", getattr(rendering, name)))


def edit_source(edits: Edits) -> None:
    """A sentence appended to the article, its first word a number that changes each save:
    a quote ending the text has its suffix changed by every save (run.py's edit changes it
    only the first time, its later saves change a digit beyond the suffix's 32 characters)."""
    edits.count += 1
    text = edits.originals[edits.source].decode().rstrip("\n")
    edits.source.write_text(text + f" {edits.count} times a benchmark editor appended this.\n", encoding="utf-8")


def rebuilt_groups(session: resident.Session, before: dict) -> list[str]:
    """The page groups this save built again (a kept group keeps its entry object)."""
    return [name for name, entry in session.reuse.groups.items() if before.get(name) is not entry]


def save(session: resident.Session, edit: Callable[[], None], path: Path) -> tuple[float, dict[str, float], float]:
    edit()
    STAGES.clear()
    start, wall = cpu(), time.perf_counter()
    groups = session.reuse.groups
    update = session.update([path])
    spent = cpu() - start
    assert update.ok, update.report.errors[:3]
    stages = dict(STAGES)
    stages["pages rendered"] = len(update.rendered)
    rebuilt = rebuilt_groups(session, groups)
    stages["groups built"] = len(rebuilt)
    print(f"  built {len(rebuilt)} groups: {' '.join(rebuilt[:40])}; rendered {' '.join(update.rendered[:8])}")
    return spent, stages, time.perf_counter() - wall


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--profile", choices=("claim", "source"), nargs="*", default=[])
    args = parser.parse_args()
    instrument()
    session = resident.Session(args.content, drafts=True)
    start = cpu()
    first = session.update(None)
    assert first.ok, first.report.errors[:3]
    print(f"first update: {cpu() - start:.1f} s CPU, {len(session.files)} files", flush=True)
    edits = Edits(args.content)
    kinds = {"claim": (edits.edit_claim, edits.claim), "source": (lambda: edit_source(edits), edits.source)}
    try:
        for kind, (edit, path) in kinds.items():
            runs = [save(session, edit, path) for _ in range(args.saves)]
            report(kind, runs)
        for kind in args.profile:
            edit, path = kinds[kind]
            edit()
            profiler = cProfile.Profile()
            profiler.enable()
            session.update([path])
            profiler.disable()
            print(f"\nprofile of a {kind} save")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
    finally:
        edits.restore()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")
    return 0


def report(kind: str, runs: list[tuple[float, dict[str, float], float]]) -> None:
    print(f"\n{kind} saves: CPU s " + ", ".join(f"{c:.2f}" for c, _, _ in runs), flush=True)
    print(
        f"  median whole update: {statistics.median(c for c, _, _ in runs):.2f} s CPU, "
        f"{statistics.median(w for _, _, w in runs):.2f} s wall"
    )
    names = sorted({name for _, stages, _ in runs for name in stages})
    for name in names:
        values = [stages.get(name, 0.0) for _, stages, _ in runs]
        print(f"  {name:28} median {statistics.median(values):7.2f}  ({', '.join(f'{v:.2f}' for v in values)})")


if __name__ == "__main__":
    raise SystemExit(main())
