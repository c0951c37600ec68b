"""Invariants checked on many generated inputs (hypothesis)."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tools.registry import run_tool

money = st.just(0.0) | st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False)
positive_money = st.floats(min_value=0.01, max_value=1e9, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=1, max_value=10**6)


@given(revenue=money, cost=positive_money)
def test_roi_is_never_below_minus_100_percent_for_non_negative_revenue(revenue, cost):
    assert run_tool("marketing_roi", {"revenue": revenue, "cost": cost}).value >= -100


@given(spend=positive_money, customers=counts, factor=st.integers(min_value=2, max_value=1000))
def test_scaling_spend_and_customers_together_leaves_cac_unchanged(spend, customers, factor):
    base = run_tool("customer_acquisition_cost", {"marketing_spend": spend, "new_customers": customers}).value
    scaled = run_tool("customer_acquisition_cost",
                      {"marketing_spend": spend * factor, "new_customers": customers * factor}).value
    assert math.isclose(base, scaled, rel_tol=1e-4)


@given(st.lists(st.integers(min_value=1, max_value=10**6), min_size=2, max_size=8))
def test_funnel_overall_rate_is_the_product_of_stage_rates(stage_counts):
    stages = [{"name": f"s{i}", "count": c} for i, c in enumerate(stage_counts)]
    r = run_tool("funnel_conversion", {"stages": stages})
    product = math.prod(s["rate_pct"] / 100 for s in r.details["stage_rates"]) * 100
    assert math.isclose(r.value, product, rel_tol=1e-3, abs_tol=1e-6)
    assert math.isclose(r.value, stage_counts[-1] / stage_counts[0] * 100, rel_tol=1e-5)


@given(clv=positive_money, cac=positive_money)
def test_what_if_to_the_same_value_changes_nothing(clv, cac):
    r = run_tool("what_if", {"tool": "clv_cac_ratio", "inputs": {"clv": clv, "cac": cac}, "field": "cac",
                             "new_value": cac})
    assert r.value == 0
    assert r.details["old_value"] == r.details["new_value"]


@settings(max_examples=40, deadline=None)
@given(clv=st.floats(min_value=10, max_value=1e7), target=st.floats(min_value=0.5, max_value=20))
def test_solving_for_cac_then_running_the_tool_gives_the_target(clv, target):
    solved = run_tool("solve_for", {"tool": "clv_cac_ratio", "inputs": {"clv": clv}, "field": "cac",
                                    "target": target})
    again = run_tool("clv_cac_ratio", {"clv": clv, "cac": solved.value}).value
    assert math.isclose(again, target, rel_tol=1e-4)


@settings(max_examples=40, deadline=None)
@given(cost=st.floats(min_value=1, max_value=1e6), target=st.floats(min_value=-99, max_value=1000))
def test_solving_roi_for_revenue_then_running_gives_the_target(cost, target):
    solved = run_tool("solve_for", {"tool": "marketing_roi", "inputs": {"cost": cost}, "field": "revenue",
                                    "target": target})
    again = run_tool("marketing_roi", {"cost": cost, "revenue": solved.value}).value
    assert math.isclose(again, target, rel_tol=1e-4, abs_tol=1e-3)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**16, 10**16) | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_input_gives_a_result_or_a_tool_input_error_never_a_crash(data):
    from tools.registry import ToolInputError, all_tools

    spec = data.draw(st.sampled_from(all_tools()))
    fields = list(spec.input_model.model_fields)
    raw = data.draw(st.dictionaries(st.sampled_from(fields + ["bogus"]), json_values, max_size=len(fields) + 1))
    try:
        result = run_tool(spec.id, raw)
    except ToolInputError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert result.value is None or math.isfinite(result.value)
