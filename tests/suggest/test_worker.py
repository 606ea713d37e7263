"""The suggester in a child process: the same suggestions as in this one, errors come back."""

from __future__ import annotations

import pytest

from coder.codebook.model import Codebook
from coder.errors import CoderError
from coder.suggest import Suggester
from coder.suggest.worker import SuggesterProcess

from .conftest import SEPARABLE


def test_a_child_suggests_what_the_suggester_here_would(codebook: Codebook) -> None:
    texts, langs, labels = (list(column) for column in zip(*SEPARABLE, strict=True))
    probe = (["Conference travel is impossible", "Blanketter och kommittéer"], ["en", "sv"])
    here = Suggester(codebook).fit(texts, langs, [set(x) for x in labels])
    with SuggesterProcess() as remote:
        assert remote.fit(codebook, texts, langs, labels) == len(SEPARABLE)
        assert remote.suggest_many(*probe, k=2, explain=True) == here.suggest_many(
            *probe, k=2, explain=True
        )
        # one more coded answer moves the child's scores as it moves the local ones
        remote.add("Conference travel is impossible", "en", ["funding"])
        here.add("Conference travel is impossible", "en", {"funding"})
        assert remote.suggest_many(*probe, k=2) == here.suggest_many(*probe, k=2)


def test_errors_in_the_child_come_back_as_one_line() -> None:
    with SuggesterProcess() as remote:
        with pytest.raises(CoderError, match="has not been fitted"):
            remote.suggest_many(["text"], ["en"])
        # the child survives its error and still serves
        assert remote.fit(Codebook(id="empty"), ["Funding is short"], ["en"], [["funding"]]) == 1


def test_close_ends_the_child() -> None:
    remote = SuggesterProcess()
    process = remote._process
    remote.close()
    assert not process.is_alive()
    with pytest.raises(CoderError, match="ended"):
        remote.suggest_many(["text"], ["en"])
