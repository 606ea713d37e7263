"""Export every format for a generated 100,000-answer project and print how long each takes.

    .venv/bin/python bench/bench_export.py [--answers 100000] [--keep DIR] [--same-as OLD_DIR]
    .venv/bin/python bench/bench_export.py --demo --keep DIR [--same-as OLD_DIR]
    .venv/bin/python bench/bench_export.py --db PROJECT --coder NAME --by ATTR --keep DIR

With ``--same-as`` every export is compared with the file of the same name an earlier run
left in OLD_DIR (each member of a DOCX, XLSX or QDPX; dates, times and matplotlib's random
SVG ids blanked): how a change meant only to make exports faster shows that they stay the same.

Wall-clock and CPU seconds are printed for each format: on a shared machine the CPU figure
says what the export costs, the wall-clock figure what the analyst waits. The project is
generated with bulk inserts (one question, the shipped challenges codebook,
a coder who has coded every answer with one to three codes, two respondent attributes, a few
starred quotes). Target: all formats together in at most 10 s, the theme table as XLSX within
3x of counting in SQL and writing with openpyxl (`python -m bench --only export` prints both).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from coder.codebook.io import read_codebook  # noqa: E402
from coder.export.run import ExportOptions, run_export  # noqa: E402
from coder.store import codebooks  # noqa: E402
from coder.store.actions import get_coder  # noqa: E402
from coder.store.models import (  # noqa: E402
    Answer,
    Base,
    Coding,
    Question,
    Respondent,
    RespondentAttribute,
    Review,
    utcnow,
)
from coder.store.project import Project  # noqa: E402

CODEBOOK = ROOT / "codebooks" / "microcredential_challenges.yaml"
UNIVERSITIES = ["Åbo Akademi", "Helsinki", "Oulu", "Lapland", "Tampere", "Turku", "Vaasa"]
PHRASES = [
    "There is not enough time or money for developing micro-credentials.",
    "Det saknas resurser och tid för att utveckla mikromeriter.",
    "Resurssit ja aika eivät riitä mikrotutkintojen kehittämiseen.",
    "The concept is unclear and nobody knows who is responsible.",
    "Begreppet är oklart och ansvaret är otydligt.",
    "=SUM(A1:A9) is what one respondent typed",
    "Administration and recognition of prior learning take too long.",
]
CHUNK = 20_000


def table(model: type[Base]):  # type: ignore[no-untyped-def]
    return Base.metadata.tables[model.__tablename__]


def generate(db: str, n: int, seed: int = 7) -> None:
    """A project with ``n`` answers to Q1, all coded by anna."""
    rng = random.Random(seed)
    project = Project.create(db)
    now = utcnow()
    with project.session() as s:
        s.add(Question(id="Q1", title="Challenges in developing micro-credentials", position=1))
        s.flush()
        for start in range(0, n, CHUNK):
            ids = range(start, min(n, start + CHUNK))
            s.execute(
                insert(table(Respondent)),
                [{"id": f"R{i:06d}", "position": i, "created_at": now} for i in ids],
            )
            s.execute(
                insert(table(RespondentAttribute)),
                [
                    {
                        "respondent_id": f"R{i:06d}",
                        "name": "university",
                        # one university with only three respondents: suppressed
                        "value": "Hanken" if i < 3 else UNIVERSITIES[i % len(UNIVERSITIES)],
                    }
                    for i in ids
                ]
                + [
                    {
                        "respondent_id": f"R{i:06d}",
                        "name": "role",
                        "value": "teaching" if i % 3 == 0 else "other",
                    }
                    for i in ids
                ],
            )
            s.execute(
                insert(table(Answer)),
                [
                    {
                        "respondent_id": f"R{i:06d}",
                        "question_id": "Q1",
                        "text": f"{PHRASES[i % len(PHRASES)]} ({i})",
                        "language": ("en", "sv", "fi")[i % 3],
                        "language_source": "column",
                        "position": i,
                        "imported_at": now,
                    }
                    for i in ids
                ],
            )
        codebooks.attach_codebook(s, "Q1", read_codebook(CODEBOOK), actor="bench")
        codes = [c.id for c in codebooks.active_codes(s, "Q1") if c.codable]
        coder = get_coder(s, "anna")
        answer_ids = list(s.scalars(select(Answer.id).order_by(Answer.id)))
        for start in range(0, len(answer_ids), CHUNK):
            chunk = answer_ids[start : start + CHUNK]
            codings = []
            for aid in chunk:
                for code in rng.sample(codes, rng.choice((0, 1, 1, 2, 3))):
                    codings.append(
                        {
                            "answer_id": aid,
                            "code_id": code,
                            "coder_id": coder.id,
                            "source": "manual",
                            "created_at": now,
                        }
                    )
            if codings:
                s.execute(insert(table(Coding)), codings)
            s.execute(
                insert(table(Review)),
                [
                    {
                        "answer_id": aid,
                        "coder_id": coder.id,
                        "done": True,
                        "starred": aid % 5000 == 0,
                        "updated_at": now,
                    }
                    for aid in chunk
                ],
            )
    project.close()


JOBS = [("theme", fmt) for fmt in ("md", "csv", "xlsx", "docx", "html", "json", "png", "svg")] + [
    ("matrix", "csv"),
    ("quotes", "csv"),
    ("manual", "md"),
    ("manual", "docx"),
    ("theme", "qdc"),
    ("theme", "qdpx"),
]


def _options(kind: str, fmt: str, out: Path, qid: str | None, coder: str, by: str | None):  # type: ignore[no-untyped-def]
    return ExportOptions(
        fmt=fmt,
        out=out,
        question_ids=[qid] if qid else [],
        coder=coder,
        by=by,
        table=kind,
        redact=True,
    )


def export_files(db: str, folder: Path, coder: str, by: str | None) -> list[Path]:
    """Every job for every question with a codebook (one file each, named by question and
    job), and one ``.qdpx`` of the whole project: what ``--same-as`` compares."""
    from coder.store.queries import questions

    project = Project.open(db)
    written: list[Path] = []
    try:
        with project.session(write=False) as session:
            qids = [
                q.id for q in questions(session) if codebooks.get_codebook_record(session, q.id)
            ]
        for qid in qids:
            for kind, fmt in JOBS:
                if fmt == "qdpx":
                    continue
                out = folder / f"{qid}.{kind}.{fmt}"
                run_export(project, _options(kind, fmt, out, qid, coder, by))
                written.append(out)
        out = folder / "project.qdpx"
        run_export(project, _options("theme", "qdpx", out, None, coder, by))
        written.append(out)
    finally:
        project.close()
    return written


_WHEN = re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?")
"""A date and time written into a file (creation times of DOCX, XLSX, SVG and REFI-QDA
projects) differs between two runs of the same export, and so do the ids matplotlib gives
the clip paths and markers of an SVG chart (``p`` or ``m`` and ten hex digits)."""
_CLIP_ID = re.compile(rb'(?<=[#"])[pm][0-9a-f]{10}(?=[")])')


def _blanked(data: bytes) -> bytes:
    return _CLIP_ID.sub(b"<clip>", _WHEN.sub(b"<when>", data))


def _contents(path: Path) -> dict[str, bytes]:
    """A file's comparable contents: each member of a zip (DOCX, XLSX, QDPX), else the file,
    with dates and times blanked."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            return {name: _blanked(zf.read(name)) for name in sorted(zf.namelist())}
    return {"": _blanked(path.read_bytes())}


