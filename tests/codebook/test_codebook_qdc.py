"""REFI-QDA .qdc codebooks: export valid against the schema, import from other tools, round trips."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree

from coder.codebook.io import read_codebook, write_codebook
from coder.codebook.model import LANGUAGES, Codebook
from coder.codebook.problems import CodebookInvalid
from coder.codebook.qdc import dump_qdc, join_description, parse_qdc, read_qdc, split_description
from coder.codebook.yaml_format import read_yaml

DATA = Path(__file__).parent.parent / "data" / "codebook"
SHIPPED = sorted((Path(__file__).parent.parent.parent / "codebooks").glob("*.yaml"))


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "Codebook.xsd")))


def qdc_parts(
    book: Codebook,
) -> list[tuple[str, str | None, bool, str | None, dict[str, str], int]]:
    """What a .qdc can carry of each code: id, guid, codable, colour, definition, depth."""
    return [
        (code.id, code.guid, code.codable, code.colour, code.definition, depth)
        for code, _parent, depth in book.walk()
    ]


@pytest.mark.parametrize("path", [DATA / "nested.yaml", *SHIPPED], ids=str)
def test_export_is_valid_against_the_refi_qda_schema(
    path: Path, schema: etree.XMLSchema, tmp_path: Path
) -> None:
    out = tmp_path / "book.qdc"
    write_codebook(read_yaml(path), out)
    document = etree.parse(str(out))
    assert schema.validate(document), schema.error_log


def test_export_then_import_keeps_tree_definitions_and_guids(tmp_path: Path) -> None:
    book = read_yaml(DATA / "nested.yaml")
    out = tmp_path / "barriers.qdc"
    write_codebook(book, out)
    again = read_codebook(out)
    assert again.id == "barriers"
    exported = [(c.id, c.codable, c.colour, c.definition, d) for c, _p, d in book.walk()]
    assert [(c, k, col, dfn, d) for c, _g, k, col, dfn, d in qdc_parts(again)] == exported
    # guids were derived on the first export and are read back; a second round changes nothing.
    assert all(code.guid for code in again.all_codes())
    out2 = tmp_path / "again.qdc"
    write_codebook(again, out2)
    assert out2.read_bytes() == out.read_bytes()
    assert qdc_parts(read_qdc(out2)) == qdc_parts(again)


def test_guids_are_stable_across_exports() -> None:
    book = read_yaml(DATA / "nested.yaml")
    assert dump_qdc(book) == dump_qdc(read_yaml(DATA / "nested.yaml"))


def test_codebook_from_another_tool(schema: etree.XMLSchema) -> None:
    book = read_qdc(DATA / "foreign.qdc")
    assert schema.validate(etree.parse(str(DATA / "foreign.qdc")))
    assert book.id == "foreign"
    assert [(c.id, d) for c, _p, d in book.walk()] == [
        ("Lack of resources", 0),
        ("Staff time", 1),
        ("Collaboration", 0),
        ("Inside the university", 1),
        ("With working life", 1),
    ]
    first = book.codes[0]
    assert first.labels == dict.fromkeys(LANGUAGES, "Lack of resources")
    assert first.definition == dict.fromkeys(LANGUAGES, "Money, staff or time is missing.")
    assert first.colour == "#FF0000"
    assert first.guid == "{A1B2C3D4-0000-4000-8000-000000000001}"
    assert book.codes[1].codable is False
    # and it goes back out with the same guids, valid against the schema
    document = etree.fromstring(dump_qdc(book))
    assert schema.validate(document)
    ns = {"q": "urn:QDA-XML:codebook:1.0"}
    guids = [code.get("guid") for code in document.iterfind(".//q:Code", ns)]
    assert guids == [code.guid for code in book.all_codes()]


def test_per_language_definitions_survive_a_qdc() -> None:
    definition = {"sv": "Brist på pengar.", "fi": "Rahan puute.\nToinen rivi.", "en": "No money."}
    assert split_description(join_description(definition)) == definition
    same = dict.fromkeys(LANGUAGES, "One text")
    assert join_description(same) == "One text"
    assert split_description("One text") == same


def write(tmp_path: Path, body: str, name: str = "bad.qdc") -> Path:
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes>\n' + body + "</Codes>\n</CodeBook>\n",
        encoding="utf-8",
    )
    return path


def test_bad_qdc_lists_every_problem_with_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '<Code guid="a1b2c3d4-0000-4000-8000-000000000001" name="Money" isCodable="true"/>\n'  # 4
        '<Code guid="a1b2c3d4-0000-4000-8000-000000000001" name="Time" isCodable="true"/>\n'  # 5
        '<Code guid="a1b2c3d4-0000-4000-8000-000000000003" name="Money" isCodable="yes"/>\n'  # 6
        '<Code name="Staff" isCodable="true" color="red"/>\n'  # 7
        '<Code guid="a1b2c3d4-0000-4000-8000-000000000005" name="Group" isCodable="false"/>\n',  # 8
    )
    with pytest.raises(CodebookInvalid) as caught:
        read_qdc(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:5: code 'Time': guid a1b2c3d4-0000-4000-8000-000000000001 used twice (first at line 4)",
        f"{path}:6: code 'Money': isCodable must be true or false, not 'yes'",
        f"{path}:6: duplicate code id 'Money' (first at line 4)",
        f"{path}:7: code 'Staff' has no guid",
        f"{path}:7: code 'Staff': bad colour 'red' (use #rgb or #rrggbb)",
        f"{path}:8: code 'Group': grouping node (codable: false) has no children",
    ]


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '<Code guid="x" name="a" isCodable="true">\n')
    with pytest.raises(CodebookInvalid) as caught:
        read_qdc(path)
    problem = caught.value.problems[0]
    assert problem.line is not None and problem.line >= 4
    assert problem.message.startswith("not well-formed XML")


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.qdc"
    path.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE CodeBook [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="a1b2c3d4-0000-4000-8000-000000000001" name="a" isCodable="true">'
        "<Description>&xxe;</Description></Code></Codes></CodeBook>\n",
        encoding="utf-8",
    )
    with pytest.raises(CodebookInvalid) as caught:
        read_qdc(path)
    assert "TOP-SECRET" not in str(caught.value)
    assert "DOCTYPE is not allowed" in str(caught.value)


def test_wrong_root_element_is_refused() -> None:
    with pytest.raises(CodebookInvalid, match="the root element is <Project>, not <CodeBook>"):
        parse_qdc(b'<Project xmlns="urn:QDA-XML:project:1.0"/>', "p.qdc", "p")


def test_yaml_to_qdc_keeps_what_a_qdc_can_hold(tmp_path: Path) -> None:
    book = read_yaml(DATA / "nested.yaml")
    write_codebook(book, tmp_path / "b.qdc")
    again = read_codebook(tmp_path / "b.qdc")
    money = again.codes[0].children[0]
    # .qdc has no place for labels per language, rules, examples, keywords or shortcuts
    assert money.labels == dict.fromkeys(LANGUAGES, "resources.money")
    assert money.examples == {} and money.shortcut is None
    assert dataclasses.replace(money, labels={}, guid=None) == dataclasses.replace(
        book.codes[0].children[0],
        labels={},
        include={},
        exclude={},
        examples={},
        keywords={},
        shortcut=None,
    )
