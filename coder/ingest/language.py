"""Language of an answer: Swedish, Finnish, English, another language's ISO code, or `und`.

Survey answers in this project are written mostly in Swedish, Finnish and English, so those
three are favoured; an answer in another language gets that language's ISO 639-1 code (`de`,
`es`, `et`, `no`...) rather than the nearest of the three, and `und` when it cannot be told.

Steps, cheapest first, each distinct text once:
1. a lexicon of whole short answers and non-answers ("-", "n/a", "ei", "vet inte", "no comment");
2. a vote of function words that belong to one of the three languages only, for texts with no
   sign of another language (letters such as ø, õ, ß, ñ, ő, Cyrillic; words such as "ikke",
   "und", "que");
3. long texts with no such sign: lingua's low-accuracy model over sv/fi/en (cheap);
4. the rest: lingua's low-accuracy model over about twenty-five languages; it decides texts of
   six words or more, and shorter ones it is near certain of, but never names another language
   for a short text that shows no sign of one;
5. lingua's accurate model for the remaining short texts, over sv/fi/en plus the languages the
   fourth step proposed (lingua keeps each language's model loaded once, so only languages that
   occur are ever loaded), weighed by a prior for sv/fi/en and by the text's own words;
6. a short text with no sign of another language that one of sv/fi/en led in step 5, too
   weakly to be named, gets that language when the accurate model over sv/fi/en alone agrees
   and Norwegian/Danish (for Swedish) or Estonian (for Finnish) did not weigh half as much.
Words are runs of letters: "Koti-Uskonto-Isänmaa" and "Lapset,veteraanit,armeija" are three
words each.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from coder.progress import Progress

UND = "und"
LANGUAGES = ("sv", "fi", "en")


def _words_of(*lines: str) -> list[str]:
    return [w for line in lines for w in line.split("|") if w]


# Whole answers that are too short for a model; normalised (lower case, no end punctuation).
_SHORT_ANSWERS: dict[str, str] = {
    **dict.fromkeys(
        _words_of(
            "ok|okay|n/a|na|n.a|x|xx|xxx|nan|null|?|-|--|...|:)|:(|-,-|",
            # Finnish "en" + Swedish "vet": a mixed non-answer whose language is not clear
            "en vet",
        ),
        UND,
    ),
    **dict.fromkeys(
        _words_of(
            "ei|kyllä|joo|en tiedä|en osaa sanoa|eos|emt|ei mitään|ei ole|ei oo|ei kommentteja|",
            "ei kommenttia|ei kommentoitavaa|hyvä|kiitos|ei juuri|ei vielä|en tiedä vielä|",
            "vaikea sanoa|ei tietoa|ei osaa sanoa|ei ole mielipidettä|ei lisättävää",
        ),
        "fi",
    ),
    **dict.fromkeys(
        _words_of(
            "nej|ja|vet inte|vet ej|ingen aning|inget|ingenting|inga|ingen|inga kommentarer|",
            "bra|tack|inte ännu|inte än|ingen kommentar|inget att tillägga|inga synpunkter|",
            "svårt att säga|vet inte ännu|inget att säga",
        ),
        "sv",
    ),
    **dict.fromkeys(
        _words_of(
            "no|yes|none|nothing|nope|don't know|dont know|i don't know|not sure|no comment|",
            "no comments|good|thanks|thank you|not yet|nothing to add|no idea|hard to say|",
            "none whatsoever|not applicable",
        ),
        "en",
    ),
}

# Function words that belong to one of the three languages only (ambiguous ones such as
# "i", "en", "on", "ja", "se", "men", "in", "to" are left out on purpose).
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "sv": frozenset(
        [
            "och",
            "att",
            "det",
            "som",
            "är",
            "för",
            "med",
            "av",
            "på",
            "inte",
            "har",
            "till",
            "den",
            "de",
            "om",
            "ett",
            "var",
            "kan",
            "vi",
            "jag",
            "så",
            "men",
            "från",
            "eller",
            "vid",
            "också",
            "mycket",
            "mer",
            "finns",
            "skulle",
            "bör",
            "måste",
            "kunde",
            "när",
            "där",
            "hur",
            "vad",
            "alla",
            "andra",
            "dessa",
            "detta",
            "denna",
            "mellan",
            "utan",
            "efter",
            "genom",
            "blir",
            "bli",
            "varit",
            "vara",
            "våra",
            "vår",
            "vårt",
            "sina",
            "sin",
            "sitt",
            "deras",
            "hos",
            "än",
            "oss",
            "dem",
            "mot",
            "kring",
            "inom",
            "även",
            "nog",
            "ju",
            "redan",
            "bara",
            "sedan",
            "ska",
            "skall",
            "sig",
            "här",
            "dock",
            "samt",
            "inga",
            "ingen",
            "något",
            "några",
        ]
    ),
    "fi": frozenset(
        [
            "ja",
            "ei",
            "että",
            "oli",
            "ole",
            "olla",
            "ovat",
            "myös",
            "kuin",
            "mutta",
            "tai",
            "jos",
            "niin",
            "kun",
            "ne",
            "tämä",
            "tämän",
            "nämä",
            "siitä",
            "sekä",
            "joka",
            "jotka",
            "mitä",
            "mikä",
            "miten",
            "missä",
            "kanssa",
            "vain",
            "paljon",
            "enemmän",
            "pitäisi",
            "voisi",
            "voi",
            "olisi",
            "ollut",
            "ollaan",
            "meillä",
            "meidän",
            "meille",
            "heidän",
            "hyvin",
            "aina",
            "vielä",
            "jo",
            "sitten",
            "kaikki",
            "kaikkia",
            "koska",
            "siis",
            "eli",
            "sen",
            "sitä",
            "niitä",
            "niiden",
            "tulee",
            "täytyy",
            "pitää",
            "osa",
            "osin",
            "usein",
            "liian",
            "tarpeeksi",
            "esimerkiksi",
            "mm",
            "eikä",
            "emme",
            "et",
            "siihen",
            "tähän",
            "nyt",
            "lisäksi",
            "asti",
            "jotta",
            "vaan",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "that",
            "this",
            "these",
            "those",
            "with",
            "for",
            "not",
            "have",
            "has",
            "had",
            "would",
            "should",
            "could",
            "will",
            "can",
            "from",
            "by",
            "at",
            "which",
            "who",
            "what",
            "when",
            "where",
            "how",
            "there",
            "their",
            "they",
            "them",
            "our",
            "we",
            "you",
            "it",
            "its",
            "an",
            "more",
            "most",
            "very",
            "also",
            "but",
            "or",
            "if",
            "than",
            "into",
            "about",
            "between",
            "without",
            "because",
            "through",
            "all",
            "any",
            "some",
            "such",
            "only",
            "just",
            "so",
            "do",
            "does",
            "did",
            "being",
            "other",
        ]
    ),
}
# More frequent words of one language only (none is written the same in Norwegian, Danish or
# Estonian), so that more everyday answers are settled without a model.
_FUNCTION_WORDS = {
    "sv": _FUNCTION_WORDS["sv"]
    | frozenset(_words_of("vilket|vilken|vilka|tyvärr|dessutom|kanske|ganska|väldigt|själv")),
    "fi": _FUNCTION_WORDS["fi"]
    | frozenset(
        _words_of(
            "joten|vaikka|kuitenkin|ehkä|siksi|sillä|mitään|jotain|koko|aivan|melko|erittäin|",
            "lähes|eivät|ette|mielestäni|muut|muiden|myöskään|lisää",
        )
    ),
    "en": _FUNCTION_WORDS["en"]
    | frozenset(_words_of("although|however|whether|while|still|already|never|always|maybe")),
}
# A word listed for two languages counts for neither.
_OWNER: dict[str, str] = {}
for _lang, _words in _FUNCTION_WORDS.items():
    for _w in _words:
        _OWNER[_w] = "" if _w in _OWNER else _lang
_OWN: dict[str, frozenset[str]] = {
    lang: frozenset(w for w, owner in _OWNER.items() if owner == lang) for lang in LANGUAGES
}
_OWN_SV, _OWN_FI, _OWN_EN = _OWN["sv"], _OWN["fi"], _OWN["en"]
# Function words each language shares with a neighbour (Swedish with Norwegian and Danish,
# Finnish with Estonian, English with Dutch and German): a vote needs one word beyond these.
_SHARED = {
    "sv": frozenset(
        _words_of(
            "det|som|med|av|på|har|den|de|om|var|kan|vi|så|men|mer|bli|blir|sin|sitt|",
            "hos|oss|dem|mot|ska|sig|ingen|eller|efter|vid",
        )
    ),
    "fi": frozenset(_words_of("ja|ei|et|oli|ole|olla|siis|osa|on")),
    "en": frozenset(_words_of("is|was|an|so|will|in")),
}
_VOTERS = {lang: _OWN[lang] - _SHARED[lang] for lang in LANGUAGES}

# Words that are signs of another language: frequent words of that language that are not words
# of sv/fi/en. A text holding one skips the function-word vote, loses the sv/fi/en prior, and
# the word's languages are favoured by the models' round.
_FOREIGN_WORDS: dict[str, frozenset[str]] = {}
for _codes, _line in (
    ("no da", "ikke|og|jeg|hva|hvor|meget|være|noe|noen|nok|hvis|fordi|enn|mye|også|fra|ingenting"),
    ("da", "hvad|ved|nogen|noget|jer|af|bemærkninger"),
    ("no", "vet|ikkje|eg|kva"),
    ("de", "und|nicht|ist|das|der|die|ich|auch|sind|wir|ein|eine|mit|für|sehr|zu|wird|kein|keine"),
    ("nl", "het|een|niet|zijn|ook|wij|voor|maar|weet|geen"),
    ("es", "que|los|las|el|una|para|por|pero|muy|más|y|es|con|lo|sin|falta"),
    ("fr", "les|des|est|une|pas|je|nous|avec|dans|très|il|ne|sais|aucun"),
    ("it", "che|della|sono|molto|anche|gli|lo|non|il|di"),
    ("pt", "não|uma|muito|também|sei"),
    (
        "et",
        "ning|aga|või|pole|väga|kõik|mis|seda|selle|kes|oska|öelda|rohkem|kui|meil|teil|nad|"
        "siin|seal|veel|oleks|peaks|vähem|ülikool|ülikoolis",
    ),
    ("hu", "és|hogy|nem|egy|nincs|több|kevés|tudom"),
    ("pl", "nie|jest|się|bardzo|wiem|brak"),
    ("la", "sed|nec|quis|amet|ut|ac|eu|quam|atque|neque|enim|vel|ipsum|lorem|dolor|nulla|est"),
    # lorem ipsum, which Qualtrics' generated test responses put in every text field
    (
        "la",
        "suscipit|commodo|bibendum|fusce|velit|nibh|pede|phasellus|pretium|convallis|lacus|"
        "maecenas|imperdiet|praesent|arcu|fringilla|lectus|euismod|ligula|facilisi|urna|etiam|"
        "tincidunt|suspendisse|mattis|eget|turpis|massa|sapien|nonummy|cras|felis|purus|"
        "eleifend|consequat|nullam|morbi|gravida|blandit|tortor|laoreet|dapibus|aliquam|"
        "ultrices|vitae|ultricies|consectetuer|orci|risus|aenean|elementum|accusamus",
    ),
):
    for _word in _line.split("|"):
        _FOREIGN_WORDS[_word] = _FOREIGN_WORDS.get(_word, frozenset()) | frozenset(_codes.split())
# "vet" is also Swedish ("vet inte"): it points to Norwegian only in a text already showing
# another language ("jeg vet ikke"). Words that are also function words of sv/fi/en are never
# signs of another language.
_WEAK_HINTS = {"vet": _FOREIGN_WORDS.pop("vet")}
for _word in list(_FOREIGN_WORDS):
    if _word in _OWNER:
        del _FOREIGN_WORDS[_word]
# Words that settle a short text among sv/fi/en when nothing points elsewhere ("X och Y",
# "X and Y"); "ja" and "ei" are left out since Estonian shares them.
_DECISIVE: dict[str, str] = {
    **dict.fromkeys(
        _words_of("och|inte|att|är|för|från|också|finns|mycket|där|när|mellan|utan|genom|även"),
        "sv",
    ),
    **dict.fromkeys(_words_of("että|myös|kuin|mutta|tai|jos|kanssa|vain|sekä|eikä|liian"), "fi"),
    **dict.fromkeys(_words_of("the|and|with|is|are|not|too|of"), "en"),
}
# "ja" and "ei" inside a text (not "Ja, ..." = yes) are Finnish or Estonian conjunctions.
_SHARED_FI_ET = frozenset(["ja", "ei"])
# Letters that some languages never write: ä/ö (sv, fi, et, de...) are not Norwegian, Danish
# or English; å is not Finnish, Estonian or English.
_NOT_WITH = (
    ("ä", frozenset(["no", "da", "en"])),
    ("ö", frozenset(["no", "da", "en"])),
    ("å", frozenset(["fi", "et", "en", "de"])),
)
# Letters that sv/fi/en do not use (ø, æ, õ, ß, ñ, ő, Cyrillic...): also signs of another language.
# (ü too: Estonian and German write it, sv/fi/en only in borrowed names)
_FOREIGN_LETTERS = re.compile(r"[^\W\d_a-zåäöéèàáâêëíìïîóòôúùûçšž']")  # on lower case
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_END_PUNCT = " .!,;:()\"'"

# The fast model's languages: sv/fi/en, their neighbours, and the languages most often met in
# surveys in the Nordic countries. Codes outside sv/fi/en are ISO 639-1 ("nb"/"nn" -> "no").
_MODEL_NAMES = (
    "SWEDISH FINNISH ENGLISH BOKMAL NYNORSK DANISH ICELANDIC ESTONIAN GERMAN DUTCH FRENCH "
    "SPANISH ITALIAN PORTUGUESE POLISH HUNGARIAN RUSSIAN UKRAINIAN LATVIAN LITHUANIAN CZECH "
    "TURKISH ARABIC PERSIAN SOMALI CHINESE LATIN"
)
_MODEL_LANGUAGES = tuple(_MODEL_NAMES.split())
_OWN_MODEL = ("ENGLISH", "FINNISH", "SWEDISH")
# long texts with no sign of another language: sv/fi/en and the neighbours that share their
# function words (a Norwegian or Estonian text may show no word or letter of its own)
_PLAIN_MODEL = ("BOKMAL", "DANISH", "ENGLISH", "ESTONIAN", "FINNISH", "SWEDISH")
_OWN_SURE = 0.8  # sv/fi/en model's confidence that settles a long text with no foreign sign
_CODE_ALIASES = {"nb": "no", "nn": "no"}
_CHUNK = 4096
_MODEL_CHARS = 2000  # characters of a text shown to lingua
_ACCURATE_BELOW = 6  # words: shorter texts need the accurate model unless the fast one is sure
_SURE = 0.9  # fast-model confidence above which a short text needs no second opinion
_HINTED_SURE = 0.75  # ...and above which it settles a short text whose function word agrees
_CANDIDATE_FLOOR = 0.05  # fast-model confidence for a language to enter the accurate round
_CANDIDATES = 4  # at most this many of the fast model's languages enter the accurate round
_PRIOR = 3.0  # sv/fi/en are this much likelier than another language, without signs of one
_HINT = 4.0  # a language whose own words are in the text is this much likelier
_SHORT_CONFIDENCE = 0.5  # texts of one or two words need this much, else `und`
_FEW_WORDS_CONFIDENCE = 0.4  # texts of three to five words need this much, else `und`
_OTHER_CONFIDENCE = 0.5  # another language is named only with this much, else `und`
_NEIGHBOURS = {"sv": frozenset(["no", "da"]), "fi": frozenset(["et"]), "en": frozenset()}
_OWN_AGREES = 0.5  # sv/fi/en-only confidence that confirms a short text's sv/fi/en leader


@dataclass(frozen=True)
class _Clues:
    """What the words of a text say before any model runs."""

    words: int
    foreign: bool  # a letter or word of another language
    hints: tuple[tuple[str, int], ...] = ()  # languages whose own words occur, and how often
    excluded: frozenset[str] = frozenset()  # languages that never write some letter of it

    def hint(self, code: str) -> int:
        return dict(self.hints).get(code, 0)


_NO_CLUES = _Clues(0, False)


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def _vote(distinct: set[str]) -> str | None:
    """The language whose own function words clearly outnumber the others', if any."""
    if not _FOREIGN_WORDS.keys().isdisjoint(distinct):
        return None
    sv, fi, en = len(_OWN_SV & distinct), len(_OWN_FI & distinct), len(_OWN_EN & distinct)
    top = max(sv, fi, en)
    if top < 2:
        return None
    best, second = (
        ("sv", max(fi, en))
        if sv == top
        else ("fi", max(sv, en))
        if fi == top
        else ("en", max(sv, fi))
    )
    if top < 3 * second + 1 or _VOTERS[best].isdisjoint(distinct):
        return None
    return best


