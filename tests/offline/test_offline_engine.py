"""The offline engine end to end: calculations, questions back, memory, health, what-if, decline, streaming."""

import pytest

from assistant.reply import Reply
from tools.sources import source_text


def ask(engine, session, q) -> Reply:
    return engine.answer(q, session)


def last_call(reply):
    assert reply.tool_calls, reply.answer
    return reply.tool_calls[-1]


def test_article_cac_example_gives_80_with_formula_and_pitfall_sources(engine, session):
    r = ask(engine, session, "J'ai dépensé 1 200 € en pub et j'ai eu 15 nouveaux clients, quel est mon CAC ?")
    call = last_call(r)
    assert (call.name, call.arguments["marketing_spend"], call.arguments["new_customers"]) == (
        "customer_acquisition_cost", 1200, 15)
    assert call.result["value"] == 80
    assert "80 €" in r.answer and "CAC = 1 200 / 15 = 80" in r.answer
    assert r.language == "fr" and r.engine == "offline"
    assert r.sources and all(s.source for s in r.sources)


def test_missing_field_is_asked_by_its_title_then_completed_by_the_next_message(engine, session):
    first = ask(engine, session, "Calcule mon CAC : j'ai dépensé 1 200 €")
    assert first.tool_calls == []
    assert "Nouveaux clients" in first.answer
    assert session.state["offline"]["pending"]["missing"] == ["new_customers"]
    second = ask(engine, session, "15 clients")
    assert last_call(second).result["value"] == 80
    assert session.state["offline"]["pending"] is None


def test_a_bare_number_completes_the_pending_calculation_in_english(engine, session):
    assert "New customers" in ask(engine, session, "What's my CAC? I spent 3000 euros").answer
    assert last_call(ask(engine, session, "20")).result["value"] == 150


def test_a_number_word_completes_the_pending_calculation(engine, session):
    ask(engine, session, "Calcule mon coût par lead, j'ai dépensé 900 €")
    assert last_call(ask(engine, session, "quinze leads")).result["value"] == 60


def test_health_without_figures_asks_for_the_cac_and_the_price(engine, session):
    r = ask(engine, session, "Is my CAC healthy?")
    assert r.tool_calls == []
    assert "Average price" in r.answer and "Marketing spend" in r.answer


def test_health_without_figures_in_french_asks_in_french(engine, session):
    r = ask(engine, session, "Mon CAC est-il bon ?")
    assert r.language == "fr" and "Prix moyen" in r.answer


def test_health_followup_with_value_and_price_gives_a_sourced_verdict(engine, session):
    ask(engine, session, "Is my CAC good?")
    r = ask(engine, session, "It's 80 € and I sell at 800 €")
    call = last_call(r)
    assert call.name == "kpi_health" and call.arguments["value"] == 80
    assert call.arguments["context"]["average_price"] == 800
    assert call.result["verdict"]["level"] == "good"
    assert source_text(call.result["verdict"]["source"], "en") in r.answer


def test_health_with_figures_judges_the_cac_against_the_price(engine, session):
    r = ask(engine, session, "I spent 1200 € for 15 customers and I sell my product at 100 €. Is my CAC healthy?")
    call = last_call(r)
    assert call.name == "customer_acquisition_cost" and call.result["value"] == 80
    assert call.arguments["average_price"] == 100
    assert call.result["verdict"]["level"] == "watch"
    assert "Verdict: watch" in r.answer


def test_memory_turns_cac_then_clv_into_a_ratio_of_10(engine, session):
    ask(engine, session, "my CAC is 80 €")
    r = ask(engine, session, "and my CLV is 800 €, is that healthy?")
    call = last_call(r)
    assert call.name == "clv_cac_ratio" and call.arguments["clv"] == 800 and call.arguments["cac"] == 80
    assert call.result["value"] == 10
    assert call.result["verdict"]["level"] == "good"


