"""Write the hostile-input corpus next to this file, and build its big members on demand.

Small files are committed (run this script with the project's Python to rewrite them); the big
ones (a zip bomb, a 10 MB cell, a file over the size limit) are built by the tests into a
temporary directory with ``make_big``, so the repository never carries megabytes.
Every file and the error it must give is listed in ``expected.yaml``.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent

GOOD_CSV = "id,answer\nR00001,Vi saknar resurser för kursutveckling.\n"

# -- XML payloads -----------------------------------------------------------------------------
LAUGHS = (
    '<?xml version="1.0"?>\n'
    "<!DOCTYPE lolz [\n"
    ' <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)
"""A DOCTYPE whose entity ``&lol9;`` expands to 10^9 "lol"s."""

XXE = '<?xml version="1.0"?>\n<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
XXE_PARAMETER = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE foo [ <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote; ]>\n'
)
QDC_NS = "urn:QDA-XML:codebook:1.0"
QDE_NS = "urn:QDA-XML:project:1.0"
GUID = "a1b2c3d4-0000-4000-8000-00000000000{}"


def qdc(body: str, prolog: str = '<?xml version="1.0" encoding="utf-8"?>\n') -> str:
    return f'{prolog}<CodeBook xmlns="{QDC_NS}"><Codes>{body}</Codes></CodeBook>\n'


def qde(body: str, prolog: str = '<?xml version="1.0" encoding="utf-8"?>\n', **attrs: str) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f'{prolog}<Project xmlns="{QDE_NS}" name="p"{extra}>{body}</Project>\n'


def text_source(guid: str, text: str) -> str:
    return (
        f'<Sources><TextSource guid="{guid}" name="R1">'
        f"<PlainTextContent>{text}</PlainTextContent></TextSource></Sources>"
    )


# -- zips -------------------------------------------------------------------------------------
def zip_bytes(members: dict[str, str | bytes]) -> bytes:
    """A deflated zip holding ``members`` (names written exactly as given, ``../`` too)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


