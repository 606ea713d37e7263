"""Regenerate the demo survey and the two demo coders' codings from ``phrases.yaml``.

The demo data files are committed; this script is how they were made, so they can be remade
(``python -m coder.demo.generate``) after the sentence bank changes. It is seeded, so the same
bank gives the same files. Each answer is composed from sentences of known codes, which gives
every answer a "true" code set; the coders ``anna`` and ``ben`` code parts of some questions
starting from it, with the slips real coders make (a missed second code, a neighbouring code,
the parent code instead of the sub-code), so their agreement lands in a realistic range.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SEED = 2025
LANGS = ("fi", "sv", "en")
GROUPS = ("teaching_research", "other_staff")

SURVEY_FILE = "survey.csv"
CODINGS_FILES = {"anna": "codings_anna.csv", "ben": "codings_ben.csv"}


@dataclass(frozen=True)
class University:
    """A university in the demo: its size, its staff mix and the languages it answers in."""

    name: str
    respondents: int
    teaching_share: float
    languages: tuple[float, float, float]  # fi, sv, en


UNIVERSITIES: tuple[University, ...] = (
    University("Helsingin yliopisto", 54, 0.30, (0.55, 0.20, 0.25)),
    University("Tampereen yliopisto", 46, 0.33, (0.68, 0.02, 0.30)),
    University("Turun yliopisto", 40, 0.35, (0.68, 0.07, 0.25)),
    University("Oulun yliopisto", 38, 0.33, (0.70, 0.02, 0.28)),
    University("Åbo Akademi", 36, 0.22, (0.08, 0.82, 0.10)),
    University("Lapin yliopisto", 36, 0.45, (0.76, 0.02, 0.22)),
    University("Taideyliopisto", 4, 0.50, (0.50, 0.25, 0.25)),
    University("Svenska handelshögskolan", 3, 0.34, (0.0, 0.67, 0.33)),
)

# How many codes one answer touches.
CODE_COUNTS = ((1, 0.47), (2, 0.34), (3, 0.14), (4, 0.05))
EMPTY_SHARE = 0.06

# Codes a coder may take for one another: the neighbour a tired coder reaches for.
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "administrative_barriers.information_systems": ("technical_practical",),
    "technical_practical": ("administrative_barriers.information_systems",),
    "administrative_barriers": ("strategic_ambiguity", "internal_collaboration"),
    "internal_collaboration": ("administrative_barriers",),
    "strategic_ambiguity": ("unclear_definition", "administrative_barriers"),
    "unclear_definition": ("strategic_ambiguity",),
    "marketing_outreach": ("working_life_collaboration",),
    "working_life_collaboration": ("marketing_outreach",),
    "pedagogical_challenges": ("technical_practical",),
    "lack_of_resources": ("lack_of_resources.working_time",),
    "support_advice": ("collaboration",),
    "collaboration": ("support_advice",),
    "implemented_examples": ("other_comments",),
    "other_comments": ("implemented_examples",),
}

# Which answers each coder has coded: question -> (share coded by both, anna only, ben only).
CODED_SHARES: dict[str, tuple[float, float, float]] = {
    "microcredential_challenges": (0.50, 0.12, 0.06),
    "good_practices": (0.35, 0.08, 0.0),
    "cl_offering": (0.0, 0.30, 0.0),
}
# Slip rates per coder: (missed code, of answers with two or more; neighbouring code; parent
# instead of sub-code; an extra code).
SLIPS: dict[str, tuple[float, float, float, float]] = {
    "anna": (0.08, 0.02, 0.01, 0.01),
    "ben": (0.17, 0.06, 0.03, 0.02),
}


@dataclass
class Respondent:
    """One row of the survey export."""

    id: str
    university: str
    staff_group: str
    survey_language: str
    submitted: datetime
    answers: dict[str, str] = field(default_factory=dict)
    truth: dict[str, list[str]] = field(default_factory=dict)


def _weighted(rng: random.Random, options: list[tuple[Any, float]]) -> Any:
    values = [v for v, _ in options]
    weights = [w for _, w in options]
    return rng.choices(values, weights=weights, k=1)[0]


def _family(code: str) -> str:
    return code.split(".", 1)[0]


def _lower_first(sentence: str) -> str:
    """Lower-case a sentence start after a connective, leaving names and acronyms alone."""
    word = sentence.split(" ", 1)[0]
    if len(word) > 1 and word[1].isupper() or word in {"Peppi", "Sisu", "Moodle", "Business"}:
        return sentence
    return sentence[:1].lower() + sentence[1:]


def _typos(rng: random.Random, text: str) -> str:
    """One or two slips of a hurried typist: swapped, dropped or doubled letters, lost dots."""
    chars = list(text)
    for _ in range(rng.choice((1, 1, 2))):
        positions = [i for i, c in enumerate(chars[:-1]) if c.isalpha() and chars[i + 1].isalpha()]
        if not positions:
            break
        i = rng.choice(positions)
        kind = rng.random()
        if kind < 0.3:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif kind < 0.55:
            del chars[i]
        elif kind < 0.75:
            chars.insert(i, chars[i])
        else:
            plain = {"ä": "a", "ö": "o", "å": "a"}
            dotted = [j for j, c in enumerate(chars) if c in plain]
            if dotted:
                j = rng.choice(dotted)
                chars[j] = plain[chars[j]]
            else:
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


class Composer:
    """Writes answers from the sentence bank, remembering which codes each one holds."""

    def __init__(self, bank: dict[str, Any], rng: random.Random) -> None:
        self.bank = bank
        self.rng = rng
        self.seen: dict[str, set[str]] = {}

    def answer(self, question: dict[str, Any], group: str, lang: str) -> tuple[str, list[str]]:
        """A new answer text to ``question`` and its true codes (empty for a '-' answer)."""
        rng = self.rng
        if rng.random() < EMPTY_SHARE:
            return rng.choice(self.bank["empty"][lang]), []
        seen = self.seen.setdefault(question["id"], set())
        text, codes = self._compose(question, group, lang)
        for _attempt in range(12):
            if text not in seen:
                break
            text, codes = self._compose(question, group, lang)
        seen.add(text)
        return text, codes

    def _compose(self, question: dict[str, Any], group: str, lang: str) -> tuple[str, list[str]]:
        rng = self.rng
        g = GROUPS.index(group)
        pool = {code: spec["w"][g] for code, spec in question["codes"].items()}
        wanted = _weighted(rng, list(CODE_COUNTS))
        codes: list[str] = []
        while pool and len(codes) < wanted:
            code = _weighted(rng, list(pool.items()))
            codes.append(code)
            for other in [c for c in pool if _family(c) == _family(code)]:
                del pool[other]
        sentences: list[str] = []
        for c in codes:
            # sometimes a respondent says two things about the same theme
            picks = 2 if rng.random() < 0.2 and len(question["codes"][c][lang]) > 1 else 1
            sentences += rng.sample(question["codes"][c][lang], picks)
        if rng.random() < 0.15:  # a remark about the respondent's own position, codeless
            context = rng.choice(self.bank["context"][lang])
            sentences.insert(0 if rng.random() < 0.5 else len(sentences), context)
        if len(sentences) > 1 and rng.random() < 0.12:
            body = "\n".join(f"- {s}" for s in sentences)
        else:
            parts = [sentences[0]]
            for s in sentences[1:]:
                if lang == "fi" and rng.random() < 0.25:
                    s = "Lisäksi " + _lower_first(s)
                elif lang == "en" and rng.random() < 0.25:
                    s = "Also, " + _lower_first(s)
                parts.append(s)
            body = " ".join(parts)
        if rng.random() < 0.2:
            body = rng.choice(self.bank["openers"][lang]) + " " + body
        if rng.random() < 0.15:
            body = body + " " + rng.choice(self.bank["closers"][lang])
        if rng.random() < 0.18:
            body = _typos(rng, body)
        if rng.random() < 0.05:
            body = body.lower()
        if rng.random() < 0.12 and body.endswith("."):
            body = body[:-1]
        order = list(question["codes"])
        return body, sorted(codes, key=order.index)


def make_respondents(bank: dict[str, Any], rng: random.Random) -> list[Respondent]:
    """Every respondent with attributes, answers and the true codes of each answer."""
    composer = Composer(bank, rng)
    people: list[Respondent] = []
    start = datetime(2025, 9, 18, 8, 0)
    for uni in UNIVERSITIES:
        for _ in range(uni.respondents):
            group = GROUPS[0] if rng.random() < uni.teaching_share else GROUPS[1]
            survey_lang = _weighted(rng, list(zip(LANGS, uni.languages, strict=True)))
            submitted = start + timedelta(minutes=rng.randrange(0, 43 * 24 * 60))
            people.append(Respondent("", uni.name, group, survey_lang, submitted))
    people.sort(key=lambda p: p.submitted)
    for n, person in enumerate(people, 1):
        person.id = f"R{n:03d}"
        # a few answer in another language than the survey version they opened
        lang = person.survey_language
        if rng.random() < 0.04:
            lang = rng.choice([x for x in LANGS if x != lang])
        silent = rng.random() < 0.02  # opened the survey, left every open question blank
        for question in bank["questions"]:
            rate = question["rate"][GROUPS.index(person.staff_group)]
            if silent or rng.random() >= rate:
                continue
            text, codes = composer.answer(question, person.staff_group, lang)
            person.answers[question["id"]] = text
            person.truth[question["id"]] = codes
    return people


def _slip(rng: random.Random, truth: list[str], order: list[str], coder: str) -> list[str]:
    """What ``coder`` records for an answer whose true codes are ``truth``."""
    codes = list(truth)
    missed, neighbour, parent, extra = SLIPS[coder]
    if len(codes) > 1 and rng.random() < missed:
        codes.pop(rng.randrange(1, len(codes)))
    if codes and rng.random() < neighbour:
        i = rng.randrange(len(codes))
        options = [c for c in NEIGHBOURS.get(codes[i], ()) if c in order and c not in codes]
        if options:
            codes[i] = rng.choice(options)
    if codes and rng.random() < parent:
        i = rng.randrange(len(codes))
        if "." in codes[i] and _family(codes[i]) not in codes:
            codes[i] = _family(codes[i])
    if codes and rng.random() < extra:
        options = [c for c in order if _family(c) not in {_family(x) for x in codes}]
        if options:  # every theme already taken: nothing to add
            codes.append(rng.choice(options))
    return sorted(set(codes), key=order.index)


def make_codings(
    bank: dict[str, Any], people: list[Respondent], rng: random.Random
) -> dict[str, list[tuple[str, str, str]]]:
    """Rows ``(respondent_id, question, codes)`` per coder for the partly coded questions."""
    rows: dict[str, list[tuple[str, str, str]]] = {name: [] for name in CODINGS_FILES}
    for question in bank["questions"]:
        qid = question["id"]
        if qid not in CODED_SHARES:
            continue
        order = list(question["codes"])
        answered = [p for p in people if qid in p.answers]
        rng.shuffle(answered)
        both, anna_only, ben_only = CODED_SHARES[qid]
        cut1 = round(len(answered) * both)
        cut2 = cut1 + round(len(answered) * anna_only)
        cut3 = cut2 + round(len(answered) * ben_only)
        for i, person in enumerate(answered[:cut3]):
            coders = ["anna", "ben"] if i < cut1 else ["anna"] if i < cut2 else ["ben"]
            for name in coders:
                codes = _slip(rng, person.truth[qid], order, name)
                rows[name].append((person.id, qid, ";".join(codes)))
    for name in rows:
        rows[name].sort()
    return rows


def write_files(out: Path) -> dict[str, Any]:
    """Write the survey CSV and one codings CSV per coder into ``out``; returns a summary."""
    bank = yaml.safe_load((HERE / "phrases.yaml").read_text(encoding="utf-8"))
    rng = random.Random(SEED)
    people = make_respondents(bank, rng)
    headers = [q["header"] for q in bank["questions"]]
    # A Webropol-style export: respondent number and response time first, one column per
    # question (numbered question text), semicolons and a BOM as Nordic Excel writes them.
    with (out / SURVEY_FILE).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(
            ["Vastaaja", "Vastausaika", "university", "staff_group", "survey_language", *headers]
        )
        for p in people:
            writer.writerow(
                [
                    p.id,
                    p.submitted.strftime("%d.%m.%Y %H:%M"),
                    p.university,
                    p.staff_group,
                    p.survey_language,
                    *(p.answers.get(q["id"], "") for q in bank["questions"]),
                ]
            )
    codings = make_codings(bank, people, rng)
    for name, file in CODINGS_FILES.items():
        with (out / file).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["respondent_id", "question", "codes"])
            writer.writerows(codings[name])
    answers = sum(len(p.answers) for p in people)
    return {
        "respondents": len(people),
        "answers": answers,
        "codings": {name: len(r) for name, r in codings.items()},
    }


def main() -> None:
    """Regenerate the demo files next to this module."""
    summary = write_files(HERE)
    sys.stderr.write(f"demo data written to {HERE}: {summary}\n")


if __name__ == "__main__":
    main()
