"""Redaction of personal details in free text (quotes in exports, `coder redact`).

A plain-text module below the store and the exports, which both redact.

Survey answers sometimes carry an e-mail address, a phone number, a link to a personal page
or a colleague's name; a quote in a report must not. Patterns are deliberately broad: a
redacted date-like number costs less than a published phone number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
URL = re.compile(
    r"(?i:\b(?:https?://|ftp://|www\.)[^\s<>\"')\]]*[^\s<>\"')\].,;:!?]"
    r"|\b(?:[a-z0-9-]+\.)+(?:fi|se|com|org|net|eu|edu|io|info|nu)"
    r"(?:/(?:[^\s<>\"')\]]*[^\s<>\"')\].,;:!?])?)?(?!\w)(?!\.\w))"
)
PHONE = re.compile(r"(?<![\w+(])(?:(?:\+|00)[1-9]|\(?0\d)(?:[\s().-]{0,2}\d){5,13}(?!\w)")
"""International (+358 ..., 0046 ...) or trunk-prefixed (040 ..., (09) ...) numbers of seven to
fifteen digits with the usual separators; years and ranges (2020-2025) do not start with 0."""

MAYBE = re.compile(
    r"@|\+\d|(?<!\w)0\d|(?i:https?://|ftp://|www\.|\.(?:fi|se|com|org|net|eu|edu|io|info|nu)(?!\w))"
)
"""A cheap first look: text without any of these holds no e-mail address (``@``), URL (a
scheme, ``www.`` or a listed top-level domain) or phone number (``+``, or a ``0`` that
starts a word before a digit: years such as 2020 do not count), so the full patterns need not
run on it (most answers)."""

PLACEHOLDERS: dict[str, str] = {
    "email": "[e-mail]",
    "url": "[URL]",
    "phone": "[phone]",
    "name": "[name]",
}


@dataclass
class Redactor:
    """Replaces e-mails, URLs, phone numbers and listed names with placeholders.

    Build it once (the name pattern is compiled once) and call it on many texts.
    """

    names: Iterable[str] = ()
    emails: bool = True
    urls: bool = True
    phones: bool = True
    placeholders: dict[str, str] = field(default_factory=lambda: dict(PLACEHOLDERS))

    def __post_init__(self) -> None:
        cleaned = sorted({n.strip() for n in self.names if n and n.strip()}, key=len, reverse=True)
        self.names = tuple(cleaned)
        # one alternation, e-mails before URLs (an address holds a domain): one scan per text
        parts = [
            f"(?P<{kind}>{pattern.pattern})"
            for kind, pattern, wanted in (
                ("email", EMAIL, self.emails),
                ("url", URL, self.urls),
                ("phone", PHONE, self.phones),
            )
            if wanted
        ]
        if cleaned:
            names = "|".join(re.escape(n) for n in cleaned)
            parts.append(f"(?P<name>(?i:(?<!\\w)(?:{names})(?!\\w)))")
        self._pattern = re.compile("|".join(parts)) if parts else None
        self._first_look = MAYBE if not cleaned else None  # names can be anywhere

    def __call__(self, text: str) -> str:
        """``text`` with every personal detail replaced by its placeholder (one pass)."""
        if not text or self._pattern is None:
            return text
        if self._first_look is not None and self._first_look.search(text) is None:
            return text
        return self._pattern.sub(self._replace, text)

    def counted(self, text: str) -> tuple[str, dict[str, int]]:
        """``text`` redacted, and how many of each kind (email, url, phone, name) were removed."""
        counts: dict[str, int] = {}
        if not text or self._pattern is None:
            return text, counts

        def replace(match: re.Match[str]) -> str:
            kind = match.lastgroup or "name"
            counts[kind] = counts.get(kind, 0) + 1
            return self.placeholders[kind]

        return self._pattern.sub(replace, text), counts

    def _replace(self, match: re.Match[str]) -> str:
        return self.placeholders[match.lastgroup or "name"]


def redact(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with e-mails, URLs, phone numbers and the listed names redacted."""
    return Redactor(names=names)(text)


def read_names(lines: Iterable[str]) -> list[str]:
    """Names from a names file: one per line, blank lines and ``#`` comments skipped."""
    return [s for line in lines if (s := line.strip()) and not s.startswith("#")]
