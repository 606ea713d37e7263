"""Generated input thrown at the importers and the codebook loader (hypothesis).

The only outcomes allowed: a good import, or a CoderError with a message, after which every
table of the project is exactly as before. Any other exception fails the test. Examples are
bounded (about a hundred per property, no deadline) so the suite stays fast.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from coder.codebook.io import read_codebook
from coder.errors import CoderError
from coder.ingest.codes import import_codes
from coder.ingest.importer import import_survey
from coder.ingest.shape import ImportOptions
from coder.store.codebooks import attach_codebook
from coder.store.project import Project
from tests.hostile.conftest import fingerprint

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
WIDE = ImportOptions(id_col="id", text=("answer",))


@pytest.fixture(scope="module")
def project(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """One project for all examples of a module: successes pile up, errors must leave no mark."""
    import shutil

    path = tmp_path_factory.mktemp("properties") / "project.sqlite"
    shutil.copyfile(seeded_db, path)
    opened = Project.open(str(path))
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated")


def attempt(project: Project, action: object) -> object | None:
    """Run ``action()``; a CoderError must carry a message and leave the database unchanged."""
    assert project.path is not None
    before = fingerprint(project.path)
    try:
        result = action()  # type: ignore[operator]
        event("imported")
        return result
    except CoderError as exc:
        event("refused")
        assert str(exc).strip(), "an error without a message"
        assert "Traceback" not in str(exc)
        assert fingerprint(project.path) == before, f"changed after the error: {exc}"
        return None


# --- CSV ------------------------------------------------------------------------------------
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    """A survey-shaped CSV (header id,answer and more) in some encoding, sometimes damaged."""
    extra = draw(st.lists(TEXT, max_size=2))
    header = ["id", "answer", *extra]
    rows = draw(st.lists(st.lists(TEXT, min_size=len(header) - 1, max_size=len(header) + 1)))
    for n, row in enumerate(rows[:8]):
        if row and draw(st.integers(0, 4)):  # mostly a unique respondent id
            row[0] = f"G{n}"
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=draw(st.sampled_from([",", ";", "\t"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])),
        lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
    )
    writer.writerow(header)
    writer.writerows(rows[:8])
    data = buffer.getvalue().encode(draw(ENCODINGS), errors="replace")
    if data and draw(st.booleans()):  # damage: overwrite, drop or insert a few bytes
        at = draw(st.integers(0, len(data) - 1))
        junk = draw(st.binary(max_size=4))
        data = data[:at] + junk + data[at + draw(st.integers(0, 3)) :]
    return data


@SETTINGS
@given(data=st.one_of(st.binary(max_size=600), csv_bytes()))
@example(data=b'id,answer\nR1,"open\n')
@example(data=b"id;answer\r\nR1;\x00\r\n")
@example(data="id,answer\nR1,räksmörgås\n".encode("utf-16-le"))
def test_generated_csv_imports_or_is_refused(project: Project, workdir: Path, data: bytes) -> None:
    path = workdir / "survey.csv"
    path.write_bytes(data)
    result = attempt(project, lambda: import_survey(project, path, WIDE))
    if result is not None:  # a good import is idempotent
        again = import_survey(project, path, WIDE)
        assert again.answers_added == again.answers_updated == 0


# --- XLSX -----------------------------------------------------------------------------------
CELL = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
)


@st.composite
def xlsx_bytes(draw: st.DrawFn) -> bytes:
    """A workbook with a header (id, answer, ...) and generated cells, sometimes truncated."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    header: list[object] = ["id", "answer", *draw(st.lists(CELL, max_size=2))]
    sheet.append(header)
    for n, row in enumerate(draw(st.lists(st.lists(CELL, max_size=5), max_size=6))):
        sheet.append([f"R{n}", *row] if draw(st.booleans()) else row)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if draw(st.integers(0, 3)) == 0:
        # Cut at a fraction of the length: the workbook's own timestamps make its size vary
        # between runs, and hypothesis needs the same draws to give the same example.
        data = data[: len(data) * draw(st.integers(0, 1000)) // 1000]
    return data


@SETTINGS
@given(data=xlsx_bytes())
def test_generated_xlsx_imports_or_is_refused(project: Project, workdir: Path, data: bytes) -> None:
    path = workdir / "survey.xlsx"
    path.write_bytes(data)
    attempt(project, lambda: import_survey(project, path, WIDE))


# --- import-codes ---------------------------------------------------------------------------
CODE_CELL = st.one_of(
    st.sampled_from(["resources", "admin", "definition", "", "resources;admin", "nonsense"]),
    TEXT,
)


@SETTINGS
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([f"R{i:05d}" for i in range(22)]) | TEXT,
            st.just("Q1") | st.just("Q1") | TEXT,
            CODE_CELL,
        ),
        max_size=6,
    )
)
def test_generated_codings_import_or_are_refused(
    project: Project, workdir: Path, rows: list[tuple[str, str, str]]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["respondent_id", "question", "codes"])
    writer.writerows(rows)
    path = workdir / "codes.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    attempt(project, lambda: import_codes(project, path, "generated"))


