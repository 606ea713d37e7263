"""The project's own error types, and the messages the core hands to whoever shows them.

The domain core raises these; the CLI turns them into one line on stderr and exit status 1,
the TUI into a notification. Messages name the file, row, column or value at fault.

The core never chooses a language: an error carries a `Message`, a catalogue id (`error.*`
in `coder/locale/*/LC_MESSAGES/coder.po`) and the values to fill in, and the front end says
it in the user's language with ``error.text(lang)``. ``str(error)`` is the English text, so
logs, tests and ``pytest.raises(match=...)`` read what they always read. Values that name a
file, row or id are put in verbatim; a value that is itself a `Message` or a `CoderError`
(an error explained by another) is said in the same language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from coder import i18n

# A catalogue id: "agreement.md.code"; the core's errors are "error.*" ("error.store.no_answer").
MESSAGE_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
ERROR_ID = re.compile(r"error(\.[a-z0-9_]+)+")


class Message(str):
    """A catalogue id and its values: one sentence the core says, in no language yet.

    As a string it is the English text, so code and tests that compare, search or write it
    to JSON read English; `text` says it in another language. A counted message (one with
    plural forms in the catalogue) takes its number from the value ``n``:
    ``Message("error.x", n=3)`` reads "3 answers", ``n=1`` "1 answer".
    """

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, /, **values: Any) -> Message:
        if not MESSAGE_ID.fullmatch(key):
            raise ValueError(f"not a message id: {key!r}")
        message = super().__new__(cls, _said(key, values, i18n.FALLBACK))
        message.key = key
        message.values = values
        return message

    def text(self, lang: str = i18n.FALLBACK) -> str:
        """The sentence in ``lang`` (English where the catalogue lacks it)."""
        return _said(self.key, self.values, lang)

    def __repr__(self) -> str:
        return f"Message({self.key!r}, **{self.values!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (an error crossing from a worker process) with its values as plain data:
        another library's exception among them travels as its text."""
        values = {
            name: v
            if isinstance(v, Message | CoderError) or not isinstance(v, BaseException)
            else str(v)
            for name, v in self.values.items()
        }
        return (_message, (self.key, values))


def _said(key: str, values: dict[str, Any], lang: str) -> str:
    """Message ``key`` in ``lang`` with ``values`` filled in."""
    if i18n.is_counted(key):
        template = i18n.counted(key, int(values["n"]), lang)
    else:
        template = i18n.text(key, lang)
    if template is None:  # a programming error: every id used is in the catalogues (tested)
        raise KeyError(f"no message {key!r} in the catalogues")
    return template.format(**{name: said(v, lang) for name, v in values.items()})


def _message(key: str, values: dict[str, Any]) -> Message:
    return Message(key, **values)


# Digit grouping as CLDR has it: a no-break space in Swedish and Finnish ("20 000 000", never
# broken across lines), a comma in English ("20,000,000").
GROUP_SEPARATORS = {"sv": "\u00a0", "fi": "\u00a0"}


def grouped(text: str, lang: str) -> str:
    """A number Python wrote with ``,`` grouping and a ``.`` decimal point, in ``lang``'s way."""
    if lang not in GROUP_SEPARATORS:
        return text
    return text.translate({ord(","): GROUP_SEPARATORS[lang], ord("."): ","})


@dataclass(frozen=True)
class Number:
    """A figure with ``digits`` decimals, as a message's value: said with a decimal comma and
    grouped digits in Swedish and Finnish ("2,3 ord i genomsnitt", "1 024,0 KiB"), a point and
    commas in English."""

    value: float
    digits: int = 1

    def text(self, lang: str = i18n.FALLBACK) -> str:
        return grouped(f"{self.value:,.{self.digits}f}", lang)

    def __str__(self) -> str:
        return self.text()


class _Count(int):
    """A whole number as a message's value: a catalogue's ``{n:,}`` groups its digits in the
    language of the sentence ("20 000 000 celler", "20,000,000 cells"); ``{n}`` writes it
    plain (row numbers, counts that stay small)."""

    lang: str

    def __new__(cls, value: int, lang: str) -> _Count:
        count = super().__new__(cls, value)
        count.lang = lang
        return count

    def __format__(self, spec: str) -> str:
        text = int.__format__(int(self), spec)
        return grouped(text, self.lang) if "," in spec else text


def said(value: Any, lang: str) -> Any:
    """A message's value as it goes into the sentence: messages, errors and numbers in
    ``lang``."""
    if isinstance(value, Message | CoderError | Number):
        return value.text(lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return _Count(value, lang)
    return value


class CoderError(Exception):
    """A user-facing error: bad input, unknown id, locked or missing project.

    Raised as ``InputError("error.store.no_answer", answer_id=7)``: a catalogue id and its
    values. A text that is not an id is kept as it is: the front ends' own errors, already
    said in the user's language, are raised so.
    """

    def __init__(self, key: str | Message, /, **values: Any) -> None:
        if isinstance(key, Message):
            self.message: Message | None = key
        elif ERROR_ID.fullmatch(key):
            self.message = Message(key, **values)
        elif values:
            raise ValueError(f"values given for a text that is not a message id: {key!r}")
        else:
            self.message = None
        super().__init__(self.message.text() if self.message is not None else key)

    def text(self, lang: str = i18n.FALLBACK) -> str:
        """The error in ``lang``: what the CLI prints after ``coder: error:``, the TUI shows."""
        return self.message.text(lang) if self.message is not None else str(self)

    def renamed(self, rename: Callable[[str], str]) -> CoderError:
        """The same error with ``rename`` applied to its values that are paths or plain text
        (a temporary file's name replaced by the one the user gave); still said in any
        language."""
        error = type(self).__new__(type(self))
        error.__dict__.update(self.__dict__)  # a subclass's own fields (a codebook's problems)
        if self.message is None:
            Exception.__init__(error, rename(str(self)))
            error.message = None
            return error
        values = {
            name: rename(str(v))
            if isinstance(v, str | PurePath) and not isinstance(v, Message)
            else v
            for name, v in self.message.values.items()
        }
        CoderError.__init__(error, Message(self.message.key, **values))
        return error

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its message, whatever the subclass's own constructor takes."""
        return (_error, (type(self), self.args), self.__dict__)


def _error(kind: type[CoderError], args: tuple[Any, ...]) -> CoderError:
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    return error


class InputError(CoderError):
    """A file or value given by the user cannot be used (names the file/row/value)."""


class ProjectError(CoderError):
    """The database holds no project, or one this version of coder cannot open."""


class NotFoundError(CoderError):
    """An id (question, respondent, code, coder) that the project does not hold."""


class ConflictError(CoderError):
    """Two edits of the same thing collided; the later one was refused."""