def differences(files: list[Path], reference: Path) -> list[str]:
    """Files whose contents differ from the file of the same name in ``reference``."""
    found = []
    for path in files:
        old = reference / path.name
        if not old.exists():
            found.append(f"{path.name}: not in {reference}")
            continue
        mine, theirs = _contents(path), _contents(old)
        if mine.keys() != theirs.keys():
            found.append(f"{path.name}: members differ ({sorted(mine.keys() ^ theirs.keys())[:5]})")
            continue
        for name in mine:
            if mine[name] != theirs[name]:
                found.append(f"{path.name}{'!' + name if name else ''}: contents differ")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="Write the project and exports here.")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="Export the demo project (built in --keep) instead of a generated one.",
    )
    parser.add_argument(
        "--db", help="Export this project instead (every question with a codebook, --coder)."
    )
    parser.add_argument("--coder", default="anna")
    parser.add_argument(
        "--by", default="university", help='Attribute of the theme tables ("": none).'
    )
    parser.add_argument(
        "--same-as",
        type=Path,
        help="Compare every export with the file of the same name in this folder (written "
        "by an earlier run with --keep): dates and times aside, the contents must be equal.",
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="coder-bench-export-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.demo or args.db:
        db = args.db or str(folder / "demo.sqlite")
        if args.demo:
            from coder.demo.build import build_demo

            build_demo(db)
        files = export_files(db, folder, args.coder, args.by or None)
        print(f"{len(files)} exports of {db} in {folder}")
    else:
        files = _timed(folder, args.answers, args.keep is None)
    if args.same_as is not None:
        found = differences(files, args.same_as)
        for line in found:
            print(line)
        print(
            f"{len(files) - len({f.split(':')[0].split('!')[0] for f in found})} of {len(files)} files the same as in {args.same_as}"
        )
        if found:
            sys.exit(1)


def _timed(folder: Path, answers: int, temporary: bool) -> list[Path]:
    """Generate ``answers`` answers in ``folder`` and time every export of them."""
    db = str(folder / "bench.sqlite")
    if Path(db).exists():
        Path(db).unlink()
    started = time.perf_counter()
    generate(db, answers)
    print(f"generated {answers:,} answers in {time.perf_counter() - started:.1f} s")
    project = Project.open(db)
    total = total_cpu = 0.0
    files = []
    try:
        for kind, fmt in JOBS:
            out = folder / f"{kind}.{fmt}"
            options = _options(kind, fmt, out, "Q1", "anna", "university")
            began, began_cpu = time.perf_counter(), time.process_time()
            run_export(project, options)
            took, cpu = time.perf_counter() - began, time.process_time() - began_cpu
            total += took
            total_cpu += cpu
            files.append(out)
            size = out.stat().st_size / 1e6
            print(f"{kind:>6} {fmt:<5} {took:6.2f} s wall {cpu:6.2f} s cpu {size:7.2f} MB")
    finally:
        project.close()
    verdict = "OK" if total <= 10 else "OVER TARGET"
    print(
        f"all formats: {total:.1f} s wall ({total_cpu:.1f} s cpu) for {answers:,} answers "
        f"(target <= 10 s: {verdict}; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores)"
    )
    if temporary:
        print(f"files left in {folder}")
    return files


if __name__ == "__main__":
    main()


# --- entry for `python -m bench`: every format, beside openpyxl writing the same table ---


def export_all(db: str, folder: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Wall and CPU seconds per export job (``"theme xlsx"``...), each written into ``folder``."""
    project = Project.open(db)
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    try:
        for kind, fmt in JOBS:
            options = _options(kind, fmt, folder / f"{kind}.{fmt}", "Q1", "anna", "university")
            began, began_cpu = time.perf_counter(), time.process_time()
            run_export(project, options)
            wall[f"{kind} {fmt}"] = time.perf_counter() - began
            cpu[f"{kind} {fmt}"] = time.process_time() - began_cpu
    finally:
        project.close()
    return wall, cpu


def _openpyxl_direct(db: str, out: str) -> float:
    """What a user would write: count codes per university in SQL, write them with openpyxl."""
    import sqlite3

    from openpyxl import Workbook

    start = time.perf_counter()
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT c.key, ra.value, COUNT(DISTINCT g.answer_id) FROM codings g "
            "JOIN codes c ON c.id = g.code_id JOIN coders k ON k.id = g.coder_id "
            "JOIN answers a ON a.id = g.answer_id "
            "JOIN respondent_attributes ra ON ra.respondent_id = a.respondent_id "
            "AND ra.name = 'university' WHERE k.name = 'anna' AND a.question_id = 'Q1' "
            "GROUP BY c.key, ra.value"
        ).fetchall()
    groups = sorted({g for _, g, _ in rows})
    table: dict[str, dict[str, int]] = {}
    for key, group, count in rows:
        table.setdefault(key, {})[group] = count
    wb = Workbook()
    ws = wb.active
    ws.append(["code", "answers", *groups])
    for key, counts in table.items():
        ws.append([key, sum(counts.values()), *(counts.get(g, 0) for g in groups)])
    wb.save(out)
    return time.perf_counter() - start


def run(quick: bool) -> list[dict[str, object]]:
    """Figures: all formats together (and without qdpx, which the REFI module writes), and
    the theme table as XLSX beside plain openpyxl."""
    from bench import figure, isolated

    answers = 5_000 if quick else 100_000
    with tempfile.TemporaryDirectory(prefix="coder-bench-export-") as tmp:
        db = str(Path(tmp) / "bench.sqlite")
        generate(db, answers)
        load = os.getloadavg()[0]
        (times, cpu), peak = isolated(export_all, db, Path(tmp))
        alt, alt_peak = isolated(_openpyxl_direct, db, str(Path(tmp) / "direct.xlsx"))
    slowest = sorted(times, key=lambda k: -times[k])[:3]
    return [
        figure(
            "export: all formats",
            sum(times.values()),
            "s",
            below=10.0,
            peak_mb=peak,
            note=f"{answers:,} answers, {len(times)} files, {sum(cpu.values()):.1f} s CPU, load "
            f"{load:.1f} before; slowest (wall/CPU): "
            + ", ".join(f"{k} {times[k]:.1f}/{cpu[k]:.1f} s" for k in slowest),
        ),
        figure(
            "export: all formats but qdpx",
            sum(v for k, v in times.items() if k != "theme qdpx"),
            "s",
            below=10.0,
            note="wall/CPU s: " + ", ".join(f"{k} {times[k]:.2f}/{cpu[k]:.2f}" for k in times),
        ),
        figure(
            "export: theme table xlsx",
            times["theme xlsx"],
            "s",
            below=3 * alt,
            alternative=alt,
            alternative_name=f"SQL counts + openpyxl ({alt_peak:.0f} MB)",
            note=f"{cpu['theme xlsx']:.2f} s CPU",
        ),
    ]