def test_what_if_reuses_the_last_inputs(engine, session):
    ask(engine, session, "I spent 1200 and got 15 customers")
    r = ask(engine, session, "what if I cut spend by 20%?")
    call = last_call(r)
    assert call.name == "what_if"
    assert call.arguments["field"] == "marketing_spend" and call.arguments["new_value"] == 960
    assert call.result["details"]["new_value"] == 64
    assert "64" in r.answer


def test_what_if_after_a_health_check_changes_the_judged_ratio_and_shows_the_new_verdict(engine, session):
    ask(engine, session, "my CAC is 80 €")
    ask(engine, session, "and my CLV is 800 €, is that healthy?")
    r = ask(engine, session, "what if my CAC rises to 300?")
    call = last_call(r)
    assert call.name == "what_if" and call.arguments["tool"] == "clv_cac_ratio"
    assert call.arguments["field"] == "cac" and call.arguments["new_value"] == 300
    assert call.result["details"]["new_value"] == pytest.approx(2.6667, abs=1e-3)  # 800 / 300
    assert call.result["verdict"]["level"] == "watch"  # below 3:1
    assert "2.67" in r.answer and "3:1" in r.answer


def test_what_if_without_a_base_asks_for_figures(engine, session):
    r = ask(engine, session, "what if I cut spend by 20%?")
    assert r.tool_calls == []
    assert "starting point" in r.answer


def test_reverse_solve_finds_the_cac_that_keeps_clv_cac_at_3(engine, session):
    r = ask(engine, session, "What CAC keeps CLV:CAC at 3 if my CLV is 900?")
    call = last_call(r)
    assert call.name == "solve_for" and call.arguments["field"] == "cac" and call.arguments["target"] == 3
    assert call.result["value"] == 300


def test_conversion_needed_for_50_customers_from_2000_visitors_is_2_5(engine, session):
    r = ask(engine, session, "quel taux de conversion pour 50 clients avec 2 000 visiteurs ?")
    assert last_call(r).result["value"] == 2.5
    assert "2,5 %" in r.answer


def test_selection_covers_the_funnel_with_five_to_seven_kpis_and_cites_entries(engine, session, retriever):
    r = ask(engine, session, "Quels KPI suivre pour une PME B2B qui veut croître, sans CRM ?")
    lines = [line for line in r.answer.splitlines() if line.startswith("- **")]
    assert 5 <= len(lines) <= 7
    for stage in ("découverte", "considération", "conversion", "fidélisation"):
        assert f"({stage})" in r.answer
    listed = "\n".join(line for line in r.answer.splitlines() if line.startswith("- **"))
    assert "MQL" not in listed  # needs a CRM: named only in what a CRM would add
    assert "Un CRM (HubSpot, Pipedrive, Salesforce…) ajouterait" in r.answer
    assert r.sources and all(retriever.get(s.id) for s in r.sources)


def test_selection_is_deterministic(engine):
    from assistant.session import Session

    q = "Which KPIs should I track for my B2B SaaS startup?"
    assert engine.answer(q, Session()).answer == engine.answer(q, Session()).answer


def test_plan_points_to_the_plan_tab(engine, session):
    r = ask(engine, session, "Je veux construire un plan d'action marketing piloté par les KPI")
    assert "Plan KPI" in r.answer and "SMART" in r.answer


@pytest.mark.parametrize("q", ["What's the weather like in Paris tomorrow?", "Écris-moi un script Python",
                               "Give me a recipe for pancakes"])
def test_off_topic_questions_are_declined_without_tools(engine, session, q):
    r = ask(engine, session, q)
    assert r.tool_calls == [] and r.sources == []
    assert "outside what I do" in r.answer or "sort de mon domaine" in r.answer


def test_greeting_says_what_it_can_do_and_how_to_connect_an_llm(engine, session):
    r = ask(engine, session, "Hello")
    assert "offline" in r.answer and "KPI_LLM_BASE_URL" in r.answer and "OPENAI_API_KEY" in r.answer


def test_bad_tool_input_is_one_clear_message(engine, session):
    r = ask(engine, session, "Start of year 100 customers, end of year 90, including 95 new ones. Retention?")
    assert "new customers: cannot exceed customers at end (90)" in r.answer  # titles, not field ids
    assert "new_customers" not in r.answer and "Traceback" not in r.answer


