"""The cyclic garbage collector kept out of loading's way.

Loading creates hundreds of thousands of containers (every file's data) that live as
long as the build and hold no cycles. The collector scans them anyway: again and again
while they arrive (a full scan each time the heap has grown by a quarter), and again in
every later stage. At 10,000 claims that was a third of a warm `check`'s CPU time.

So: collect what is garbage before loading, pause the collector while loading, then
freeze what is alive (`gc.freeze`: out of the collector's sight, still freed by
reference counting once unused). Collecting first means no garbage cycle is frozen, so
a long-running `serve` does not keep one build's garbage forever.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def frozen_when_loaded():
    """Pause the collector for the block, then freeze everything alive; the collector's
    on/off state is left as it was."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
