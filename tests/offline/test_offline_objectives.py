"""'How do I write a SMART objective for my conversion rate?' and 'what target for MQL→SQL?' in the chat, offline:
a worked objective from the user's figures (this message or the conversation's), the sourced range or the plain
statement that none is sourced, in French and English, every figure traceable to the user, a tool or a cited entry."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.eval.provenance import unexplained
from assistant.offline import objective as objective_handler
from assistant.session import Session

TODAY = dt.date(2026, 1, 15)  # the next quarter ends on 30 June 2026


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(objective_handler, "today", lambda: TODAY)


def ask(engine, retriever, *questions: str, session: Session | None = None):
    """The last reply of a conversation, with the figures of its answer no source explains."""
    session = session or Session()
    for q in questions:
        reply = engine.answer(q, session)
    cited = [retriever.get(s.id, reply.language) for s in reply.sources]
    texts = [*questions, *(h.text + " " + h.title for h in cited if h), *(s.source for s in reply.sources)]
    data = [c.result for c in reply.tool_calls] + [c.arguments for c in reply.tool_calls]
    return reply, session.state["offline"]["last_intent"], unexplained(reply.answer, texts, data)


def test_a_smart_objective_is_worked_from_the_figures_in_the_question(engine, retriever):
    reply, intent, invented = ask(engine, retriever, "How do I write a SMART objective for my conversion rate? my "
                                  "conversion rate is 1.5 %, 2 000 visitors a month")
    assert intent == "objective"
    assert "no target" in reply.answer  # the draft's step is said to come from the articles' example, not the user
    assert "**Your SMART objective**: Increase conversion rate from 1.5 % to 1.73 % by June 30, 2026." in reply.answer
    assert "with 2 000 visitors or leads, 1.5 % is 30 conversions; 1.73 % means 35 conversions" in reply.answer
    assert "**How it is measured**: Conversion rate = conversions / visitors (or leads) × 100" in reply.answer
    calls = {c.name: c for c in reply.tool_calls}
    assert calls["smart_objective"].result["value"] == pytest.approx(1.725)
    assert calls["smart_objective"].result["inputs"]["change_pct"] == 15
    assert [c.result["value"] for c in reply.tool_calls if c.name == "solve_for"] == [30, 35]
    assert [s.id for s in reply.sources] == ["select-smart-objectives"]
    assert "15 %" in retriever.get("select-smart-objectives", "en").text  # the step's source says 15 %
    assert invented == []


def test_a_smart_objective_in_french_uses_the_figures_given_earlier_in_the_conversation(engine, retriever):
    reply, intent, invented = ask(engine, retriever, "Mon taux de conversion est de 1,5 % pour 2 000 visiteurs par "
                                  "mois.", "Comment écrire un objectif SMART pour ça ?")
    assert intent == "objective"
    assert reply.language == "fr"
    assert ("**Votre objectif SMART** : Augmenter taux de conversion de 1,5 % à 1,73 % d'ici le 30 juin 2026."
            in reply.answer)
    assert ("sur 2\u202f000 visiteurs ou leads, 1,5 % représente 30 conversions ; 1,73 % en représente 35"
            in reply.answer)
    assert "**Comment le mesurer**" in reply.answer
    assert invented == []


def test_the_users_own_target_and_deadline_are_written_and_checked(engine, retriever):
    reply, intent, invented = ask(engine, retriever, "I want to take my conversion rate from 1.5 % to 2 % by the "
                                  "end of June, write it as a SMART objective")
    assert intent == "objective"
    assert "no target" not in reply.answer
    assert "Increase conversion rate from 1.5 % to 2 % by June 30, 2026." in reply.answer
    assert "- ✅ **Time-bound** — Time-bound: 166 days to go." in reply.answer
    assert invented == []


def test_a_cost_cut_by_a_share_becomes_a_lower_target_with_its_sourced_reference(engine, retriever):
    reply, intent, invented = ask(engine, retriever, "my CAC is 80 €, I want to cut it by 20 % by the end of Q3, "
                                  "write it as a SMART objective")
    assert intent == "objective"
    assert "Reduce customer acquisition cost (CAC) from 80 € to 64 € by September 30, 2026." in reply.answer
    assert "Sourced reference: well below your average selling price" in reply.answer
    assert {s.id for s in reply.sources} == {"select-smart-objectives", "kpi-customer_acquisition_cost-benchmark"}
    assert invented == []


def test_a_share_without_a_change_word_is_not_a_change(engine, retriever):
    reply, intent, invented = ask(engine, retriever, "write a SMART objective for my CAC: 80 €, that is 40 % of my "
                                  "price")
    assert intent == "objective"
    assert "Reduce customer acquisition cost (CAC) from 80 € to 68 € by June 30, 2026." in reply.answer  # the draft
    assert invented == []


def test_without_a_kpi_the_frame_and_what_to_give(engine, retriever):
    reply, intent, invented = ask(engine, retriever, "How do I write a SMART objective?")
    assert intent == "objective"
    assert "**S**pecific" in reply.answer and "Tell me which KPI" in reply.answer
    assert not reply.tool_calls
    assert invented == []


def test_mql_to_sql_target_says_no_range_is_sourced_and_how_to_set_one_from_a_baseline(engine, retriever):
    reply, intent, invented = ask(engine, retriever, "what target for MQL→SQL?")
    assert intent == "target"
    assert "**Target for MQL to SQL rate**: no benchmark range is sourced." in reply.answer
    assert "from 25 % towards 40 % (example after lead-scoring work)" in reply.answer
    assert "Set the target from your baseline:" in reply.answer
    assert [s.id for s in reply.sources] == ["kpi-mql_to_sql_rate-benchmark"]
    assert not reply.tool_calls
    assert invented == []


def test_a_target_question_in_french_starts_from_the_users_baseline(engine, retriever):
    reply, intent, invented = ask(engine, retriever, "et pour le taux MQL→SQL, on vise quoi ? on est à 18 %")
    assert intent == "target"
    assert "aucune fourchette de référence n'est sourcée" in reply.answer
    assert "« Augmenter taux MQL→SQL de 18 % aujourd'hui à [cible] d'ici le [date] »" in reply.answer
    assert invented == []


def test_a_sourced_range_is_given_with_its_rule_and_the_way_down_for_a_cost_like_churn(engine, retriever):
    reply, intent, invented = ask(engine, retriever, "what target should I aim for on churn? we lose 6 % of "
                                  "subscribers a month")
    assert intent == "target"
    assert "sourced reference: under 2 % a month is good; above 5 % a month is alarming" in reply.answer
    assert "'Reduce churn rate from 6 % today to [target] by [date]'" in reply.answer
    assert [s.id for s in reply.sources] == ["kpi-churn_rate-benchmark"]
    assert invented == []


def test_a_target_with_the_figures_to_solve_is_still_a_calculation(engine, retriever):
    reply, intent, _ = ask(engine, retriever, "what CAC should I aim for with a CLV of 900 €?")
    assert intent == "solve"
    assert "CAC = **€300**" in reply.answer


# Written after the handler, run once before any change to it (all four right on that first run); kept as a
# regression check of the wording the tuning never saw.
UNSEEN = [
    ("Can you help me set a SMART goal for cost per lead? We pay 45 € per lead today.", "objective",
     ["Reduce cost per lead (CPL) from 45 € to 38.25 € by June 30, 2026."]),
    ("Which target makes sense for our ROAS?", "target",
     ["**Target for Return on ad spend (ROAS)**: no range is sourced for your case."]),
    ("Je voudrais un objectif SMART sur le taux d'ouverture de la newsletter : 18 % aujourd'hui, 25 % d'ici fin "
     "juin.", "objective",
     ["de 18 % à 25 % via emailing d'ici le 30 juin 2026.", "- ✅ **Spécifique**"]),
    ("Quel taux de churn mensuel faut-il viser ?", "target",
     ["repère sourcé : moins de 2 % par mois, c'est bien", "Règle empirique", "« Réduire taux de churn"]),
]


@pytest.mark.parametrize(("question", "expected", "parts"), UNSEEN)
def test_phrasings_the_tuning_never_saw(engine, retriever, question, expected, parts):
    reply, intent, invented = ask(engine, retriever, question)
    assert intent == expected
    for part in parts:
        assert part in reply.answer
    assert invented == []