def test_turns_are_recorded_in_the_session(engine, session):
    ask(engine, session, "Bonjour")
    assert [m.role for m in session.messages] == ["user", "assistant"]
    assert session.state["offline"]["lang"] == "fr"


def test_stream_yields_tool_events_then_the_reply(engine, session):
    events = list(engine.stream("1000 visitors and 30 sales, conversion rate?", session))
    assert [e["type"] for e in events] == ["tool", "reply"]
    assert events[0]["call"].name == "conversion_rate"
    assert events[1]["reply"].tool_calls[0].result["value"] == 3


def test_engine_without_retriever_still_computes(session):
    from assistant.offline.engine import OfflineEngine

    r = OfflineEngine(None).answer("I spent 1200 and got 15 customers", session)
    assert r.tool_calls[0].result["value"] == 80 and r.sources == []


def test_funnel_stages_are_named_by_the_words_after_their_counts(engine, session):
    r = ask(engine, session, "Our funnel: 10 000 visitors, 400 leads, 40 opportunities, 10 customers")
    call = last_call(r)
    assert call.name == "funnel_conversion"
    assert [s["name"] for s in call.arguments["stages"]] == ["visitors", "leads", "opportunities", "customers"]
    assert call.result["value"] == 0.1


def test_a_kpi_without_health_rule_gets_sourced_guidance_not_a_made_up_verdict(engine, session):
    r = ask(engine, session, "What's a good CTR?")
    assert r.tool_calls == [] and "no sourced threshold to judge **Click-through rate (CTR)**" in r.answer and r.sources


def test_the_number_of_kpis_asked_for_is_respected(engine, session):
    r = ask(engine, session, "I run a small online shop and want more repeat customers. What 5 KPIs should I follow?")
    assert len([line for line in r.answer.splitlines() if line.startswith("- **")]) == 5


def test_a_failing_rule_costs_one_answer_not_the_conversation(engine, session, monkeypatch):
    from assistant.offline import engine as engine_module

    def broken(ctx):
        raise KeyError("boom")

    monkeypatch.setitem(engine_module.HANDLERS, "compute", broken)
    r = ask(engine, session, "I spent 1200 and got 15 customers")
    assert "could not handle" in r.answer and r.notices == ["offline engine error: KeyError"]
    monkeypatch.undo()
    assert last_call(ask(engine, session, "I spent 1200 and got 15 customers")).result["value"] == 80


def test_figures_given_over_three_turns_compute_then_change(engine, session):
    first = ask(engine, session, "J'ai dépensé 800 € ce mois-ci")
    assert first.tool_calls == [] and "Dépenses marketing = 800 €" in first.answer
    second = ask(engine, session, "j'ai eu 16 nouveaux clients")
    assert last_call(second).result["value"] == 50
    third = ask(engine, session, "et si j'en avais 20 ?")
    call = last_call(third)
    assert (call.arguments["field"], call.arguments["new_value"], call.result["details"]["new_value"]) == (
        "new_customers", 20, 40)


def test_a_price_given_after_a_noted_cac_judges_that_cac(engine, session):
    ask(engine, session, "Mon CAC est de 120 €")
    call = last_call(ask(engine, session, "je vends mes produits 300 € en moyenne, c'est bon ?"))
    assert call.name == "kpi_health" and call.arguments["value"] == 120
    assert call.arguments["context"]["average_price"] == 300 and call.result["verdict"]["level"] == "good"


def test_roi_written_as_a_multiple_is_judged_as_a_multiple(engine, session):
    call = last_call(ask(engine, session, "My ROI was 3x on my last campaign, good?"))
    assert call.arguments["roi_as_multiple"] is True and call.result["value"] == 300


def test_visitors_needed_for_100_customers_at_2_percent_is_5000(engine, session):
    q = "je veux 100 clients, j'ai un taux de conversion de 2 %, combien de visiteurs ?"
    call = last_call(ask(engine, session, q))
    assert (call.name, call.arguments["field"], call.result["value"]) == ("solve_for", "visitors", 5000)


