"""Write the survey-export variants next to this file (run with the project's Python).

Each file is made here, not copied, and follows the layout of a public tool or version named
in ``VARIANTS``: what that tool writes that coder's first fixtures did not (another heading
language, a separator the exporter lets the user choose, old Mac line ends and encoding).
``tests/ingest/test_other_versions.py`` imports each and checks what it reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

HERE = Path(__file__).parent

ANSWERS = [
    "Kursen var bra men lärarna hade för lite tid för handledning.",
    "Opetus oli hyvää, mutta ryhmät olivat liian suuria ja tilat ahtaita.",
    "Teaching was fine; the fees and the admin were not great at all.",
    "Mer tid för handledning och färre föreläsningar skulle hjälpa.",
    "Enemmän pienryhmäopetusta ja palautetta tehtävistä, kiitos.",
    "More feedback on assignments, and earlier in the course please.",
]
"""Open answers in sv/fi/en; the second question gets them in reverse order."""
LANGUAGES = ["sv", "fi", "en", "sv", "fi", "en"]


def _csv(rows: list[list[str]], delimiter: str = ",", quote_all: bool = False) -> str:
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _limesurvey_rows(head: list[str], seed: bool = True) -> list[list[str]]:
    """LimeSurvey's first columns (id, submitdate, lastpage, startlanguage[, seed]), one
    choice question answered with answer codes, then two free-text questions; respondent 4
    stopped on page 1 (no submit date, no answers)."""
    rows = [head]
    for i, answer in enumerate(ANSWERS):
        done = i != 3
        row = [str(i + 1), f"2024-05-0{i + 1} 12:0{i}:00" if done else "", "2" if done else "1"]
        row.append(LANGUAGES[i])
        if seed:
            row.append(str(1234567 + 7 * i))
        row += ["A1" if i % 2 else "A2", answer if done else "", ANSWERS[5 - i] if done else ""]
        rows.append(row)
    return rows


def limesurvey_codetext_colon() -> bytes:
    """LimeSurvey 3-6 "Question code & question text" headings with ': ' as the code/text
    separator (the export form's ``codetextseparator`` field; ``. `` by default), UTF-8 with
    BOM, every cell quoted, CRLF (application/helpers/admin/export/CsvWriter.php)."""
    sep = ": "
    head = [
        f"id{sep}Response ID",
        f"submitdate{sep}Date submitted",
        f"lastpage{sep}Last page",
        f"startlanguage{sep}Start language",
        f"seed{sep}Seed",
        f"G01Q01{sep}How did you study?",
        f"G01Q02{sep}What was good about the course?",
        f"G01Q03{sep}What should change?",
    ]
    return b"\xef\xbb\xbf" + _csv(_limesurvey_rows(head), quote_all=True).encode()


def limesurvey_sgqa_dash() -> bytes:
    """LimeSurvey 2.x: question codes as SGQA (``<survey>X<group>X<question>``), headings
    "code - text" with ' - ' chosen as the separator, ';' between cells (the 2.x CsvWriter's
    separator), no seed column."""
    sep = " - "
    head = [
        f"id{sep}Response ID",
        f"submitdate{sep}Date submitted",
        f"lastpage{sep}Last page",
        f"startlanguage{sep}Start language",
        f"583921X1X1{sep}How did you study?",
        f"583921X1X2{sep}What was good about the course?",
        f"583921X1X3{sep}What should change?",
    ]
    rows = _limesurvey_rows(head, seed=False)
    return b"\xef\xbb\xbf" + _csv(rows, ";", quote_all=True).encode()


def limesurvey_full_german() -> bytes:
    """LimeSurvey "Full question text" headings exported in German: the tool translates its
    own headings into the export's language (Writer.php's translator), so none of the
    English names ('Response ID', 'Date submitted'...) is there."""
    head = [
        "Antwort ID",
        "Datum Abgeschickt",
        "Letzte Seite",
        "Start-Sprache",
        "Zufallsstartwert",
        "Wie haben Sie gelernt?",
        "Was war gut am Kurs?",
        "Was sollte sich ändern?",
    ]
    return b"\xef\xbb\xbf" + _csv(_limesurvey_rows(head), ";", quote_all=True).encode()


def limesurvey_abbreviated_finnish() -> bytes:
    """LimeSurvey "Abbreviated question text" headings in Finnish: question texts cut to 15
    characters with '.. ' (Writer::getAbbreviatedHeading), the tool's own headings in
    Finnish too."""
    head = [
        "Vastauksen ID",
        "Lähetyspäivä",
        "Viimeinen sivu",
        "Aloituskieli",
        "Siemenluku",
        "Miten opiskeli.. ",
        "Mikä kurssissa .. ",
        "Mitä pitäisi m.. ",
    ]
    return b"\xef\xbb\xbf" + _csv(_limesurvey_rows(head), ";", quote_all=True).encode()


def google_forms_french() -> bytes:
    """Google Forms' CSV download for a form owner whose interface is in French: the first
    heading is 'Horodateur', then the questions; no respondent id."""
    rows = [["Horodateur", "Qu'avez-vous aimé ?", "Que faudrait-il changer ?"]]
    rows += [
        [f"2024/05/0{i + 1} 12:0{i}:00 PM UTC+3", a, ANSWERS[5 - i]] for i, a in enumerate(ANSWERS)
    ]
    return _csv(rows).encode()


def google_forms_romanian() -> bytes:
    """Google Forms in a language whose timestamp heading coder does not list ('Marca
    temporală'): recognised by the submission times in the first column, written as a
    spreadsheet in a Finnish locale shows them (dots in the time too)."""
    rows = [["Marca temporală", "Ce v-a plăcut?", "Ce ar trebui schimbat?"]]
    rows += [[f"1.5.2024 12.0{i}.00", a, ANSWERS[5 - i]] for i, a in enumerate(ANSWERS)]
    return _csv(rows).encode()


def microsoft_forms_french(path: Path) -> None:
    """Microsoft Forms' "Open in Excel" workbook for a French user: 'ID', 'Heure de début',
    'Heure de fin', 'Adresse de messagerie', 'Nom', then the questions; real date-time
    cells, 'anonymous' for e-mail."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(
        [
            "ID",
            "Heure de début",
            "Heure de fin",
            "Adresse de messagerie",
            "Nom",
            "Qu'avez-vous aimé ?",
            "Que faudrait-il changer ?",
        ]
    )
    for i, answer in enumerate(ANSWERS):
        start = dt.datetime(2024, 5, 1 + i, 12, i, 0)
        end = start + dt.timedelta(minutes=4)
        sheet.append([i + 1, start, end, "anonymous", None, answer, ANSWERS[5 - i]])
    book.save(path)


