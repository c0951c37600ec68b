"""One language detector for the whole product: the chat, the LLM agent, the data tab and documents agree."""

from assistant.dataset.qa import guess_language
from assistant.prompts import detect_language as agent_language
from knowledge.analysis import detect_lang as document_language
from knowledge.language import detect_language

QUESTIONS = [
    ("Comment évolue mon CAC ?", "fr"),
    ("Quel canal a le meilleur CAC en mars ?", "fr"),
    ("j'ai cramé 4 500 € en google ads pr 30 nouveaux clients", "fr"),
    ("which channel has the best CAC in March?", "en"),
    ("is my churn of 3 % ok for a SaaS?", "en"),
    ("Mon taux de conversion est de 2 %, c'est bien ?", "fr"),
]


def test_every_entry_point_reads_the_language_the_same_way():
    for text, lang in QUESTIONS:
        assert detect_language(text) == lang, text
        assert agent_language(text) == lang, text
        assert guess_language(text) == lang, text
        assert document_language(text) == lang, text


def test_the_data_tab_answers_a_french_trend_question_in_french():
    assert guess_language("Comment évolue mon CAC ?") == "fr"  # was answered in English (4 detectors disagreed)
