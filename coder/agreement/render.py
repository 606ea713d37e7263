"""Markdown tables of agreement reports, to paste into a report or a methods appendix.

Works on the JSON documents of `report.agreement_report` and `matrix.matrix_report`, so what
the table shows is exactly what `--json` prints. Undefined figures show as "n/a" with the
reason in a note under the table; interpretation bands are always shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

LABELS = {
    "percent_agreement": "Agreement",
    "cohen_kappa": "Cohen's κ",
    "fleiss_kappa": "Fleiss' κ",
    "krippendorff_alpha": "Krippendorff's α",
    "gwet_ac1": "Gwet's AC1",
    "brennan_prediger": "Brennan-Prediger",
    "krippendorff_alpha_masi": "Krippendorff's α (MASI)",
    "krippendorff_alpha_jaccard": "Krippendorff's α (Jaccard)",
}
NA = "n/a"
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~&$])")


def _md(text: str) -> str:
    """A code's label or id as inert Markdown on one line (labels come from codebooks)."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def fixed(x: float, digits: int) -> str:
    """``x`` with ``digits`` decimals, never "-0.00" (a rounded tiny negative reads as 0)."""
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def _num(x: float | None, pct: bool = False) -> str:
    if x is None:
        return NA
    return f"{fixed(100 * x, 1)} %" if pct else fixed(x, 3)


def _with_ci(entry: dict[str, Any], name: str) -> str:
    value = entry.get(name)
    text = _num(value, pct=name == "percent_agreement")
    ci = entry.get("ci", {}).get(name)
    if value is not None and ci and name != "percent_agreement" and ci[0] != ci[1]:
        text += f" [{fixed(ci[0], 2)}, {fixed(ci[1], 2)}]"
    return text


def _band(text: str) -> str:
    return text.split(" (")[0]


def _code_span(text: str) -> str:
    """An id in a Markdown code span: inside one only a backtick (which would end it) and,
    in a table, a ``|`` (which GFM splits cells on first) need care."""
    return "`" + " ".join(text.split()).replace("`", "'").replace("|", "\\|") + "`"


def code_name(code: str, labels: Mapping[str, str] | None) -> str:
    """A code as a reader knows it: its label, the id in brackets when it differs."""
    label = (labels or {}).get(code, "")
    if not label or label == code:
        return _code_span(code)
    return f"{_md(label)} ({_code_span(code)})"


NEVER_USED = (
    "a coder never gave the code, so κ is 0 by construction and says nothing about agreement"
)


def _per_code_rows(
    doc: dict[str, Any], cols: list[str], labels: Mapping[str, str] | None
) -> tuple[list[list[str]], dict[tuple[str, str], list[str]]]:
    """The table's rows, and each note with the codes it applies to (said once)."""
    rows: list[list[str]] = []
    notes: dict[tuple[str, str], list[str]] = {}
    for name, note in doc["overall"].get("notes", {}).items():
        notes.setdefault((LABELS.get(name, name), note), []).append("overall")
    for code, entry in doc["per_code"].items():
        name = code_name(code, labels)
        entry = dict(entry)
        used = entry.get("used_by", {})
        if (
            entry.get("cohen_kappa") is not None
            and used
            and 0 in used.values()
            and any(used.values())
        ):
            entry["cohen_kappa"] = None
            notes.setdefault((LABELS["cohen_kappa"], NEVER_USED), []).append(name)
        cells = [name, str(entry["n_units"]), *(_with_ci(entry, c) for c in cols)]
        cells.append(
            _band(entry["interpretation"]) if entry.get("krippendorff_alpha") is not None else NA
        )
        rows.append(cells)
        for metric, note in entry.get("notes", {}).items():
            notes.setdefault((LABELS.get(metric, metric), note), []).append(name)
    return rows, notes


