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
