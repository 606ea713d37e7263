"""The text of cells that carry HTML markup.

Survey tools whose questions and answer options are written in an HTML editor export that
markup with them: LimeSurvey writes an answer option as
``<div><span style="color:#2ecc71;">Environment</span></div>`` in every cell that chose it.
A respondent types plain text, so markup in a cell is the survey author's, not an answer's.
A cell is read as markup only when it holds a tag of an HTML element (``<p>``, ``<div>``,
``<br/>``, ``</span>``...): "(e.g., <muscle names>)" or "a <3 b" are text and stay as written.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


# elements that editors and survey tools write; any other <word> is text ("<muscle names>")
_ELEMENTS = _names(
    "a abbr b big blockquote br caption center cite code col colgroup dd del dfn div dl dt em "
    "font h1 h2 h3 h4 h5 h6 hr i img ins kbd label li mark ol p pre q s samp small span strike "
    "strong sub sup table tbody td tfoot th thead tr tt u ul"
)
# elements that end a line of text
_BLOCKS = _names(
    "blockquote br caption center dd div dl dt h1 h2 h3 h4 h5 h6 hr li ol p pre table tr ul"
)
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
_SPACES = re.compile(r"[ \t\f\v\xa0\u200b]+")


def has_markup(cell: str) -> bool:
    """Whether the cell holds a tag of an HTML element."""
    return "<" in cell and any(m.group(1).lower() in _ELEMENTS for m in _TAG.finditer(cell))


class _Text(HTMLParser):
    """Collects the text of a fragment; tags of other names are kept as the text they are."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ELEMENTS:
            if tag in _BLOCKS:
                self.parts.append("\n")
        else:
            self.parts.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _ELEMENTS:
            if tag in _BLOCKS:
                self.parts.append("\n")
        else:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def markup_text(cell: str) -> str:
    """The text of a cell holding markup: tags removed, entities decoded, a line per block
    element, spaces collapsed, outer spaces trimmed (an empty string when it was all markup).

    A lone double quote at an end is dropped: an export whose CSV quoting broke on the
    markup's own quotes (``style="color:..."``) leaves one behind the closing tag.
    """
    parser = _Text()
    parser.feed(cell)
    parser.close()
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    if text.count('"') % 2:
        if text.endswith('"'):
            text = text[:-1].rstrip()
        elif text.startswith('"'):
            text = text[1:].lstrip()
    return text
