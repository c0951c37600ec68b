"""Language detection, intents and the mapping of numbers to tool fields."""

import pytest

from assistant.offline.context import stated_values
from assistant.offline.intents import analyse, classify
from assistant.offline.slots import map_numbers
from knowledge.language import detect_language


@pytest.mark.parametrize(("text", "lang"), [
    ("Mon CAC est-il bon ?", "fr"), ("Is my CAC healthy?", "en"), ("quel taux de conversion pour 50 clients", "fr"),
    ("what CAC keeps CLV:CAC at 3?", "en"), ("C'est quoi le ROAS", "fr"), ("Explain ROAS please", "en"),
    ("j ai depense 900 euros", "fr"), ("spent 2.5k on ads, got 50 customers", "en"),
])
def test_language_is_detected(text, lang):
    assert detect_language(text) == lang


def test_a_bare_number_keeps_the_conversation_language():
    assert detect_language("15", default="fr") == "fr"
    assert detect_language("15", default="en") == "en"


def _intent(q, pending=False, last=False):
    a = analyse(q)
    return classify(a, pending, last, stated_values(a))


@pytest.mark.parametrize(("q", "intent"), [
    ("I spent 1200 € and got 15 customers, CAC?", "compute"),
    ("Mon CAC est-il sain ?", "health"),
    ("What is a vanity metric?", "explain"),
    ("Et si je baisse mes dépenses de 20 % ?", "what_if"),
    ("Combien de clients me faut-il pour un CAC de 50 € avec 1 000 € de budget ?", "solve"),
    ("Which KPIs should a B2B startup track?", "select"),
    ("Aide-moi à choisir 5 à 7 KPI", "select"),
    ("Build me a KPI plan for next quarter", "plan"),
    ("Comment réduire mon coût d'acquisition ?", "guidance"),
    ("Bonjour", "greeting"),
    ("What's the weather in Paris?", "out_of_scope"),
    ("Donne-moi une recette de gâteau", "out_of_scope"),
    ("Google: 500 € for 10 leads vs LinkedIn: 800 € for 10 leads", "compare"),
    ("my CAC is 80 €", "note"),
])
def test_intent_is_recognised(q, intent):
    assert _intent(q) == intent


def test_a_number_alone_answers_the_pending_question():
    assert _intent("20", pending=True) == "followup"
    assert _intent("20 clients", pending=True) == "followup"


def test_what_if_needs_a_base_or_numbers():
    assert _intent("what if I double the budget?", last=True) == "what_if"


@pytest.mark.parametrize(("q", "tool", "expected"), [
    ("J'ai dépensé 1 200 € en pub et eu 15 nouveaux clients", "customer_acquisition_cost",
     {"marketing_spend": 1200, "new_customers": 15}),
    ("15 new customers for a 1,200 € budget", "customer_acquisition_cost",
     {"marketing_spend": 1200, "new_customers": 15}),
    ("30 achats sur 1 000 visiteurs", "conversion_rate", {"conversions": 30, "visitors": 1000}),
    ("Sur 1 000 visiteurs, 30 ont acheté", "conversion_rate", {"conversions": 30, "visitors": 1000}),
    ("Campaign cost 500 € and brought in 1 500 € in sales", "marketing_roi", {"cost": 500, "revenue": 1500}),
    ("We started with 200 customers and lost 10", "churn_rate", {"customers_start": 200, "customers_lost": 10}),
    ("200 clients au début, 190 à la fin dont 30 nouveaux", "retention_over_period",
     {"customers_start": 200, "customers_end": 190, "new_customers": 30}),
    ("CAC 1000, ARPU 100 a month, 70% gross margin", "cac_payback",
     {"monthly_arpu": 100, "gross_margin_pct": 70}),
])
def test_numbers_go_to_the_fields_their_cue_words_name(q, tool, expected):
    a = analyse(q)
    inputs, _, _ = map_numbers(tool, a.nums, a.tokens, set(stated_values(a).values()))
    assert {k: inputs.get(k) for k in expected} == expected


def test_a_stated_kpi_value_is_not_taken_for_an_input():
    a = analyse("My CAC is 80 € and I sell at 100 €")
    assert stated_values(a) == {"customer_acquisition_cost": 0}


def test_typos_are_corrected_before_matching():
    a = analyse("conversoin rate with 45 sales and 1500 visiters?")
    assert a.kpis == ["conversion_rate"]