def _by_rules(norm: str) -> tuple[str | None, _Clues]:
    """Decide by lexicon or function-word vote; else None and the clues for the models."""
    key = norm.strip(_END_PUNCT)
    lexicon = _SHORT_ANSWERS.get(key) or _SHORT_ANSWERS.get(norm)
    if lexicon is not None:
        return lexicon, _NO_CLUES
    foreign_letters = _FOREIGN_LETTERS.search(norm) is not None
    # Most long answers are settled here, on words split at spaces only (a word with a comma
    # attached just does not vote): splitting at every non-letter costs more than the vote.
    rough = norm.split()
    if len(rough) >= 3 and not foreign_letters:
        vote = _vote(set(rough))
        if vote is not None:
            return vote, _NO_CLUES
    words = _WORD.findall(norm)
    if not words:
        return UND, _NO_CLUES
    distinct = set(words)
    foreign_words = _FOREIGN_WORDS.keys() & distinct
    foreign = bool(foreign_words) or foreign_letters
    if not foreign and len(words) >= 3:
        vote = _vote(distinct)
        if vote is not None:
            return vote, _NO_CLUES
    hints: Counter[str] = Counter()
    for word in foreign_words:
        hints.update(_FOREIGN_WORDS[word])
    for word in _WEAK_HINTS.keys() & distinct if foreign else ():
        hints.update(_WEAK_HINTS[word])
    if not foreign:
        decisive = {_DECISIVE[w] for w in _DECISIVE.keys() & distinct}
        if len(decisive) == 1:
            hints.update(decisive)
    if not _SHARED_FI_ET.isdisjoint(words[1:]):
        hints.update(["fi", "et"])
    excluded = frozenset(c for letter, codes in _NOT_WITH if letter in norm for c in codes)
    return None, _Clues(len(words), foreign, tuple(sorted(hints.items())), excluded)


