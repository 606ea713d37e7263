"""Bulk work without Python's cyclic garbage collector running through it.

Fitting on 100,000 answers and listing their suggestions creates millions of small objects
(tuples, lists, dicts) and no reference cycles. Each time enough new objects pile up, the
collector walks every tracked object that is still alive, the processed corpus included: a
third of the time of listing 100,000 suggestions went there. Pausing it for the bulk step and
turning it back on afterwards keeps the memory the same (nothing cyclic is made) and the time
linear.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc(freeze: bool = False) -> Iterator[None]:
    """The cyclic collector off for the block (nested blocks: the outermost turns it back on).

    Once it is back on, its next run walks every object the block made and kept. With
    ``freeze`` the objects alive at the end move to the collector's permanent generation
    first (``gc.freeze``), so it never walks them again: 0.6 s less for 100,000 suggestions.
    Only for a process that owns its lifetime (the command line, the suggester's own
    process): a frozen object that later ends up in a reference cycle is never collected.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if freeze:
                gc.freeze()
            gc.enable()
