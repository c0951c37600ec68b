"""Health rules and the kpi_health tool: right-way-round thresholds, each verdict with its source and segment."""

import pytest

from tools.health import RULES, judge, rules_for, segment_matches
from tools.registry import ToolInputError, get_tool, run_tool


def health(kpi, value, **extra):
    return run_tool("kpi_health", {"kpi": kpi, "value": value, **extra})


def test_every_rule_names_a_source_and_a_kpi_that_exists():
    for rule in RULES:
        assert rule.source and (rule.source.startswith("Rule of thumb") or ".txt)" in rule.source)
        assert get_tool(rule.kpi).id == rule.kpi


@pytest.mark.parametrize(("value", "level"), [(0.5, "alert"), (1, "watch"), (2.4, "watch"), (3, "good"),
                                              (6.7, "good")])
def test_clv_cac_thresholds_put_clv_above_cac(value, level):
    assert health("clv_cac_ratio", value).verdict.level == level


@pytest.mark.parametrize(("roi", "level"), [(-10, "alert"), (0, "watch"), (199, "watch"), (200, "good"),
                                            (300, "good")])
def test_roi_thresholds_of_article_000(roi, level):
    assert health("marketing_roi", roi).verdict.level == level


def test_roi_written_as_a_multiple_2_means_200_percent():
    r = health("marketing_roi", 2, roi_as_multiple=True)
    assert r.value == 200 and r.verdict.level == "good"
    assert "2 means 200 %" in r.convention[0].en


def test_roi_of_2_percent_without_the_flag_is_flagged_as_maybe_a_multiple():
    r = health("marketing_roi", 2)
    assert r.verdict.level == "watch" and "roi_as_multiple" in r.warnings[0].en


def test_roi_beyond_3_as_a_multiple_is_excellent_and_3_itself_reaches_the_target():
    assert "is excellent" in health("marketing_roi", 3.5, roi_as_multiple=True).verdict.why.en
    at_3 = health("marketing_roi", 3, roi_as_multiple=True).verdict
    assert at_3.level == "good" and at_3.why.en.startswith("ROI 300 % reaches the 200 %")


def test_negative_roi_in_launch_phase_is_only_watch():
    assert health("marketing_roi", -20, context={"phase": "launch"}).verdict.level == "watch"


def test_cac_health_needs_the_price_and_says_so():
    r = health("customer_acquisition_cost", 80)
    assert r.verdict is None and "average_price" in r.warnings[0].en
    assert r.details["rules"][0]["missing_context"] == ["average_price"]
    assert health("customer_acquisition_cost", 80, context={"average_price": 800}).verdict.level == "good"


def test_segment_rules_apply_only_to_their_segment_and_say_so_otherwise():
    r = health("conversion_rate", 3)
    assert r.verdict is None and "segment B2C" in r.warnings[0].en
    assert health("conversion_rate", 3, segment="B2C service").verdict.level == "good"
    assert health("conversion_rate", 3, segment="B2B").verdict is None


def test_retention_b2c_service_above_the_product_average_gets_the_article_000_note_and_b2b_a_verdict():
    b2c = health("retention_rate", 35, segment="B2C service")
    assert b2c.verdict is None and "B2C products" in b2c.convention[0].en
    assert health("retention_rate", 95, segment="B2B").verdict.level == "good"


def test_churn_health_needs_the_period():
    assert health("churn_rate", 3).verdict is None
    assert health("churn_rate", 3, context={"period": "month"}).verdict.level == "watch"


def test_email_open_cpl_and_payback_rules():
    assert health("email_open_rate", 26).verdict.level == "good"
    assert health("cost_per_lead", 2.5, segment="B2C").verdict.level == "good"
    assert health("cac_payback", 9).verdict.level == "good"
    assert health("cac_payback", 14).verdict.level == "watch"
    assert health("cac_payback", 19).verdict.level == "alert"


def test_kpi_health_unit_follows_the_kpi():
    assert health("customer_acquisition_cost", 80, context={"currency": "CHF"}).unit == "CHF"
    assert health("cac_payback", 9).unit == "months"
    assert health("clv_cac_ratio", 3).unit == "ratio"


def test_rate_over_100_and_negative_ratio_are_refused_naming_the_value():
    with pytest.raises(ToolInputError, match="value: conversion_rate is a rate"):
        health("conversion_rate", 300)
    with pytest.raises(ToolInputError, match="value: clv_cac_ratio cannot be negative"):
        health("clv_cac_ratio", -1)


def test_kpi_without_rules_is_refused_listing_the_choices():
    with pytest.raises(ToolInputError, match="kpi: Input should be .*marketing_roi"):
        health("cost_per_click", 1)


def test_segment_matching_covers_sub_segments():
    assert segment_matches("B2C", "B2C subscription") and segment_matches("all", None)
    assert not segment_matches("B2C", "B2B") and not segment_matches("B2B", None)
    assert [r.id for r in rules_for("conversion_rate")] == []


def test_judge_returns_nothing_for_an_undefined_value():
    assert judge("marketing_roi", None) is None


def test_health_context_is_typed_and_refuses_unknown_keys_and_text_for_numbers():
    with pytest.raises(ToolInputError, match="context.average_price: Input should be a valid number"):
        health("customer_acquisition_cost", 80, context={"average_price": "abc"})
    with pytest.raises(ToolInputError, match="context.price: unknown field"):
        health("customer_acquisition_cost", 80, context={"price": 100})


def test_roi_of_zero_is_break_even_not_called_positive():
    verdict = judge("marketing_roi", 0.0)
    assert verdict.level == "watch"
    assert "positive" not in verdict.why.en and "positif" not in verdict.why.fr
    assert "exactly break-even (0 %)" in verdict.why.en and "exactement au point mort (0 %)" in verdict.why.fr
