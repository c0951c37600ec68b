"""Inputs that are not plain figures: a cohort's yearly counts and the criteria a lead meets."""

from __future__ import annotations

import pytest

from assistant.reader.reading import read
from assistant.reader.structured import cohort_counts, lead_criteria, structured_inputs
from tools.registry import run_tool


@pytest.mark.parametrize(("text", "lang", "counts"), [
    ("We had 500 customers in 2021; 300 bought again in 2022 and 210 in every year 2021, 2022 and 2023. What share "
     "stayed 2 and 3 years in a row?", "en", [500, 300, 210]),
    ("Our 2021 customer cohort was 500 accounts. Still buying every year since: 320 in 2022, 240 in 2023. What % "
     "bought 3 years in a row?", "en", [500, 320, 240]),
    ("On avait 250 clients en 2021 ; 150 ont racheté en 2022, 95 en 2023. Quelle part a acheté 3 ans de suite ?",
     "fr", [250, 150, 95]),
])
def test_a_cohort_is_its_counts_oldest_first_years_and_durations_left_out(text, lang, counts):
    assert cohort_counts(read(text, lang)) == counts


def test_counts_that_grow_are_no_cohort_and_a_question_that_names_no_loyalty_has_none():
    assert cohort_counts(read("200 clients en 2022, 260 en 2023 : quelle part 2 ans de suite ?", "fr")) == []
    assert cohort_counts(read("500 customers, 300 came back: retention?", "en")) == []


def _score(text: str, lang: str) -> float:
    tool, inputs = structured_inputs(read(text, lang))
    assert tool == "lead_score"
    return run_tool(tool, inputs).value


def test_criteria_described_after_the_model_are_the_leads_and_a_negation_in_their_clause_is_a_no():
    model = ("Scoring a lead with the two-axis model, points: company size +25, target industry +20, job title +15; "
             "pricing page visit +30, ROI calculator download +25, webinar attended +20, opened 3+ emails +10. ")
    assert _score(model + "This one: right company size, right title, wrong industry, attended our webinar, "
                          "opened just 1 email. Score?", "en") == 25 + 15 + 20
    assert _score("Lead scoring: she works in our target sector, right role, but the company is below our size. "
                  "She visited the pricing page and opened 5 of our emails. No webinar, no ROI calculator "
                  "download. Her score?", "en") == 20 + 15 + 30 + 10


def test_criteria_each_followed_by_points_are_what_the_lead_did():
    text = ("Un prospect : PME de la bonne taille (+25), dans notre secteur cible (+20), c'est le DG (+15), il a "
            "visité la page tarifs (+30) et ouvert 3 de nos emails (+10). Il fait combien de points ?")
    found = lead_criteria(read(text, "fr"))
    assert found.points == {"company_size_fit": 25, "target_sector": 20, "contact_role_fit": 15,
                            "visited_pricing": 30, "opened_3plus_emails": 10}
    assert _score(text, "fr") == 100
    # points other than the defaults are the ones used
    assert _score("Lead score : bonne taille (+40), webinar (+5). Combien de points ?", "fr") == 45


def test_a_cohort_word_with_three_yearly_counts_is_a_loyalty_but_with_two_it_is_not():
    assert cohort_counts(read("Our 2022 cohort: 400 joined in 2022, 260 still buying in 2023, 190 in 2024. What share "
                              "of the original cohort is still loyal?", "en")) == [400, 260, 190]
    assert cohort_counts(read("Our January cohort had 500 customers and 40 left. Churn?", "en")) == []


@pytest.mark.parametrize(("q", "lang", "counts"), [
    ("Caviste : j'avais 400 clients en 2022. Parmi eux, 220 ont racheté en 2023, et 130 ont encore acheté en 2024, "
     "donc 3 ans de suite. Quelle part de ma clientèle 2022 est restée fidèle les 3 années ?", "fr", [400, 220, 130]),
    ("500 people gave to us in 2022. Of those, 310 gave again in 2023, and 215 gave in all three years (2022, 2023 "
     "and 2024). What % of our 2022 donors stayed loyal all three years?", "en", [500, 310, 215]),
])
def test_a_cohort_told_as_a_story_leaves_out_its_years_and_durations(q, lang, counts):
    assert cohort_counts(read(q, lang)) == counts


def test_points_given_with_an_equals_sign_or_pts_are_the_models_points():
    r = read("On note nos prospects sur 2 axes. Profil : taille d'entreprise ok = 25 pts, bon secteur = 20, bon poste "
             "= 15. Comportement : page tarifs vue = 30, calculateur ROI téléchargé = 25, webinar suivi = 20, au moins "
             "3 mails ouverts = 10. Un prospect : bonne taille, bon secteur, mais c'est un stagiaire (pas le bon "
             "poste), il a téléchargé le calculateur ROI et ouvert 4 de nos mails. Il a combien de points ?", "fr")
    tool, inputs = structured_inputs(r)
    assert run_tool(tool, inputs).value == 80