def xlsx_members(sheet: str, shared: str | None = None) -> dict[str, str | bytes]:
    """The parts of a minimal workbook whose first sheet's XML is ``sheet``."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            if shared is not None
            else ""
        )
        + "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        + (
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            if shared is not None
            else ""
        )
        + "</Relationships>"
    )
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": types,
        "_rels/.rels": rels,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": workbook_rels,
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        members["xl/sharedStrings.xml"] = shared
    return members


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet_xml(rows: list[list[str]], prolog: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    """Worksheet XML with inline strings (cells may hold entity references such as ``&xxe;``)."""
    body = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{value}</t></is></c>'
            for c, value in enumerate(row)
        )
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    return f'{prolog}<worksheet xmlns="{SHEET_NS}"><sheetData>{body}</sheetData></worksheet>'


def good_xlsx() -> bytes:
    return zip_bytes(
        xlsx_members(sheet_xml([["id", "answer"], ["R00001", "Resurserna räcker inte."]]))
    )


def deflate_bomb(name: str, size: int, chunk: int = 1 << 20) -> bytes:
    """A zip whose one member ``name`` is ``size`` zero bytes deflated ~1000:1.

    Written by hand: each MiB of zeros is compressed once with a full flush, which makes every
    chunk's compressed bytes identical, so a 256 MiB member costs a fraction of a second.
    """
    assert size % chunk == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(b"\0" * chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)
    data = block * (size // chunk) + tail
    crc = 0
    zeros = b"\0" * chunk
    for _ in range(size // chunk):
        crc = zlib.crc32(zeros, crc)
    raw = name.encode()
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x5A21, crc, len(data), size, len(raw), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0x5A21,
        crc,
        len(data),
        size,
        len(raw),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    directory = central + raw
    offset = len(local) + len(raw) + len(data)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(directory), offset, 0)
    return local + raw + data + directory + end


# -- the committed corpus ---------------------------------------------------------------------
def _nested_yaml(depth: int) -> str:
    return "codebook: deep\ncodes: " + "[" * depth + "]" * depth + "\n"


def _deep_codes(depth: int, ns: str = "") -> str:
    opening = "".join(
        f'<Code guid="{i:08x}-0000-4000-8000-000000000000" name="c{i}" isCodable="true">'
        for i in range(depth)
    )
    return opening + "</Code>" * depth


CORPUS: dict[str, Callable[[], str | bytes]] = {
    # survey import: CSV
    "empty.csv": lambda: b"",
    "whitespace_only.csv": lambda: b"  \n\n\t\n",
    "nul_bytes.csv": lambda: b"id,answer\nR00001,Resurser\x00saknas\nR00002,ok\n",
    "mixed_encodings.csv": lambda: (
        "id,answer\nR00001,Vi saknar tid för planering.\n".encode()
        + "R00002,Ingen strategi för mikrokurser på högskolan.\n".encode("cp1252")
    ),
    "junk.csv": lambda: bytes((i * 73 + 41) % 256 for i in range(4096)),
    "pdf_as.csv": lambda: (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256))
    ),
    "header_only.csv": lambda: b"id,answer\n",
    "ragged.csv": lambda: b"id,answer\nR00001,one,two,three\n",
    "unclosed_quote.csv": lambda: b'id,answer\nR00001,"this quote never closes\nR00002,x\n',
    "no_id_column.csv": lambda: b"respondent,answer\nR00001,Resurser saknas.\n",
    "duplicate_respondent.csv": lambda: b"id,answer\nR00001,first\nR00001,second\n",
    "empty_respondent_id.csv": lambda: b"id,answer\n,no id here\n",
    "bad_language.csv": lambda: b"id,answer,lang\nR00001,Resurser saknas.,klingon\n",
    "utf16_broken.csv": lambda: b"\xff\xfei\x00d\x00,\x00a\x00\n\x00\x00\xd8",
    "duplicate_header.csv": lambda: b"id,answer,answer\nR00001,a,b\n",
    "padding_bomb.csv": lambda: b"id,answer" + b",x" * 5_000 + b"\n" * 10_000 + b"R1,x\n",
    "long_id.csv": lambda: ("id,answer\nR" + "9" * 300 + ",Resurser saknas.\n").encode(),
    # survey import: XLSX that is not one
    "truncated.xlsx": lambda: good_xlsx()[: len(good_xlsx()) // 2],
    "csv_as.xlsx": lambda: GOOD_CSV.encode(),
    "html_as.xlsx": lambda: (
        b"<html><body><table><tr><td>id</td><td>answer</td></tr></table></body></html>\n"
    ),
    "html_as.xls": lambda: (
        b"<html><body><table><tr><td>id</td><td>answer</td></tr></table></body></html>\n"
    ),
    "empty.xlsx": lambda: b"",
    "xxe.xlsx": lambda: zip_bytes(
        xlsx_members(sheet_xml([["id", "answer"], ["R00001", "&xxe;"]], XXE.rstrip()))
    ),
    "billion_laughs.xlsx": lambda: zip_bytes(
        xlsx_members(sheet_xml([["id", "answer"], ["R00001", "&lol9;"]], LAUGHS.rstrip()))
    ),
    "malformed_sheet.xlsx": lambda: zip_bytes(
        xlsx_members(f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData><row>')
    ),
    "forged_range.xlsx": lambda: zip_bytes(
        xlsx_members(
            f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}">'
            '<dimension ref="A1:XFD1048576"/><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>answer</t></is></c></row>'
            '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            "</sheetData></worksheet>"
        )
    ),
    "no_workbook.xlsx": lambda: zip_bytes({"[Content_Types].xml": "<Types/>"}),
    "traversal.xlsx": lambda: zip_bytes(
        {**xlsx_members(sheet_xml([["id", "answer"], ["R1", "x"]])), "../../evil.txt": "owned"}
    ),
    # codebooks
    "empty.yaml": lambda: b"",
    "python_object.yaml": lambda: (
        "codebook: evil\ncodes:\n  - id: a\n    label: !!python/object/apply:os.system"
        ' ["echo owned > /tmp/coder-owned"]\n'
    ),
    "python_name.yaml": lambda: "codebook: !!python/name:os.system\ncodes: []\n",
    "billion_laughs.yaml": lambda: (
        "codebook: laughs\n"
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n"
            for i in range(8)
        )
        + "codes: *i\n"
    ),
    "wrong_types.yaml": lambda: (
        "codebook: [not, a, name]\n"
        "title: 42\n"
        "question: {sv: [list], xx: text}\n"
        "codes:\n"
        "  - id: {a: b}\n"
        "    label: yes\n"
        "    definition: [1, 2]\n"
        "    examples: {sv: just text}\n"
        "    keywords: 7\n"
        "    colour: 12\n"
        "    shortcut: [x]\n"
        "    codable: maybe\n"
        "    children: {}\n"
        "  - 17\n"
        "  - id: Bad Id!\n"
        "    label: {en: ok}\n"
        "    parent: nowhere\n"
        "    unknown_field: 1\n"
    ),
    "not_list_codes.yaml": lambda: "codebook: x\ncodes: {a: 1}\n",
    "not_a_mapping.yaml": lambda: "- just\n- a\n- list\n",
    "syntax_error.yaml": lambda: "codebook: x\ncodes:\n  - id: a\n   label: {en: [\n",
    "not_utf8.yaml": lambda: "codebook: räksmörgås\ncodes: []\n".encode("cp1252"),
    "control_char.yaml": lambda: "codebook: x\ncodes:\n  - id: a\x08\n",
    "junk.yaml": lambda: bytes((i * 151 + 7) % 256 for i in range(2048)),
    "deep_nesting.yaml": lambda: _nested_yaml(5000),
    "billion_laughs.qdc": lambda: qdc(
        f'<Code guid="{GUID.format(1)}" name="&lol9;" isCodable="true"/>', LAUGHS
    ),
    "xxe.qdc": lambda: qdc(f'<Code guid="{GUID.format(1)}" name="&xxe;" isCodable="true"/>', XXE),
    "xxe_parameter.qdc": lambda: qdc(
        f'<Code guid="{GUID.format(1)}" name="a" isCodable="true"/>', XXE_PARAMETER
    ),
    "not_xml.qdc": lambda: "this is not XML at all\n",
    "wrong_root.qdc": lambda: f'<?xml version="1.0"?><Project xmlns="{QDE_NS}"/>\n',
    "deep_nesting.qdc": lambda: qdc(_deep_codes(300)),
    "empty.qdc": lambda: b"",
    # import-codes
    "codes_unknown_code.csv": lambda: (
        "respondent_id,question,codes\nR00001,Q1,resources;nonsense\n"
    ),
    "codes_unknown_respondent.csv": lambda: "respondent_id,question,codes\nR99999,Q1,resources\n",
    "codes_unknown_question.csv": lambda: "respondent_id,question,codes\nR00001,Q404,resources\n",
    "codes_missing_column.csv": lambda: "respondent_id,question\nR00001,Q1\n",
    "codes_duplicate_row.csv": lambda: (
        "respondent_id,question,codes\nR00001,Q1,resources\nR00001,Q1,admin\n"
    ),
    "codes_nul.csv": lambda: b"respondent_id,question,codes\nR00001,Q1,reso\x00urces\n",
    "codes_junk.csv": lambda: bytes((i * 37 + 11) % 256 for i in range(3000)),
    # REFI-QDA projects
    "not_zip.qdpx": lambda: b"PK\x03\x04 but not really a zip archive",
    "truncated.qdpx": lambda: zip_bytes({"project.qde": qde(text_source(GUID.format(1), "hi"))})[
        :60
    ],
    "no_project.qdpx": lambda: zip_bytes({"readme.txt": "nothing here"}),
    "billion_laughs.qdpx": lambda: zip_bytes(
        {"project.qde": qde(text_source(GUID.format(1), "&lol9;"), LAUGHS)}
    ),
    "xxe.qdpx": lambda: zip_bytes({"project.qde": qde(text_source(GUID.format(1), "&xxe;"), XXE)}),
    "traversal.qdpx": lambda: zip_bytes(
        {
            "project.qde": qde(
                '<Sources><TextSource guid="a1b2c3d4-0000-4000-8000-000000000001" name="R1" '
                'plainTextPath="internal://../../evil.txt"/></Sources>'
            ),
            "../../evil.txt": "Resurserna räcker inte.",
            "/etc/cron.d/evil": "* * * * * root echo owned",
        }
    ),
    "wrong_root.qdpx": lambda: zip_bytes({"project.qde": qdc("")}),
    "bad_manifest.qdpx": lambda: zip_bytes(
        {"project.qde": qde("", origin="coder"), "coder/manifest.json": "[" * 100_000}
    ),
    "manifest_wrong_types.qdpx": lambda: zip_bytes(
        {
            "project.qde": qde(text_source(GUID.format(1), "Resurser saknas."), origin="coder"),
            "coder/manifest.json": '{"questions": [{"id": 5}], "sources": []}',
        }
    ),
    "nul_source.qdpx": lambda: zip_bytes(
        {
            "project.qde": qde(
                f'<Sources><TextSource guid="{GUID.format(1)}" name="R1" '
                f'plainTextPath="internal://{GUID.format(1)}.txt"/></Sources>'
            ),
            f"Sources/{GUID.format(1)}.txt": b"Resurser\x00saknas",
        }
    ),
    "deep_codes.qdpx": lambda: zip_bytes(
        {"project.qde": qde(f"<CodeBook><Codes>{_deep_codes(5000)}</Codes></CodeBook>")}
    ),
}


def make_corpus(directory: Path = HERE) -> list[Path]:
    """Write every committed corpus file into ``directory``; returns their paths."""
    written = []
    for name, build in CORPUS.items():
        data = build()
        path = directory / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        written.append(path)
    return written


# -- the big files, built at test time --------------------------------------------------------
def _big_cell_csv(path: Path) -> None:
    path.write_bytes(b"id,answer\nR00001," + b"a" * (10 * 1024 * 1024) + b"\n")


def _big_cell_xlsx(path: Path) -> None:
    path.write_bytes(
        zip_bytes(xlsx_members(sheet_xml([["id", "answer"], ["R00001", "a" * (10 * 1024 * 1024)]])))
    )


def _huge_csv(path: Path) -> None:
    """A sparse file of 3 GiB: large to stat, next to nothing on disk."""
    with path.open("wb") as handle:
        handle.write(GOOD_CSV.encode())
        handle.truncate(3 * 1024**3)


def _huge_yaml(path: Path) -> None:
    """A sparse 64 MiB codebook."""
    with path.open("wb") as handle:
        handle.write(b"codebook: huge\ncodes: []\n")
        handle.truncate(64 * 1024**2)


def _zip_bomb_xlsx(path: Path) -> None:
    path.write_bytes(deflate_bomb("xl/worksheets/sheet1.xml", 256 * 1024 * 1024))


def _zip_bomb_qdpx(path: Path) -> None:
    path.write_bytes(deflate_bomb("project.qde", 256 * 1024 * 1024))


BIG: dict[str, Callable[[Path], None]] = {
    "big_cell.csv": _big_cell_csv,
    "big_cell.xlsx": _big_cell_xlsx,
    "huge.csv": _huge_csv,
    "huge.yaml": _huge_yaml,
    "zip_bomb.xlsx": _zip_bomb_xlsx,
    "zip_bomb.qdpx": _zip_bomb_qdpx,
}


def make_big(name: str, directory: Path) -> Path:
    """Build the big corpus member ``name`` into ``directory``."""
    path = directory / name
    BIG[name](path)
    return path


if __name__ == "__main__":
    for written in make_corpus():
        print(written.name)
