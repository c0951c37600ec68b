"""Issue 11, resource abuse: every entry point caps and cleans a question before any engine or reader runs.

The attack: a 1 MB question to /ask_kpi_assistant, /chat or the MCP tool kept a core at 100 % for 5 minutes (the
CLI alone capped at 4 000 characters); terminal escapes in a question were read as figures ("CAC = 31 / 1200").
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from assistant.dataset.kpis import build_kpi_table
from assistant.dataset.load import load_path
from assistant.dataset.qa import data_tool
from assistant.session import Session
from assistant.ui import api
from assistant.ui.chat import final_frame, respond
from tests.security.fakes import RecordingEngine, RecordingRetriever

EXAMPLES = Path(__file__).resolve().parents[2] / "knowledge" / "examples"
MEGABYTE_QUESTION = "J'ai dépensé 1200 € pour 15 clients, quel est mon CAC ? " * 18_000  # ≈ 1 MB
ESCAPED = "CAC \x1b[31m 1200 \x07 15"

pytestmark = pytest.mark.timeout(30)


def _fast(call):
    start = time.perf_counter()
    out = call()
    assert time.perf_counter() - start < 2.0
    return out


def test_ask_endpoint_refuses_a_megabyte_question_at_once_and_runs_nothing():
    engine = RecordingEngine()
    out = json.loads(_fast(lambda: api.make_ask(engine)(MEGABYTE_QUESTION)))
    assert out["field"] == "question"
    assert out["error"].startswith("question: at most 4,000 characters (got 1,0")
    assert engine.questions == []


def test_ask_endpoint_strips_terminal_escapes_before_the_engine_reads():
    engine = RecordingEngine()
    api.make_ask(engine)(ESCAPED)
    assert engine.questions == ["CAC 1200 15"]


def test_search_endpoint_refuses_a_megabyte_query():
    retriever = RecordingRetriever()
    out = json.loads(_fast(lambda: api.make_search_knowledge(retriever)(MEGABYTE_QUESTION, "fr", 5)))
    assert out["field"] == "query" and "4\u202f000 caractères au plus" in out["error"]
    assert retriever.queries == []


def test_chat_refuses_a_megabyte_question_keeps_it_in_the_box_and_the_conversation():
    engine, session = RecordingEngine(), Session()
    history = [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "hi"}]
    box, shown, _ = _fast(lambda: final_frame(respond(engine, None, MEGABYTE_QUESTION, history, session, "fr")))
    assert box == MEGABYTE_QUESTION  # nothing the user typed is lost
    assert shown[:2] == history
    assert shown[-1]["content"].startswith("⚠️ question : 4\u202f000 caractères au plus (reçu : 1\u202f0")
    assert engine.questions == [] and session.messages == []


def test_chat_strips_terminal_escapes_before_the_engine_and_the_data_reader():
    engine, seen = RecordingEngine(), []
    session = Session(dataset=object())

    def data_answerer(question, sess):
        seen.append(question)
        return None  # not about the data: the engine answers

    final_frame(respond(engine, data_answerer, ESCAPED, [], session, "en"))
    assert seen == ["CAC 1200 15"] and engine.questions == ["CAC 1200 15"]


def test_the_llm_data_tool_refuses_an_oversized_query_and_answers_a_normal_one():
    table = build_kpi_table(load_path(EXAMPLES / "marketing_sample_en.csv"))
    tool = data_tool(table)
    out = _fast(lambda: tool("which channel " * 100_000))
    assert out.startswith("query: at most 4,000 characters (got 1,400,000)")
    assert not tool("\x1b[1mtotal spend\x1b[0m").startswith("query")


def test_the_cap_follows_the_setting(monkeypatch):
    engine = RecordingEngine()
    ask = api.make_ask(engine, max_chars=300)
    assert json.loads(ask("x" * 301))["field"] == "question"
    ask("x" * 300)
    assert engine.questions == ["x" * 300]
