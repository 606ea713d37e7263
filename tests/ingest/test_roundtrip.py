"""Property: whatever the answers hold (quotes, delimiters, line breaks, å ä ö), a file written
by a spreadsheet program in any supported encoding and delimiter reads back to the same texts."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.ingest.shape import ImportOptions, read_survey

ALPHABET = "abcdefghijklmnopqrstuvwxyzåäöÅÄÖéüABC 0123456789.,;:!?\"'-()\t\n\r€"
answers = st.lists(st.text(alphabet=ALPHABET, max_size=60), min_size=1, max_size=12)


def clean(text: str) -> str:
    return text.strip().replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=answers,
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    style=st.sampled_from(["excel", "quote-all"]),
)
def test_any_answers_read_back_unchanged(
    texts: list[str], delimiter: str, encoding: str, style: str
) -> None:
    buffer = io.StringIO()
    if style == "excel":  # CRLF rows, quotes only where needed
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    else:  # LF rows, every field quoted (LibreOffice, survey tools)
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["id", "group", "answer"])
    for n, text in enumerate(texts):
        writer.writerow([f"R{n}", "Åbo Akademi" if n % 2 else "Aalto", text])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "survey.csv"
        path.write_bytes(buffer.getvalue().encode(encoding))
        options = ImportOptions(id_col="id", text=("answer",), attrs=("group",))
        survey = read_survey(path, options)
    expected = {f"R{n}": clean(t) for n, t in enumerate(texts) if clean(t)}
    assert {a.respondent_id: a.text for a in survey.answers} == expected
    assert survey.blank == len(texts) - len(expected)
    assert survey.respondents["R0"] == {"group": "Aalto"}
