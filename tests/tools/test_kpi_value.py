"""Value tools: CLV (simple, B2B net, margin and churn), average order value, CLV:CAC, CAC payback."""

import pytest

from tools.registry import ToolInputError, run_tool


def run(tool, **inputs):
    return run_tool(tool, inputs)


def test_article_000_clv_400_times_2_is_800():
    r = run("clv_simple", average_basket=400, purchases_per_customer=2)
    assert (r.value, r.unit, r.formula) == (800, "EUR", "CLV = 400 × 2 = 800")
    assert r.verdict is None


def test_clv_with_its_cac_is_judged_the_right_way_round():
    # Article 000: CAC 100 € with CLV 800 € is "very profitable"; CLV 150 € with CAC 80 € "little margin".
    assert run("clv_simple", average_basket=400, purchases_per_customer=2, cac=100).verdict.level == "good"
    low = run("clv_simple", average_basket=150, purchases_per_customer=1, cac=80)
    assert low.details["clv_cac_ratio"] == 1.875 and low.verdict.level == "watch"


def test_clv_b2b_subtracts_cac_as_article_003_writes_it():
    r = run("clv_b2b", average_revenue=600, purchase_frequency=1, customer_lifetime=2, cac=500)
    assert r.value == 700 and r.details["gross_clv"] == 1200
    assert r.formula == "CLV = 600 × 1 × 2 − 500 = 700"
    assert r.details["clv_cac_ratio"] == 2.4  # article 003: CAC 500 € vs CLV 1 200 €


def test_clv_b2b_without_cac_has_no_ratio_and_can_go_negative_with_a_warning():
    assert "clv_cac_ratio" not in run("clv_b2b", average_revenue=100, purchase_frequency=2,
                                      customer_lifetime=3).details
    neg = run("clv_b2b", average_revenue=100, purchase_frequency=1, customer_lifetime=1, cac=300)
    assert neg.value == -200 and "negative" in neg.warnings[0].en and neg.verdict.level == "alert"


def test_clv_from_margin_and_churn_is_arpu_times_margin_over_churn():
    r = run("clv_margin_churn", arpu=100, gross_margin_pct=70, churn_rate_pct=5)
    assert r.value == 1400 and r.details["expected_lifetime_periods"] == 20
    assert r.formula == "CLV = 100 × 70 % / 5 % = 1 400"


def test_clv_discounted_variant_is_margin_times_1_plus_d_over_d_plus_churn():
    r = run("clv_margin_churn", arpu=100, gross_margin_pct=70, churn_rate_pct=5, discount_rate_pct=1)
    assert r.value == pytest.approx(70 * 1.01 / 0.06, abs=1e-4)  # 1 178.3333
    assert r.details["clv_undiscounted"] == 1400 and r.details["clv_discounted"] == r.value


def test_clv_with_zero_churn_is_undefined_not_infinite():
    r = run("clv_margin_churn", arpu=100, gross_margin_pct=70, churn_rate_pct=0)
    assert r.value is None and "infinite" in r.warnings[0].en


def test_clv_with_zero_churn_but_a_discount_rate_is_a_perpetuity_with_a_warning():
    r = run("clv_margin_churn", arpu=100, gross_margin_pct=70, churn_rate_pct=0, discount_rate_pct=10)
    assert r.value == pytest.approx(770) and "never leave" in r.warnings[0].en


def test_average_order_value_and_its_zero_case():
    assert run("average_order_value", revenue=10_000, orders=250).value == 40
    assert run("average_order_value", revenue=10_000, orders=0).value is None


def test_clv_cac_ratio_of_article_003_is_2_4_and_below_the_3_to_1_rule():
    r = run("clv_cac_ratio", clv=1200, cac=500)
    assert (r.value, r.unit) == (2.4, "ratio")
    assert r.formula == "CLV:CAC = 1 200 / 500 = 2.4 (2.4:1)"
    assert r.verdict.level == "watch" and "3:1" in r.verdict.source
    assert "healthy" in r.verdict.why.en  # names the article's claim it contradicts
    assert r.details["highest_cac_for_3_to_1"] == 400


def test_case_3_of_article_003_ratio_from_3_8_to_6_7():
    assert run("clv_cac_ratio", clv=1216, cac=320).value == 3.8
    assert run("clv_cac_ratio", clv=1206, cac=180).value == 6.7


def test_clv_below_cac_is_an_alert_and_names_article_000_backwards_statement():
    r = run("clv_cac_ratio", clv=800, cac=1000)
    assert r.verdict.level == "alert"
    assert "000" in r.verdict.why.en and "backwards" in r.convention[0].en


def test_clv_cac_ratio_is_undefined_when_cac_is_zero():
    r = run("clv_cac_ratio", clv=800, cac=0)
    assert r.value is None and r.verdict is None and "CAC is 0" in r.warnings[0].en


def test_cac_payback_convention_1000_over_100_times_70_percent_is_14_29_months():
    r = run("cac_payback", cac=1000, monthly_arpu=100, gross_margin_pct=70)
    assert r.value == pytest.approx(14.2857, abs=1e-4) and r.unit == "months"
    assert r.formula == "Payback = 1 000 / (100 × 70 %) = 14.29 months"
    assert r.verdict.level == "watch" and "12 months" in r.verdict.source


def test_case_2_payback_from_14_to_9_months_is_a_36_percent_cut():
    before = run("cac_payback", cac=1400, monthly_arpu=125, gross_margin_pct=80)
    after = run("cac_payback", cac=900, monthly_arpu=125, gross_margin_pct=80)
    assert (before.value, after.value) == (14, 9)
    assert (before.verdict.level, after.verdict.level) == ("watch", "good")
    change = run_tool("what_if", {"tool": "cac_payback", "inputs": before.inputs, "field": "cac", "new_value": 900})
    assert change.value == pytest.approx(-35.7143, abs=1e-4)  # the article rounds to -36 %


def test_payback_without_a_margin_is_on_revenue_and_says_so():
    r = run("cac_payback", cac=1080, monthly_arpu=90)
    assert r.value == 12 and r.formula == "Payback = 1 080 / 90 = 12 months"
    assert any("on revenue" in w.en and "chiffre d'affaires" in w.fr for w in r.warnings)
    assert r.convention == []  # the gross-margin convention is not claimed for a revenue figure


def test_payback_beyond_18_months_is_an_alert():
    assert run("cac_payback", cac=2000, monthly_arpu=100, gross_margin_pct=50).verdict.level == "alert"


def test_payback_with_zero_margin_is_undefined():
    r = run("cac_payback", cac=1000, monthly_arpu=100, gross_margin_pct=0)
    assert r.value is None and "never paid back" in r.warnings[0].en


def test_margin_over_100_percent_is_refused():
    with pytest.raises(ToolInputError, match="gross_margin_pct: Input should be less than or equal to 100"):
        run("cac_payback", cac=1000, monthly_arpu=100, gross_margin_pct=170)
