"""Comparisons: figures given 'respectively', a bare figure before a priced one, and no KPI named."""

import pytest

from assistant.session import Session


@pytest.mark.parametrize(("q", "values", "formulas"), [
    ("I spent 1200 last month and 1500 this month, got 15 and 20 customers. compare CAC", [80, 75],
     ["CAC = 1 200 / 15 = 80", "CAC = 1 500 / 20 = 75"]),
    ("Google et LinkedIn : 800 € et 1 200 € dépensés, 20 et 24 leads. Lequel a le meilleur CPL ?", [40, 50],
     ["CPL = 800 / 20 = 40", "CPL = 1 200 / 24 = 50"]),
    ("Facebook: 20 customers for 1 000 €, Instagram: 25 for 1 500 €, which has the better CAC?", [50, 60],
     ["CAC = 1 000 / 20 = 50", "CAC = 1 500 / 25 = 60"]),
])
def test_each_option_gets_its_own_figures(engine, q, values, formulas):
    r = engine.answer(q, Session())
    assert [c.result["value"] for c in r.tool_calls] == values
    assert all(f in r.answer for f in formulas)


def test_a_comparison_without_a_kpi_compares_on_the_kpi_the_figures_make(engine):
    # spend and customers for each option: the comparison is on the CAC, said by name, each option by its name
    r = engine.answer("Facebook: 20 customers for 1 000 €, Instagram: 25 for 1 500 €, which is better?", Session())
    assert [(c.name, c.result["value"]) for c in r.tool_calls] == [("customer_acquisition_cost", 50),
                                                                   ("customer_acquisition_cost", 60)]
    assert "**Facebook** does better on Customer acquisition cost (CAC)" in r.answer


def test_a_comparison_whose_figures_make_no_kpi_asks_which_kpi_in_words(engine):
    r = engine.answer("Facebook: 20 vs Instagram: 25, which is better?", Session())
    assert r.tool_calls == [] and "Which KPI should I compare them on" in r.answer


def test_a_figure_said_for_both_options_serves_each(engine):
    r = engine.answer("Test A/B, 5 000 délivrés de chaque côté : la version A a fait 1 150 ouvertures, la B 1 340. "
                      "Taux d'ouverture de chacune ?", Session())
    assert [c.result["value"] for c in r.tool_calls] == [23, 26.8]
    # a figure between the options is not shared: the second option's leads were not given
    r = engine.answer("Google: 500 € for 10 leads vs LinkedIn: 800 €. CPL of each?", Session())
    assert [c.result["value"] for c in r.tool_calls] == [50]
