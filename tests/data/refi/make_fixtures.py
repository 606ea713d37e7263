"""Write the REFI-QDA layout fixtures next to this file (run with the project's Python).

Each reproduces a layout that a real tool writes (see docs/import.md), small and made here
rather than copied: ``sources/`` (MAXQDA, NVivo for Mac, QualCoder) and ``Sources/`` (NVivo
for Windows), ``project.qde`` or ``<name>.qde`` (ATLAS.ti), paths with and without
``internal://``, inline ``PlainTextContent`` (a bare ``.qde``), non-text sources, code names
that repeat under two parents, several users coding parts of one text, and a ``.qdc`` with
the empty ``<Sets/>`` that Taguette writes. ``EXPECTED`` says what each imports as.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

HERE = Path(__file__).parent
NS = "urn:QDA-XML:project:1.0"
STAMP = (2024, 5, 1, 12, 0, 0)


def g(n: int) -> str:
    """A guid that reads as a number."""
    return f"00000000-0000-4000-8000-{n:012d}"


USERS = {"maria": g(1), "jukka": g(2)}
READER = {"liisa": g(3)}
"""A user who coded nothing (as NVivo lists the exporting user): a coder, not one who coded."""
TEXTS = {
    10: "Kursen var bra men lärarna hade för lite tid för handledning.",
    11: "Opetus oli hyvää, mutta ryhmät olivat liian suuria ja tilat ahtaita.",
    12: "Teaching was fine; the fees and the admin were not.",
}
"""Source guid number -> text; offsets below are into these."""

CODES = f"""<CodeBook><Codes>
<Code guid="{g(20)}" name="1. Resurser och tid" isCodable="true" color="#ef8256">
 <Description>Time, staff, money</Description>
 <Code guid="{g(21)}" name="Tid" isCodable="true"/>
 <Code guid="{g(22)}" name="Pengar" isCodable="true"/>
</Code>
<Code guid="{g(23)}" name="Opetus ja Ryhmät" isCodable="false">
 <Code guid="{g(24)}" name="Tid" isCodable="true"/>
 <Code guid="{g(25)}" name="Ryhmäkoko" isCodable="true"/>