@lru_cache(maxsize=64)
def _detector(languages: tuple[str, ...], accurate: bool) -> Any:
    """A lingua detector over the named languages (lingua shares loaded models between them)."""
    from lingua import Language, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in languages))
    if not accurate:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def _code(language: Any) -> str:
    code = str(language.iso_code_639_1.name).lower()
    return _CODE_ALIASES.get(code, code)


_Scores = list[tuple[str, str, float]]  # (lingua name, our code, confidence), best first


def _by_model(texts: list[str], languages: tuple[str, ...], accurate: bool) -> list[_Scores]:
    """lingua's confidence values for each text (computed in parallel)."""
    if not texts:
        return []
    # lingua's time grows with the square of a word's length: the start of a text tells its
    # language, and a pasted wall of characters then costs milliseconds, not minutes
    texts = [t[:_MODEL_CHARS] for t in texts]
    values = _detector(languages, accurate).compute_language_confidence_values_in_parallel(texts)
    return [[(c.language.name, _code(c.language), c.value) for c in found] for found in values]


def _merged(scores: _Scores) -> list[tuple[str, float]]:
    """Confidence per code (Bokmål + Nynorsk = Norwegian), best first."""
    total: dict[str, float] = defaultdict(float)
    for _, code, value in scores:
        total[code] += value
    return sorted(total.items(), key=lambda item: -item[1])


