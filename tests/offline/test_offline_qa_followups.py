"""Found by the QA pass: short follow-ups about the KPI just discussed, several KPIs explained side by side,
'X of our Y' totals, and the 'click to open' name surviving typo correction."""

import pytest

from assistant.offline.engine import OfflineEngine
from assistant.session import Session


def test_why_after_a_verdict_explains_that_kpi_from_its_reference_points(engine, session):
    engine.answer("mon taux de conversion est de 2 %, c'est bien ?", session)
    r = engine.answer("pourquoi ?", session)
    assert session.state["offline"]["last_intent"] == "explain"
    assert "Taux de conversion" in r.answer and "sort de mon domaine" not in r.answer
    assert r.sources and any("conversion" in s.title.lower() for s in r.sources)


def test_why_after_an_explanation_stays_on_the_explained_kpi(engine, session):
    engine.answer("explique-moi le CAC", session)
    r = engine.answer("pourquoi c'est important ?", session)
    assert session.state["offline"]["last_intent"] == "explain"
    assert "Coût d'acquisition client (CAC)" in r.answer


def test_a_bare_why_with_nothing_discussed_is_still_declined(engine, session):
    engine.answer("why?", session)
    assert session.state["offline"]["last_intent"] == "out_of_scope"


def test_roi_versus_roas_quotes_both_definitions(engine, session):
    r = engine.answer("ROI vs ROAS, what's the difference?", session)
    assert "**Marketing ROI**" in r.answer and "**Return on ad spend (ROAS)**" in r.answer
    titles = [s.title for s in r.sources]
    assert any("ROI" in t and "ROAS" not in t for t in titles) and any("ROAS" in t for t in titles)


def test_a_health_check_remembers_the_judged_kpi_not_the_checker(engine, session):
    engine.answer("my conversion rate is 2%, is it good?", session)
    assert session.state["offline"]["last_kpi"] == "conversion_rate"


def test_of_our_total_reads_as_numerator_and_denominator(engine: OfflineEngine):
    r = engine.answer("320 of our 400 customers came back this year, retention rate?", Session())
    call = r.tool_calls[-1]
    assert (call.name, call.arguments["returning_customers"], call.arguments["total_customers"]) == (
        "retention_rate", 320, 400)
    assert call.result["value"] == 80


def test_click_to_open_rate_divides_clicks_by_opens_not_by_delivered(engine: OfflineEngine):
    r = engine.answer("900 opens, 2000 emails delivered and 90 clicks. click to open rate?", Session())
    call = r.tool_calls[-1]
    assert (call.name, call.arguments["opens"], call.arguments["clicks"], call.result["value"]) == (
        "click_to_open_rate", 900, 90, 10)


def test_max_spend_to_keep_a_cpl_is_a_reverse_solve(engine: OfflineEngine, session):
    r = engine.answer("What's the max I can spend on ads to keep CPL at 30 with 80 leads?", session)
    assert session.state["offline"]["last_intent"] == "solve"
    assert r.tool_calls[-1].name == "solve_for" and r.tool_calls[-1].result["value"] == 2400


def test_another_kpi_asked_without_figures_rereads_the_earlier_message(engine, session):
    first = engine.answer("I spent 3k on Google Ads for 120 leads and 9 sales", session)
    assert first.tool_calls[-1].result["value"] == 7.5
    r = engine.answer("and what's my cost per lead?", session)
    call = r.tool_calls[-1]
    assert (call.name, call.arguments["marketing_spend"], call.arguments["leads"], call.result["value"]) == (
        "cost_per_lead", 3000, 120, 25)
    assert "(given earlier)" in r.answer


def test_and_my_kpi_after_figures_is_a_calculation_not_a_definition(engine, session):
    engine.answer("J'ai dépensé 1 200 € en pub et j'ai eu 15 nouveaux clients, quel est mon CAC ?", session)
    engine.answer("et mon coût par lead ? j'ai eu 60 leads", session)
    assert session.state["offline"]["last_intent"] == "compute"
    r = engine.answer("et mon CAC ?", session)
    assert session.state["offline"]["last_intent"] == "compute"
    assert r.tool_calls and r.tool_calls[-1].result["value"] == 80


def test_delivered_beats_sent_as_the_open_rate_denominator(engine: OfflineEngine):
    r = engine.answer("email: 10k envoyés, 9 500 délivrés, 2 300 ouvertures, 400 clics. taux d'ouverture et CTR ?",
                      Session())
    opens = r.tool_calls[0]
    assert (opens.name, opens.arguments["delivered"], opens.arguments["opens"]) == ("email_open_rate", 9500, 2300)
    assert "2 300 / 9 500" in r.answer


def test_a_b2b_question_is_told_the_only_rule_is_b2c_not_asked_to_give_b2c(engine, session):
    engine.answer("I spent 3k on Google Ads for 120 leads and 9 sales", session)
    r = engine.answer("is that good for B2B?", session)
    assert "My only sourced rule for Conversion rate is for B2C, and you said B2B" in r.answer
    assert "give that segment" not in r.answer and "conversion_b2c_1_to_5" not in r.answer


def test_converts_at_names_the_conversion_rate_and_b2c_gets_its_verdict(engine: OfflineEngine):
    r = engine.answer("my B2C shop converts at 2%, good?", Session())
    assert r.tool_calls[-1].result["verdict"]["level"] == "good"


def test_thanks_after_a_conversation_is_a_short_reply(engine, session):
    engine.answer("my CAC is 80", session)
    r = engine.answer("thanks!", session)
    assert r.answer == "You're welcome! Ask me another KPI question whenever you like."


def test_a_stated_roas_is_judged_as_its_equivalent_roi_like_a_computed_one(engine: OfflineEngine):
    r = engine.answer("our ROAS is 2.5, good?", Session())
    call = r.tool_calls[-1]
    assert (call.arguments["kpi"], call.arguments["value"], call.result["verdict"]["level"]) == (
        "marketing_roi", 150, "watch")
    assert "A ROAS of 2.5 is an ROI of 150 %" in r.answer


def test_win_rate_is_won_deals_over_opportunities_and_says_so(engine: OfflineEngine):
    r = engine.answer("We had 40 opportunities and closed 10 deals, what's our win rate?", Session())
    call = r.tool_calls[-1]
    assert (call.name, call.arguments["conversions"], call.arguments["visitors"], call.result["value"]) == (
        "conversion_rate", 10, 40, 25)
    assert "Win rate = deals won ÷ opportunities" in r.answer


def test_a_velocity_question_keeps_its_win_rate_as_an_input(engine: OfflineEngine):
    r = engine.answer("Sales velocity: 50 opportunities, 20% win rate, average deal 10,000, 60 day cycle", Session())
    assert r.tool_calls[-1].name == "sales_velocity"


def test_drops_to_a_percentage_is_the_new_value_not_a_relative_cut(engine, session):
    first = engine.answer("I have a SaaS at 49€/month, 80% gross margin, 3% monthly churn. What's my LTV?", session)
    assert [c.name for c in first.tool_calls] == ["clv_margin_churn"]  # no question about the churn's inputs
    assert "I still need" not in first.answer
    r = engine.answer("and if churn drops to 2%?", session)
    d = r.tool_calls[-1].result["details"]
    assert (d["new_input"], d["new_value"]) == (2, 1960)
    assert "(+50 %)" in r.answer


