"""UI strings of the TUI in English, Swedish and Finnish.

Analysts work in their own language: every string a screen shows is looked up here by key, in
the gettext catalogues of `coder.i18n` (`coder/locale/*/LC_MESSAGES/coder.po`). Strings may
also be added at run time with :func:`register` (tests, plug-ins); one fallback rule, to
English and then to the key, serves the whole app.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from coder import i18n

UI_LANGUAGES: tuple[str, ...] = ("en", "sv", "fi")
DEFAULT_LANG = "en"
_REGISTERED: dict[str, dict[str, str]] = {}


class _Catalogue(Mapping[str, Mapping[str, str]]):
    """key -> language -> text over the gettext catalogues and the registered strings."""

    def _keys(self) -> set[str]:
        return i18n.keys(DEFAULT_LANG, plural=False) | set(_REGISTERED)

    def __getitem__(self, key: str) -> Mapping[str, str]:
        texts = {
            lang: found
            for lang in UI_LANGUAGES
            if (found := i18n.text(key, lang, fallback=False)) is not None
        }
        texts.update(_REGISTERED.get(key, {}))
        if not texts:
            raise KeyError(key)
        return texts

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._keys()))

    def __len__(self) -> int:
        return len(self._keys())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (
            key in _REGISTERED or i18n.text(key, DEFAULT_LANG) is not None
        )


CATALOGUE: Mapping[str, Mapping[str, str]] = _Catalogue()


def register(strings: dict[str, dict[str, str]]) -> None:
    """Add or replace strings (key -> language -> text) at run time, over the catalogues."""
    for key, texts in strings.items():
        _REGISTERED.setdefault(key, {}).update(texts)


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string ``key`` in ``lang`` (falling back to English, then the key), formatted."""
    own = _REGISTERED.get(key, {})
    text = (
        own.get(lang)
        or i18n.text(key, lang, fallback=False)
        or own.get(DEFAULT_LANG)
        or i18n.text(key, DEFAULT_LANG)
        or next(iter(own.values()), key)
    )
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
