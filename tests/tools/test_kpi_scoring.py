"""Lead scoring: the two-axis model of article 003's second case."""

import pytest

from tools.registry import ToolInputError, run_tool


def score(**inputs):
    return run_tool("lead_score", inputs)


def test_every_criterion_met_scores_145_with_fit_60_and_behaviour_85():
    r = score(company_size_fit=True, target_sector=True, contact_role_fit=True, visited_pricing=True,
              downloaded_roi_calculator=True, attended_webinar=True, opened_3plus_emails=True)
    assert (r.value, r.unit) == (145, "points")
    assert (r.details["fit_score"], r.details["behaviour_score"], r.details["max_score"]) == (60, 85, 145)


def test_lead_at_85_is_hot_and_must_be_called_within_30_minutes():
    r = score(company_size_fit=True, target_sector=True, visited_pricing=True, opened_3plus_emails=True)
    assert r.value == 85 and r.formula == "Score = fit (25 + 20) + behaviour (30 + 10) = 85"
    assert r.details["is_hot"] and r.details["contact_within_30_minutes"]
    assert "30 minutes" in r.convention[0].en and "30 minutes" in r.convention[0].fr


def test_lead_at_exactly_70_is_hot_but_not_urgent():
    r = score(target_sector=True, visited_pricing=True, attended_webinar=True)
    assert r.value == 70 and r.details["is_hot"] and not r.details["contact_within_30_minutes"]


def test_perfect_fit_without_behaviour_is_not_hot():
    r = score(company_size_fit=True, target_sector=True, contact_role_fit=True)
    assert r.value == 60 and not r.details["is_hot"]
    assert r.formula == "Score = fit (25 + 20 + 15) + behaviour (0) = 60"


def test_points_and_thresholds_are_configurable():
    r = score(visited_pricing=True, attended_webinar=True, points={"visited_pricing": 50}, hot_threshold=60,
              urgent_threshold=90)
    assert r.value == 70 and r.details["is_hot"] and not r.details["contact_within_30_minutes"]
    assert r.details["points_used"]["visited_pricing"] == 50 and r.details["points_used"]["attended_webinar"] == 20


def test_unknown_criterion_in_points_is_refused():
    with pytest.raises(ToolInputError, match="points"):
        score(points={"likes_cats": 10})


def test_urgent_threshold_below_hot_threshold_is_refused():
    with pytest.raises(ToolInputError, match="urgent_threshold: must be at least hot_threshold"):
        score(hot_threshold=70, urgent_threshold=50)
