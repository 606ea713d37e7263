"""CONTRACT.md: `codebook add` (native YAML and REFI-QDA .qdc), `import-codes`, `status`,
`role` and the phases of two coders and a lead working blind."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

from .conftest import (
    ANNA,
    BEN,
    CODEBOOK,
    Built,
    build,
    cli_json,
    cli_ok,
    codes_by_respondent,
    real_world,
)

QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="another tool">
  <Codes>
    <Code guid="11111111-1111-4111-8111-111111111111" name="Resurser &amp; tid" isCodable="false">
      <Description>Grouping only</Description>
      <Code guid="22222222-2222-4222-8222-222222222222" name="Pengar (budget)" isCodable="true">
        <Description>Money is short.</Description>
      </Code>
      <Code guid="33333333-3333-4333-8333-333333333333" name="Tid" isCodable="true"/>
    </Code>
    <Code guid="44444444-4444-4444-8444-444444444444" name="Regler" isCodable="true">
      <Description>Rules and red tape.</Description>
    </Code>
  </Codes>
</CodeBook>
"""


def walk(codes: list[dict[str, object]], parent: str | None = None):  # type: ignore[no-untyped-def]
    for code in codes:
        yield code, parent
        yield from walk(code.get("children", []) or [], str(code["id"]))  # type: ignore[arg-type]


