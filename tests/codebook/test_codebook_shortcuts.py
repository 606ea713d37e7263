"""Shortcut keys handed out to codes that have none, as the coding screen uses them."""

from __future__ import annotations

from coder.codebook.model import Code, Codebook
from coder.codebook.shortcuts import assign_shortcuts


def book(*codes: Code) -> Codebook:
    return Codebook(id="b", codes=list(codes))


def test_digits_first_then_letters_in_codebook_order() -> None:
    codes = [Code(id=f"c{i}") for i in range(12)]
    keys = assign_shortcuts(book(*codes))
    assert list(keys.values()) == [*"123456789", "a", "b", "c"]
    assert list(keys) == [f"c{i}" for i in range(12)]


def test_own_shortcuts_are_kept_and_skipped_by_the_others() -> None:
    keys = assign_shortcuts(
        book(Code(id="x"), Code(id="y", shortcut="1"), Code(id="z"), Code(id="w", shortcut="a"))
    )
    assert keys == {"x": "2", "y": "1", "z": "3", "w": "a"}


def test_grouping_nodes_get_none_and_children_follow_depth_first() -> None:
    tree = book(
        Code(id="group", codable=False, children=[Code(id="g1"), Code(id="g2")]),
        Code(id="last"),
    )
    assert assign_shortcuts(tree) == {"g1": "1", "g2": "2", "last": "3"}


def test_reserved_keys_are_skipped() -> None:
    keys = assign_shortcuts(book(*(Code(id=f"c{i}") for i in range(11))), reserved={"2", "a"})
    assert list(keys.values()) == ["1", *"3456789", "b", "c", "d"]


def test_codes_beyond_the_keys_get_none_and_the_codebook_is_unchanged() -> None:
    many = book(*(Code(id=f"c{i:02}") for i in range(40)))
    keys = assign_shortcuts(many)
    assert len(keys) == 36
    assert len(set(keys.values())) == 36
    assert "c39" not in keys
    assert all(code.shortcut is None for code in many.all_codes())
