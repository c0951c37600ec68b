"""The health rules checked against the articles: ROI break-even at 0 %, launch and awareness, B2C and B2B retention,
a source and segment on every verdict, both languages with their own number notation, units from the declarations."""

import dataclasses
import re

import pytest

from tools import registry, sources
from tools.health import RULES, judge, judged_kpis
from tools.registry import get_tool, run_tool
from tools.sources import RULE_OF_THUMB_REPEAT_B2C, RULES_OF_THUMB_FR, source_text

FILE_000, FILE_001, FILE_003, FILE_004 = (sources.ARTICLES[a]["file"] for a in ("000", "001", "003", "004"))


def health(kpi, value, **extra):
    return run_tool("kpi_health", {"kpi": kpi, "value": value, **extra})


def roi(value, phase=None):
    return judge("marketing_roi", value, {"phase": phase} if phase else {})


# ---- ROI: break-even is 0 %, 200 % is article 000's target ----

@pytest.mark.parametrize(("value", "level"), [
    (-0.01, "alert"), (0, "watch"), (0.5, "watch"), (199.99, "watch"), (200, "good"), (300, "good"), (300.01, "good"),
])
def test_roi_levels_put_break_even_at_0_and_the_article_target_at_200(value, level):
    verdict = roi(value)
    assert verdict.level == level and verdict.rule == "roi_break_even_0_target_200"


def test_a_positive_roi_under_200_is_above_break_even_and_under_the_article_000_target():
    why = roi(150).why
    assert why.en.startswith("ROI 150 % is above break-even (0 %)") and "article 001" in why.en
    assert "below the 200 % article 000 recommends aiming at" in why.en
    assert why.fr.startswith("Le ROI de 150 % dépasse le point mort (0 %)")


def test_only_a_roi_beyond_300_is_called_excellent():
    assert roi(300.5).why.en.startswith("ROI 300.5 % is excellent")
    assert roi(300).why.en.startswith("ROI 300 % reaches the 200 %")


def _break_even_misuses(text_en: str, text_fr: str) -> list[str]:
    """Every 'break-even' that is not '(0 %)', and any French 'point d'équilibre' (the article's word for 200 %)."""
    wrong = re.findall(r"break-even(?! \(0 %\))", text_en) + re.findall(r"point mort(?! \(0 %\))", text_fr)
    return wrong + re.findall(r"équilibre", text_fr)


@pytest.mark.parametrize("phase", [None, "standard", "launch", "awareness"])
def test_no_roi_verdict_calls_200_percent_break_even(phase):
    for value in (-50, -1, 0, 1, 50, 150, 199, 200, 250, 300, 301, 1000):
        why = roi(value, phase).why
        assert _break_even_misuses(why.en, why.fr) == [], (value, phase)


def test_a_negative_roi_in_a_launch_is_expected_and_says_why_with_its_sources():
    verdict = roi(-20, "launch")
    assert (verdict.level, verdict.rule) == ("watch", "roi_negative_launch")
    assert "expected during a launch: the spending comes before the sales" in verdict.why.en
    assert "18 to 24 months" in verdict.why.en and "attendu en phase de lancement" in verdict.why.fr
    assert FILE_000 in verdict.source and FILE_003 in verdict.source


def test_a_negative_roi_on_awareness_is_expected_and_points_to_reach_and_engagement():
    verdict = roi(-20, "awareness")
    assert (verdict.level, verdict.rule) == ("watch", "roi_negative_awareness")
    assert "expected for an awareness action" in verdict.why.en and "reach and engagement" in verdict.why.en
    assert "attendu pour une action de notoriété" in verdict.why.fr
    assert all(f in verdict.source for f in (FILE_000, FILE_001, FILE_004))


@pytest.mark.parametrize("phase", [None, "standard"])
def test_a_negative_roi_otherwise_is_an_alert_that_names_the_exceptions(phase):
    verdict = roi(-20, phase)
    assert (verdict.level, verdict.rule) == ("alert", "roi_break_even_0_target_200")
    assert "below break-even (0 %)" in verdict.why.en
    assert "unless it is a launch or an awareness action" in verdict.why.en


def test_the_three_negative_roi_verdicts_are_worded_differently():
    texts = {roi(-20, phase).why.en for phase in ("standard", "launch", "awareness")}
    assert len(texts) == 3


def test_the_roi_calculator_passes_its_phase_to_the_rules():
    r = run_tool("marketing_roi", {"revenue": 300, "cost": 500, "phase": "awareness"})
    assert r.value == -40 and r.verdict.rule == "roi_negative_awareness"


def test_a_positive_roi_in_a_launch_is_judged_like_any_other():
    assert roi(250, "launch").rule == "roi_break_even_0_target_200"


# ---- Retention: B2B from article 003, B2C from a labelled rule of thumb and article 000's direction ----

