"""Questions about the uploaded data answered with exact values; None when the question is not about the data."""

from __future__ import annotations

import pytest

from assistant.dataset.qa import answer_data_question, data_tool, guess_language


def test_best_cac_in_march(fr_table):
    ans = answer_data_question("Which channel has the best CAC in March?", "en", fr_table)
    # March: Emailing 150/8 = 18.75, SEO 950/13 = 73.08, SEA 2800/22 = 127.27, social 1800/2 = 900
    assert ans == ("Best CAC (2025-03): **Emailing**, 18.75. Other channels: SEO 73.08, SEA 127.27, "
                   "Réseaux sociaux 900.")


def test_meilleur_cpl_over_the_file_in_french(fr_table):
    ans = answer_data_question("Quel canal a le meilleur CPL ?", "fr", fr_table)
    # Emailing 450/133 = 3.38, SEO 2750/299 = 9.20, SEA 7800/422 = 18.48, social 4300/177 = 24.29
    assert ans == ("Meilleur CPL (tout le fichier) : **Emailing**, 3,38. Autres canaux : SEO 9,2, SEA 18,48, "
                   "Réseaux sociaux 24,29.")


def test_total_spend_and_total_cac_show_their_sums(fr_table):
    assert answer_data_question("total spend", "en", fr_table) == "Spend (whole file): 15 300."
    assert answer_data_question("CAC total ?", "fr", fr_table) == (
        "CAC (tout le fichier) : 111,68 (15 300 / 137, calculé sur les totaux).")


def test_channel_and_month_select_one_cell(fr_table):
    assert answer_data_question("CAC of SEA in January", "en", fr_table) == (
        "CAC (SEA, 2025-01): 120 (2 400 / 20, computed from the totals).")


def test_trend_of_conversion_rate(fr_table):
    # customers / visitors per month: 45/8150, 47/8620, 45/9330
    assert answer_data_question("trend of conversion rate", "en", fr_table) == (
        "Conversion rate (all channels): 2025-01 0.55 %, 2025-02 0.55 %, 2025-03 0.48 %. "
        "From 2025-01 to 2025-03: -12.6 %.")


def test_worst_and_per_channel_listing(en_table):
    assert answer_data_question("worst ROAS in 2025-03", "en", en_table).startswith(
        "Worst ROAS (2025-03): **LinkedIn Ads**, 2.67.")  # 9 600 / 3 600
    assert answer_data_question("dépenses par canal", "fr", en_table) == (
        "Dépenses par canal (tout le fichier) : Google Ads 9 600 ; LinkedIn Ads 8 400 ; Newsletter 600 ; "
        "Organic search 2 450.")


def test_a_month_missing_from_the_file_is_said(fr_table):
    assert answer_data_question("best CAC in June", "en", fr_table) == (
        "Your file has no data for 'june' (periods: 2025-01, 2025-02, 2025-03).")


@pytest.mark.parametrize("question", ["What is a CAC?", "Comment calculer le ROI ?", "hello", "",
                                      "combien ça coûte ?"])
def test_questions_not_about_the_data_return_none(fr_table, question):
    assert answer_data_question(question, "en", fr_table) is None


def test_no_table_means_no_answer():
    assert answer_data_question("best CAC", "en", None) is None


def test_data_tool_answers_in_the_question_language_and_helps_otherwise(fr_table):
    tool = data_tool(fr_table)
    assert tool("quel canal a le meilleur CAC en mars ?").startswith("Meilleur CAC (2025-03) : **Emailing**, 18,75.")
    assert tool("What is the weather?").startswith("I could not read this as a question about your data.")
    assert guess_language("quel est le total des dépenses") == "fr"
    assert guess_language("total spend please") == "en"


def test_session_answerer_returns_a_reply_from_the_sessions_dataset(fr_table):
    from assistant.dataset.qa import answer_session_question
    from assistant.session import Session

    session = Session(dataset=fr_table)
    reply = answer_session_question("quel canal a le meilleur CAC en mars ?", session)
    assert reply.language == "fr" and reply.engine == "offline"
    assert reply.answer.startswith("Meilleur CAC (2025-03) : **Emailing**, 18,75.")
    assert reply.notices == ["Réponse calculée à partir de votre fichier « marketing_sample.csv » (ratios "
                             "recalculés sur les sommes)."]
    assert answer_session_question("What is a CAC?", session) is None
    assert answer_session_question("best CAC", Session()) is None
