"""Which search shard a page belongs to, and the manifest that lists the shards.

The search index is made in shards, each its own Pagefind bundle (`pagefind/<shard>/`),
so that no Pagefind process holds more than `MAX_PAGES` pages and an edit re-indexes only
the shards whose pages changed. A page's shard is a pure function of its name and of how
many pages its kind has (never of build order or of what was built before), so a build
that reuses shards makes the same index as a clean one:

- its *kind* is the first folder of its name (`claims`, `sources`), or the first two
  when the first is a language prefix (`ru/claims`): shards never mix kinds or languages;
- its *bucket* is the jump consistent hash of its name into ceil(pages of the kind /
  MAX_PAGES) buckets: when a kind grows past a multiple of MAX_PAGES, only about one page
  in (buckets) moves to the new bucket, the rest stay where they were.

`pagefind/shards.json` lists every shard with the digest of its pages (`key`), the
language its bundle was indexed in and how many pages it indexed (0: none of its pages is
marked for indexing, so it has no bundle). The search page merges the bundles of its own
language (`templates/static/search.js`); builds read it back to reuse unchanged shards.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field

MAX_PAGES = 1000
MANIFEST = "shards.json"
FORMAT = 1
_LANGUAGE_PREFIX = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")
_MULTIPLIER = 2862933555777941757
_MASK = (1 << 64) - 1


@dataclass
class Shard:
    """One shard: its folder under `pagefind/`, its pages (sorted names), and once known
    the digest of those pages, the language indexed in and how many pages were indexed."""

    name: str
    pages: list[str] = field(default_factory=list)
    key: str = ""
    language: str = ""
    indexed: int = 0

    @property
    def folder(self) -> str:
        return self.name + "/"

    def record(self) -> dict:
        return {"path": self.folder, "key": self.key, "language": self.language, "pages": self.indexed}


def kind_of(name: str) -> str:
    """The page's kind: its first folder, two with a language prefix; `site` for the
    pages at the root (the home page, 404)."""
    parts = name.split("/")[:-1]
    if len(parts) > 1 and _LANGUAGE_PREFIX.fullmatch(parts[0]):
        return f"{parts[0]}-{parts[1]}"
    return parts[0] if parts else "site"


def jump(key: int, buckets: int) -> int:
    """Lamping and Veach's jump consistent hash: a bucket in range(buckets), and for
    buckets + 1 the same bucket for all but about 1 / (buckets + 1) of the keys."""
    bucket, candidate = -1, 0
    while candidate < buckets:
        bucket = candidate
        key = (key * _MULTIPLIER + 1) & _MASK
        candidate = int((bucket + 1) * ((1 << 31) / ((key >> 33) + 1)))
    return bucket


def shards(names: list[str]) -> list[Shard]:
    """The shards of the HTML pages `names`, in the order of their names, each with its
    pages in name order (Pagefind numbers pages in the order it finds them)."""
    kinds: dict[str, list[str]] = {}
    for name in sorted(names):
        kinds.setdefault(kind_of(name), []).append(name)
    found: list[Shard] = []
    for kind, pages in sorted(kinds.items()):
        buckets = math.ceil(len(pages) / MAX_PAGES)
        parts = [Shard(f"{kind}-{i}") for i in range(buckets)]  # unpadded: a new bucket renames none
        for page in pages:
            digest = hashlib.sha1(page.encode("utf-8"), usedforsecurity=False).digest()
            parts[jump(int.from_bytes(digest[:8], "big"), buckets)].pages.append(page)
        found.extend(part for part in parts if part.pages)
    return found


def manifest(made: list[Shard]) -> bytes:
    return json.dumps(
        {"format": FORMAT, "shards": [shard.record() for shard in made]},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def read_manifest(data: bytes | None) -> dict[str, Shard]:
    """The shards a previous index lists, by name; none if it is missing, unreadable or
    of another format (then every shard is made again)."""
    try:
        loaded = json.loads(data) if data else {}
        if loaded.get("format") != FORMAT:
            return {}
        return {
            str(entry["path"]).rstrip("/"): Shard(
                str(entry["path"]).rstrip("/"),
                key=str(entry["key"]),
                language=str(entry["language"]),
                indexed=int(entry["pages"]),
            )
            for entry in loaded["shards"]
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
