"""SMART helper: sentence in both languages and one verdict per criterion."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from assistant.plan.smart import SmartInput, check_smart, presets, smart_sentence

TODAY = dt.date(2026, 1, 15)


def status(check):
    return {c.name: c.status for c in check.criteria}


def test_complete_objective_passes_every_criterion_and_reads_well():
    i = SmartInput(metric="conversion_rate", baseline=2.1, target=3.4, unit="%", channel="SEA",
                   deadline=dt.date(2026, 6, 30), owner="Léa", objective="growth")
    c = check_smart(i, today=TODAY)
    assert c.sentence.en == "Increase conversion rate from 2.1 % to 3.4 % on SEA by June 30, 2026 (owner: Léa)."
    assert c.sentence.fr == ("Augmenter taux de conversion de 2,1 % à 3,4 % via SEA d'ici le 30 juin 2026 "
                             "(responsable : Léa).")
    assert status(c) == {"specific": "ok", "measurable": "ok", "achievable": "ok", "relevant": "ok",
                         "time_bound": "ok"}
    assert c.is_smart
    assert c.criteria[4].feedback.en == "Time-bound: 166 days to go."


def test_target_above_three_times_baseline_is_flagged_with_the_factor():
    i = SmartInput(metric="lead_volume", baseline=100, target=350, channel="SEO", deadline=dt.date(2026, 3, 31),
                   objective="growth")
    c = check_smart(i, today=TODAY)
    assert status(c)["achievable"] == "warn"
    assert c.criteria[2].feedback.en.startswith("The target is 3.5× the baseline (100 → 350)")


def test_reducing_a_cost_reads_reduce_and_a_divide_by_four_is_flagged():
    i = SmartInput(metric="customer_acquisition_cost", baseline=320, target=80, unit="EUR", channel="paid",
                   deadline=dt.date(2026, 12, 31), objective="profitability")
    c = check_smart(i, today=TODAY)
    assert c.sentence.en.startswith("Reduce customer acquisition cost (CAC) from 320 EUR to 80 EUR")
    assert status(c)["achievable"] == "warn"


def test_missing_deadline_or_past_deadline_fails_time_bound():
    base = dict(metric="cost_per_lead", baseline=5, target=3, unit="EUR", channel="SEA", objective="growth")
    assert status(check_smart(SmartInput(**base), today=TODAY))["time_bound"] == "fail"
    past = check_smart(SmartInput(**base, deadline=dt.date(2025, 12, 31)), today=TODAY)
    assert past.criteria[4].feedback.en == "The deadline 2025-12-31 is not in the future."
    assert not past.is_smart


def test_vague_metric_without_baseline_gets_specific_and_measurable_advice():
    c = check_smart(SmartInput(metric="more sales", target=10, deadline=dt.date(2026, 5, 1)), today=TODAY)
    st = status(c)
    assert (st["specific"], st["measurable"], st["achievable"], st["relevant"]) == ("warn", "warn", "warn", "warn")


def test_rate_above_100_percent_fails_measurable():
    c = check_smart(SmartInput(metric="email_open_rate", baseline=20, target=120, unit="%", channel="newsletter",
                               deadline=dt.date(2026, 5, 1), objective="retention"), today=TODAY)
    assert status(c)["measurable"] == "fail"


def test_relative_change_with_baseline_becomes_a_number():
    i = SmartInput(metric="lead_volume", baseline=200, change_pct=15, channel="inbound", deadline=dt.date(2026, 3, 31))
    assert i.target == 230
    no_base = SmartInput(metric="lead_volume", change_pct=15, deadline=dt.date(2026, 3, 31))
    assert smart_sentence(no_base).en == "Increase lead volume by 15 % by March 31, 2026."


def test_relevance_checks_the_plan_kpis():
    i = SmartInput(metric="roas", baseline=2, target=3, channel="SEA", deadline=dt.date(2026, 5, 1))
    assert status(check_smart(i, today=TODAY, plan_kpis=["cost_per_lead"]))["relevant"] == "warn"
    assert status(check_smart(i, today=TODAY, plan_kpis=["roas"]))["relevant"] == "ok"


def test_target_or_change_is_required():
    with pytest.raises(ValidationError, match="give a target value or a relative change"):
        SmartInput(metric="roas")


def test_presets_are_the_articles_examples():
    p = presets(dt.date(2026, 11, 25))
    sea = p["004 — 5 000 qualified leads via SEA by quarter end"]
    assert (sea.target, sea.deadline) == (5000, dt.date(2026, 12, 31))
    assert smart_sentence(sea).en == "Reach 5 000 leads of lead volume on SEA by December 31, 2026."
    assert p["002 — +15 % qualified leads next quarter"].deadline == dt.date(2027, 3, 31)
    conv = p["003 — web → lead conversion 2.1 % → 3.4 %"]
    assert (conv.baseline, conv.target, conv.deadline) == (2.1, 3.4, dt.date(2027, 11, 25))
