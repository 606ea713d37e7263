"""Finding answers: ranked search with the matches highlighted, and combined filters.

Search ranks in tiers: the words as typed (accents and case aside), then other forms of the
same words (lemmas: "resurserna" finds "resurs"), then fuzzy matches for typos; within a tier
by score. A short answer such as "eos" is not a fuzzy match for a longer query.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from coder.text.lemmas import lemmatizer
from coder.tui.i18n import t
from coder.tui.screens.modals import PickerScreen
from coder.tui.state import CodingState, Filter

_WORD = re.compile(r"\w+", re.UNICODE)
TIERS = ("exact", "lemma", "fuzzy")


def fold(text: str) -> str:
    """Lower case without accents, keeping the length of the text ("työ" -> "tyo")."""
    out = []
    for ch in text:
        folded = ch.lower()
        base = unicodedata.normalize("NFKD", folded)
        stripped = "".join(c for c in base if not unicodedata.combining(c))
        out.append(stripped if len(stripped) == 1 else folded if len(folded) == 1 else ch)
    return "".join(out)


@cache
def _lemmatizer(lang: str):  # type: ignore[no-untyped-def]
    try:
        return lemmatizer(lang)
    except Exception:  # noqa: BLE001 - no table for this language: words stay as they are
        return lambda word: word


@cache
def lemma(word: str, lang: str) -> str:
    """The word's base form in ``lang`` (folded), cached: answers repeat their words."""
    return fold(_lemmatizer(lang)(word))


@dataclass
class Hit:
    """One search result: the answer, its tier, its score and the spans that matched."""

    answer_id: int
    tier: int
    score: float
    spans: list[tuple[int, int]]


class SearchIndex:
    """The question's answers indexed by word (folded), with each word's lemmas, built once
    when a search opens; each query then looks only at answers that hold its words."""

    def __init__(self, ids: list[int], texts: list[str], langs: list[str]) -> None:
        from collections import defaultdict

        self.ids, self.texts, self.langs = ids, texts, langs
        by_word: dict[str, set[int]] = defaultdict(set)
        for i, text in enumerate(texts):
            for word in set(_WORD.findall(text)):
                by_word[word].add(i)
        self.by_word = dict(by_word)
        self.vocabulary = list(self.by_word)
        by_lemma: dict[str, set[str]] = defaultdict(set)
        for word in self.vocabulary:
            for lang in ("sv", "fi", "en"):
                by_lemma[lemma(word, lang)].add(word)
        self.by_lemma = dict(by_lemma)

    def _holding(self, words: set[str]) -> set[int]:
        found: set[int] = set()
        for word in words:
            found |= self.by_word.get(word, set())
        return found

    def rank(self, query: str, limit: int = 50) -> list[Hit]:
        """The answers that match ``query``, best first (tiers: exact, lemma, fuzzy)."""
        from rapidfuzz import fuzz, process

        words = _WORD.findall(fold(query.strip()))
        if not words:
            return []
        texts = self.texts
        hits: list[Hit] = []
        seen: set[int] = set()
        # 1. the words as typed (a phrase beats the words apart; more mentions beat fewer)
        phrase = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + r"(?!\w)")
        exact = [re.compile(r"(?<!\w)" + re.escape(w) + r"(?!\w)") for w in words]
        candidates = set.intersection(*(self.by_word.get(w, set()) for w in words))
        for i in sorted(candidates):
            together = [m.span() for m in phrase.finditer(texts[i])]
            spans = together or [m.span() for p in exact for m in p.finditer(texts[i])]
            score = 200.0 + (100.0 if together else 0.0) + min(len(spans), 20)
            hits.append(Hit(self.ids[i], 0, score, sorted(spans)))
            seen.add(i)
        # 2. other forms of the same words (lemmas in Swedish, Finnish or English)
        forms = [
            {f for lang in ("sv", "fi", "en") for f in self.by_lemma.get(lemma(w, lang), set())}
            | {w}
            for w in words
        ]
        self._add(hits, seen, forms, 1, lambda _i: 100.0)
        # 3. typos: words of the answers near each query word (never a short "eos" for a word)
        near: list[dict[str, float]] = []
        for word in words:
            found = process.extract(
                word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=75, limit=40
            )
            near.append({w: score for w, score, _ in found if len(w) >= min(len(word), 4)})

        def fuzzy_score(i: int) -> float:
            held = set(_WORD.findall(texts[i]))
            return sum(max(v for w, v in n.items() if w in held) for n in near) / len(near)

        self._add(hits, seen, [set(n) for n in near], 2, fuzzy_score)
        hits.sort(key=lambda h: (h.tier, -h.score))
        return hits[:limit]

    def _add(
        self,
        hits: list[Hit],
        seen: set[int],
        forms: list[set[str]],
        tier: int,
        score: Callable[[int], float],
    ) -> None:
        """Answers holding one of ``forms[k]`` for every query word k, not yet found."""
        if not all(forms):
            return
        candidates = set.intersection(*(self._holding(f) for f in forms)) - seen
        every = set().union(*forms)
        for i in sorted(candidates):
            spans = [m.span() for m in _WORD.finditer(self.texts[i]) if m.group(0) in every]
            hits.append(Hit(self.ids[i], tier, score(i), spans))
            seen.add(i)


