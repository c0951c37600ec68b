"""The plan wizard proposes with the product's one selection (assistant.selection): lists worked out from the
declarations' fit weights, the objective, market, offer, maturity and channels; each KPI says why it matters for
this business and cites its entry; what a CRM would add and channels without a KPI are said in the warnings."""

from __future__ import annotations

import pytest

from assistant.plan.catalog import CATALOG
from assistant.plan.model import CHANNELS, WizardSettings
from assistant.plan.wizard import PlanError, coverage, profile_of, propose_plan, swap_kpi
from assistant.selection import choose, read_profile
from knowledge.language import normalize
from tools.sources import RULE_OF_THUMB_CHURN, cite


def ids(plan):
    return [k.id for k in plan.kpis]


BUSINESSES = {
    "restaurant": (dict(objective="growth", segment="B2C", offer="product", maturity="starting", business_model="local",
                        web_analytics=False, crm=False, channels=["social"]),
                   ["social_reach", "social_engagement_rate", "customer_acquisition_cost", "average_order_value",
                    "marketing_roi", "repeat_purchase_rate"]),
    "b2b services without a CRM": (dict(objective="growth", segment="B2B", offer="service", maturity="established",
                                        business_model="services", crm=False, channels=["seo", "social", "emailing"]),
                                   ["organic_traffic", "social_engagement_rate", "customer_acquisition_cost",
                                    "cost_per_lead", "conversion_rate", "retention_rate"]),
    "beginner online shop": (dict(objective="growth", segment="B2C", offer="product", maturity="starting",
                                  business_model="online_shop", channels=["sea", "social", "emailing"]),
                             ["cost_per_mille", "click_through_rate", "conversion_rate", "customer_acquisition_cost",
                              "roas", "average_order_value", "repeat_purchase_rate"]),
    "saas with churn trouble": (dict(objective="retention", segment="B2B", offer="subscription",
                                     maturity="established", business_model="saas", crm=True,
                                     channels=["emailing", "content"]),
                                ["organic_traffic", "email_click_rate", "mql_to_sql_rate", "conversion_rate",
                                 "churn_rate", "clv_margin_churn", "cac_payback"]),
    "b2b industry at trade shows": (dict(objective="growth", segment="B2B", offer="product", maturity="established",
                                         business_model="industry", crm=True, channels=["events", "seo"]),
                                    ["organic_traffic", "content_downloads", "pipeline_contribution", "cost_per_lead",
                                     "mql_to_sql_rate", "customer_acquisition_cost", "clv_b2b"]),
}


@pytest.mark.parametrize("business", list(BUSINESSES))
def test_each_test_business_gets_its_own_plan(business):
    settings, expected = BUSINESSES[business]
    plan = propose_plan(WizardSettings(**settings))
    assert ids(plan) == expected
    assert all(coverage(plan.kpis).values())


def test_each_kpi_says_why_it_matters_for_this_business_with_its_source_then_what_else_put_it_there():
    settings, _ = BUSINESSES["beginner online shop"]
    by_id = {k.id: k for k in propose_plan(WizardSettings(**settings)).kpis}
    assert [w.en for w in by_id["average_order_value"].why] == [
        "Revenue per order: shipping and ads are paid on every order, so a bigger basket (bundles, free-shipping "
        "threshold) is often the cheapest lever. (source: Average order value: definition and formula)"]
    assert [w.en for w in by_id["roas"].why][1:] == [
        "Main measure of your SEA (paid search) and Social media channels."]
    cac = [w.fr for w in by_id["customer_acquisition_cost"].why]
    assert cac[0].startswith("Ce que vous coûte une première commande") and cac[0].endswith(
        "(source : CAC : définition et formule)")
    assert cac[1] == ("Une priorité pour votre objectif de croissance (Objectif croissance : CAC, CPL et contribution "
                      "au pipeline).")