# --- codebook YAML --------------------------------------------------------------------------
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.one_of(st.sampled_from(["sv", "fi", "en", "xx"]), TEXT), inner, max_size=3
        ),
    ),
    max_leaves=8,
)
CODE = st.fixed_dictionaries(
    {"id": st.one_of(st.sampled_from(["a", "b", "a.b", "Bad Id"]), SCALAR)},
    optional={
        "label": st.one_of(st.fixed_dictionaries({"sv": TEXT, "fi": TEXT, "en": TEXT}), VALUE),
        "definition": VALUE,
        "examples": VALUE,
        "keywords": VALUE,
        "colour": st.one_of(st.sampled_from(["#abc", "#123456", "red"]), SCALAR),
        "shortcut": st.one_of(st.sampled_from(["a", "1", "F5"]), SCALAR),
        "codable": st.one_of(st.booleans(), SCALAR),
        "parent": st.one_of(st.sampled_from(["a", "b"]), SCALAR),
        "children": VALUE,
        "guid": SCALAR,
        "surprise": VALUE,
    },
)
BOOK = st.fixed_dictionaries(
    {"codebook": st.one_of(st.just("generated"), SCALAR)},
    optional={
        "title": VALUE,
        "question": VALUE,
        "codes": st.one_of(st.lists(CODE, max_size=4), VALUE),
    },
)


LABEL = st.text("abcdefghijklmnopqrstuvwxyzåäö ", min_size=1, max_size=12).filter(str.strip)
GOOD_CODE = st.fixed_dictionaries(
    {
        "id": st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True),
        "label": st.fixed_dictionaries({"sv": LABEL, "fi": LABEL, "en": LABEL}),
    },
    optional={
        "definition": st.fixed_dictionaries({"sv": LABEL, "fi": LABEL, "en": LABEL}),
        "keywords": st.fixed_dictionaries({"sv": st.lists(LABEL, max_size=2)}),
    },
)
GOOD_BOOK = st.fixed_dictionaries(
    {
        "codebook": st.just("generated"),
        "codes": st.lists(GOOD_CODE, min_size=1, max_size=4, unique_by=lambda c: c["id"]),
    }
)


@st.composite
def codebook_text(draw: st.DrawFn) -> str:
    """A codebook-shaped YAML document, sometimes cut or spliced with YAML's trickier syntax."""
    text = yaml.safe_dump(draw(GOOD_BOOK | BOOK), allow_unicode=True, sort_keys=False)
    cut = draw(st.integers(0, 3))
    if cut == 0:
        at = draw(st.integers(0, len(text)))
        trick = draw(
            st.sampled_from(["&a ", "*a", "!!python/object:os.system ", "[", "{", ": ", "\t", "%"])
        )
        text = text[:at] + trick + text[at:]
    elif cut == 1:
        text = text[: draw(st.integers(0, len(text)))]
    return text


