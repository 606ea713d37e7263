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


NOTES: dict[str, dict[str, str]] = {
    "denominator": {
        "en": "Shares are of the {answers} respondents who answered the question; {coded} of "
        "their answers were coded by {coder}.",
        "sv": "Andelarna räknas av de {answers} respondenter som besvarade frågan; {coder} har "
        "kodat {coded} av deras svar.",
        "fi": "Osuudet on laskettu kysymykseen vastanneista {answers} vastaajasta; {coder} on "
        "koodannut heidän vastauksistaan {coded}.",
    },
    "not_coded": {
        "en": "{not_coded} answers are not coded yet by {coder}: they count in the denominator "
        "but in no row, so shares may rise as coding continues.",
        "sv": "{not_coded} svar är ännu inte kodade av {coder}: de ingår i nämnaren men i ingen "
        "rad, så andelarna kan stiga när kodningen fortsätter.",
        "fi": "{not_coded} vastausta on vielä koodaamatta ({coder}): ne sisältyvät nimittäjään "
        "mutta eivät mihinkään riviin, joten osuudet voivat kasvaa koodauksen edetessä.",
    },
    "no_code": {
        "en": "{no_code} coded answers received no code (counted in no row).",
        "sv": "{no_code} kodade svar fick ingen kod (räknas i ingen rad).",
        "fi": "{no_code} koodattua vastausta ei saanut yhtään koodia (ei lasketa millekään "
        "riville).",
    },
    "several": {
        "en": "{several} answers received more than one code and count once in each of their "
        "codes' rows ({codings} codings in all), so counts can add up to more than the number "
        "of answers and shares to more than 100 %.",
        "sv": "{several} svar fick mer än en kod och räknas en gång i varje kods rad ({codings} "
        "kodningar sammanlagt), så antalen kan bli fler än svaren och andelarna tillsammans "
        "över 100 %.",
        "fi": "{several} vastausta sai useamman kuin yhden koodin, ja ne lasketaan kerran "
        "kunkin koodinsa rivillä (yhteensä {codings} koodausta), joten lukumäärät voivat "
        "ylittää vastausten määrän ja osuudet yhteensä 100 %.",
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
"""The theme table's notes on how it counts, per language."""


def note(key: str, lang: str, **fields: object) -> str:
    """The note ``key`` in ``lang`` (English when the language is not known), filled in."""
    texts = NOTES[key]
    return texts.get(lang, texts["en"]).format(**fields)