def aligned_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]
) -> list[str]:
    """A Markdown table whose columns line up in plain text too: each column as wide as its
    widest cell, so a long label widens its column instead of pushing its row out of line."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        padded = [
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (w + 1) + ":" if r else "-" * (w + 2) for w, r in zip(widths, right, strict=True)
        )
        + "|"
    )
    return [line(header), rule, *(line(r) for r in rows)]


def report_markdown(doc: dict[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """The per-code table and the overall figures of one question's agreement report.

    ``labels`` maps code ids to labels: codes are named by label with the id beside it. A
    figure that is undefined (or, for κ, meaningless because a coder never used the code)
    reads "n/a", and each reason is said once under the table with the codes it concerns.
    """
    coders = ", ".join(_md(c) for c in doc["coders"])
    lines = [
        f"## Inter-coder agreement: question {_md(str(doc.get('question')))}",
        "",
        f"Coders: {coders}. Answers coded by two or more of them: {doc['units']}.",
    ]
    if doc.get("note"):
        lines += ["", f"**{doc['note']}.**"]
    ov = doc["overall"]
    lines += [
        "",
        f"- Identical code sets: {_num(ov['percent_agreement'], pct=True)}",
        f"- {LABELS['krippendorff_alpha_masi']}: {_with_ci(ov, 'krippendorff_alpha_masi')}"
        f" — {ov['interpretation']}",
        f"- {LABELS['krippendorff_alpha_jaccard']}: {_with_ci(ov, 'krippendorff_alpha_jaccard')}",
        "",
    ]
    kappa = "cohen_kappa" if len(doc["coders"]) == 2 else "fleiss_kappa"
    cols = ["percent_agreement", kappa, "krippendorff_alpha", "gwet_ac1", "brennan_prediger"]
    head = ["Code", "n", *(LABELS[c] for c in cols), "Reading (α)"]
    rows, notes = _per_code_rows(doc, cols, labels)
    lines += aligned_table(head, rows, [False] + [True] * (len(head) - 2) + [False])
    lines += [
        "",
        "Brackets: 95 % confidence intervals (κ, AC1, Brennan-Prediger: Gwet's standard errors, "
        "t on n-1 df; α: bootstrap over answers). Reading after Krippendorff: α ≥ .800 "
        "reliable; .667 ≤ α < .800 tentative conclusions only; below .667 unreliable.",
    ]
    if notes:
        lines += ["", "Notes (n/a):"]
        for (metric, note), codes in notes.items():
            lines.append(f"- {metric}: {note} ({', '.join(codes)})")
    return "\n".join(lines) + "\n"


def matrix_markdown(doc: dict[str, Any]) -> str:
    """One table of every coefficient computed for `--matrix` reliability data."""
    lines = [
        f"## Reliability of {doc['file']}",
        "",
        f"{doc['units']} units, {doc['coders']} coders ({', '.join(doc['coder_names'])}), "
        f"{doc['pairable_units']} units coded by two or more; level of measurement: {doc['level']}.",
        "",
        "| Coefficient | Value | 95 % CI | SE |",
        "|---|---:|---|---:|",
    ]
    names = [n for n in LABELS if n in doc]
    for name in names:
        ci = doc.get("ci", {}).get(name)
        se = doc.get("se", {}).get(name)
        lines.append(
            f"| {LABELS[name]} | {_num(doc[name], pct=name == 'percent_agreement')} | "
            f"{f'[{fixed(ci[0], 3)}, {fixed(ci[1], 3)}]' if ci else ''} | "
            f"{_num(se) if se is not None else ''} |"
        )
    lines += [
        "",
        "Intervals: Gwet's standard errors with t on n-1 df (α: percentile bootstrap over "
        "units, its SE the bootstrap SD).",
        "",
        f"Reading of α (Krippendorff): {doc['interpretation']}.",
    ]
    notes = [f"- {LABELS.get(n, n)}: {note}" for n, note in doc.get("notes", {}).items()]
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines) + "\n"


def _rate(value: float | None, defined: bool) -> str:
    return fixed(value, 3) if defined and value is not None else NA


def evaluation_table(
    per_code: Mapping[str, Mapping[str, Any]], labels: Mapping[str, str] | None = None
) -> list[str]:
    """`coder evaluate`'s per-code table as aligned plain-text lines: label, id, precision,
    recall, F1, n. A figure with nothing to divide by reads "n/a" (recall and F1 of a code
    nobody gave; precision of a code the suggester never assigned), and the reason is said
    once under the table."""
    rows: list[list[str]] = []
    undefined = False
    for code, scores in per_code.items():
        support = int(scores.get("support", 0))
        predicted = scores.get("predicted")
        precision = scores.get("precision")
        never_assigned = predicted == 0 or (predicted is None and not support and not precision)
        undefined |= never_assigned or not support
        rows.append(
            [
                (labels or {}).get(code, "") or code,
                code,
                _rate(precision, not never_assigned),
                _rate(scores.get("recall"), bool(support)),
                _rate(scores.get("f1"), bool(support) and not never_assigned),
                str(support),
            ]
        )
    header = ["code", "id", "prec", "rec", "F1", "n"]
    right = [False, False, True, True, True, True]
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)
    ]
    lines = [
        "  ".join(
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(row, widths, right, strict=True)
        ).rstrip()
        for row in [header, *rows]
    ]
    if undefined:
        lines.append(
            "n/a: nothing to divide by (recall and F1: nobody gave the code; precision: the "
            "suggester never assigned it)"
        )
    return lines