@pytest.mark.parametrize(("segment", "value", "level"), [
    ("B2C product", 35, "good"), ("B2C", 28, "good"), ("B2C", 25, "good"), ("B2C product", 21, "good"),
    ("B2C product", 20.5, "watch"), ("B2C service", 27.9, "watch"), ("B2C subscription", 15, "watch"),
])
def test_b2c_retention_levels_come_from_the_online_stores_rule_of_thumb(segment, value, level):
    verdict = health("retention_rate", value, segment=segment).verdict
    assert (verdict.level, verdict.rule, verdict.segment) == (level, "retention_b2c_repeat_28", "B2C")
    assert verdict.source.startswith(RULE_OF_THUMB_REPEAT_B2C) and FILE_000 in verdict.source


def test_a_b2c_verdict_says_the_articles_give_only_a_direction_and_labels_its_figures():
    why = health("retention_rate", 35, segment="B2C").verdict.why
    assert "The articles give no B2C retention figure, only a direction" in why.en
    assert "seulement une tendance" in why.fr
    for sentence in re.split(r"(?<=[.:]) ", why.en):
        if "28 %" in sentence or "21 %" in sentence:
            assert "a rule of thumb, not an article figure" in sentence, sentence
    assert "For a service or a subscription, aim higher." in why.en


def test_a_b2c_service_above_the_product_stores_average_gets_no_level_but_the_direction():
    r = health("retention_rate", 45, segment="B2C service")
    assert r.verdict is None
    assert "only a direction" in r.convention[0].en and "compare with your own history" in r.convention[0].en
    assert "applies to segment B2B, not to B2C service" in r.warnings[0].en


def test_b2c_retention_over_a_period_has_no_invented_level():
    r = run_tool("retention_over_period", {"customers_start": 100, "customers_end": 95, "new_customers": 5,
                                           "segment": "B2C"})
    assert r.value == 90 and r.verdict is None and "only a direction" in r.convention[0].en


def test_a_b2c_rate_with_a_verdict_does_not_repeat_the_direction_as_a_convention():
    r = run_tool("retention_rate", {"returning_customers": 35, "total_customers": 100, "segment": "B2C product"})
    assert r.verdict.level == "good" and r.convention == []


def test_b2b_returning_customers_rate_says_article_003_measures_retention_over_a_period():
    verdict = health("retention_rate", 80, segment="B2B").verdict
    assert verdict.level == "watch" and "(customers at the end − new customers)" in verdict.why.en
    assert "(customers at the end" not in health("retention_over_period", 80, segment="B2B").verdict.why.en


# ---- Every rule: a source, its segment, both languages, each with its own decimal notation ----

SAMPLES = {
    "customer_acquisition_cost": ([12.5, 55.5, 80, 100, 150.75], [{"context": {"average_price": 100}}]),
    "conversion_rate": ([0.5, 2.5, 7.25], [{"segment": "B2C"}]),
    "clv_cac_ratio": ([0.5, 1.875, 3.5, 6.7], [{}]),
    "marketing_roi": ([-12.5, 0, 0.5, 150.5, 250.5, 350.5],
                      [{}, {"context": {"phase": "launch"}}, {"context": {"phase": "awareness"}}]),
    "retention_rate": ([10.5, 24.5, 35.5, 84.5, 90.5, 96.5],
                       [{"segment": s} for s in ("B2B", "B2C", "B2C product", "B2C service")]),
    "retention_over_period": ([84.5, 90.5, 96.5], [{"segment": "B2B"}]),
    "email_open_rate": ([12.5, 30.5], [{}]),
    "cost_per_lead": ([2.5, 3.5], [{"segment": "B2C"}]),
    "churn_rate": ([1.5, 3.5, 8.5, 30.5], [{"context": {"period": p}} for p in ("month", "quarter", "year")]),
    "cac_payback": ([9.5, 14.5, 19.5], [{}]),
}


def _all_verdicts():
    for kpi, (values, extras) in SAMPLES.items():
        for value in values:
            for extra in extras:
                r = health(kpi, value, **extra)
                if r.verdict:
                    yield kpi, value, r.verdict


def test_every_rule_is_exercised_by_the_samples():
    assert {v.rule for _, _, v in _all_verdicts()} == {r.id for r in RULES}
    assert set(SAMPLES) == set(judged_kpis())


def test_every_verdict_has_a_source_its_rule_segment_and_both_languages_with_their_own_decimals():
    segments = {(r.id, r.kpi): r.segment for r in RULES}
    for kpi, value, v in _all_verdicts():
        assert v.source and v.segment == segments[(v.rule, kpi)], (kpi, value)
        assert v.why.en.strip() and v.why.fr.strip() and v.why.en != v.why.fr, (kpi, value)
        assert not re.search(r"\d\.\d", v.why.fr), v.why.fr
        assert not re.search(r"\d,\d", v.why.en), v.why.en
        assert _break_even_misuses(v.why.en, v.why.fr) == [], (kpi, value)


