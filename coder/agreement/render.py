"""Markdown tables of agreement reports, to paste into a report or a methods appendix.

Works on the JSON documents of `report.agreement_report` and `matrix.matrix_report`, so what
the table shows is exactly what `--json` prints. Undefined figures show as "n/a" with the
reason in a note under the table; interpretation bands are always shown.

The tables speak the reader's language (``lang``, through the catalogue's `agreement.*`
ids): headings, notes and readings in words, decimal commas in Swedish and Finnish, and
there ".." for an undefined figure (the Nordic statistics offices' sign for "not
available"). The JSON documents stay English: the notes the core wrote in them are read
back into catalogue messages here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from coder import i18n
from coder.agreement.metrics import NO_PAIRS, NO_VARIATION
from coder.errors import Message, grouped

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
EN = i18n.FALLBACK
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~&$])")


def _md(text: str) -> str:
    """A code's label or id as inert Markdown on one line (labels come from codebooks)."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def _t(key: str, lang: str, **values: Any) -> str:
    return Message(key, **values).text(lang)


def _na(lang: str) -> str:
    return _t("agreement.md.na", lang)


def fixed(x: float, digits: int, lang: str = EN) -> str:
    """``x`` with ``digits`` decimals, never "-0.00" (a rounded tiny negative reads as 0);
    a decimal comma in Swedish and Finnish."""
    text = f"{x:.{digits}f}"
    text = text[1:] if text.startswith("-") and not text.strip("-0.") else text
    return grouped(text, lang)


def _interval(low: float, high: float, digits: int, lang: str) -> str:
    """``[low, high]``; with decimal commas the bounds are parted by a semicolon."""
    between = ", " if lang == EN else "; "
    return f"[{fixed(low, digits, lang)}{between}{fixed(high, digits, lang)}]"


def _num(x: float | None, lang: str, pct: bool = False) -> str:
    if x is None:
        return _na(lang)
    return f"{fixed(100 * x, 1, lang)} %" if pct else fixed(x, 3, lang)


def _with_ci(entry: dict[str, Any], name: str, lang: str) -> str:
    value = entry.get(name)
    text = _num(value, lang, pct=name == "percent_agreement")
    ci = entry.get("ci", {}).get(name)
    if value is not None and ci and name != "percent_agreement" and ci[0] != ci[1]:
        text += " " + _interval(ci[0], ci[1], 2, lang)
    return text


def _label(name: str, lang: str) -> str:
    """A coefficient's name; only "Agreement" is a word, the others are names."""
    if name == "percent_agreement":
        return _t("agreement.md.agreement", lang)
    return LABELS.get(name, name)


# Krippendorff's readings (`estimate.alpha_band`), as the JSON has them.
BANDS = {
    "reliable (alpha >= .800)": "agreement.band.reliable",
    "tentative conclusions only (.667 <= alpha < .800)": "agreement.band.tentative",
    "unreliable (alpha < .667)": "agreement.band.unreliable",
    "undefined": "agreement.band.undefined",
}


def reading(band: str, lang: str = EN) -> str:
    """A reading of alpha in ``lang`` (one the catalogue lacks as the JSON has it)."""
    return _t(BANDS[band], lang) if band in BANDS else band


def _band(text: str, lang: str) -> str:
    return reading(text, lang).split(" (")[0]


NEVER_USED = (
    "a coder never gave the code, so κ is 0 by construction and says nothing about agreement"
)
# The notes the core writes into the JSON documents, read back into the catalogue's.
NOTES = {
    NO_PAIRS: "agreement.note.no_pairs",
    NO_VARIATION: "agreement.note.no_variation",
    "one unit only: no standard error": "agreement.note.one_unit",
    "undefined: no answer was coded by two or more coders": "agreement.note.no_answers",
    "agreement needs two or more coders; only one was given": "agreement.note.one_coder",
    "no answer was coded by two or more of these coders": "agreement.note.no_shared",
    NEVER_USED: "agreement.note.never_used",
}
COUNTED_NOTES = (
    (
        re.compile(
            r"bootstrap interval not given: alpha was undefined in (?P<n>\d+) of (?P<total>\d+) "
            r"resamples"
        ),
        "agreement.note.bootstrap",
    ),
    (
        re.compile(
            r"not computed: (?P<n>[\d,]+) distinct code sets, some large; their pairwise "
            r"distances would take too long\. The per-code figures are unaffected\."
        ),
        "agreement.note.too_many_sets",
    ),
)


def note_text(note: str, lang: str = EN) -> str:
    """A note of an agreement document in ``lang`` (an unknown one as the JSON has it)."""
    if note in NOTES:
        return _t(NOTES[note], lang)
    for pattern, key in COUNTED_NOTES:
        found = pattern.fullmatch(note)
        if found:
            values = {k: int(v.replace(",", "")) for k, v in found.groupdict().items()}
            return _t(key, lang, **values)
    return note


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