def test_and_for_last_month_asks_for_that_periods_figures_then_computes(engine, session):
    engine.answer("churn: lost 15 out of 300 subscribers last month", session)
    asked = engine.answer("and for the month before?", session)
    assert asked.tool_calls == [] and "Customers lost" in asked.answer and "Customers at start" in asked.answer
    r = engine.answer("12 and 310", session)
    call = r.tool_calls[-1]
    assert (call.name, call.arguments["customers_lost"], call.arguments["customers_start"]) == ("churn_rate", 12, 310)


@pytest.mark.parametrize(("q", "value", "period", "level"), [
    ("my churn went from 5% to 3% this year, is that good?", 3, "year", "good"),
    ("churn mensuel de 6 %, c'est grave ?", 6, "month", "alert"),
])
def test_a_churn_is_judged_for_the_period_the_user_gave(engine, q, value, period, level):
    call = engine.answer(q, Session()).tool_calls[-1]
    assert (call.arguments["value"], call.arguments["context"]["period"], call.result["verdict"]["level"]) == (
        value, period, level)


def test_a_churn_without_period_asks_for_it_in_words(engine: OfflineEngine):
    r = engine.answer("my churn is 3%, good?", Session())
    assert "I need the period it covers: is it per month, per quarter or per year?" in r.answer
    assert "in the context" not in r.answer and "I have no health rule" not in r.answer


def test_a_value_after_a_colon_is_the_stated_kpi(engine: OfflineEngine):
    call = engine.answer("taux d'ouverture de ma newsletter : 18 %, c'est mauvais ?", Session()).tool_calls[-1]
    assert (call.arguments["kpi"], call.arguments["value"], call.result["verdict"]["level"]) == (
        "email_open_rate", 18, "watch")


def test_how_many_months_to_recover_is_the_payback_not_a_solve(engine, session):
    r = engine.answer("CAC 300 €, abonnement 25 €/mois, marge 60 %, en combien de mois je rentabilise ?", session)
    assert session.state["offline"]["last_intent"] == "compute"
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("cac_payback", 20)


def test_je_dois_suivre_quoi_chooses_kpis(engine, session):
    engine.answer("je lance un SaaS B2B, je dois suivre quoi comme indicateurs ?", session)
    assert session.state["offline"]["last_intent"] == "select"


def test_an_out_of_pair_written_total_first_is_read_by_its_words(engine: OfflineEngine):
    call = engine.answer("taux de conversion de 150 visiteurs pour 3 ventes", Session()).tool_calls[-1]
    assert (call.arguments["conversions"], call.arguments["visitors"], call.result["value"]) == (3, 150, 2)


def test_plain_word_field_ids_inside_a_sentence_are_left_alone():
    from assistant.offline.wording import readable

    msg = "visitors: must be at least conversions (50) because every conversion is one of the visitors or leads"
    assert readable(msg, "conversion_rate", "en").startswith("visitors or leads: must be")
    assert "or leads or leads" not in readable(msg, "conversion_rate", "en")


def test_tools_are_part_of_the_marketing_spend_and_said_so(engine: OfflineEngine):
    r = engine.answer("can u calc my cac: 1.5k€ ads, 500€ tools, 12 clients", Session())
    assert r.tool_calls[-1].result["value"] == pytest.approx(166.6667)
    assert "Marketing spend counts the ads and the tools: €1 500 + €500 = €2 000." in r.answer


def test_a_figure_no_calculation_used_is_named_as_written(engine: OfflineEngine):
    r = engine.answer("We're a team of 30. I spent 1 200 € on ads for 15 new customers, CAC?", Session())
    assert r.tool_calls[-1].result["value"] == 80
    assert "Not used in this calculation: “30.”" in r.answer or "Not used in this calculation: “30”" in r.answer


def test_derived_figures_are_not_called_unused(engine: OfflineEngine):
    for q in ("we went from 100 to 92 customers this quarter, what's my churn?",
              "budget pub 500€/mois, 2 ventes à 300€. je continue ?"):
        r = engine.answer(q, Session())
        assert "used in this calculation" not in r.answer and "utilisé dans ce calcul" not in r.answer


def test_a_stated_figure_with_a_request_for_advice_gets_the_advice_too(engine, session):
    r = engine.answer("my conversion rate is 0.5% on 40k visitors/month, what should I fix first?", session)
    assert "Noted: **Conversion rate** = 0.5 %." in r.answer
    assert r.sources and len(r.answer.split("\n\n")) >= 3


def test_a_count_labelled_delivered_is_never_taken_as_opens(engine: OfflineEngine):
    r = engine.answer("my open rate is 45% on 2000 emails delivered, and 90 clicks. CTR and CTOR?", Session())
    assert all(c.arguments.get("opens") != 2000 for c in r.tool_calls)
    assert "90 / 2 000" in r.answer and r.tool_calls[-1].result["value"] == 4.5


def test_and_for_last_month_with_a_figure_reuses_the_other_figures_and_says_so(engine, session):
    engine.answer("churn: lost 15 out of 300 subscribers last month", session)
    r = engine.answer("and for last month we lost 20?", session)
    call = r.tool_calls[-1]  # 'lost' names the field; 'month' is not 'monter'; the base is said to be reused
    assert (call.name, call.arguments["customers_lost"], call.arguments["customers_start"]) == ("churn_rate", 20, 300)
    assert "customers at start 300 (given earlier)" in r.answer


def test_cost_per_sale_is_the_acquisition_cost(engine, session):
    engine.answer("I spent 3k on Google Ads for 120 leads and 9 sales", session)
    r = engine.answer("and what's my cost per sale?", session)
    call = r.tool_calls[-1]  # the earlier message's figures, read again for this KPI
    assert (call.name, call.arguments["marketing_spend"], call.arguments["new_customers"]) == (
        "customer_acquisition_cost", 3000, 9)


def test_someone_like_me_asks_for_no_likes_and_the_list_states_no_count_of_its_own(engine, session):
    r = engine.answer("I'm an independent management consultant, mostly referrals and LinkedIn. Which KPIs actually "
                      "matter for someone like me?", session)
    assert "**Likes**" not in r.answer and "because you asked for it" not in r.answer
    assert "ranked below the 6" not in r.answer


def test_figures_for_a_named_kpi_with_a_health_word_are_judged_not_a_kpi_list(engine, session):
    r = engine.answer("Instagram for my coaching business this month: 320 likes, 45 comments, 35 shares, reach 8,000. "
                      "Is my engagement good?", session)
    assert r.tool_calls and r.tool_calls[0].name == "social_engagement_rate"
    assert r.tool_calls[0].result["value"] == 5


def test_a_kpi_name_that_is_another_named_kpi_s_input_is_that_input(engine, session):
    r = engine.answer("We're a B2B SaaS, 40 open opportunities, 25% win rate, average deal $18,000, 90-day sales "
                      "cycle. Sales velocity?", session)
    assert r.tool_calls[0].name == "sales_velocity" and r.tool_calls[0].result["value"] == 2000


