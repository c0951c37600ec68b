"""Registry calculators, the knowledge search and the user's data as LangChain tools, for the LLM agent.

Every tool answers the model with a string (a result or an error it can act on) and never raises: bad arguments,
unknown KPI ids and tool errors all come back to the model as a message. The artifact of a successful run
carries what the engine needs to build the reply: `{"tool", "arguments", "result"}` for a KPI, a list of hits
for the knowledge search. The agent registers all of them once; each turn, `assistant.tool_schemas` narrows what
the model is shown. What depends on the turn (the language, the session's data) comes from the agent's runtime
context (`TurnContext`), so no tool is rebuilt per turn or per user.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from langchain.tools import ToolRuntime
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import ValidationError

from assistant.reply import ToolCall
from assistant.tool_schemas import DATA_TOOL_NAME, SEARCH_NAME
from knowledge.types import Retriever
from tools.registry import ToolInputError, ToolSpec, all_tools, describe_validation_error, run_tool, validate_input

# Entries run to about 1 000 characters; the model gets their first sentences, enough to answer and cite, within
# the prompt budget. The cut is at a sentence end so that no figure is ever cut in half.
_HIT_TEXT_CHARS = 450


# "Title (000_103a419b59e5a0cc.txt)": the file name means nothing to the model; the reply's sources keep it.
_FILE_NAMES = re.compile(r"\s*\([^()]*\.(?:txt|md|pdf|csv|xlsx|docx)\)")


def _shorten(text: str, limit: int = _HIT_TEXT_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = max(text.rfind(". ", 0, limit), text.rfind("? ", 0, limit), text.rfind("! ", 0, limit))
    return (text[: cut + 1] if cut > 0 else text[:limit].rsplit(" ", 1)[0]) + " …"


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def in_language(data: Any, lang: str) -> Any:
    """`data` with every bilingual text ({"en", "fr"}) reduced to `lang`: a third fewer tokens for the model."""
    if isinstance(data, dict):
        if data.keys() == {"en", "fr"}:
            return data[lang]
        return {k: in_language(v, lang) for k, v in data.items()}
    if isinstance(data, list):
        return [in_language(v, lang) for v in data]
    return data


def model_view(result: dict[str, Any], lang: str) -> str:
    """A tool result as the model reads it: the contract in the user's language, without the inputs it just sent
    (a third fewer tokens on a CPU-bound local model, where every prompt token costs time)."""
    shown = {k: v for k, v in in_language(result, lang).items() if k != "inputs"}
    if isinstance(result.get("value"), int | float) and result.get("tool") not in ("kpi_health",):
        from assistant.headline import result_line  # the line a small model copies rather than the raw float

        call = ToolCall(name=str(result.get("tool")), arguments=result.get("inputs") or {}, result=result)
        shown = {"result": result_line(call, lang)[0].strip("*"), **shown}
    verdict = shown.get("verdict")
    if isinstance(verdict, dict):
        shown["verdict"] = {k: verdict[k] for k in ("level", "why", "source") if k in verdict}
    return _dumps(shown)


def run_kpi(tool_id: str, raw: Any, lang: str | None = None) -> tuple[str, dict[str, Any] | None]:
    """Run one registry tool for the model: (content for the model, artifact or None on error).

    The content is the `kpi calc --json` contract, with its texts in `lang` only when given; the artifact keeps
    the full bilingual contract for the reply.
    """
    ids = [spec.id for spec in all_tools()]
    if tool_id not in ids:
        close = difflib.get_close_matches(str(tool_id), ids, n=3)
        hint = f" Closest: {', '.join(close)}." if close else ""
        return f"Error: unknown KPI tool '{tool_id}'.{hint} Use an id from the tools' lists.", None
    try:
        validated = validate_input(tool_id, raw)  # refuses a non-object and names the bad field
        result = run_tool(tool_id, raw).contract()
    except ToolInputError as err:
        return f"Error: {str(err).rstrip('.')}. Fix the arguments or ask the user for the missing figure.", None
    except Exception as err:  # a calculator bug must not end the turn; the model is told and can answer without it
        return f"Error: {tool_id} failed ({type(err).__name__}: {err}).", None
    arguments = validated.model_dump(mode="json")
    shown = in_language(result, lang) if lang else result
    return _dumps(shown), {"tool": tool_id, "arguments": arguments, "result": result}


def _validation_message(err: ValidationError) -> str:
    msg, _ = describe_validation_error(err)
    return f"Error: invalid arguments: {msg}. Fix them or ask the user for the missing figure."


def per_kpi_tool(spec: ToolSpec, lang: str | None = None) -> StructuredTool:
    """One registry tool as a LangChain tool whose schema is the calculator's own input model."""

    def call(**kwargs: Any) -> tuple[str, dict[str, Any] | None]:
        return run_kpi(spec.id, kwargs, lang)

    return StructuredTool.from_function(
        func=call,
        name=spec.id,
        description=spec.description_en,
        args_schema=spec.input_model,
        response_format="content_and_artifact",
        handle_validation_error=_validation_message,
    )


