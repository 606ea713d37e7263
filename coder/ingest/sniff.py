"""Encoding and delimiter detection for delimited text exports.

Survey tools and spreadsheet programs disagree: Excel in the Nordics writes `;` and cp1252,
Google Forms writes UTF-8 with `,`, Excel's "Unicode text" is UTF-16 with tabs. The rules
here are deterministic so that the same file always reads the same way.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from coder.errors import InputError, Message

DELIMITERS = (",", ";", "\t")
_SAMPLE_CHARS = 64 * 1024
_SAMPLE_RECORDS = 50
# NUL never occurs in a text export: its presence means binary data or a wrong decoding.
# A valid two-byte UTF-8 sequence for Latin letters (ä, ö, å, é...): a sign of UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc3][\x80-\xbf]")
_CONTROL = re.compile("\x00")
# Mac Roman's å ä ö Å Ä Ö é ü (old Excel for Mac's "CSV (Macintosh)") are bytes 0x80-0x9f,
# where cp1252 has Š Œ š Ž Ÿ or nothing; cp1252's own å ä ö Å Ä Ö é ü are 0xc4-0xfc.
_MAC_ROMAN_LETTERS = re.compile(rb"[\x80\x81\x85\x86\x8a\x8c\x8e\x9a\x9f]")
_CP1252_LETTERS = re.compile(rb"[\xc4\xc5\xd6\xdc\xe4\xe5\xe9\xf6\xfc]")


def _row_of(data: bytes, offset: int) -> int:
    """Spreadsheet row (CSV record, header = 1) holding byte ``offset``."""
    prefix = data[:offset].decode("utf-8", "replace")
    if prefix.endswith("\n"):
        prefix += "x"  # the byte starts a new record
    try:
        reader = csv.reader(io.StringIO(prefix, newline=""), delimiter=sniff_delimiter(prefix))
        return max(1, sum(1 for _ in reader))
    except csv.Error:
        return data.count(b"\n", 0, offset) + 1


def _check_controls(text: str, name: str, encoding: str) -> None:
    found = _CONTROL.search(text)
    if found:
        index, ch = found.start(), found.group()
        row = _row_of(text.encode("utf-8"), len(text[:index].encode("utf-8")))
        raise InputError(
            "error.ingest.control_character",
            file=name,
            row=row,
            char=f"{ord(ch):#04x}",
            encoding=encoding,
        )


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text export; return (text, encoding used). Raises InputError naming the row."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError as exc:
            raise InputError("error.ingest.unknown_encoding", file=name, encoding=encoding) from exc
        except UnicodeDecodeError as exc:
            raise InputError(
                "error.ingest.not_encoding",
                file=name,
                row=_row_of(data, exc.start),
                byte=f"{data[exc.start]:#04x}",
                encoding=encoding,
            ) from exc
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:3:2] != b"\x00\x00":
        candidates = ["utf-16-le"]
    elif len(data) >= 4 and data[0:3:2] == b"\x00\x00" and data[1:4:2] != b"\x00\x00":
        candidates = ["utf-16-be"]
    elif (
        _MAC_ROMAN_LETTERS.search(data)
        and not _CP1252_LETTERS.search(data)
        and not _UTF8_SEQUENCE.search(data)
    ):
        candidates = ["utf-8", "mac-roman"]
    else:
        candidates = ["utf-8", "cp1252"]
    first_error: UnicodeDecodeError | None = None
    damaged_utf8 = False
    for candidate in candidates:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            continue
        if candidate == "cp1252" and first_error and _UTF8_SEQUENCE.search(data):
            damaged_utf8 = True  # reading it as cp1252 would garble every å, ä and ö
            break
        _check_controls(text, name, candidate)
        return text, candidate
    assert first_error is not None
    offset = first_error.start
    where = Message(
        "error.ingest.at_byte", file=name, row=_row_of(data, offset), byte=f"{data[offset]:#04x}"
    )
    if damaged_utf8:
        raise InputError("error.ingest.damaged_utf8", where=where)
    raise InputError("error.ingest.undecodable", where=where)


def _field_counts(sample: str, delimiter: str) -> list[int]:
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    counts: list[int] = []
    try:
        for record in reader:
            if record:
                counts.append(len(record))
            if len(counts) >= _SAMPLE_RECORDS:
                break
    except csv.Error:
        return []
    return counts


def sniff_delimiter(text: str, suffix: str = "") -> str:
    """Pick `,`, `;` or tab: the one giving the most columns consistently across records."""
    sample = text[:_SAMPLE_CHARS]
    if len(text) > _SAMPLE_CHARS:  # drop a possibly cut last record
        sample = sample[: sample.rfind("\n") + 1] or sample
    best, best_score = ("\t" if suffix == ".tsv" else ","), (-1.0, 0)
    for delimiter in DELIMITERS:
        counts = _field_counts(sample, delimiter)
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = (round(consistent, 2), counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --- what a file is, whatever its extension says -------------------------------------------

_KINDS = {
    "xlsx": Message("error.kind.xlsx"),
    "qdpx": Message("error.kind.qdpx"),
    "qde": Message("error.kind.qde"),
    "qdc": Message("error.kind.qdc"),
    "xls": Message("error.kind.xls"),
    "docx": Message("error.kind.docx"),
    "ods": Message("error.kind.ods"),
    "pdf": Message("error.kind.pdf"),
    "zip": Message("error.kind.zip"),
    "xml": Message("error.kind.xml"),
    "html": Message("error.kind.html"),
    "text": Message("error.kind.text"),
}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_ROOT = re.compile(rb"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")
_HTML = re.compile(rb"^<!doctype html", re.IGNORECASE)


def kind_name(kind: str) -> Message:
    """'an XLSX workbook', 'a REFI-QDA codebook (.qdc)'... for messages."""
    return _KINDS[kind]


def nested_project(names: list[str]) -> list[str]:
    """The REFI-QDA ``*.qde`` files one folder down, when the archive holds nothing at its
    top and they are all in one folder: an export unpacked and zipped again as its folder
    (macOS's ``__MACOSX`` copy aside). [] otherwise."""
    if any("/" not in n for n in names):
        return []
    found = [
        n
        for n in names
        if n.count("/") == 1 and n.lower().endswith(".qde") and not n.startswith("__MACOSX/")
    ]
    return found if len({n.partition("/")[0] for n in found}) == 1 else []


def _zip_kind(path: Path) -> str:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return "zip"
    lowered = [n.lower() for n in names]
    if "xl/workbook.xml" in lowered:
        return "xlsx"
    if any(n.endswith(".qde") and "/" not in n.strip("/") for n in lowered):
        return "qdpx"
    if nested_project([n for n in names if not n.endswith("/")]):
        return "qdpx"
    if "word/document.xml" in lowered:
        return "docx"
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    return "zip"


def _xml_kind(head: bytes) -> str:
    """REFI-QDA's two XML files by their root element (<Project>, <CodeBook>)."""
    body = head.lstrip(codecs.BOM_UTF8).lstrip()
    if not body.startswith(b"<"):
        return "text"
    if _HTML.match(body):
        return "html"
    found = _XML_ROOT.search(body)  # the first element that is not a declaration or comment
    root = found.group(1) if found else b""
    known = {b"Project": "qde", b"CodeBook": "qdc", b"html": "html", b"HTML": "html"}
    if root in known:
        return known[root]
    return "xml" if body.startswith(b"<?xml") else "text"  # a CSV may start with "<"


def sniff_kind(path: Path) -> str:
    """What the file's bytes are: a key of ``_KINDS`` ('xlsx', 'qdpx', 'text'...)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(path)
    if head.startswith(_OLE_MAGIC):
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if head.lstrip(codecs.BOM_UTF8).lstrip().startswith(b"<") and not utf16:
        return _xml_kind(head)
    return "text"