def test_a_second_option_written_like_the_first_is_read_like_it(engine, session):
    r = engine.answer("meta: 900 spent for 1,500 clicks vs tiktok: 600 for 1,200 clicks. which one is cheaper per "
                      "click?", session)
    assert [c.result["value"] for c in r.tool_calls] == [0.6, 0.5]


def test_a_what_if_on_a_figure_behind_an_input_recomputes_the_input(engine, session):
    engine.answer("Newsletter campaign: 20,000 sent, 1,000 bounced, 4,180 opened. Open rate?", session)
    r = engine.answer("If we clean the list and bounces drop to 200 (same 4,180 opens), what's the open rate then?",
                      session)
    assert "19 000 → 19 800" in r.answer and round(r.tool_calls[-1].result["details"]["new_value"], 2) == 21.11


def test_a_launch_said_in_the_question_reaches_the_roi_computed_from_figures(engine, session):
    r = engine.answer("Notre campagne de lancement a coûté 5 000 € et rapporté 3 500 €. Quel ROI ?", session)
    call = r.tool_calls[0]
    assert call.name == "marketing_roi" and call.arguments.get("phase") == "launch"
    assert "Verdict : à surveiller" in r.answer


def test_a_target_in_the_last_kpis_unit_with_an_input_asked_is_a_solve(engine, session):
    engine.answer("App de méditation, ARPU 40 €/mois, marge brute 75 %, churn mensuel 5 %. CLV ?", session)
    r = engine.answer("Quel churn il faudrait pour atteindre 1 000 € ?", session)
    assert session.state["offline"]["last_intent"] == "solve"
    assert [(c.name, c.result["value"]) for c in r.tool_calls] == [("solve_for", 3)]
    assert "actualisation" not in r.answer  # a default left as it was is not 'given earlier'


def test_a_rate_target_with_a_count_asked_after_a_conversion_rate(engine, session):
    engine.answer("2 000 visites en juillet, 36 réservations. Tx de conv ?", session)
    r = engine.answer("Combien de résas il m'aurait fallu pour être à 2,5 % avec le même trafic ?", session)
    assert [(c.name, c.result["value"]) for c in r.tool_calls] == [("solve_for", 50)]


def test_is_that_ok_after_a_calculation_judges_it(engine, session):
    engine.answer("Our customers are worth $900 over their lifetime and cost $1,000 to acquire. LTV:CAC?", session)
    r = engine.answer("is that ok or should I worry?", session)
    assert session.state["offline"]["last_intent"] == "health"
    assert "alert" in r.answer.lower()


def test_a_what_if_whose_figure_could_be_an_input_left_empty_does_not_fail(engine, session):
    # '€720k' fits the CAC's average price, an optional input left empty (None): it crashed the what-if
    engine.answer("Annual marketing budget €720,000, and we closed 2,250 new customers this year. CAC?", session)
    r = engine.answer("And if we got to 4,000 new customers a year on the same €720k?", session)
    assert session.state["offline"]["last_intent"] == "what_if"
    assert r.tool_calls[-1].result["details"]["new_value"] == 180


def test_a_negated_phase_is_not_the_phase(engine, session):
    r = engine.answer("Influencer campaign: cost $4,000, sales $3,200. The goal was direct sales, not awareness. "
                      "ROI, should I be worried?", session)
    assert r.tool_calls[0].result["value"] == -20 and "alert" in r.answer.lower()


def test_a_change_verb_governs_the_figure_of_its_clause(engine, session):
    engine.answer("Ce trimestre : 4 500 € de pub pour 30 nouveaux mandats. Combien me coûte un client ?", session)
    r = engine.answer("et si je baisse le budget pub de 20 % en gardant mes 30 mandats ?", session)
    assert r.tool_calls[-1].result["details"]["new_value"] == 120


def test_a_what_if_that_repeats_one_figure_and_changes_another(engine, session):
    engine.answer("I spent $500 on Facebook ads and got $1,500 in bookings. What's my ROI?", session)
    r = engine.answer("and if that same $500 had brought in $2,000?", session)
    assert session.state["offline"]["last_intent"] == "what_if"
    assert r.tool_calls[-1].result["details"]["new_value"] == 300


@pytest.mark.parametrize(("q", "lang", "value"), [
    ("objectif ratio CLV/CAC de 3:1, ma CLV = 1 350 €. CAC max ?", "fr", 450),
    ("Target 3:1 LTV:CAC, our LTV is $900. Max CAC?", "en", 300),
])
def test_a_kpi_named_next_to_a_limit_word_is_solved_for(engine: OfflineEngine, session, q, lang, value):
    r = engine.answer(q, session)
    assert session.state["offline"]["last_intent"] == "solve"
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("solve_for", value)


def test_a_multiplier_what_if_works_on_the_same_messages_figures_then_on_it(engine: OfflineEngine, session):
    r = engine.answer("Avec 2 000 € de budget et 25 nouveaux clients, que devient mon CAC si je double le budget ?",
                      session)
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["details"]["new_value"]) == ("what_if", 160)
    r = engine.answer("et si je divise le budget par deux ?", session)
    assert r.tool_calls[-1].result["details"]["new_input"] == 2000
    r = engine.answer("and if I halve it?", session)
    assert r.tool_calls[-1].result["details"]["new_input"] == 1000


def test_a_named_kpi_fed_by_the_figures_is_computed_even_in_an_off_topic_looking_trade(engine: OfflineEngine):
    r = engine.answer("Cabinet de courtage en assurances : 2 000 contrats actifs au 1er janvier, 170 résiliés pendant "
                      "l'année. Taux d'attrition annuel ?", Session())
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("churn_rate", 8.5)


@pytest.mark.parametrize(("q", "kpi", "value", "level"), [
    ("The ROI on our spring email + ads campaign came out at 350%. Good or not?", "marketing_roi", 350, "good"),
    ("mon ROI sur la campagne radio pour la concession est de -15 %, c'est grave docteur ?", "marketing_roi", -15,
     "alert"),
    ("Our meal-prep subscription loses 6% of its subscribers every month. Is that good?", "churn_rate", 6, "alert"),
])
def test_a_kpis_lone_value_in_its_unit_is_judged_however_far_from_its_name(engine: OfflineEngine, q, kpi, value,
                                                                          level):
    r = engine.answer(q, Session())
    call = r.tool_calls[-1]
    assert (call.name, call.arguments["kpi"], call.result["value"], call.result["verdict"]["level"]) == (
        "kpi_health", kpi, value, level)


@pytest.mark.parametrize("q", ["On perd 30 clients par mois sur 1 000. Churn ?",
                               "on perd 30 abonnés par mois, on en a 1 000, churn ?"])
def test_a_period_between_a_part_and_its_whole_does_not_part_them(engine: OfflineEngine, q):
    r = engine.answer(q, Session())  # and 'perd 30 abonnés' is a count of lost customers, not the churn rate
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("churn_rate", 3)


def test_what_a_subscriber_brings_in_is_a_clv_not_a_solve_of_the_churn_stated(engine: OfflineEngine):
    r = engine.answer("Box beauté mensuelle à 34,90 €, marge brute 45 %, churn mensuel 7,5 %. Combien me rapporte un "
                      "abonné sur sa durée de vie, en marge ?", Session())
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("clv_margin_churn", 209.4)


