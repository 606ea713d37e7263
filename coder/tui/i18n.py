"""UI strings of the TUI in English, Swedish and Finnish.

Analysts work in their own language: every string a screen shows is looked up here by key.
Other screens (reconciliation, codebook editing) add their own strings with :func:`register`
so that one catalogue and one fallback rule serve the whole app.
"""

from __future__ import annotations

UI_LANGUAGES: tuple[str, ...] = ("en", "sv", "fi")
DEFAULT_LANG = "en"

CATALOGUE: dict[str, dict[str, str]] = {
    # actions (footer, help screen, command palette)
    "action.next": {"en": "Next", "sv": "Nästa", "fi": "Seuraava"},
    "action.prev": {"en": "Previous", "sv": "Föregående", "fi": "Edellinen"},
    "action.next_uncoded": {
        "en": "Next not coded",
        "sv": "Nästa okodade",
        "fi": "Seuraava koodaamaton",
    },
    "action.done_next": {
        "en": "Done, next",
        "sv": "Klar, nästa",
        "fi": "Valmis, seuraava",
    },
    "action.accept": {
        "en": "Accept suggestions",
        "sv": "Godta förslag",
        "fi": "Hyväksy ehdotukset",
    },
    "action.undo": {"en": "Undo", "sv": "Ångra", "fi": "Kumoa"},
    "action.redo": {"en": "Redo", "sv": "Gör om", "fi": "Tee uudelleen"},
    "action.memo_answer": {
        "en": "Memo on answer",
        "sv": "Memo om svaret",
        "fi": "Muistio vastauksesta",
    },
    "action.memo_code": {
        "en": "Memo on code",
        "sv": "Memo om koden",
        "fi": "Muistio koodista",
    },
    "action.star": {"en": "Star as quote", "sv": "Stjärnmärk citat", "fi": "Tähditä sitaatiksi"},
    "action.search": {"en": "Search", "sv": "Sök", "fi": "Hae"},
    "action.filter": {"en": "Filter", "sv": "Filtrera", "fi": "Suodata"},
    "action.clear_filter": {
        "en": "Show all answers",
        "sv": "Visa alla svar",
        "fi": "Näytä kaikki vastaukset",
    },
    "action.definition": {
        "en": "Definition",
        "sv": "Definition",
        "fi": "Määritelmä",
    },
    "action.help": {"en": "Help", "sv": "Hjälp", "fi": "Ohje"},
    "action.switch_pane": {"en": "Switch pane", "sv": "Byt panel", "fi": "Vaihda paneelia"},
    "action.reconcile": {
        "en": "Agreement and reconciliation",
        "sv": "Överensstämmelse och avstämning",
        "fi": "Yhtäpitävyys ja yhteensovitus",
    },
    "action.codebook": {
        "en": "Edit codebook",
        "sv": "Redigera kodboken",
        "fi": "Muokkaa koodikirjaa",
    },
    "action.quit": {"en": "Quit", "sv": "Avsluta", "fi": "Lopeta"},
    "action.toggle_code": {
        "en": "Toggle code {code}",
        "sv": "Växla kod {code}",
        "fi": "Vaihda koodi {code}",
    },
    # panels
    "panel.answers": {"en": "Answers", "sv": "Svar", "fi": "Vastaukset"},
    "panel.codebook": {"en": "Codebook", "sv": "Kodbok", "fi": "Koodikirja"},
    "panel.suggestions": {"en": "Suggestions", "sv": "Förslag", "fi": "Ehdotukset"},
    "panel.no_suggestions": {
        "en": "No suggestions for this answer.",
        "sv": "Inga förslag för detta svar.",
        "fi": "Ei ehdotuksia tähän vastaukseen.",
    },
    "panel.accept_all": {"en": "accepts them", "sv": "godtar dem", "fi": "hyväksyy ne"},
    "panel.no_answers": {
        "en": "No answers match the filter.",
        "sv": "Inga svar matchar filtret.",
        "fi": "Mikään vastaus ei vastaa suodatinta.",
    },
    "panel.no_codebook": {
        "en": "This question has no codebook: add one with `coder codebook add`.",
        "sv": "Frågan har ingen kodbok: lägg till en med `coder codebook add`.",
        "fi": "Kysymyksellä ei ole koodikirjaa: lisää se komennolla `coder codebook add`.",
    },
    "panel.definition_hint": {
        "en": "Press {key} for the definition of the highlighted code.",
        "sv": "Tryck {key} för definitionen av den markerade koden.",
        "fi": "Paina {key} nähdäksesi korostetun koodin määritelmän.",
    },
    "panel.include": {"en": "Include", "sv": "Ta med", "fi": "Sisällytä"},
    "panel.exclude": {"en": "Exclude", "sv": "Ta inte med", "fi": "Älä sisällytä"},
    "answer.header": {
        "en": "Answer {pos}/{total} · {respondent} · {language}",
        "sv": "Svar {pos}/{total} · {respondent} · {language}",
        "fi": "Vastaus {pos}/{total} · {respondent} · {language}",
    },
    "answer.starred": {"en": "★ quote", "sv": "★ citat", "fi": "★ sitaatti"},
    "answer.memo": {"en": "memo", "sv": "memo", "fi": "muistio"},
    "progress.label": {
        "en": "{coder}: {coded} of {total} coded",
        "sv": "{coder}: {coded} av {total} kodade",
        "fi": "{coder}: {coded}/{total} koodattu",
    },
    "filter.active": {"en": "filter: {name}", "sv": "filter: {name}", "fi": "suodatin: {name}"},
    "legend": {
        "en": "· not coded  ✓ coded  ◆ suggestion  ≠ disagreement  ★ quote",
        "sv": "· okodad  ✓ kodad  ◆ förslag  ≠ oenighet  ★ citat",
        "fi": "· koodaamaton  ✓ koodattu  ◆ ehdotus  ≠ erimielisyys  ★ sitaatti",
    },
    # modals
    "memo.title_answer": {
        "en": "Memo on answer of respondent {respondent}",
        "sv": "Memo om svaret från respondent {respondent}",
        "fi": "Muistio vastaajan {respondent} vastauksesta",
    },
    "memo.title_code": {
        "en": "Memo on code {code}",
        "sv": "Memo om koden {code}",
        "fi": "Muistio koodista {code}",
    },
    "memo.hint": {
        "en": "ctrl+s save · escape cancel",
        "sv": "ctrl+s spara · escape avbryt",
        "fi": "ctrl+s tallenna · escape peruuta",
    },
    "search.placeholder": {
        "en": "Search answers (fuzzy)…",
        "sv": "Sök bland svaren (ungefärligt)…",
        "fi": "Hae vastauksista (sumea haku)…",
    },
    "search.hint": {
        "en": "enter go to answer · escape close",
        "sv": "enter gå till svaret · escape stäng",
        "fi": "enter siirry vastaukseen · escape sulje",
    },
    "filter.placeholder": {
        "en": "Type to narrow the filters…",
        "sv": "Skriv för att begränsa filtren…",
        "fi": "Kirjoita rajataksesi suodattimia…",
    },
    "filter.all": {"en": "All answers", "sv": "Alla svar", "fi": "Kaikki vastaukset"},
    "filter.status": {"en": "Status", "sv": "Status", "fi": "Tila"},
    "filter.language": {"en": "Language", "sv": "Språk", "fi": "Kieli"},
    "filter.code": {"en": "Code", "sv": "Kod", "fi": "Koodi"},
    "filter.attribute": {"en": "Attribute", "sv": "Attribut", "fi": "Taustatieto"},
    "status.uncoded": {"en": "not coded", "sv": "okodad", "fi": "koodaamaton"},
    "status.coded": {"en": "coded", "sv": "kodad", "fi": "koodattu"},
    "status.suggested": {"en": "has suggestion", "sv": "har förslag", "fi": "ehdotus"},
    "status.disagreement": {
        "en": "in disagreement",
        "sv": "oenighet",
        "fi": "erimielisyys",
    },
    "status.starred": {"en": "starred quote", "sv": "stjärnmärkt citat", "fi": "tähditetty"},
    "help.title": {
        "en": "Keys of the coding screen",
        "sv": "Tangenter i kodningsvyn",
        "fi": "Koodausnäkymän näppäimet",
    },
    "help.page": {
        "en": "A page of answers down or up; the first or last answer",
        "sv": "En sida svar ned eller upp; första eller sista svaret",
        "fi": "Sivullinen vastauksia alas tai ylös; ensimmäinen tai viimeinen vastaus",
    },
    "help.tree_enter": {
        "en": "Toggle the highlighted code",
        "sv": "Växla den markerade koden",
        "fi": "Vaihda korostettu koodi",
    },
    "help.palette": {"en": "Command palette", "sv": "Kommandopalett", "fi": "Komentopaletti"},
    "help.codes": {"en": "Code shortcuts", "sv": "Kodgenvägar", "fi": "Koodien pikanäppäimet"},
    "help.close": {
        "en": "escape or ? closes this help",
        "sv": "escape eller ? stänger hjälpen",
        "fi": "escape tai ? sulkee ohjeen",
    },
    "help.config": {
        "en": "Key bindings and language can be changed in {path}",
        "sv": "Tangenter och språk kan ändras i {path}",
        "fi": "Näppäimiä ja kieltä voi muuttaa tiedostossa {path}",
    },
    # notifications
    "note.coded_on": {"en": "{code} on", "sv": "{code} på", "fi": "{code} päälle"},
    "note.coded_off": {"en": "{code} off", "sv": "{code} av", "fi": "{code} pois"},
    "note.nothing_to_undo": {
        "en": "Nothing to undo.",
        "sv": "Inget att ångra.",
        "fi": "Ei kumottavaa.",
    },
    "note.nothing_to_redo": {
        "en": "Nothing to redo.",
        "sv": "Inget att göra om.",
        "fi": "Ei uudelleen tehtävää.",
    },
    "note.undone": {"en": "Undone: {what}", "sv": "Ångrat: {what}", "fi": "Kumottu: {what}"},
    "note.redone": {
        "en": "Redone: {what}",
        "sv": "Gjort om: {what}",
        "fi": "Tehty uudelleen: {what}",
    },
    "event.coding.add": {"en": "code added", "sv": "kod tillagd", "fi": "koodi lisätty"},
    "event.coding.remove": {"en": "code removed", "sv": "kod borttagen", "fi": "koodi poistettu"},
    "event.codes.set": {
        "en": "codes set (suggestions accepted)",
        "sv": "koder satta (förslag godtagna)",
        "fi": "koodit asetettu (ehdotukset hyväksytty)",
    },
    "event.review.done": {
        "en": "marked coded",
        "sv": "markerat som kodat",
        "fi": "merkitty koodatuksi",
    },
    "event.review.star": {"en": "star", "sv": "stjärna", "fi": "tähti"},
    "note.all_coded": {
        "en": "Every answer in view is coded.",
        "sv": "Alla svar i vyn är kodade.",
        "fi": "Kaikki näkyvät vastaukset on koodattu.",
    },
    "note.no_suggestions": {
        "en": "No suggestions to accept.",
        "sv": "Inga förslag att godta.",
        "fi": "Ei hyväksyttäviä ehdotuksia.",
    },
    "note.codebook_reloaded": {
        "en": "The codebook was changed (version {version}): reloaded.",
        "sv": "Kodboken har ändrats (version {version}): laddades om.",
        "fi": "Koodikirjaa on muutettu (versio {version}): ladattu uudelleen.",
    },
    "note.memo_saved": {"en": "Memo saved.", "sv": "Memo sparat.", "fi": "Muistio tallennettu."},
    "note.starred": {
        "en": "Starred as a quote.",
        "sv": "Stjärnmärkt som citat.",
        "fi": "Tähditetty sitaatiksi.",
    },
    "note.unstarred": {
        "en": "Star removed.",
        "sv": "Stjärnan borttagen.",
        "fi": "Tähti poistettu.",
    },
    "note.suggester_failed": {
        "en": "The suggester could not start ({reason}); showing keyword matches.",
        "sv": "Förslagsmodellen kunde inte starta ({reason}); visar nyckelordsträffar.",
        "fi": "Ehdotusmallia ei voitu käynnistää ({reason}); näytetään avainsanaosumat.",
    },
    "note.screen_missing": {
        "en": "That screen is not available in this version.",
        "sv": "Den vyn finns inte i den här versionen.",
        "fi": "Näkymä ei ole käytettävissä tässä versiossa.",
    },
    "note.no_code": {
        "en": "No code is highlighted.",
        "sv": "Ingen kod är markerad.",
        "fi": "Mitään koodia ei ole korostettu.",
    },
    "note.shortcut_clash": {
        "en": "Code shortcut {key} is also an app key; the code wins.",
        "sv": "Kodgenvägen {key} är också en apptangent; koden vinner.",
        "fi": "Koodin pikanäppäin {key} on myös sovelluksen näppäin; koodi voittaa.",
    },
    # --- coded segments (REFI-QDA) ---
    "answer.segments": {
        "en": "coded parts (highlighted)",
        "sv": "kodade delar (markerade)",
        "fi": "koodatut osat (korostettu)",
    },
}


def register(strings: dict[str, dict[str, str]]) -> None:
    """Add or replace strings (key -> language -> text), e.g. from another screen's module."""
    for key, texts in strings.items():
        CATALOGUE.setdefault(key, {}).update(texts)


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string ``key`` in ``lang`` (falling back to English, then the key), formatted."""
    texts = CATALOGUE.get(key)
    if texts is None:
        text = key
    else:
        text = texts.get(lang) or texts.get(DEFAULT_LANG) or next(iter(texts.values()), key)
    return text.format(**values) if values else text


def missing(lang: str) -> list[str]:
    """Keys that have no text in ``lang`` (for tests and translators)."""
    return sorted(key for key, texts in CATALOGUE.items() if not texts.get(lang))


# --- roles, phases and reconciliation --------------------------------------------------------
register(
    {
        "answer.retired_only": {
            "en": "only retired codes: {codes}",
            "sv": "endast pensionerade koder: {codes}",
            "fi": "vain käytöstä poistettuja koodeja: {codes}",
        },
    }
)
