"""Agreement on one question's codings: per code, overall, per coder pair, and where coders part.

The input is a `CodingTable`: for each answer (unit) and coder, the set of codes given, or
"not coded". Only answers coded by at least two of the coders take part (a unit coded by one
coder is not pairable). Per code, each answer counts as present/absent for each coder;
overall, the code sets are compared with MASI and Jaccard distances.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coder.agreement.estimate import Estimate, alpha_band
from coder.agreement.metrics import (
    brennan_prediger,
    cohen_kappa_table,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha_counts,
    percent_agreement,
)
from coder.agreement.setvalued import set_alpha

NONE = "(none)"  # the column/row of the confusion table for "no code"
BINARY = np.array([0, 1])
DIGITS = 6


@dataclass
class CodingTable:
    """Who gave which codes to which answer: units x coders x codes, plus who coded what."""

    units: list[str]
    coders: list[str]
    codes: list[str]
    presence: NDArray[np.bool_]  # units x coders x codes
    coded: NDArray[np.bool_]  # units x coders
    answer_ids: list[int] = field(default_factory=list)

    @classmethod
    def from_sets(
        cls,
        coders: Sequence[str],
        codes: Sequence[str],
        rows: Iterable[tuple[str, Mapping[str, Iterable[str] | None]]],
        answer_ids: Sequence[int] = (),
    ) -> CodingTable:
        """Build from (unit, {coder: codes or None}) rows; codes not in `codes` are appended."""
        rows = list(rows)
        code_list = list(codes)
        pos = {c: i for i, c in enumerate(code_list)}
        for _unit, by_coder in rows:
            for given in by_coder.values():
                for code in given or ():
                    if code not in pos:
                        pos[code] = len(code_list)
                        code_list.append(code)
        coder_pos = {c: i for i, c in enumerate(coders)}
        presence = np.zeros((len(rows), len(coders), len(code_list)), dtype=bool)
        coded = np.zeros((len(rows), len(coders)), dtype=bool)
        for u, (_unit, by_coder) in enumerate(rows):
            for coder, given in by_coder.items():
                if given is None or coder not in coder_pos:
                    continue
                c = coder_pos[coder]
                coded[u, c] = True
                for code in given:
                    presence[u, c, pos[code]] = True
        return cls(
            [unit for unit, _ in rows], list(coders), code_list, presence, coded, list(answer_ids)
        )

    def select(
        self, units: NDArray[np.bool_] | None = None, coders: Sequence[str] | None = None
    ) -> CodingTable:
        """A sub-table: some units and/or some coders (in the given order)."""
        cidx = (
            [self.coders.index(c) for c in coders]
            if coders is not None
            else list(range(len(self.coders)))
        )
        mask = units if units is not None else np.ones(len(self.units), dtype=bool)
        where = np.flatnonzero(mask)
        return CodingTable(
            [self.units[i] for i in where],
            [self.coders[i] for i in cidx],
            list(self.codes),
            self.presence[where][:, cidx],
            self.coded[where][:, cidx],
            [self.answer_ids[i] for i in where] if self.answer_ids else [],
        )

    def pairable(self) -> CodingTable:
        """Only the answers coded by two or more of the coders."""
        return self.select(units=self.coded.sum(axis=1) >= 2)

    def code_set(self, unit: int, coder: int) -> frozenset[str] | None:
        """The codes a coder gave a unit, or None if the coder did not code it."""
        if not self.coded[unit, coder]:
            return None
        return frozenset(self.codes[k] for k in np.flatnonzero(self.presence[unit, coder]))


def row_codes(mat: NDArray[np.bool_], codes: Sequence[str]) -> list[list[str]]:
    """For each row of a units x codes boolean matrix, the names of its True codes."""
    rows, cols = np.nonzero(mat)
    bounds = np.searchsorted(rows, np.arange(mat.shape[0] + 1))
    names = np.asarray(codes, dtype=object)[cols].tolist()
    return [names[bounds[i] : bounds[i + 1]] for i in range(mat.shape[0])]


# ------------------------------------------------------------------------ per code
def _binary_patterns(t: CodingTable) -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """Per code, the distinct (absent, present) count rows and how many answers share each.

    With m coders a unit's row is one of (m+1)^2 pairs, so 100,000 answers collapse to a
    handful of rows per code and every coefficient costs microseconds after one counting pass.
    """
    base = len(t.coders) + 1
    m = t.coded.sum(axis=1).astype(np.int64)
    n1 = (t.presence & t.coded[:, :, None]).sum(axis=1).astype(np.int64)  # units x codes
    n_codes = len(t.codes)
    keys = (m * base)[:, None] + n1 + (np.arange(n_codes, dtype=np.int64) * base * base)[None, :]
    cnt = np.bincount(keys.ravel(), minlength=n_codes * base * base).reshape(n_codes, base * base)
    mm, nn = np.divmod(np.arange(base * base), base)
    out = []
    for k in range(n_codes):
        sel = cnt[k] > 0
        rows = np.column_stack([mm[sel] - nn[sel], nn[sel]]).astype(np.float64)
        out.append((rows, cnt[k, sel].astype(np.float64)))
    return out


def _two_coder_tables(t: CodingTable) -> NDArray[np.float64]:
    """Per code, the 2x2 table (absent/present by coder 1 x coder 2) over answers both coded."""
    both = t.coded.all(axis=1)
    a, b = t.presence[both, 0, :], t.presence[both, 1, :]
    cells = [(~a & ~b), (~a & b), (a & ~b), (a & b)]
    return np.stack([c.sum(axis=0) for c in cells], axis=1).reshape(-1, 2, 2).astype(np.float64)


def per_code(
    table: CodingTable, *, n_boot: int = 1000, seed: int = 0, level: float = 0.95
) -> dict[str, dict[str, Estimate]]:
    """For each code, the presence/absence coefficients over the table's pairable units."""
    t = table.pairable()
    tables = _two_coder_tables(t) if len(t.coders) == 2 else None
    out: dict[str, dict[str, Estimate]] = {}
    for k, (rows, w) in enumerate(_binary_patterns(t)):
        est: dict[str, Estimate] = {
            "percent_agreement": percent_agreement(rows, level, w),
            "krippendorff_alpha": krippendorff_alpha_counts(
                rows, BINARY, "nominal", n_boot=n_boot, seed=seed + k, ci_level=level, weights=w
            ),
            "gwet_ac1": gwet_ac1(rows, q=2, level=level, weights=w),
            "brennan_prediger": brennan_prediger(rows, q=2, level=level, weights=w),
        }
        if tables is not None:
            est["cohen_kappa"] = cohen_kappa_table(tables[k], level)
        elif len(t.coders) >= 3:
            est["fleiss_kappa"] = fleiss_kappa(rows, level, w)
        out[t.codes[k]] = est
    return out


