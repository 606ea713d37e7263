"""Write the survey-tool layout fixtures next to this file (CSV; the tests make XLSX copies).

Each file reproduces the header rows and metadata columns of one tool's export, with answers
written for coder's tests. Run with the project's Python when a layout needs to change; the
CSV files are committed.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

HERE = Path(__file__).parent

UNIVERSITIES = [
    "Helsingin yliopisto",
    "Åbo Akademi",
    "Aalto-yliopisto",
    "Hanken",
    "Oulun yliopisto",
]
GROUPS = [
    "Opetushenkilöstö",
    "Muu henkilöstö",
    "Opetushenkilöstö",
    "Muu henkilöstö",
    "Opetushenkilöstö",
]
CHALLENGES = [
    "Resurssit eivät riitä uusien opintojaksojen suunnitteluun, ja opettajien aika on kortilla.",
    "Det saknas en gemensam definition av vad en mikrokvalifikation egentligen är.",
    "Administrative systems do not support short courses, so every course is a special case.",
    "Markkinointi ei tavoita työelämässä olevia aikuisia, joille kurssit on tarkoitettu.",
    "Vi har för lite personal på servicesidan och systemen är tungrodda.",
]
PRACTICES = [
    "Yhteiset työpajat työnantajien kanssa ennen kurssin suunnittelua.",
    "Samarbete med branschorganisationer när kurserna planeras.",
    "",
    "Pedagogisen tukiyksikön apu verkkototeutuksissa on ollut korvaamatonta.",
    "Regular meetings with employers and an alumni network that gives feedback.",
]
OTHER_GROUP = ["", "", "Projektikoordinaattori", "", "Bibliotekarie vid campusbiblioteket"]


def _write(name: str, rows: list[list[str]], bom: bool = False) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as fh:
        if bom:
            fh.write(codecs.BOM_UTF8.decode("utf-8"))
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def qualtrics_2017() -> None:
    """2016-17: names, question texts, then {'ImportId': ...} in single quotes; Status 0/1."""
    meta = [
        "ResponseID",
        "ResponseSet",
        "IPAddress",
        "StartDate",
        "EndDate",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalDataReference",
        "Finished",
        "Status",
    ]
    meta_ids = [
        "responseId",
        "responseSetId",
        "ipAddress",
        "startDate",
        "endDate",
        "panel-RecipientLastName",
        "panel-RecipientFirstName",
        "panel-RecipientEmail",
        "panel-ExternalDataReference",
        "finished",
        "status",
    ]
    names = [
        *meta,
        "Q1",
        "Q2",
        "Q3",
        "Q3_3_TEXT",
        "Q4",
        "LocationLatitude",
        "LocationLongitude",
        "LocationAccuracy",
    ]
    texts = [
        *meta,
        "Vid vilket universitet arbetar du?",
        "Vilka är de största utmaningarna i utvecklingen av mikrokvalifikationer?",
        "Personalgrupp",
        "Personalgrupp-Annan, vilken?-TEXT",
        "Vilka arbetssätt har fungerat väl?",
        "LocationLatitude",
        "LocationLongitude",
        "LocationAccuracy",
    ]
    ids = [
        *meta_ids,
        "QID1",
        "QID2-TEXT",
        "QID3",
        "QID3-3-TEXT",
        "QID4-TEXT",
        "Location-LocationLatitude",
        "Location-LocationLongitude",
        "Location-LocationAccuracy",
    ]
    rows = [names, texts, [f"{{'ImportId': '{i}'}}" for i in ids]]
    for n in range(5):
        rows.append(
            [
                f"R_3kT{n}xQmZ2aB{n}",
                "Default Response Set",
                f"130.232.1.{n + 10}",
                f"2016-11-0{n + 1} 09:1{n}:41",
                f"2016-11-0{n + 1} 09:2{n}:05",
                "",
                "",
                "",
                "",
                "1",
                "1" if n == 4 else "0",
                str(n % 3 + 1),
                CHALLENGES[n],
                "3" if OTHER_GROUP[n] else str(n % 2 + 1),
                OTHER_GROUP[n],
                PRACTICES[n],
                "60.4518",
                "22.2666",
                "-1",
            ]
        )
    _write("qualtrics_2017.csv", rows)


def qualtrics_legacy() -> None:
    """Legacy: a V1..V10 row with question codes after it, then a row of labels; BOM."""
    labels = [
        "ResponseID",
        "ResponseSet",
        "Name",
        "ExternalDataReference",
        "EmailAddress",
        "IPAddress",
        "Status",
        "StartDate",
        "EndDate",
        "Finished",
    ]
    rows = [
        [
            *[f"V{i}" for i in range(1, 11)],
            "Q1",
            "Q2",
            "Q3",
            "LocationLatitude",
            "LocationLongitude",
            "LocationAccuracy",
        ],
        [
            *labels,
            "Vid vilket universitet arbetar du?",
            "Vilka är de största utmaningarna i utvecklingen av mikrokvalifikationer?",
            "Vilka arbetssätt har fungerat väl?",
            "LocationLatitude",
            "LocationLongitude",
            "LocationAccuracy",
        ],
    ]
    for n in range(5):
        rows.append(
            [
                f"R_9xLm{n}Qp",
                "Default Response Set",
                "Anonymous",
                "",
                "",
                f"193.166.2.{n}",
                "0",
                f"2015-03-1{n} 10:00:00",
                f"2015-03-1{n} 10:09:00",
                "1",
                str(n % 3 + 1),
                CHALLENGES[n],
                PRACTICES[n],
                "60.1699",
                "24.9384",
                "-1",
            ]
        )
    _write("qualtrics_legacy.csv", rows, bom=True)


def surveymonkey() -> None:
    """Two header rows: questions (blank over further answer columns), then answers."""
    meta = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    rows = [
        [
            *meta,
            "Vid vilket universitet arbetar du?",
            "Vilka är de största utmaningarna i utvecklingen av mikrokvalifikationer?",
            "Vilka kanaler använder ni för marknadsföring?",
            "",
            "",
            "",
            "Vilka arbetssätt har fungerat väl?",
        ],
        [
            *[""] * len(meta),
            "Response",
            "Open-Ended Response",
            "Webbplats",
            "Sociala medier",
            "Nyhetsbrev",
            "Annat (ange)",
            "Open-Ended Response",
        ],
    ]
    channels = [
        ("Webbplats", "", "", ""),
        ("", "Sociala medier", "", ""),
        ("Webbplats", "Sociala medier", "", "Alumnföreningens evenemang"),
        ("", "", "Nyhetsbrev", ""),
        ("Webbplats", "", "Nyhetsbrev", ""),
    ]
    for n in range(5):
        rows.append(
            [
                str(11400000000 + n * 7919),
                "431856211",
                f"10/0{n + 1}/2025 09:12:41 AM",
                f"10/0{n + 1}/2025 09:31:05 AM",
                f"88.113.4.{n}",
                "",
                "",
                "",
                "",
                UNIVERSITIES[n % 3],
                CHALLENGES[n],
                *channels[n],
                PRACTICES[n],
            ]
        )
    _write("surveymonkey.csv", rows)


LIME_META = [
    ("id", "Response ID"),
    ("submitdate", "Date submitted"),
    ("lastpage", "Last page"),
    ("startlanguage", "Start language"),
    ("seed", "Seed"),
    ("startdate", "Date started"),
    ("datestamp", "Date last action"),
]
LIME_QUESTIONS = [
    ("G01Q01", "Vilket universitet arbetar du vid?"),
    ("G01Q02", "Vilka är de största utmaningarna?"),
    ("G02Q03[SQ001]", "Vilka kanaler använder ni? [Webbplats]"),
    ("G02Q03[other]", "Vilka kanaler använder ni? [Annat]"),
    ("G02Q04", "Vilka arbetssätt har fungerat väl?"),
]


def _lime_rows() -> list[list[str]]:
    rows = []
    for n in range(5):
        rows.append(
            [
                str(n + 1),
                f"2025-10-0{n + 1} 08:31:12",
                "3",
                ["fi", "sv", "en"][n % 3],
                str(1832764512 + n),
                f"2025-10-0{n + 1} 08:22:40",
                f"2025-10-0{n + 1} 08:31:12",
                UNIVERSITIES[n % 3],
                CHALLENGES[n],
                "Ja" if n % 2 else "Nej",
                OTHER_GROUP[n],
                PRACTICES[n],
            ]
        )
    return rows


def limesurvey() -> None:
    """The three heading styles of LimeSurvey's export: full texts, code-dot-text."""
    pairs = [*LIME_META, *LIME_QUESTIONS]
    _write("limesurvey_fulltext.csv", [[text for _, text in pairs], *_lime_rows()])
    _write("limesurvey_codetext.csv", [[f"{c}. {t}" for c, t in pairs], *_lime_rows()])


if __name__ == "__main__":
    qualtrics_2017()
    qualtrics_legacy()
    surveymonkey()
    limesurvey()
