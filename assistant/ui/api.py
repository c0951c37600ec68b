"""The app's typed API: the calculators, knowledge search and the assistant, for `gradio_client` and MCP clients.

Gradio turns each function (type hints + docstring) into an API endpoint and an MCP tool, so the docstrings
are what an MCP client reads. Results are JSON text: Gradio's MCP layer sends a returned dict as its Python repr,
which no client can parse, while a JSON string reaches MCP and `gradio_client` callers intact.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from assistant.session import Session
from assistant.ui.render import ordered_tools
from tools.registry import ToolInputError, run_tool


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def list_kpi_tools(lang: str = "en") -> str:
    """List every marketing KPI calculator (grouped by family) with its id, title, description and input JSON schema.

    Args:
        lang: language of titles and descriptions, "en" or "fr".

    Returns:
        One object per calculator: id, family, title, description, input_schema.
    """
    lang = "fr" if lang == "fr" else "en"
    return _json([{"id": s.id, "family": s.family, "title": s.title(lang), "description": s.description(lang),
                   "input_schema": s.schema()} for s in ordered_tools()])


def calculate_kpi(tool: str, inputs_json: str) -> str:
    """Run one marketing KPI calculator and return its value, unit, formula with the numbers, conventions,
    warnings and health verdict (with its source). Rates are percentages 0-100; money in the given currency.

    Args:
        tool: calculator id from list_kpi_tools, e.g. "customer_acquisition_cost".
        inputs_json: JSON object of the calculator's inputs, e.g. {"marketing_spend": 1200, "new_customers": 15}.

    Returns:
        The result (tool, value, unit, formula, inputs, convention, warnings, verdict, details), or
        {"error": message, "field": name} when the input is invalid.
    """
    try:
        raw = json.loads(inputs_json) if isinstance(inputs_json, str) else inputs_json
    except json.JSONDecodeError as err:
        return _json({"error": f"inputs_json: not valid JSON ({err.msg}, line {err.lineno} column {err.colno})",
                      "field": "inputs_json"})
    try:
        return _json(run_tool(tool, raw).contract())
    except ToolInputError as err:
        return _json({"error": str(err), "field": err.field})


def make_search_knowledge(retriever: Any) -> Callable[..., str]:
    """The knowledge search endpoint bound to a retriever."""

    def search_knowledge(query: str, lang: str = "en", k: int = 5) -> str:
        """Search the curated marketing-KPI knowledge base (definitions, benchmarks, pitfalls, how to choose KPIs).

        Args:
            query: what to look for, in French or English, e.g. "ratio CLV CAC sain".
            lang: language of the returned texts, "en" or "fr".
            k: number of results (at least 1).

        Returns:
            The best entries first: id, title, text, source (the article cited), score.
        """
        if not (query or "").strip():
            return _json({"error": "query: required (a few words to search for)", "field": "query"})
        try:
            hits = retriever.search(query, k=int(k), lang=lang)
        except ValueError as err:  # the knowledge base's own message: what is wrong and why
            return _json({"error": str(err)})
        return _json([h.model_dump() for h in hits])

    return search_knowledge


def make_ask(engine: Any) -> Callable[[str], str]:
    """The one-shot question endpoint bound to an engine (a fresh session per call: API calls share nothing)."""

    def ask_kpi_assistant(question: str) -> str:
        """Ask the marketing KPI assistant a question in French or English; numbers come from its calculators.

        Args:
            question: the question, with your figures if any, e.g. "I spent 1200 EUR and won 15 customers: CAC?".

        Returns:
            The reply: answer (Markdown), language, engine, tool_calls (with formulas), sources, notices.
        """
        if not (question or "").strip():
            return _json({"error": "question: required", "field": "question"})
        return _json(engine.answer(question, Session()).model_dump(mode="json"))

    return ask_kpi_assistant
