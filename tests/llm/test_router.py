"""The router: the LLM when configured, the offline engine otherwise and on any LLM failure, always a Reply."""

from __future__ import annotations

import httpx
import openai
import pytest
from langchain_core.messages import AIMessage

from assistant.config import Settings
from assistant.router import build_engine, failure_kind
from assistant.session import Session

from .fakes import ListRetriever, ScriptedChatModel, tool_turn

CAC = "customer_acquisition_cost"
CAC_ARGS = {"marketing_spend": 4000, "new_customers": 50}
_REQUEST = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")


def _status_error(cls, status):
    return cls("boom", response=httpx.Response(status, request=_REQUEST), body=None)


@pytest.fixture
def llm_settings(tmp_path) -> Settings:
    return Settings(_env_file=None, engine="llm", llm_base_url="http://127.0.0.1:9/v1", data_dir=tmp_path)


@pytest.mark.parametrize(("exc", "kind"), [
    (openai.APITimeoutError(request=_REQUEST), "timeout"),
    (_status_error(openai.RateLimitError, 429), "rate_limit"),
    (_status_error(openai.AuthenticationError, 401), "auth"),
    (_status_error(openai.PermissionDeniedError, 403), "auth"),
    (_status_error(openai.InternalServerError, 503), "server_error"),
    (_status_error(openai.NotFoundError, 404), "rejected"),
    (openai.APIConnectionError(request=_REQUEST), "connection"),
    (httpx.ConnectError("refused"), "connection"),
    (KeyError("x"), "unexpected"),
])
def test_failures_are_classified_for_the_notice(exc, kind):
    assert failure_kind(exc) == kind


def test_offline_settings_never_build_the_llm(settings):
    engine = build_engine(settings, ListRetriever())
    assert engine.name == "offline" and engine.llm is None
    reply = engine.answer("What is a good CLV to CAC ratio?", Session())
    assert reply.engine == "offline"
    assert not any("LLM" in n for n in reply.notices)


def test_llm_answers_when_configured(llm_settings):
    # The model's own call differs from the reader's (a call repeating it would end the turn with its result).
    answer = "CAC: 80 € (90 € with 500 € of sales spend)."
    model = ScriptedChatModel(responses=[tool_turn(CAC, {**CAC_ARGS, "sales_spend": 500}), AIMessage(answer)])
    engine = build_engine(llm_settings, ListRetriever(), chat_model=model)
    reply = engine.answer("CAC for 4000 € and 50 customers?", Session())
    assert (engine.name, reply.engine, reply.answer) == ("llm", "llm", answer)


def test_a_failure_after_a_tool_step_streams_the_step_then_the_offline_reply(llm_settings):
    model = ScriptedChatModel(responses=[tool_turn(CAC, {**CAC_ARGS, "sales_spend": 500}),
                                         openai.APITimeoutError(request=_REQUEST)])
    engine = build_engine(llm_settings, ListRetriever(), chat_model=model)
    session = Session()
    events = list(engine.stream("J'ai dépensé 4000 € pour 50 nouveaux clients, quel est mon CAC ?", session))
    # The reader's sure calculation, the model's own call, then the offline reply.
    assert [e["type"] for e in events] == ["tool", "tool", "reply"]
    reply = events[-1]["reply"]
    assert reply.engine == "offline" and reply.language == "fr"
    assert reply.notices[0] == "Réponse hors ligne : le LLM n'a pas répondu à temps."
    # The offline engine computed the same CAC from the question.
    assert [c.result["value"] for c in reply.tool_calls] == [80.0]
    # The turn is in the session once, so the next LLM turn sees it.
    assert [m.role for m in session.messages] == ["user", "assistant"]


def test_a_crashing_offline_engine_still_gives_a_reply(llm_settings):
    class Crashing:
        def answer(self, question, session):
            raise RuntimeError("bug")

    model = ScriptedChatModel(responses=[_status_error(openai.InternalServerError, 502)])
    engine = build_engine(llm_settings, ListRetriever(), chat_model=model, offline=Crashing())
    reply = engine.answer("What is my CAC?", Session())
    assert reply.engine == "offline"
    assert reply.notices == [
        "Answered offline because the LLM server failed (HTTP 502).",
        "The offline engine could not answer either (RuntimeError). Please try again or rephrase.",
    ]
    assert reply.answer == reply.notices[1]


def test_a_smart_objective_is_drafted_by_the_tools_even_with_an_llm_and_the_llm_remembers_it(llm_settings):
    model = ScriptedChatModel(responses=[AIMessage("should not be called")])
    engine = build_engine(llm_settings, ListRetriever(), chat_model=model)
    session = Session()
    q = "How do I write a SMART objective for my conversion rate? It's 1.5% on 2,000 visitors a month."
    reply = engine.answer(q, session)
    assert reply.engine == "offline" and "1.73 %" in reply.answer
    assert any(c.name == "smart_objective" for c in reply.tool_calls)
    assert model.calls == []
    events = list(engine.stream(q.replace("1.5%", "2%"), session))
    assert events[-1]["type"] == "reply" and events[-1]["reply"].engine == "offline"


def test_a_figure_the_named_kpi_lacks_is_asked_back_by_the_tools_and_the_answer_completes_it(llm_settings):
    """A weak model computed with a customer count the user never gave (blind LLM case l018): when the reader used
    every figure and only lacks one input of the KPI asked, the question back is the answer."""
    model = ScriptedChatModel(responses=[tool_turn(CAC, CAC_ARGS), AIMessage("CAC: 80 €.")])
    engine = build_engine(llm_settings, ListRetriever(), chat_model=model)
    session = Session()
    reply = engine.answer("J'ai dépensé 4 000 € en pub ce mois-ci, tu peux me dire mon CAC ?", session)
    assert reply.engine == "offline" and reply.tool_calls == [] and model.calls == []
    assert "Nouveaux clients" in reply.answer
    # advice about the KPI still goes to the model
    assert not engine._drafted_offline("my CAC is high, 4000 € spent, what should I do?", Session())


def test_a_calculation_still_goes_to_the_llm(llm_settings):
    model = ScriptedChatModel(responses=[tool_turn(CAC, CAC_ARGS), AIMessage("CAC: 80 €.")])
    engine = build_engine(llm_settings, ListRetriever(), chat_model=model)
    assert engine.answer("CAC for 4000 € and 50 customers?", Session()).engine == "llm"