def _per_code_rows(
    doc: dict[str, Any], cols: list[str], labels: Mapping[str, str] | None, lang: str
) -> tuple[list[list[str]], dict[tuple[str, str], list[str]]]:
    """The table's rows, and each note with the codes it applies to (said once)."""
    rows: list[list[str]] = []
    notes: dict[tuple[str, str], list[str]] = {}
    overall = _t("agreement.md.overall", lang)
    for name, note in doc["overall"].get("notes", {}).items():
        notes.setdefault((_label(name, lang), note_text(note, lang)), []).append(overall)
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
            notes.setdefault((LABELS["cohen_kappa"], note_text(NEVER_USED, lang)), []).append(name)
        cells = [name, str(entry["n_units"]), *(_with_ci(entry, c, lang) for c in cols)]
        cells.append(
            _band(entry["interpretation"], lang)
            if entry.get("krippendorff_alpha") is not None
            else _na(lang)
        )
        rows.append(cells)
        for metric, note in entry.get("notes", {}).items():
            notes.setdefault((_label(metric, lang), note_text(note, lang)), []).append(name)
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


def report_markdown(
    doc: dict[str, Any], labels: Mapping[str, str] | None = None, lang: str = EN
) -> str:
    """The per-code table and the overall figures of one question's agreement report.

    ``labels`` maps code ids to labels: codes are named by label with the id beside it. A
    figure that is undefined (or, for κ, meaningless because a coder never used the code)
    reads "n/a", and each reason is said once under the table with the codes it concerns.
    """
    coders = ", ".join(_md(c) for c in doc["coders"])
    lines = [
        _t("agreement.md.heading", lang, question=_md(str(doc.get("question")))),
        "",
        _t("agreement.md.coders", lang, coders=coders, units=doc["units"]),
    ]
    if doc.get("note"):
        lines += ["", f"**{note_text(doc['note'], lang)}.**"]
    ov = doc["overall"]
    masi, jaccard = "krippendorff_alpha_masi", "krippendorff_alpha_jaccard"
    lines += [
        "",
        "- " + _t("agreement.md.identical", lang, value=_num(ov["percent_agreement"], lang, True)),
        f"- {LABELS[masi]}: {_with_ci(ov, masi, lang)} — {reading(ov['interpretation'], lang)}",
        f"- {LABELS[jaccard]}: {_with_ci(ov, jaccard, lang)}",
        "",
    ]
    kappa = "cohen_kappa" if len(doc["coders"]) == 2 else "fleiss_kappa"
    cols = ["percent_agreement", kappa, "krippendorff_alpha", "gwet_ac1", "brennan_prediger"]
    head = [
        _t("agreement.md.code", lang),
        "n",
        *(_label(c, lang) for c in cols),
        _t("agreement.md.reading", lang),
    ]
    rows, notes = _per_code_rows(doc, cols, labels, lang)
    lines += aligned_table(head, rows, [False] + [True] * (len(head) - 2) + [False])
    lines += ["", _t("agreement.md.brackets", lang)]
    if notes:
        lines += ["", _t("agreement.md.notes_na", lang, na=_na(lang))]
        for (metric, note), codes in notes.items():
            lines.append(f"- {metric}: {note} ({', '.join(codes)})")
    return "\n".join(lines) + "\n"


def matrix_markdown(doc: dict[str, Any], lang: str = EN) -> str:
    """One table of every coefficient computed for `--matrix` reliability data."""
    summary = _t(
        "agreement.md.matrix_summary",
        lang,
        units=Message("agreement.md.units", n=doc["units"]),
        coders=Message("agreement.md.coders_n", n=doc["coders"]),
        names=", ".join(doc["coder_names"]),
        pairable=Message("agreement.md.pairable", n=doc["pairable_units"]),
        level=doc["level"],
    )
    header = [
        _t("agreement.md.coefficient", lang),
        _t("agreement.md.value", lang),
        _t("agreement.md.ci", lang),
        "SE",
    ]
    lines = [
        _t("agreement.md.reliability", lang, file=doc["file"]),
        "",
        summary,
        "",
        "| " + " | ".join(header) + " |",
        "|---|---:|---|---:|",
    ]
    names = [n for n in LABELS if n in doc]
    for name in names:
        ci = doc.get("ci", {}).get(name)
        se = doc.get("se", {}).get(name)
        lines.append(
            f"| {_label(name, lang)} | {_num(doc[name], lang, pct=name == 'percent_agreement')} | "
            f"{_interval(ci[0], ci[1], 3, lang) if ci else ''} | "
            f"{_num(se, lang) if se is not None else ''} |"
        )
    lines += [
        "",
        _t("agreement.md.intervals", lang),
        "",
        _t("agreement.md.alpha_reading", lang, reading=reading(doc["interpretation"], lang)),
    ]
    notes = [
        f"- {_label(n, lang)}: {note_text(note, lang)}" for n, note in doc.get("notes", {}).items()
    ]
    if notes:
        lines += ["", _t("agreement.md.notes", lang), *notes]
    return "\n".join(lines) + "\n"


def _rate(value: float | None, defined: bool, lang: str) -> str:
    return fixed(value, 3, lang) if defined and value is not None else _na(lang)


def evaluation_table(
    per_code: Mapping[str, Mapping[str, Any]],
    labels: Mapping[str, str] | None = None,
    lang: str = EN,
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
                _rate(precision, not never_assigned, lang),
                _rate(scores.get("recall"), bool(support), lang),
                _rate(scores.get("f1"), bool(support) and not never_assigned, lang),
                str(support),
            ]
        )
    header = [
        _t("agreement.eval.code", lang),
        "id",
        _t("agreement.eval.precision", lang),
        _t("agreement.eval.recall", lang),
        "F1",
        "n",
    ]
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
        lines.append(_t("agreement.eval.na", lang, na=_na(lang)))
    return lines