def excel_mac_csv() -> bytes:
    """Excel 2011 for Mac's "CSV (Macintosh)": lines end in a lone CR and the text is Mac
    Roman (its å ä ö are bytes cp1252 reads as Œ Š š); ';' as in a Nordic locale."""
    rows = [["respondent", "kommentar", "yrke"]]
    rows += [[f"R{i + 1}", a, "lärare" if i % 2 else "forskare"] for i, a in enumerate(ANSWERS)]
    return _csv(rows, ";").replace("\r\n", "\r").encode("mac-roman")


def _surveymonkey_rows(head: list[str], sub: list[str], date: str) -> list[list[str]]:
    rows = [head, sub]
    for i, answer in enumerate(ANSWERS):
        ids = [str(114_000_000_00 + 17 * i), "431234567", date, date, f"192.0.2.{i + 1}"]
        rows.append(ids + ["", "", "", "", answer, ANSWERS[5 - i], f"Fler övningar {i + 1}."])
    return rows


def surveymonkey_textboxes() -> bytes:
    """SurveyMonkey's "All individual responses" CSV of a survey whose open questions are a
    "Multiple Textboxes" and a "Comment Box" with custom labels: its answer row names the
    boxes ('Textbox 1'...) and never says 'Response' or 'Open-Ended Response'."""
    head = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
        "What was good about the course?",
        "",
        "Anything else?",
    ]
    sub = [""] * 9 + ["Textbox 1", "Textbox 2", "Comments"]
    return _csv(_surveymonkey_rows(head, sub, "05/01/2024 12:00:00 PM")).encode()


def surveymonkey_swedish() -> bytes:
    """SurveyMonkey in a Swedish-language account: its own headings and answer labels in
    Swedish, ';' between cells as Excel in a Swedish locale saves it."""
    head = [
        "Respondent-ID",
        "Insamlar-ID",
        "Startdatum",
        "Slutdatum",
        "IP-adress",
        "E-postadress",
        "Förnamn",
        "Efternamn",
        "Anpassade data 1",
        "Vad var bra med kursen?",
        "",
        "Övrigt?",
    ]
    sub = [""] * 9 + ["Svar 1", "Svar 2", "Svar"]
    rows = _surveymonkey_rows(head, sub, "2024-05-01 12:00:00")
    return b"\xef\xbb\xbf" + _csv(rows, ";").encode()


VARIANTS = {
    "surveymonkey_textboxes.csv": surveymonkey_textboxes,
    "surveymonkey_swedish.csv": surveymonkey_swedish,
    "limesurvey_codetext_colon.csv": limesurvey_codetext_colon,
    "limesurvey2_sgqa_dash.csv": limesurvey_sgqa_dash,
    "limesurvey_full_german.csv": limesurvey_full_german,
    "limesurvey_abbreviated_finnish.csv": limesurvey_abbreviated_finnish,
    "google_forms_french.csv": google_forms_french,
    "google_forms_romanian.csv": google_forms_romanian,
    "excel_mac.csv": excel_mac_csv,
}


def make_variants(out: Path = HERE) -> list[Path]:
    """Write every variant into ``out``; the paths written."""
    written = []
    for name, make in VARIANTS.items():
        path = out / name
        path.write_bytes(make())
        written.append(path)
    path = out / "microsoft_forms_french.xlsx"
    microsoft_forms_french(path)
    written.append(path)
    return written


if __name__ == "__main__":
    for written in make_variants():
        print(written.name)
