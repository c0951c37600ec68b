"""Acquisition tools: CAC (article 000 and 003 examples, B2B convention), CPL, CPC, CTR, CPM."""

import pytest

from tools.registry import ToolInputError, run_tool


def run(tool, **inputs):
    return run_tool(tool, inputs)


def test_cac_b2b_adds_sales_spend_like_common_libraries():
    r = run("customer_acquisition_cost", marketing_spend=5000, sales_spend=3000, new_customers=100)
    assert r.value == 80
    assert r.formula == "CAC = (5 000 + 3 000) / 100 = 80"
    assert "sales spend" in r.convention[0].en


def test_cac_counts_founder_hours_at_the_hourly_rate():
    r = run("customer_acquisition_cost", marketing_spend=1200, new_customers=15, founder_hours=10, hourly_rate=30)
    assert r.value == 100  # (1 200 + 10 × 30) / 15
    assert r.formula == "CAC = (1 200 + 10 h × 30) / 15 = 100"
    assert r.details["total_acquisition_cost"] == 1500


def test_cac_case_3_of_article_003_is_320_per_customer():
    assert run("customer_acquisition_cost", marketing_spend=720_000, new_customers=2250).value == 320


@pytest.mark.parametrize(("price", "level"), [(100, "watch"), (800, "good"), (80, "alert"), (60, "alert")])
def test_cac_of_80_is_judged_against_the_price_as_article_000_does(price, level):
    r = run("customer_acquisition_cost", marketing_spend=1200, new_customers=15, average_price=price)
    assert r.verdict.level == level
    assert r.verdict.source.startswith("5 KPI Marketing indispensables")


def test_cac_has_no_verdict_without_a_price():
    assert run("customer_acquisition_cost", marketing_spend=1200, new_customers=15).verdict is None


def test_cpl_divides_spend_by_leads():
    r = run("cost_per_lead", marketing_spend=1500, leads=300)
    assert (r.value, r.unit, r.formula) == (5, "EUR", "CPL = 1 500 / 300 = 5")
    assert r.verdict is None  # the < 3 € target is a B2C example: no segment, no verdict


def test_cpl_under_3_euros_is_good_for_b2c_and_above_is_watch():
    assert run("cost_per_lead", marketing_spend=250, leads=100, segment="B2C").verdict.level == "good"
    r = run("cost_per_lead", marketing_spend=500, leads=100, segment="B2C product")
    assert r.verdict.level == "watch" and "004" in r.verdict.source


def test_cpl_target_in_euros_is_not_applied_to_other_currencies_or_b2b():
    assert run("cost_per_lead", marketing_spend=500, leads=100, segment="B2C", currency="USD").verdict is None
    assert run("cost_per_lead", marketing_spend=5000, leads=100, segment="B2B").verdict is None


def test_cpl_is_undefined_without_leads():
    r = run("cost_per_lead", marketing_spend=500, leads=0)
    assert r.value is None and "undefined" in r.warnings[0].en and r.warnings[0].fr


def test_cpc_ctr_and_cpm_hand_worked():
    assert run("cost_per_click", ad_spend=200, clicks=400).value == 0.5
    ctr = run("click_through_rate", clicks=30, impressions=1000)
    assert (ctr.value, ctr.unit, ctr.formula) == (3, "%", "CTR = 30 / 1 000 × 100 = 3 %")
    cpm = run("cost_per_mille", ad_spend=30, impressions=10_000)
    assert (cpm.value, cpm.formula) == (3, "CPM = 30 × 1 000 / 10 000 = 3")


@pytest.mark.parametrize(("tool", "inputs"), [
    ("cost_per_click", {"ad_spend": 10, "clicks": 0}),
    ("click_through_rate", {"clicks": 0, "impressions": 0}),
    ("cost_per_mille", {"ad_spend": 10, "impressions": 0}),
])
def test_zero_denominators_give_null_and_a_bilingual_warning(tool, inputs):
    r = run_tool(tool, inputs)
    assert r.value is None
    assert r.warnings and r.warnings[0].en.endswith(".") and "n'est pas défini" in r.warnings[0].fr


def test_more_clicks_than_impressions_is_refused_naming_the_field():
    with pytest.raises(ToolInputError, match="impressions: must be at least clicks"):
        run("click_through_rate", clicks=30, impressions=10)


def test_huge_and_tiny_amounts_stay_exact_and_readable():
    assert run("customer_acquisition_cost", marketing_spend=1e15, new_customers=1).value == 1e15
    tiny = run("cost_per_click", ad_spend=0.01, clicks=10**12)
    assert tiny.value == pytest.approx(1e-14)
    assert tiny.formula == "CPC = 0.01 / 1 000 000 000 000 = 1e-14"


def test_amounts_beyond_the_limit_are_refused_instead_of_overflowing():
    with pytest.raises(ToolInputError, match="marketing_spend: Input should be less than or equal to"):
        run("customer_acquisition_cost", marketing_spend=1e300, new_customers=1)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinity_are_refused(bad):
    with pytest.raises(ToolInputError, match="ad_spend: Input should be a finite number"):
        run("cost_per_click", ad_spend=bad, clicks=3)


@pytest.mark.parametrize(("tool", "inputs", "field"), [
    ("marketing_roi", {"revenue": 100, "cost": 1e-300}, "cost"),
    ("clv_margin_churn", {"arpu": 100, "gross_margin_pct": 70, "churn_rate_pct": 1e-300}, "churn_rate_pct"),
    ("sales_velocity", {"opportunities": 1, "win_rate_pct": 5, "average_deal_value": 1, "sales_cycle_days": 1e-300},
     "sales_cycle_days"),
])
def test_denominators_too_small_to_divide_by_are_refused_not_overflowed(tool, inputs, field):
    with pytest.raises(ToolInputError, match=f"{field}: must be 0 or at least 0.000001"):
        run_tool(tool, inputs)


def test_a_fractional_count_is_refused():
    with pytest.raises(ToolInputError, match="clicks"):
        run("cost_per_click", ad_spend=3, clicks=2.5)
