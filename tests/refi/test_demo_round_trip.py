"""coder's own demo project goes out as a .qdpx and comes back as it was.

Its codebooks have ids with capitals (``Q_challenges``) that the native YAML pattern refuses:
the codebooks travel in the manifest as data, not as YAML, so nothing is refused on the way
back. QualCoder, reading the same file, keeps every coder's codings apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from coder.demo.build import build_demo
from coder.store.codebooks import active_codes
from coder.store.models import Answer, Coder, Review
from coder.store.project import Project
from tests.cli_helpers import run_cli

from .helpers import assert_valid_standard_layout, qualcoder_keys, stored_codings


def reviews(project: Project) -> set[tuple[str, str, str, bool, bool]]:
    with project.session(write=False) as s:
        rows = s.execute(
            select(
                Answer.question_id, Answer.respondent_id, Coder.name, Review.done, Review.starred
            )
            .join(Review, Review.answer_id == Answer.id)
            .join(Coder, Review.coder_id == Coder.id)
        )
        return {(q, r, c, bool(d), bool(st)) for q, r, c, d, st in rows}


def trees(project: Project) -> dict[str, list[tuple[str, dict[str, str], dict[str, str]]]]:
    with project.session(write=False) as s:
        from coder.store.queries import questions

        return {
            q.id: [(c.key, dict(c.labels), dict(c.definition)) for c in active_codes(s, q.id)]
            for q in questions(s)
        }


def test_the_demo_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo = tmp_path / "demo.sqlite"
    build_demo(demo)
    out = tmp_path / "demo.qdpx"
    status, _out, err = run_cli(
        capsys, "export", str(demo), "--format", "qdpx", "--lang", "sv", "--out", str(out)
    )
    assert status == 0, err
    root = assert_valid_standard_layout(out)
    again = tmp_path / "again.sqlite"
    run_cli(capsys, "init", str(again))
    status, _out, err = run_cli(capsys, "import", str(again), str(out))
    assert status == 0, err
    with Project.open(str(demo)) as first, Project.open(str(again)) as second:
        codings = stored_codings(first)
        assert codings and stored_codings(second) == codings
        assert trees(second) == trees(first)
        assert reviews(second) == reviews(first)
    # code names are the labels in --lang (grouping codes carry the question ids)
    with Project.open(str(demo)) as first:
        labels = {label["sv"] for codes in trees(first).values() for _k, label, _d in codes}
    names = {
        c.get("name")
        for c in root.iter("{urn:QDA-XML:project:1.0}Code")
        if c.get("isCodable") == "true"
    }
    assert names and names <= labels
    # QualCoder's unique key (code, source, start, end, selection's user) drops nothing
    keys = qualcoder_keys(root)
    assert len(keys) == len(set(keys)) == len(codings)
    assert {k[4] for k in keys} == {"anna", "ben"}  # never QualCoder's "default"
