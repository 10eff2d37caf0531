"""The cyclic garbage collector kept out of the way of what lives as long as the build.

Loading and assembling the model create hundreds of thousands of containers (every
file's data, every record) that live as long as the build and hold no cycles. Left to
itself, the collector would scan them while they arrive (a full scan each time the heap
grows by a quarter) and again in every later stage, to find nothing.

So `pipeline` wraps those two stages in `long_lived`: collect what is garbage first,
pause the collector while they run, then freeze what is alive (`gc.freeze`: out of the
collector's sight, still freed by reference counting once unused). Collecting first
means no garbage cycle is frozen, so a long-running `serve` does not keep one build's
garbage forever. The stages themselves know nothing of it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector paused for a block that makes many containers holding no cycles (e.g.
    the tuples of a cache being saved): nothing for it to find; its on/off state is left
    as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def long_lived() -> Iterator[None]:
    """Pause the collector for a block whose objects live as long as the build (the loaded
    content, the model), then freeze everything alive; its on/off state is left as it was."""
    gc.collect()
    with paused():
        try:
            yield
        finally:
            gc.freeze()
