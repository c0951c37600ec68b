"""`kpi ask --json` (public contract), `kpi ask` in plain text, `kpi chat` with memory, and bad options."""

import json

import pytest
from offline_fakes import KeywordRetriever
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _keyword_knowledge(monkeypatch):
    # The CLI opens the real Chroma index; these tests use the same entries through the keyword retriever.
    monkeypatch.setattr("assistant.cli.ask._retriever", lambda settings: KeywordRetriever())


def test_ask_json_prints_the_reply_contract():
    result = runner.invoke(app, ["ask", "I spent 1200 € and got 15 customers, what's my CAC?", "--engine", "offline",
                                 "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"answer", "language", "engine", "tool_calls", "sources", "notices", "reading"}
    assert (data["language"], data["engine"]) == ("en", "offline")
    call = data["tool_calls"][0]
    assert set(call) == {"name", "arguments", "result"}
    assert call["name"] == "customer_acquisition_cost" and call["arguments"]["marketing_spend"] == 1200
    assert {"tool", "value", "unit", "formula", "inputs", "convention", "warnings", "verdict"} <= set(call["result"])
    assert call["result"]["value"] == 80
    assert all(set(s) == {"id", "title", "source"} for s in data["sources"])


def test_ask_plain_text_in_french():
    result = runner.invoke(app, ["ask", "Mon CAC est-il bon ?", "--engine", "offline"])
    assert result.exit_code == 0
    assert "Prix moyen" in result.output and "[offline]" in result.output


def test_chat_remembers_figures_across_turns():
    result = runner.invoke(app, ["chat", "--engine", "offline"], input="my CAC is 80 €\nand my CLV is 800 €, is that "
                                                                       "healthy?\nexit\n")
    assert result.exit_code == 0
    assert "CLV:CAC = 800 / 80 = 10" in result.output


def test_llm_engine_without_configuration_is_one_clear_message():
    result = runner.invoke(app, ["ask", "Is my CAC healthy?", "--engine", "llm"])
    assert result.exit_code == 2
    assert "KPI_LLM_BASE_URL" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("args", "field"), [(["ask", "   "], "QUESTION"),
                                             (["ask", "x", "--engine", "gpt"], "--engine")])
def test_bad_input_exits_2_naming_the_option(args, field):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert field in result.output
