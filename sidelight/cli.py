"""Command line: `sidelight [build|check|serve|new|match|status|init] …`. User errors become a message and an
exit status, never a traceback."""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from pathlib import Path

from sidelight.problems import ERROR, Report
from sidelight.progress import NORMAL, QUIET, VERBOSE, Progress
from sidelight.terminal import annotate, say

SETUP = "python3 -m venv .venv && .venv/bin/pip install -e . — then .venv/bin/python build.py"


class Parser(argparse.ArgumentParser):
    """argparse, printing (usage, help, an error quoting a mistyped argument) through `say`."""

    def _print_message(self, message: str, file=None) -> None:
        for line in message.splitlines():
            say(line, file or sys.stderr)


def common_options() -> Parser:
    """Options accepted before or after the command (`-q build` and `build -q` alike)."""
    p = Parser(add_help=False)
    loud = p.add_mutually_exclusive_group()
    loud.add_argument(
        "-v",
        "--verbose",
        dest="verbosity",
        action="store_const",
        const=VERBOSE,
        default=argparse.SUPPRESS,
        help="say more: pages rendered, files written",
    )
    loud.add_argument(
        "-q",
        "--quiet",
        dest="verbosity",
        action="store_const",
        const=QUIET,
        default=argparse.SUPPRESS,
        help="print errors only",
    )
    p.add_argument("--content", type=Path, default=argparse.SUPPRESS, help="content folder (default: content)")
    return p


def parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="sidelight",
        parents=[common_options()],
        description="Build, check, preview and edit a Sidelight fact-checking site. With no command: build.",
    )
    sub = p.add_subparsers(dest="command", parser_class=Parser)
    b = sub.add_parser("build", parents=[common_options()], help="check the content and write the site (the default)")
    out_options(b)
    cache_option(b)
    # After add_subparsers, whose own default (None) would otherwise win: no command is
    # `build`, with every default of `build`'s own options (read from it, so none is missed).
    p.set_defaults(verbosity=NORMAL, content=Path("content"), command="build", **vars(b.parse_args([])))
    c = sub.add_parser(
        "check",
        parents=[common_options()],
        help="report every problem in the content, then exit 1 if there is an error",
    )
    c.add_argument("--format", choices=("text", "github"), default="text", help="github: Actions annotations")
    c.add_argument("--strict", action="store_true", help="fail on warnings too")
    c.add_argument(
        "--fix-quotes",
        action="store_true",
        help="first rewrite each quote that is near-identical (95%%) to one passage of its source"
        " to the source's exact words, keeping the file's comments and layout",
    )
    cache_option(c)
    v = sub.add_parser(
        "serve", parents=[common_options()], help="preview: build, serve on 127.0.0.1, rebuild on change"
    )
    out_options(v)
    v.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    cache_option(v)
    sub.add_parser(
        "status",
        parents=[common_options()],
        help="list the unfinished work per author: drafts, claims in review, warnings, claims without a second"
        " reviewer",
    )
    n = sub.add_parser(
        "new", parents=[common_options()], help="start a new claim, claimant, source, outlet or topic file"
    )
    n.add_argument("kind", choices=("claim", "claimant", "source", "outlet", "topic"))
    n.add_argument("id", help="the new id: lower-case letters, digits and single hyphens")
    n.add_argument(
        "--from-html",
        type=Path,
        metavar="PAGE.html",
        help="for a source: take the headline, byline, date, address and text from a saved web page",
    )
    m = sub.add_parser("match", parents=[common_options()], help="list the existing claims a source appears to repeat")
    m.add_argument("source", help="the source's id (its file name without .txt)")
    i = sub.add_parser(
        "init", parents=[common_options()], help="start a new site in a new or empty folder, ready to build"
    )
    i.add_argument("dir", type=Path, help="the folder for the new site (made if it does not exist)")
    return p


def out_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site)")
    p.add_argument("--clean", action="store_true", help="render and write every page, ignoring the cache")
    p.add_argument("--replace-out", action="store_true", help="replace --out even if Sidelight did not write it")


def cache_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="folder for the caches that make the next run faster, outside the content folder"
        " (default: $SIDELIGHT_CACHE_DIR, else .sidelight-cache in the current folder)",
    )


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    commands = {
        "check": run_check,
        "serve": run_serve,
        "new": run_new,
        "build": run_build,
        "match": run_match,
        "init": run_init,
        "status": run_status,
    }
    from sidelight.build import cachefile

    cachefile.choose(getattr(args, "cache_dir", None))
    try:
        refused = cachefile.refusal(args.content) if hasattr(args, "cache_dir") else None
        if refused:
            say(f"error: {refused}", sys.stderr)
            return 2
        return commands[args.command](args)
    except KeyboardInterrupt:
        say("interrupted; the previous site is unchanged", sys.stderr)
        return 130
    except ModuleNotFoundError as exc:
        if not exc.name or exc.name.partition(".")[0] == __package__:
            raise
        say(
            f"Sidelight's Python packages are not installed for {sys.executable} (no module named"
            f" {exc.name!r}); run: {SETUP}",
            sys.stderr,
        )
        return 1
    finally:
        cachefile.choose(None)


