"""The answer check: verdicts, citations and actions only from tools, and a user's figure is no alibi for a result."""

from __future__ import annotations

import pytest

from assistant.answer_check import (
    action_claims,
    check_answer,
    invented_inputs,
    relabelled_user_figures,
    tool_verdicts,
    uncited_ids,
    unsupported_verdicts,
)

ROI_ALERT = {"tool": "marketing_roi", "value": -20.0, "verdict": {"level": "alert"}}


@pytest.mark.parametrize("answer", [
    "Your CAC is healthy.",
    "Votre CAC est sain.",
    "CAC est sain : 75 € par client.",
    "With 4.9 your ROAS looks great.",
    "Le taux de 2,2 % est bon.",
    "Your churn is not healthy.",
])
def test_a_verdict_without_a_tool_verdict_is_flagged(answer):
    assert unsupported_verdicts(answer, levels=set()) == [answer]


def test_a_verdict_the_tool_gave_passes_and_one_it_contradicts_is_flagged():
    levels = tool_verdicts([ROI_ALERT])
    assert levels == {"alert"}
    assert unsupported_verdicts("This ROI of -20 % is worrying: an alert.", levels) == []
    assert unsupported_verdicts("This ROI of -20 % is healthy.", levels) == ["This ROI of -20 % is healthy."]
    # A negation turns "healthy" into the alert level the tool gave.
    assert unsupported_verdicts("An ROI of -20 % is not healthy.", levels) == []


def test_a_what_ifs_new_verdict_counts_as_a_tool_verdict():
    what_if = {"tool": "what_if", "verdict": None, "details": {"new_verdict": "good"}}
    assert unsupported_verdicts("Your new ROAS of 6.25 is good.", tool_verdicts([what_if])) == []


def test_a_funnels_weakest_step_is_the_calculator_s_finding():
    funnel = {"tool": "funnel_conversion", "verdict": None,
              "details": {"weakest_step": {"from": "visiteurs", "to": "demandes", "rate_pct": 4.0}}}
    sentence = "Étape la plus faible : visiteurs → demandes (4 %), c'est elle à travailler."
    assert unsupported_verdicts(sentence, tool_verdicts([funnel])) == []
    assert unsupported_verdicts(sentence, set()) == [sentence]


@pytest.mark.parametrize("answer", [
    "A good question! Let me look.",  # no KPI, no figure
    "Le CTR est un bon indicateur de l'accroche.",  # about a KPI in general, no figure given by the user
    "La moyenne du secteur n'est pas dans mes fiches.",
])
def test_words_that_judge_nothing_of_the_users_are_not_verdicts(answer):
    assert unsupported_verdicts(answer, levels=set(), figures_given=False) == []


def test_a_benchmark_quoted_from_a_cited_entry_is_not_an_invented_verdict():
    entry = "A CLV at least 3 times the CAC is the usual target for a healthy acquisition."
    assert unsupported_verdicts("A healthy ratio is 3:1 [clv-cac-ratio].", set(), ["clv-cac-ratio"]) == []
    assert unsupported_verdicts("A CLV at least 3 times the CAC is the usual target for a healthy acquisition.",
                                set(), [], [entry]) == []


def test_cited_ids_not_retrieved_this_turn_are_listed_once():
    answer = "See [cac-definition] and [cac-definition], [clv-cac-ratio], footnote [1], link [here](http://x)."
    assert uncited_ids(answer, ["clv-cac-ratio"]) == ["cac-definition"]


@pytest.mark.parametrize("answer", [
    "I wrote the file and deleted your plans.",
    "I've sent the report to your team.",
    "I have saved your KPI plan.",
    "J'ai supprimé vos plans et envoyé le rapport.",
    "Je vais envoyer l'email à votre équipe.",
    "Your plans have been deleted.",
    "Vos données ont été effacées.",
])
def test_claims_of_actions_the_assistant_cannot_take_are_found(answer):
    assert action_claims(answer)


@pytest.mark.parametrize("answer", [
    "I calculated your CAC: 80 €.",
    "J'ai calculé votre CAC : 80 €.",
    "You could export the plan from the Plan tab.",
    "I added your hours to the spend.",
])
def test_what_the_assistant_does_is_not_an_action_claim(answer):
    assert action_claims(answer) == []


def test_a_user_figure_presented_as_another_kpis_value_is_flagged_when_nothing_was_calculated():
    question = "J'ai dépensé 2 400 € pour 32 clients, panier moyen 75 €. Mon CAC est-il sain ?"
    assert relabelled_user_figures("Votre CAC est de 75 €.", [question]) == ["75"]
    assert relabelled_user_figures("Avec un panier moyen de 75 €, visez plus.", [question]) == []
    found = check_answer("Votre CAC est de 75 €.", user_texts=[question], tool_results=[], calculated=False)
    assert found.numbers == ["75"]
    # The same sentence after a calculation that gave 75 is the tool's number.
    cac = {"tool": "customer_acquisition_cost", "value": 75.0}
    assert check_answer("Votre CAC est de 75 €.", user_texts=[question], tool_results=[cac]).numbers == []


def test_check_answer_gathers_every_kind():
    found = check_answer("Your CAC is healthy at 95 € [cac-definition]. I deleted your plans.",
                         user_texts=["CAC for 1200 € and 15 customers?"],
                         tool_results=[{"tool": "customer_acquisition_cost", "value": 80.0, "verdict": None}])
    assert found.numbers == ["95"]
    assert found.verdicts == ["Your CAC is healthy at 95 € [cac-definition]."]
    assert found.citations == ["cac-definition"]
    assert found.actions == ["I deleted your plans"]


def test_an_input_the_user_never_gave_is_flagged_and_theirs_or_a_tools_are_not():
    user = ["I spent 2 000 € on ads last month. What is my CAC?"]
    calls = [("customer_acquisition_cost", {"marketing_spend": 2000, "new_customers": 40, "currency": "EUR"})]
    assert invented_inputs(calls, user, []) == ["new_customers = 40"]
    # a figure from a tool result (the CAC computed before) and a what-if's computed new value are not invented
    calls = [("clv_cac_ratio", {"clv": 600, "cac": 50}),
             ("what_if", {"tool": "customer_acquisition_cost", "field": "marketing_spend", "new_value": 1600,
                          "inputs": {"marketing_spend": 2000, "new_customers": 40}})]
    assert invented_inputs(calls, ["CLV 600 €, 2 000 € spent for 40 customers, and if I cut spend by 20 %?"],
                           [{"tool": "customer_acquisition_cost", "value": 50.0}]) == []
    # a default left as it is (no discount) is not an input the model made up
    assert invented_inputs([("clv_margin_churn", {"arpu": 40, "gross_margin_pct": 75, "churn_rate_pct": 5,
                                                  "discount_rate_pct": 0})],
                           ["ARPU 40 €, marge 75 %, churn 5 %"], []) == []
