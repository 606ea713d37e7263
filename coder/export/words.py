"""The words of the exports' headings in Swedish, Finnish and English (`--lang`)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "theme": {"sv": "Tema", "fi": "Teema", "en": "Theme"},
    "code": {"sv": "Kod", "fi": "Koodi", "en": "Code"},
    "answers": {"sv": "Svar", "fi": "Vastauksia", "en": "Answers"},
    "share": {"sv": "Andel", "fi": "Osuus", "en": "Share"},
    "with_subcodes": {"sv": "Med underkoder", "fi": "Alakoodeineen", "en": "With sub-codes"},
    "points": {"sv": "Sammanfattning", "fi": "Tiivistys", "en": "Summary"},
    "quotes": {"sv": "Citat", "fi": "Lainauksia", "en": "Quotes"},
    "no_code": {"sv": "(ingen kod)", "fi": "(ei koodia)", "en": "(no code)"},
    "several": {"sv": "(flera koder)", "fi": "(useita koodeja)", "en": "(several codes)"},
    "not_coded": {"sv": "(ännu okodade)", "fi": "(koodaamatta)", "en": "(not yet coded)"},
    "notes": {"sv": "Om siffrorna", "fi": "Lukujen selitys", "en": "About the numbers"},
    "question": {"sv": "Fråga", "fi": "Kysymys", "en": "Question"},
    "coder": {"sv": "Kodare", "fi": "Koodaaja", "en": "Coder"},
    "respondents": {"sv": "Respondenter", "fi": "Vastaajat", "en": "Respondents"},
    "all": {"sv": "Alla", "fi": "Kaikki", "en": "All"},
    "suppressed": {
        "sv": "Utelämnade grupper (för få svar)",
        "fi": "Pois jätetyt ryhmät (liian vähän vastaajia)",
        "en": "Suppressed groups (too few respondents)",
    },
    "by": {"sv": "efter", "fi": "ryhmittäin:", "en": "by"},
    "table": {"sv": "Tabell", "fi": "Taulukko", "en": "Table"},
    "definition": {"sv": "Definition", "fi": "Määritelmä", "en": "Definition"},
    "include": {"sv": "Ta med", "fi": "Sisällytä", "en": "Include"},
    "exclude": {"sv": "Ta inte med", "fi": "Älä sisällytä", "en": "Exclude"},
    "examples": {"sv": "Exempel", "fi": "Esimerkkejä", "en": "Examples"},
    "keywords": {"sv": "Nyckelord", "fi": "Avainsanat", "en": "Keywords"},
    "codebook": {"sv": "Kodbok", "fi": "Koodikirja", "en": "Codebook"},
    "grouping": {
        "sv": "Grupperande nivå (kodas inte)",
        "fi": "Ryhmittelevä taso (ei koodata)",
        "en": "Grouping level (not coded)",
    },
}


def word(key: str, lang: str) -> str:
    """The heading ``key`` in ``lang`` (English when the language is not known)."""
    texts = WORDS[key]
    return texts.get(lang, texts["en"])


def percent(share: float, lang: str) -> str:
    """A share as a percentage, with a decimal comma in Swedish and Finnish."""
    text = f"{share * 100:.1f}"
    if lang in ("sv", "fi"):
        text = text.replace(".", ",")
    return f"{text} %"


COUNTED: dict[str, dict[str, tuple[str, str]]] = {
    "respondents": {
        "en": ("{n} respondent", "{n} respondents"),
        "sv": ("den {n} respondent", "de {n} respondenter"),
        "fi": ("{n} vastaajasta", "{n} vastaajasta"),
    },
    "codings": {
        "en": ("{n} coding", "{n} codings"),
        "sv": ("{n} kodning", "{n} kodningar"),
        "fi": ("{n} koodaus", "{n} koodausta"),
    },
}
"""Counted nouns, (one, other) per language: "1 respondent", "18 respondents"; Finnish takes
the partitive after every numeral but one ("1 koodaus", "18 koodausta")."""


def _form(forms: tuple[str, str], n: int) -> str:
    """The singular form for exactly one, the plural (other) form for 0, 2, 3..."""
    return forms[0] if n == 1 else forms[1]


def counted(n: int, key: str, lang: str) -> str:
    """``n`` with the noun ``key`` in its right number in ``lang``: "1 coding", "2 codings"."""
    forms = COUNTED[key]
    return _form(forms.get(lang, forms["en"]), n).format(n=n)


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """An English count for messages: "1 answer", "18 answers" (``plural_form`` when not +s)."""
    return f"{n} {singular if n == 1 else plural_form or singular + 's'}"


NOTES: dict[str, dict[str, str | tuple[str, str]]] = {
    "denominator": {
        "en": "Shares are of the {respondents} who answered the question; {coder} has coded "
        "{coded} of their answers.",
        "sv": "Andelarna räknas av {respondents} som besvarade frågan; {coder} har kodat "
        "{coded} av deras svar.",
        "fi": "Osuudet on laskettu kysymykseen vastanneista {respondents}; {coder} on "
        "koodannut heidän vastauksistaan {coded}.",
    },
    "not_coded": {
        "en": (
            "{not_coded} answer is not coded yet by {coder}: it counts in the denominator but "
            "in no row, so shares may rise as coding continues.",
            "{not_coded} answers are not coded yet by {coder}: they count in the denominator "
            "but in no row, so shares may rise as coding continues.",
        ),
        "sv": (
            "{not_coded} svar är ännu inte kodat av {coder}: det ingår i nämnaren men i ingen "
            "rad, så andelarna kan stiga när kodningen fortsätter.",
            "{not_coded} svar är ännu inte kodade av {coder}: de ingår i nämnaren men i ingen "
            "rad, så andelarna kan stiga när kodningen fortsätter.",
        ),
        "fi": (
            "{not_coded} vastaus on vielä koodaamatta ({coder}): se sisältyy nimittäjään mutta "
            "ei mihinkään riviin, joten osuudet voivat kasvaa koodauksen edetessä.",
            "{not_coded} vastausta on vielä koodaamatta ({coder}): ne sisältyvät nimittäjään "
            "mutta eivät mihinkään riviin, joten osuudet voivat kasvaa koodauksen edetessä.",
        ),
    },
    "no_code": {
        "en": (
            "{no_code} coded answer received no code (counted in no row).",
            "{no_code} coded answers received no code (counted in no row).",
        ),
        "sv": (
            "{no_code} kodat svar fick ingen kod (räknas i ingen rad).",
            "{no_code} kodade svar fick ingen kod (räknas i ingen rad).",
        ),
        "fi": (
            "{no_code} koodattu vastaus ei saanut yhtään koodia (ei lasketa millekään riville).",
            "{no_code} koodattua vastausta ei saanut yhtään koodia (ei lasketa millekään riville).",
        ),
    },
    "several": {
        "en": (
            "{several} answer received more than one code and counts once in each of its "
            "codes' rows ({codings} in all), so counts can add up to more than the number of "
            "answers and shares to more than 100 %.",
            "{several} answers received more than one code and count once in each of their "
            "codes' rows ({codings} in all), so counts can add up to more than the number of "
            "answers and shares to more than 100 %.",
        ),
        "sv": (
            "{several} svar fick mer än en kod och räknas en gång i varje kods rad ({codings} "
            "sammanlagt), så antalen kan bli fler än svaren och andelarna tillsammans över "
            "100 %.",
            "{several} svar fick mer än en kod och räknas en gång i varje kods rad ({codings} "
            "sammanlagt), så antalen kan bli fler än svaren och andelarna tillsammans över "
            "100 %.",
        ),
        "fi": (
            "{several} vastaus sai useamman kuin yhden koodin, ja se lasketaan kerran kunkin "
            "koodinsa rivillä (yhteensä {codings}), joten lukumäärät voivat ylittää vastausten "
            "määrän ja osuudet yhteensä 100 %.",
            "{several} vastausta sai useamman kuin yhden koodin, ja ne lasketaan kerran "
            "kunkin koodinsa rivillä (yhteensä {codings}), joten lukumäärät voivat ylittää "
            "vastausten määrän ja osuudet yhteensä 100 %.",
        ),
    },
    "nested": {
        "en": "A parent code's count is the answers given that code itself; 'with sub-codes' "
        "counts each answer given the code or any of its sub-codes once.",
        "sv": "För en överordnad kod räknas svaren som fått just den koden; ”med underkoder” "
        "räknar en gång varje svar som fått koden eller någon av dess underkoder.",
        "fi": "Yläkoodin lukumäärä on vastaukset, jotka saivat juuri sen koodin; "
        "”alakoodeineen” laskee kerran jokaisen vastauksen, joka sai koodin tai jonkin sen "
        "alakoodeista.",
    },
    "groups": {
        "en": "Groups by {by}: shares are of the group's answering respondents. Groups with "
        "fewer than {min_group} answering respondents are not shown.",
        "sv": "Grupper efter {by}: andelarna räknas av gruppens respondenter som besvarade "
        "frågan. Grupper med färre än {min_group} svarande visas inte.",
        "fi": "Ryhmittely: {by}. Osuudet on laskettu ryhmän kysymykseen vastanneista. Ryhmiä, "
        "joissa on alle {min_group} vastaajaa, ei näytetä.",
    },
    "suppressed": {
        "en": "Suppressed (too few respondents to show): {groups}",
        "sv": "Utelämnade (för få respondenter för att visas): {groups}",
        "fi": "Pois jätetyt (liian vähän vastaajia näytettäväksi): {groups}",
    },
}
"""The theme table's notes on how it counts, per language; a pair is (one, other), chosen by
the count named in ``NOTE_COUNTS`` (the hand-written catalogue until the gettext move)."""

NOTE_COUNTS = {"not_coded": "not_coded", "no_code": "no_code", "several": "several"}


def note(key: str, lang: str, **fields: object) -> str:
    """The note ``key`` in ``lang`` (English when the language is not known), filled in, in
    the grammatical number of its count."""
    texts = NOTES[key]
    text = texts.get(lang, texts["en"])
    if isinstance(text, tuple):
        count = fields[NOTE_COUNTS[key]]
        text = _form(text, count if isinstance(count, int) else 0)
    return text.format(**fields)
