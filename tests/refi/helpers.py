"""What the REFI-QDA tests check on any .qdpx: the schema, the layout, QualCoder's reading."""

from __future__ import annotations

import importlib.util
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from lxml import etree
from sqlalchemy import select

from coder.refi.archive import open_project_files
from coder.refi.model import RefiProject
from coder.refi.reader import read_project
from coder.refi.xml import PROJECT_NAMESPACE
from coder.store.models import Answer, Coder, CodeRecord, Coding
from coder.store.project import Project

NS = f"{{{PROJECT_NAMESPACE}}}"
XSD = Path(__file__).resolve().parent.parent / "data" / "export" / "Project.xsd"


def load_script(path: Path) -> ModuleType:
    """A fixture generator script (``make_fixtures.py``, ``make_variants.py``) as a module."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read(path: Path) -> RefiProject:
    files = open_project_files(path)
    try:
        return read_project(files)
    finally:
        files.close()


def document(path: Path) -> Any:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("project.qde"))


def assert_valid_standard_layout(path: Path) -> Any:
    """project.qde valid against Project.xsd, every text in ``sources/``; returns the root."""
    root = document(path)
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(root), schema.error_log
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
    for source in root.iter(f"{NS}TextSource"):
        member = source.get("plainTextPath").removeprefix("internal://")
        assert f"sources/{member}" in names
    assert not any(n.startswith("Sources/") for n in names)
    return root


def qualcoder_keys(root: Any) -> list[tuple[str, str, int, int, str]]:
    """Text codings as QualCoder's REFI importer stores them: the coder is the selection's
    ``creatingUser`` (else its ``modifyingUser``, else "default"), and its table keeps one
    row per (code, source, start, end, coder)."""
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{NS}User")}
    keys = []
    for source in root.iter(f"{NS}TextSource"):
        for selection in source.iter(f"{NS}PlainTextSelection"):
            owner_guid = selection.get("creatingUser") or selection.get("modifyingUser")
            owner = users.get(owner_guid, "default")
            for coding in selection.iter(f"{NS}Coding"):
                code = coding.find(f"{NS}CodeRef").get("targetGUID")
                keys.append(
                    (
                        code,
                        source.get("guid"),
                        int(selection.get("startPosition")),
                        int(selection.get("endPosition")),
                        owner,
                    )
                )
    return keys


def stored_codings(project: Project) -> set[tuple[str, str, str, str, int | None, int | None]]:
    """Every (question, respondent, coder, code id, start, end) in the project."""
    with project.session(write=False) as s:
        rows = s.execute(
            select(
                Answer.question_id,
                Answer.respondent_id,
                Coder.name,
                CodeRecord.key,
                Coding.start_offset,
                Coding.end_offset,
            )
            .join(Coding, Coding.answer_id == Answer.id)
            .join(Coder, Coding.coder_id == Coder.id)
            .join(CodeRecord, Coding.code_id == CodeRecord.id)
        )
        return {tuple(row) for row in rows}  # type: ignore[misc]


Run = Callable[..., tuple[int, str, str]]
