"""The cyclic garbage collector kept out of the way of what lives as long as the build.

Loading creates hundreds of thousands of containers (every file's data) that live as
long as the build and hold no cycles, and so does building the model. The collector
scans them anyway: again and again while they arrive (a full scan each time the heap
has grown by a quarter), and again in every later stage. At 10,000 claims that was a
third of a warm `check`'s CPU time.

So: collect what is garbage first, pause the collector while they are made, then
freeze what is alive (`gc.freeze`: out of the collector's sight, still freed by
reference counting once unused). Collecting first means no garbage cycle is frozen, so
a long-running `serve` does not keep one build's garbage forever.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def long_lived():
    """Pause the collector for a block whose objects live as long as the build (the loaded
    content, the model), then freeze everything alive; its on/off state is left as it was."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
