"""Reproducible builds (issue 8): two builds of the same content are byte-identical,
whatever the day, the clock, the time zone, the file times, the order files were
created in, the folder the content sits in, the working folder and Python's hash seed.
Nothing stamps the build time; where a date is needed and the content has none,
SOURCE_DATE_EPOCH is honoured.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from hostile.support import SAMPLE, run_limited, tree

SETTINGS = [  # (folder name, environment): everything that may differ between two machines or days
    ("first", {"SOURCE_DATE_EPOCH": "0", "PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"}),
    ("second-place", {"SOURCE_DATE_EPOCH": "1999999999", "PYTHONHASHSEED": "2", "TZ": "Pacific/Kiritimati",
                      "LC_ALL": "C"}),
]


def copy_in_reverse(source: Path, target: Path, mtime: float) -> None:
    """Copy a content folder creating files in reverse order, with the given file times."""
    files = sorted((p for p in source.rglob("*") if p.is_file()), reverse=True)
    for path in files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(path.read_bytes())
        os.utime(destination, (mtime, mtime))


def build_at(root: Path, content_source: Path, env: dict, mtime: float) -> dict[str, bytes]:
    """Build a copy of the content from a working folder nested differently each time."""
    content = root / "somewhere" / "content"
    copy_in_reverse(content_source, content, mtime)
    cwd = root / "work" / "dir"
    cwd.mkdir(parents=True)
    run = run_limited("--content", os.path.relpath(content, cwd), "build", "--out", "../out-site",
                      cwd=cwd, env=env)
    assert run.code == 0, run.output
    return tree(root / "work" / "out-site")


def test_two_builds_on_different_days_and_machines_are_byte_identical(tmp_path: Path):
    (name_a, env_a), (name_b, env_b) = SETTINGS
    first = build_at(tmp_path / name_a, SAMPLE, env_a, mtime=1_000_000_000)
    second = build_at(tmp_path / name_b, SAMPLE, env_b, mtime=1_900_000_000)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"these files differ between two builds: {different}"


def test_generated_content_builds_byte_identical_too(tmp_path: Path):
    """More of everything (hundreds of pages, overlapping quotes, every template)."""
    from test_security_kill import generated
    content = generated(tmp_path / "generated")
    (name_a, env_a), (name_b, env_b) = SETTINGS
    first = build_at(tmp_path / name_a, content, env_a, mtime=1_000_000_000)
    second = build_at(tmp_path / name_b, content, env_b, mtime=1_900_000_000)
    different = [name for name in first if first.get(name) != second.get(name)]
    assert sorted(first) == sorted(second) and not different, different


def test_nothing_carries_the_build_date(tmp_path: Path):
    """No page, feed or data file shows today (in UTC or local time) or the build's year
    unless the content says so: the sample content's dates are all before today."""
    site = build_at(tmp_path, SAMPLE, {}, mtime=1_000_000_000)
    now = dt.datetime.now(dt.timezone.utc)
    today = {now.date(), dt.date.today()}
    forms = {d.isoformat() for d in today} | {f"{d.day} {d:%B %Y}" for d in today} | \
            {d.strftime("%Y%m%d") for d in today}
    for name, data in site.items():
        text = data.decode("utf-8", "replace")
        for form in forms:
            assert form not in text, (name, form)


def feed_updated(site: dict[str, bytes]) -> str:
    root = ET.fromstring(site["feed.xml"])
    return root.find("{http://www.w3.org/2005/Atom}updated").text


def test_a_feed_without_reviews_is_dated_by_source_date_epoch(tmp_path: Path):
    content = tmp_path / "no-claims"
    shutil.copytree(SAMPLE, content)
    shutil.rmtree(content / "claims")
    (content / "claims").mkdir()
    epoch = build_at(tmp_path / "a", content, {"SOURCE_DATE_EPOCH": "1700000000"}, mtime=1e9)
    assert feed_updated(epoch) == "2023-11-14T22:13:20Z"
    plain = build_at(tmp_path / "b", content, {"SOURCE_DATE_EPOCH": None}, mtime=1e9)
    assert feed_updated(plain) == "1970-01-01T00:00:00Z"


def test_with_reviews_the_feed_is_dated_by_the_content_not_by_source_date_epoch(tmp_path: Path):
    site = build_at(tmp_path, SAMPLE, {"SOURCE_DATE_EPOCH": "1700000000"}, mtime=1e9)
    assert feed_updated(site) == "2026-11-23T00:00:00Z"  # fund-size.yaml: updated
