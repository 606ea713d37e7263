"""Text from respondents and imported codebooks made inert for the format it goes into.

Answers, code labels, memos, coder names and attribute values are written by people we do
not control: an answer ``<script>…</script>`` or ``![x](http://evil/x.png)`` must show as
those characters in a rendered Markdown report, never run or fetch anything; a ``|`` must not
split a table row; a control character must not break a Word file's XML. HTML uses the
standard library's ``html.escape``; spreadsheets use `cells.safe_value`.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
"""The characters that give inline Markdown its meaning: emphasis and code (``*_`~``), links
and images (``[``, ``]``), raw HTML and autolinks (``<``, ``>``), entities (``&``), table cells
(``|``), maths (``$``) and the escape itself. Text is put on one line after a prefix, so the
line-start syntax (headings, lists, quotes) cannot arise; CommonMark lets a backslash escape
any of these."""

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
"""Characters that XML 1.0 does not allow (Word, XLSX and SVG files are XML)."""


def markdown_text(text: str) -> str:
    """``text`` as inert Markdown on one line: syntax characters escaped, whitespace (newlines
    too) collapsed, so it shows as written and cannot run, fetch or break a table row."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(xml_text(text).split()))


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold (control characters, lone surrogates)."""
    return _XML_INVALID.sub("", text)
