"""The native YAML codebook: reading, every kind of problem with its line, writing back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from coder.codebook.model import Codebook
from coder.codebook.problems import CodebookInvalid
from coder.codebook.yaml_format import dump_yaml, load_yaml, read_yaml
from coder.errors import InputError

DATA = Path(__file__).parent.parent / "data" / "codebook"
SHIPPED = sorted((Path(__file__).parent.parent.parent / "codebooks").glob("*.yaml"))

HEAD = "codebook: book\ncodes:\n"
LABEL = "    label: {sv: A, fi: B, en: C}\n"


def problems_of(text: str, file: str = "book.yaml") -> list[str]:
    """The problems reported for ``text``, as the `file:line: problem` lines a user sees."""
    with pytest.raises(CodebookInvalid) as caught:
        load_yaml(text, file)
    return [str(p) for p in caught.value.problems]


def without_source(book: Codebook) -> Codebook:
    return dataclasses.replace(book, source=None)


def test_nested_codebook_reads_every_field() -> None:
    book = read_yaml(DATA / "nested.yaml")
    assert book.id == "barriers"
    assert book.title == {"sv": "Hinder", "fi": "Esteet", "en": "Barriers"}
    assert book.question["fi"] == "Mitä esteitä on?"
    assert [c.id for c in book.codes] == ["resources", "no", "other"]
    resources = book.codes[0]
    assert resources.codable is False
    money, spare_time = resources.children
    assert money.id == "resources.money"
    assert money.labels == {"sv": "Pengar", "fi": "Raha", "en": "Money"}
    assert money.definition["en"] == "Lack of funding."
    assert money.include["sv"] == "Budget, finansiering."
    assert money.exclude == {"en": "Lack of staff time (resources.time)."}
    assert money.examples["fi"] == ["Ei ole rahaa.", "Rahoitus puuttuu."]
    assert money.keywords["en"] == ["money", "funding"]
    assert money.colour == "#1f77b4"
    assert money.shortcut == "1"  # written as a YAML number, read as the key "1"
    assert spare_time.colour == "#abc"
    # YAML 1.1 would turn a bare `no` into False; ids and texts stay as written.
    assert book.codes[1].id == "no"
    assert book.codes[1].labels["en"] == "no"


def test_flat_form_builds_the_same_tree_as_nesting() -> None:
    flat = read_yaml(DATA / "flat.yaml")
    assert [c.id for c in flat.codes] == ["resources", "no", "other"]
    assert [c.id for c in flat.codes[0].children] == ["resources.time"]
    nested = load_yaml(
        HEAD
        + "  - id: resources\n    label: {sv: Resurser, fi: Resurssit, en: Resources}\n"
        + "    codable: false\n    children:\n"
        + "      - id: resources.time\n        label: {sv: Tid, fi: Aika, en: Time}\n"
        + '  - id: "no"\n    label: {sv: nej, fi: ei, en: "no"}\n    shortcut: n\n'
        + "  - id: other\n    label: {sv: Övrigt, fi: Muu, en: Other}\n",
        "nested",
    )
    assert flat.codes == nested.codes


def test_flat_form_parent_may_come_after_its_child() -> None:
    book = load_yaml(
        HEAD
        + "  - id: child\n    parent: top\n"
        + LABEL
        + "  - id: top\n"
        + LABEL
        + "  - id: grandchild\n    parent: child\n"
        + LABEL
    )
    assert [c.id for c in book.codes] == ["top"]
    assert book.codes[0].children[0].id == "child"
    assert book.codes[0].children[0].children[0].id == "grandchild"


@pytest.mark.parametrize("path", [DATA / "nested.yaml", DATA / "flat.yaml", *SHIPPED], ids=str)
def test_dump_reads_back_to_the_same_codebook(path: Path) -> None:
    book = read_yaml(path)
    text = dump_yaml(book)
    again = load_yaml(text, "dumped.yaml")
    assert without_source(again) == without_source(book)
    assert dump_yaml(again) == text


def test_shipped_codebooks_are_valid() -> None:
    assert SHIPPED, "codebooks/ holds no YAML codebooks"
    for path in SHIPPED:
        book = read_yaml(path)
        assert len(book.all_codes()) >= 4, path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + "  - id: a\n" + LABEL + "  - id: a\n" + LABEL,
            "book.yaml:5: duplicate code id 'a' (first at line 3)",
        ),
        (
            HEAD
            + "  - id: a\n"
            + LABEL
            + "    shortcut: k\n  - id: b\n"
            + LABEL
            + "    shortcut: k\n",
            "book.yaml:8: code 'b': duplicate shortcut 'k' (also 'a' at line 5)",
        ),
        (HEAD + "  - id: a\n", "book.yaml:3: code 'a' has no label"),
        (
            HEAD + "  - id: a\n    label: {sv: A, en: C}\n",
            "book.yaml:4: code 'a': label has no fi text",
        ),
        (
            HEAD + "  - id: a\n    parent: nowhere\n" + LABEL,
            "book.yaml:4: code 'a': unknown parent 'nowhere'",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    colour: blue\n",
            "book.yaml:5: code 'a': bad colour 'blue' (use #rgb or #rrggbb)",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    colour: '#12345'\n",
            "book.yaml:5: code 'a': bad colour '#12345' (use #rgb or #rrggbb)",
        ),
        (
            HEAD + "  - id: Lack Of Money\n" + LABEL,
            "book.yaml:3: bad code id 'Lack Of Money' (use a-z, 0-9, _ . - only)",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    color: '#fff'\n",
            "book.yaml:5: code 'a': unknown field 'color' (did you mean 'colour'?)",
        ),
        (
            "codebook: book\ncodez: []\n",
            "book.yaml:2: codebook: unknown field 'codez' (did you mean 'codes'?)",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    codable: 'no'\n",
            "book.yaml:5: code 'a': codable must be true or false, not 'no'",
        ),
        (
            HEAD + "  - id: a\n    label: Money\n",
            "book.yaml:4: code 'a': label must give a text per language, like {sv: ..., fi: ..., en: ...}; not a str",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    keywords: {sv: pengar}\n",
            "book.yaml:5: code 'a': keywords: sv must be a list, not a str",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    children: {id: b}\n",
            "book.yaml:5: code 'a': children must be a list of codes, not a mapping",
        ),
        (
            HEAD + "  - id: a\n    label: {sv: A, fi: B, en: C, de: D}\n",
            "book.yaml:4: code 'a': label: unknown language 'de' (use sv, fi, en)",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    shortcut: F1\n",
            "book.yaml:5: code 'a': bad shortcut 'F1' (one key: a-z or 0-9)",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    codable: false\n",
            "book.yaml:3: code 'a': grouping node (codable: false) has no children",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    id: b\n",
            "book.yaml:5: code 'a': field 'id' given twice",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    children:\n      - id: b\n        parent: c\n"
            "        label: {sv: A, fi: B, en: C}\n  - id: c\n" + LABEL,
            "book.yaml:7: code 'b' is nested under 'a' but names parent 'c'",
        ),
        (
            HEAD + "  - id: a\n    parent: b\n" + LABEL + "  - id: b\n    parent: a\n" + LABEL,
            "book.yaml:4: code 'a': parents form a loop: a -> b -> a",
        ),
        ("codebook: book\ncodes: []\n", "book.yaml:1: the codebook has no codes"),
        (
            "title: {en: x}\ncodes:\n  - id: a\n" + LABEL,
            "book.yaml:1: the codebook has no id (give 'codebook: ID')",
        ),
        (
            "- just\n- a list\n",
            "book.yaml:1: a codebook must be a mapping with codebook:, title:, question:, codes:",
        ),
        ("", "book.yaml:1: the file is empty"),
        (
            HEAD + "  - id: a\n    label: {sv: A, fi: B\n",
            "book.yaml:5: YAML syntax error: expected ',' or '}', but got '<stream end>'",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    definition: !!python/object/apply:os.getcwd []\n",
            "book.yaml:5: YAML tag !!python/object/apply:os.getcwd is not allowed (codebooks hold plain data only)",
        ),
        (
            HEAD + "  - id: a\n" + LABEL + "    definition: !include other.yaml\n",
            "book.yaml:5: YAML tag !include is not allowed (codebooks hold plain data only)",
        ),
        (
            HEAD + "  - id: a\n    label: &l {sv: A, fi: B, en: C}\n  - id: b\n    label: *l\n",
            "book.yaml:6: YAML aliases (*name) are not supported; write the value out",
        ),
    ],
    ids=lambda value: (
        value[:40] if isinstance(value, str) and value.startswith("book.yaml") else ""
    ),
)
def test_each_kind_of_problem_names_file_and_line(text: str, expected: str) -> None:
    assert expected in problems_of(text)


def test_every_problem_is_reported_in_one_run() -> None:
    text = (
        HEAD
        + "  - id: a\n    label: {sv: A}\n    colour: red\n    shortcut: x\n"  # lines 3-6
        + "  - id: a\n"
        + LABEL
        + "    shortcut: x\n"  # lines 7-9
        + "  - id: c\n    parent: zz\n"
        + LABEL  # lines 10-12
        + "  - id: d\n"
        + LABEL
        + "    colr: '#fff'\n"  # lines 13-15
    )
    problems = problems_of(text)
    assert problems == [
        "book.yaml:4: code 'a': label has no fi, en text",
        "book.yaml:5: code 'a': bad colour 'red' (use #rgb or #rrggbb)",
        "book.yaml:7: duplicate code id 'a' (first at line 3)",
        "book.yaml:9: code 'a': duplicate shortcut 'x' (also 'a' at line 6)",
        "book.yaml:11: code 'c': unknown parent 'zz'",
        "book.yaml:15: code 'd': unknown field 'colr' (did you mean 'colour'?)",
    ]


def test_the_error_message_lists_every_problem() -> None:
    with pytest.raises(CodebookInvalid) as caught:
        load_yaml(HEAD + "  - id: a\n  - id: a\n", "x.yaml")
    message = str(caught.value)
    assert message.splitlines()[0] == "3 problems in the codebook:"
    assert "x.yaml:3: code 'a' has no label" in message
    assert "x.yaml:4: duplicate code id 'a' (first at line 3)" in message


def test_object_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        HEAD
        + "  - id: a\n"
        + LABEL
        + f"    definition: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ['{marker}']]\n"
    )
    problems_of(text)
    assert not marker.exists()


def test_alias_bombs_are_refused_without_expanding() -> None:
    # 10**9 strings if the aliases were followed; each alias is reported where it stands
    # instead (81 in the lists, one for the codes), so nothing is ever expanded.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = "codebook: bomb\n" + "\n".join(lines) + "\ncodes: *a8\n"
    problems = problems_of(text)
    alias_problems = [p for p in problems if "YAML aliases (*name) are not supported" in p]
    assert len(alias_problems) == 8 * 10 + 1
    assert "book.yaml:11: YAML aliases (*name) are not supported; write the value out" in problems


def test_file_with_bom_reads_and_non_utf8_is_named(tmp_path: Path) -> None:
    good = tmp_path / "bom.yaml"
    good.write_bytes("\ufeff".encode() + (DATA / "nested.yaml").read_bytes())
    assert read_yaml(good).id == "barriers"
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(
        "codebook: book\ncodes:\n  - id: a\n    label: {sv: Övrigt}\n".encode("latin-1")
    )
    with pytest.raises(CodebookInvalid) as caught:
        read_yaml(bad)
    assert str(caught.value.problems[0]) == f"{bad}:4: the file is not UTF-8 text; save it as UTF-8"


def test_dump_refuses_ids_the_native_format_cannot_hold() -> None:
    from coder.codebook.model import Code

    book = Codebook(id="b", codes=[Code(id="Lack of resources", labels={"en": "x"})])
    with pytest.raises(InputError, match="'Lack of resources' cannot be written"):
        dump_yaml(book)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "codebook: a\ncodes:\n\t- id: x\n",
            "book.yaml:3: YAML syntax error: found character '\\t' that cannot start any token",
        ),
        (
            "codebook: a\n---\ncodebook: b\n",
            "book.yaml:2: YAML syntax error: expected a single document in the stream, "
            "but found another document",
        ),
    ],
)
def test_a_syntax_error_is_the_only_problem_reported(text: str, expected: str) -> None:
    assert problems_of(text) == [expected]
