"""The LLM bench's audit: what it counts as unflagged must be claims from nowhere, not the product's own words."""

from __future__ import annotations

from assistant.eval.llm_eval import score
from assistant.offline.engine import OfflineEngine
from assistant.session import Session

from .fakes import ListRetriever


def _case(kind: str, calculator: str | None, **expect) -> dict:
    return {"id": "x", "turns": [{"q": "", "expect": {"kind": kind, "calculator": calculator, **expect}}]}


def test_a_rule_s_source_title_and_a_derived_input_are_not_counted_as_invented():
    engine = OfflineEngine(ListRetriever())
    q = "Campagne Google : 2 400 € dépensés pour 1 800 € de commandes. C'est grave docteur ?"
    reply = engine.answer(q, Session())
    assert "bonne direction" in reply.answer  # the rule's source, an article title with 'bonne' in it
    scored = score(_case("judge", "marketing_roi", value=-25), q, reply, {})
    assert scored.right and scored.audit == {}

    q = "Newsletter: 5,000 sent, 200 bounced. What's my open rate?"
    reply = engine.answer(q, Session())
    assert "4 800" in reply.answer  # delivered = 5 000 − 200, the reader's derivation
    scored = score(_case("ask_missing", "email_open_rate", asks_for=["opens"]), q, reply, {})
    assert scored.audit == {}


def test_an_invented_verdict_and_number_are_still_counted():
    engine = OfflineEngine(ListRetriever())
    q = "Campagne Google : 2 400 € dépensés pour 1 800 € de commandes. C'est grave docteur ?"
    reply = engine.answer(q, Session())
    reply = reply.model_copy(update={"answer": reply.answer + "\n\nVotre ROI est excellent, 312 % sur l'année."})
    scored = score(_case("judge", "marketing_roi", value=-25), q, reply, {})
    assert set(scored.audit) == {"numbers", "verdicts"}
