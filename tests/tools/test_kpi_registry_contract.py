"""The registry contract: every tool is described in both languages, runs, and returns the public JSON shape."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tools.registry import ToolInputError, all_tools, run_tool

# One valid input per tool, and one with a zero denominator where the KPI has one. A new tool must add its own.
SAMPLES = {
    "customer_acquisition_cost": {"marketing_spend": 1200, "new_customers": 15, "average_price": 100},
    "cost_per_lead": {"marketing_spend": 30, "leads": 15, "segment": "B2C"},
    "cost_per_click": {"ad_spend": 10, "clicks": 20},
    "click_through_rate": {"clicks": 3, "impressions": 100},
    "cost_per_mille": {"ad_spend": 10, "impressions": 2000},
    "conversion_rate": {"conversions": 30, "visitors": 1000, "segment": "B2C"},
    "funnel_conversion": {"stages": [{"name": "a", "count": 10}, {"name": "b", "count": 5}]},
    "qualified_lead_rate": {"qualified_leads": 1, "leads": 4},
    "mql_to_sql_rate": {"sql": 1, "mql": 4},
    "clv_simple": {"average_basket": 400, "purchases_per_customer": 2, "cac": 100},
    "clv_b2b": {"average_revenue": 600, "purchase_frequency": 1, "customer_lifetime": 2, "cac": 500},
    "clv_margin_churn": {"arpu": 100, "gross_margin_pct": 70, "churn_rate_pct": 5, "cac": 300},
    "average_order_value": {"revenue": 100, "orders": 4},
    "clv_cac_ratio": {"clv": 1200, "cac": 500},
    "cac_payback": {"cac": 1000, "monthly_arpu": 100, "gross_margin_pct": 70},
    "retention_rate": {"returning_customers": 35, "total_customers": 100, "segment": "B2B"},
    "retention_over_period": {"customers_start": 100, "customers_end": 90, "new_customers": 10, "segment": "B2B"},
    "churn_rate": {"customers_lost": 3, "customers_start": 100, "period": "month"},
    "repeat_purchase_rate": {"repeat_customers": 1, "total_customers": 4},
    "multi_year_loyalty": {"loyal_counts": [4, 2]},
    "marketing_roi": {"revenue": 1500, "cost": 500},
    "roas": {"revenue": 1500, "ad_spend": 500},
    "sales_velocity": {"opportunities": 5, "win_rate_pct": 20, "average_deal_value": 100, "sales_cycle_days": 10},
    "pipeline_contribution": {"influenced": 1, "total_pipeline": 4},
    "social_engagement_rate": {"likes": 1, "comments": 1, "shares": 1, "reach": 30},
    "email_open_rate": {"opens": 30, "delivered": 100},
    "email_click_rate": {"clicks": 3, "delivered": 100},
    "click_to_open_rate": {"clicks": 3, "opens": 30},
    "lead_score": {"visited_pricing": True},
    "what_if": {"tool": "clv_cac_ratio", "inputs": {"clv": 800, "cac": 100}, "field": "cac", "new_value": 200},
    "solve_for": {"tool": "clv_cac_ratio", "inputs": {"clv": 800}, "field": "cac", "target": 3},
    "kpi_health": {"kpi": "marketing_roi", "value": 250},
}
ZERO = {
    "customer_acquisition_cost": {"marketing_spend": 1, "new_customers": 0},
    "cost_per_lead": {"marketing_spend": 1, "leads": 0},
    "cost_per_click": {"ad_spend": 1, "clicks": 0},
    "click_through_rate": {"clicks": 0, "impressions": 0},
    "cost_per_mille": {"ad_spend": 1, "impressions": 0},
    "conversion_rate": {"conversions": 0, "visitors": 0},
    "funnel_conversion": {"stages": [{"name": "a", "count": 0}, {"name": "b", "count": 0}]},
    "qualified_lead_rate": {"qualified_leads": 0, "leads": 0},
    "mql_to_sql_rate": {"sql": 0, "mql": 0},
    "clv_margin_churn": {"arpu": 100, "gross_margin_pct": 70, "churn_rate_pct": 0},
    "average_order_value": {"revenue": 1, "orders": 0},
    "clv_cac_ratio": {"clv": 1, "cac": 0},
    "cac_payback": {"cac": 1, "monthly_arpu": 0, "gross_margin_pct": 50},
    "retention_rate": {"returning_customers": 0, "total_customers": 0},
    "retention_over_period": {"customers_start": 0, "customers_end": 0, "new_customers": 0},
    "churn_rate": {"customers_lost": 0, "customers_start": 0},
    "repeat_purchase_rate": {"repeat_customers": 0, "total_customers": 0},
    "multi_year_loyalty": {"loyal_counts": [0, 0]},
    "marketing_roi": {"revenue": 1, "cost": 0},
    "roas": {"revenue": 1, "ad_spend": 0},
    "sales_velocity": {"opportunities": 5, "win_rate_pct": 20, "average_deal_value": 100, "sales_cycle_days": 0},
    "pipeline_contribution": {"influenced": 0, "total_pipeline": 0},
    "social_engagement_rate": {"likes": 0, "comments": 0, "shares": 0, "reach": 0},
    "email_open_rate": {"opens": 0, "delivered": 0},
    "email_click_rate": {"clicks": 0, "delivered": 0},
    "click_to_open_rate": {"clicks": 0, "opens": 0},
}
TOOLS = all_tools()
CONTRACT_KEYS = {"tool", "value", "unit", "formula", "inputs", "convention", "warnings", "verdict", "details"}


def test_every_registered_tool_has_a_sample_and_the_helpers_brief_ids_exist():
    assert {t.id for t in TOOLS} == set(SAMPLES)


@pytest.mark.parametrize("spec", TOOLS, ids=lambda s: s.id)
def test_every_field_has_a_description_and_a_bilingual_title(spec):
    assert spec.title_en and spec.title_fr and spec.description_en and spec.description_fr
    props = spec.schema()["properties"]
    for name, prop in props.items():
        assert prop.get("description"), f"{spec.id}.{name} has no description"
        en, fr = spec.field_titles[name]
        assert en and fr and en != name, f"{spec.id}.{name} lacks a bilingual title"
    assert set(spec.field_titles) == set(props)


@pytest.mark.parametrize("spec", TOOLS, ids=lambda s: s.id)
def test_pct_fields_are_bounded_0_to_100_and_counts_are_integers(spec):
    for name, prop in spec.schema()["properties"].items():
        numeric = next((o for o in prop.get("anyOf", [prop]) if o.get("type") in ("number", "integer")), None)
        if name.endswith("_pct"):
            assert (numeric["minimum"], numeric["maximum"]) == (0, 100)
        if numeric and numeric.get("unit") == "count" and numeric["type"] != "number":
            assert numeric["type"] == "integer"


@pytest.mark.parametrize("spec", TOOLS, ids=lambda s: s.id)
def test_every_tool_returns_the_public_contract(spec):
    result = run_tool(spec.id, SAMPLES[spec.id])
    contract = result.contract()
    assert set(contract) == CONTRACT_KEYS and contract["tool"] == spec.id
    assert isinstance(contract["value"], float) and contract["unit"] and "=" in contract["formula"]
    json.dumps(contract, allow_nan=False)  # strict JSON: no NaN or inf can leak
    for text in result.convention + result.warnings:
        assert text.en and text.fr
    if result.verdict is not None:
        assert result.verdict.source and result.verdict.segment and result.verdict.why.fr


def test_samples_exercise_verdicts_of_most_judged_tools():
    judged = [t for t in SAMPLES if run_tool(t, SAMPLES[t]).verdict is not None]
    assert len(judged) >= 12


@pytest.mark.parametrize("tool", sorted(ZERO))
def test_zero_denominator_gives_null_and_a_bilingual_warning(tool):
    result = run_tool(tool, ZERO[tool])
    assert result.value is None
    assert result.warnings and all(w.en and w.fr for w in result.warnings)
    assert result.verdict is None
    json.dumps(result.contract(), allow_nan=False)


numbers = st.integers(-5, 10**6) | st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0, 0.0, 1e15])
odd_values = numbers | st.booleans() | st.none() | st.text(max_size=4) | st.lists(numbers, max_size=3)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_changing_one_field_of_a_valid_input_never_crashes(data):
    tool = data.draw(st.sampled_from(sorted(SAMPLES)))
    raw = dict(SAMPLES[tool])
    field = data.draw(st.sampled_from(list(all_fields(tool))))
    raw[field] = data.draw(odd_values)
    try:
        result = run_tool(tool, raw)
    except ToolInputError as err:
        assert "\n" not in str(err) and field in str(err) or tool in ("what_if", "solve_for", "kpi_health")
    else:
        assert result.value is None or math.isfinite(result.value)
        json.dumps(result.contract(), allow_nan=False)


def all_fields(tool):
    return next(t for t in TOOLS if t.id == tool).input_model.model_fields