def test_founder_hours_valued_per_hour_in_words_count_in_the_cac(engine: OfflineEngine):
    r = engine.answer("Je suis photographe. Ce trimestre : 900 € de pub Insta + environ 20 h de mon temps en "
                      "prospection (je compte mon heure à 45 €). 12 nouveaux couples signés. Mon CAC ?", Session())
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("customer_acquisition_cost", 150)


@pytest.mark.parametrize(("q", "field", "value"), [
    ("Club de sport avec 800 adhérents. Combien de départs max par mois si je veux rester sous 2,5 % de churn "
     "mensuel ?", "customers_lost", 20),
    ("Je lance une marque, budget pub de trois mille euros ce mois. Combien de clients il me faut pour que chaque "
     "client me coûte 50 € ?", "new_customers", 60),
    ("Mon café a un budget pub de 1 500 €. Si je veux que chaque nouveau client me coûte pas plus de 25 €, il me "
     "faut combien de nouveaux clients ?", "new_customers", 60),  # 'pas plus de': a bound, not 'A plus B'
    ("My café has a 1,500 € ad budget. If I want each new customer to cost me no more than 25 €, how many new "
     "customers do I need?", "new_customers", 60),  # 'no more than' is a bound, not a zero said in words
    # an amount per unit of a ratio's whole, under a bound, is that KPI's target
    ("J'ai un budget de 6 000 $ CA pour la campagne de rentrée de mon école de musique, et je veux pas dépasser "
     "75 $ par nouvel élève. Il me faut combien d'inscriptions au minimum ?", "new_customers", 80),
    ("Pour mon cabinet d'ostéo j'ai un budget de trois mille euros en pub et je veux pas dépasser 25 € par "
     "contact. Il me faut combien de contacts pour tenir l'objectif ?", "leads", 120),
    ("J'ai un budget pub de 4 500 € (bateau-école). Je veux que chaque nouvel élève me coûte au maximum 75 €. "
     "Combien d'élèves je dois recruter au minimum ?", "new_customers", 60),
    # 'each <unit of the whole>' shortly before an amount with a bound word is that cost KPI's target
    ("Salle d'escalade : budget marketing de 4 500 $ CA pour le trimestre et je veux que chaque nouveau membre me "
     "coûte 75 $ max en acquisition. Il me faut combien de nouveaux membres au minimum ?", "new_customers", 60),
    ("We have $6,000 for ads and each new client should cost us at most $40. How many clients do we need?",
     "new_customers", 150),
    ("J'ai 3 000 € de budget, chaque lead doit coûter 20 € maximum. Combien de leads je dois générer ?", "leads",
     150),
    # the unknown a solve asks for is not filled by a figure: '$12,000 in sales' is the revenue, not the spend
    ("We want a ROAS of 4 and expect $12,000 in sales from the campaign. How much can we spend on ads?", "ad_spend",
     3000),
    ("Our ski rental shop expects the winter ad campaign to bring in CAD 26,000 in rentals. The owner insists on a "
     "ROAS of at least 5. What's the most we can put into ads?", "ad_spend", 5200),
    ("I need a 20% close rate on 250 leads. How many deals is that?", "conversions", 50),
    # the same words name a KPI and the target's input: the input is asked ('what close rate' for a velocity)
    ("What close rate do I need? We have 40 opportunities, avg deal 12k, 60-day cycle, and I want a sales velocity "
     "of 2,000 per day.", "win_rate_pct", 25),
    ("Abonnement à 40 €/mois, marge 75 %. Si je veux récupérer mon coût d'acquisition en 12 mois maximum, je peux "
     "dépenser combien max pour acquérir un client ?", "cac", 360),
    ("Our plan is $50 a month at 80% gross margin. If we want to recover the acquisition cost within 9 months, "
     "what's the most we can spend to acquire a customer?", "cac", 360),
    ("Recruitment agency planning a LinkedIn campaign: we want cost per lead at $25 and we need 140 employer leads. "
     "What's the max budget?", "marketing_spend", 3500),  # 'employer' is a word, not a typo of 'employés'
    ("Avec un CPM de 12 € et 3 600 € de budget, combien d'impressions j'obtiens ?", "impressions", 300000),
])
def test_a_target_said_as_a_limit_or_a_cost_per_customer_is_solved(engine: OfflineEngine, q, field, value):
    r = engine.answer(q, Session())
    call = r.tool_calls[-1]
    assert (call.name, call.arguments["field"], call.result["value"]) == ("solve_for", field, value)


def test_a_figure_behind_the_last_calculation_said_afterwards_updates_it(engine: OfflineEngine, session):
    engine.answer("Newsletter : 12 000 envois, 3 360 ouvertures. C'est quoi le taux d'ouverture ?", session)
    r = engine.answer("ah pardon j'avais oublié, il y a eu 480 bounces sur l'envoi", session)
    details = r.tool_calls[-1].result["details"]
    assert (details["new_input"], round(details["new_value"], 2)) == (11520, 29.17)


def test_the_currency_of_an_unfinished_calculation_is_kept_for_its_follow_up(engine: OfflineEngine, session):
    engine.answer("Ran Google Ads for my tutoring center last month, $1,800 total. What's my cost per lead?", session)
    r = engine.answer("oh sorry - 72 leads came in through the booking form", session)
    assert (r.tool_calls[-1].result["value"], r.tool_calls[-1].result["unit"]) == (25, "USD")
    assert "$25" in r.answer and "€" not in r.answer


def test_clicks_relative_to_the_opens_given_before_are_a_click_to_open_rate(engine: OfflineEngine, session):
    engine.answer("Newsletter : 6 200 envoyés, 200 bounces, 1 560 ouvertures. Taux d'ouverture ?", session)
    r = engine.answer("et 234 personnes ont cliqué sur le lien. Ça fait quoi rapporté aux ouvertures ?", session)
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("click_to_open_rate", 15)


@pytest.mark.parametrize(("first", "then", "field", "value"), [
    ("Our demo page had 4,000 visitors last quarter and 64 demo requests. Conversion rate?",
     "At that rate, how many visitors would we need to get 100 demo requests?", "visitors", 6250),
    ("Épicerie fine : 45 000 € de CA pour 900 commandes. Panier moyen ?",
     "Pour faire 60 000 € au T1 avec ce panier, il me faut combien de commandes ?", "orders", 1200),
])
def test_the_last_value_kept_as_the_target_while_another_input_changes(engine, session, first, then, field, value):
    engine.answer(first, session)
    r = engine.answer(then, session)
    call = r.tool_calls[-1]
    assert (call.name, call.arguments["field"], call.result["value"]) == ("solve_for", field, value)


def test_an_answer_to_a_question_back_keeps_the_optional_input_it_also_gives(engine: OfflineEngine, session):
    engine.answer("Notre CAC est de 240 €. En combien de mois on le rentabilise ?", session)
    r = engine.answer("l'abonnement est à 30 € par mois et on a 80 % de marge brute", session)
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("cac_payback", 10)


