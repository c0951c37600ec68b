"""ROI and ROAS (article 000 and 003), sales velocity and pipeline contribution, engagement rates."""

import pytest

from tools.registry import ToolInputError, run_tool


def run(tool, **inputs):
    return run_tool(tool, inputs)


def test_article_000_roi_500_spent_for_1500_is_200_percent_and_good():
    r = run("marketing_roi", revenue=1500, cost=500)
    assert (r.value, r.formula) == (200, "ROI = (1 500 − 500) / 500 × 100 = 200 %")
    assert r.verdict.level == "good" and r.verdict.rule == "roi_break_even_0_target_200"
    assert r.details == {"net_return": 1000, "revenue_multiple": 3}


def test_article_000_email_at_zero_cost_has_an_undefined_roi_not_infinite():
    r = run("marketing_roi", revenue=2000, cost=0)
    assert r.value is None and r.verdict is None
    assert r.formula == "ROI = (2 000 − 0) / 0 × 100 = undefined"
    assert "infinite" in r.warnings[0].en and "cannot be compared" in r.warnings[0].en
    assert "infini" in r.warnings[0].fr


def test_article_003_email_campaign_5000_to_25000_is_400_percent_and_excellent():
    r = run("marketing_roi", revenue=25_000, cost=5000)
    assert r.value == 400 and r.verdict.level == "good" and "excellent" in r.verdict.why.en


@pytest.mark.parametrize(("revenue", "phase", "level"), [
    (300, "standard", "alert"), (300, "launch", "watch"), (300, "awareness", "watch"), (750, "standard", "watch"),
])
def test_negative_roi_is_an_alert_unless_launch_or_awareness(revenue, phase, level):
    assert run("marketing_roi", revenue=revenue, cost=500, phase=phase).verdict.level == level


def test_roas_is_a_multiple_and_judged_through_its_equivalent_roi():
    r = run("roas", revenue=2000, ad_spend=500)
    assert (r.value, r.unit) == (4, "ratio") and r.details["equivalent_roi_pct"] == 300
    assert r.verdict.level == "good"


def test_roas_without_ad_spend_is_undefined():
    assert run("roas", revenue=2000, ad_spend=0).value is None


def test_sales_velocity_per_day_and_per_month():
    r = run("sales_velocity", opportunities=50, win_rate_pct=20, average_deal_value=24_000, sales_cycle_days=60)
    assert (r.value, r.unit) == (4000, "per_day")  # 50 × 0.2 × 24 000 / 60
    assert r.details["per_month"] == pytest.approx(4000 * 365 / 12, abs=1e-4)
    assert r.formula == "Velocity = (50 × 20 % × 24 000) / 60 days = 4 000 EUR per day"


def test_article_003_cycle_from_60_to_45_days_raises_velocity_by_a_third():
    inputs = {"opportunities": 50, "win_rate_pct": 20, "average_deal_value": 24_000, "sales_cycle_days": 60}
    r = run_tool("what_if", {"tool": "sales_velocity", "inputs": inputs, "field": "sales_cycle_days",
                             "new_value": 45})
    assert r.value == pytest.approx(33.3333, abs=1e-4)


def test_sales_velocity_with_zero_day_cycle_is_undefined():
    r = run("sales_velocity", opportunities=5, win_rate_pct=20, average_deal_value=100, sales_cycle_days=0)
    assert r.value is None and r.details["per_month"] is None and r.warnings


def test_pipeline_contribution_65_percent_by_count_and_by_value():
    assert run("pipeline_contribution", influenced=65, total_pipeline=100).value == 65
    by_value = run("pipeline_contribution", influenced=3_250_000, total_pipeline=5_000_000, basis="value")
    assert by_value.value == 65 and "value" in by_value.convention[0].en


def test_pipeline_count_basis_refuses_fractions():
    with pytest.raises(ToolInputError, match="basis: is 'count' but"):
        run("pipeline_contribution", influenced=6.5, total_pipeline=10)


def test_social_engagement_hand_worked():
    r = run("social_engagement_rate", likes=100, comments=20, shares=30, reach=1000)
    assert r.value == 15 and r.formula == "Engagement = (100 + 20 + 30) / 1 000 × 100 = 15 %"


def test_social_engagement_above_100_percent_is_allowed_with_a_warning():
    r = run("social_engagement_rate", likes=100, comments=50, shares=10, reach=100)
    assert r.value == 160 and "exceed 100 %" in r.warnings[0].en


@pytest.mark.parametrize(("opens", "level"), [(300, "good"), (250, "watch"), (100, "watch")])
def test_email_open_rate_against_article_004_target_above_25_percent(opens, level):
    r = run("email_open_rate", opens=opens, delivered=1000)
    assert r.value == opens / 10 and r.verdict.level == level and "004" in r.verdict.source


def test_email_click_and_click_to_open_rates():
    assert run("email_click_rate", clicks=50, delivered=1000).value == 5
    assert run("click_to_open_rate", clicks=50, opens=300).value == pytest.approx(16.6667, abs=1e-4)
    assert run("click_to_open_rate", clicks=0, opens=0).value is None


def test_more_opens_than_delivered_is_refused():
    with pytest.raises(ToolInputError, match="delivered: must be at least opens"):
        run("email_open_rate", opens=10, delivered=5)
