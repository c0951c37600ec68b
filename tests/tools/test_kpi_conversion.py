"""Conversion tools: conversion rate (article 000), funnel by stage (article 003), qualified leads, MQL→SQL."""

import pytest

from tools.registry import ToolInputError, run_tool


def run(tool, **inputs):
    return run_tool(tool, inputs)


def funnel(*counts):
    names = ["visitors", "leads", "customers"] if len(counts) == 3 else ["visitors", "leads", "sql", "customers"]
    stages = [{"name": n, "count": c} for n, c in zip(names, counts, strict=False)]
    return run_tool("funnel_conversion", {"stages": stages})


def test_article_000_example_30_buyers_of_1000_visitors_is_3_percent():
    r = run("conversion_rate", conversions=30, visitors=1000)
    assert (r.value, r.unit) == (3, "%")
    assert r.formula == "Conversion rate = 30 / 1 000 × 100 = 3 %"


@pytest.mark.parametrize(("conversions", "level"), [(30, "good"), (10, "good"), (50, "good"), (5, "watch"),
                                                    (80, "good")])
def test_b2c_conversion_is_judged_against_the_1_to_5_percent_range(conversions, level):
    r = run("conversion_rate", conversions=conversions, visitors=1000, segment="B2C")
    assert r.verdict.level == level
    assert r.verdict.rule == "conversion_b2c_1_to_5" and r.verdict.segment == "B2C"


def test_b2c_range_is_not_applied_to_b2b_or_unknown_segment():
    assert run("conversion_rate", conversions=5, visitors=1000, segment="B2B").verdict is None
    assert run("conversion_rate", conversions=5, visitors=1000).verdict is None


def test_case_1_of_article_003_from_2_1_to_3_4_percent_of_15000_visitors():
    assert run("conversion_rate", conversions=315, visitors=15_000).value == 2.1
    assert run("conversion_rate", conversions=510, visitors=15_000).value == 3.4


def test_conversion_is_undefined_without_visitors():
    r = run("conversion_rate", conversions=0, visitors=0)
    assert r.value is None and "no visitors" in r.warnings[0].en


def test_more_conversions_than_visitors_is_refused():
    with pytest.raises(ToolInputError, match="visitors: must be at least conversions"):
        run("conversion_rate", conversions=31, visitors=30)


def test_funnel_of_article_003_40_percent_then_5_percent():
    r = funnel(1000, 400, 20)
    assert [s["rate_pct"] for s in r.details["stage_rates"]] == [40, 5]
    assert r.value == 2 and r.details["overall_pct"] == 2
    assert r.details["weakest_step"] == {"from": "leads", "to": "customers", "rate_pct": 5}
    assert r.formula == "Overall = 20 / 1 000 × 100 = 2 % (visitors→leads 40 % × leads→customers 5 %)"


def test_funnel_weakest_step_is_the_lowest_rate_wherever_it_is():
    r = funnel(1000, 100, 80, 60)  # visitors, leads, sql, customers
    assert r.details["weakest_step"]["to"] == "leads"
    assert r.value == 6


def test_funnel_with_an_empty_stage_leaves_the_next_rate_undefined():
    r = funnel(1000, 0, 0)
    assert r.details["stage_rates"][1]["rate_pct"] is None
    assert r.value == 0
    assert "nobody reached 'leads'" in r.warnings[0].en


def test_funnel_with_an_empty_first_stage_has_no_overall_rate():
    assert funnel(0, 0).value is None


def test_funnel_stage_growing_is_flagged():
    r = funnel(100, 150)
    assert r.value == 150 and "More people" in r.warnings[0].en


def test_funnel_needs_at_least_two_stages():
    with pytest.raises(ToolInputError, match="stages"):
        run_tool("funnel_conversion", {"stages": [{"name": "visitors", "count": 10}]})


def test_qualified_lead_rate_hand_worked():
    assert run("qualified_lead_rate", qualified_leads=45, leads=150).value == 30


def test_mql_to_sql_of_article_003_1000_mql_from_25_to_40_percent():
    assert run("mql_to_sql_rate", sql=250, mql=1000).value == 25
    assert run("mql_to_sql_rate", sql=400, mql=1000).value == 40
    change = run_tool("what_if", {"tool": "mql_to_sql_rate", "inputs": {"sql": 250, "mql": 1000}, "field": "sql",
                                  "new_value": 400})
    assert change.value == 60


def test_more_sql_than_mql_is_refused():
    with pytest.raises(ToolInputError, match="mql"):
        run("mql_to_sql_rate", sql=5, mql=4)