@pytest.mark.parametrize(("q", "ratio", "level"), [
    ("Box de croquettes : panier moyen 60 €, un client commande en moyenne 5 fois au total. Je paie 45 € pour "
     "acquérir un client. Mon rapport valeur client / coût d'acquisition est sain ?", 6.67, "good"),
    ("Forfait à 15 € par mois, les clients restent en moyenne 10 mois. Je dépense 200 € pour en signer un. C'est "
     "rentable niveau valeur client vs coût d'acquisition ?", 0.75, "alert"),
])
def test_customer_value_versus_acquisition_cost_is_the_clv_cac_ratio(engine: OfflineEngine, q, ratio, level):
    r = engine.answer(q, Session())  # and the 'vs' inside that name compares nothing
    call = r.tool_calls[-1]
    assert (call.name, round(call.result["value"], 2), call.result["verdict"]["level"]) == (
        "clv_cac_ratio", ratio, level)


@pytest.mark.parametrize("q", ["CPM ça veut dire quoi exactement ? l'agence me facture l'affichage au CPM",
                               "la vélocité des ventes, c'est quoi et ça se calcule comment ? on est une PME"])
def test_what_a_named_kpi_means_is_a_definition_whatever_the_business_said(engine: OfflineEngine, session, q):
    engine.answer(q, session)
    assert session.state["offline"]["last_intent"] == "explain"


@pytest.mark.parametrize(("q", "value"), [
    ("Coworking space: we started the year with 140 members and ended with 162, but 48 of those joined during the "
     "year. What's our retention rate?", 81.43),
    ("École de musique : 310 élèves inscrits en septembre 2023, 295 en septembre 2024 dont 70 nouveaux. Combien on "
     "en a gardé, en % ?", 72.58),
])
def test_retention_over_a_period_from_members_or_pupils_and_those_who_joined(engine: OfflineEngine, q, value):
    r = engine.answer(q, Session())  # 'of those joined' is not a time adverbial like 'this year'
    assert (r.tool_calls[-1].name, round(r.tool_calls[-1].result["value"], 2)) == ("retention_over_period", value)


def test_a_french_lead_score_formula_and_a_french_solve_label_are_french(engine: OfflineEngine):
    r = engine.answer("Scoring à deux axes : un lead du bon secteur, bon poste, qui a visité la page tarifs. "
                      "Combien de points ?", Session())
    assert "comportement" in r.answer and "behaviour" not in r.answer
    r = engine.answer("Club de sport avec 800 adhérents. Combien de départs max par mois si je veux rester sous "
                      "2,5 % de churn mensuel ?", Session())
    assert "`Taux de churn (attrition)(clients perdus = 20) = 2,5`" in r.answer


@pytest.mark.parametrize(("q", "tool", "value"), [
    ("We spent $1,500 on a Google campaign and it brought in $6,000 of revenue. Is that a good return?",
     "marketing_roi", 300),
    ("Campagne d'affichage : 4 000 € dépensés, 3 100 € de ventes qu'on peut lui attribuer. C'est grave docteur ?",
     "marketing_roi", -22.5),
    ("Spent $2,400 on Meta ads and tracked $8,760 in sales. How much revenue did each ad dollar bring back?", "roas",
     3.65),
])
def test_revenue_against_a_spend_is_an_roi_unless_the_return_on_ad_spend_is_asked(engine: OfflineEngine, q, tool,
                                                                                    value):
    r = engine.answer(q, Session())
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == (tool, value)


def test_a_what_if_keeps_the_conversations_currency(engine: OfflineEngine, session):
    engine.answer("Spent $2,400 on Meta ads and tracked $8,760 in sales. ROAS?", session)
    r = engine.answer("ok and what if those ads had brought in 10.5k instead?", session)
    assert "$10 500" in r.answer and "€" not in r.answer


@pytest.mark.parametrize(("first", "then", "value"), [
    ("Cabinet d'ostéopathie : 1 800 € de pub sur le semestre, 24 nouveaux patients. CAC ?",
     "Combien de nouveaux patients il me faudrait pour descendre à 60 € avec le même budget ?", 30),
    ("Business hotel: 3,600 on LinkedIn ads this quarter, 24 new corporate accounts signed. CAC?",
     "how many accounts would I need at the same spend to get it down to 100?", 36),
])
def test_the_same_budget_is_the_one_said_before_and_the_figure_is_the_target(engine, session, first, then, value):
    engine.answer(first, session)
    r = engine.answer(then, session)
    call = r.tool_calls[-1]
    assert (call.name, call.arguments["field"], call.result["value"]) == ("solve_for", "new_customers", value)


@pytest.mark.parametrize(("q", "overall"), [
    ("Print shop: 2,400 site visitors -> 180 quote requests -> 54 accepted quotes last quarter. Conversion at each "
     "step and overall?", 2.25),
    ("Installateur : 5 000 personnes ont utilisé le simulateur en ligne, 600 ont demandé un devis, 150 visites "
     "techniques réalisées, 45 contrats signés. C'est quoi mon taux de conversion global ?", 0.9),
])
def test_falling_counts_asked_step_by_step_or_overall_are_a_funnel(engine: OfflineEngine, q, overall):
    r = engine.answer(q, Session())
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("funnel_conversion", overall)


@pytest.mark.parametrize(("q", "tool", "value"), [
    ("We sell maintenance contracts. Average invoice is $4,200, clients are billed twice a year, and they usually stay "
     "with us about 6 years. What's a client's lifetime value?", "clv_b2b", 50400),
    ("Music school. Our 2021 intake was 200 students; 150 of them were still enrolled in 2022, 117 in 2023 and 96 in "
     "2024. What percentage of the 2021 students stayed with us all four years?", "multi_year_loyalty", 48),
    ("I build solid oak tables. The average order is about €1,150 and a typical customer ends up buying from me 1.6 "
     "times in total. Roughly how much is one customer worth to me over time?", "clv_simple", 1840),
])
def test_a_lifetime_value_or_a_cohort_told_in_plain_words(engine: OfflineEngine, q, tool, value):
    r = engine.answer(q, Session())  # 'twice a year' is 2; an 'intake' is a cohort; 'solid oak' judges nothing
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == (tool, value)


def test_an_all_in_cost_and_a_target_roi_solve_the_revenue_needed(engine: OfflineEngine):
    r = engine.answer("On part sur le salon, 5 000 € tout compris. Combien de CA il faut générer pour sortir un ROI de "
                      "200 % ?", Session())
    call = r.tool_calls[-1]
    assert (call.name, call.arguments["field"], call.result["value"]) == ("solve_for", "revenue", 15000)


def test_a_set_word_before_a_condition_does_not_make_a_what_if(engine: OfflineEngine):
    r = engine.answer("Prof de yoga : 350 € de pub + outils, et j'ai passé 20 h sur insta que je valorise à 30 €/h. "
                      "13 nouveaux élèves. C'est quoi mon vrai CAC si je compte mon temps ?", Session())
    assert (r.tool_calls[-1].name, round(r.tool_calls[-1].result["value"], 2)) == ("customer_acquisition_cost", 73.08)


def test_a_ratio_written_x_to_1_is_its_value_not_a_range(engine: OfflineEngine):
    r = engine.answer("An investor asked about our unit economics. Our LTV to CAC sits at 2.5 to 1. Is that good "
                      "enough?", Session())
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("kpi_health", 2.5)


