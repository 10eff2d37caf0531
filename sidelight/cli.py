"""Command line: `sidelight [build|check] …`. User errors become a message and an exit
status, never a traceback."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import pipeline
from .problems import Report


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sidelight", description="Build and check a Sidelight fact-checking site.")
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    sub = p.add_subparsers(dest="command")
    b = sub.add_parser("build", help="check the content and write the site (the default)")
    b.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    c = sub.add_parser("check", help="report every problem in the content, then exit 1 if there is an error")
    c.add_argument("--format", choices=("text", "github"), default="text", help="github: Actions annotations")
    c.add_argument("--strict", action="store_true", help="fail on warnings too")
    v = sub.add_parser("serve", help="build, then serve the site on 127.0.0.1")
    v.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    v.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.command = args.command or "build"
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "serve":
            return run_serve(args)
        return run_build(args)
    except KeyboardInterrupt:
        print("interrupted; the previous site is unchanged", file=sys.stderr)
        return 130


def print_report(report: Report, fmt: str = "text") -> None:
    for problem in report.sorted():
        print(problem.github() if fmt == "github" else problem.text(), file=sys.stderr if fmt == "text" else sys.stdout)


def summary(report: Report) -> str:
    e, w = len(report.errors), len(report.warnings)
    return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"


def run_check(args) -> int:
    start = time.perf_counter()
    result = pipeline.check(args.content)
    print_report(result.report, args.format)
    failed = bool(result.report.errors) or (args.strict and bool(result.report.warnings))
    n = result.counts
    if failed:
        print(f"check failed: {summary(result.report)}", file=sys.stderr)
        return 1
    print(f"ok: {n['claims']} claims, {n['sources']} sources, {n['passages']} passages anchored"
          f" ({summary(result.report)}, {time.perf_counter() - start:.2f} s)")
    return 0


def run_build(args) -> int:
    start = time.perf_counter()
    out = getattr(args, "out", Path("site"))
    result = pipeline.build(args.content, out)
    print_report(result.report)
    if result.report.errors:
        print(f"build failed: {summary(result.report)}; {out}/ was not changed", file=sys.stderr)
        return 1
    n = result.counts
    print(f"built {n['pages']} pages ({n['claims']} claims, {n['sources']} sources, {n['passages']} passages)"
          f" into {out}/ in {time.perf_counter() - start:.2f} s")
    return 0


def run_serve(args) -> int:
    from .serve import serve
    if run_build(args) != 0 and not args.out.is_dir():
        return 1
    try:
        serve(args.out, args.port)
    except OSError as exc:
        print(f"cannot serve on 127.0.0.1:{args.port}: {exc.strerror}; try --port 8001", file=sys.stderr)
        return 1
    return 0
