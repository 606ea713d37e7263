"""Write the REFI-QDA variants next to this file (run with the project's Python).

Small projects made here, not copied, each in a shape that tools or users produce and the
first fixtures (``../make_fixtures.py``) do not: named in ``VARIANTS`` with the public tool or
version whose layout it follows. ``tests/refi/test_other_versions.py`` imports each.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).parent
NS = "urn:QDA-XML:project:1.0"
STAMP = (2024, 5, 1, 12, 0, 0)
TEXTS = {
    "A": "Kursen var bra men lärarna hade för lite tid för handledning.",
    "D": "Opetus oli hyvää, mutta ryhmät olivat liian suuria ja tilat ahtaita.",
}
"""Source guid -> text (MAXQDA 2020 writes short guids such as ``A``)."""
TID = (19, 26)
"""Offsets of "lärarna" in the Swedish text: a segment coded "Lärare"."""


def project(paths: dict[str, str], inline: bool = False, encoding: str = "utf-8") -> str:
    """A MAXQDA-2020-like project: short guids, a picture and an audio recording (in a
    ``VideoSource``) beside two text sources, one user, two codes, one segment each."""
    sources = []
    for guid, text in TEXTS.items():
        where = "" if inline else f" plainTextPath={quoteattr(paths[guid])}"
        content = f"<PlainTextContent>{escape(text)}</PlainTextContent>" if inline else ""
        start, end = TID if guid == "A" else (0, len(text))
        code = "K1" if guid == "A" else "K2"
        sources.append(
            f'<TextSource guid="{guid}" name="Svar {guid}"{where}>{content}'
            f'<PlainTextSelection guid="S{guid}" startPosition="{start}" endPosition="{end}" '
            f'creatingUser="U1"><Coding guid="C{guid}" creatingUser="U1">'
            f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection></TextSource>'
        )
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        f'<Project origin="MAXQDA 2020 (Release 20.4.2)" xmlns="{NS}" name="New project">'
        '<Users><User guid="U1" name="Maria"/></Users>'
        '<CodeBook><Codes><Code guid="K1" name="Lärare" isCodable="true"/>'
        '<Code guid="K2" name="Ryhmäkoko" isCodable="true"/></Codes></CodeBook>'
        f"<Sources>{''.join(sources)}"
        '<PictureSource path="internal://B.jpg" guid="B" name="Screenshot"/>'
        '<VideoSource path="internal://E.m4a" guid="E" name="New Recording 11"/>'
        "</Sources></Project>"
    )


def archive(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, STAMP), data)
    return path


def texts(folder: str, encode: dict[str, str] | None = None, suffix: str = ".txt") -> dict:
    chosen = encode or {}
    return {
        f"{folder}{guid}{suffix}": text.encode(chosen.get(guid, "utf-8"))
        for guid, text in TEXTS.items()
    }


def maxqda2020(out: Path) -> Path:
    """MAXQDA 2020 (Release 20.4.2): short guids ('A', 'B'...), source names without an
    extension, an audio recording in a VideoSource; texts in ``sources/<guid>.txt``."""
    paths = {guid: f"internal://{guid}.txt" for guid in TEXTS}
    return archive(
        out / "maxqda2020_short_guids.qdpx",
        {
            "project.qde": project(paths).encode(),
            **texts("sources/"),
        },
    )


def paths_without_extension(out: Path) -> Path:
    """``plainTextPath="internal://<guid>"`` naming ``sources/<guid>.txt``: a path without
    the file's extension."""
    paths = {guid: f"internal://{guid}" for guid in TEXTS}
    return archive(
        out / "paths_without_extension.qdpx",
        {
            "project.qde": project(paths).encode(),
            **texts("sources/"),
        },
    )


def legacy_text_encodings(out: Path) -> Path:
    """Source texts as a Windows editor saved them before being added: one UTF-16 with a
    byte-order mark (Notepad's "Unicode"), one cp1252 (Notepad's "ANSI" on a Nordic
    Windows); the standard says UTF-8, and a tool that copies the user's file keeps them."""
    paths = {guid: f"internal://{guid}.txt" for guid in TEXTS}
    return archive(
        out / "legacy_text_encodings.qdpx",
        {
            "project.qde": project(paths).encode(),
            **texts("Sources/", {"A": "utf-16", "D": "cp1252"}),
        },
    )


def zipped_folder(out: Path) -> Path:
    """An export unpacked and zipped again as its folder (Windows' "Send to > Compressed
    folder", or macOS's "Compress", which adds ``__MACOSX/``): the project one folder down."""
    paths = {guid: f"internal://{guid}.txt" for guid in TEXTS}
    return archive(
        out / "zipped_folder.qdpx",
        {
            "Kurssipalaute/project.qde": project(paths).encode(),
            **texts("Kurssipalaute/sources/"),
            "__MACOSX/Kurssipalaute/._project.qde": b"\x00\x05\x16\x07",
        },
    )


def utf16_document(out: Path) -> Path:
    """A bare ``.qde`` saved as UTF-16 with its declaration saying so (.NET's XmlWriter
    default), the texts inline as ``PlainTextContent``."""
    path = out / "utf16_document.qde"
    path.write_bytes(project({}, inline=True, encoding="utf-16").encode("utf-16"))
    return path


VARIANTS = (maxqda2020, paths_without_extension, legacy_text_encodings, zipped_folder)


def make_variants(out: Path = HERE) -> list[Path]:
    """Write every variant into ``out``; the paths written."""
    return [make(out) for make in VARIANTS] + [utf16_document(out)]


if __name__ == "__main__":
    for written in make_variants():
        print(written.name)
