"""The project's own error types.

The domain core raises these; the CLI turns them into one line on stderr and exit status 1,
the TUI into a notification. Messages name the file, row, column or value at fault.
"""

from __future__ import annotations


class CoderError(Exception):
    """A user-facing error: bad input, unknown id, locked or missing project."""


class InputError(CoderError):
    """A file or value given by the user cannot be used (names the file/row/value)."""


class ProjectError(CoderError):
    """The database holds no project, or one this version of coder cannot open."""


class NotFoundError(CoderError):
    """An id (question, respondent, code, coder) that the project does not hold."""


class ConflictError(CoderError):
    """Two edits of the same thing collided; the later one was refused."""
