"""Per-code agreement on 100,000 answers x 3 coders x 40 codes, against krippendorff and NLTK.

Usage: python bench/bench_agreement.py [--units 100000] [--coders 3] [--codes 40]
                                       [--bootstrap 1000] [--nltk-codes 2] [--seed 1]

Synthetic codings shaped like survey coding (see make_table), 5 % of answers left uncoded by
each coder (missing data). Times
`coder.agreement.report.per_code` (percent agreement, Fleiss' kappa, Krippendorff's alpha with
a bootstrap interval, Gwet's AC1, Brennan-Prediger, Gwet's standard errors) for every code,
then computes nominal alpha on the same 0/1 data with the `krippendorff` package (all codes)
and with NLTK's AnnotationTask (the first --nltk-codes codes: it is pure Python), checks that
the values are equal and prints the time ratios. Target: per-code metrics under 2 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coder.agreement.report import CodingTable, per_code  # noqa: E402


def make_table(units: int, coders: int, codes: int, seed: int) -> CodingTable:
    """Synthetic multi-label codings shaped like survey coding, with missing answers.

    Each answer has 1-3 true codes drawn with Zipf-like prevalence; each coder misses a true
    code with probability 0.15, adds a wrong one with probability 0.10, and leaves 5 % of the
    answers uncoded.
    """
    rng = np.random.default_rng(seed)
    weight = 1.0 / np.arange(1, codes + 1)
    weight /= weight.sum()
    truth = np.zeros((units, codes), dtype=bool)
    n_true = rng.integers(1, 4, units)
    for j in range(3):
        pick = rng.choice(codes, size=units, p=weight)
        truth[np.arange(units)[n_true > j], pick[n_true > j]] = True
    presence = truth[:, None, :] & (rng.random((units, coders, codes)) >= 0.15)
    extra = rng.random((units, coders)) < 0.10
    wrong = rng.integers(0, codes, (units, coders))
    uu, cc = np.nonzero(extra)
    presence[uu, cc, wrong[uu, cc]] = True
    coded = rng.random((units, coders)) >= 0.05
    presence &= coded[:, :, None]
    return CodingTable(
        [f"R{i}" for i in range(units)],
        [f"coder{c}" for c in range(coders)],
        [f"code{k:02d}" for k in range(codes)],
        presence,
        coded,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--coders", type=int, default=3)
    ap.add_argument("--codes", type=int, default=40)
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--nltk-codes", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    table = make_table(args.units, args.coders, args.codes, args.seed)
    pairable = int((table.coded.sum(axis=1) >= 2).sum())
    print(
        f"data: {args.units:,} answers x {args.coders} coders x {args.codes} codes "
        f"({pairable:,} answers coded by two or more)"
    )
    per_code(table.select(units=np.arange(len(table.units)) < 50), n_boot=10)  # warm imports

    start = time.perf_counter()
    ours = per_code(table, n_boot=args.bootstrap, seed=args.seed)
    t_ours = time.perf_counter() - start
    start = time.perf_counter()
    per_code(table, n_boot=0)
    t_ours_point = time.perf_counter() - start
    verdict = "meets" if t_ours < 2.0 else "MISSES"
    print(
        f"coder per-code metrics, {args.bootstrap} bootstrap resamples per code: "
        f"{t_ours:.2f} s ({verdict} the 2 s target); without bootstrap: {t_ours_point:.2f} s"
    )

    import krippendorff

    start = time.perf_counter()
    theirs = []
    for k in range(args.codes):
        data = np.where(table.coded, table.presence[:, :, k], np.nan).astype(float)
        theirs.append(krippendorff.alpha(reliability_data=data.T, level_of_measurement="nominal"))
    t_kripp = time.perf_counter() - start
    mine = np.array([ours[c]["krippendorff_alpha"].value for c in table.codes], dtype=float)
    diff_kripp = float(np.max(np.abs(mine - np.array(theirs))))
    print(
        f"krippendorff {version('krippendorff')} package, alpha only, {args.codes} codes: {t_kripp:.2f} s; "
        f"max |difference| {diff_kripp:.1e}; "
        f"alpha-only time ratio krippendorff/coder(all metrics, no bootstrap) "
        f"{t_kripp / t_ours_point:.1f}x"
    )

    from nltk.metrics.agreement import AnnotationTask

    n_nltk = min(args.nltk_codes, args.codes)
    t_nltk = 0.0
    diffs = []
    for k in range(n_nltk):
        triples = [
            (table.coders[c], str(u), int(table.presence[u, c, k]))
            for u, c in zip(*np.nonzero(table.coded), strict=True)
        ]
        start = time.perf_counter()
        value = AnnotationTask(data=triples).alpha()
        t_nltk += time.perf_counter() - start
        diffs.append(abs(value - mine[k]))
    if n_nltk:
        per_nltk = t_nltk / n_nltk
        per_ours = t_ours_point / args.codes
        print(
            f"NLTK {version('nltk')} AnnotationTask alpha on {n_nltk} code(s): {per_nltk:.2f} s per code "
            f"(x{args.codes} codes ~ {per_nltk * args.codes:.0f} s); max |difference| "
            f"{max(diffs):.1e}; per-code time ratio NLTK/coder {per_nltk / per_ours:.0f}x"
        )
    from coder.agreement.report import agreement_report

    start = time.perf_counter()
    doc = agreement_report(table, n_boot=args.bootstrap, seed=args.seed)
    t_full = time.perf_counter() - start
    ov = doc["overall"]
    print(
        f"whole report (per code, overall MASI/Jaccard alpha, pairs, confusion tables, "
        f"{sum(len(v) for v in doc['disagreements']['by_code'].values()):,} per-code "
        f"disagreements): {t_full:.2f} s; alpha MASI {ov['krippendorff_alpha_masi']}"
        + (
            f" ({ov['notes']['krippendorff_alpha_masi']})"
            if "notes" in ov and "krippendorff_alpha_masi" in ov["notes"]
            else ""
        )
    )
    ok = diff_kripp < 1e-9 and (not diffs or max(diffs) < 1e-9)
    print("values equal:", "yes" if ok else "NO")


if __name__ == "__main__":
    main()


# --- entry for `python -m bench`: each measurement in its own process for its peak memory ---


def _time_coder(units: int, n_boot: int) -> tuple[float, list[float]]:
    table = make_table(units, 3, 40, 1)
    per_code(table.select(units=np.arange(len(table.units)) < 50), n_boot=10)  # warm imports
    start = time.perf_counter()
    ours = per_code(table, n_boot=n_boot, seed=1)
    return time.perf_counter() - start, [ours[c]["krippendorff_alpha"].value for c in table.codes]


def _time_krippendorff(units: int) -> tuple[float, list[float]]:
    import krippendorff

    table = make_table(units, 3, 40, 1)
    start = time.perf_counter()
    values = [
        krippendorff.alpha(
            reliability_data=np.where(table.coded, table.presence[:, :, k], np.nan).astype(float).T,
            level_of_measurement="nominal",
        )
        for k in range(40)
    ]
    return time.perf_counter() - start, values


def _time_nltk(units: int) -> tuple[float, float]:
    """Seconds NLTK's AnnotationTask takes for the first code's alpha, and that alpha."""
    from nltk.metrics.agreement import AnnotationTask

    table = make_table(units, 3, 40, 1)
    triples = [
        (table.coders[c], str(u), int(table.presence[u, c, 0]))
        for u, c in zip(*np.nonzero(table.coded), strict=True)
    ]
    start = time.perf_counter()
    value = AnnotationTask(data=triples).alpha()
    return time.perf_counter() - start, value


def run(quick: bool) -> list[dict[str, object]]:
    """Figures: per-code metrics for all 40 codes vs krippendorff (all codes) and NLTK (x40)."""
    from bench import figure, isolated

    units = 10_000 if quick else 100_000
    (t_ours, alphas), peak = isolated(_time_coder, units, 1000)
    (t_point, _), peak_point = isolated(_time_coder, units, 0)
    (t_kripp, theirs), peak_kripp = isolated(_time_krippendorff, units)
    (t_nltk, nltk_alpha), peak_nltk = isolated(_time_nltk, units)
    diff = max(abs(a - b) for a, b in zip(alphas, [*theirs], strict=True))
    size = f"{units:,} answers x 3 coders x 40 codes"
    return [
        figure(
            "agreement: per-code metrics + 1000 bootstrap",
            t_ours,
            "s",
            below=2.0,
            peak_mb=peak,
            note=f"{size}; alpha equal to krippendorff's within {diff:.1e}, NLTK's within "
            f"{abs(nltk_alpha - alphas[0]):.1e}",
        ),
        figure(
            "agreement: per-code metrics, no bootstrap",
            t_point,
            "s",
            below=2.0,
            alternative=t_kripp,
            alternative_name=f"krippendorff {version('krippendorff')} alpha only ({peak_kripp:.0f} MB)",
            peak_mb=peak_point,
        ),
        figure(
            "agreement: alpha of all 40 codes (NLTK estimate)",
            t_point,
            "s",
            alternative=t_nltk * 40,
            alternative_name=f"NLTK {version('nltk')} AnnotationTask, 1 code x 40 ({peak_nltk:.0f} MB)",
            peak_mb=peak_point,
        ),
    ]
