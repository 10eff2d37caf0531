"""Command line: `sidelight [build|check|serve|new] …`. User errors become a message and an
exit status, never a traceback."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import ERROR, Report
from .progress import NORMAL, QUIET, VERBOSE, Progress


def common() -> argparse.ArgumentParser:
    """Options accepted before or after the command (`-q build` and `build -q` alike)."""
    p = argparse.ArgumentParser(add_help=False)
    loud = p.add_mutually_exclusive_group()
    loud.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=VERBOSE,
                      default=argparse.SUPPRESS, help="say more: pages rendered, files written")
    loud.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=QUIET,
                      default=argparse.SUPPRESS, help="print errors only")
    p.add_argument("--content", type=Path, default=argparse.SUPPRESS, help="content folder (default: content)")
    return p


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sidelight", parents=[common()],
                                description="Build, check, preview and edit a Sidelight fact-checking site.")
    p.set_defaults(verbosity=NORMAL, content=Path("content"), command="build", out=Path("site"), clean=False)
    sub = p.add_subparsers(dest="command")
    b = sub.add_parser("build", parents=[common()], help="check the content and write the site (the default)")
    out_options(b)
    c = sub.add_parser("check", parents=[common()],
                       help="report every problem in the content, then exit 1 if there is an error")
    c.add_argument("--format", choices=("text", "github"), default="text", help="github: Actions annotations")
    c.add_argument("--strict", action="store_true", help="fail on warnings too")
    c.add_argument("--fix-quotes", action="store_true",
                   help="first rewrite each quote that is near-identical (95%%) to one passage of its source"
                        " to the source's exact words, keeping the file's comments and layout")
    v = sub.add_parser("serve", parents=[common()], help="preview: build, serve on 127.0.0.1, rebuild on change")
    out_options(v)
    v.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    n = sub.add_parser("new", parents=[common()], help="start a new claim, source, outlet or topic file")
    n.add_argument("kind", choices=("claim", "source", "outlet", "topic"))
    n.add_argument("id", help="the new id: lower-case letters, digits and single hyphens")
    n.add_argument("--from-html", type=Path, metavar="PAGE.html",
                   help="for a source: take the headline, byline, date, address and text from a saved web page")
    return p


def out_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    p.add_argument("--clean", action="store_true", help="render and write every page, ignoring the cache")
    p.add_argument("--replace-out", action="store_true", help="replace --out even if Sidelight did not write it")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    commands = {"check": run_check, "serve": run_serve, "new": run_new, "build": run_build}
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        print("interrupted; the previous site is unchanged", file=sys.stderr)
        return 130


def print_report(report: Report, fmt: str = "text", verbosity: int = NORMAL) -> None:
    for problem in report.sorted():
        if verbosity == QUIET and problem.severity != ERROR:
            continue
        print(problem.github() if fmt == "github" else problem.text(), file=sys.stderr if fmt == "text" else sys.stdout)


def summary(report: Report) -> str:
    e, w = len(report.errors), len(report.warnings)
    return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"


def run_check(args) -> int:
    if args.fix_quotes:
        from .fixquotes import fix_quotes
        fix_quotes(args.content, args.verbosity)
    from . import pipeline
    progress = Progress(args.verbosity if args.verbosity >= VERBOSE else QUIET)
    result = pipeline.check(args.content, progress)
    print_report(result.report, args.format, args.verbosity)
    failed = bool(result.report.errors) or (args.strict and bool(result.report.warnings))
    n = result.counts
    if failed:
        if args.verbosity > QUIET:
            print(f"check failed: {summary(result.report)}", file=sys.stderr)
        return 1
    if args.verbosity > QUIET:
        print(f"ok: {n['claims']} claims, {n['sources']} sources, {n['passages']} passages anchored"
              f" ({summary(result.report)}, {progress.elapsed:.2f} s)")
    return 0


def run_build(args) -> int:
    progress = Progress(args.verbosity)
    result = build(args, progress)
    print_report(result.report, verbosity=args.verbosity)
    if result.report.errors:
        print(f"build failed: {summary(result.report)}; {args.out}/ was not changed", file=sys.stderr)
        return 1
    for page in result.rendered:
        progress.detail(f"rendered {page}")
    n = result.counts
    progress.say(f"built {n['pages']} pages ({n['claims']} claims, {n['sources']} sources, {n['passages']} passages)"
                 f" into {args.out}/ in {progress.elapsed:.2f} s")
    return 0


def build(args, progress: Progress):
    """`pipeline.build`; but when no input changed since the last build, answer before
    importing the stages at all (a third of a second: most of a no-change rebuild)."""
    from .unchanged import MESSAGE, Snapshot
    snapshot = Snapshot.take(args.content, args.out)
    last = None if args.clean else snapshot.replay()
    if last is not None:
        from types import SimpleNamespace  # what run_build reads of pipeline.Result
        report = Report()
        report.extend(last[0])
        progress.stage(MESSAGE)
        return SimpleNamespace(report=report, counts=last[1] | {"written": 0}, rendered=[])
    from . import pipeline
    return pipeline.build(args.content, args.out, clean=args.clean, progress=progress, snapshot=snapshot,
                          replace_out=args.replace_out)


def run_serve(args) -> int:
    from .serve import serve
    try:
        return serve(args.content, args.out, args.port, args.verbosity, args.clean)
    except OSError as exc:
        print(f"cannot serve on 127.0.0.1:{args.port}: {exc.strerror or exc}; try --port 8001", file=sys.stderr)
        return 1


def run_new(args) -> int:
    from .scaffold import new
    return new(args.content, args.kind, args.id, args.from_html)
