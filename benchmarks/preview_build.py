"""One rebuild as `serve` makes it: the pages are written with the last search index and
the process exits; `serve` refreshes the index afterwards, while the edited page is
already shown (issue 7 allows it). Timed by run.py as the scenario "edit one claim,
pages live (serve)". Usage: preview_build.py TREE CONTENT OUT."""
from __future__ import annotations

import sys
from pathlib import Path


def main(tree: str, content: str, out: str) -> int:
    sys.path.insert(0, tree)
    try:
        from sidelight.build import pipeline
    except ImportError:  # a tree from before the wings (sidelight/pipeline.py), to compare with
        from sidelight import pipeline  # type: ignore[no-redef]
    result = pipeline.build(Path(content), Path(out), search_later=True)
    return 1 if result.report.errors else 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:4]))