def test_putting_an_amount_into_a_campaign_is_its_cost(engine: OfflineEngine):
    r = engine.answer("I'm putting 6,000 into a local radio + flyer push. I want a 150% ROI on it. How much revenue "
                      "does it have to bring in?", Session())
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("solve_for", 15000)


def test_a_message_with_its_own_figures_is_judged_on_them_not_on_the_last_kpi(engine: OfflineEngine, session):
    engine.answer("Cabinet d'ostéopathie : 1 800 € de pub sur le semestre, 24 nouveaux patients. CAC ?", session)
    r = engine.answer("We spent $1,500 on a Google campaign and it brought in $6,000 of revenue. Is that a good "
                      "return?", session)
    assert (r.tool_calls[-1].name, r.tool_calls[-1].result["value"]) == ("marketing_roi", 300)


def test_a_currency_said_by_its_code_or_in_words_is_the_answer_s_currency(engine: OfflineEngine):
    r = engine.answer("Notre cabinet à Genève : 3 600 CHF de pub, 24 nouveaux patients. CAC ?", Session())
    assert (r.tool_calls[-1].result["value"], r.tool_calls[-1].result["unit"]) == (150, "CHF")
    assert "150 CHF" in r.answer
    r = engine.answer("We spent 900 dollars and got 30 new customers, CAC?", Session())
    assert (r.tool_calls[-1].result["value"], r.tool_calls[-1].result["unit"]) == (30, "USD")


@pytest.mark.parametrize(("q", "tool", "value"), [
    # "a customer's": the possessive goes, and the article 'a' is not the 'à #' of a price
    ("We run a small invoicing SaaS. ARPU is $49/month, gross margin 80 %, and we lose about 4 % of customers every "
     "month. What's a customer's lifetime value based on margin?", "clv_margin_churn", 980),
    # 'What CPM did we pay?' names no ROI ('did it pay off' does)
    ("Our app ran a TikTok campaign: $1,850 spent, 3,100 installs, 740,000 impressions. What CPM did we pay?",
     "cost_per_mille", 2.5),
    ("B2B supplier. Marketing handed 380 MQLs to sales, sales accepted 57 of them as SQLs, and we won 9 deals. "
     "What's our MQL to SQL conversion?", "mql_to_sql_rate", 15),
])
def test_words_around_the_kpi_name_do_not_name_another(engine: OfflineEngine, q, tool, value):
    r = engine.answer(q, Session())
    assert [c.name for c in r.tool_calls] == [tool]
    assert r.tool_calls[0].result["value"] == pytest.approx(value)


def test_a_condition_reached_names_the_new_value_of_a_what_if(engine: OfflineEngine):
    r = engine.answer("Panier moyen 45 €, nos clients achètent 3 fois en moyenne. Si on arrive à les faire acheter "
                      "4 fois, ça donne quelle CLV ?", Session())
    assert r.tool_calls[-1].result["details"]["new_value"] == 180


def test_a_judged_calculation_names_the_figures_it_did_not_use(engine: OfflineEngine):
    r = engine.answer("Campagne Google pour notre traiteur (on existe depuis 6 ans) : 2 400 € dépensés pour 1 800 € "
                      "de commandes. C'est grave docteur ?", Session())
    assert r.tool_calls[0].result["value"] == -25
    assert "« 6 ans »" in r.answer and r.reading.unused == ["6 ans"]


def test_an_aside_between_a_label_and_its_figure_does_not_part_them(engine: OfflineEngine):
    r = engine.answer("B2B packaging maker. Last year marketing cost us $18,000 and the sales team (salaries share + "
                      "travel) another $27,000. We signed 30 new accounts, turnover was $2.1M. What's our CAC with "
                      "sales costs?", Session())
    call = r.tool_calls[-1]
    assert (call.arguments["sales_spend"], call.result["value"]) == (27000, 1500)
    assert r.answer.count("$2.1M") == 1  # named once as not used


def test_winning_one_costs_is_the_cac_a_b2b_clv_subtracts(engine: OfflineEngine):
    r = engine.answer("Avg order is £2,300, a typical account orders 3 times a year and stays with us for 5 years. "
                      "Winning one costs us about £4,100. What's the customer lifetime value net of that?", Session())
    assert (r.tool_calls[0].name, r.tool_calls[0].result["value"]) == ("clv_b2b", 30400)


def test_a_stated_value_judged_names_the_message_s_other_figures(engine: OfflineEngine):
    r = engine.answer("Mon agence tourne depuis 8 ans, et nos campagnes Google Ads affichent un ROI de -35 % sur le "
                      "semestre. C'est grave ou pas ?", Session())
    assert r.tool_calls[-1].result["verdict"]["level"] == "alert"
    assert r.reading.tool == "kpi_health" and r.reading.unused == ["8 ans"]


def test_an_average_job_is_the_price_a_cac_is_judged_against(engine: OfflineEngine):
    r = engine.answer("Mobile bike repair: this quarter I spent £1,800 on flyers and ads and got 15 new customers. "
                      "My average job is £95. Is my acquisition cost OK?", Session())
    assert (r.tool_calls[-1].result["value"], r.tool_calls[-1].result["verdict"]["level"]) == (120, "alert")
    assert "95 GBP" in r.answer


def test_a_class_pack_s_price_is_what_a_cac_is_judged_against(engine: OfflineEngine):
    r = engine.answer("Our Swiss yoga studio spent CHF 2,400 on Google Ads and got 30 new members. A class pack is "
                      "CHF 180. Is that CAC ok?", Session())  # seen as a newcomer in the page
    assert (r.tool_calls[-1].result["value"], r.tool_calls[-1].result["verdict"]["level"]) == (80, "good")
    assert "180 CHF" in r.answer


def test_figures_a_second_calculation_of_the_turn_used_are_not_named_as_unused(engine: OfflineEngine):
    r = engine.answer("J'ai dépensé 1200 € pour 15 clients, panier moyen 60 €, ils achètent 4 fois. Mon CAC ?",
                      Session())  # the CLV behind the CAC's verdict used the basket and the 4 purchases
    assert [c.name for c in r.tool_calls] == ["customer_acquisition_cost", "clv_simple", "clv_cac_ratio"]
    assert "Non utilisé" not in r.answer


def test_the_business_named_implies_the_segment_of_a_rule_and_the_answer_says_so(engine: OfflineEngine):
    r = engine.answer("Mon restaurant a une page de réservation en ligne : 2 400 visites le mois dernier et 54 "
                      "réservations faites dessus. Mon taux de conversion est correct ?", Session())
    assert r.tool_calls[0].arguments["segment"] == "B2C" and r.tool_calls[0].result["verdict"]["level"] == "good"
    assert "Règles B2C appliquées (votre activité : commerce de proximité ou restaurant)" in r.answer
    said = engine.answer("Ma boutique B2B a eu 12 000 visites et 300 commandes. Bon taux de conversion ?", Session())
    assert said.tool_calls[0].arguments["segment"] == "B2B" and "appliquées (votre activité" not in said.answer


