"""Markdown tables of agreement reports, to paste into a report or a methods appendix.

Works on the JSON documents of `report.agreement_report` and `matrix.matrix_report`, so what
the table shows is exactly what `--json` prints. Undefined figures show as "n/a" with the
reason in a note under the table; interpretation bands are always shown.
"""

from __future__ import annotations

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


def _num(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{100 * x:.1f} %" if pct else f"{x:.3f}"


def _with_ci(entry: dict[str, Any], name: str) -> str:
    value = entry.get(name)
    text = _num(value, pct=name == "percent_agreement")
    ci = entry.get("ci", {}).get(name)
    if value is not None and ci and name != "percent_agreement":
        text += f" [{ci[0]:.2f}, {ci[1]:.2f}]"
    return text


def _notes(prefix: str, entry: dict[str, Any], out: list[str]) -> None:
    for name, note in entry.get("notes", {}).items():
        out.append(f"- {prefix}{LABELS.get(name, name)}: {note}")


def _band(text: str) -> str:
    return text.split(" (")[0]


def report_markdown(doc: dict[str, Any]) -> str:
    """The per-code table and the overall figures of one question's agreement report."""
    coders = ", ".join(doc["coders"])
    lines = [
        f"## Inter-coder agreement: question {doc.get('question')}",
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
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 2) + ["---"]) + "|")
    notes: list[str] = []
    _notes("overall ", ov, notes)
    for code, entry in doc["per_code"].items():
        cells = [f"`{code}`", str(entry["n_units"]), *(_with_ci(entry, c) for c in cols)]
        cells.append(_band(entry["interpretation"]))
        lines.append("| " + " | ".join(cells) + " |")
        _notes(f"`{code}` ", entry, notes)
    lines += [
        "",
        "Brackets: 95 % confidence intervals (κ, AC1, Brennan-Prediger: Gwet's standard errors, "
        "t on n-1 df; α: bootstrap over answers). Reading after Krippendorff: α ≥ .800 "
        "reliable; .667 ≤ α < .800 tentative conclusions only; below .667 unreliable.",
    ]
    if notes:
        lines += ["", "Notes:", *_dedupe(notes)]
    return "\n".join(lines) + "\n"


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]  # type: ignore[func-returns-value]


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
            f"{f'[{ci[0]:.3f}, {ci[1]:.3f}]' if ci else ''} | {_num(se) if se is not None else ''} |"
        )
    lines += [
        "",
        "Intervals: Gwet's standard errors with t on n-1 df (α: percentile bootstrap over "
        "units, its SE the bootstrap SD).",
        "",
        f"Reading of α (Krippendorff): {doc['interpretation']}.",
    ]
    notes: list[str] = []
    _notes("", doc, notes)
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines) + "\n"
