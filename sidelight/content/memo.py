"""What a pure stage may be given to go faster: a memo and a parallel map, as parameters.

A stage given neither computes everything here, one item after another; given them, it
must give exactly the same answer ("incremental equals clean", the contract `build/`
keeps). The stages never import the memo or the workers themselves: `build/pipeline.py`
passes them in (`build/parsecache.py` and `build/workers.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Shaped = TypeVar("Shaped")


class Memo(Protocol):
    """Answers remembered under keys that digest everything an answer depends on, so an
    entry is never stale. Values are plain data (dict, list, tuple, str, bytes, int,
    float, bool, None); what `get` returns may have any shape (a damaged or older entry),
    so a stage checks it before use and computes again when in doubt."""

    def key(self, *parts: str | bytes) -> str:
        """A key that differs whenever any part does."""
        ...

    def has(self, key: str) -> bool: ...

    def get(self, key: str) -> object:
        """A fresh copy of the value stored under `key`, or None."""
        ...

    def checked(self, key: str, shaped: Callable[[object], Shaped | None]) -> Shaped | None:
        """`shaped(self.get(key))`: what `shaped` makes of the value under `key` (None if it
        has another shape, or there is none). A memo may remember it for the same stored
        bytes (`shaped` must be a pure function of the value), so the caller must not
        change what it returns."""
        ...

    def keep(self, key: str) -> None:
        """Keep the entry under `key` as used by this run, without reading it (a stage that
        took its answer from elsewhere still needs it next time)."""
        ...

    def put(self, key: str, value: object) -> None:
        """Store a copy of `value`: later changes to it do not change the memo."""
        ...

    def encode(self, value: object) -> bytes:
        """`value` as the memo stores it, made where it is computed (a worker process)."""
        ...

    def prefill(self, entries: dict[str, bytes]) -> None:
        """Entries made by `encode` elsewhere, which `get` then finds as if stored."""
        ...


class ParallelMap(Protocol):
    """`work(chunk)` over chunks of `items`, the results concatenated in the items' order;
    `work` must be pure (it may run in another process, on a copy of this one's memory)."""

    def __call__(self, items: list[Item], work: Callable[[list[Item]], list[Result]]) -> list[Result]: ...


def serially(items: list[Item], work: Callable[[list[Item]], list[Result]]) -> list[Result]:
    """The parallel map of a stage given none: all items in one chunk, here."""
    return work(items)
