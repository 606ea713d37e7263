"""The ML code suggester: codebook cold start, a learned multi-label model, queue order,
near-duplicate groups, explanations and evaluation.

Works on plain data (texts, languages, label sets, a :class:`coder.codebook.model.Codebook`)
and needs no database; :mod:`coder.suggest.store` is the thin layer that reads a coder's
codings from a project.
"""

from __future__ import annotations

from coder.suggest.suggester import CodeSuggestion, Suggester

__all__ = ["CodeSuggestion", "Suggester"]