def _fast_decision(scores: _Scores, clues: _Clues) -> str | None:
    """The fast model's answer when it can be trusted; None sends the text to the accurate one."""
    merged = _merged(scores)
    if not merged or merged[0][1] <= 0:
        return UND  # no letter sequence of any known language (e.g. only one- or two-letter words)
    code, value = merged[0]
    if code in clues.excluded:
        return None
    if clues.words >= _ACCURATE_BELOW:
        return code
    if code not in LANGUAGES and not clues.foreign:
        # "Introduction to Python" is French to the fast model: a short text with no sign of
        # another language is weighed in the accurate round, where sv/fi/en have their prior
        return None
    if value >= _SURE and (not clues.hints or clues.hint(code)):
        return code
    if value >= _HINTED_SURE and code in LANGUAGES and clues.hint(code) and not clues.foreign:
        return code  # "lack of time": the model agrees with the text's own function word
    return None


def _candidates(scores: _Scores, clues: _Clues) -> tuple[str, ...]:
    """sv/fi/en, the hinted languages and the fast model's likeliest, for the accurate round."""
    names = {"SWEDISH", "FINNISH", "ENGLISH"}
    for name, _, value in scores[:_CANDIDATES]:
        if value >= _CANDIDATE_FLOOR:
            names.add(name)
    for name, code, _ in scores:
        if clues.hint(code):
            names.add(name)
    if "NYNORSK" in names:  # one Norwegian is enough to tell it from Swedish and Danish, and
        names = (names - {"NYNORSK"}) | {"BOKMAL"}  # each accurate model costs a load
    return tuple(sorted(names))


