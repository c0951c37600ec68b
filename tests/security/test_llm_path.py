"""Issue 11, LLM path, through every entry point (CLI `kpi ask`, the /chat handler, the /ask and MCP endpoint):
a key the server writes into its reply never reaches the user; a hung server ends the turn within its deadline
+ 5 s; a model claiming actions it cannot take is shown with a notice.

The fixes are the LLM engineer's (assistant/agent.py and friends, tested in tests/llm/); these tests replay the
attack against each door a user or a client comes through, with a real OpenAI-compatible HTTP server that plays
the attacker's script.
"""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from assistant.cli import app as cli
from assistant.config import Settings
from assistant.router import build_engine
from assistant.session import Session
from assistant.ui import api
from assistant.ui.chat import final_frame, respond
from knowledge.build import open_knowledge_base
from tests.llm.openai_server import ScriptedOpenAIServer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

KEY = "sk-proj-Secret0123456789abcdefXYZ"
QUESTION = "I spent 1200 EUR and won 15 customers. What is my CAC?"
ENTRY_POINTS = ("cli", "chat", "ask")


@pytest.fixture(scope="module")
def knowledge_dir(tmp_path_factory):
    """The real knowledge base, built once for the module."""
    data = tmp_path_factory.mktemp("llm-path") / "data"
    open_knowledge_base(Settings(data_dir=data, _env_file=None), progress=None)
    return data


def _settings(server: ScriptedOpenAIServer, data, **over) -> Settings:
    values = {"data_dir": data, "engine": "llm", "llm_base_url": server.base_url, "llm_api_key": KEY,
              "llm_model": "scripted", "llm_timeout": 5, "llm_max_retries": 0, **over}
    return Settings(**values, _env_file=None)


def ask_through(entry: str, settings: Settings, monkeypatch) -> tuple[str, dict | None]:
    """What the user sees through one entry point (all its text), and the reply's JSON when the door gives one."""
    if entry == "cli":
        for name, value in (("KPI_DATA_DIR", settings.data_dir), ("KPI_ENGINE", "llm"),
                            ("KPI_LLM_BASE_URL", settings.llm_base_url), ("KPI_LLM_API_KEY", KEY),
                            ("KPI_LLM_MODEL", settings.llm_model), ("KPI_LLM_TIMEOUT", settings.llm_timeout),
                            ("KPI_LLM_MAX_RETRIES", settings.llm_max_retries)):
            monkeypatch.setenv(name, str(value))
        for name, value in getattr(settings, "_extra_env", {}).items():
            monkeypatch.setenv(name, str(value))
        result = CliRunner().invoke(cli, ["ask", QUESTION, "--json"])
        assert result.exit_code == 0, result.output
        return result.output, json.loads(result.stdout)
    engine = build_engine(settings, open_knowledge_base(settings, progress=None))
    if entry == "ask":
        text = api.make_ask(engine)(QUESTION)
        return text, json.loads(text)
    _, shown, _ = final_frame(respond(engine, None, QUESTION, [], Session(), "en"))
    return json.dumps(shown, ensure_ascii=False), None


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_key_the_server_writes_into_its_reply_never_reaches_the_user(entry, knowledge_dir, monkeypatch):
    script = [{"content": f"Your CAC is 80 EUR. (debug: Authorization: Bearer {KEY}, key={KEY})"}]
    with ScriptedOpenAIServer(script) as server:
        seen, _ = ask_through(entry, _settings(server, knowledge_dir), monkeypatch)
    assert KEY not in seen and KEY[8:] not in seen


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_hung_server_ends_the_turn_within_its_deadline_plus_five_seconds(entry, knowledge_dir, monkeypatch):
    deadline = 6.0
    with ScriptedOpenAIServer([{"content": "too late", "delay": 60}]) as server:
        settings = _settings(server, knowledge_dir, llm_timeout=4, llm_max_retries=2)
        if "llm_turn_deadline" in Settings.model_fields:
            settings = settings.model_copy(update={"llm_turn_deadline": deadline})
            object.__setattr__(settings, "_extra_env", {"KPI_LLM_TURN_DEADLINE": deadline})
        start = time.monotonic()
        seen, reply = ask_through(entry, settings, monkeypatch)
        took = time.monotonic() - start
    assert took < deadline + 5, f"{entry}: the turn took {took:.1f} s"
    assert "80" in seen  # answered offline, with the calculator's number


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_model_claiming_actions_it_cannot_take_is_shown_with_a_notice(entry, knowledge_dir, monkeypatch):
    claim = "Done: I wrote the file report.xlsx to your disk, emailed it to your team and deleted your old plans."
    with ScriptedOpenAIServer([{"content": claim}]) as server:
        seen, reply = ask_through(entry, _settings(server, knowledge_dir), monkeypatch)
    if reply is not None:
        assert reply["notices"], f"{entry}: no notice on {reply['answer']!r}"
    else:
        assert "ℹ️" in seen, f"{entry}: no notice shown"


def test_a_model_passing_true_as_a_figure_gets_the_field_named_back_and_no_result(knowledge_dir):
    script = [{"tool": "customer_acquisition_cost", "args": {"marketing_spend": True, "new_customers": 15}},
              {"content": "What did you spend?"}]
    with ScriptedOpenAIServer(script) as server:
        settings = _settings(server, knowledge_dir)
        engine = build_engine(settings, open_knowledge_base(settings, progress=None))
        reply = json.loads(api.make_ask(engine)("What is my customer acquisition cost?"))
        sent_back = json.dumps(server.requests[-1]["body"]["messages"], ensure_ascii=False)
    assert "marketing_spend" in sent_back and "not true/false" in sent_back
    assert not any(c["name"] == "customer_acquisition_cost" and c["result"].get("value") is not None
                   for c in reply["tool_calls"])
