"""Recognise the exports of survey tools and normalise their quirks.

Each tool writes a wide table with its own metadata columns around the questions. Knowing
the tool lets `coder import` pick the respondent id column, skip extra header rows
(Qualtrics), take question titles from the export, and leave metadata columns out when it
guesses which columns hold open answers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from coder.ingest.table import Table


def _fold(names: str) -> frozenset[str]:
    return frozenset(n.strip().casefold() for n in names.split("|"))


@dataclass(frozen=True)
class Profile:
    """What is known about one tool's export."""

    name: str
    id_columns: tuple[str, ...] = ()  # first present one is the respondent id
    metadata: frozenset[str] = frozenset()  # casefolded columns that are never questions
    titles: dict[str, str] = field(default_factory=dict)  # column -> question text
    text_columns: tuple[str, ...] = ()  # columns the tool itself marks as open answers


GENERIC = Profile("generic")

_QUALTRICS_META = _fold(
    "StartDate|EndDate|Status|IPAddress|Progress|Duration (in seconds)|Finished|"
    "RecordedDate|ResponseId|RecipientLastName|RecipientFirstName|RecipientEmail|"
    "ExternalReference|ExternalDataReference|LocationLatitude|LocationLongitude|"
    "DistributionChannel|UserLanguage|Q_RecaptchaScore|Q_RelevantIDDuplicate"
)
_LIME_META = _fold(
    "id|token|submitdate|lastpage|startlanguage|seed|startdate|datestamp|ipaddr|refurl|"
    "Response ID|Date submitted|Last page|Start language|Seed|Date started|Date last action|"
    "IP address|Referrer URL|Token"
)
_GOOGLE_TIMESTAMP = _fold("Timestamp|Aikaleima|Tidstämpel|Tidsstämpel")
_GOOGLE_META = _GOOGLE_TIMESTAMP | _fold(
    "Email Address|Email address|Sähköpostiosoite|E-postadress|Score|Pisteet|Poäng"
)
_MS_START = _fold("Start time|Aloitusaika|Starttid|Start tid")
_MS_META = _MS_START | _fold(
    "ID|Tunnus|Completion time|Valmistumisaika|Sluttid|Slutförandetid|Tid för slutförande|"
    "Email|Sähköposti|E-post|Name|Nimi|Namn|Last modified time|Viimeksi muokattu|"
    "Senaste ändringstid|Total points|Quiz feedback|Pisteet yhteensä"
)
_WEBROPOL_ID = _fold(
    "Respondent|Respondent number|Respondent ID|Vastaaja|Vastaajan numero|Vastaajan tunnus|"
    "Svarande|Respondentnummer|Respondent-ID"
)
_WEBROPOL_META = _WEBROPOL_ID | _fold(
    "Response time|Date|Vastausaika|Vastauspäivä|Päivämäärä|Svarstid|Datum|Svarsdatum|"
    "Language|Kieli|Språk|Email|Sähköposti|E-post"
)
_NUMBERED = re.compile(r"^\d+(\.\d+)*\.\s")


def _folded(table: Table) -> list[str]:
    return [h.strip().casefold() for h in table.header]


def _qualtrics(table: Table) -> Profile | None:
    """Three header rows: names, question texts, ImportId JSON."""
    if len(table.rows) < 2 or not any(c.lstrip().startswith('{"ImportId"') for c in table.rows[1]):
        return None
    texts, import_ids = table.rows[0], table.rows[1]
    table.extra_header = table.rows[:2]
    table.rows = table.rows[2:]
    table.first_row += 2
    titles = {h: t.strip() for h, t in zip(table.header, texts, strict=True) if t.strip()}
    open_text = []  # text-entry questions have an ImportId ending in _TEXT
    for name, cell in zip(table.header, import_ids, strict=True):
        try:
            import_id = json.loads(cell).get("ImportId", "") if cell.strip() else ""
        except (ValueError, AttributeError):
            import_id = ""
        if isinstance(import_id, str) and import_id.endswith("_TEXT"):
            open_text.append(name)
    return Profile("qualtrics", ("ResponseId",), _QUALTRICS_META, titles, tuple(open_text))


def _limesurvey(table: Table) -> Profile | None:
    names = set(_folded(table))
    if {"id", "submitdate", "lastpage", "startlanguage"} <= names:
        return Profile("limesurvey", ("id",), _LIME_META)
    if {"response id", "date submitted", "last page", "start language"} <= names:
        return Profile("limesurvey", ("Response ID",), _LIME_META)
    return None


def _google_forms(table: Table) -> Profile | None:
    names = _folded(table)
    if names and names[0] in _GOOGLE_TIMESTAMP:
        return Profile("google-forms", (), _GOOGLE_META)
    return None


def _microsoft_forms(table: Table) -> Profile | None:
    names = _folded(table)
    if names and names[0] in {"id", "tunnus"} and _MS_START & set(names):
        return Profile("microsoft-forms", (table.header[0],), _MS_META)
    return None


def _webropol(table: Table) -> Profile | None:
    names = _folded(table)
    if (
        names
        and names[0] in _WEBROPOL_ID
        and (_WEBROPOL_META & set(names[1:]) or any(_NUMBERED.match(h) for h in table.header))
    ):
        return Profile("webropol", (table.header[0],), _WEBROPOL_META)
    return None


_RECOGNISERS = (_qualtrics, _limesurvey, _microsoft_forms, _google_forms, _webropol)
FORMATS = ("generic", "qualtrics", "limesurvey", "webropol", "google-forms", "microsoft-forms")


def recognise(table: Table) -> Profile:
    """Find the tool that wrote the table (may drop Qualtrics' extra header rows)."""
    for recogniser in _RECOGNISERS:
        profile = recogniser(table)
        if profile is not None:
            return profile
    return GENERIC


def looks_like_open_text(values: list[str]) -> bool:
    """True for a column of free answers rather than choices, numbers or dates."""
    filled = [v.strip() for v in values if v.strip()]
    if not filled:
        return False
    numeric = sum(1 for v in filled if v.replace(".", "", 1).replace(",", "", 1).isdigit())
    if numeric > len(filled) / 2:
        return False
    distinct = len(set(filled)) / len(filled)
    mean_words = sum(len(v.split()) for v in filled) / len(filled)
    return mean_words >= 3 and (distinct >= 0.5 or len(filled) < 4)