def test_the_founders_hours_at_a_rate_count_in_the_cac_and_the_rate_is_no_clv(engine: OfflineEngine):
    r = engine.answer("I run a small landscaping business. Last quarter I paid $1,350 for Google ads and a flyer "
                      "drop, plus I reckon I put about 30 hrs of my own time into the marketing side (my time's "
                      "worth $45/hr). Got 18 new customers out of it. What's my real cost to get one customer, "
                      "counting my time?", Session())
    assert [(c.name, c.result["value"]) for c in r.tool_calls] == [("customer_acquisition_cost", 150)]


@pytest.mark.parametrize(("q", "tool", "value"), [
    ("je suis ceramiste, mes clients commandent pour 65 € en moyenne a chaque fois et passent en tout trois "
     "commandes en moyenne sur toute la periode ou ils restent clients. ca fait quelle valeur vie client ?",
     "clv_simple", 195),
    ("My customers spend about $40 each time and come back 6 times over the years they stay. What's a customer "
     "worth?", "clv_simple", 240),
    ("Notre pipeline commercial pèse 1,6 M€ au total, et 720 k€ de ces opportunités ont été influencés par le "
     "marketing (webinaires, salon, contenus). En valeur, quelle est la contribution du marketing au pipeline ?",
     "pipeline_contribution", 45),  # 'de ces opportunités' is the group the part is taken from, not a time
])
def test_words_for_a_purchase_amount_and_a_part_of_a_group(engine: OfflineEngine, q, tool, value):
    r = engine.answer(q, Session())
    assert (r.tool_calls[0].name, r.tool_calls[0].result["value"]) == (tool, value)


def test_a_cac_judged_against_what_a_customer_spends(engine: OfflineEngine):
    r = engine.answer("My CAC is £140 and a customer spends £110 on average. Is that healthy?", Session())
    assert r.tool_calls[-1].result["verdict"]["level"] == "alert" and "110 GBP" in r.answer


@pytest.mark.parametrize(("q", "calls"), [
    # an amount each customer spends is no part of the spend: it is what a customer brings
    ("I paid $2,000 for ads and got 25 customers who each spend about $400 with us over time. Healthy CAC?",
     [("customer_acquisition_cost", 80), ("clv_cac_ratio", 5)]),
    ("J'ai mis 3 000 € en pub pour 20 clients, qui dépensent chacun environ 600 € chez nous au fil du temps. CAC "
     "sain ?", [("customer_acquisition_cost", 150), ("clv_cac_ratio", 4)]),
    # an input's word the other figure answers leaves this one to the input still open
    ("Did a $3,000 influencer collab for my skincare brand and tracked it with a promo code: $7,350 in sales. "
     "What's the ROI?", [("marketing_roi", 145)]),
    ("Photographe de mariage. J'ai pris un stand au salon du mariage de Lyon pour 2 000 € et j'ai signé pour "
     "1 500 € de prestations grâce au salon. C'était rentable ou pas ?", [("marketing_roi", -25)]),
    ("We paid $4,000 for a booth at the home show and signed $11,000 in contracts from it. ROI?",
     [("marketing_roi", 175)]),
    ("Of the 1,840 people who bought from my hot sauce shop in 2024, 423 ordered again. What % are repeat buyers?",
     [("repeat_purchase_rate", 22.9891)]),
    ("Honest question: a customer of my bike repair subscription is worth about $300 over their lifetime, but I'm "
     "paying about $350 in ads to get each one. How worried should I be?", [("clv_cac_ratio", 0.857143)]),
    ("Je vais mettre 3 000 € de pub pour ma clinique esthétique le mois prochain. Il me faut combien de nouvelles "
     "patientes pour que ça me coûte 50 € par patiente max ?", [("solve_for", 60)]),
])
def test_what_each_figure_is_from_its_words(engine: OfflineEngine, q, calls):
    r = engine.answer(q, Session())
    assert [(c.name, c.result["value"]) for c in r.tool_calls if c.name != "kpi_health"] == calls


@pytest.mark.parametrize(("q", "values"), [
    ("Pharmacie, deux campagnes google : la A 540 € pour 1 800 clics, la B 720 € pour 3 000 clics. Elles me "
     "coutent combien au clic chacune ?", [0.3, 0.24]),
    ("Two campaigns: Google cost $900 for 30 leads, Facebook $600 for 25 leads. Cost per lead?", [30, 24]),
])
def test_two_campaigns_are_compared(engine: OfflineEngine, q, values):
    assert [c.result["value"] for c in engine.answer(q, Session()).tool_calls] == values


def test_an_elision_typed_without_its_apostrophe_and_words_joined_by_a_slash(engine: OfflineEngine):
    r = engine.answer("camping, mail de relance pour l'été : 5000 envoyés, 150 NPAI/rebonds, 1746 ouverts. taux d "
                      "ouverture stp", Session())
    assert [(c.name, c.result["value"]) for c in r.tool_calls] == [("email_open_rate", 36)]


@pytest.mark.parametrize(("q", "calls"), [
    # an 'if' clause with no figure is no hypothetical: the amounts still add up
    ("salut, je suis plombier a mon compte. en octobre j'ai mis 650€ dans google ads et 200€ en flyers, et j'ai "
     "passé dix heures a gerer tout ça (je compte mon heure a 45€). resultat 9 nouveaux clients. c'est quoi mon "
     "vrai cout d'acquisition si je compte mon temps ?", [("customer_acquisition_cost", 144.4444)]),
    # a second KPI named is not computed from a figure the first calculation used
    ("We service commercial HVAC systems. Average invoice is £2,300, clients order about 3 times a year and stick "
     "with us 5 years on average. Winning a new account costs us roughly £4,100. What's the customer lifetime value "
     "once you take off the acquisition cost?", [("clv_b2b", 30400)]),
    ("I'm a freelance UX consultant. Over the last quarter I spent $1,800 on LinkedIn ads and a prospecting tool and "
     "signed six new clients. My average project is $7,500. Is my CAC healthy?",
     [("customer_acquisition_cost", 300)]),
])
def test_figures_of_a_calculation_told_with_context(engine: OfflineEngine, q, calls):
    r = engine.answer(q, Session())
    assert [(c.name, c.result["value"]) for c in r.tool_calls if c.name != "kpi_health"] == calls


@pytest.mark.parametrize(("q", "calls"), [
    ("Instagram for my ceramics studio, last month: reach 21,700, 1,240 likes, 86 comments, 54 shares, and 310 new "
     "followers. What's my engagement rate?", [("social_engagement_rate", 6.35945)]),  # new followers: no reach
    ("Running a coworking space in Leeds. We had 84 members on 1 January and 97 on 30 June, but 25 of those 97 "
     "signed up during the six months. How much of our starting base did we actually keep?",
     [("retention_over_period", 85.7143)]),  # '25 of those 97 signed up': the verb names the 25
    ("Small accounting practice here. We sponsored the local chamber of commerce breakfast, total cost £2,500 "
     "(venue, coffee, printed guides). It got us 4 new clients worth £9,500 in fees for their first year. What's "
     "the return on that, in %?", [("marketing_roi", 280)]),
])
def test_what_a_figure_counts_when_other_counts_stand_near(engine: OfflineEngine, q, calls):
    r = engine.answer(q, Session())
    assert [(c.name, c.result["value"]) for c in r.tool_calls if c.name != "kpi_health"] == calls