@SETTINGS
@given(text=st.one_of(codebook_text(), TEXT))
@example(text="codebook: x\ncodes:\n  - id: a\n    label: {sv: A, fi: A, en: A}\n")
def test_generated_codebooks_load_or_are_refused(
    project: Project, workdir: Path, text: str
) -> None:
    path = workdir / "codebook.yaml"
    path.write_text(text, encoding="utf-8")

    def add() -> object:
        book = read_codebook(path)
        with project.session() as session:
            return attach_codebook(
                session, "Q_generated", book, actor="generated", create_question=True
            )

    attempt(project, add)


# --- REFI-QDA codebook (.qdc) and project (.qdpx) -------------------------------------------
GUID = st.uuids().map(str)
GUIDS = st.one_of(GUID, GUID, GUID, st.sampled_from(["a1b2c3d4-0000-4000-8000-000000000001", "x"]))
ATTR = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)


@st.composite
def qdc_code(draw: st.DrawFn, depth: int = 0) -> str:
    from xml.sax.saxutils import quoteattr

    attrs = {
        "guid": draw(GUIDS),
        "name": draw(ATTR | st.sampled_from(["a", "b", "Lack of time"]))
        + str(draw(st.integers(0, 10**6))),
        "isCodable": draw(st.sampled_from(["true", "true", "false", "1", "maybe"])),
    }
    if draw(st.booleans()):
        attrs["color"] = draw(st.sampled_from(["#FF0000", "red", ""]))
    shown = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items() if draw(st.integers(0, 9)))
    children = "".join(draw(st.lists(qdc_code(depth + 1), max_size=2))) if depth < 2 else ""
    return f"<Code {shown}>{children}</Code>"


@st.composite
def qdc_text(draw: st.DrawFn) -> str:
    codes = "".join(draw(st.lists(qdc_code(), min_size=1, max_size=4)))
    text = f'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>'
    if draw(st.integers(0, 2)) == 0:
        at = draw(st.integers(0, len(text)))
        trick = draw(st.sampled_from(["<!DOCTYPE x>", "&x;", "<", "]]>", "\x00", "&#0;", "é"]))
        text = text[:at] + trick + text[at:]
    return text


@SETTINGS
@given(text=qdc_text())
def test_generated_qdc_codebooks_load_or_are_refused(
    project: Project, workdir: Path, text: str
) -> None:
    path = workdir / "codebook.qdc"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")

    def add() -> object:
        book = read_codebook(path)
        with project.session() as session:
            return attach_codebook(session, "Q_qdc", book, actor="generated", create_question=True)

    attempt(project, add)


@SETTINGS
@given(text=qdc_text(), sources=st.lists(TEXT, max_size=3), cut=st.integers(0, 4))
def test_generated_qdpx_projects_import_or_are_refused(
    project: Project, workdir: Path, text: str, sources: list[str], cut: int
) -> None:
    """A project.qde with a generated codebook and text sources, in a zip sometimes cut short."""
    from xml.sax.saxutils import escape

    from coder.refi.importer import import_refi as import_qdpx

    codebook = text.split("<CodeBook", 1)[-1].split("</CodeBook>", 1)[0]
    body = "".join(
        f'<TextSource guid="b1b2c3d4-0000-4000-8000-00000000000{n}" name="S{n}">'
        f"<PlainTextContent>{escape(s)}</PlainTextContent></TextSource>"
        for n, s in enumerate(sources)
    )
    qde = (
        '<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
        f"<CodeBook{codebook}</CodeBook><Sources>{body}</Sources></Project>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("project.qde", qde.encode("utf-8", "surrogatepass"))
    data = buffer.getvalue()
    if cut == 0:
        data = data[: len(data) // 2]
    path = workdir / "generated.qdpx"
    path.write_bytes(data)
    attempt(project, lambda: import_qdpx(project, path, question_id="Q_qdpx"))
