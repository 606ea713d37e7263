"""Respondent ids, attribute values and descriptions with markup, quotes, line breaks and
control characters are written as XSD-valid XML and read back as they were (less the
characters XML 1.0 cannot hold)."""

from __future__ import annotations

from pathlib import Path

from coder.refi.model import (
    Case,
    RefiCode,
    RefiProject,
    Selection,
    SourceSet,
    TextSource,
    User,
)
from coder.refi.writer import write_qdpx
from coder.refi.xml import guid
from tests.refi.helpers import assert_valid_standard_layout, read

HOSTILE = "a \"quoted\" <b>&amp;</b> 'x'\r\nnext\tline\x01 =SUM(A1) </TextSource>"
CLEANED = HOSTILE.replace("\x01", "")


def test_hostile_values_survive_the_writer(tmp_path: Path) -> None:
    user, code = guid("user", "anna"), guid("code", "Q1", "time")
    source = TextSource(
        guid("source", "Q1", HOSTILE),
        HOSTILE,
        "Det saknas tid & pengar <nu>.",
        selections=[Selection(code, 0, 12, user), Selection(code, 14, 20, None)],
        variables={"role": HOSTILE},
        description=HOSTILE,
    )
    variable = guid("variable", "role")
    project = RefiProject(
        name=HOSTILE,
        users=[User(user, "anna")],
        codes=[RefiCode(code, "Time & money")],
        variables={variable: "role"},
        cases=[Case(guid("case", HOSTILE), HOSTILE, {"role": HOSTILE}, [source.guid])],
        sources=[source],
        sets=[SourceSet(guid("question", "Q1", "set"), HOSTILE, HOSTILE, [source.guid])],
    )
    out = tmp_path / "hostile.qdpx"
    write_qdpx(project, out)
    assert_valid_standard_layout(out)
    back = read(out)
    assert [c.name for c in back.cases] == [CLEANED]
    assert back.cases[0].values == {"role": CLEANED}
    assert [g.lower() for g in back.cases[0].sources] == [source.guid]
    (read_source,) = back.sources
    assert read_source.name == CLEANED
    assert read_source.text == "Det saknas tid & pengar <nu>."
    assert sorted((s.start, s.end, s.user) for s in read_source.selections) == [
        (0, 12, user),
        (14, 20, None),
    ]
    assert read_source.variables == {"role": CLEANED}
    (read_set,) = back.sets
    assert (read_set.name, read_set.description) == (CLEANED, CLEANED)
    assert [g.lower() for g in read_set.sources] == [source.guid]
