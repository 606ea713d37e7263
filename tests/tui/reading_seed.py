"""More answers for the reading and near-duplicate tests: a long answer and near-duplicates."""

from __future__ import annotations

from coder.store.models import Answer, Respondent, RespondentAttribute
from coder.store.project import Project

SENTENCES = [
    "Resurserna räcker inte till för att bygga upp nya kurser och ingen har tid att planera.",
    "Vi vet inte vem som ska betala för utvecklingen när finansieringen tar slut efter projektet.",
    "Arbetsgivarna känner inte till mikromeriter och studenterna vet inte varför de ska välja dem.",
    "Begreppet är oklart och samsynen mellan universiteten saknas helt i praktiken.",
    "Lärarna har redan för mycket undervisning och forskningstiden krymper varje år.",
]
LAST_WORDS = "and that is the very last sentence of this long answer"


def long_text(target: int = 3500) -> str:
    """About ``target`` characters of numbered sentences, ending in :data:`LAST_WORDS`."""
    parts: list[str] = []
    n = 0
    while sum(len(p) + 1 for p in parts) < target - len(LAST_WORDS) - 20:
        parts.append(f"({n + 1}) {SENTENCES[n % len(SENTENCES)]}")
        n += 1
    parts.append(LAST_WORDS + ".")
    return " ".join(parts)


EXTRA: list[tuple[str, str, str]] = [
    ("R009", "sv", long_text()),
    ("R010", "en", "Not enough time to plan the courses."),
    ("R011", "en", "not enough time to plan the courses!"),
    ("R012", "en", "Not enough time to plan the course."),
    ("R013", "en", "Not enough tme to plan the courses"),
    ("R014", "en", "NOT ENOUGH TIME TO PLAN THE COURSES."),
    ("R015", "fi", "eos"),
    ("R016", "sv", "En vet."),
    ("R017", "en", "no comment"),
    ("R018", "fi", "-"),
]
"""R010 has four near-duplicates (R011-R014); R015-R018 are non-answers in three languages
(with R006's "En osaa sanoa." they make five)."""


def add_answers(project: Project, rows: list[tuple[str, str, str]] = EXTRA) -> None:
    """Append answers to Q1 after the small project's eight."""
    with project.session() as s:
        start = s.query(Answer).count()
        for i, (rid, lang, text) in enumerate(rows, start=start):
            s.add(Respondent(id=rid, position=i))
            s.flush()
            s.add(RespondentAttribute(respondent_id=rid, name="university", value="HY"))
            s.add(Answer(respondent_id=rid, question_id="Q1", text=text, language=lang, position=i))
