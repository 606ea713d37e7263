"""One agreement figure with its uncertainty, and Krippendorff's interpretation bands.

A coefficient that cannot be computed (no pairable units, no variation) is not NaN: its value
is None and `note` says why, so reports and JSON can show the reason instead of a blank.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# Krippendorff (2004, p. 241; 2011): rely on alpha >= .800, draw tentative conclusions only
# for .667 <= alpha < .800, and discard data below .667.
ALPHA_RELIABLE = 0.800
ALPHA_TENTATIVE = 0.667


@dataclass(frozen=True)
class Estimate:
    """A coefficient value, its standard error and confidence interval (any may be None)."""

    value: float | None
    se: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    method: str = ""  # how the interval was made: "gwet" (t, n-1 df) or "bootstrap"
    note: str | None = None  # why the value (or its interval) is missing or special
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def defined(self) -> bool:
        return self.value is not None

    def to_dict(self, digits: int | None = None) -> dict[str, Any]:
        """A JSON-ready dict; floats rounded to `digits` when given."""

        def r(x: float | None) -> float | None:
            if x is None:
                return None
            return round(x, digits) if digits is not None else x

        out: dict[str, Any] = {"value": r(self.value)}
        if self.se is not None:
            out["se"] = r(self.se)
        if self.ci_low is not None and self.ci_high is not None:
            out["ci"] = [r(self.ci_low), r(self.ci_high)]
            out["ci_method"] = self.method
        if self.note:
            out["note"] = self.note
        for key, val in self.extra.items():
            out[key] = r(val) if isinstance(val, float) else val
        return out


def undefined(note: str) -> Estimate:
    """An estimate that cannot be computed, with the reason."""
    return Estimate(value=None, note=note)


def finite(x: float) -> float | None:
    """The float itself, or None if it is NaN or infinite (never leak NaN to a report)."""
    return x if math.isfinite(x) else None


@lru_cache(maxsize=256)
def t_quantile(df: int, level: float = 0.95) -> float:
    """Two-sided Student-t critical value, as Gwet's irrCAC uses for its intervals."""
    from scipy import stats  # lazy: scipy is heavy

    return float(stats.t.ppf(1 - (1 - level) / 2, df))


def t_interval(value: float, se: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """value +- t(n-1) * se with the upper bound capped at 1 (irrCAC's convention)."""
    half = t_quantile(n - 1, level) * se
    return value - half, min(1.0, value + half)


def alpha_band(alpha: float | None) -> str:
    """Krippendorff's reading of an alpha value, in words."""
    if alpha is None:
        return "undefined"
    if alpha >= ALPHA_RELIABLE:
        return "reliable (alpha >= .800)"
    if alpha >= ALPHA_TENTATIVE:
        return "tentative conclusions only (.667 <= alpha < .800)"
    return "unreliable (alpha < .667)"