def test_a_qdc_codebook_keeps_names_descriptions_nesting_and_grouping_nodes(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    qdc = built.folder / "other.qdc"
    qdc.write_text(QDC, encoding="utf-8")
    # a second question to attach it to
    wide = built.folder / "wide.csv"
    wide.write_text("id,open\nR01,Vi har ingen tid.\nR02,Ei rahaa.\n", encoding="utf-8")
    cli_ok(capsys, "import", built.db, str(wide), "--id", "id", "--text", "open=Q2")
    cli_ok(capsys, "codebook", "add", built.db, str(qdc), "--question", "Q2")
    shown = cli_json(capsys, "codebook", "show", built.db, "--question", "Q2")
    assert isinstance(shown, dict)
    found = {str(c["id"]): (c, parent) for c, parent in walk(shown["codes"])}
    assert set(found) >= {"Resurser & tid", "Pengar (budget)", "Tid", "Regler"}
    money, parent = found["Pengar (budget)"]
    assert parent == "Resurser & tid"
    assert "Pengar (budget)" in str(money["label"]) and "Money is short." in str(
        money.get("definition")
    )
    codes = built.folder / "codes.csv"
    codes.write_text(
        "respondent_id,question,codes\nR01,Q2,Pengar (budget);Tid\nR02,Q2,Regler\n",
        encoding="utf-8",
    )
    cli_ok(capsys, "import-codes", built.db, str(codes), "--coder", "anna")


def test_a_grouping_node_cannot_be_given_to_an_answer(
    built_any: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    built = built_any
    qdc = built.folder / "other.qdc"
    qdc.write_text(QDC, encoding="utf-8")
    wide = built.folder / "wide.csv"
    wide.write_text("id,open\nR01,Vi har ingen tid.\n", encoding="utf-8")
    cli_ok(capsys, "import", built.db, str(wide), "--id", "id", "--text", "open=Q2")
    cli_ok(capsys, "codebook", "add", built.db, str(qdc), "--question", "Q2")
    codes = built.folder / "group.csv"
    codes.write_text("respondent_id,question,codes\nR01,Q2,Resurser & tid\n", encoding="utf-8")
    before = cli_json(capsys, "status", built.db)
    status, out, err = run_cli(capsys, "import-codes", built.db, str(codes), "--coder", "anna")
    assert status == 1 and out == "" and "row 2" in err and "Resurser & tid" in err, err
    assert "grouping" in err and len(err.strip().splitlines()) == 1
    assert cli_json(capsys, "status", built.db) == before
    # the codes under it are given as usual, in the same file
    codes.write_text("respondent_id,question,codes\nR01,Q2,Tid;Pengar (budget)\n", encoding="utf-8")
    cli_ok(capsys, "import-codes", built.db, str(codes), "--coder", "anna")


def test_taguettes_codebook_attaches(built: Built, capsys: pytest.CaptureFixture[str]) -> None:
    qdc = real_world("refi-qda", "taguette1.4_codebook.qdc")
    wide = built.folder / "wide.csv"
    wide.write_text("id,open\nR01,Vi har ingen tid.\n", encoding="utf-8")
    cli_ok(capsys, "import", built.db, str(wide), "--id", "id", "--text", "open=Q2")
    cli_ok(capsys, "codebook", "add", built.db, str(qdc), "--question", "Q2")
    status = cli_json(capsys, "status", built.db)
    assert isinstance(status, dict)
    assert {q["id"]: q["codes"] for q in status["questions"]}["Q2"] == 3


@pytest.mark.parametrize(
    ("row", "named"),
    [
        ("R99,Q1,res", "R99"),
        ("R01,Q7,res", "Q7"),
        ("R01,Q1,res;nope", "nope"),
    ],
)
def test_import_codes_refuses_an_unknown_value_naming_the_row_and_imports_nothing(
    built: Built, capsys: pytest.CaptureFixture[str], row: str, named: str
) -> None:
    src = built.folder / "dora.csv"
    src.write_text(f"respondent_id,question,codes\nR04,Q1,adm\n{row}\n", encoding="utf-8")
    before = cli_json(capsys, "status", built.db)
    status, out, err = run_cli(capsys, "import-codes", built.db, str(src), "--coder", "dora")
    assert status == 1 and out == "" and "row 3" in err and named in err, err
    assert cli_json(capsys, "status", built.db) == before


def test_an_empty_codes_cell_means_seen_and_given_no_code(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli_json(capsys, "status", built.db)
    assert isinstance(status, dict)
    (question,) = status["questions"]
    # R04 has no code from either coder, yet both saw it
    assert question["coders"] == {"anna": {"coded": len(ANNA)}, "ben": {"coded": len(BEN)}}


def test_status_json_has_the_contract_fields_and_types(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli_json(capsys, "status", built.db)
    assert isinstance(status, dict)
    assert status["respondents"] == 11 and status["leads"] == ["lena"]
    (question,) = status["questions"]
    assert question["id"] == "Q1" and isinstance(question["id"], str)
    assert question["answers"] == 11 and question["respondents"] == 11
    assert set(question["languages"]) <= {"sv", "fi", "en", "und"} | {
        k for k in question["languages"] if len(k) == 2
    }
    assert sum(question["languages"].values()) == 11
    assert question["codes"] == 3
    assert question["phase"] == "blind"


def test_role_names_leads_and_refuses_a_bad_role(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    cli_ok(capsys, "role", built.db, "anna", "lead")
    assert cli_json(capsys, "status", built.db)["leads"] == ["anna", "lena"]  # type: ignore[index]
    cli_ok(capsys, "role", built.db, "anna", "coder")
    assert cli_json(capsys, "status", built.db)["leads"] == ["lena"]  # type: ignore[index]
    status, _out, err = run_cli(capsys, "role", built.db, "anna", "boss")
    assert status == 2 and "boss" in err


def test_only_a_lead_reconciles_and_a_solo_analyst_acts_as_one(
    tmp_path: Path, built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    agreed = ("reconcile", "agreed", built.db, "--question", "Q1", "--coders", "anna,ben")
    status, _out, err = run_cli(capsys, *agreed, "--coder", "ben")
    assert status == 1 and "lead" in err and "Traceback" not in err
    assert "consensus" not in cli_json(capsys, "status", built.db)["questions"][0]["coders"]  # type: ignore[index]
    cli_ok(capsys, *agreed, "--coder", "lena")
    # a project without a lead: anyone may
    (tmp_path / "solo").mkdir()
    solo = build(tmp_path / "solo", capsys, lead=None)
    cli_ok(capsys, "reconcile", "agreed", solo.db, "--question", "Q1", "--coders", "anna,ben",
           "--coder", "ben")  # fmt: skip


def test_reconciling_on_the_command_line_opens_reconciliation(
    built_any: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    built = built_any
    cli_ok(capsys, "reconcile", "agreed", built.db, "--question", "Q1", "--coders", "anna,ben",
           "--coder", "lena")  # fmt: skip
    status = cli_json(capsys, "status", built.db)
    assert status["questions"][0]["phase"] == "reconciling"  # type: ignore[index]


def _phase(capsys: pytest.CaptureFixture[str], db: str) -> str:
    return str(cli_json(capsys, "status", db)["questions"][0]["phase"])  # type: ignore[index]


def test_a_leads_single_decision_opens_reconciliation_and_a_coders_is_refused(
    built_any: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    built = built_any
    resolve = ("reconcile", "resolve", built.db, "--question", "Q1", "--coders", "anna,ben",
               "--respondent", "R02", "--take", "union")  # fmt: skip
    status, _out, err = run_cli(capsys, *resolve, "--coder", "ben")
    assert status == 1 and "lead" in err and len(err.strip().splitlines()) == 1
    assert _phase(capsys, built.db) == "blind"
    assert "consensus" not in cli_json(capsys, "status", built.db)["questions"][0]["coders"]  # type: ignore[index]
    cli_ok(capsys, *resolve, "--coder", "lena")
    assert _phase(capsys, built.db) == "reconciling"
    # opening is done once: a further decision keeps the phase
    cli_ok(capsys, "reconcile", "agreed", built.db, "--question", "Q1", "--coders", "anna,ben",
           "--coder", "lena")  # fmt: skip
    assert _phase(capsys, built.db) == "reconciling"


def test_a_solo_analysts_reconciliation_opens_it_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    solo = build(tmp_path, capsys, lead=None)
    cli_ok(capsys, "reconcile", "agreed", solo.db, "--question", "Q1", "--coders", "anna,ben",
           "--coder", "ben")  # fmt: skip
    assert _phase(capsys, solo.db) == "reconciling"


def test_import_codes_cannot_write_the_consensus(
    built_any: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    built = built_any
    before = cli_json(capsys, "status", built.db)
    status, out, err = run_cli(
        capsys, "import-codes", built.db, str(built.folder / "anna.csv"), "--coder", "consensus"
    )
    assert status == 1 and out == "" and "consensus" in err and "reconcil" in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert cli_json(capsys, "status", built.db) == before
    cli_ok(capsys, "reconcile", "agreed", built.db, "--question", "Q1", "--coders", "anna,ben",
           "--coder", "lena")  # fmt: skip


def test_a_coder_cannot_retire_used_codes_by_adding_a_changed_codebook(
    built_any: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    built = built_any
    book = built.folder / "challenges.yaml"
    smaller = built.folder / "smaller.yaml"
    text = book.read_text(encoding="utf-8")
    smaller.write_text(text[: text.index("  - id: rules")], encoding="utf-8")
    before = cli_json(capsys, "codebook", "show", built.db, "--question", "Q1")
    status, _out, _err = run_cli(
        capsys, "codebook", "add", built.db, str(smaller), "--question", "Q1"
    )
    assert status == 1
    assert cli_json(capsys, "codebook", "show", built.db, "--question", "Q1") == before
    # a coder is refused too, with the codes named and the way out
    status, _out, err = run_cli(
        capsys, "codebook", "add", built.db, str(smaller), "--question", "Q1", "--coder", "ben"
    )
    assert status == 1 and "'rules'" in err and "lead" in err and "--coder LEAD" in err, err
    assert len(err.strip().splitlines()) == 1
    assert cli_json(capsys, "codebook", "show", built.db, "--question", "Q1") == before
    # the lead may; the code is retired and anna's codings of it stay in the project
    cli_ok(capsys, "codebook", "add", built.db, str(smaller), "--question", "Q1",
           "--coder", "lena")  # fmt: skip
    shown = cli_json(capsys, "codebook", "show", built.db, "--question", "Q1")
    assert {str(c["id"]) for c in shown["codes"]} == {"res", "adm"}  # type: ignore[index]
    assert codes_by_respondent(built.db, "Q1", "anna")["R03"] == {"res", "rules"}


def test_codebook_changes_that_need_no_lead(
    tmp_path: Path, built_any: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    built = built_any
    book = built.folder / "challenges.yaml"
    text = book.read_text(encoding="utf-8")
    more = built.folder / "more.yaml"
    more.write_text(
        text + "  - id: time\n    label: {sv: Tid, fi: Aika, en: Time}\n", encoding="utf-8"
    )
    # adding a code and changing wording: any coder, or no name at all
    cli_ok(capsys, "codebook", "add", built.db, str(more), "--question", "Q1", "--coder", "ben")
    reworded = built.folder / "reworded.yaml"
    reworded.write_text(more.read_text(encoding="utf-8").replace("Rules", "Rules and red tape"))
    cli_ok(capsys, "codebook", "add", built.db, str(reworded), "--question", "Q1")
    # retiring a code nobody used needs no lead either
    cli_ok(capsys, "codebook", "add", built.db, str(book), "--question", "Q1", "--coder", "ben")
    # a first codebook of another question needs no role
    wide = built.folder / "wide.csv"
    wide.write_text("id,open\nR01,Vi har ingen tid.\n", encoding="utf-8")
    cli_ok(capsys, "import", built.db, str(wide), "--id", "id", "--text", "open=Q2")
    cli_ok(capsys, "codebook", "add", built.db, str(book), "--question", "Q2", "--coder", "ben")
    # a coder retires a code only they used
    own = built.folder / "own.csv"
    own.write_text("respondent_id,question,codes\nR01,Q2,rules\n", encoding="utf-8")
    cli_ok(capsys, "import-codes", built.db, str(own), "--coder", "ben")
    smaller = built.folder / "smaller.yaml"
    smaller.write_text(text[: text.index("  - id: rules")], encoding="utf-8")
    cli_ok(capsys, "codebook", "add", built.db, str(smaller), "--question", "Q2", "--coder", "ben")
    # in a project without a lead, everyone acts as one
    (tmp_path / "solo").mkdir()
    solo = build(tmp_path / "solo", capsys, lead=None)
    cli_ok(capsys, "codebook", "add", solo.db, str(smaller), "--question", "Q1")


def test_moving_a_used_code_under_another_needs_a_lead(
    built_any: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    built = built_any
    moved = built.folder / "moved.yaml"
    # the same codebook with adm under res
    adm = CODEBOOK[CODEBOOK.index("  - id: adm") : CODEBOOK.index("  - id: rules")]
    nested = '    shortcut: "1"\n    children:\n' + textwrap.indent(adm, "    ")
    moved.write_text(
        CODEBOOK.replace(adm, "").replace('    shortcut: "1"\n', nested), encoding="utf-8"
    )
    before = cli_json(capsys, "codebook", "show", built.db, "--question", "Q1")
    status, _out, err = run_cli(
        capsys, "codebook", "add", built.db, str(moved), "--question", "Q1", "--coder", "anna"
    )
    assert status == 1 and "'adm'" in err and "--coder LEAD" in err, err
    assert cli_json(capsys, "codebook", "show", built.db, "--question", "Q1") == before
    cli_ok(capsys, "codebook", "add", built.db, str(moved), "--question", "Q1", "--coder", "lena")


def test_no_other_command_writes_the_consensus(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    # a consensus made by reconciliation under another name is refused as well
    cli_ok(capsys, "reconcile", "agreed", built.db, "--question", "Q1", "--coders", "anna,ben",
           "--coder", "lena", "--consensus", "agreed")  # fmt: skip
    before = cli_json(capsys, "status", built.db)
    for name in ("consensus", "agreed"):
        status, _out, err = run_cli(
            capsys, "import-codes", built.db, str(built.folder / "anna.csv"), "--coder", name
        )
        assert status == 1 and repr(name) in err, err
        status, _out, err = run_cli(
            capsys, "suggest", built.db, "--question", "Q1", "--coder", name, "--auto-code"
        )
        assert status == 1 and repr(name) in err and "Traceback" not in err, err
    assert cli_json(capsys, "status", built.db) == before
