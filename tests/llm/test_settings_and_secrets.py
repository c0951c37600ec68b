"""The OpenAI SDK's variables work as its users expect, and the API key never shows up anywhere."""

from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr

from assistant.agent import LlmEngine, LlmNotConfigured, build_chat_model
from assistant.config import Settings
from assistant.router import build_engine
from assistant.session import Session

from .fakes import ListRetriever
from .openai_server import ScriptedOpenAIServer

KEY = "sk-test-7f3a9c1e5d"


def test_openai_api_key_alone_selects_the_llm(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    settings = Settings(_env_file=None)
    assert settings.llm_api_key.get_secret_value() == KEY
    assert settings.active_engine == "llm"
    assert settings.llm_base_url is None


def test_openai_base_url_alone_selects_the_llm_with_a_dummy_key(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1")
    settings = Settings(_env_file=None)
    assert settings.active_engine == "llm"
    model = build_chat_model(settings)
    assert model.openai_api_base == "http://localhost:11434/v1"
    assert model.openai_api_key.get_secret_value() == "not-needed"


def test_kpi_variables_win_over_the_openai_ones(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1")
    monkeypatch.setenv("KPI_LLM_BASE_URL", "http://localhost:8000/v1")
    assert Settings(_env_file=None).llm_base_url == "http://localhost:8000/v1"


def test_empty_variables_mean_no_llm(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "")
    monkeypatch.setenv("OPENAI_BASE_URL", "")
    settings = Settings(_env_file=None)
    assert settings.active_engine == "offline"
    with pytest.raises(LlmNotConfigured):
        build_chat_model(settings)


def test_client_settings_reach_chat_openai():
    settings = Settings(_env_file=None, llm_api_key=SecretStr(KEY), llm_model="llama3.1", llm_timeout=12.5,
                        llm_max_retries=3, llm_temperature=0.2)
    model = build_chat_model(settings)
    # Retries are the agent's (they count against the turn's deadline): the client makes none of its own.
    assert (model.model_name, model.request_timeout, model.max_retries, model.temperature, model.max_tokens) == (
        "llama3.1", 12.5, 0, 0.2, 700)
    assert model.openai_api_key.get_secret_value() == KEY


def test_forced_llm_without_configuration_is_answered_offline_with_a_notice():
    engine = build_engine(Settings(_env_file=None, engine="llm"), ListRetriever())
    reply = engine.answer("What is my CAC?", Session())
    assert reply.engine == "offline"
    assert reply.notices[0] == ("Answered offline because no LLM is configured (set OPENAI_API_KEY or "
                                "OPENAI_BASE_URL).")


def test_the_key_is_not_in_the_settings_representations():
    settings = Settings(_env_file=None, llm_api_key=SecretStr(KEY))
    for text in (repr(settings), str(settings), settings.model_dump_json(), repr(LlmEngine(settings, None)),
                 repr(build_chat_model(settings))):
        assert KEY not in text


@pytest.mark.slow
@pytest.mark.parametrize("script", [
    [{"content": "Hello, ask me about your KPIs."}],
    [{"status": 401, "echo_key": True}],  # the server quotes the refused key in its error
], ids=["answer", "refused"])
def test_the_key_is_sent_to_the_server_but_never_logged_or_replied(tmp_path, caplog, script):
    caplog.set_level(logging.DEBUG)
    with ScriptedOpenAIServer(script) as server:
        settings = Settings(_env_file=None, engine="llm", llm_base_url=server.base_url, llm_api_key=SecretStr(KEY),
                            llm_timeout=2, llm_max_retries=0, data_dir=tmp_path)
        engine = build_engine(settings, ListRetriever())
        reply = engine.answer("hello", Session())
        events = list(engine.stream("hello", Session()))
    assert server.requests[0]["headers"]["authorization"] == f"Bearer {KEY}"
    assert caplog.records  # the client and the router did log, at debug level
    assert KEY not in caplog.text
    assert KEY not in reply.model_dump_json()
    assert KEY not in repr(events)
