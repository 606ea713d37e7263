"""A small trilingual codebook and clearly separable coded answers, shared by the tests."""

from __future__ import annotations

import pytest

from coder.codebook.model import Code, Codebook


@pytest.fixture(scope="session")
def codebook() -> Codebook:
    return Codebook(
        id="challenges",
        codes=[
            Code(
                id="funding",
                labels={"en": "Funding", "sv": "Finansiering", "fi": "Rahoitus"},
                keywords={"en": ["funding", "money"], "sv": ["pengar"], "fi": ["rahoitus", "raha"]},
            ),
            Code(
                id="bureaucracy",
                labels={"en": "Bureaucracy", "sv": "Byråkrati", "fi": "Byrokratia"},
                keywords={
                    "en": ["bureaucracy", "paperwork"],
                    "sv": ["byråkrati"],
                    "fi": ["byrokratia"],
                },
            ),
            Code(
                id="marketing",
                labels={"en": "Marketing", "sv": "Marknadsföring", "fi": "Markkinointi"},
                keywords={
                    "en": ["marketing", "advertising"],
                    "sv": ["marknadsföring"],
                    "fi": ["markkinointi"],
                },
            ),
        ],
    )


SEPARABLE: list[tuple[str, str, set[str]]] = [
    ("We have no budget and the grant ends next year", "en", {"funding"}),
    ("The grant money runs out and no budget is left", "en", {"funding"}),
    ("Budget cuts mean no grant for this work", "en", {"funding"}),
    ("Without a budget line or grant nothing happens", "en", {"funding"}),
    ("Approval forms take months in the committee", "en", {"bureaucracy"}),
    ("Every form needs committee approval first", "en", {"bureaucracy"}),
    ("The committee approval process and forms are slow", "en", {"bureaucracy"}),
    ("Too many forms and committee rounds for approval", "en", {"bureaucracy"}),
    ("Nobody hears about the courses, no newsletter reaches people", "en", {"marketing"}),
    ("The newsletter and website do not reach people", "en", {"marketing"}),
    ("People never hear about our courses on the website", "en", {"marketing"}),
    ("Our website and newsletter reach too few people", "en", {"marketing"}),
    ("Budget and grant are gone, and approval forms take months", "en", {"funding", "bureaucracy"}),
    ("Nothing to add", "en", set()),
]
"""Coded answers whose codes are told apart by words the codebook does not contain."""
