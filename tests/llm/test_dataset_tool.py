"""The LLM agent can query the user's uploaded data, and one session's data never reaches another session.

One data tool serves every session: it reads the turn's session from the agent's runtime context.
"""

from __future__ import annotations

from pathlib import Path

from langchain_core.messages import AIMessage, ToolMessage

from assistant.agent import LlmEngine
from assistant.config import Settings
from assistant.dataset.kpis import build_kpi_table
from assistant.dataset.llm_tool import TOOL_NAME, answer_about_data, dataset_tool
from assistant.dataset.load import load_path
from assistant.session import Session

from .fakes import ListRetriever, ScriptedChatModel, tool_turn

EXAMPLES = Path(__file__).resolve().parents[2] / "knowledge" / "examples"


def _settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path, engine="llm", llm_base_url="http://127.0.0.1:9/v1", _env_file=None)


def _session_with(csv: str) -> Session:
    return Session(dataset=build_kpi_table(load_path(EXAMPLES / csv)))


def test_no_dataset_means_a_message_not_an_answer():
    assert answer_about_data(Session(), "total spend").startswith("Error: no data uploaded in this session.")


def test_agent_answers_from_the_users_data_through_the_tool(tmp_path):
    session = _session_with("marketing_sample_en.csv")
    expected = answer_about_data(session, "which channel has the best CAC?")
    model = ScriptedChatModel(responses=[tool_turn(TOOL_NAME, {"query": "which channel has the best CAC?"}),
                                         AIMessage("See the data above.")])
    engine = LlmEngine(_settings(tmp_path), ListRetriever(), model, extra_tools=[dataset_tool()])
    engine.answer("Which channel has the best CAC?", session)
    seen = [m.content for m in model.calls[1] if isinstance(m, ToolMessage)]
    assert seen == [expected]
    assert TOOL_NAME in [t["function"]["name"] for t in model.bound_tools]


def test_each_session_queries_its_own_data_with_one_agent(tmp_path):
    fr, en = _session_with("marketing_sample.csv"), _session_with("marketing_sample_en.csv")
    q = {"query": "total spend"}
    answers = {id(s): answer_about_data(s, q["query"]) for s in (fr, en)}
    assert answers[id(fr)] != answers[id(en)]  # the two files differ: a shared answer would show up here
    model = ScriptedChatModel(responses=[tool_turn(TOOL_NAME, q), AIMessage("ok"),
                                         tool_turn(TOOL_NAME, q), AIMessage("ok")])
    engine = LlmEngine(_settings(tmp_path), ListRetriever(), model, extra_tools=[dataset_tool()])
    engine.answer("total spend?", fr)
    agent = engine.agent
    engine.answer("total spend?", en)
    assert engine.agent is agent  # not rebuilt for another user's data
    seen = [m.content for call in (model.calls[1], model.calls[3]) for m in call if isinstance(m, ToolMessage)]
    assert seen == [answers[id(fr)], answers[id(en)]]