def kpi_tools(lang: str | None = None) -> list[StructuredTool]:
    """Every registry tool, one LangChain tool each (the `per_tool` layout)."""
    return [per_kpi_tool(spec, lang) for spec in all_tools()]


def search_hits(retriever: Retriever, query: str, lang: str, kpi: str | None = None,
                k: int = 3) -> tuple[str, list[dict[str, Any]] | None]:
    """(content for the model, hits) for one knowledge search; an error message and None when the index fails."""
    try:
        hits = retriever.search(query, k=k, lang=lang, kpi=kpi or None)
    except Exception as err:  # a broken index must not end the turn: the model answers without guidance
        return f"Error: knowledge search failed ({type(err).__name__}).", None
    found = [h.model_dump(mode="json") for h in hits]
    if not found:
        return "No entry found. Answer without citing, or ask the user to rephrase.", []
    shown = [{"id": h["id"], "title": h["title"], "source": _FILE_NAMES.sub("", h["source"]),
              "text": _shorten(h["text"])} for h in found]
    return _dumps(shown), found


def knowledge_tool(retriever: Retriever, k: int = 3) -> StructuredTool:
    """Search the curated knowledge base in the turn's language; hits carry the id to cite, the title and source."""

    def call(query: str, lang: str | None = None, kpi: str | None = None,
             runtime: ToolRuntime[Any, Any] = None) -> tuple[str, list[dict[str, Any]] | None]:  # type: ignore[assignment]
        turn_lang = getattr(getattr(runtime, "context", None), "lang", None)
        return search_hits(retriever, query, lang or turn_lang or "en", kpi, k)

    return StructuredTool.from_function(
        func=call, name=SEARCH_NAME,
        description="Search the curated marketing KPI knowledge base (definitions, benchmarks, pitfalls, how to "
                    "choose KPIs, plans). Cite the ids of the entries you use, in square brackets.",
        response_format="content_and_artifact", handle_validation_error=_validation_message,
    )


def data_tool(answer: Callable[[Any, str], str]) -> StructuredTool:
    """The user's uploaded data: `answer(session, query)` runs on the turn's session (from the runtime context)."""

    def call(query: str, runtime: ToolRuntime[Any, Any] = None) -> str:  # type: ignore[assignment]
        session = getattr(getattr(runtime, "context", None), "session", None)
        if session is None or session.dataset is None:
            return "Error: no data uploaded in this session. Ask the user to upload a CSV or XLSX in the Data tab."
        return answer(session, query)

    return StructuredTool.from_function(
        func=call, name=DATA_TOOL_NAME,
        description="Answer a question about the user's uploaded marketing data (per period and channel).",
        handle_validation_error=_validation_message,
    )


def build_tools(retriever: Retriever | None, extra_tools: Sequence[BaseTool] = ()) -> list[BaseTool]:
    """Every tool the agent registers: each registry tool (typed), the knowledge search, then any extra tools.

    `extra_tools` is the hook for tools that read the session from the runtime context (the user's data). An extra
    tool whose artifact is `{"tool", "arguments", "result"}` shows up in the reply's tool calls like a KPI tool.
    """
    tools: list[BaseTool] = list(kpi_tools())
    if retriever is not None:
        tools.append(knowledge_tool(retriever))
    return add_tools(tools, extra_tools)


def add_tools(tools: Sequence[BaseTool], extra_tools: Sequence[BaseTool]) -> list[BaseTool]:
    """`tools` then `extra_tools`, refusing two tools with one name (the model could not tell them apart)."""
    tools = [*tools, *extra_tools]
    names = [t.name for t in tools]
    if len(names) != len(set(names)):
        raise ValueError(f"duplicate tool names: {names}")
    return tools
