"""Recognise the exports of survey tools and normalise their quirks.

Each tool writes a wide table with its own header rows and metadata columns around the
questions. Knowing the tool lets `coder import` drop the extra header rows (Qualtrics,
SurveyMonkey), take question ids and titles from the export, pick the respondent id column,
and leave metadata columns out when it decides from their content which columns hold open
answers. Every recogniser works on the table as read, whatever the file type (CSV or XLSX).
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from coder.errors import Message, Number
from coder.ingest.table import Table


def _fold(names: str) -> frozenset[str]:
    return frozenset(n.strip().casefold() for n in names.split("|"))


@dataclass
class Profile:
    """What is known about one tool's export."""

    name: str
    id_columns: tuple[str, ...] = ()  # first present one is the respondent id
    metadata: frozenset[str] = frozenset()  # casefolded columns that are never questions
    titles: dict[str, str] = field(default_factory=dict)  # column -> question text
    text_columns: tuple[str, ...] = ()  # columns the tool itself marks as text entry
    choice_columns: tuple[str, ...] = ()  # questions the tool marks as not text entry
    layout: str = ""  # which of the tool's layouts, for the summary
    header_rows: int = 1  # rows of the file read as headers
    row_ids: bool = False  # no respondent id column: row numbers serve as ids
    warnings: list[str | Message] = field(default_factory=list)


GENERIC = Profile("generic")

_QUALTRICS_META = _fold(
    "StartDate|EndDate|Status|IPAddress|Progress|Duration (in seconds)|Finished|"
    "RecordedDate|ResponseId|RecipientLastName|RecipientFirstName|RecipientEmail|"
    "ExternalReference|ExternalDataReference|LocationLatitude|LocationLongitude|"
    "LocationAccuracy|DistributionChannel|UserLanguage|Q_RecaptchaScore|"
    "Q_RelevantIDDuplicate|Q_RelevantIDDuplicateScore|Q_RelevantIDFraudScore|"
    "Q_RelevantIDLastStartDate|ResponseSet|Name|EmailAddress|Q_TotalDuration|"
    "Q_DataPolicyViolations|Q_BallotBoxStuffing"
)
_SURVEYMONKEY_META = _fold(
    "Respondent ID|Collector ID|Start Date|End Date|IP Address|Email Address|First Name|"
    "Last Name|LastName|FirstName|Custom Data|Custom Data 1|Custom Data 2|Custom Data 3"
)
_LIME_META = _fold(
    "id|token|submitdate|lastpage|startlanguage|seed|startdate|datestamp|ipaddr|refurl|"
    "Response ID|Date submitted|Last page|Start language|Seed|Date started|Date last action|"
    "IP address|Referrer URL|Token|interviewtime|Total time"
)
_GOOGLE_TIMESTAMP = _fold(
    "Timestamp|Aikaleima|Tidstämpel|Tidsstämpel|Zeitstempel|Marca temporal|Marca de tiempo|"
    "Horodateur|"
    "Tijdstempel|Informazioni cronologiche|Sygnatura czasowa|Tidsmerke|Tidsstempel|"
    "Carimbo de data/hora|Ajatempel|Tímastimpill|Laiko žyma|Časová značka|Časové razítko|"
    "Időbélyeg|Отметка времени|Позначка часу|Zaman damgası"
)
"""The first heading of a Google Forms export in the languages of its interface."""
_GOOGLE_META = _GOOGLE_TIMESTAMP | _fold(
    "Email Address|Email address|Sähköpostiosoite|E-postadress|Score|Pisteet|Poäng"
)
_MS_START = _fold("Start time|Aloitusaika|Starttid|Start tid|Startzeit")
_MS_META = _MS_START | _fold(
    "ID|Tunnus|Completion time|Valmistumisaika|Sluttid|Slutförandetid|Tid för slutförande|"
    "Email|Sähköposti|E-post|Name|Nimi|Namn|Last modified time|Viimeksi muokattu|"
    "Senaste ändringstid|Total points|Quiz feedback|Pisteet yhteensä|Fertigstellungszeit"
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
_IMPORT_ID = re.compile(r"""^\{\s*['"]ImportId['"]\s*:""")
_LEGACY_V = re.compile(r"^V\d+$")
_LIME_CODE = r"[A-Za-z0-9][\w#]*(?:\[[^\]]*\])*"
"""A LimeSurvey question code: ``G01Q02``, ``G02Q03[other]``, ``Q1_SQ001``, or (2.x) the
``123456X1X2`` SGQA code."""
_LIME_FIRST = re.compile(r"^id([^\w\[]+)\S", re.IGNORECASE)
"""The first heading of a 'code + text' export: ``id`` and the separator the exporter chose
(``. `` by default; ``: ``, `` - ``, ``.`` when changed)."""
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,8})*$")
"""LimeSurvey's start language: ``fi``, ``sv``, ``de-informal``, ``pt-BR``, ``zh-Hans``."""
# Qualtrics' Status: "Survey Preview"/"Survey Test" in current exports, 1/2 in older ones.
_QUALTRICS_NOT_REAL = {"survey preview", "survey test", "spam", "1", "2", "9", "17"}
_QUALTRICS_CHANNELS = {"preview", "test"}


