"""Break-even questions become a CAC target equal to what one customer brings; plain 'how much is one lead'."""

import pytest

from assistant.session import Session


def _last(engine, q):
    r = engine.answer(q, Session())
    return r, r.tool_calls[-1] if r.tool_calls else None


@pytest.mark.parametrize(("q", "field", "value", "said"), [
    ("how many customers do I need to break even on 5 000 € if each brings 250 €?", "new_customers", 20,
     "the CAC target is €250"),
    ("combien de clients pour rentabiliser une campagne de 3 000 € si chaque client rapporte 150 € ?",
     "new_customers", 20, "la cible de CAC est donc 150 €"),
    ("I got 40 customers, each brings €90, how much can I spend and still break even?", "marketing_spend", 3600,
     "the CAC target is €90"),
])
def test_break_even_solves_the_cac_that_equals_the_value_per_customer(engine, q, field, value, said):
    r, call = _last(engine, q)
    assert (call.name, call.arguments["tool"], call.arguments["field"]) == ("solve_for", "customer_acquisition_cost",
                                                                            field)
    assert call.result["value"] == value
    assert said in r.answer


def test_solver_sentences_name_fields_by_title_not_id(engine):
    r, _ = _last(engine, "how many customers do I need to break even on 5 000 € if each brings 250 €?")
    assert "new_customers" not in r.answer.replace("`", " ").split("(new_customers =")[0]
    assert "new customers below 20" in r.answer


def test_leads_needed_for_a_conversion_target_solves_the_denominator(engine):
    _, call = _last(engine, "Combien de leads je dois générer pour avoir 20 clients avec un taux de conversion "
                            "de 5 % ?")
    assert (call.arguments["field"], call.result["value"]) == ("visitors", 400)


@pytest.mark.parametrize(("q", "tool", "value"), [
    ("salon pro : 3 200 € pour 64 leads, ça fait combien le lead ?", "cost_per_lead", 50),
    ("j'ai mis 2 000 € en pub et signé 8 clients, combien me coûte un client ?", "customer_acquisition_cost", 250),
    ("spent $900 on LinkedIn, got 30 leads. how much does each lead cost me?", "cost_per_lead", 30),
])
def test_the_price_of_one_lead_or_customer_in_plain_words(engine, q, tool, value):
    _, call = _last(engine, q)
    assert (call.name, call.result["value"]) == (tool, value)


@pytest.mark.parametrize(("q", "said"), [
    ("I spent -500 on ads and got 10 customers, CAC?", "marketing spend: cannot be negative (you gave -500)"),
    ("j'ai dépensé -500 € et eu 10 clients, mon CAC ?", "dépenses marketing : ne peut pas être négatif (vous avez "
                                                       "donné -500)"),
])
def test_a_negative_figure_is_refused_in_plain_words(engine, q, said):
    r, call = _last(engine, q)
    assert call is None and said in r.answer
    assert "customer_acquisition_cost" not in r.answer and "marketing_spend" not in r.answer


@pytest.mark.parametrize(("q", "tool", "revenue", "value", "said"), [
    ("budget pub 500€/mois, 2 ventes à 300€. je continue ?", "marketing_roi", 600, 20,
     "Chiffre d'affaires = 2 ventes × 300 € = 600 €"),
    ("spent 400 on ads, sold 12 units at €50 each, ROI?", "marketing_roi", 600, 50, "Revenue = 12 sales × €50 = €600"),
])
def test_units_at_a_price_make_the_revenue(engine, q, tool, revenue, value, said):
    r, call = _last(engine, q)
    assert (call.name, call.arguments["revenue"], call.result["value"]) == (tool, revenue, value)
    assert said in r.answer


def test_sales_for_a_total_are_not_multiplied(engine):
    _, call = _last(engine, "spent €400 on ads, 2 sales for €900, ROAS?")
    assert call.arguments["revenue"] == 900


@pytest.mark.parametrize(("q", "cac", "said"), [
    ("Combien je peux dépenser max par client si ma CLV est de 600 € ?", 200, "un CAC égal à la CLV, 600 €"),
    ("how much can I spend to acquire a customer if my LTV is 900?", 300, "a CLV three times the CAC"),
])
def test_the_cac_a_clv_affords_is_solved_at_the_usual_ratio(engine, q, cac, said):
    r, call = _last(engine, q)
    assert (call.arguments["tool"], call.arguments["field"], call.arguments["target"], call.result["value"]) == (
        "clv_cac_ratio", "cac", 3, cac)
    assert said in r.answer