@pytest.mark.parametrize(("q", "level"), [
    ("Notre école de langues a 8 ans, on n'est pas du tout en lancement. La campagne promo de la rentrée sort avec "
     "un ROI de -15 %. C'est grave ?", "alert"),  # 'pas du tout en lancement' denies the launch
    ("On vient de lancer notre marque, ROI de la première campagne -30 %, c'est grave ?", "watch"),
    ("I run an escape room in Toronto. Last month 8,400 people visited our booking page and 252 booked a session. "
     "Is that conversion rate any good?", "good"),  # a local leisure business sells to consumers: the B2C rule
])
def test_context_words_reach_the_rule(engine: OfflineEngine, q, level):
    r = engine.answer(q, Session())
    assert r.tool_calls[-1].result["verdict"]["level"] == level


@pytest.mark.parametrize(("q", "calls"), [
    # a rate said as a fraction of small numbers ('une sur quatre'); 'un projet moyen' stays an article
    ("Agence web de 6 personnes. On a 24 opportunités qualifiées en cours, on en signe à peu près une sur quatre, un "
     "projet moyen c'est 6 500 € HT, et il faut en gros 45 jours entre le premier rdv et la signature. C'est quoi "
     "notre vélocité des ventes, en € par jour ?", [("sales_velocity", 866.6667)]),
    # 'au 1er sept' is a date, not 1 and 7
    ("box beaute par abonnement: au 1er sept 1.250 abonnees, 85 ont resilie dans le mois, 140 nouvelles inscrites. "
     "taux de churn de septembre ?", [("churn_rate", 6.8)]),
    ("illustratrice, j'ai booste mes posts pour mon expo: 95 € en tout pour 38 000 impressions (410 clics). c'est "
     "quoi mon cpm ?", [("cost_per_mille", 2.5)]),
    ("osteo, en 2025 j'ai vu 420 patients, 168 sont revenus pour une autre seance dans l'annee. c quoi mon taux de "
     "retention ?", [("retention_rate", 40)]),
    ("pizzeria, j'ai sponso un post insta/fb : trois cent quarante euros depenses, 52k impressions et 1 700 clics. ca "
     "me revient a combien le clic ?", [("cost_per_click", 0.2)]),
    ("We supply cleaning products to hotels. A typical hotel orders about $2,300 each time, orders five times a year "
     "and stays with us four years on average. Winning a new hotel costs us around $3,100. What's a hotel's lifetime "
     "value net of that acquisition cost?", [("clv_b2b", 42900)]),
    ("B2B packaging supplier. Over the last six months: marketing budget €27,000 (one trade show + LinkedIn), sales "
     "team cost €45,000, and we won 18 new accounts. Average first order is around €9,500. What's our CAC once sales "
     "costs are included?", [("customer_acquisition_cost", 4000)]),  # the first order is the price, not a spend
    # '3 times acquisition cost' is a CLV:CAC target; 'the most I can pay to get a new student' asks for the CAC
    ("I teach piano online. A student is worth about £1,350 to me over the time they stay. I want to keep lifetime "
     "value at 3 times acquisition cost. What's the most I can pay to get a new student?", [("solve_for", 450)]),
])
def test_fractions_dates_and_words_of_hurried_owners(engine: OfflineEngine, q, calls):
    r = engine.answer(q, Session())
    assert [(c.name, c.result["value"]) for c in r.tool_calls if c.name != "kpi_health"] == calls


@pytest.mark.parametrize(("q", "calls"), [
    # a total detailed in parts is the total, not total + parts
    ("Campagne Google Ads : coût total 5 000 € (4 000 € de média + 1 000 € d'agence), 20 000 € de ventes attribuées. "
     "Quel ROI ?", [("marketing_roi", 300)]),
    # an average amount is no part of a spend
    ("Spent £2,000 on Google Ads, 800 clicks, 10 patients started treatment (avg treatment value £3,000). Cost per "
     "click?", [("cost_per_click", 2.5)]),
    # a share by value takes the two amounts when one side was a count
    ("Our pipeline has 50 open deals worth $800k in total. Marketing touched 30 of those deals, worth $200k. What "
     "share of the pipeline value comes from marketing?", [("pipeline_contribution", 25)]),
    # 'ne dépasse pas 450 €' is a bound, not a figure taken back
    ("Budget marketing 9 000 €. On veut un CAC qui ne dépasse pas 450 € par nouveau client. Combien de nouveaux "
     "clients faut-il signer ?", [("solve_for", 20)]),
    # 'what do we get per client' asks a value per client, not a number of clients
    ("Each visit bills about 1,000 €, a client books 3 visits a year and stays 5 years. Our CAC is 2,000 €. B2B CLV "
     "net of the acquisition cost: what do we get per client?", [("clv_b2b", 13000)]),
    ("I sell candles at markets. 300 different people bought from me this year and 60 of them bought more than "
     "once. What percentage are repeat buyers?", [("repeat_purchase_rate", 20)]),
    ("Ma page d'inscription convertit à 4 %. Pour avoir 20 nouveaux élèves, il me faut combien de visiteurs ?",
     [("solve_for", 500)]),
])
def test_totals_averages_bases_and_bounds(engine: OfflineEngine, q, calls):
    r = engine.answer(q, Session())
    assert [(c.name, c.result["value"]) for c in r.tool_calls if c.name != "kpi_health"] == calls


@pytest.mark.parametrize(("q", "calls"), [
    # a figure in a side remark yields to the main sentence's
    ("Our booking page had 2,000 visits and 80 appointments were booked through it. (We also took about 30 bookings "
     "by phone.) What's the page's conversion rate?", [("conversion_rate", 4)]),
    ("Un client nous passe deux commandes par an, 1 000 € la commande, et reste environ quatre ans. Le coût pour le "
     "gagner tourne autour de 2 000 €. Sa valeur vie client, coût d'acquisition déduit ?", [("clv_b2b", 6000)]),
    ("A student is worth about CHF 1,200 to us over their lifetime. What's the most we can pay to acquire one and "
     "keep a three-to-one LTV to CAC ratio?", [("solve_for", 400)]),
    ("300 inbound leads this quarter but only 60 matched our ideal client profile. What percentage of our leads are "
     "actually qualified?", [("qualified_lead_rate", 20)]),
])
def test_side_remarks_small_numbers_and_ratios_in_words(engine: OfflineEngine, q, calls):
    r = engine.answer(q, Session())
    assert [(c.name, c.result["value"]) for c in r.tool_calls if c.name != "kpi_health"] == calls


def test_a_what_if_after_a_cac_judged_by_its_ratio_changes_the_cac(engine: OfflineEngine, session):
    # seen as a newcomer: the CLV:CAC ratio that judged the CAC had become the what-if's base
    engine.answer("I paid $2,000 for ads and got 25 customers who each spend about $400 with us over time. Healthy "
                  "CAC?", session)
    r = engine.answer("what if we had got 40 customers?", session)
    call = r.tool_calls[-1]
    assert (call.name, call.arguments["tool"], call.result["details"]["new_value"]) == (
        "what_if", "customer_acquisition_cost", 50)