def _folded(table: Table) -> list[str]:
    return [h.strip().casefold() for h in table.header]


def _unique(names: list[str]) -> list[str]:
    """Column names made unique (exports repeat some: 'Q50#1_wedges_TEXT' twice)."""
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _drop_rows(table: Table, count: int) -> list[list[str]]:
    """Take ``count`` rows under the header as further header rows."""
    dropped = table.rows[:count]
    table.extra_header = dropped
    table.rows = table.rows[count:]
    table.first_row += count
    return dropped


def _import_id(cell: str) -> str:
    """The ImportId of a Qualtrics third-row cell, JSON or (2016-17) a Python dict literal."""
    text = cell.strip()
    if not text:
        return ""
    try:
        value = json.loads(text)
    except ValueError:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return ""
    found = value.get("ImportId", "") if isinstance(value, dict) else ""
    return found if isinstance(found, str) else ""


def _qualtrics_checks(table: Table, profile: Profile) -> Profile:
    """Warn about preview and test responses (kept: they are rows of the export)."""
    flagged: set[int] = set()  # rows that are previews or tests
    for column, bad in (
        ("Status", _QUALTRICS_NOT_REAL),
        ("DistributionChannel", _QUALTRICS_CHANNELS),
    ):
        if table.has_column(column):
            index = table.column(column)
            flagged.update(
                n for n, row in enumerate(table.rows) if row[index].strip().casefold() in bad
            )
    if flagged:
        profile.warnings.append(Message("import.warn.qualtrics_previews", n=len(flagged)))
    return profile


def _qualtrics(table: Table) -> Profile | None:
    """Current and 2016-17 layouts: names, question texts, then a row of ImportIds."""
    if len(table.rows) < 2:
        return None
    filled = [c for c in table.rows[1] if c.strip()]
    if not filled or sum(1 for c in filled if _IMPORT_ID.match(c)) < len(filled) / 2:
        return None
    single_quoted = any(c.lstrip().startswith("{'") for c in filled)
    texts, import_ids = _drop_rows(table, 2)
    table.header = _unique(table.header)
    titles = {h: t.strip() for h, t in zip(table.header, texts, strict=False) if t.strip()}
    open_text, choices = [], []  # text entry: ImportId ending in _TEXT (2016-17: -TEXT)
    for name, cell in zip(table.header, import_ids, strict=False):
        import_id = _import_id(cell)
        if re.search(r"[-_]TEXT$", import_id):
            open_text.append(name)
        elif import_id.startswith("QID"):
            choices.append(name)  # a choice, matrix, slider... question (or its Text iQ topics)
    layout = "2016-17 (ImportId row in single quotes)" if single_quoted else "current"
    profile = Profile(
        "qualtrics",
        ("ResponseId", "ResponseID", "_recordId"),
        _QUALTRICS_META,
        titles,
        tuple(open_text),
        tuple(choices),
        layout=layout,
        header_rows=3,
    )
    return _qualtrics_checks(table, profile)


def _qualtrics_legacy(table: Table) -> Profile | None:
    """Legacy layout: a row of V1..Vn (then question codes), then a row of labels."""
    if len(table.header) < 2 or table.header[:2] != ["V1", "V2"] or not table.rows:
        return None
    labels = table.rows[0]
    if not any(c.strip().casefold() == "responseid" for c in labels):
        return None
    _drop_rows(table, 1)
    names = [
        label.strip() if _LEGACY_V.match(code) and label.strip() else code
        for code, label in zip(table.header, labels, strict=False)
    ]
    table.aliases = list(table.header)
    table.header = _unique(names)
    titles = {
        name: label.strip()
        for name, label in zip(table.header, labels, strict=False)
        if label.strip() and label.strip() != name
    }
    profile = Profile(
        "qualtrics",
        ("ResponseID",),
        _QUALTRICS_META,
        titles,
        layout="legacy (V1..Vn row, then labels)",
        header_rows=2,
    )
    return _qualtrics_checks(table, profile)