def _code_usage(table: CodingTable) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per code: how many answers each coder gave it (codes x coders), and disagreements."""
    t = table.pairable()
    present = t.presence & t.coded[:, :, None]
    used = present.sum(axis=0).T.astype(np.int64)
    n1 = present.sum(axis=1)
    m = t.coded.sum(axis=1)[:, None]
    split = ((n1 > 0) & (n1 < m)).sum(axis=0).astype(np.int64)
    return used, split


# ------------------------------------------------------------------------- overall
def identical_share(table: CodingTable) -> float | None:
    """Share of pairable answers on which every coder who coded it gave the same code set."""
    t = table.pairable()
    if not t.units:
        return None
    return float(_identical(t).mean())


def _identical(t: CodingTable) -> NDArray[np.bool_]:
    first = np.argmax(t.coded, axis=1)
    ref = t.presence[np.arange(len(t.units)), first]  # units x codes
    same = (t.presence == ref[:, None, :]).all(axis=2) | ~t.coded
    return np.asarray(same.all(axis=1))


def overall(
    table: CodingTable, *, n_boot: int = 1000, seed: int = 0, level: float = 0.95
) -> dict[str, Estimate]:
    """Identical code sets, and set-valued alpha with MASI and with Jaccard distance."""
    t = table.pairable()
    share = identical_share(t)
    pa = (
        Estimate(share, extra={"n_units": len(t.units)})
        if share is not None
        else Estimate(None, note="undefined: no answer was coded by two or more coders")
    )
    return {
        "percent_agreement": pa,
        "krippendorff_alpha_masi": set_alpha(
            t.presence, t.coded, "masi", n_boot=n_boot, seed=seed, ci_level=level
        ),
        "krippendorff_alpha_jaccard": set_alpha(
            t.presence, t.coded, "jaccard", n_boot=n_boot, seed=seed, ci_level=level
        ),
    }


def pairwise(table: CodingTable) -> dict[str, dict[str, Any]]:
    """Each pair of coders: answers both coded, identical sets, MASI alpha, disagreements."""
    out: dict[str, dict[str, Any]] = {}
    for a, b in combinations(table.coders, 2):
        sub = table.select(coders=[a, b]).pairable()
        same = _identical(sub) if sub.units else np.zeros(0, dtype=bool)
        alpha = set_alpha(sub.presence, sub.coded, "masi")
        out[f"{a}|{b}"] = {
            "coders": [a, b],
            "units": len(sub.units),
            "percent_agreement": _r(float(same.mean())) if len(same) else None,
            "krippendorff_alpha_masi": _r(alpha.value),
            "disagreements": int((~same).sum()),
        }
    return out


# ------------------------------------------------------------ where coders part
def confusion(table: CodingTable, a: str, b: str) -> dict[str, Any]:
    """A coded X where B coded Y, over answers both coded.

    The diagonal counts codes both gave. Off the diagonal, every code only A gave is crossed
    with every code only B gave on the same answer; a code only one of them gave, where the
    other gave nothing extra, is crossed with "(none)".
    """
    sub = table.select(coders=[a, b])
    both = sub.coded.all(axis=1)
    pa, pb = sub.presence[both, 0], sub.presence[both, 1]  # answers both coded x codes
    labels = [*sub.codes, NONE]
    cells: dict[str, dict[str, int]] = {x: {} for x in labels}

    def bump(x: str, y: str, n: int = 1) -> None:
        if n:
            cells[x][y] = cells[x].get(y, 0) + n

    for k, code in enumerate(sub.codes):
        bump(code, code, int((pa[:, k] & pb[:, k]).sum()))
    bump(NONE, NONE, int((~pa.any(axis=1) & ~pb.any(axis=1)).sum()))
    differ = np.flatnonzero((pa != pb).any(axis=1))
    only_as = row_codes(pa[differ] & ~pb[differ], sub.codes)
    only_bs = row_codes(pb[differ] & ~pa[differ], sub.codes)
    for only_a, only_b in zip(only_as, only_bs, strict=True):
        for x in only_a or [NONE]:
            for y in only_b or [NONE]:
                bump(x, y)
    return {
        "rows": a,
        "columns": b,
        "units": int(both.sum()),
        "labels": labels,
        "cells": {x: row for x, row in cells.items() if row},
    }


def disagreements_by_code(table: CodingTable) -> dict[str, list[dict[str, Any]]]:
    """For each code, the answers on which some coders gave it and others did not."""
    t = table.pairable()
    gave_all = t.presence & t.coded[:, :, None]  # units x coders x codes
    n1 = gave_all.sum(axis=1)
    m = t.coded.sum(axis=1)[:, None]
    split = (n1 > 0) & (n1 < m)  # units x codes: some gave it, some who coded did not
    out: dict[str, list[dict[str, Any]]] = {}
    for k, code in enumerate(t.codes):
        units = np.flatnonzero(split[:, k])
        if not len(units):
            continue
        gave = gave_all[units, :, k]
        out[code] = [
            {"unit": t.units[u], "given_by": yes, "not_given_by": no}
            for u, yes, no in zip(
                units,
                row_codes(gave, t.coders),
                row_codes(t.coded[units] & ~gave, t.coders),
                strict=True,
            )
        ]
    return out


def disagreements_by_pair(table: CodingTable, a: str, b: str) -> list[dict[str, Any]]:
    """The answers both coders coded where their code sets differ."""
    sub = table.select(coders=[a, b])
    both = np.flatnonzero(sub.coded.all(axis=1))
    pa, pb = sub.presence[both, 0], sub.presence[both, 1]
    differ = np.flatnonzero((pa != pb).any(axis=1))
    pa, pb = pa[differ], pb[differ]
    columns = zip(
        (sub.units[i] for i in both[differ]),
        row_codes(pa, sub.codes),
        row_codes(pb, sub.codes),
        row_codes(pa & ~pb, sub.codes),
        row_codes(pb & ~pa, sub.codes),
        strict=True,
    )
    return [
        {"unit": unit, a: sa, b: sb, "only_" + a: oa, "only_" + b: ob}
        for unit, sa, sb, oa, ob in columns
    ]


# --------------------------------------------------------------------- the report
def _r(x: float | None) -> float | None:
    return None if x is None else round(x, DIGITS)


def flatten_estimates(estimates: Mapping[str, Estimate]) -> dict[str, Any]:
    """Values at the top (the contract's shape); intervals, SEs and notes beside them."""
    out: dict[str, Any] = {name: _r(e.value) for name, e in estimates.items()}
    ci = {
        n: [_r(e.ci_low), _r(e.ci_high)]
        for n, e in estimates.items()
        if e.ci_low is not None and e.ci_high is not None
    }
    se = {n: _r(e.se) for n, e in estimates.items() if e.se is not None}
    notes = {n: e.note for n, e in estimates.items() if e.note}
    if ci:
        out["ci"] = ci
        out["ci_method"] = {n: estimates[n].method for n in ci}
    if se:
        out["se"] = se
    if notes:
        out["notes"] = notes
    return out


def p_below(e: Estimate) -> dict[str, float] | None:
    keys = ("p_below_0.667", "p_below_0.800")
    if all(k in e.extra for k in keys):
        return {k.removeprefix("p_below_"): round(float(e.extra[k]), 4) for k in keys}
    return None


def agreement_report(
    table: CodingTable,
    *,
    question: str | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
    details: bool = True,
) -> dict[str, Any]:
    """The `coder agreement --json` document for one question and a list of coders."""
    t = table.pairable()
    doc: dict[str, Any] = {
        "question": question,
        "coders": list(table.coders),
        "units": len(t.units),
    }
    if len(table.coders) < 2:
        doc["note"] = "agreement needs two or more coders; only one was given"
    elif not t.units:
        doc["note"] = "no answer was coded by two or more of these coders"
    ov = overall(t, n_boot=n_boot, seed=seed, level=level)
    doc["overall"] = flatten_estimates(ov)
    doc["overall"]["interpretation"] = alpha_band(ov["krippendorff_alpha_masi"].value)
    p = p_below(ov["krippendorff_alpha_masi"])
    if p:
        doc["overall"]["alpha_masi_p_below"] = p
    used, split = _code_usage(t)
    codes: dict[str, Any] = {}
    for k, (code, est) in enumerate(per_code(t, n_boot=n_boot, seed=seed, level=level).items()):
        entry = flatten_estimates(est)
        entry["n_units"] = len(t.units)
        entry["interpretation"] = alpha_band(est["krippendorff_alpha"].value)
        entry["used_by"] = {coder: int(used[k, c]) for c, coder in enumerate(t.coders)}
        entry["disagreements"] = int(split[k])
        p = p_below(est["krippendorff_alpha"])
        if p:
            entry["alpha_p_below"] = p
        codes[code] = entry
    doc["per_code"] = codes
    doc["pairs"] = pairwise(t)
    if details:
        doc["confusion"] = {f"{a}|{b}": confusion(t, a, b) for a, b in combinations(t.coders, 2)}
        doc["disagreements"] = {
            "by_code": disagreements_by_code(t),
            "by_pair": {
                f"{a}|{b}": disagreements_by_pair(t, a, b) for a, b in combinations(t.coders, 2)
            },
        }
    return doc