def rank(
    query: str, ids: list[int], texts: list[str], langs: list[str], limit: int = 50
) -> list[Hit]:
    """The answers (folded ``texts``) that match ``query``, best first."""
    return SearchIndex(ids, texts, langs).rank(query, limit)


def highlighted(text: str, spans: list[tuple[int, int]], width: int = 110) -> Text:
    """A window of ``text`` around its first match, the matches in bold reverse."""
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(text), start + width)
    shown = Text(
        ("…" if start else "")
        + text[start:end].replace("\n", " ")
        + ("…" if end < len(text) else "")
    )
    offset = 1 if start else 0
    for a, b in spans:
        if b > start and a < end:
            shown.stylize(
                "bold reverse", max(a, start) - start + offset, min(b, end) - start + offset
            )
    return shown


class SearchScreen(PickerScreen):
    """Ranked search over the question's answers; returns the chosen answer id."""

    LIMIT = 50

    def __init__(self, state: CodingState, lang: str) -> None:
        super().__init__()
        self.state = state
        self.lang = lang
        self._ids: list[int] = []
        self._texts: list[str] = []
        self._index: SearchIndex | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Input(placeholder=t("search.placeholder", self.lang), id="search-input")
            yield OptionList(id="search-results")
            yield Label(t("search.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._load()

    @work(thread=True, exclusive=True, group="search-load")
    def _load(self) -> None:
        ids, texts = self.state.all_texts()
        langs = [self.state.languages[self.state.pos_of[aid]] for aid in ids]
        self._index = SearchIndex(ids, [fold(text) for text in texts], langs)
        self._texts = texts
        self._ids = ids
        query = self.app.call_from_thread(lambda: self.query_one(Input).value)
        if query:
            self._search(query)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        if not query.strip() or self._index is None:
            self.app.call_from_thread(self._show, [])
            return
        hits = self._index.rank(query, self.LIMIT)
        self.app.call_from_thread(self._show, hits)

    def _show(self, hits: list[Hit]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        index = {aid: i for i, aid in enumerate(self._ids)} if hits else {}
        for hit in hits:
            pos = self.state.pos_of[hit.answer_id]
            prompt = Text()
            prompt.append(f"{t('search.tier.' + TIERS[hit.tier], self.lang):<7}", style="dim")
            prompt.append(f"{self.state.respondents[pos][:10]:<10} ", style="bold")
            prompt.append_text(highlighted(self._texts[index[hit.answer_id]], hit.spans))
            options.add_option(Option(prompt, id=str(hit.answer_id)))
        if hits:
            options.highlighted = 0

    def chosen(self, option_id: str) -> int:
        return int(option_id)


class FilterScreen(PickerScreen):
    """Add a filter (status, language, code, attribute, memo, auto-coded) to those active, or
    remove an active one; type to narrow the menu."""

    def __init__(self, state: CodingState, lang: str) -> None:
        super().__init__()
        self.state = state
        self.lang = lang
        self.choices: list[tuple[str, Filter]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._active_line(), classes="dialog-hint", id="filter-active")
            yield Input(placeholder=t("filter.placeholder", self.lang), id="filter-input")
            yield OptionList(id="filter-options")

    def _active_line(self) -> str:
        if not self.state.filters:
            return t("filter.none_active", self.lang)
        return t("filter.active_list", self.lang, names=self.state.filter_name)

    def on_mount(self) -> None:
        lang = self.lang
        state = self.state
        choices: list[tuple[str, Filter]] = [(t("filter.all", lang), Filter())]
        for kind, flt in state.filters.items():
            choices.append((t("filter.remove", lang, name=flt.name), Filter(kind, "", "")))
        status_names = ["uncoded", "coded", "suggested", "starred"]
        if state.reconciliation:
            status_names.append("disagreement")
        for status in status_names:
            value = t("status." + status, lang)
            choices.append(
                (f"{t('filter.status', lang)}: {value}", Filter("status", status, value))
            )
        choices.append((t("filter.has_memo", lang), Filter("memo", "1", t("filter.memo", lang))))
        choices.append(
            (t("filter.auto", lang), Filter("source", "auto", t("filter.auto_short", lang)))
        )
        for language, count in sorted(state.language_counts().items()):
            name = f"{t('filter.language', lang)}: {language} ({count})"
            choices.append((name, Filter("language", language, language)))
        for code in state.codes:
            if code.codable:
                name = f"{t('filter.code', lang)}: {code.label} ({state.counts.get(code.id, 0)})"
                choices.append((name, Filter("code", str(code.id), code.label)))
        for attr, values in sorted(state.attribute_values().items()):
            for value, count in sorted(values.items()):
                name = f"{t('filter.attribute', lang)}: {attr} = {value} ({count})"
                choices.append((name, Filter("attribute", f"{attr}={value}", f"{attr}={value}")))
        self.choices = choices
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        words = query.lower().split()
        for index, (name, _flt) in enumerate(self.choices):
            if all(word in name.lower() for word in words):
                options.add_option(Option(name, id=str(index)))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def chosen(self, option_id: str) -> Filter:
        return self.choices[int(option_id)][1]
