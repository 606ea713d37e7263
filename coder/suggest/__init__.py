"""The ML code suggester: codebook cold start, a learned multi-label model, queue order,
near-duplicate groups, explanations, confidence and evaluation.

Works on plain data (texts, languages, label sets, a :class:`coder.codebook.model.Codebook`)
and needs no database; :mod:`coder.suggest.project` is the thin layer that reads a coder's
codings from a project through :mod:`coder.store`. ``Suggester`` is imported on first use:
it brings scikit-learn, which parts such as the queue order do not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coder.suggest.suggester import CodeSuggestion, Suggester

__all__ = ["CodeSuggestion", "Suggester"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from coder.suggest import suggester

        return getattr(suggester, name)
    raise AttributeError(name)
