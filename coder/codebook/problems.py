"""Problems found in a codebook file, each tied to the file and line at fault.

Validation collects every problem instead of stopping at the first, so an analyst fixing a
codebook by hand sees the whole list in one run.
"""

from __future__ import annotations

from dataclasses import dataclass

from coder.errors import InputError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a codebook, printed as ``file:line: message``."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The problem as JSON-ready data (for ``codebook validate --json``)."""
        return {"file": self.file, "line": self.line, "message": self.message}


class CodebookInvalid(InputError):
    """A codebook that cannot be used; ``problems`` lists every fault found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the codebook:"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))
