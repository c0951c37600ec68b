"""The app's typed API: the calculators, knowledge search and the assistant, for `gradio_client` and MCP clients.

Gradio turns each function (type hints + docstring) into an API endpoint and an MCP tool, so the docstrings
are what an MCP client reads and the type hints its input schema: calculator ids and languages are enums, the
calculator's inputs an object. Neither Gradio's API nor its MCP bridge checks a value against that schema at
run time, so every endpoint checks its own arguments (assistant.inputs) and answers a wrong one with
{"error": message, "field": name} instead of Gradio's generic "upstream app has raised an exception".

Results are JSON text: Gradio's MCP layer sends a returned dict as its Python repr, which no client can parse,
while a JSON string reaches MCP and `gradio_client` callers intact.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any, Literal

from assistant.inputs import InputRefused, bounded_int, clean_question, one_of, parse_json_object
from assistant.session import Session
from assistant.ui.render import ordered_tools
from tools.base import Text
from tools.registry import ToolInputError, run_tool

log = logging.getLogger(__name__)

Lang = Literal["en", "fr"]
LANGS: tuple[str, ...] = ("en", "fr")
MAX_RESULTS = 50  # the knowledge base's own limit on k


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def guarded(fn: Callable[..., str]) -> Callable[..., str]:
    """An endpoint whose refused arguments come back as {"error", "field"}; an unexpected failure is logged and
    answered with one line, never Gradio's generic error."""

    @functools.wraps(fn)
    def endpoint(*args: Any, **kwargs: Any) -> str:
        try:
            return fn(*args, **kwargs)
        except InputRefused as err:
            return _json(err.payload())
        except Exception:  # the client gets a sentence; the operator's log keeps the traceback
            log.exception("API endpoint %s failed", fn.__name__)
            return _json({"error": "internal error: the request could not be completed; nothing was changed / "
                                   "erreur interne : la requête n'a pas abouti ; rien n'a été modifié"})

    return endpoint


@guarded
def list_kpi_tools(lang: Lang = "en") -> str:
    """List every marketing KPI calculator (grouped by family) with its id, title, description and input JSON schema.

    Args:
        lang: language of titles and descriptions, "en" or "fr".

    Returns:
        One object per calculator: id, family, title, description, input_schema.
    """
    lang = one_of(lang, "lang", LANGS)
    return _json([{"id": s.id, "family": s.family, "title": s.title(lang), "description": s.description(lang),
                   "input_schema": s.schema()} for s in ordered_tools()])


def make_calculate_kpi() -> Callable[..., str]:
    """The calculator endpoint; its `tool` parameter is typed as the enum of the registry's ids."""
    ids = tuple(s.id for s in ordered_tools())

    @guarded
    def calculate_kpi(tool: str, inputs: dict[str, Any]) -> str:
        """Run one marketing KPI calculator and return its value, unit, formula with the numbers, conventions,
        warnings and health verdict (with its source). Rates are percentages 0-100; money in the given currency.

        Args:
            tool: calculator id (see list_kpi_tools for each one's inputs), e.g. "customer_acquisition_cost".
            inputs: the calculator's inputs as an object, e.g. {"marketing_spend": 1200, "new_customers": 15}.

        Returns:
            The result (tool, value, unit, formula, inputs, convention, warnings, verdict, details), or
            {"error": message, "field": name} when the input is invalid.
        """
        if not isinstance(tool, str):
            raise InputRefused("tool", _must_be_an_id(tool))
        # A JSON text is still read (older clients sent `inputs_json`), within the same size and depth limits.
        raw = parse_json_object(inputs, "inputs")
        try:
            return _json(run_tool(tool.strip(), raw).contract())
        except ToolInputError as err:
            return _json({"error": str(err), "field": err.field or "tool"})

    calculate_kpi.__annotations__ = {"tool": Literal[ids], "inputs": dict[str, Any], "return": str}
    return calculate_kpi


def _must_be_an_id(value: Any) -> Text:
    kind = type(value).__name__ if value is not None else "null"
    return Text(en=f"must be a calculator id such as \"customer_acquisition_cost\" (got {kind}); "
                   "list_kpi_tools lists them",
                fr=f"doit être un identifiant de calculateur comme \"customer_acquisition_cost\" (reçu : {kind}) ; "
                   "list_kpi_tools les liste")


def make_search_knowledge(retriever: Any, max_chars: int | None = None) -> Callable[..., str]:
    """The knowledge search endpoint bound to a retriever."""

    @guarded
    def search_knowledge(query: str, lang: Lang = "en", k: int = 5) -> str:
        """Search the curated marketing-KPI knowledge base (definitions, benchmarks, pitfalls, how to choose KPIs).

        Args:
            query: what to look for, in French or English, e.g. "ratio CLV CAC sain".
            lang: language of the returned texts, "en" or "fr".
            k: number of results, from 1 to 50.

        Returns:
            The best entries first: id, title, text, source (the article cited), score. Each entry can also be
            read as the MCP resource kpi://knowledge/{lang}/{id}.
        """
        lang = one_of(lang, "lang", LANGS)
        query = clean_question(query, lang, max_chars=max_chars, field="query")
        k = bounded_int(k, "k", 1, MAX_RESULTS)
        try:
            hits = retriever.search(query, k=k, lang=lang)
        except ValueError as err:  # the knowledge base's own message: what is wrong and why
            return _json({"error": str(err)})
        return _json([h.model_dump() for h in hits])

    return search_knowledge


def make_ask(engine: Any, max_chars: int | None = None) -> Callable[[str], str]:
    """The one-shot question endpoint bound to an engine (a fresh session per call: API calls share nothing)."""

    @guarded
    def ask_kpi_assistant(question: str) -> str:
        """Ask the marketing KPI assistant a question in French or English; numbers come from its calculators.

        Args:
            question: the question, with your figures if any, e.g. "I spent 1200 EUR and won 15 customers: CAC?"
                (at most 4 000 characters).

        Returns:
            The reply: answer (Markdown), language, engine, tool_calls (with formulas), sources, notices.
        """
        question = clean_question(question, max_chars=max_chars)
        return _json(engine.answer(question, Session()).model_dump(mode="json"))

    return ask_kpi_assistant