def test_without_a_crm_the_plan_says_what_a_crm_would_add_and_why_a_ticked_channel_has_no_kpi():
    settings, _ = BUSINESSES["b2b services without a CRM"]
    plan = propose_plan(WizardSettings(**settings))
    assert not any("crm" in CATALOG[k].needs for k in ids(plan))
    assert [w.en for w in plan.warnings] == [
        "Without a CRM, this list keeps to what you can measure today (sales records, web analytics, ad and email "
        "tools). A CRM (HubSpot, Pipedrive, Salesforce…) would add: Marketing contribution to pipeline, MQL to SQL "
        "rate, Customer lifetime value (B2B, net of CAC) and Qualified-lead rate.",
        "Channel Emailing: no KPI of its own in this list — its main measure, Email click rate, ranked below the "
        "ones chosen here. Swap it in if this channel takes a real share of your budget or time."]


@pytest.mark.parametrize("business", list(BUSINESSES))
def test_every_ticked_channel_gets_a_kpi_or_a_stated_reason(business):
    settings, _ = BUSINESSES[business]
    plan = propose_plan(WizardSettings(**settings))
    for channel in settings["channels"]:
        measured = any(channel in _channels(k) for k in ids(plan))
        reason = any(w.en.startswith(f"Channel {_title(channel)}:") for w in plan.warnings)
        assert measured != reason, (channel, ids(plan), [w.en for w in plan.warnings])


def _channels(kpi_id):
    from assistant.selection.kpis import universe
    return universe()[kpi_id].decl.channels


def _title(channel):
    from assistant.plan.wizard import CHANNEL_TITLES
    return CHANNEL_TITLES[channel].en


def test_the_wizard_and_the_chat_choose_the_same_kpis_for_the_same_business():
    said = ("Nous sommes une entreprise de services B2B établie, on veut croître, sans CRM, avec Google Analytics, "
            "sans automatisation ; on fait du SEO, LinkedIn et une newsletter.")
    chat = read_profile(normalize(said))
    settings, expected = BUSINESSES["b2b services without a CRM"]
    assert chat == profile_of(WizardSettings(**settings))
    assert choose(chat).ids == expected


def test_a_subscription_is_read_through_churn_with_its_rule_of_thumb_target():
    plan = propose_plan(WizardSettings(objective="retention", segment="B2C", offer="subscription", maturity="advanced",
                                       crm=True, channels=["emailing"]))
    assert ids(plan) == ["organic_traffic", "email_click_rate", "customer_acquisition_cost", "churn_rate",
                         "repeat_purchase_rate", "clv_margin_churn", "cac_payback"]
    churn = next(k for k in plan.kpis if k.id == "churn_rate")
    assert churn.target.source == RULE_OF_THUMB_CHURN and churn.target.text.en.startswith("Under 2 % a month")
    assert "Subscription: read through churn, what you lose each month." in [w.en for w in churn.why]


def test_advanced_b2b_with_a_crm_gets_sales_velocity_and_pipeline_contribution():
    plan = propose_plan(WizardSettings(objective="growth", segment="B2B", offer="service", maturity="advanced",
                                       crm=True))
    assert {"sales_velocity", "pipeline_contribution"} <= set(ids(plan))
    assert "clv_simple" not in ids(plan)


def test_awareness_without_analytics_avoids_analytics_kpis_and_says_so():
    plan = propose_plan(WizardSettings(objective="awareness", segment="B2C", offer="service", maturity="starting",
                                       web_analytics=False, crm=False, channels=["social"]))
    assert ids(plan) == ["social_reach", "social_engagement_rate", "customer_acquisition_cost", "marketing_roi",
                         "retention_rate"]
    assert [w.en for w in plan.warnings] == [
        "Without web analytics: Organic traffic, Conversion rate and Funnel conversion by stage left out; add them "
        "once the data exists."]


