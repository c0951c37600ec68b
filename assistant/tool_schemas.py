"""The tool schemas the model sees in a turn: typed, compact, and narrowed to the calculators offered.

Each calculator is offered with its own input model's JSON schema (types, bounds, enums, descriptions), without what
costs tokens and tells the model nothing (titles, units, defaults, `additionalProperties`). The tools that take a
calculator id (`what_if`, `solve_for`, `kpi_health`, the knowledge search) list the ids as an enum, and field names
as an enum too, so a grammar-constrained server cannot produce an id or a field that does not exist. The agent
registers the full tools once (they validate everything); these schemas only narrow what the model is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from tools.registry import get_tool

SEARCH_NAME = "search_knowledge"
DATA_TOOL_NAME = "query_user_data"
_DROPPED = {"title", "unit", "additionalProperties", "default", "examples", "pattern"}
# Bounds this large only guard against absurd input (the calculator refuses it with a message); to the model they
# are noise. A rate's 100 or a minimum of 0 stays.
_NOISE_BOUND = 1e6


def _resolve(node: Any, defs: dict[str, Any]) -> Any:
    """`node` with $refs inlined, `anyOf [X, null]` reduced to X and the dropped keys removed."""
    if isinstance(node, list):
        return [_resolve(n, defs) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
        return _resolve({**target, **{k: v for k, v in node.items() if k != "$ref"}}, defs)
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        if len(options) == 1:
            merged = {**options[0], **{k: v for k, v in node.items() if k != "anyOf"}}
            return _resolve(merged, defs)
    return {k: _resolve(v, defs) for k, v in node.items()
            if k not in _DROPPED and k != "$defs" and not _noise_bound(k, v)}


def _noise_bound(key: str, value: Any) -> bool:
    return key in ("maximum", "minimum") and isinstance(value, int | float) and abs(value) >= _NOISE_BOUND


def compact_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic JSON schema made small: inlined, no titles, units or defaults; currency described in four words."""
    out = _resolve(schema, schema.get("$defs", {}))
    props = out.get("properties", {})
    if "currency" in props:
        props["currency"] = {"type": "string", "description": "ISO code, default EUR"}
    context = props.get("context", {}).get("properties", {})
    context.pop("currency", None)
    out.pop("description", None)
    return out


def _function(name: str, description: str, parameters: dict[str, Any]) -> dict[str, Any]:
    return {"type": "function", "function": {"name": name, "description": description, "parameters": parameters}}


@cache
def calculator_schema(tool_id: str, lang: str = "en") -> dict[str, Any]:
    """One calculator as an OpenAI tool: its id, its description and its input model's schema."""
    spec = get_tool(tool_id)
    return _function(spec.id, spec.description_en, compact_schema(spec.schema()))


def _fields(tool_ids: Sequence[str], numeric_only: bool = False) -> list[str]:
    names: list[str] = []
    for tool_id in tool_ids:
        props = get_tool(tool_id).schema().get("properties", {})
        for name, prop in props.items():
            kinds = {o.get("type") for o in prop.get("anyOf", [prop])}
            if name == "currency" or (numeric_only and not kinds & {"number", "integer"}):
                continue
            if name not in names:
                names.append(name)
    return names


def what_if_schema(tool_ids: Sequence[str]) -> dict[str, Any]:
    """`what_if` over the offered calculators."""
    return _function("what_if", "Re-run a calculator with one input changed: the KPI before, after, and the change.",
                     {"type": "object", "required": ["tool", "inputs", "field", "new_value"], "properties": {
                         "tool": {"type": "string", "enum": list(tool_ids), "description": "Calculator to re-run"},
                         "inputs": {"type": "object", "description": "That calculator's inputs as they are today"},
                         "field": {"type": "string", "enum": _fields(tool_ids), "description": "Input to change"},
                         "new_value": {"type": "number", "description": "Its new value"}}})


def solve_for_schema(tool_ids: Sequence[str]) -> dict[str, Any]:
    """`solve_for` over the offered calculators."""
    return _function("solve_for", "Find the input value that makes a calculator reach a target KPI value.",
                     {"type": "object", "required": ["tool", "field", "target"], "properties": {
                         "tool": {"type": "string", "enum": list(tool_ids), "description": "Calculator"},
                         "inputs": {"type": "object", "description": "Its other inputs"},
                         "field": {"type": "string", "enum": _fields(tool_ids, numeric_only=True),
                                   "description": "Input to find"},
                         "target": {"type": "number", "description": "KPI value to reach, in the KPI's unit"}}})


@cache
def kpi_health_schema() -> dict[str, Any]:
    """`kpi_health` with the registry's enums (KPIs that have a sourced rule, segments, phases) and short words."""
    props = compact_schema(get_tool("kpi_health").schema())["properties"]
    context = props["context"]["properties"]
    return _function("kpi_health", "Judge a KPI value: good / watch / alert, with the rule's source.",
                     {"type": "object", "required": ["kpi", "value"], "properties": {
                         "kpi": {"type": "string", "enum": props["kpi"]["enum"], "description": "KPI to judge"},
                         "value": {"type": "number", "description": "In the KPI's unit (% for rates and ROI)"},
                         "segment": {"type": "string", "enum": props["segment"]["enum"], "description": "Business"},
                         "context": {"type": "object", "description": "What some rules need", "properties": {
                             "average_price": {"type": "number", "description": "CAC: average selling price"},
                             "phase": {"type": "string", "enum": context["phase"]["enum"], "description": "ROI"},
                             "period": {"type": "string", "enum": context["period"]["enum"], "description": "churn"},
                         }}}})


def search_schema(tool_ids: Sequence[str]) -> dict[str, Any]:
    """The knowledge search, with `tool_ids` as the optional KPI filter (none: the same schema every turn)."""
    props: dict[str, Any] = {"query": {"type": "string", "description": "What to look up, in the user's words"}}
    if tool_ids:
        props["kpi"] = {"type": "string", "enum": list(tool_ids), "description": "Optional KPI to restrict to"}
    return _function(SEARCH_NAME, "Search the marketing KPI knowledge base (definitions, benchmarks, pitfalls, "
                                  "choosing KPIs, plans). Cite the ids of the entries you use in square brackets.",
                     {"type": "object", "required": ["query"], "properties": props})


def data_schema() -> dict[str, Any]:
    """The user's uploaded data."""
    return _function(DATA_TOOL_NAME, "Answer a question about the user's uploaded marketing data (per period and "
                                     "channel): best or worst channel on a KPI, totals, trends.",
                     {"type": "object", "required": ["query"], "properties": {
                         "query": {"type": "string", "description": "The question, in the user's words"}}})


def turn_schemas(calculators: Sequence[str], *, search: bool, data: bool, changes: bool = True) -> list[dict[str, Any]]:
    """Every tool schema offered in one turn.

    The tools that never change come first (health, search, data): a local server that keeps the last prompt's
    state (llama.cpp) then reuses them from one turn to the next and only reads the turn's own tools. Then the
    calculators, then what-if and solve over them when `changes` (the question changes a figure or sets a target).
    """
    tools = [kpi_health_schema()]
    if search:
        tools.append(search_schema([]))
    if data:
        tools.append(data_schema())
    tools += [calculator_schema(t) for t in calculators]
    if calculators and changes:
        tools += [what_if_schema(calculators), solve_for_schema(calculators)]
    return tools
