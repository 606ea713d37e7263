"""The demo project: built through the real import paths into a real SQLite file."""

from __future__ import annotations

import filecmp
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from coder.cli import cli
from coder.demo import build, generate
from coder.demo.build import build_demo
from coder.errors import ProjectError
from coder.store import actions
from coder.store.project import Project
from coder.store.queries import answers, codings_by_answer, status


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    result = build_demo(db)
    assert result.built
    return db


def test_demo_has_answers_in_three_languages_to_every_question(demo_db: str) -> None:
    with Project.open(demo_db) as project, project.session(write=False) as s:
        summary = status(s)
        views = answers(s)
    questions = {q["id"]: q for q in summary["questions"]}
    assert set(questions) == set(build.QUESTION_NUMBERS.values())
    assert len(views) >= 200
    assert summary["respondents"] >= 240
    languages = Counter(v.language for v in views)
    for lang in ("fi", "sv", "en"):
        assert languages[lang] >= 0.12 * len(views), languages
    assert languages["fi"] > languages["sv"] and languages["fi"] > languages["en"]
    for question in questions.values():
        assert question["codes"] > 0  # its codebook is attached
        assert question["respondents"] < summary["respondents"]  # some left it blank
    texts = [v.text for v in views]
    assert "-" in texts and any("\n" in t for t in texts)


def test_demo_respondents_carry_attributes_with_small_universities(demo_db: str) -> None:
    with Project.open(demo_db) as project, project.session(write=False) as s:
        views = answers(s)
    people = {v.respondent_id: v.attributes for v in views}
    per_university = Counter(attrs["university"] for attrs in people.values())
    assert 7 <= len(per_university) <= 9
    assert sum(1 for n in per_university.values() if n < 5) == 2
    groups = Counter(attrs["staff_group"] for attrs in people.values())
    assert set(groups) == {"teaching_research", "other_staff"}
    assert groups["other_staff"] > groups["teaching_research"]
    assert {attrs["survey_language"] for attrs in people.values()} == {"fi", "sv", "en"}


def test_two_coders_coded_part_of_the_challenges_and_disagree_sometimes(demo_db: str) -> None:
    question = "microcredential_challenges"
    with Project.open(demo_db) as project, project.session(write=False) as s:
        total = len(answers(s, question, with_attributes=False))
        anna = codings_by_answer(s, question, "anna")
        ben = codings_by_answer(s, question, "ben")
    assert 0.5 * total <= len(anna) <= 0.75 * total
    assert len(ben) < total
    both = sorted(set(anna) & set(ben))
    assert len(both) >= 50
    agreement = sum(anna[a] == ben[a] for a in both) / len(both)
    assert 0.75 <= agreement <= 0.9, agreement
    # the typical slip: one coder gave a second code the other missed
    assert any(ben[a] < anna[a] for a in both)
    assert any(not anna[a] for a in both)  # '-' answers were seen and left without a code


def test_building_again_keeps_the_analysts_own_work(demo_db: str) -> None:
    with Project.open(demo_db) as project, project.session() as s:
        first = answers(s, "working_life_dialogue", with_attributes=False)[0]
        code = actions.code_by_key(s, "working_life_dialogue", "direct_contacts")
        actions.toggle_code(s, first.id, code.id, "you")
    again = build_demo(demo_db)
    assert not again.built
    assert again.answers >= 200 and set(again.codings) == {"anna", "ben", "you"}
    with Project.open(demo_db) as project, project.session(write=False) as s:
        assert codings_by_answer(s, "working_life_dialogue", "you") == {
            first.id: {"direct_contacts"}
        }


def test_cli_demo_no_tui_prints_where_it_is(demo_db: str) -> None:
    result = CliRunner().invoke(cli, ["demo", "--no-tui", "--path", demo_db])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == demo_db


def test_cli_demo_json_is_one_document(demo_db: str) -> None:
    result = CliRunner().invoke(cli, ["demo", "--json", "--path", demo_db])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["db"] == demo_db and document["built"] is False
    assert document["answers"] >= 200 and {"anna", "ben"} <= set(document["codings"])


def test_demo_refuses_to_fill_another_project(tmp_path: Path) -> None:
    db = str(tmp_path / "mine.sqlite")
    with Project.create(db) as project, project.session() as s:
        from coder.store.models import Question

        s.add(Question(id="Q1", title="My own question", position=0))
    with pytest.raises(ProjectError, match="not the demo"):
        build_demo(db)


def test_committed_demo_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    generate.write_files(tmp_path)
    here = Path(generate.__file__).parent
    names = [generate.SURVEY_FILE, *generate.CODINGS_FILES.values()]
    match, mismatch, errors = filecmp.cmpfiles(here, tmp_path, names, shallow=False)
    assert not mismatch and not errors
