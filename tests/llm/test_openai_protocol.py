"""The real `ChatOpenAI` client against a scripted OpenAI-compatible server on 127.0.0.1: answers and faults.

Every fault ends in a reply (the LLM's, or the offline engine's with a notice) within the timeout + 5 s.
"""

from __future__ import annotations

import time

import pytest

from assistant.config import Settings
from assistant.router import build_engine
from assistant.session import Session

from .fakes import ListRetriever
from .openai_server import ScriptedOpenAIServer

pytestmark = pytest.mark.slow

TIMEOUT = 1.0
CAC_CALL = {"tool": "customer_acquisition_cost", "args": {"marketing_spend": 4000, "new_customers": 50}}
FINAL = {"content": "Your CAC is 80 EUR (4 000 / 50), marketing spend only."}
# Two KPIs asked and a figure the reader's one calculation left out: the model makes the calls.
QUESTION = "I spent 4000 € and won 50 new customers from 9000 visitors. What are my CAC and my conversion rate?"
SURE_QUESTION = "I spent 4000 € and won 50 new customers. What is my CAC?"


def _settings(server: ScriptedOpenAIServer, tmp_path, **over) -> Settings:
    values = {"engine": "llm", "llm_base_url": server.base_url, "llm_timeout": TIMEOUT, "llm_max_retries": 1,
              "llm_max_steps": 4, "data_dir": tmp_path} | over
    return Settings(_env_file=None, **values)


STREAMED: list[dict] = []  # the events of the last streamed turn


def warm(engine) -> None:
    """Build the agent and load the sentence encoder before a turn is timed (on a loaded machine the first use of
    each takes tens of seconds, once per process: the app pays it at its first LLM turn)."""
    from assistant.tool_selection import encoder_ranking

    encoder_ranking("warm up")
    if engine.llm is not None:
        assert engine.llm.agent is not None


def _run(script, tmp_path, *, stream: bool = False, question: str = SURE_QUESTION, limit: float = TIMEOUT + 5,
         **over):
    """(reply, server, elapsed seconds) for one turn through the router."""
    with ScriptedOpenAIServer(script) as server:
        engine = build_engine(_settings(server, tmp_path, **over), ListRetriever())
        warm(engine)
        start = time.monotonic()
        if stream:
            STREAMED[:] = list(engine.stream(question, Session()))
            assert STREAMED[-1]["type"] == "reply"
            reply = STREAMED[-1]["reply"]
        else:
            reply = engine.answer(question, Session())
        elapsed = time.monotonic() - start
        assert elapsed < limit, f"the turn took {elapsed:.1f} s"  # every case, answered or failed
        return reply, server, elapsed


@pytest.mark.parametrize("stream", [False, True], ids=["invoke", "stream"])
def test_a_tool_call_then_a_final_answer_over_http(tmp_path, stream):
    reply, server, _ = _run([CAC_CALL, FINAL], tmp_path, stream=stream, question=QUESTION)
    assert reply.engine == "llm" and reply.notices == []
    assert reply.answer == FINAL["content"]
    assert [(c.name, c.result["value"]) for c in reply.tool_calls] == [("customer_acquisition_cost", 80.0)]
    assert server.calls == 2
    first, second = (r["body"] for r in server.requests)
    assert bool(first.get("stream")) is stream
    offered = [t["function"]["name"] for t in first["tools"]]
    assert offered[:3] == ["kpi_health", "search_knowledge", "customer_acquisition_cost"]
    assert first["max_tokens"] == 700 and "max_completion_tokens" not in first
    # The second request carries the tool's result back to the model.
    tool_msg = next(m for m in second["messages"] if m["role"] == "tool")
    assert '"value":80.0' in tool_msg["content"]
    if stream:  # the tool step, then the answer word by word, then the reply
        kinds = [e["type"] for e in STREAMED]
        assert kinds[0] == "tool" and kinds[-1] == "reply" and set(kinds[1:-1]) == {"token"}
        assert len(kinds) - 2 > 1  # streamed in pieces (the tail that could hold a key waits for the next piece)
        assert "".join(e["text"] for e in STREAMED[1:-1]) == FINAL["content"]


def test_a_base_url_alone_is_enough_a_dummy_key_is_sent(tmp_path):
    reply, server, _ = _run([FINAL], tmp_path)
    assert reply.engine == "llm"
    assert server.requests[0]["headers"]["authorization"] == "Bearer not-needed"


def test_slow_answer_past_the_timeout_is_answered_offline(tmp_path):
    reply, server, elapsed = _run([{"delay": 4 * TIMEOUT, **FINAL}], tmp_path, llm_max_retries=0)
    assert reply.engine == "offline"
    assert reply.notices[0] == "Answered offline because the LLM timed out."
    assert elapsed < TIMEOUT + 5


def test_429_with_retry_after_is_retried_then_answered(tmp_path):
    reply, server, elapsed = _run([{"status": 429, "headers": {"Retry-After": "1"}}, FINAL], tmp_path)
    assert reply.engine == "llm" and reply.answer == FINAL["content"]
    assert server.calls == 2
    assert 1.0 <= elapsed < TIMEOUT + 5  # the client waited as told


