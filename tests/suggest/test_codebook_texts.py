"""The codebook's own texts (sub-codes, single keywords, parts of include rules) teach the
learned model, so a theme is recognised in a language nobody has coded yet."""

from __future__ import annotations

from coder.codebook.model import Code, Codebook
from coder.suggest import Suggester
from coder.suggest.coldstart import ColdStart, exclude_pointers
from coder.text import default_processor


def _codebook() -> Codebook:
    time = Code(
        id="resources.time",
        labels={"fi": "Työaika", "en": "Working time"},
        examples={"fi": ["Työaikaa ei ole varattu kehittämiseen."]},
        keywords={"fi": ["työaika", "tunnit"], "en": ["working time", "hours"]},
    )
    return Codebook(
        id="c",
        codes=[
            Code(id="resources", labels={"en": "Resources"}, children=[time]),
            Code(
                id="marketing",
                labels={"en": "Marketing", "fi": "Markkinointi"},
                include={"en": "Advertising; newsletters; reaching students"},
                keywords={"en": ["marketing"], "fi": ["markkinointi", "mainonta"]},
            ),
        ],
    )


CODED = [
    ("There are no hours for this beside teaching", "en", {"resources"}),
    ("Nobody has working time set aside for it", "en", {"resources"}),
    ("Our newsletter never reaches students", "en", {"marketing"}),
    ("We do no advertising at all", "en", {"marketing"}),
] * 3


def test_sub_code_texts_teach_the_parent_in_an_uncoded_language() -> None:
    s = Suggester(_codebook(), code_ids=["resources", "marketing"]).fit(
        [t for t, _, _ in CODED], [lang for _, lang, _ in CODED], [c for _, _, c in CODED]
    )
    best = s.suggest("Kehittämiseen ei ole varattu työaikaa.", "fi", k=2)
    assert best[0].code == "resources"
    assert s.suggest("Mainonta puuttuu kokonaan.", "fi", k=2)[0].code == "marketing"


def test_include_rule_parts_are_learned_like_examples() -> None:
    s = Suggester(_codebook(), code_ids=["resources", "marketing"]).fit(
        [t for t, _, _ in CODED], [lang for _, lang, _ in CODED], [c for _, _, c in CODED]
    )
    assert s.predict(["Newsletters"], ["en"]) == [{"marketing"}]


def test_exclude_rules_that_name_a_code_teach_that_code() -> None:
    codebook = _codebook()
    codebook.codes[1].exclude = {"en": "Too few staff hours to send mailings (resources.time)."}
    assert exclude_pointers(codebook) == [
        ("en", "Too few staff hours to send mailings", "resources.time")
    ]
    s = Suggester(codebook, code_ids=["resources", "marketing"]).fit(
        [t for t, _, _ in CODED], [lang for _, lang, _ in CODED], [c for _, _, c in CODED]
    )
    assert s.suggest("Staff hours are too few", "en", k=1)[0].code == "resources"


def test_cold_start_scores_the_code_an_exclude_rule_points_to() -> None:
    codebook = _codebook()
    codebook.codes[1].exclude = {"en": "Budgets for mailings (resources.time)."}
    cold = ColdStart(codebook, ["resources", "marketing"])
    doc = default_processor().process("The budgets are gone", "en")
    resources, marketing = cold.predict_proba([doc])[0]
    assert resources > 0.0 and marketing == 0.0


def test_a_sub_code_suggested_in_its_own_right_keeps_its_texts_from_the_parent() -> None:
    """Coders give the sub-code instead of its parent when the answer is specific: with both
    suggested, the sub-code's words must point to the sub-code, not to the general theme."""
    codebook = _codebook()
    codes = ["resources", "resources.time", "marketing"]
    cold = ColdStart(codebook, codes)
    scores = cold.predict_proba([default_processor().process("Ei työaikaa", "fi")])[0]
    assert scores[1] > 0.5 and scores[0] < 0.1  # (the parent claimed 0.43 of them)
    coded = [
        *CODED[:4],
        ("Not enough money for the course", "en", {"resources"}),
        ("Työaikaa ei ole", "fi", {"resources.time"}),
    ] * 3
    s = Suggester(codebook, code_ids=codes).fit(
        [t for t, _, _ in coded], [lang for _, lang, _ in coded], [c for _, _, c in coded]
    )
    proba = s.predict_proba(["Tunnit eivät riitä, ei työaikaa"], ["fi"])[0]
    assert proba[1] > 0.8 and proba[0] < 0.2  # (0.74 and 0.39 while the parent had them)
    # suggested without its sub-code, the parent still learns from the sub-code's texts
    parent_only = ColdStart(codebook, ["resources", "marketing"])
    scores = parent_only.predict_proba([default_processor().process("Ei työaikaa", "fi")])[0]
    assert scores[0] > scores[1]


def _analyst_codebook() -> Codebook:
    """Labels and one definition per code, as an analyst writes them: no keywords."""
    return Codebook(
        id="info",
        codes=[
            Code(
                id="marketing",
                labels={"en": "Active marketing", "fi": "Aktiivinen markkinointi"},
                definition={
                    "en": "The answer wants the offering promoted to the outside world, for "
                    "example on social media, through newsletters, adverts or at events.",
                    "fi": "Vastaus toivoo tarjonnan markkinointia ulospäin, esimerkiksi "
                    "sosiaalisessa mediassa, uutiskirjeillä, mainoksilla tai tapahtumissa.",
                },
            ),
            Code(
                id="guidance",
                labels={"en": "Personal guidance", "fi": "Henkilökohtainen neuvonta"},
                definition={
                    "en": "The answer wants a contact person, advice, a chat or other personal "
                    "help in choosing the right course.",
                    "fi": "Vastaus toivoo yhteyshenkilöä, neuvontaa, chattia tai muuta "
                    "henkilökohtaista apua sopivan koulutuksen valintaan.",
                },
            ),
        ],
    )


def test_definition_items_split_at_commas_and_the_last_or() -> None:
    from coder.suggest.suggester import definition_parts

    assert definition_parts("A contact person, advice, a chat or other help.") == [
        "A contact person",
        "advice",
        "a chat",
        "other help",
    ]
    assert definition_parts("Kaikki yhdessä paikassa") == []


def test_an_answer_naming_one_item_of_a_definition_gets_its_code() -> None:
    """A one-word answer in a language nobody has coded yet names one thing the definition
    lists: the item, learned as a row of its own, carries the code."""
    coded = [
        ("Please advertise the courses more", "en", {"marketing"}),
        ("More visibility outside the university", "en", {"marketing"}),
        ("Someone I could call and ask", "en", {"guidance"}),
        ("Help choosing which course suits me", "en", {"guidance"}),
    ] * 3
    s = Suggester(_analyst_codebook()).fit(
        [t for t, _, _ in coded], [lang for _, lang, _ in coded], [c for _, _, c in coded]
    )
    assert s.predict(["Uutiskirjeitä", "Chatti"], ["fi", "fi"]) == [{"marketing"}, {"guidance"}]