def test_two_named_kpis_are_both_computed(engine, session):
    r = ask(engine, session, "We invested 12 000 € in LinkedIn ads and got 300 leads, 30 of them became customers. "
                             "What's our CPL and CAC?")
    assert [(c.name, c.result["value"]) for c in r.tool_calls] == [("cost_per_lead", 40), (
        "customer_acquisition_cost", 400)]


def test_an_out_of_pair_alone_does_not_pick_a_rate_tool(engine, session):
    # nothing names what is counted: '12 out of 60' fits every rate tool (deals and opportunities would name it)
    r = ask(engine, session, "We got 12 out of 60 this quarter, what's the rate?")
    assert r.tool_calls == []


def test_a_clv_given_in_a_health_question_is_reused_by_a_later_solve(engine, session):
    ask(engine, session, "my CAC is 80 €")
    ask(engine, session, "and my CLV is 800 €, is that healthy?")
    r = ask(engine, session, "what CAC keeps CLV:CAC at 3?")
    call = last_call(r)
    assert call.name == "solve_for" and call.arguments["inputs"]["clv"] == 800
    assert call.result["value"] == pytest.approx(266.6667)
    assert "CLV €800 (given earlier)" in r.answer  # the read-back names the remembered figure


def test_health_judges_the_kpi_named_before_the_question_using_the_basket_as_price(engine, session):
    r = ask(engine, session, "Nous avons 45 000 € de budget annuel, 180 nouveaux clients, un panier moyen de 320 €. "
                             "Notre CAC est-il bon ?")
    call = last_call(r)
    assert (call.name, call.result["value"], call.arguments["average_price"]) == (
        "customer_acquisition_cost", 250, 320)
    assert call.result["verdict"]["level"] == "watch"


def test_click_rate_with_delivered_emails_is_the_email_click_rate(engine, session):
    call = last_call(ask(engine, session, "Quel est le taux de clic de mon emailing : 5 000 délivrés, 150 clics ?"))
    assert (call.name, call.result["value"]) == ("email_click_rate", 3)


def test_sql_needed_for_a_40_percent_rate_on_1000_mql_is_400(engine, session):
    call = last_call(ask(engine, session, "Et combien de SQL si le taux MQL vers SQL passe à 40 % avec 1 000 MQL ?"))
    assert (call.name, call.arguments["field"], call.result["value"]) == ("solve_for", "sql", 400)


def test_two_channels_are_compared_by_name_without_an_explicit_versus(engine, session):
    r = ask(engine, session, "Facebook brought 20 customers for 1 000 €, Instagram 25 customers for 1 500 €. "
                             "Which channel has the lower CAC?")
    assert [c.result["value"] for c in r.tool_calls] == [50, 60]
    assert "**Facebook** does better" in r.answer


def test_a_rate_over_100_percent_is_refused_with_one_clear_message(engine, session):
    r = ask(engine, session, "conversion rate 150%?")
    assert r.tool_calls == [] and "between 0 and 100 %" in r.answer


def test_a_field_named_between_kpi_and_number_is_not_the_kpi_value(engine, session):
    call = last_call(ask(engine, session, "What's the ROI if revenue is 0 and cost is 1000?"))
    assert (call.name, call.arguments["revenue"], call.arguments["cost"], call.result["value"]) == (
        "marketing_roi", 0, 1000, -100)


def test_a_writing_request_says_plainly_it_needs_an_llm(engine, session):
    r = ask(engine, session, "Write me a LinkedIn post announcing our new product")
    assert "beyond what I can do offline" in r.answer and "KPI_LLM_BASE_URL" in r.answer and r.sources == []