def test_429_after_the_retries_is_answered_offline(tmp_path):
    reply, server, elapsed = _run([{"status": 429, "headers": {"Retry-After": "1"}}], tmp_path, stream=True)
    assert reply.engine == "offline"
    assert reply.notices[0] == "Answered offline because the LLM server is rate-limiting requests (HTTP 429)."
    assert server.calls == 2  # the first try and one retry
    assert elapsed < TIMEOUT + 5


def test_server_error_is_answered_offline_in_french(tmp_path):
    reply, _, elapsed = _run([{"status": 500}], tmp_path, question="Quel est mon CAC pour 4000 € et 50 clients ?")
    assert reply.engine == "offline"
    assert reply.notices[0] == "Réponse hors ligne : le serveur du LLM est en erreur (HTTP 500)."
    assert elapsed < TIMEOUT + 5


def test_refused_key_is_answered_offline_without_retrying(tmp_path):
    from pydantic import SecretStr

    reply, server, elapsed = _run([{"status": 401}], tmp_path, llm_api_key=SecretStr("sk-wrong"))
    assert reply.engine == "offline"
    assert reply.notices[0] == "Answered offline because the LLM server refused the API key (HTTP 401)."
    assert server.calls == 1
    assert elapsed < TIMEOUT + 5


def test_connection_refused_is_answered_offline(tmp_path):
    with ScriptedOpenAIServer([FINAL]) as server:
        base_url = server.base_url
    settings = Settings(_env_file=None, engine="llm", llm_base_url=base_url, llm_timeout=TIMEOUT, llm_max_retries=0,
                        data_dir=tmp_path)
    reply = build_engine(settings, ListRetriever()).answer(QUESTION, Session())
    assert reply.engine == "offline"
    assert reply.notices[0] == "Answered offline because the LLM server could not be reached."


@pytest.mark.parametrize("stream", [False, True], ids=["invoke", "stream"])
def test_malformed_tool_call_json_goes_back_to_the_model(tmp_path, stream):
    broken = {"tool": "customer_acquisition_cost", "raw_args": '{"marketing_spend": 4000, new_customers}'}
    reply, server, _ = _run([broken, CAC_CALL, FINAL], tmp_path, stream=stream, question=QUESTION)
    assert reply.engine == "llm" and reply.answer == FINAL["content"]
    error = [m for m in server.requests[1]["body"]["messages"] if m["role"] == "tool"][-1]
    assert "arguments were malformed or truncated" in error["content"]


def test_malformed_tool_call_json_forever_ends_offline(tmp_path):
    broken = {"tool": "customer_acquisition_cost", "raw_args": '{"marketing_spend": 4000, new_customers}'}
    reply, server, elapsed = _run([broken], tmp_path)
    assert reply.engine == "offline"
    assert reply.notices[0] == "Answered offline because the LLM did not finish within 4 steps."
    assert server.calls == 4 and elapsed < TIMEOUT + 5


def test_unknown_tool_name_is_reported_to_the_model(tmp_path):
    reply, server, _ = _run([{"tool": "compute_cac", "args": {"spend": 4000}}, CAC_CALL, FINAL], tmp_path,
                            question=QUESTION)
    assert reply.engine == "llm" and reply.tool_calls[0].result["value"] == 80.0
    error = next(m for m in server.requests[1]["body"]["messages"] if m["role"] == "tool")
    assert error["content"].startswith("Error: compute_cac is not a valid tool, try one of [kpi_health, "
                                       "search_knowledge, customer_acquisition_cost")


@pytest.mark.parametrize("stream", [False, True], ids=["invoke", "stream"])
def test_a_model_that_calls_tools_forever_is_stopped(tmp_path, stream):
    # Each call new: a call repeating one already answered ends the turn with its result (tests/llm/test_turns.py).
    calls = [{"tool": CAC_CALL["tool"], "args": {**CAC_CALL["args"], "marketing_spend": 5000 + i}} for i in range(4)]
    reply, server, elapsed = _run(calls, tmp_path, stream=stream)
    assert reply.engine == "offline"
    assert reply.notices[0] == "Answered offline because the LLM did not finish within 4 steps."
    assert server.calls == 4
    assert elapsed < TIMEOUT + 5


def test_the_fallback_answer_is_the_offline_engines_answer(tmp_path):
    offline_engine = pytest.importorskip("assistant.offline.engine")
    retriever = ListRetriever()
    reply, _, _ = _run([{"status": 500}], tmp_path)
    expected = offline_engine.OfflineEngine(retriever).answer(SURE_QUESTION, Session())
    assert reply.answer == expected.answer
    assert reply.notices == ["Answered offline because the LLM server failed (HTTP 500).", *expected.notices]


@pytest.mark.parametrize("stream", [False, True], ids=["invoke", "stream"])
def test_a_hung_server_ends_the_turn_within_its_deadline_retries_included(tmp_path, stream):
    # Each request would wait 30 s and be retried twice: the turn's deadline (2 s) bounds all of it.
    reply, server, elapsed = _run([{"delay": 30, **FINAL}], tmp_path, stream=stream, llm_timeout=30,
                                  llm_max_retries=2, llm_turn_deadline=2.0, limit=2.0 + 5)
    assert reply.engine == "offline"
    assert reply.notices[0] in ("Answered offline because the LLM did not finish within 2 s.",
                                "Answered offline because the LLM timed out.")
    assert elapsed < 2.0 + 5