def _weighted(scores: _Scores, clues: _Clues) -> list[tuple[str, float]]:
    """The accurate model's confidence per language weighed by the sv/fi/en prior and the
    words' hints, as shares of the whole weight, likeliest first (empty when none is possible)."""
    weighted = [
        (
            code,
            value
            * (_PRIOR if code in LANGUAGES and not clues.foreign else 1.0)
            * _HINT ** clues.hint(code),
        )
        for code, value in _merged(scores)
        if code not in clues.excluded
    ]
    total = sum(value for _, value in weighted)
    if total <= 0:
        return []
    return sorted(((code, value / total) for code, value in weighted), key=lambda cv: -cv[1])


def _final_decision(scores: _Scores, clues: _Clues) -> str:
    """The weighed leader when it is sure enough for the text's length, else `und`."""
    weighted = _weighted(scores, clues)
    if not weighted:
        return UND
    code, value = weighted[0]
    if code not in LANGUAGES:
        return code if value >= _OTHER_CONFIDENCE else UND
    floor = _SHORT_CONFIDENCE if clues.words < 3 else _FEW_WORDS_CONFIDENCE
    return UND if clues.words < _ACCURATE_BELOW and value < floor else code


def _own_leader(scores: _Scores, clues: _Clues) -> str | None:
    """For a text with no sign of another language: the one of sv/fi/en that leads the
    weighed accurate round, unless the neighbours that write like it (Norwegian and Danish
    for Swedish, Estonian for Finnish) weigh half as much ("For lite tid" is Norwegian)."""
    if clues.foreign:
        return None
    weighted = _weighted(scores, clues)
    if not weighted or weighted[0][0] not in LANGUAGES:
        return None
    code, value = weighted[0]
    neighbours = sum(v for c, v in weighted if c in _NEIGHBOURS[code])
    return code if neighbours < value / 2 else None


