"""The app on the LLM engine, against a scripted OpenAI-compatible server on loopback (real HTTP both ways)."""

from __future__ import annotations

import importlib.util
import urllib.request
from pathlib import Path

import pytest
from gradio_client import Client

from assistant.ui.process import running_app

pytestmark = pytest.mark.slow

_SPEC = importlib.util.spec_from_file_location("scripted_openai_server",
                                               Path(__file__).parents[1] / "llm" / "openai_server.py")
_MODULE = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_MODULE)
ScriptedOpenAIServer = _MODULE.ScriptedOpenAIServer

SECRET = "sk-test-never-shown-0123456789"
QUESTION = "What is my CAC if I spent 1200 EUR and won 15 customers?"


def _steps(history) -> list[str]:
    return [m["metadata"]["title"] for m in history if (m.get("metadata") or {}).get("title")]


def _text(message) -> str:
    content = message["content"]
    return "".join(p.get("text", "") for p in content) if isinstance(content, list) else content


def test_llm_turns_stream_their_tool_step_name_the_engine_and_fall_back_offline_with_a_notice(app_server, tmp_path):
    script = [
        # The reader is sure of this CAC: its call is in the conversation and the model only writes the answer.
        {"content": "Your CAC is 80 EUR: 1 200 EUR spent for 15 new customers."},
        {"status": 500},  # every later request fails: the offline engine answers with a notice
    ]
    with ScriptedOpenAIServer(script) as llm:
        env = {"KPI_LLM_BASE_URL": llm.base_url, "KPI_LLM_API_KEY": SECRET, "KPI_LLM_MAX_RETRIES": "0",
               "KPI_LLM_TIMEOUT": "20"}
        # Same data folder as the offline app: its knowledge index is already built.
        with running_app(app_server[1], tmp_path / "llm-app.log", engine="llm", extra_env=env) as url:
            client = Client(url, verbose=False, download_files=False)
            job = client.submit(QUESTION, [], "en", api_name="/chat")
            _, history, *_ = job.result(timeout=120)
            frames = job.outputs()
            assert len(frames) >= 2
            assert [m["role"] for m in frames[0][1]] == ["user"]  # the question is shown before the answer
            assert _steps(history) == ["🧮 Customer acquisition cost (CAC) → €80"]
            answer = _text(history[-1])
            assert "Your CAC is 80 EUR" in answer
            assert answer.endswith("<sub>Answered by LLM agent</sub>")

            _, history, *_ = client.predict(QUESTION, history, "en", api_name="/chat")
            fallback = _text(history[-1])
            assert "Answered offline because the LLM server failed (HTTP 500)." in fallback
            assert fallback.endswith("<sub>Answered by offline engine (rules)</sub>")

            with urllib.request.urlopen(f"{url}/config", timeout=10) as resp:  # noqa: S310 (loopback)
                page = resp.read().decode()
            assert "API key set / Clé API définie | oui" in page
            assert SECRET not in page
