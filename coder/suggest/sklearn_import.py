"""scikit-learn's first import, without pandas.

When pandas is installed, scikit-learn imports it at start-up (``sklearn.utils.fixes``) though
it needs it only to recognise DataFrames, which the suggester never hands it; later checks
look pandas up in ``sys.modules`` when they run. pandas is no dependency of coder (the
development extra has it, for the benchmarks' alternatives), and keeping it out of that
import saves every suggesting process about 0.2 s and 30 MB. A later ``import pandas`` by
anyone else works as usual.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def pandas_left_out() -> Iterator[None]:
    """Imports in the block see no pandas, unless it was imported already."""
    if "pandas" in sys.modules:
        yield
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # "import pandas" fails here
    try:
        yield
    finally:
        if "pandas" in sys.modules and sys.modules["pandas"] is None:
            del sys.modules["pandas"]