def detect_language(text: str) -> str:
    """The language of one text: 'sv', 'fi', 'en', another ISO 639-1 code or 'und'."""
    return detect_languages([text])[0]


def detect_languages(texts: Sequence[str], progress: Progress | None = None) -> list[str]:
    """Languages of many texts, in order; each distinct text is detected once."""
    norms = [_normalise(t) for t in texts]
    decided: dict[str, str] = {}
    pending: list[str] = []
    clues: dict[str, _Clues] = {}
    for norm in dict.fromkeys(norms):
        lang, found = _by_rules(norm)
        if lang is None:
            pending.append(norm)
            clues[norm] = found
        else:
            decided[norm] = lang
    unsure: dict[tuple[str, ...], list[str]] = defaultdict(list)
    total, done = len(pending), 0
    if progress:
        progress("detecting languages", 0, total)
    # Long texts with no sign of another language: sv/fi/en's own fast model (cheap, right on
    # every such text of tests/data/language); the twenty-odd-language one costs ten times more.
    plain = [n for n in pending if clues[n].words >= _ACCURATE_BELOW and not clues[n].foreign]
    broad = [n for n in pending if clues[n].words < _ACCURATE_BELOW or clues[n].foreign]
    for start in range(0, len(plain), _CHUNK):
        chunk = plain[start : start + _CHUNK]
        for norm, scores in zip(chunk, _by_model(chunk, _PLAIN_MODEL, False), strict=True):
            if scores and scores[0][2] >= _OWN_SURE:
                decided[norm] = scores[0][1]
                done += 1
            else:
                broad.append(norm)
        if progress:
            progress("detecting languages", done, total)
    for start in range(0, len(broad), _CHUNK):
        chunk = broad[start : start + _CHUNK]
        for norm, scores in zip(chunk, _by_model(chunk, _MODEL_LANGUAGES, False), strict=True):
            lang = _fast_decision(scores, clues[norm])
            if lang is not None:
                decided[norm] = lang
                done += 1
            else:
                unsure[_candidates(scores, clues[norm])].append(norm)
        if progress:
            progress("detecting languages", done, total)
    leaders: dict[str, str] = {}  # und so far, though one of sv/fi/en led
    for languages, group in unsure.items():
        for start in range(0, len(group), _CHUNK):
            chunk = group[start : start + _CHUNK]
            for norm, scores in zip(chunk, _by_model(chunk, languages, True), strict=True):
                decided[norm] = _final_decision(scores, clues[norm])
                leader = _own_leader(scores, clues[norm]) if decided[norm] == UND else None
                if leader is not None:
                    leaders[norm] = leader
    _confirm_own(leaders, decided)
    if progress:
        progress("detecting languages", total, total)
    return [decided[n] for n in norms]


