"""What-if and reverse solve over registry tools."""

import pytest

from tools.registry import ToolInputError, run_tool


def what_if(tool, inputs, field, new_value):
    return run_tool("what_if", {"tool": tool, "inputs": inputs, "field": field, "new_value": new_value})


def solve(tool, inputs, field, target):
    return run_tool("solve_for", {"tool": tool, "inputs": inputs, "field": field, "target": target})


def test_what_if_case_3_cac_from_320_to_180_moves_the_ratio_from_3_8_to_6_76():
    r = what_if("clv_cac_ratio", {"clv": 1216, "cac": 320}, "cac", 180)
    assert r.details["old_value"] == 3.8 and r.details["new_value"] == pytest.approx(6.7556, abs=1e-4)
    assert r.value == pytest.approx((1216 / 180 - 3.8) / 3.8 * 100, abs=1e-3)
    assert r.unit == "%" and r.details["kpi_unit"] == "ratio"
    assert r.formula == "clv_cac_ratio: 3.8 → 6.76 (cac 320 → 180); change = (6.76 − 3.8) / |3.8| × 100 = 77.78 %"
    assert r.verdict.level == "good" and r.verdict.rule == "clv_cac_3_to_1"  # the new value's verdict


def test_what_if_reports_the_verdict_before_and_after():
    r = what_if("cac_payback", {"cac": 1400, "monthly_arpu": 125, "gross_margin_pct": 80}, "cac", 900)
    assert (r.details["old_verdict"], r.details["new_verdict"]) == ("watch", "good")
    assert r.details["absolute_change"] == -5


def test_what_if_from_an_undefined_value_has_no_relative_change():
    r = what_if("marketing_roi", {"revenue": 2000, "cost": 0}, "cost", 500)
    assert r.value is None and r.details["new_value"] == 300
    assert any("undefined" in w.en for w in r.warnings)


def test_what_if_from_zero_has_no_relative_change():
    r = what_if("conversion_rate", {"conversions": 0, "visitors": 100}, "conversions", 5)
    assert r.value is None and "current value is 0" in r.warnings[0].en


def test_what_if_with_an_invalid_new_value_names_it():
    with pytest.raises(ToolInputError, match="what_if: new_value: .*cac: Input should be greater than or equal"):
        what_if("clv_cac_ratio", {"clv": 800, "cac": 100}, "cac", -5)


def test_what_if_refuses_an_unknown_field_listing_the_real_ones():
    with pytest.raises(ToolInputError, match="field: 'cca' is not an input of clv_cac_ratio .*clv, cac"):
        what_if("clv_cac_ratio", {"clv": 800, "cac": 100}, "cca", 5)


def test_what_if_refuses_unknown_and_meta_tools():
    with pytest.raises(ToolInputError, match="Unknown tool"):
        what_if("clv_cac", {}, "cac", 5)
    with pytest.raises(ToolInputError, match="meta tool"):
        what_if("what_if", {}, "tool", 5)


def test_highest_cac_keeping_clv_cac_at_3_for_a_clv_of_800():
    r = solve("clv_cac_ratio", {"clv": 800}, "cac", 3)
    assert r.value == pytest.approx(800 / 3, abs=1e-4) and r.unit == "EUR"
    assert "falls as cac grows" in r.convention[0].en and "below 266.67" in r.convention[0].en


def test_conversions_needed_for_3_percent_of_1000_visitors_is_30():
    r = solve("conversion_rate", {"visitors": 1000}, "conversions", 3)
    assert r.value == 30 and r.unit == "count"


def test_customers_needed_from_2000_visitors_to_reach_a_rate_gives_the_rate_directly():
    # The conversion rate needed for 60 customers from 2 000 visitors is the rate itself: 3 %.
    assert run_tool("conversion_rate", {"conversions": 60, "visitors": 2000}).value == 3
    # And the visitors needed for 60 customers at 3 %:
    assert solve("conversion_rate", {"conversions": 60}, "visitors", 3).value == 2000


def test_integer_field_without_exact_solution_gives_the_neighbours():
    r = solve("conversion_rate", {"visitors": 1000}, "conversions", 3.33)
    assert r.value in (33, 34)
    assert "33 gives 3.3, 34 gives 3.4" in r.warnings[0].en


def test_rate_field_is_searched_between_0_and_100():
    r = solve("sales_velocity", {"opportunities": 50, "average_deal_value": 24_000, "sales_cycle_days": 60},
              "win_rate_pct", 5000)
    assert r.value == pytest.approx(25) and r.unit == "%"


def test_target_out_of_reach_says_there_is_no_solution():
    r = solve("marketing_roi", {"revenue": 500}, "cost", -150)
    assert r.value is None
    assert "No value of cost" in r.warnings[0].en and "-100" in r.warnings[0].en


def test_solve_for_refuses_a_non_numeric_field():
    with pytest.raises(ToolInputError, match="solve_for: field: 'basis' .* is not a number"):
        solve("pipeline_contribution", {"influenced": 5, "total_pipeline": 10}, "basis", 50)


def test_solve_for_with_broken_other_inputs_shows_the_tool_message():
    with pytest.raises(ToolInputError, match="solve_for: inputs: .*clv: Input should be greater than or equal"):
        solve("clv_cac_ratio", {"clv": -800}, "cac", 3)


def test_what_if_refuses_nan_and_non_scalar_new_values_in_one_message():
    with pytest.raises(ToolInputError, match="new_value: must be a finite number"):
        what_if("clv_cac_ratio", {"clv": 800, "cac": 100}, "cac", float("nan"))
    with pytest.raises(ToolInputError, match="new_value: must be a number, a text or true/false"):
        what_if("clv_cac_ratio", {"clv": 800, "cac": 100}, "cac", [1])


@pytest.mark.parametrize("tool,inputs,field,target,expected", [
    ("cost_per_mille", {"ad_spend": 3600}, "impressions", 12, 300000),  # rounded CPMs equal 12 from 299 999 to 300 001
    ("cost_per_mille", {"ad_spend": 2400}, "impressions", 8, 300000),
    ("cost_per_click", {"ad_spend": 1500}, "clicks", 0.8, 1875),
    ("conversion_rate", {"conversions": 120}, "visitors", 2.5, 4800),
])
def test_solve_for_a_whole_count_gives_the_exact_one_not_a_neighbour_the_rounding_also_reaches(
        tool, inputs, field, target, expected):
    assert solve(tool, inputs, field, target).value == expected
