"""The one check every command that writes codings under a coder's name makes first."""

from __future__ import annotations

from coder.cli.messages import msg
from coder.errors import InputError
from coder.store.project import Project
from coder.store.queries import is_consensus_coder
from coder.store.reconciliation import CONSENSUS


def refuse_consensus(project: Project, name: str, message: str = "cli.code.consensus") -> None:
    """The consensus is made only through reconciliation, never coded by hand, imported or
    auto-coded: refuse ``name`` when it is the consensus (``message``: the catalogue id)."""
    with project.session(write=False) as session:
        if name == CONSENSUS or is_consensus_coder(session, name):
            raise InputError(msg(message, name=repr(name)))
