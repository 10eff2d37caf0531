"""Work spread over the machine's cores: forked processes, each given chunks of a list.
`in_parallel` is the `ParallelMap` the pipeline gives the stages (`content.memo`).

The work is pure Python, so threads would take turns on one core. Forked workers start
with the parent's memory (the model, the compiled templates, the cache) at no cost, and
send back only their results. Small jobs stay in the parent: a fork costs more than
rendering a few pages.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

MIN_ITEMS = 64  # fewer than this: not worth a process
CHUNK = 32  # items per task: small enough to balance the workers, large enough to be cheap
_job: tuple[Callable, list] | None = None  # what the forked workers run, set just before the fork


def cores() -> int:
    """The cores this process may use (a container may grant fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def in_parallel(items: list, work: Callable[[list], list], processes: int | None = None) -> list:
    """`work(chunk)` over chunks of `items`, results concatenated in the items' order.
    The workers are forked, so `work` may be any function, closures included."""
    processes = processes or cores()
    if processes < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return work(items)
    global _job
    _job = (work, [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)])
    frozen_before = gc.get_freeze_count()
    gc.freeze()  # the parent's objects stay shared with the workers instead of being copied
    try:
        with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for part in pool.map(_run, range(len(_job[1]))) for result in part]
    finally:
        if not frozen_before:  # what `gcpause` froze (the content, the model) stays frozen
            gc.unfreeze()
        _job = None


def _run(index: int) -> list:
    assert _job is not None, "set before the fork"
    work, chunks = _job
    return work(chunks[index])
