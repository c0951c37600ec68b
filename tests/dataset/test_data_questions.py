"""Questions about the uploaded data: 'why did my CAC explode in April?' answered with the anomaly and its cause, in
the user's language; figures from the file are known to the LLM answer's number check."""

from __future__ import annotations

from langchain_core.messages import AIMessage

from assistant.agent import LlmEngine
from assistant.config import Settings
from assistant.dataset.kpis import build_kpi_table
from assistant.dataset.load import load_bytes
from assistant.dataset.qa import answer_data_question, answer_session_question
from assistant.session import Session
from tests.llm.fakes import ListRetriever, ScriptedChatModel

# April: Facebook keeps spending (1 000 €) but wins 4 customers instead of 11 a month.
APRIL = ("Mois;Canal;Dépenses (€);Leads;Clients\n"
         "janvier 2026;Google Ads;1 200;60;15\njanvier 2026;Facebook;900;45;12\n"
         "février 2026;Google Ads;1 300;70;13\nfévrier 2026;Facebook;1 000;40;11\n"
         "mars 2026;Google Ads;1 250;66;12\nmars 2026;Facebook;950;50;10\n"
         "avril 2026;Google Ads;1 280;64;12\navril 2026;Facebook;1 000;48;4\n")


def _table():
    return build_kpi_table(load_bytes(APRIL.encode(), "ventes.csv"))


def test_pourquoi_mon_cac_a_explose_en_avril_names_the_channel_the_factor_and_the_cause_in_french():
    reply = answer_session_question("Pourquoi mon CAC a explosé en avril ?", Session(dataset=_table()))
    assert reply.language == "fr"
    lines = [line for line in reply.answer.splitlines() if line]
    # all channels: 2 280 / 16 = 142.50 against (1 250 + 950 + 1 300 + 1 000 + 1 200 + 900) / (12 + 10 + 13 + 11
    # + 15 + 12) = 6 600 / 73 = 90.41 over January-March
    assert lines[0] == ("CAC (tous canaux) en avril 2026 : 142,50\xa0€ contre 90,41\xa0€ sur les périodes précédentes "
                        "(×1,58).")
    assert lines[1] == "Ce que montre le panneau des anomalies :"
    # Facebook: 1 000 / 4 = 250 against 2 850 / 33 = 86.36; customers 11 → 4 a month, spend 950 → 1 000
    assert lines[2].startswith("- Facebook, 2026-04 : CAC de 250,00\xa0€, soit 2,89× son niveau des périodes "
                               "précédentes (86,36\xa0€), surtout moins de clients")
    assert "clients 11 → 4 (×0,36)" in lines[2] and "dépenses 950,00\xa0€ → 1\u202f000,00\xa0€ (×1,05)" in lines[2]


def test_the_same_question_in_english_is_answered_in_english():
    reply = answer_session_question("Why did my CAC jump in April?", Session(dataset=_table()))
    assert reply.language == "en"
    assert reply.answer.startswith("CAC (all channels) in April 2026: €142.50 against €90.41 over the previous periods "
                                   "(×1.58).\n\nWhat the anomaly panel shows:\n\n- Facebook, 2026-04: CAC €250.00 "
                                   "is 2.89× its level of the previous periods (€86.36), mostly fewer customers")


def test_a_question_assuming_the_wrong_direction_is_corrected_first():
    ans = answer_data_question("pourquoi mon CAC a baissé en mars ?", "fr", _table()).replace("\n\n", "\n")
    # March: 2 200 / 22 = 100 against 4 400 / 51 = 86.27 for January-February: it rose
    assert ans.splitlines()[0] == "CAC : pas de baisse en mars 2026, au contraire."
    assert ans.splitlines()[1].startswith("CAC (tous canaux) en mars 2026 : 100,00\xa0€ contre 86,27\xa0€")
    assert "Aucun canal n'est signalé comme anomalie" in ans


def test_a_why_question_about_a_notion_is_not_about_the_data():
    assert answer_data_question("Pourquoi le CAC est-il important ?", "fr", _table()) is None
    assert answer_data_question("Why is CAC important?", "en", _table()) is None


def test_figures_from_the_file_are_not_flagged_in_an_llm_answer_but_invented_ones_are(tmp_path):
    settings = Settings(data_dir=tmp_path, engine="llm", llm_base_url="http://127.0.0.1:9/v1", _env_file=None)
    said = ("Your Facebook CAC reached 250 € in April, 2.89× its level of 86.36 €: customers fell from 11 to 4 "
            "while spend stayed near 1 000 €. Over the whole file the CAC is 99.78 €.")
    table = _table()
    model = ScriptedChatModel(responses=[AIMessage(said)])
    reply = LlmEngine(settings, ListRetriever(), model).answer("Why did my CAC jump in April?",
                                                               Session(dataset=table))
    assert round(table.total.iloc[0]["cac"], 2) == 99.78  # 8 880 / 89: stated without any tool call
    assert reply.notices == []
    invented = ScriptedChatModel(responses=[AIMessage("Facebook's CAC reached 312 € in April.")])
    flagged = LlmEngine(settings, ListRetriever(), invented).answer("Why did my CAC jump?", Session(dataset=table))
    assert any("312" in n for n in flagged.notices)
