"""The API key never reaches the user, even when a server writes it into its answer: CLI, chat, API reply, logs."""

from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr

from assistant.config import Settings
from assistant.router import build_engine
from assistant.secrets import REDACTED, StreamScrubber, register_secret, scrub
from assistant.session import Session

from .fakes import ListRetriever
from .openai_server import ScriptedOpenAIServer

pytestmark = pytest.mark.slow

KEY = "sk-leak-5b7e1c9d3a2f"
LEAKY = {"content": f"Your CAC is 80 €. Debug: api_key={KEY} Authorization: Bearer {KEY}"}
QUESTION = "I spent 4000 € and won 50 new customers. What is my CAC?"


def _settings(server, tmp_path) -> Settings:
    return Settings(_env_file=None, engine="llm", llm_base_url=server.base_url, llm_api_key=SecretStr(KEY),
                    llm_timeout=5, llm_max_retries=0, data_dir=tmp_path)


def test_scrub_removes_registered_keys_and_authorization_values():
    register_secret(KEY)
    assert scrub(f"key {KEY} here") == f"key {REDACTED} here"
    assert KEY not in scrub(f"Authorization: Bearer {KEY}")
    assert "abcdefghijkl0123" not in scrub("Authorization: Bearer abcdefghijkl0123")  # even a key not registered


def test_a_key_split_across_streamed_tokens_is_never_shown():
    register_secret(KEY)
    scrubber = StreamScrubber()
    pieces = ["Your key is ", KEY[:6], KEY[6:12], KEY[12:], " and that is all."]
    shown = "".join(scrubber.feed(p) for p in pieces) + scrubber.flush()
    assert KEY not in shown and REDACTED in shown and shown.endswith("and that is all.")


def test_a_key_the_server_writes_is_scrubbed_from_the_reply_the_stream_and_the_logs(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    with ScriptedOpenAIServer([LEAKY]) as server:
        engine = build_engine(_settings(server, tmp_path), ListRetriever())
        reply = engine.answer(QUESTION, Session())
        events = list(engine.stream(QUESTION, Session()))
        logging.getLogger("assistant").warning("server said %s", LEAKY["content"])
    assert reply.engine == "llm" and reply.answer.startswith("Your CAC is 80 €.")
    assert KEY not in reply.model_dump_json() and REDACTED in reply.answer
    shown = "".join(e["text"] for e in events if e["type"] == "token")
    assert KEY not in shown and KEY not in repr(events)
    assert KEY not in caplog.text and REDACTED in caplog.text


def test_a_key_in_a_servers_error_is_never_in_the_notice_or_the_logs(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    with ScriptedOpenAIServer([{"status": 401, "echo_key": True}]) as server:
        reply = build_engine(_settings(server, tmp_path), ListRetriever()).answer(QUESTION, Session())
    assert reply.engine == "offline" and KEY not in reply.model_dump_json() and KEY not in caplog.text


def test_the_chat_tab_never_shows_the_key(tmp_path):
    from assistant.ui.chat import respond

    with ScriptedOpenAIServer([LEAKY]) as server:
        engine = build_engine(_settings(server, tmp_path), ListRetriever())
        outputs = list(respond(engine, None, QUESTION, [], Session(), "en"))
    assert outputs and all(KEY not in repr(out[1]) for out in outputs)
    assert REDACTED in repr(outputs[-1][1])


def test_kpi_ask_never_prints_the_key(tmp_path, monkeypatch, capsys):
    from typer.testing import CliRunner

    from assistant.cli import app

    with ScriptedOpenAIServer([LEAKY]) as server:
        monkeypatch.setenv("KPI_LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("KPI_LLM_API_KEY", KEY)
        monkeypatch.setenv("KPI_DATA_DIR", str(tmp_path))
        result = CliRunner().invoke(app, ["ask", QUESTION, "--engine", "llm", "--json"])
    assert result.exit_code == 0, result.output
    assert KEY not in result.output and REDACTED in result.output