def test_health_tool_notes_write_french_numbers_with_a_decimal_comma():
    r = health("marketing_roi", 2.5)
    assert "(2,5 = 250 %)" in r.warnings[0].fr and "(2.5 = 250 %)" in r.warnings[0].en
    assert "2,5 signifie 250 %" in health("marketing_roi", 2.5, roi_as_multiple=True).convention[0].fr


# ---- CAC and CLV:CAC against article 000's own cases ----

@pytest.mark.parametrize(("cac", "price", "level"), [(80, 100, "watch"), (100, 100, "alert"), (80, 800, "good")])
def test_cac_against_the_price_follows_article_000s_cases(cac, price, level):
    verdict = health("customer_acquisition_cost", cac, context={"average_price": price}).verdict
    assert verdict.level == level and FILE_000 in verdict.source


def test_the_cac_limit_line_at_half_the_price_is_said_to_be_the_tools_own():
    why = health("customer_acquisition_cost", 60, context={"average_price": 100}).verdict.why
    assert "its own line between the article's two cases" in why.en and "sa propre ligne" in why.fr


def test_clv_cac_under_3_quotes_article_000s_little_room_to_grow_case():
    why = health("clv_cac_ratio", 1.875).verdict.why
    assert "1.88:1" in why.en and "1,88:1" in why.fr and "CLV of 150 € against a CAC of 80 €" in why.en


# ---- Rules of thumb: labelled, sourced, in both languages ----

RULES_OF_THUMB = [v for k, v in vars(sources).items() if k.startswith("RULE_OF_THUMB_") and isinstance(v, str)]


def test_every_rule_of_thumb_is_labelled_says_it_is_not_an_article_figure_and_exists_in_french():
    assert len(RULES_OF_THUMB) == 4
    for rule in RULES_OF_THUMB:
        assert rule.startswith("Rule of thumb: ") and "not in the source articles" in rule
        fr = RULES_OF_THUMB_FR[rule]
        assert fr.startswith("Règle empirique : ") and "absente des articles sources" in fr
        assert not re.search(r"\d\.\d", fr.replace("SaaS Metrics 2.0", "")), fr


def test_sources_read_in_french_have_no_english_rule_of_thumb_and_no_file_name():
    for rule in RULES:
        shown = source_text(rule.source, "fr")
        assert "Rule of thumb" not in shown and ".txt" not in shown, rule.id
        assert ".txt" not in source_text(rule.source, "en")


# ---- Units: read from the KPI declarations, one fact in one place ----

def test_kpi_health_unit_is_the_declared_result_unit_of_every_judged_kpi():
    for kpi in judged_kpis():
        declared = get_tool(kpi).kpi.result
        value = SAMPLES[kpi][0][0]
        extra = SAMPLES[kpi][1][0]
        assert health(kpi, value, **extra).unit == ("EUR" if declared == "money" else declared), kpi


def test_kpi_health_follows_a_change_of_the_declaration(monkeypatch):
    spec = get_tool("cac_payback")
    changed = dataclasses.replace(spec, declaration=spec.kpi.model_copy(update={"result": "ratio"}))
    monkeypatch.setitem(registry._REGISTRY, "cac_payback", changed)
    assert health("cac_payback", 9).unit == "ratio"


JUDGED_INPUTS = {
    "customer_acquisition_cost": {"marketing_spend": 1200, "new_customers": 15},
    "conversion_rate": {"conversions": 30, "visitors": 1000},
    "clv_cac_ratio": {"clv": 800, "cac": 100},
    "marketing_roi": {"revenue": 1500, "cost": 500},
    "retention_rate": {"returning_customers": 35, "total_customers": 100},
    "retention_over_period": {"customers_start": 100, "customers_end": 90, "new_customers": 10},
    "email_open_rate": {"opens": 30, "delivered": 100},
    "cost_per_lead": {"marketing_spend": 300, "leads": 100},
    "churn_rate": {"customers_lost": 3, "customers_start": 100},
    "cac_payback": {"cac": 300, "monthly_arpu": 50, "gross_margin_pct": 60},
}


@pytest.mark.parametrize("kpi", sorted(JUDGED_INPUTS))
def test_each_judged_calculator_returns_the_unit_its_declaration_states(kpi):
    declared = get_tool(kpi).kpi.result
    assert run_tool(kpi, JUDGED_INPUTS[kpi]).unit == ("EUR" if declared == "money" else declared)


def test_the_cac_verdict_speaks_the_calculation_s_currency():
    from tools.registry import get_tool

    spec = get_tool("customer_acquisition_cost")
    result = spec.func(spec.input_model(marketing_spend=1800, new_customers=15, average_price=95, currency="GBP"))
    assert result.verdict.level == "alert" and "120 GBP" in result.verdict.why.en and "EUR" not in result.verdict.why.en
