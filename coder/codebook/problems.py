"""Problems found in a codebook file, each tied to the file and line at fault.

Validation collects every problem instead of stopping at the first, so an analyst fixing a
codebook by hand sees the whole list in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coder import i18n
from coder.errors import CoderError, InputError, Message, said


@dataclass(frozen=True, init=False)
class Problem:
    """One thing wrong with a codebook, printed as ``file:line: message``.

    Given as a catalogue `Message` (or an error met while reading the file), it is said in
    the reader's language by `text`; ``message``, ``str`` and the JSON are in English.
    """

    file: str
    line: int | None
    message: str
    said: Message | CoderError | None = field(compare=False, repr=False)

    def __init__(self, file: str, line: int | None, message: str | Message | CoderError) -> None:
        object.__setattr__(self, "file", file)
        object.__setattr__(self, "line", line)
        object.__setattr__(
            self, "said", message if isinstance(message, Message | CoderError) else None
        )
        object.__setattr__(self, "message", self._body(message, i18n.FALLBACK))

    def _body(self, message: str | Message | CoderError, lang: str) -> str:
        return str(said(message, lang)).removeprefix(f"{self.file}: ")

    def text(self, lang: str = i18n.FALLBACK) -> str:
        """``file:line: message`` in ``lang``."""
        body = self.message if self.said is None else self._body(self.said, lang)
        if self.line is None:
            return f"{self.file}: {body}"
        return f"{self.file}:{self.line}: {body}"

    def __str__(self) -> str:
        return self.text()

    def as_dict(self) -> dict[str, object]:
        """The problem as JSON-ready data (for ``codebook validate --json``), in English."""
        return {"file": self.file, "line": self.line, "message": self.message}


class CodebookInvalid(InputError):
    """A codebook that cannot be used; ``problems`` lists every fault found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        super().__init__(self.text())

    def text(self, lang: str = i18n.FALLBACK) -> str:
        """The count of problems, then one ``file:line: problem`` line each, in ``lang``."""
        head = Message("error.codebook.problems", n=len(self.problems)).text(lang)
        return "\n".join([head, *(p.text(lang) for p in self.problems)])
