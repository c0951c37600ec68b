"""Registry calculators and the knowledge search as LangChain tools, for the LLM agent.

Every tool answers the model with a string (a result or an error it can act on) and never raises: bad arguments,
unknown KPI ids and tool errors all come back to the model as a message. The artifact of a successful run
carries what the engine needs to build the reply: `{"tool", "arguments", "result"}` for a KPI, a list of hits
for the knowledge search.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field, ValidationError

from knowledge.types import Retriever
from tools.registry import ToolInputError, ToolSpec, all_tools, describe_validation_error, run_tool, validate_input

Layout = Literal["dispatcher", "per_tool"]
DISPATCHER_NAME = "calculate_kpi"
SEARCH_NAME = "search_knowledge"
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


def run_kpi(tool_id: str, raw: Any, lang: str | None = None) -> tuple[str, dict[str, Any] | None]:
    """Run one registry tool for the model: (content for the model, artifact or None on error).

    The content is the `kpi calc --json` contract, with its texts in `lang` only when given; the artifact keeps
    the full bilingual contract for the reply.
    """
    ids = [spec.id for spec in all_tools()]
    if tool_id not in ids:
        close = difflib.get_close_matches(str(tool_id), ids, n=3)
        hint = f" Closest: {', '.join(close)}." if close else ""
        return f"Error: unknown KPI tool '{tool_id}'.{hint} Use an id from the calculate_kpi list.", None
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


def _type_hint(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """':bool', ':a|b', ':[{name,count}]'... or '' for a number (the usual case) or a free-form value."""
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    if len(options) != 1:
        return ""
    p = options[0]
    if "$ref" in p:
        p = defs.get(p["$ref"].rsplit("/", 1)[-1], {})
    if "enum" in p:
        return ":" + "|".join(map(str, p["enum"])) if len(p["enum"]) <= 6 else ":str"
    kind = p.get("type")
    if kind == "array":
        items = p.get("items", {})
        if "$ref" in items:
            items = defs.get(items["$ref"].rsplit("/", 1)[-1], {})
        if "properties" in items:
            return f":[{{{','.join(items['properties'])}}}]"
        plain = "number" if items.get("type") in ("number", "integer") else "value"
        return f":[{_type_hint(items, defs)[1:] or plain}]"
    return {"boolean": ":bool", "string": ":str", "object": ":{}"}.get(kind, "")


def _field_signature(name: str, prop: dict[str, Any], required: bool, defs: dict[str, Any]) -> str:
    """`name`, `name?`, `name:bool?`, `stages:[{name,count}]`: just enough for the model to fill the object."""
    return f"{name}{_type_hint(prop, defs)}{'' if required else '?'}"


def tool_signature(spec: ToolSpec) -> str:
    """`id(required, optional=default?, ...)`, currency left out (documented once for all)."""
    schema = spec.schema()
    required = set(schema.get("required", []))
    fields = [
        _field_signature(name, prop, name in required, schema.get("$defs", {}))
        for name, prop in schema.get("properties", {}).items()
        if name != "currency"
    ]
    return f"{spec.id}({', '.join(fields)})"


class CalculateKpiArgs(BaseModel):
    """Arguments of the dispatcher tool."""

    tool: str = Field(description="KPI tool id from the list")
    inputs: dict[str, Any] = Field(description="Field values for that tool, numbers as given by the user")


def dispatcher_description(specs: Sequence[ToolSpec]) -> str:
    """The dispatcher's description: how to call it and the registry list, one signature a line."""
    lines = "\n".join(tool_signature(s) for s in specs)
    return (
        "Compute a marketing KPI with a deterministic calculator. Returns value, unit, formula, inputs, convention, "
        "warnings and verdict. Fields ending in _pct are percentages 0-100. Money tools accept currency (ISO code, "
        "default EUR). Fields are numbers unless typed; optional ones end with ?. Tools:\n" + lines
    )


def kpi_dispatcher_tool(lang: str | None = None) -> StructuredTool:
    """One `calculate_kpi(tool, inputs)` tool over the whole registry (the `dispatcher` layout)."""

    def call(tool: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
        return run_kpi(tool, inputs, lang)

    return StructuredTool.from_function(
        func=call,
        name=DISPATCHER_NAME,
        description=dispatcher_description(all_tools()),
        args_schema=CalculateKpiArgs,
        response_format="content_and_artifact",
        handle_validation_error=_validation_message,
    )


class SearchKnowledgeArgs(BaseModel):
    """Arguments of the knowledge search tool."""

    query: str = Field(min_length=1, description="What to look up, in the user's words")
    lang: Literal["fr", "en"] | None = Field(None, description="Language of the returned text: the user's")
    kpi: str | None = Field(None, description="Optional KPI tool id to restrict to, e.g. customer_acquisition_cost")


def knowledge_tool(retriever: Retriever, k: int = 3, lang: str | None = None) -> StructuredTool:
    """Search the curated knowledge base; hits carry the id to cite, the title and the source article."""

    default_lang = lang or "en"

    def call(query: str, lang: str | None = None, kpi: str | None = None) -> tuple[str, list[dict[str, Any]] | None]:
        try:
            hits = retriever.search(query, k=k, lang=lang or default_lang, kpi=kpi)
        except Exception as err:  # a broken index must not end the turn: the model answers without guidance
            return f"Error: knowledge search failed ({type(err).__name__}).", None
        found = [h.model_dump(mode="json") for h in hits]
        if not found:
            return "No entry found. Answer without citing, or ask the user to rephrase.", []
        shown = [{"id": h["id"], "title": h["title"], "source": _FILE_NAMES.sub("", h["source"]),
                  "text": _shorten(h["text"])} for h in found]
        return _dumps(shown), found

    return StructuredTool.from_function(
        func=call,
        name=SEARCH_NAME,
        description="Search the curated marketing KPI knowledge base (definitions, benchmarks, pitfalls, how to "
                    "choose KPIs, plans). Cite the ids of the entries you use, in square brackets.",
        args_schema=SearchKnowledgeArgs,
        response_format="content_and_artifact",
        handle_validation_error=_validation_message,
    )


def build_tools(retriever: Retriever | None, layout: Layout = "dispatcher",
                extra_tools: Sequence[BaseTool] = (), lang: str | None = None) -> list[BaseTool]:
    """The agent's tool list: KPI tools in the chosen layout, the knowledge search, then any extra tools.

    `extra_tools` is the hook for per-session tools (e.g. a tool over the user's uploaded dataset). An extra tool
    whose artifact is `{"tool", "arguments", "result"}` shows up in the reply's tool calls like a KPI tool.
    """
    tools: list[BaseTool] = list(kpi_tools(lang)) if layout == "per_tool" else [kpi_dispatcher_tool(lang)]
    if retriever is not None:
        tools.append(knowledge_tool(retriever, lang=lang))
    return add_tools(tools, extra_tools)


def add_tools(tools: Sequence[BaseTool], extra_tools: Sequence[BaseTool]) -> list[BaseTool]:
    """`tools` then `extra_tools`, refusing two tools with one name (the model could not tell them apart)."""
    tools = [*tools, *extra_tools]
    names = [t.name for t in tools]
    if len(names) != len(set(names)):
        raise ValueError(f"duplicate tool names: {names}")
    return tools