@pytest.mark.parametrize(("q", "expected"), [
    ("We're an established B2B company with a CRM, focus on profitability. Which KPIs?", ["Marketing ROI"]),
    ("I run a small online shop and want more repeat customers. What 5 KPIs should I follow?",
     ["Retention rate", "Repeat-purchase rate"]),
    ("Help me choose KPIs for a growing B2C brand focused on awareness.", ["Reach", "Organic traffic"]),
])
def test_the_objective_steers_the_selection(engine, session, q, expected):
    r = ask(engine, session, q)
    assert any(f"**{name}**" in r.answer for name in expected)


def test_without_a_crm_no_crm_only_kpi_is_proposed(engine, session):
    from assistant.selection.kpis import universe

    r = ask(engine, session, "Which KPIs should I track for my B2B SaaS startup? We don't have a CRM yet.")
    needs_crm = [k for k in universe().values() if "crm" in k.decl.needs]
    listed = r.answer.split("A CRM (HubSpot")[0]
    assert needs_crm and not any(f"**{k.title.en}**" in listed for k in needs_crm)
    assert "would add: MQL to SQL rate" in r.answer


def test_dollar_amounts_give_a_result_in_dollars(engine, session):
    r = ask(engine, session, "I spent $1,200 on ads last month and got 15 new customers. What's my CAC?")
    assert last_call(r).arguments["currency"] == "USD" and "$80" in r.answer


@pytest.mark.parametrize("q", ["Is 80 € a good CAC if I sell at 200 €?",
                               "80 € de CAC pour un produit à 200 €, c'est correct ?"])
def test_a_conditional_price_is_health_context_not_a_what_if(engine, session, q):
    call = last_call(ask(engine, session, q))
    assert (call.name, call.arguments["value"], call.arguments["context"]["average_price"]) == (
        "kpi_health", 80, 200)
    assert call.result["verdict"]["level"] == "good"


def test_a_why_question_is_answered_from_the_concept_entry(engine, session, retriever):
    r = ask(engine, session, "Why is retention cheaper than acquisition?")
    assert r.tool_calls == [] and r.sources
    assert "retention" in r.sources[0].id or "retention" in r.sources[0].title.lower()


def test_a_compute_request_without_figures_asks_then_fills_one_answer_at_a_time(engine, session):
    assert "Dépenses marketing" in ask(engine, session, "Calcule mon CAC").answer
    assert "Nouveaux clients" in ask(engine, session, "1 200 €").answer
    assert last_call(ask(engine, session, "15")).result["value"] == 80


def test_the_segment_said_in_a_follow_up_reaches_the_tool_and_its_rule(engine, session):
    ask(engine, session, "Is my conversion rate good?")
    call = last_call(ask(engine, session, "30 sales out of 1000 visitors, B2C"))
    assert call.arguments["segment"] == "B2C" and call.result["verdict"]["level"] == "good"


def test_a_bare_number_with_nothing_pending_asks_what_it_measures(engine, session):
    ask(engine, session, "Bonjour")
    r = ask(engine, session, "42")
    assert r.tool_calls == [] and "Que mesure ce chiffre" in r.answer


def test_customers_who_left_out_of_a_base_is_churn_not_conversion(engine, session):
    call = last_call(ask(engine, session, "30 customers left out of 600 this year"))
    assert (call.name, call.result["value"]) == ("churn_rate", 5)


def test_a_basket_bought_several_times_a_year_for_years_is_the_b2b_clv(engine, session):
    call = last_call(ask(engine, session, "Average basket 60, customers buy 3 times a year for 2 years. CLV?"))
    assert (call.name, call.result["value"]) == ("clv_b2b", 360)


@pytest.mark.parametrize("q", ["ROI of a campaign that cost nothing and made 2000 €?",
                               "Ma campagne email n'a rien coûté et a rapporté 2 000 €, quel ROI ?"])
def test_a_campaign_that_cost_nothing_has_an_undefined_roi_not_an_infinite_one(engine, session, q):
    r = ask(engine, session, q)
    call = last_call(r)
    assert (call.name, call.arguments["cost"], call.arguments["revenue"], call.result["value"]) == (
        "marketing_roi", 0, 2000, None)
    assert "**Marketing ROI: undefined**" in r.answer or "**ROI marketing : non défini**" in r.answer
