"""LangChain providers through init_chat_model, and LangSmith tracing with run names, tags and the session id."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from langchain_core.messages import AIMessage
from pydantic import SecretStr

from assistant.config import Settings
from assistant.providers import LlmNotConfigured, build_chat_model
from assistant.session import Session
from assistant.tracing import RUN_NAME, turn_config

from .fakes import ListRetriever, ScriptedChatModel


def test_ollama_is_a_local_provider_that_needs_no_key_or_url(monkeypatch):
    pytest.importorskip("langchain_ollama")
    monkeypatch.setenv("KPI_LLM_PROVIDER", "ollama")
    monkeypatch.setenv("KPI_LLM_MODEL", "qwen2.5:7b")
    settings = Settings(_env_file=None, llm_max_tokens=300, llm_temperature=0.1)
    assert settings.active_engine == "llm"
    model = build_chat_model(settings)
    assert type(model).__name__ == "ChatOllama"
    assert (model.model, model.num_predict, model.temperature) == ("qwen2.5:7b", 300, 0.1)


def test_ollama_takes_the_base_url_when_one_is_set():
    pytest.importorskip("langchain_ollama")
    settings = Settings(_env_file=None, llm_provider="ollama", llm_model="llama3.1",
                        llm_base_url="http://127.0.0.1:11434")
    assert build_chat_model(settings).base_url == "http://127.0.0.1:11434"


def test_anthropic_gets_the_key_the_limits_and_the_model():
    pytest.importorskip("langchain_anthropic")
    settings = Settings(_env_file=None, llm_provider="anthropic", llm_model="claude-sonnet-4-5",
                        llm_api_key=SecretStr("sk-ant-test-1234567890"), llm_max_tokens=500, llm_timeout=12)
    model = build_chat_model(settings)
    assert type(model).__name__ == "ChatAnthropic"
    assert (model.model, model.max_tokens, model.default_request_timeout) == ("claude-sonnet-4-5", 500, 12)
    assert model.anthropic_api_key.get_secret_value() == "sk-ant-test-1234567890"


def test_a_provider_without_its_package_says_which_to_install(monkeypatch):
    import sys

    for name in [m for m in sys.modules if m.startswith("langchain_ollama")] or ["langchain_ollama"]:
        monkeypatch.setitem(sys.modules, name, None)  # what an install without the extra looks like
    with pytest.raises(LlmNotConfigured, match="needs langchain-ollama"):
        build_chat_model(Settings(_env_file=None, llm_provider="ollama"))


def test_each_turn_carries_a_run_name_tags_and_the_session_id():
    config = turn_config(Settings(_env_file=None, llm_model="local"), "sess-42", "fr")
    assert config["run_name"] == RUN_NAME
    assert config["tags"] == ["kpi-assistant", "lang:fr", "provider:openai"]
    assert config["metadata"] == {"session_id": "sess-42", "thread_id": "sess-42", "model": "local"}
    assert "callbacks" not in config  # no tracing asked for


class _LangSmith:
    """A LangSmith API on 127.0.0.1 that records what the tracer posts."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _ok(self, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802
                self._ok({"version": "0.10", "batch_ingest_config": {
                    "use_multipart_endpoint": False, "size_limit": 100, "size_limit_bytes": 20_000_000,
                    "scale_up_nthreads_limit": 1, "scale_up_qsize_trigger": 1000, "scale_down_nempty_trigger": 4}})

            def do_POST(self):  # noqa: N802
                outer.bodies.append(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                self._ok({})

            do_PATCH = do_POST  # noqa: N815

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.mark.timeout(60)
def test_tracing_from_the_env_file_sends_the_turn_to_langsmith(tmp_path, monkeypatch):
    from assistant.agent import LlmEngine

    for var in ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"):
        monkeypatch.delenv(var, raising=False)
    server = _LangSmith()
    env = tmp_path / ".env"
    env.write_text(f"LANGSMITH_TRACING=true\nLANGSMITH_API_KEY=lsv2-test-0123456789\nLANGSMITH_ENDPOINT={server.url}\n"
                   "LANGSMITH_PROJECT=kpi-tests\n", encoding="utf-8")
    settings = Settings(_env_file=env, engine="llm", llm_base_url="http://127.0.0.1:9/v1", data_dir=tmp_path)
    assert settings.langsmith_tracing and settings.langsmith_project == "kpi-tests"
    config = turn_config(settings, "sess-7", "en")
    tracer = config["callbacks"][0]
    engine = LlmEngine(settings, ListRetriever(), ScriptedChatModel(responses=[AIMessage("Hello.")]))
    engine.answer("hello", Session(id="sess-7"))
    tracer.wait_for_futures()
    tracer.client.flush()
    sent = b"".join(server.bodies).decode("utf-8", "replace")
    assert RUN_NAME in sent and "sess-7" in sent and "kpi-assistant" in sent and "lang:en" in sent
    assert "lsv2-test-0123456789" not in sent
    server.httpd.shutdown()
