"""Write the XLSX fixtures (Webropol and Microsoft Forms exports) next to this file.

Run with the project's Python when the fixtures need to change; the .xlsx files are committed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent


def webropol() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Vastaukset"
    sheet.append(
        [
            "Vastaaja",
            "Vastausaika",
            "1. Yliopisto",
            "2. Henkilöstöryhmä",
            "3. Mitkä ovat suurimmat haasteet mikrotutkintojen kehittämisessä?",
            "4. Miten yliopistonne käy vuoropuhelua työelämän kanssa?",
        ]
    )
    rows = [
        (
            1,
            dt.datetime(2025, 10, 13, 8, 55),
            "Turun yliopisto",
            "Muu henkilöstö",
            "Opintohallinnon järjestelmät eivät tue pieniä kokonaisuuksia.",
            "Säännölliset tapaamiset alueen yritysten kanssa.",
        ),
        (
            2,
            dt.datetime(2025, 10, 13, 12, 1),
            "Åbo Akademi",
            "Opetus- ja tutkimushenkilöstö",
            "Vi har inte tillräckligt med resurser för att planera nya kurser.",
            None,
        ),
        (
            3,
            dt.datetime(2025, 10, 14, 16, 40),
            "Vaasan yliopisto",
            "Muu henkilöstö",
            "Unclear responsibilities and no shared strategy across the faculties.",
            "Advisory boards with employers meet twice a year.",
        ),
    ]
    for row in rows:
        sheet.append(list(row))
    report = book.create_sheet("Raportti")
    report.append(["Kysymys", "Vastauksia"])
    report.append(["3. Mitkä ovat suurimmat haasteet mikrotutkintojen kehittämisessä?", 3])
    book.save(HERE / "webropol.xlsx")


def microsoft_forms() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "University",
            "What would make the continuous-learning offering more customer-oriented?",
        ]
    )
    rows = [
        (
            1,
            dt.datetime(2025, 10, 20, 9, 1, 5),
            dt.datetime(2025, 10, 20, 9, 6, 40),
            "anonymous",
            None,
            None,
            "LUT University",
            "Ask employers what skills they need before planning the courses.",
        ),
        (
            2,
            dt.datetime(2025, 10, 20, 11, 30, 0),
            dt.datetime(2025, 10, 20, 11, 41, 12),
            "anonymous",
            None,
            None,
            "Tampere University",
            "Kurssit pitäisi voida suorittaa työn ohessa iltaisin ja verkossa.",
        ),
        (
            3,
            dt.datetime(2025, 10, 21, 8, 12, 51),
            dt.datetime(2025, 10, 21, 8, 15, 2),
            "anonymous",
            None,
            None,
            "Hanken",
            None,
        ),
        (
            4,
            dt.datetime(2025, 10, 21, 14, 3, 9),
            dt.datetime(2025, 10, 21, 14, 9, 30),
            "anonymous",
            None,
            None,
            "Åbo Akademi",
            "En gemensam portal där alla kurser syns skulle hjälpa kunderna.",
        ),
    ]
    for row in rows:
        sheet.append(list(row))
    book.save(HERE / "microsoft_forms.xlsx")


if __name__ == "__main__":
    webropol()
    microsoft_forms()
