"""The agreement and evaluation tables as a reader sees them: codes by label, "n/a" where a
figure is undefined, each note once, no "-0.00", columns that line up whatever the ids."""

from __future__ import annotations

import re

from coder.agreement.render import evaluation_table, fixed, report_markdown
from coder.agreement.report import CodingTable, agreement_report

LONG_ID = "institutional_recognition_of_prior_learning_and_micro_credentials_in_degrees"


def doc() -> dict:
    rows = [
        (f"R{i}", {"a": codes_a, "b": codes_b})
        for i, (codes_a, codes_b) in enumerate(
            [
                (["time"], ["time"]),
                (["time", LONG_ID], ["time"]),
                ([LONG_ID], []),
                ([], []),
                (["time"], ["time"]),
                ([], ["time"]),
            ]
            * 3
        )
    ]
    table = CodingTable.from_sets(["a", "b"], ["time", LONG_ID, "never", "unused"], rows)
    return agreement_report(table, question="Q1", n_boot=50, seed=1)


def test_codes_by_label_undefined_as_na_notes_once() -> None:
    labels = {"time": "Lack of time", LONG_ID: "Recognition", "never": "Never | used"}
    text = report_markdown(doc(), labels)
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len({len(line) for line in table}) == 1  # a long id widens its column only
    split = re.compile(r"(?<!\\)\|")  # cells part at pipes that are not escaped
    cells = {r[0]: r for r in ([c.strip() for c in split.split(line)[1:-1]] for line in table[2:])}
    assert "Lack of time (`time`)" in cells
    assert f"Recognition (`{LONG_ID}`)" in cells
    assert "Never \\| used (`never`)" in cells
    recognition = cells[f"Recognition (`{LONG_ID}`)"]
    assert recognition[3] == "n/a"  # b never gave it: κ is 0 by construction
    unused = cells["`unused`"]  # no label: the id
    assert unused[3] == "n/a" and unused[4] == "n/a" and unused[-1] == "n/a"
    notes = [line for line in text.splitlines() if line.startswith("- ") and "(" in line]
    assert len(notes) == len(set(notes))
    assert sum("0/0" in n for n in notes) == len({n.split(":")[0] for n in notes if "0/0" in n})
    assert "-0.00" not in text and "[0.00, 0.00]" not in text


def test_fixed_never_prints_minus_zero() -> None:
    assert fixed(-0.0001, 2) == "0.00" and fixed(-0.004, 3) == "-0.004"
    assert fixed(-10.0, 1) == "-10.0" and fixed(0.5, 3) == "0.500"


def test_evaluation_table_names_codes_and_says_na() -> None:
    per_code = {
        "time": {"precision": 0.8, "recall": 0.5, "f1": 0.6154, "support": 8},
        LONG_ID: {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0},
        "pay": {"precision": -0.0, "recall": 1.0, "f1": 1.0, "support": 3, "predicted": 3},
    }
    lines = evaluation_table(per_code, {"time": "Lack of time", LONG_ID: "Recognition"})
    header, *rows, note = lines
    assert header.split() == ["code", "id", "prec", "rec", "F1", "n"]
    ends = {len(line) for line in [header, *rows]}
    assert len(ends) == 1  # every row as long as the header: nothing pushed out of line
    assert rows[0].split()[:3] == ["Lack", "of", "time"]
    recognition = rows[1].split()
    assert recognition[0] == "Recognition" and recognition[1] == LONG_ID
    assert recognition[2:5] == ["n/a", "n/a", "n/a"] and recognition[5] == "0"
    assert rows[2].split()[2] == "0.000"  # a real zero stays a zero, never "-0.000"
    assert note.startswith("n/a:")
