"""Wizard choices worked out by hand from the rules (objective 10 pts, maturity 6, channel 4 / 2.5, segment 3)."""

from __future__ import annotations

import pytest

from assistant.plan.catalog import CATALOG
from assistant.plan.model import WizardSettings
from assistant.plan.wizard import PlanError, coverage, propose_plan, swap_kpi
from tools.sources import cite


def ids(plan):
    return [k.id for k in plan.kpis]


def test_growth_b2b_starting_without_crm_picks_cac_cpl_and_leaves_crm_kpis_out_with_reason():
    s = WizardSettings(objective="growth", segment="B2B", offer="service", maturity="starting", web_analytics=True,
                       crm=False, channels=["seo", "emailing"])
    plan = propose_plan(s)
    assert ids(plan) == ["organic_traffic", "email_open_rate", "cost_per_lead", "customer_acquisition_cost",
                         "lead_volume", "funnel_conversion", "retention_rate"]
    warnings = [w.en for w in plan.warnings]
    assert warnings == [
        "Marketing contribution to pipeline left out: it needs a CRM, which you do not have yet; add it once the "
        "data exists.",
        "MQL to SQL rate left out: it needs a CRM, which you do not have yet; add it once the data exists.",
    ]
    loyalty = plan.kpis[-1]
    assert loyalty.why[0].en.startswith("Covers the loyalty stage")
    cpl = plan.kpis[2]
    assert [w.en[:25] for w in cpl.why] == ["Growth objective: CAC, CP", "Starting out: begin with "]
    assert cpl.target.source == cite("003")  # B2B CPL examples of article 003


def test_profitability_b2c_product_with_crm_picks_roi_clv_and_ratio():
    s = WizardSettings(objective="profitability", segment="B2C", offer="product", maturity="established", crm=True,
                       channels=["sea", "social"])
    plan = propose_plan(s)
    assert ids(plan) == ["social_reach", "cost_per_click", "marketing_roi", "clv_simple", "clv_cac_ratio"]
    assert plan.warnings == []
    by_id = {k.id: k for k in plan.kpis}
    assert by_id["marketing_roi"].target.text.en.startswith("≥ 200 %")
    assert by_id["marketing_roi"].target.source == cite("000")
    assert by_id["clv_cac_ratio"].target.text.en.startswith("≥ 3")
    assert by_id["social_reach"].target.source is None  # no article figure: set from your own baseline
    assert "baseline" in by_id["social_reach"].target.text.en


def test_retention_subscription_uses_churn_and_fills_uncovered_stages_with_fallbacks():
    s = WizardSettings(objective="retention", segment="B2C", offer="subscription", maturity="advanced", crm=True,
                       channels=["emailing"])
    plan = propose_plan(s)
    # advanced maturity adds sales velocity only in B2B; email open rate is the engagement KPI (emailing active)
    assert ids(plan) == ["organic_traffic", "email_open_rate", "conversion_rate", "retention_rate", "churn_rate"]
    assert plan.warnings[0].en.startswith("Sales velocity (advanced maturity, article 003) left out")
    assert plan.kpis[1].target.text.en == "> 25 % (example of a re-activation campaign)"
    assert plan.kpis[1].target.source == cite("004")


def test_awareness_without_analytics_avoids_analytics_kpis():
    s = WizardSettings(objective="awareness", segment="B2C", offer="service", maturity="starting",
                       web_analytics=False, crm=False, channels=["social"])
    plan = propose_plan(s)
    assert ids(plan) == ["social_reach", "click_through_rate", "lead_volume", "cost_per_lead", "retention_rate"]
    assert [w.en.split(" left out")[0] for w in plan.warnings] == ["Organic traffic",
                                                                     "Funnel conversion by stage"]
    assert plan.kpis[3].target.text.en.startswith("< 3 €")


def test_advanced_b2b_with_crm_gets_sales_velocity():
    s = WizardSettings(objective="growth", segment="B2B", offer="subscription", maturity="advanced", crm=True)
    plan = propose_plan(s)
    assert "sales_velocity" in ids(plan) and "pipeline_contribution" in ids(plan)


@pytest.mark.parametrize("objective", ["growth", "profitability", "retention", "awareness"])
@pytest.mark.parametrize("crm", [True, False])
def test_every_plan_has_5_to_7_kpis_covering_the_four_stages(objective, crm):
    s = WizardSettings(objective=objective, segment="B2B", offer="product", maturity="established", crm=crm,
                       channels=["content", "influence"])
    plan = propose_plan(s)
    assert 5 <= len(plan.kpis) <= 7
    assert all(coverage(plan.kpis).values())
    for k in plan.kpis:
        assert k.why and k.formula.en and k.formula.fr and k.data_source.en
        if not crm:
            assert "crm" not in CATALOG[k.id].needs


def test_swap_recomputes_coverage_and_warns_about_an_uncovered_stage():
    s = WizardSettings(objective="profitability", segment="B2C", offer="product", maturity="established", crm=True,
                       channels=["sea", "social"])
    plan = propose_plan(s)
    swapped = swap_kpi(plan, "social_reach", "roas")
    assert ids(swapped) == ["roas", "cost_per_click", "marketing_roi", "clv_simple", "clv_cac_ratio"]
    assert [w.en for w in swapped.warnings] == ["No KPI covers the awareness stage."]
    assert swapped.kpis[0].why[0].en == "Chosen by you in place of Reach."
    assert ids(plan)[0] == "social_reach"  # the original plan is untouched


def test_swap_to_a_kpi_needing_missing_data_warns():
    s = WizardSettings(objective="growth", segment="B2C", offer="product", maturity="established", crm=False)
    plan = propose_plan(s)
    swapped = swap_kpi(plan, "customer_acquisition_cost", "sales_velocity")
    assert any(w.en.startswith("Sales velocity needs a CRM") for w in swapped.warnings)


def test_the_plan_and_the_chat_read_the_same_data_needs_from_the_declarations():
    # An online shop's back office gives basket and purchase counts: CLV needs no CRM, in the plan or the chat.
    from assistant.offline.selection import Situation, _allowed

    without_crm = Situation(objective="growth", segment=None, maturity=None, crm=False)
    for kpi, needs_crm in (("clv_simple", False), ("cac_payback", False), ("sales_velocity", True),
                           ("mql_to_sql_rate", True)):
        assert ("crm" in CATALOG[kpi].needs) is needs_crm
        assert _allowed(kpi, without_crm, {kpi}) is (not needs_crm)


def test_swap_refuses_unknown_duplicate_or_absent_kpis():
    plan = propose_plan(WizardSettings(objective="growth", segment="B2C", offer="product", maturity="established"))
    with pytest.raises(PlanError, match="Unknown KPI 'nope'"):
        swap_kpi(plan, plan.kpis[0].id, "nope")
    with pytest.raises(PlanError, match="already in the plan"):
        swap_kpi(plan, plan.kpis[0].id, plan.kpis[1].id)
    with pytest.raises(PlanError, match="is not in the plan"):
        swap_kpi(plan, "sales_velocity", "roas")


def test_every_catalog_calculator_exists_in_the_registry_and_only_channel_metrics_have_none():
    from tools.registry import get_tool

    for d in CATALOG.values():
        if d.tool:
            spec = get_tool(d.tool)
            assert spec.id == d.id
    tool_less = sorted(d.id for d in CATALOG.values() if d.tool is None)
    assert tool_less == ["average_position", "content_downloads", "lead_volume", "organic_traffic", "social_reach",
                         "time_on_page"]
