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


# --- reading, layout, views, filters, search, order, near-duplicates, language -------------
register(
    {
        "action.view": {"en": "Read answer", "sv": "Läs svaret", "fi": "Lue vastaus"},
        "action.answer_down": {
            "en": "Scroll answer down",
            "sv": "Rulla svaret nedåt",
            "fi": "Vieritä vastausta alas",
        },
        "action.answer_up": {
            "en": "Scroll answer up",
            "sv": "Rulla svaret uppåt",
            "fi": "Vieritä vastausta ylös",
        },
        "action.group": {
            "en": "Code near-duplicates alike",
            "sv": "Koda nästan likadana svar lika",
            "fi": "Koodaa lähes samat vastaukset samoin",
        },
        "action.code_view": {
            "en": "Answers with this code",
            "sv": "Svar med koden",
            "fi": "Koodin vastaukset",
        },
        "action.tables": {
            "en": "Tables (co-occurrence, by attribute)",
            "sv": "Tabeller (samförekomst, per attribut)",
            "fi": "Taulukot (yhteisesiintyminen, taustatiedoittain)",
        },
        "action.memos": {"en": "All memos", "sv": "Alla memon", "fi": "Kaikki muistiot"},
        "action.order": {
            "en": "Queue order",
            "sv": "Ordning i kön",
            "fi": "Jonon järjestys",
        },
        "action.language": {
            "en": "Interface language",
            "sv": "Gränssnittets språk",
            "fi": "Käyttöliittymän kieli",
        },
        "answer.more": {
            "en": "▼ {lines} more lines: ] scrolls, V reads",
            "sv": "▼ {lines} rader till: ] rullar, V läser",
            "fi": "▼ {lines} riviä lisää: ] vierittää, V lukee",
        },
        "answer.end": {"en": "▲ end of answer", "sv": "▲ svarets slut", "fi": "▲ vastauksen loppu"},
        "answer.near_duplicates": {
            "en": "≈ {count} near-duplicates (G)",
            "sv": "≈ {count} nästan likadana (G)",
            "fi": "≈ {count} lähes samaa (G)",
        },
        "panel.non_answer": {
            "en": "no answer (nothing to code): enter marks it done",
            "sv": "inget svar (inget att koda): enter markerar det klart",
            "fi": "ei vastausta (ei koodattavaa): enter merkitsee valmiiksi",
        },
        "panel.filtered": {
            "en": "{name} · {count}",
            "sv": "{name} · {count}",
            "fi": "{name} · {count}",
        },
        "progress.filtered": {
            "en": "{pos} of {shown} · {coded} coded",
            "sv": "{pos} av {shown} · {coded} kodade",
            "fi": "{pos}/{shown} · {coded} koodattu",
        },
        "suggest.codebook": {"en": "codebook", "sv": "kodbok", "fi": "koodikirja"},
        "suggest.model": {"en": "learned", "sv": "inlärt", "fi": "opittu"},
        "reader.header": {
            "en": "Respondent {respondent} · {language}",
            "sv": "Respondent {respondent} · {language}",
            "fi": "Vastaaja {respondent} · {language}",
        },
        "reader.codes": {"en": "Your codes", "sv": "Dina koder", "fi": "Koodisi"},
        "reader.no_codes": {
            "en": "done, no code",
            "sv": "klar, ingen kod",
            "fi": "valmis, ei koodia",
        },
        "reader.hint": {
            "en": "pgdn/space, pgup scroll · home/end · escape back",
            "sv": "pgdn/mellanslag, pgup rullar · home/end · escape tillbaka",
            "fi": "pgdn/välilyönti, pgup vierittää · home/end · escape takaisin",
        },
        "codeview.title": {
            "en": "{code}: {count} answers ({coder})",
            "sv": "{code}: {count} svar ({coder})",
            "fi": "{code}: {count} vastausta ({coder})",
        },
        "codeview.empty": {
            "en": "No answer has this code yet.",
            "sv": "Inget svar har koden ännu.",
            "fi": "Millään vastauksella ei ole vielä tätä koodia.",
        },
        "codeview.hint": {
            "en": "enter go to answer · V read · escape back",
            "sv": "enter gå till svaret · V läs · escape tillbaka",
            "fi": "enter siirry vastaukseen · V lue · escape takaisin",
        },
        "memos.title": {"en": "Your memos", "sv": "Dina memon", "fi": "Muistiosi"},
        "memos.on_answer": {
            "en": "Answer of {respondent}",
            "sv": "Svar från {respondent}",
            "fi": "Vastaajan {respondent} vastaus",
        },
        "memos.on_code": {"en": "Code {code}", "sv": "Kod {code}", "fi": "Koodi {code}"},
        "memos.empty": {
            "en": "No memos yet (M on an answer, C on a code).",
            "sv": "Inga memon ännu (M på ett svar, C på en kod).",
            "fi": "Ei vielä muistioita (M vastaukseen, C koodiin).",
        },
        "memos.hint": {
            "en": "enter go to the answer · escape back",
            "sv": "enter gå till svaret · escape tillbaka",
            "fi": "enter siirry vastaukseen · escape takaisin",
        },
        "tables.loading": {"en": "Counting…", "sv": "Räknar…", "fi": "Lasketaan…"},
        "tables.cooccurrence": {
            "en": "Code co-occurrence: answers with both codes ({coded} coded)",
            "sv": "Samförekomst: svar med båda koderna ({coded} kodade)",
            "fi": "Yhteisesiintyminen: vastaukset, joilla molemmat koodit ({coded} koodattu)",
        },
        "tables.by_attribute": {
            "en": "Codes by {attribute} ({answers} answers; share of the group)",
            "sv": "Koder per {attribute} ({answers} svar; andel av gruppen)",
            "fi": "Koodit: {attribute} ({answers} vastausta; osuus ryhmästä)",
        },
        "tables.suppressed": {
            "en": "too small to show: {groups}",
            "sv": "för små att visa: {groups}",
            "fi": "liian pieniä näytettäviksi: {groups}",
        },
        "tables.no_attributes": {
            "en": "The respondents have no attributes.",
            "sv": "Respondenterna har inga attribut.",
            "fi": "Vastaajilla ei ole taustatietoja.",
        },
        "tables.code": {"en": "Code", "sv": "Kod", "fi": "Koodi"},
        "tables.all": {"en": "All", "sv": "Alla", "fi": "Kaikki"},
        "tables.hint": {
            "en": "t co-occurrence / by attribute · a next attribute · escape back",
            "sv": "t samförekomst / per attribut · a nästa attribut · escape tillbaka",
            "fi": "t yhteisesiintyminen / taustatiedoittain · a seuraava · escape takaisin",
        },
        "search.tier.exact": {"en": "exact", "sv": "exakt", "fi": "tarkka"},
        "search.tier.lemma": {"en": "form", "sv": "form", "fi": "muoto"},
        "search.tier.fuzzy": {"en": "near", "sv": "nära", "fi": "lähes"},
        "filter.none_active": {
            "en": "No filter: every answer shows. Filters of different kinds combine.",
            "sv": "Inget filter: alla svar visas. Filter av olika slag kombineras.",
            "fi": "Ei suodatinta: kaikki vastaukset näkyvät. Eri suodattimet yhdistyvät.",
        },
        "filter.active_list": {
            "en": "Active: {names} (pick another kind to combine)",
            "sv": "Aktiva: {names} (välj ett annat slag för att kombinera)",
            "fi": "Käytössä: {names} (valitse toinen laji yhdistääksesi)",
        },
        "filter.remove": {
            "en": "Remove filter: {name}",
            "sv": "Ta bort filter: {name}",
            "fi": "Poista suodatin: {name}",
        },
        "filter.has_memo": {"en": "Has a memo", "sv": "Har memo", "fi": "Muistio"},
        "filter.memo": {"en": "memo", "sv": "memo", "fi": "muistio"},
        "filter.auto": {
            "en": "Auto-coded (by the suggester)",
            "sv": "Autokodade (av förslagsmodellen)",
            "fi": "Automaattisesti koodatut (ehdotusmalli)",
        },
        "filter.auto_short": {"en": "auto-coded", "sv": "autokodade", "fi": "autom. koodatut"},
        "order.survey": {"en": "survey order", "sv": "enkätens ordning", "fi": "kyselyn järjestys"},
        "order.informative": {
            "en": "most informative first",
            "sv": "mest informativa först",
            "fi": "informatiivisimmat ensin",
        },
        "note.order_computing": {
            "en": "Ordering the queue with the suggester…",
            "sv": "Ordnar kön med förslagsmodellen…",
            "fi": "Järjestetään jonoa ehdotusmallilla…",
        },
        "note.order_waiting": {
            "en": "The informative order follows once the suggester is ready.",
            "sv": "Den informativa ordningen kommer när förslagsmodellen är klar.",
            "fi": "Informatiivinen järjestys tulee, kun ehdotusmalli on valmis.",
        },
        "note.order_ready": {
            "en": "Queue: most informative first.",
            "sv": "Kön: mest informativa först.",
            "fi": "Jono: informatiivisimmat ensin.",
        },
        "note.duplicates_pending": {
            "en": "Still looking for near-duplicates…",
            "sv": "Letar ännu efter nästan likadana svar…",
            "fi": "Etsitään vielä lähes samoja vastauksia…",
        },
        "note.no_duplicates": {
            "en": "This answer has no near-duplicates.",
            "sv": "Svaret har inga nästan likadana svar.",
            "fi": "Vastauksella ei ole lähes samoja vastauksia.",
        },
        "note.group_needs_codes": {
            "en": "Code this answer first; G gives its codes to the near-duplicates.",
            "sv": "Koda svaret först; G ger dess koder till de nästan likadana.",
            "fi": "Koodaa vastaus ensin; G antaa sen koodit lähes samoille.",
        },
        "note.group_coded": {
            "en": "{count} near-duplicates coded alike (ctrl+z undoes all).",
            "sv": "{count} nästan likadana kodade lika (ctrl+z ångrar alla).",
            "fi": "{count} lähes samaa koodattu samoin (ctrl+z kumoaa kaikki).",
        },
        "event.coding.add.named": {
            "en": "added {codes}",
            "sv": "lade till {codes}",
            "fi": "lisätty {codes}",
        },
        "event.coding.remove.named": {
            "en": "removed {codes}",
            "sv": "tog bort {codes}",
            "fi": "poistettu {codes}",
        },
        "event.codes.set.named": {
            "en": "codes set ({codes})",
            "sv": "koder satta ({codes})",
            "fi": "koodit asetettu ({codes})",
        },
        "event.codes.group": {
            "en": "near-duplicates coded",
            "sv": "nästan likadana kodade",
            "fi": "lähes samat koodattu",
        },
        "event.codes.group.named": {
            "en": "{codes} on {count} near-duplicates",
            "sv": "{codes} på {count} nästan likadana",
            "fi": "{codes} {count} lähes samalle",
        },
        "size.notice": {
            "en": "coder needs a terminal of at least {width}x{height}.",
            "sv": "coder behöver ett terminalfönster på minst {width}x{height}.",
            "fi": "coder tarvitsee vähintään {width}x{height} pääteikkunan.",
        },
        "size.now": {
            "en": "Now {width}x{height}: enlarge the window (ctrl+q quits).",
            "sv": "Nu {width}x{height}: förstora fönstret (ctrl+q avslutar).",
            "fi": "Nyt {width}x{height}: suurenna ikkunaa (ctrl+q lopettaa).",
        },
    }
)

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