@pytest.mark.parametrize("model", ["online_shop", "saas", "services", "local", "industry", "general"])
@pytest.mark.parametrize("objective", ["growth", "profitability", "retention", "awareness"])
@pytest.mark.parametrize("crm", [True, False])
def test_every_plan_has_5_to_7_kpis_covering_the_four_stages_and_no_vanity_metric(model, objective, crm):
    s = WizardSettings(objective=objective, segment="B2B" if model in ("industry", "services") else "B2C",
                       offer="product", maturity="established", crm=crm, business_model=model,
                       channels=list(CHANNELS))
    plan = propose_plan(s)
    assert 5 <= len(plan.kpis) <= 7
    assert all(coverage(plan.kpis).values())
    for k in plan.kpis:
        assert k.why and k.formula.en and k.formula.fr and k.data_source.en and "(source: " in k.why[0].en
        assert not CATALOG[k.id].vanity
        if not crm:
            assert "crm" not in CATALOG[k.id].needs


def test_swap_recomputes_coverage_and_keeps_the_crm_and_channel_notes():
    settings, _ = BUSINESSES["b2b services without a CRM"]
    plan = propose_plan(WizardSettings(**settings))
    swapped = swap_kpi(plan, "organic_traffic", "email_click_rate")
    assert ids(swapped)[0] == "email_click_rate"
    warnings = [w.en for w in swapped.warnings]
    assert warnings[0] == "No KPI covers the awareness stage."
    assert warnings[1].startswith("Without a CRM, this list keeps to what you can measure today")
    assert warnings[2].startswith("Channel SEO: no KPI of its own in this list — its main measure, Organic traffic")
    assert not any(w.startswith("Channel Emailing") for w in warnings)  # now measured
    assert swapped.kpis[0].why[0].en == "Chosen by you in place of Organic traffic."
    assert ids(plan)[0] == "organic_traffic"  # the original plan is untouched


def test_swapping_in_a_vanity_metric_or_one_needing_missing_data_warns():
    settings, _ = BUSINESSES["b2b services without a CRM"]
    plan = propose_plan(WizardSettings(**settings))
    vanity = swap_kpi(plan, "social_engagement_rate", "followers")
    assert any(w.en.startswith("Followers is a vanity metric") for w in vanity.warnings)
    crm = swap_kpi(plan, "customer_acquisition_cost", "sales_velocity")
    assert any(w.en.startswith("Sales velocity needs a CRM") for w in crm.warnings)


def test_swap_refuses_unknown_duplicate_or_absent_kpis():
    plan = propose_plan(WizardSettings(objective="growth", segment="B2C", offer="product", maturity="established"))
    with pytest.raises(PlanError, match="Unknown KPI 'nope'"):
        swap_kpi(plan, plan.kpis[0].id, "nope")
    with pytest.raises(PlanError, match="already in the plan"):
        swap_kpi(plan, plan.kpis[0].id, plan.kpis[1].id)
    with pytest.raises(PlanError, match="is not in the plan"):
        swap_kpi(plan, "sales_velocity", "roas")


def test_b2b_cpl_target_cites_the_b2b_article():
    settings, _ = BUSINESSES["b2b services without a CRM"]
    cpl = next(k for k in propose_plan(WizardSettings(**settings)).kpis if k.id == "cost_per_lead")
    assert cpl.target.source == cite("003")


def test_a_plan_saved_before_business_models_existed_still_loads():
    old = WizardSettings.model_validate({"objective": "growth", "segment": "B2C", "offer": "product",
                                         "maturity": "starting", "web_analytics": True, "crm": False,
                                         "automation": False, "channels": ["sea"]})
    assert old.business_model == "general"


def test_every_catalog_calculator_exists_in_the_registry_and_only_declared_metrics_have_none():
    from tools.declaration import metrics
    from tools.registry import get_tool

    for d in CATALOG.values():
        if d.tool:
            assert get_tool(d.tool).id == d.id
    tool_less = sorted(d.id for d in CATALOG.values() if d.tool is None)
    assert tool_less == sorted(metrics())
    assert sorted(d.id for d in CATALOG.values() if d.vanity) == ["followers", "likes", "page_views"]
