"""Retention tools: retention (article 000 and 003 formulas), churn, repeat purchase, multi-year loyalty (001)."""

import pytest

from tools.registry import ToolInputError, run_tool


def run(tool, **inputs):
    return run_tool(tool, inputs)


def test_article_000_example_35_returning_of_100_is_35_percent():
    r = run("retention_rate", returning_customers=35, total_customers=100)
    assert (r.value, r.formula) == (35, "Retention = 35 / 100 × 100 = 35 %")
    assert r.verdict is None and r.convention == []


def test_b2c_retention_carries_article_000_direction_but_no_invented_threshold():
    r = run("retention_rate", returning_customers=35, total_customers=100, segment="B2C subscription")
    assert r.verdict is None
    assert "higher for B2C services or subscriptions" in r.convention[0].en


def test_retention_over_period_start_100_end_90_new_10_is_80_percent():
    r = run("retention_over_period", customers_start=100, customers_end=90, new_customers=10)
    assert r.value == 80 and r.details == {"customers_kept": 80, "churn_pct": 20}
    assert r.formula == "Retention = (90 − 10) / 100 × 100 = 80 %"


@pytest.mark.parametrize(("end", "level"), [(95, "good"), (105, "good"), (90, "watch")])
def test_b2b_retention_is_judged_against_article_003_85_and_95_percent(end, level):
    r = run("retention_over_period", customers_start=100, customers_end=end, new_customers=10, segment="B2B")
    assert r.verdict.level == level and "003" in r.verdict.source


def test_retention_over_period_is_undefined_with_no_starting_customers():
    r = run("retention_over_period", customers_start=0, customers_end=10, new_customers=10)
    assert r.value is None and r.warnings


def test_new_customers_above_end_customers_is_refused():
    with pytest.raises(ToolInputError, match="new_customers: cannot exceed customers_end"):
        run("retention_over_period", customers_start=100, customers_end=90, new_customers=95)


def test_keeping_more_customers_than_at_the_start_is_refused():
    with pytest.raises(ToolInputError, match="new_customers: is too small"):
        run("retention_over_period", customers_start=100, customers_end=150, new_customers=10)


@pytest.mark.parametrize(("lost", "period", "level"), [
    (1, "month", "good"), (2, "month", "good"), (3, "month", "watch"), (8, "month", "alert"),
    (20, "year", "good"), (30, "year", "watch"), (50, "year", "alert"), (5, "quarter", "good"),
])
def test_churn_is_judged_with_monthly_thresholds_compounded_to_the_period(lost, period, level):
    r = run("churn_rate", customers_lost=lost, customers_start=100, period=period)
    assert r.value == lost and r.verdict.level == level
    assert r.verdict.source.startswith("Rule of thumb")


def test_churn_without_a_period_has_no_verdict():
    assert run("churn_rate", customers_lost=3, customers_start=100).verdict is None


def test_yearly_churn_thresholds_are_the_compounded_monthly_ones():
    from tools.rules_rates import churn_thresholds

    good, watch = churn_thresholds("year")
    assert good == pytest.approx((1 - 0.98 ** 12) * 100)  # 21.53 %
    assert watch == pytest.approx((1 - 0.95 ** 12) * 100)  # 45.96 %


def test_repeat_purchase_rate_hand_worked():
    assert run("repeat_purchase_rate", repeat_customers=40, total_customers=200).value == 20


def test_loyalty_from_counts_gives_the_share_for_each_number_of_years():
    r = run("multi_year_loyalty", loyal_counts=[200, 120, 80, 50])
    assert [s["share_pct"] for s in r.details["streaks"]] == [100, 60, 40, 25]
    assert [s["kept_from_previous_pct"] for s in r.details["streaks"]] == [None, 60, pytest.approx(66.6667), 62.5]
    assert r.value == 25 and r.formula == "Loyal 4 years in a row = 50 / 200 × 100 = 25 %"


def test_loyalty_from_customer_ids_counts_who_bought_every_year():
    r = run("multi_year_loyalty", customer_ids_by_year=[["a", "b", "c", "d"], ["a", "b", "e"], ["a", "e", "f"]])
    assert [s["customers"] for s in r.details["streaks"]] == [4, 2, 1]  # {a,b,c,d} → {a,b} → {a}
    assert r.value == 25
    # Of the latest year's 3 customers: all bought this year, a and e 2 years running, only a 3 years running.
    current = r.details["latest_year_customers_streaks"]
    assert [s["customers"] for s in current] == [3, 2, 1]
    assert current[2]["share_pct"] == pytest.approx(33.3333)


def test_loyalty_ids_may_be_numbers():
    assert run("multi_year_loyalty", customer_ids_by_year=[[1, 2], [2, 3]]).value == 50


def test_loyalty_needs_exactly_one_source():
    with pytest.raises(ToolInputError, match="give exactly one of customer_ids_by_year"):
        run("multi_year_loyalty")
    with pytest.raises(ToolInputError, match="exactly one"):
        run("multi_year_loyalty", loyal_counts=[2, 1], customer_ids_by_year=[["a"], ["a"]])


def test_loyal_counts_that_increase_are_refused():
    with pytest.raises(ToolInputError, match="loyal_counts: must never increase"):
        run("multi_year_loyalty", loyal_counts=[200, 220])


def test_loyalty_with_no_first_year_customers_is_undefined():
    r = run("multi_year_loyalty", loyal_counts=[0, 0])
    assert r.value is None and r.warnings