def _surveymonkey(table: Table) -> Profile | None:
    """Two header rows: questions (blank over a question's further columns), then answers.

    Found by its English id headings with an answer row under them, or, in an account of
    another language, by its shape: a second row blank under the respondent and collector
    ids and naming answers further on, over rows whose first two cells are those ids."""
    names = _folded(table)
    if len(table.rows) < 2 or len(names) < 3:
        return None
    sub = table.rows[0]
    if {"respondent id", "collector id"} <= set(names):
        if not any(c.strip() for c in sub[2:]) or sub[0].strip() or sub[1].strip():
            return None
    elif not _surveymonkey_shape(table):
        return None
    metadata = _SURVEYMONKEY_META | frozenset(names[:2])
    _drop_rows(table, 1)
    questions: list[str] = []
    for heading in table.header:
        questions.append(heading.strip() or (questions[-1] if questions else ""))
    width = Counter(questions)
    columns = [
        # a question of one column is named by itself; a further column by its answer too
        question if width[question] == 1 or not answer.strip() else f"{question} - {answer.strip()}"
        for question, answer in zip(questions, sub, strict=False)
    ]
    table.header = _unique(columns)
    titles = dict(zip(table.header, columns, strict=True))
    return Profile(
        "surveymonkey",
        (table.header[0],),
        metadata,
        titles,
        layout="question row, then answer row",
        header_rows=2,
    )


def _surveymonkey_shape(table: Table) -> bool:
    """SurveyMonkey's layout whatever its language: ids in the first two columns (named in
    the first row, blank in the second, whole numbers below), and answers named in the
    second row under the questions."""
    sub, data = table.rows[0], table.rows[1:]
    if not (table.header[0].strip() and table.header[1].strip()):
        return False
    labels = [c.strip() for c in sub[2:] if c.strip()]
    if sub[0].strip() or sub[1].strip() or not labels:
        return False
    if any(_NUMBER.match(c) or _DATE.match(c) for c in labels):
        return False  # a respondent's answers, not the names of answers
    return all(
        row[0].strip().isdigit() and row[1].strip().isdigit() and len(row[0].strip()) >= 8
        for row in data
    )


def _limesurvey(table: Table) -> Profile | None:
    """By its English headings (the export form may leave out every column but the id and
    the submit date), its 'code + text' headings, or the content of its first columns."""
    folded = _folded(table)
    names = set(folded)
    first_name = folded[0] if folded else ""
    if {"id", "submitdate", "lastpage", "startlanguage"} <= names or (
        first_name == "id" and "submitdate" in names
    ):
        return Profile("limesurvey", ("id",), _LIME_META, layout="question codes")
    if {"response id", "date submitted", "last page", "start language"} <= names or (
        first_name == "response id" and "date submitted" in names
    ):
        return Profile("limesurvey", ("Response ID",), _LIME_META, layout="full question texts")
    first = _LIME_FIRST.match(table.header[0]) if table.header else None
    if first is None:
        return _limesurvey_by_content(table)
    heading = re.compile(f"^({_LIME_CODE}){re.escape(first.group(1))}(.+)$", re.DOTALL)
    parts = [heading.match(h) for h in table.header]
    codes = {m.group(1).casefold() for m in parts if m}
    if not {"id", "submitdate"} <= codes or sum(1 for m in parts if m) < len(parts) / 2:
        return _limesurvey_by_content(table)
    table.aliases = list(table.header)
    table.header = _unique(
        [m.group(1) if m else h for m, h in zip(parts, table.header, strict=True)]
    )
    titles = {name: m.group(2).strip() for name, m in zip(table.header, parts, strict=True) if m}
    return Profile(
        "limesurvey",
        ("id",),
        _LIME_META,
        titles,
        layout=f"'code{first.group(1)}Question text' headings",
    )


