"""Tool steps in the chat name every input by its title, also for records that are not calculators."""

from assistant.offline.engine import OfflineEngine
from assistant.session import Session
from assistant.ui.steps import tool_step_message
from tests.offline.fakes import KeywordRetriever


def test_a_smart_objective_step_names_its_inputs_and_kpi_in_the_user_s_language():
    engine = OfflineEngine(KeywordRetriever())
    reply = engine.answer("Comment écrire un objectif SMART pour mon taux de conversion ? Il est à 1,5 % sur 2 000 "
                          "visiteurs par mois.", Session())
    smart = next(c for c in reply.tool_calls if c.name == "smart_objective")
    step = tool_step_message(smart, "fr")
    text = step["metadata"]["title"] + " " + str(step["content"])
    assert step["metadata"]["title"].startswith("🧮 Objectif SMART")
    assert "Taux de conversion" in text and "Valeur de départ 1,5" in text
    assert "smart_objective" not in text and "conversion_rate" not in text and "baseline" not in text
