"""Where a REFI-QDA project's parts are: a ``.qdpx`` archive, or a bare ``.qde`` on disk.

A .qdpx is read defensively: members are read from the zip in memory (never extracted, so no
path traversal), a member name that climbs out of the archive refuses the whole file, and
sizes and compression ratios are capped (zip bombs). Tools differ in layout: the sources
folder is ``sources/`` (the standard, MAXQDA, NVivo for Mac, QualCoder) or ``Sources/``
(NVivo for Windows), the project file ``project.qde``, ``Project.qde`` or ``<name>.qde``,
and a source's path ``internal://<file>``, ``relative://<file>`` or a bare file name.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from coder.errors import InputError
from coder.ingest.safety import unsafe_member
from coder.ingest.sniff import nested_project

MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_MEMBERS = 2_000_000
MAX_RATIO = 200
"""A member that expands more than this many times (and past 1 MiB) is taken for a zip bomb."""
MAX_QDE_BYTES = 512 * 1024 * 1024

_SCHEME = re.compile(r"^(internal|relative|absolute|file)://+", re.IGNORECASE)


def _source_name(path_value: str) -> str | None:
    """The file a source path names inside the sources folder, or None if it leaves it."""
    value = path_value.strip().replace("\\", "/")
    match = _SCHEME.match(value)
    if match is not None:
        if match.group(1).lower() in ("absolute", "file"):
            return None  # a file on the exporting machine, never inside the archive
        value = value[match.end() :]
    parts = [p for p in PurePosixPath(value).parts if p not in ("", "/")]
    if parts and parts[0].lower() == "sources":
        parts = parts[1:]
    if not parts or any(p == ".." or ":" in p for p in parts) or parts[0].startswith("."):
        return None
    return "/".join(parts)


def _by_stem(name: str, files: list[str]) -> str | None:
    """The file a path without its extension names (``internal://<guid>`` for
    ``<guid>.txt``, as some exporters write it), a ``.txt`` one first; None if none or
    several others."""
    stem = name.lower()
    found = [f for f in files if f.lower().rsplit(".", 1)[0] == stem and "." in f]
    texts = [f for f in found if f.lower().endswith(".txt")]
    chosen = texts or found
    return chosen[0] if len(chosen) == 1 else None


class ProjectFiles:
    """The project document and the source files beside it, however the tool laid them out."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.qde_name = ""

    def qde(self) -> bytes:
        raise NotImplementedError

    def source(self, path_value: str) -> bytes | None:
        """The bytes of the file a source path names, or None when it is not there."""
        raise NotImplementedError

    def member(self, name: str) -> bytes | None:
        """An archive member by its exact name (coder's own manifest), or None."""
        return None

    def close(self) -> None:
        """Release the file."""


class QdpxArchive(ProjectFiles):
    """A .qdpx: a zip with exactly one ``*.qde`` and a sources folder in any case."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise InputError("error.refi.not_a_zip", file=path, reason=exc) from exc
        infos = self.zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError("error.refi.too_many_files", file=path, n=len(infos))
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise InputError("error.refi.too_big", file=path, size=total)
        for info in infos:  # never extracted, but such a name is never an honest export
            if unsafe_member(info.filename):
                raise InputError("error.refi.traversal", file=path, name=info.filename)
        self.members = {i.filename: i for i in infos if not i.is_dir()}
        projects = [n for n in self.members if "/" not in n and n.lower().endswith(".qde")]
        self.root = ""
        """The folder the project sits in: '' in an export, ``<folder>/`` in an archive
        someone made by zipping the folder an export was unpacked to."""
        if not projects:
            projects = nested_project(list(self.members))
            self.root = projects[0].rpartition("/")[0] + "/" if len(projects) == 1 else ""
        if not projects:
            nested = sorted(n for n in self.members if n.count("/") == 1 and n.endswith(".qde"))
            if len(nested) > 1:
                raise InputError(
                    "error.refi.nested_projects", file=path, n=len(nested), names=", ".join(nested)
                )
            raise InputError("error.refi.no_project", file=path)
        if len(projects) > 1:
            raise InputError(
                "error.refi.several_projects",
                file=path,
                n=len(projects),
                names=", ".join(sorted(projects)),
            )
        self.qde_name = projects[0]
        self.sources: dict[str, str] = {}
        """File name inside the sources folder (any case) -> member name."""
        for name in self.members:
            if not name.startswith(self.root):
                continue
            head, _slash, rest = name[len(self.root) :].partition("/")
            if head.lower() == "sources" and rest:
                self.sources.setdefault(rest, name)
        self.sources_folded = {k.lower(): v for k, v in self.sources.items()}

    def read(self, name: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
        """A member's bytes; InputError if missing, too big or suspiciously compressed."""
        info = self.members.get(name)
        if info is None:
            raise InputError("error.refi.no_member", file=self.path, member=name)
        if info.file_size > limit:
            raise InputError(
                "error.refi.member_too_large", file=self.path, member=name, size=info.file_size
            )
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError("error.refi.zip_bomb", file=self.path, member=name)
        with self.zf.open(info) as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise InputError("error.refi.larger_than_header", file=self.path, member=name)
        return data

    def qde(self) -> bytes:
        return self.read(self.qde_name, MAX_QDE_BYTES)

    def source(self, path_value: str) -> bytes | None:
        name = _source_name(path_value)
        if name is None:
            return None
        member = self.sources.get(name) or self.sources_folded.get(name.lower())
        if member is None and self.root + name in self.members:  # a path from the root
            member = self.root + name
        if member is None:
            stem = _by_stem(name, list(self.sources))
            member = self.sources[stem] if stem is not None else None
        return None if member is None else self.read(member)

    def member(self, name: str) -> bytes | None:
        return self.read(name) if name in self.members else None

    def close(self) -> None:
        self.zf.close()


class QdeFile(ProjectFiles):
    """A bare .qde: sources are read from a ``sources`` folder (any case) beside it, if any."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.qde_name = path.name
        self.folder: Path | None = None
        for child in sorted(path.parent.iterdir()) if path.parent.is_dir() else []:
            if child.is_dir() and child.name.lower() == "sources":
                self.folder = child.resolve()
                break

    def qde(self) -> bytes:
        size = self.path.stat().st_size
        if size > MAX_QDE_BYTES:
            raise InputError("error.refi.file_too_large", file=self.path, size=size)
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise InputError("error.file.unreadable", file=self.path, reason=exc.strerror) from exc

    def source(self, path_value: str) -> bytes | None:
        name = _source_name(path_value)
        if name is None or self.folder is None:
            return None
        target = (self.folder / name).resolve()
        if not target.is_relative_to(self.folder):
            return None
        if not target.is_file() and target.parent.is_dir():
            stem = _by_stem(target.name, [f.name for f in target.parent.iterdir()])
            target = target.parent / stem if stem is not None else target
        if not target.is_file():
            return None
        if target.stat().st_size > MAX_MEMBER_BYTES:
            raise InputError("error.refi.source_too_large", file=target)
        return target.read_bytes()


def open_project_files(path: Path) -> ProjectFiles:
    """The parts of the project at ``path`` (a .qdpx, or a bare .qde)."""
    if not path.is_file():
        raise InputError("error.file.missing", file=path)
    if path.suffix.lower() == ".qde":
        return QdeFile(path)
    return QdpxArchive(path)