def _limesurvey_by_content(table: Table) -> Profile | None:
    """Headings in another language than English ('Antwort ID', 'Vastauksen ID'...).

    LimeSurvey translates its own headings into the export's language, but always begins
    with the same four columns: the response id (distinct whole numbers), the submit date
    (blank for an unfinished response), the last page (a number) and the start language
    (``fi``, ``de-informal``...). Those four, in that order, recognise it in any language.
    """
    if len(table.header) < 5 or not table.rows:
        return None
    columns = [[row[i].strip() for row in table.rows] for i in range(4)]
    ids, submitted, last_page, language = columns
    if not all(v.isdigit() for v in ids) or len(set(ids)) != len(ids):
        return None
    if not all(_DATE.match(v) for v in submitted if v) or not any(submitted):
        return None
    if not all(v.isdigit() for v in last_page if v):
        return None
    if not any(language) or not all(_LANGUAGE_CODE.match(v) for v in language if v):
        return None
    own = frozenset(h.strip().casefold() for h in table.header[:4])
    return Profile(
        "limesurvey",
        (table.header[0],),
        _LIME_META | own,
        layout="headings in the export's language (found by its first four columns)",
    )


_DATE_AND_TIME = re.compile(r"\d[ T]\d{1,2}[:.]\d{2}")


def _filled(table: Table, index: int) -> list[str]:
    return [row[index].strip() for row in table.rows if row[index].strip()]


def _date_times(values: list[str]) -> bool:
    """Every value a date with a time ('2024/05/01 12:00:00', '5/1/24 12:05:00', and in a
    Finnish locale '1.5.2024 12.00.00')."""
    return bool(values) and all(_DATE.match(v) and _DATE_AND_TIME.search(v) for v in values)


def _google_forms(table: Table) -> Profile | None:
    """A first column of submission times and no respondent id: by its heading in the
    languages above, or, in another language, by every row holding a date and time there."""
    names = _folded(table)
    if names and names[0] in _GOOGLE_TIMESTAMP:
        return Profile("google-forms", (), _GOOGLE_META, row_ids=True)
    if len(names) < 2 or not table.rows:
        return None
    times = [row[0].strip() for row in table.rows]
    if not all(times) or not _date_times(times):
        return None
    return Profile(
        "google-forms",
        (),
        _GOOGLE_META | {names[0]},
        row_ids=True,
        layout="a first column of submission times, its heading in another language",
    )


def _microsoft_forms(table: Table) -> Profile | None:
    """``ID``, start time, completion time, e-mail, name: by name in English, Finnish and
    Swedish, and in any other language by content (whole-number ids, then two columns of
    date-times), since Forms names its columns in its user's language."""
    names = _folded(table)
    if names and names[0] in {"id", "tunnus"} and _MS_START & set(names):
        return Profile("microsoft-forms", (table.header[0],), _MS_META)
    if len(names) < 4 or not table.rows:
        return None
    ids = [row[0].strip() for row in table.rows]
    if not all(v.isdigit() for v in ids) or len(set(ids)) != len(ids):
        return None
    if not (_date_times(_filled(table, 1)) and _date_times(_filled(table, 2))):
        return None
    own = frozenset(names[:3])
    extra = frozenset(names[3:5]) if len(names) > 5 else frozenset()  # its e-mail and name
    return Profile(
        "microsoft-forms",
        (table.header[0],),
        _MS_META | own | extra,
        layout="headings in its user's language (found by its id and time columns)",
    )


def _webropol(table: Table) -> Profile | None:
    names = _folded(table)
    if (
        names
        and names[0] in _WEBROPOL_ID
        and (_WEBROPOL_META & set(names[1:]) or any(_NUMBERED.match(h) for h in table.header))
    ):
        return Profile("webropol", (table.header[0],), _WEBROPOL_META)
    return None


_RECOGNISERS = (
    _qualtrics,
    _qualtrics_legacy,
    _surveymonkey,
    _limesurvey,
    _microsoft_forms,
    _google_forms,
    _webropol,
)
FORMATS = (
    "generic",
    "qualtrics",
    "surveymonkey",
    "limesurvey",
    "webropol",
    "google-forms",
    "microsoft-forms",
)


def recognise(table: Table) -> Profile:
    """Find the tool that wrote the table; its extra header rows are moved off the data."""
    for recogniser in _RECOGNISERS:
        profile = recogniser(table)
        if profile is not None:
            return profile
    return Profile("generic")


# --- which rows are headers, which columns hold open answers ---------------------------------


