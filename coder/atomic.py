"""Files written whole or not at all: into a temporary file beside the target, then renamed.

A rename within one folder is atomic, so a reader (or the analyst's file manager) sees the
old file or the complete new one, and a write that fails half way (a full disk, a broken
answer, an interrupt) leaves nothing at the target. Every export (the theme tables, the
charts, the REFI-QDA archive) is written through here. A process killed outright cannot tidy
up: it leaves the old file whole and, at most, a hidden ``.NAME.XXXX.part.EXT`` beside it.

The temporary file is made by the writer itself (``open``, a library's ``save``), so it gets
the mode every file the user writes gets, and it keeps the target's suffix, so writers that
choose their format by the suffix still see it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from coder.errors import InputError


def _temporary(path: Path) -> Path:
    """A fresh hidden name in ``path``'s folder, with ``path``'s suffix (writers that go by
    the suffix still see it)."""
    return path.with_name(f".{path.stem}.{secrets.token_hex(4)}.part{path.suffix}")


@contextmanager
def atomic_outputs(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths to write ``paths`` through: all renamed into place when the block ends
    without error, all removed when it fails."""
    temporaries = [_temporary(path) for path in paths]
    try:
        try:
            yield temporaries
        except OSError as exc:
            raise InputError("error.file.unwritable", file=paths[0], reason=exc.strerror) from exc
        except InputError as exc:  # a writer's message names the file the user gave

            def rename(text: str) -> str:
                for temporary, path in zip(temporaries, paths, strict=True):
                    text = text.replace(str(temporary), str(path))
                return text

            raise exc.renamed(rename) from exc
        for temporary, path in zip(temporaries, paths, strict=True):
            try:
                os.replace(temporary, path)
            except OSError as exc:
                raise InputError("error.file.unwritable", file=path, reason=exc.strerror) from exc
    finally:
        # tidying up never hides the error: where the folder is a file or unreadable there is
        # no temporary to remove, and the unlink's own error would replace the real one
        for temporary in temporaries:
            with suppress(OSError):
                temporary.unlink(missing_ok=True)


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary path to write ``path`` through (see ``atomic_outputs``)."""
    with atomic_outputs([path]) as (temporary,):
        yield temporary
