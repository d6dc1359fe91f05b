"""Python's cyclic garbage collector held off while a page or picture is built.

Building a map's data makes tens of thousands of small dicts and lists that all live until the page is
written. Each time enough of them survive, the collector walks every object in the process, the whole
snapshot graph and its relationships included, and finds nothing to free: at 5,000 people that was a
third of the time of the map's data. Paused for the build, the objects are freed as usual by reference
counting, and anything cyclic (matplotlib's figures) is collected on the first pass after.
"""

from __future__ import annotations

import functools
import gc


def without_cyclic_gc(fn):
    """``fn`` run with the cyclic collector paused (and restored as it was, also when ``fn`` raises)."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return run