def header_like(row: list[str], known: set[str]) -> bool:
    """Whether a data row is really a header or metadata row (column names, ImportIds, V1..)."""
    if known.isdisjoint(row) and not row[0].lstrip().startswith(("{", "V")):
        return False  # no cell is a column name as written, nor an ImportId or V1..Vn
    filled = [c.strip().casefold() for c in row if c.strip()]
    if len(filled) < 2:
        return False
    hits = sum(1 for c in filled if c in known or _IMPORT_ID.match(c) or _LEGACY_V.match(c))
    return hits >= 2 and hits >= len(filled) / 2


def header_names(table: Table, profile: Profile) -> set[str]:
    """Casefolded names and titles a header row would repeat."""
    names = {*table.header, *table.aliases, *profile.titles.values()}
    for extra in table.extra_header:
        names.update(extra)
    stripped = {n.strip() for n in names if n.strip()}
    return stripped | {n.casefold() for n in stripped}  # as written, for a cheap first look


_NUMBER = re.compile(r"^[-+]?\d[\d\s]*([.,]\d+)*\s*%?$")
_DATE = re.compile(
    r"^(?=.*\d)(\d{1,4}[-./]\d{1,2}[-./]\d{1,4})?[ T]?(\d{1,2}[:.]\d{2}([:.]\d{2}([.,]\d+)?)?)?"
    r"\s*([AP]M)?\s*(Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL_OR_IP = re.compile(r"^(https?://\S+|\d{1,3}(\.\d{1,3}){3})$", re.IGNORECASE)
_TOKEN_ID = re.compile(r"^(?=.*\d)[\w:.\-]+$")
_MIN_WORDS = 3  # mean words of a column of free text...
_MIN_CHARS = 20  # ...or mean characters
_MIN_VARIETY = 0.5  # distinct values per answer, from four answers on
_SHARED_SHARE = 0.5  # share of values that recur in other columns: those are choice labels
_FEW_ANSWERS = 5  # from this many answers on, a column of short ones may show its variety...
_SHORT_VARIETY = 0.8  # ...by this share of distinct values
SHORT_ANSWERS = "import.skip.short"
MARKUP_OPTIONS = Message("import.skip.markup_options")


def shared_values(table: Table, skip: set[int]) -> set[str]:
    """Values found in three or more columns: the labels of choices, not free text."""
    columns_of: dict[str, set[int]] = {}
    for row in table.rows:
        for index, cell in enumerate(row):
            value = cell.strip()
            if value and index not in skip:
                columns_of.setdefault(value, set()).add(index)
    return {value for value, columns in columns_of.items() if len(columns) >= 3}


def _mostly(values: list[str], pattern: re.Pattern[str]) -> bool:
    return sum(1 for v in values if pattern.match(v)) > len(values) / 2


def not_open_text(values: list[str], shared: set[str], marked: bool = False) -> Message | None:
    """Why a column is not one of open answers (None when it is).

    Free text has some length and variety: not numbers, dates, e-mail addresses, ids, or the
    same few choices again and again. A column the tool itself marks as text entry (`marked`)
    need only hold words.
    """
    filled = [v.strip() for v in values if v.strip()]
    if not filled:
        return Message("import.skip.empty")
    for pattern, what in (
        (_NUMBER, Message("import.skip.numbers")),
        (_DATE, Message("import.skip.dates")),
        (_EMAIL, Message("import.skip.emails")),
        (_URL_OR_IP, Message("import.skip.addresses")),
    ):
        if _mostly(filled, pattern):
            return what
    if not any(ch.isalpha() for v in filled for ch in v):
        return Message("import.skip.no_words")
    if marked:
        return None
    distinct = len(set(filled))
    if distinct == len(filled) and _mostly(filled, _TOKEN_ID) and " " not in "".join(filled):
        return Message("import.skip.ids")
    if sum(1 for v in filled if v in shared) >= len(filled) * _SHARED_SHARE:
        return Message("import.skip.shared_choices")
    if len(filled) >= 4 and distinct / len(filled) < _MIN_VARIETY:
        return Message("import.skip.choices", distinct=distinct, n=len(filled))
    words = sum(len(v.split()) for v in filled) / len(filled)
    chars = sum(len(v) for v in filled) / len(filled)
    if words < _MIN_WORDS and chars < _MIN_CHARS:
        # short answers ("Tasa-arvoa", "Tidsbrist") are free text when nearly all differ
        if len(filled) >= _FEW_ANSWERS and distinct / len(filled) >= _SHORT_VARIETY:
            return None
        return Message(SHORT_ANSWERS, words=Number(words, 1))
    return None