</Code>
<Code guid="{g(26)}" name="admin. &amp; fees" isCodable="true"/>
</Codes></CodeBook>"""
"""Names with dots, spaces, capitals, non-ASCII and markup; "Tid" under two parents."""


def selection(
    n: int, start: int, end: int, user: str, codes: list[int], coding_user: str = ""
) -> str:
    codings = "".join(
        f'<Coding guid="{g(n * 10 + i)}" creatingUser="{USERS[coding_user or user]}">'
        f'<CodeRef targetGUID="{g(code)}"/></Coding>'
        for i, code in enumerate(codes)
    )
    return (
        f'<PlainTextSelection guid="{g(n)}" startPosition="{start}" endPosition="{end}" '
        f'creatingUser="{USERS[user]}">{codings}</PlainTextSelection>'
    )


def selections(source: int, coding_user: str = "") -> str:
    """Segments by two users; the same code twice by one user at different offsets."""
    text = TEXTS[source]
    base = source * 100
    return "".join(
        [
            selection(base + 1, 0, 9, "maria", [21], coding_user),
            selection(base + 2, 20, 30, "maria", [21, 26], coding_user),
            selection(base + 3, 0, 9, "jukka", [21, 25], coding_user),
            selection(base + 4, 0, len(text), "jukka", [22], coding_user),  # the whole text
        ]
    )


def users(more: dict[str, str] | None = None) -> str:
    listed = {**USERS, **(more or {})}
    return (
        "<Users>"
        + "".join(f'<User guid="{guid}" name="{name.title()}"/>' for name, guid in listed.items())
        + "</Users>"
    )


def variables_and_cases() -> str:
    return (
        f'<Variables><Variable guid="{g(30)}" name="Universitet" typeOfVariable="Text"/>'
        f'<Variable guid="{g(31)}" name="Roll" typeOfVariable="Text"/></Variables>'
        f'<Cases><Case guid="{g(40)}" name="R1"><VariableValue><VariableRef targetGUID="{g(30)}"/>'
        f"<TextValue>Åbo Akademi</TextValue></VariableValue>"
        f'<SourceRef targetGUID="{g(10)}"/></Case>'
        f'<Case guid="{g(41)}" name="R2"><VariableValue><VariableRef targetGUID="{g(30)}"/>'
        f"<TextValue>Helsinki</TextValue></VariableValue>"
        f'<SourceRef targetGUID="{g(11)}"/></Case></Cases>'
    )


def project(
    sources: str,
    extra: str = "",
    name: str = "Layouts",
    origin: str = "Fixture",
    more_users: dict[str, str] | None = None,
) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<Project xmlns="{NS}" name={quoteattr(name)} origin={quoteattr(origin)}>'
        f"{users(more_users)}{CODES}{variables_and_cases()}<Sources>{sources}</Sources>{extra}</Project>"
    )


def text_source(n: int, path: str, coding_user: str = "", inner: str = "") -> str:
    return (
        f'<TextSource guid="{g(n)}" name="Source {n}" plainTextPath={quoteattr(path)}>'
        f"{selections(n, coding_user)}{inner}</TextSource>"
    )


NON_TEXT = (
    f'<PictureSource guid="{g(50)}" name="photo.jpg" path="internal://{g(50)}.jpg"/>'
    f'<PDFSource guid="{g(51)}" name="report.pdf" path="internal://{g(51)}.pdf"/>'
    f'<AudioSource guid="{g(52)}" name="interview.m4a" path="relative://interview.m4a"/>'
    f'<VideoSource guid="{g(53)}" name="clip.mp4" path="absolute:///tmp/clip.mp4"/>'
)
NOTES = (
    f'<Notes><Note guid="{g(60)}" name="Research plan" creatingUser="{USERS["maria"]}">'
    "<PlainTextContent>Code the answers about time first.</PlainTextContent></Note>"
    f'<Note guid="{g(61)}" name="On handledning" creatingUser="{USERS["jukka"]}" '
    f'plainTextPath="internal://{g(61)}.txt"/></Notes>'
    f'<Links><Link guid="{g(62)}" name="Memo-Quotation" originGUID="{g(61)}" '
    f'targetGUID="{g(1002)}"/></Links>'
    f'<Sets><Set guid="{g(63)}" name="Finnish"><MemberSource targetGUID="{g(11)}"/></Set></Sets>'
)


def qdpx(path: Path, members: dict[str, str | bytes]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def texts(folder: str) -> dict[str, str | bytes]:
    return {f"{folder}/{g(n)}.txt": text for n, text in TEXTS.items()}


def make_fixtures(out: Path = HERE) -> list[Path]:
    """Write every fixture into ``out``; returns their paths."""
    files: dict[str, dict[str, str | bytes]] = {
        # MAXQDA 24 / NVivo for Mac / QualCoder: lower-case sources/, a .root file
        "lower_sources.qdpx": {
            "project.qde": project(
                "".join(text_source(n, f"internal://{g(n)}.txt") for n in TEXTS)
            ),
            **texts("sources"),
            "sources/.root": b"",
        },
        # NVivo for Windows: Sources/, and the coding's user is not the selection's
        "upper_sources.qdpx": {
            "project.qde": project(
                "".join(
                    text_source(n, f"internal://{g(n)}.txt", coding_user="maria") for n in TEXTS
                )
            ),
            **texts("Sources"),
        },
        # ATLAS.ti: Project.qde named after the project, pictures/PDF/audio/video, notes,
        # and a user who coded nothing
        "named_project.qdpx": {
            "Layouts and notes.qde": project(
                "".join(text_source(n, f"internal://{g(n)}.txt") for n in TEXTS) + NON_TEXT,
                NOTES,
                origin="ATLAS.ti-like",
                more_users=READER,
            ),
            **texts("sources"),
            f"sources/{g(61)}.txt": "Handledning comes up in every answer about time.",
            f"sources/{g(50)}.jpg": b"\xff\xd8\xff",
        },
        # paths without internal://: a bare file name, relative://, and sources/<file>
        "relative_paths.qdpx": {
            "project.qde": project(
                text_source(10, f"{g(10)}.txt")
                + text_source(11, f"relative://{g(11)}.txt")
                + text_source(12, f"sources/{g(12)}.txt")
            ),
            **texts("sources"),
        },
    }
    written: list[Path] = []
    for name, members in files.items():
        qdpx(out / name, members)
        written.append(out / name)
    # a bare .qde whose texts are inline, with MAXQDA's variables on the source itself
    inline = "".join(
        f'<TextSource guid="{g(n)}" name="Source {n}"><PlainTextContent>{text}</PlainTextContent>'
        f"{selections(n)}"
        f'<VariableValue><VariableRef targetGUID="{g(31)}"/><TextValue>student</TextValue>'
        "</VariableValue></TextSource>"
        for n, text in TEXTS.items()
    )
    bare = out / "inline_text.qde"
    bare.write_text(project(inline, name="Inline"), encoding="utf-8")
    written.append(bare)
    qdc = out / "empty_sets.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette-like">'
        f'<Codes><Code guid="{g(70)}" name="xsd:element name" isCodable="true"/>'
        f'<Code guid="{g(71)}" name="Tid och Resurser" isCodable="true"/></Codes><Sets/></CodeBook>\n',
        encoding="utf-8",
    )
    written.append(qdc)
    return written


CODINGS_PER_TEXT = 6
"""Codings per text in ``selections``: 1 + 2 + 2 + 1; the last covers the whole text, the
other five are segments (Maria's "Tid" twice, at two offsets)."""


if __name__ == "__main__":
    for path in make_fixtures():
        print(path.name)
