"""Build the bundled demo project with the same code paths an analyst's commands use.

The survey goes in through the survey importer (as `coder import` would), each question gets
its shipped codebook (as `coder codebook add`), and the two demo coders' work comes in through
the coding importer (as `coder import-codes`). Building is idempotent: a project already built
from the same demo files is left as it is, so an analyst's own coding in it survives.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coder.codebook.io import read_codebook
from coder.errors import InputError, ProjectError
from coder.ingest.codes import import_codes
from coder.ingest.importer import import_survey
from coder.ingest.shape import ImportOptions
from coder.ingest.table import read_table
from coder.resources import shipped_dir
from coder.store.codebooks import attach_codebook
from coder.store.engine import is_url
from coder.store.project import Project, get_setting, set_setting
from coder.store.queries import has_questions, status

DATA_DIR = Path(__file__).resolve().parent
SURVEY_FILE = DATA_DIR / "survey.csv"
CODINGS_FILES: dict[str, Path] = {
    "anna": DATA_DIR / "codings_anna.csv",
    "ben": DATA_DIR / "codings_ben.csv",
}
DEMO_FILE_NAME = "coder-demo.sqlite"
ATTRIBUTES = ("university", "staff_group", "survey_language")
# Question number in the survey export -> question id; each id is also the codebook's name.
QUESTION_NUMBERS: dict[str, str] = {
    "5": "cl_offering",
    "9": "good_practices",
    "11": "microcredential_challenges",
    "13": "working_life_dialogue",
    "16": "customer_orientation",
}
DEFAULT_QUESTION = "microcredential_challenges"
DEMO_KEY = "demo.data"
ACTOR = "demo"


@dataclass
class DemoResult:
    """Where the demo is and what is in it; ``built`` is False when it was already up to date."""

    db: str
    built: bool
    questions: list[str] = field(default_factory=list)
    respondents: int = 0
    answers: int = 0
    codings: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def default_path() -> Path:
    """``coder-demo.sqlite`` in the user's data directory, so any clone can build it."""
    from platformdirs import user_data_path

    return user_data_path("coder", appauthor=False) / DEMO_FILE_NAME


def codebooks_dir() -> Path:
    """The shipped ``codebooks/`` folder (beside the package in a clone, or installed)."""
    return shipped_dir("codebooks")


def codebook_file(question_id: str) -> Path:
    """The shipped codebook for a demo question."""
    return codebooks_dir() / f"{question_id}.yaml"


def _fingerprint() -> str:
    """A digest of every input of the demo, to tell whether a built demo is up to date."""
    digest = hashlib.sha256()
    files = [SURVEY_FILE, *CODINGS_FILES.values()]
    files += [codebook_file(q) for q in QUESTION_NUMBERS.values()]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _text_specs() -> tuple[str, ...]:
    """`--text "HEADER=QID"` for each open question of the survey export."""
    header = read_table(SURVEY_FILE).header
    specs = []
    for column in header:
        number = column.split(".", 1)[0].strip()
        if number in QUESTION_NUMBERS and column.strip() != number:
            specs.append(f"{column}={QUESTION_NUMBERS[number]}")
    if len(specs) != len(QUESTION_NUMBERS):
        raise InputError("error.demo.header", file=SURVEY_FILE, questions=sorted(QUESTION_NUMBERS))
    return tuple(specs)


def build_demo(
    db: str | Path | None = None, *, on_build: Callable[[], None] | None = None
) -> DemoResult:
    """Create (or bring up to date) the demo project at ``db`` (default: ``default_path()``).

    ``on_build`` is called once before the demo is (re)built, never when it is up to date, so
    a caller can say that building (which takes a while) has begun.
    """
    target = str(db if db is not None else default_path())
    if not is_url(target):
        Path(target).expanduser().parent.mkdir(parents=True, exist_ok=True)
        target = str(Path(target).expanduser())
    fingerprint = _fingerprint()
    result = DemoResult(db=target, built=False, questions=list(QUESTION_NUMBERS.values()))
    with Project.create(target) as project:
        with project.session(write=False) as session:
            built_from = get_setting(session, DEMO_KEY)
            if not built_from and has_questions(session):
                raise ProjectError("error.demo.not_demo", path=target)
            up_to_date = built_from == fingerprint
        if not up_to_date:
            if on_build is not None:
                on_build()
            options = ImportOptions(text=_text_specs(), attrs=ATTRIBUTES)
            import_survey(project, SURVEY_FILE, options, actor=ACTOR)
            for question_id in QUESTION_NUMBERS.values():
                path = codebook_file(question_id)
                book = read_codebook(path)
                with project.session() as session:
                    attach_codebook(session, question_id, book, actor=ACTOR, source=path.name)
            for name, path in CODINGS_FILES.items():
                import_codes(project, path, name)
            with project.session() as session:
                set_setting(session, DEMO_KEY, fingerprint)
            result.built = True
        _count(project, result)
    return result


def _count(project: Any, result: DemoResult) -> None:
    """Fill in how many respondents, answers and coded answers the demo holds."""
    with project.session(write=False) as session:
        summary = status(session)
    result.respondents = summary["respondents"]
    result.answers = sum(q["answers"] for q in summary["questions"])
    coded: dict[str, int] = {}
    for question in summary["questions"]:
        for name, info in question["coders"].items():
            coded[name] = coded.get(name, 0) + info["coded"]
    result.codings = coded
