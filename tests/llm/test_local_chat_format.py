"""The local server's chat handler (scripts/qwen_tools_format.py): the model sees tool results, calls come back typed.

llama-cpp-python's `chatml-function-calling` format dropped `tool` messages from the prompt, so the local model never
saw a calculator's result. These tests render real agent conversations and parse real-looking model output; the
handler runs against a fake llama object (llama_cpp itself lives in the server's venv, not the project's).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from assistant.tool_schemas import turn_schemas

_PATH = Path(__file__).resolve().parents[2] / "scripts" / "qwen_tools_format.py"
_spec = importlib.util.spec_from_file_location("qwen_tools_format", _PATH)
fmt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fmt)

CAC = "customer_acquisition_cost"
RESULT = '{"result": "Customer acquisition cost (CAC): 80 EUR", "value": 80.0}'
CONVERSATION = [
    {"role": "system", "content": "You are a marketing KPI assistant."},
    {"role": "user", "content": "I spent 4000 € and won 50 new customers. What is my CAC?"},
    {"role": "assistant", "content": None, "tool_calls": [
        {"id": "reader_1", "type": "function",
         "function": {"name": CAC, "arguments": '{"marketing_spend": 4000, "new_customers": 50}'}}]},
    {"role": "tool", "tool_call_id": "reader_1", "content": RESULT},
]


def test_the_tool_result_is_in_the_prompt_after_the_call_that_made_it():
    prompt = fmt.render_prompt(CONVERSATION, turn_schemas([CAC], search=True, data=False))
    call = prompt.index('<tool_call>\n{"name": "customer_acquisition_cost", "arguments": {"marketing_spend": 4000, '
                        '"new_customers": 50}}\n</tool_call><|im_end|>')
    result = prompt.index(f"<|im_start|>user\n<tool_response>\n{RESULT}\n</tool_response><|im_end|>")
    assert call < result
    assert prompt.endswith("</tool_response><|im_end|>\n<|im_start|>assistant\n")


def test_the_offered_tools_are_listed_in_the_system_message_with_their_schemas():
    tools = turn_schemas([CAC], search=True, data=False)
    prompt = fmt.render_prompt(CONVERSATION[:2], tools)
    system = prompt[: prompt.index("<|im_end|>")]
    assert system.startswith("<|im_start|>system\nYou are a marketing KPI assistant.\n\n# Tools")
    for tool in tools:
        assert json.dumps(tool, ensure_ascii=False) in system
    assert "I spent 4000 €" in prompt  # French and euro signs are not escaped (fewer tokens)


def test_consecutive_tool_results_share_one_user_turn():
    second = {"role": "tool", "tool_call_id": "c2", "content": '{"level": "good"}'}
    prompt = fmt.render_prompt([*CONVERSATION, second], None)
    assert prompt.count("<|im_start|>user") == 2
    assert f"<tool_response>\n{RESULT}\n</tool_response>\n<tool_response>\n" in prompt


def test_a_tool_call_in_tags_is_parsed_into_name_and_json_arguments():
    text = ('Let me compute it.\n<tool_call>\n{"name": "cost_per_lead", "arguments": {"marketing_spend": 1850, '
            '"leads": 74}}\n</tool_call>')
    content, calls = fmt.parse_reply(text, ["cost_per_lead"])
    assert content == "Let me compute it."
    assert calls == [{"name": "cost_per_lead", "arguments": '{"marketing_spend": 1850, "leads": 74}'}]


def test_a_call_cut_by_max_tokens_keeps_its_broken_arguments_for_the_client_to_report():
    content, calls = fmt.parse_reply('<tool_call>\n{"name": "roas", "arguments": {"revenue": 12', ["roas"])
    assert content == ""
    assert calls[0]["name"] == "roas" and calls[0]["arguments"].startswith('{"revenue": 12')


def test_a_bare_or_fenced_json_call_to_an_offered_tool_is_a_call_and_other_json_is_text():
    fenced = '```json\n{"name": "roas", "arguments": {"revenue": 1200, "ad_spend": 400}}\n```'
    assert fmt.parse_reply(fenced, ["roas"])[1] == [{"name": "roas",
                                                     "arguments": '{"revenue": 1200, "ad_spend": 400}'}]
    unopened = '{"name": "roas", "arguments": {"revenue": 1200, "ad_spend": 400}}\n```'  # seen from the 1.5B model
    assert fmt.parse_reply(unopened, ["roas"]) == fmt.parse_reply(fenced, ["roas"])
    assert fmt.parse_reply('{"name": "delete_everything", "arguments": {}}', ["roas"]) == (
        '{"name": "delete_everything", "arguments": {}}', [])
    assert fmt.parse_reply("Your ROAS is 3.", ["roas"]) == ("Your ROAS is 3.", [])


class FakeLlama:
    """Records what the handler asks llama.cpp for; answers with a scripted text."""

    def __init__(self, text: str):
        self.text = text
        self.requests: list[dict[str, Any]] = []

    def create_completion(self, **kwargs: Any) -> dict[str, Any]:
        self.requests.append(kwargs)
        return {"model": "local", "choices": [{"text": self.text, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}


@pytest.fixture
def fake_llama_cpp(monkeypatch):
    """A stand-in for llama_cpp.llama_grammar that records the JSON schema a required call is held to."""
    schemas: list[dict[str, Any]] = []

    class Grammar:
        @staticmethod
        def from_json_schema(text: str, verbose: bool = False) -> str:
            schemas.append(json.loads(text))
            return "grammar"

        @staticmethod
        def from_string(text: str, verbose: bool = False) -> str:
            return "json"

    grammar = types.SimpleNamespace(LlamaGrammar=Grammar, JSON_GBNF="root ::= object")
    package = types.ModuleType("llama_cpp")
    package.llama_grammar = grammar
    monkeypatch.setitem(sys.modules, "llama_cpp", package)
    return schemas


def test_the_handler_answers_in_text_with_max_tokens_and_stops_honoured(fake_llama_cpp):
    llama = FakeLlama("Your CAC is 80 EUR.")
    tools = turn_schemas([CAC], search=True, data=False)
    out = fmt.handler(llama, CONVERSATION, tools=tools, tool_choice="auto", max_tokens=700, temperature=0,
                      stop=["\n\n\n"])
    assert out["choices"][0]["message"] == {"role": "assistant", "content": "Your CAC is 80 EUR."}
    assert out["choices"][0]["finish_reason"] == "stop"
    sent = llama.requests[0]
    assert sent["max_tokens"] == 700 and sent["temperature"] == 0
    assert sent["stop"] == ["\n\n\n", "<|im_end|>", "<|endoftext|>"]
    assert RESULT in sent["prompt"]


def test_a_required_tool_is_called_with_arguments_held_to_its_schema(fake_llama_cpp):
    llama = FakeLlama('{"marketing_spend": 4000, "new_customers": 50}')
    tools = turn_schemas([CAC], search=True, data=False)
    out = fmt.handler(llama, CONVERSATION[:2], tools=tools, max_tokens=200,
                      tool_choice={"type": "function", "function": {"name": CAC}})
    message = out["choices"][0]["message"]
    assert out["choices"][0]["finish_reason"] == "tool_calls"
    assert message["tool_calls"][0]["function"] == {"name": CAC,
                                                    "arguments": '{"marketing_spend": 4000, "new_customers": 50}'}
    assert llama.requests[0]["prompt"].endswith(f'<tool_call>\n{{"name": "{CAC}", "arguments": ')
    schema = next(t["function"]["parameters"] for t in tools if t["function"]["name"] == CAC)
    assert fake_llama_cpp == [schema] and llama.requests[0]["grammar"] == "grammar"


def test_a_streamed_tool_call_arrives_as_openai_chunks(fake_llama_cpp):
    llama = FakeLlama('<tool_call>\n{"name": "kpi_health", "arguments": {"kpi": "churn_rate", "value": 2.8}}\n'
                      "</tool_call>")
    chunks = list(fmt.handler(llama, CONVERSATION[:2], tools=turn_schemas([], search=False, data=False),
                              tool_choice="auto", stream=True))
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    call = chunks[1]["choices"][0]["delta"]["tool_calls"][0]
    assert call["index"] == 0 and call["function"] == {"name": "kpi_health",
                                                       "arguments": '{"kpi": "churn_rate", "value": 2.8}'}
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
