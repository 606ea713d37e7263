"""Reading and writing codebook files, choosing the format from the file extension."""

from __future__ import annotations

from pathlib import Path

from coder.codebook.model import Codebook
from coder.codebook.qdc import dump_qdc, read_qdc
from coder.codebook.yaml_format import dump_yaml, read_yaml
from coder.errors import InputError

FORMATS: dict[str, str] = {".yaml": "yaml", ".yml": "yaml", ".qdc": "qdc"}
"""File extension -> codebook format."""
MAX_CODEBOOK_BYTES = 16 * 1024**2
"""A codebook of hundreds of codes is a few hundred kilobytes; far larger is a wrong file."""


def format_of(path: Path, fmt: str | None = None) -> str:
    """The format named by ``fmt`` or by the extension of ``path``; InputError if neither."""
    if fmt:
        if fmt not in FORMATS.values():
            raise InputError("error.codebook.format", fmt=fmt)
        return fmt
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise (
            InputError("error.codebook.format_of_file", file=path, suffix=path.suffix)
            if path.suffix
            else InputError("error.codebook.no_extension", file=path)
        )
    return found


def read_codebook(path: Path) -> Codebook:
    """A valid codebook from a native YAML or REFI-QDA .qdc file.

    Raises CodebookInvalid listing every problem, or InputError when the file cannot be read.
    """
    if not path.is_file():
        raise InputError("error.file.missing", file=path)
    size = path.stat().st_size
    if size > MAX_CODEBOOK_BYTES:
        raise InputError("error.codebook.too_big", file=path, size=size, limit=MAX_CODEBOOK_BYTES)
    if format_of(path) == "qdc":
        return read_qdc(path)
    return read_yaml(path)


def codebook_bytes(codebook: Codebook, fmt: str) -> bytes:
    """The codebook written in ``fmt`` (``yaml`` or ``qdc``)."""
    if fmt == "qdc":
        return dump_qdc(codebook)
    return dump_yaml(codebook).encode("utf-8")


def write_codebook(codebook: Codebook, path: Path, fmt: str | None = None) -> str:
    """Write the codebook to ``path`` in ``fmt`` (else by extension); returns the format used."""
    chosen = format_of(path, fmt)
    data = codebook_bytes(codebook, chosen)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError("error.file.unwritable", file=path, reason=exc.strerror) from exc
    return chosen