def _confirm_own(leaders: dict[str, str], decided: dict[str, str]) -> None:
    """Short texts with no sign of another language whose leader among the candidates was
    one of sv/fi/en, below the floor for their length ("Data analysis", "Forskningsetik"):
    that language when the accurate model over sv/fi/en alone agrees with some margin.

    The survey's answers are in sv/fi/en; another language led none of these texts, and
    every text where one did stays `und`.
    """
    texts = list(leaders)
    for start in range(0, len(texts), _CHUNK):
        chunk = texts[start : start + _CHUNK]
        for norm, scores in zip(chunk, _by_model(chunk, _OWN_MODEL, True), strict=True):
            if scores and scores[0][1] == leaders[norm] and scores[0][2] >= _OWN_AGREES:
                decided[norm] = leaders[norm]


_LANGUAGE_NAMES: dict[str, str] = {
    **dict.fromkeys(
        ["sv", "swe", "swedish", "svenska", "ruotsi", "sv-fi", "sv-se", "sv_fi", "sv_se"], "sv"
    ),
    **dict.fromkeys(["fi", "fin", "finnish", "suomi", "finska", "fi-fi", "fi_fi"], "fi"),
    **dict.fromkeys(
        ["en", "eng", "english", "englanti", "engelska", "en-gb", "en-us", "en_gb", "en_us"],
        "en",
    ),
    **dict.fromkeys(["und", "unknown", "-"], UND),
}


def language_code(value: str) -> str | None:
    """Map a language column's value ('Svenska', 'fi-FI', 'English'...) to a code, or None."""
    return _LANGUAGE_NAMES.get(value.strip().lower())