def print_report(report: Report, fmt: str = "text", verbosity: int = NORMAL) -> None:
    for problem in report.sorted():
        if verbosity == QUIET and problem.severity != ERROR:
            continue
        if fmt == "github":
            msg = problem.message + (f" — {problem.hint}" if problem.hint else "")
            annotate(problem.severity, problem.path, problem.line, problem.column, msg, sys.stdout)
        else:
            say(problem.text(), sys.stderr)


def summary(report: Report, verbosity: int = NORMAL) -> str:
    """The totals of what `print_report` printed; warnings `-q` did not print are said to be so."""
    e, w = len(report.errors), len(report.warnings)
    hidden = " (not shown with -q)" if w and verbosity == QUIET else ""
    return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}{hidden}"


def run_check(args) -> int:
    if args.fix_quotes:
        from sidelight.editor.fixquotes import fix_quotes

        fix_quotes(args.content, args.verbosity)
    from sidelight.build import checking  # not `pipeline`: a check imports no renderer
    from sidelight.content.status import in_draft

    progress = Progress(args.verbosity if args.verbosity >= VERBOSE else QUIET)
    result = checking.check(args.content, progress)
    print_report(result.report, args.format, args.verbosity)
    failed = bool(result.report.errors) or (args.strict and any(not in_draft(w) for w in result.report.warnings))
    n = result.counts
    if failed:
        if args.verbosity > QUIET:
            say(f"check failed: {summary(result.report)}", sys.stderr)
        return 1
    if args.verbosity > QUIET:
        say(
            f"ok: {n['claims']} claims, {n['sources']} sources, {n['passages']} passages anchored"
            f"{held_back(n)} ({summary(result.report)}, {progress.elapsed:.2f} s)"
        )
    return 0


def run_build(args) -> int:
    progress = Progress(args.verbosity)
    result = build(args, progress)
    print_report(result.report, verbosity=args.verbosity)
    if result.report.errors:
        say(f"build failed: {summary(result.report, args.verbosity)}; {args.out}/ was not changed", sys.stderr)
        return 1
    for page in result.rendered:
        progress.detail(f"rendered {page}")
    progress.say(outcome(result, args.out, progress.elapsed))
    return 0


def outcome(result, out: Path, seconds: float) -> str:
    """The build's last line: what is in `out` now, and whether this build changed it."""
    n = result.counts
    what = f"{n['claims']} claims, {n['sources']} sources, {n['passages']} passages{held_back(n)}"
    if not n.get("written") and not result.rendered:
        return f"nothing changed: {n['pages']} pages kept in {out}/ ({what}; {seconds:.2f} s)"
    return f"built {n['pages']} pages ({what}) into {out}/ in {seconds:.2f} s"


def held_back(counts: dict) -> str:
    """`; 2 drafts or reviews not published` when `build` leaves some out (`sidelight status` lists them)."""
    n = counts.get("unpublished", 0)
    return f"; {n} draft{'s' * (n != 1)} or review{'s' * (n != 1)} not published" if n else ""


def build(args, progress: Progress):
    """`pipeline.build`; but when no input changed since the last build, answer before
    importing the stages at all: a no-change rebuild costs one stat per input file, and
    importing the stages would cost more than that."""
    from sidelight.build.nochange import MESSAGE, Snapshot

    snapshot = Snapshot.take(args.content, args.out)
    last = None if args.clean else snapshot.replay()
    if last is not None:
        from types import SimpleNamespace  # what run_build reads of pipeline.Result

        report = Report()
        report.extend(last[0])
        progress.stage(MESSAGE)
        return SimpleNamespace(report=report, counts=last[1] | {"written": 0}, rendered=[])
    from sidelight.build import pipeline

    return pipeline.build(
        args.content, args.out, clean=args.clean, progress=progress, snapshot=snapshot, replace_out=args.replace_out
    )


def run_serve(args) -> int:
    from sidelight.preview.server import serve

    try:
        return serve(args.content, args.out, args.port, args.verbosity, args.clean, args.replace_out)
    except OSError as exc:
        say(f"cannot serve on 127.0.0.1:{args.port}: {exc.strerror or exc}{port_advice(exc, args.port)}", sys.stderr)
        return 1


def port_advice(exc: OSError, port: int) -> str:
    """For a port taken or not allowed: one that was free a moment ago, else `--port 0`."""
    if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
        return ""
    start = max(port + 1, 1024)
    free = next((p for p in range(start, min(start + 100, 65536)) if is_free(p)), None)
    if free is None:
        return "; try --port 0 (any free port)"
    return f"; port {free} is free: add --port {free} (or --port 0 for any free port)"


def is_free(port: int) -> bool:
    """Whether the preview's server could bind `port` now (it sets SO_REUSEADDR too)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def run_new(args) -> int:
    from sidelight.editor.new import new

    return new(args.content, args.kind, args.id, args.from_html)


def run_match(args) -> int:
    from sidelight.editor.match import match

    return match(args.content, args.source)


def run_init(args) -> int:
    from sidelight.editor.init import init

    return init(args.dir)


def run_status(args) -> int:
    from sidelight.editor.status import status

    return status(args.content)
