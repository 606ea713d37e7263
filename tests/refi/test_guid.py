"""The guids coder derives are RFC 4122 version-5 UUIDs: stable from one export to the next."""

from __future__ import annotations

import uuid

import pytest

from coder.refi.xml import GUID_SPACE, guid


@pytest.mark.parametrize(
    "parts",
    [
        ("source", "Q1", "R000001"),
        ("selection", "0c6a3f52-7d4b-4f0e-9a51-2b8e1f6d9c33", "0", "42", "anna"),
        ("case", "Åbo 漢字 \U0001f600"),
        ("note", "", "", ""),
        (),
    ],
)
def test_guid_is_the_uuid5_of_its_parts(parts: tuple[str, ...]) -> None:
    """Same value as ``uuid.uuid5``, so archives written before keep their guids."""
    value = guid(*parts)
    assert value == str(uuid.uuid5(GUID_SPACE, "\x00".join(parts)))
    assert uuid.UUID(value).version == 5
    assert uuid.UUID(value).variant == uuid.RFC_4122
