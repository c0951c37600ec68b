"""Pure functions behind the calculators page: a tool's input schema → form fields, form values → tool input,
and a tool result → Markdown. No Gradio here, so every rule is unit-tested."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

from assistant.inputs import InputRefused, parse_json_value
from assistant.ui.result_view import error_markdown, result_markdown
from assistant.ui.typed_numbers import parse_number
from assistant.ui.units import format_value
from tools.registry import ToolInputError, ToolSpec, all_tools

# The result's page view lives in result_view.py; these names stay importable from here.
__all__ = ["FieldSpec", "collect_inputs", "error_markdown", "form_spec", "format_value", "result_markdown",
           "tool_choices"]

Kind = Literal["number", "integer", "boolean", "text", "choice", "table", "numbers", "json"]

FAMILY_TITLES: dict[str, tuple[str, str]] = {
    "acquisition": ("Acquisition", "Acquisition"),
    "conversion": ("Conversion", "Conversion"),
    "value": ("Customer value", "Valeur client"),
    "retention": ("Retention", "Fidélisation"),
    "return": ("Return", "Rentabilité"),
    "pipeline": ("Pipeline", "Pipeline"),
    "engagement": ("Engagement", "Engagement"),
    "scoring": ("Lead scoring", "Scoring de leads"),
    "meta": ("What-if, solve, health", "Simulation, calcul inverse, santé"),
}



@dataclass(frozen=True)
class FieldSpec:
    """One form field derived from a tool's JSON schema."""

    name: str
    label: str
    kind: Kind
    required: bool
    default: Any = None
    info: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    column_kinds: tuple[str, ...] = ()


def family_title(family: str, lang: str) -> str:
    """Bilingual name of a tool family (the id, capitalised, for a family not listed)."""
    en, fr = FAMILY_TITLES.get(family, (family.capitalize(), family.capitalize()))
    return fr if lang == "fr" else en


def ordered_tools(tools: list[ToolSpec] | None = None) -> list[ToolSpec]:
    """Tools grouped by family in the funnel's order (meta last), registry order within a family.

    The registry's own order depends on which module imported the tools first, so the page sets its own.
    """
    tools = all_tools() if tools is None else tools
    rank = {family: i for i, family in enumerate(FAMILY_TITLES)}
    return sorted(tools, key=lambda spec: rank.get(spec.family, len(rank)))


def tool_choices(lang: str, tools: list[ToolSpec] | None = None) -> list[tuple[str, str]]:
    """Dropdown choices (label, tool id), grouped by family: 'Family · Title'."""
    return [(f"{family_title(spec.family, lang)} · {spec.title(lang)}", spec.id) for spec in ordered_tools(tools)]


def _resolve(node: dict, defs: dict) -> dict:
    ref = node.get("$ref")
    return defs.get(ref.rsplit("/", 1)[-1], {}) if ref else node


def _unwrap_optional(node: dict, defs: dict) -> tuple[dict, bool]:
    """The non-null branch of `X | None`, and whether null was allowed."""
    branches = node.get("anyOf") or node.get("oneOf")
    if not branches:
        return _resolve(node, defs), False
    real = [b for b in branches if b.get("type") != "null"]
    nullable = len(real) < len(branches)
    if len(real) == 1:
        merged = {**{k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}, **_resolve(real[0], defs)}
        return merged, nullable
    return {**node, "type": "json"}, nullable


def _kind(node: dict, defs: dict) -> tuple[Kind, dict]:
    """The form kind of a schema node, and for tables the resolved item schema."""
    typ = node.get("type")
    if "enum" in node or "const" in node:
        return "choice", {}
    if typ in ("number", "integer", "boolean"):
        return typ, {}
    if typ == "string":
        return "text", {}
    if typ == "array":
        items, _ = _unwrap_optional(node.get("items", {}), defs)
        if items.get("type") == "object" and items.get("properties"):
            simple = all(_kind(_unwrap_optional(p, defs)[0], defs)[0] in ("number", "integer", "text", "boolean")
                         for p in items["properties"].values())
            if simple:
                return "table", items
        if items.get("type") in ("number", "integer"):
            return "numbers", {}
    return "json", {}


def form_spec(spec: ToolSpec, lang: str) -> list[FieldSpec]:
    """The form of a tool: one field per input, labelled in `lang`, with kind, limits, default and help."""
    schema = spec.schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    fields = []
    for name, raw in schema.get("properties", {}).items():
        node, nullable = _unwrap_optional(raw, defs)
        kind, items = _kind(node, defs)
        choices = tuple(str(c) for c in node.get("enum", [node["const"]] if "const" in node else []))
        columns = tuple(items.get("properties", {})) if items else ()
        column_kinds = tuple(_kind(_unwrap_optional(p, defs)[0], defs)[0]
                             for p in items.get("properties", {}).values()) if items else ()
        default = raw.get("default", node.get("default"))
        fields.append(FieldSpec(
            name=name, label=spec.field_title(name, lang), kind=kind,
            required=name in required and not nullable, default=default,
            info=raw.get("description") or node.get("description", ""),
            minimum=node.get("minimum", node.get("exclusiveMinimum")),
            maximum=node.get("maximum", node.get("exclusiveMaximum")),
            choices=choices, columns=columns, column_kinds=column_kinds,
        ))
    return fields


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _number(value: Any, kind: str, lang: str = "en", field: str = "") -> Any:
    """Form numbers as the tool expects them: text read in the UI's language ("1 200,50" in French), whole floats
    as ints for integer fields. Text that is no number in that language is refused, naming the field."""
    if isinstance(value, str):
        value = parse_number(value, lang, field)
    if kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _table_rows(field: FieldSpec, value: Any, lang: str = "en") -> list[dict]:
    """Rows of an editable table (pandas DataFrame, list of lists or dict) → list of objects."""
    if hasattr(value, "to_dict"):
        value = value.to_dict(orient="split")["data"]
    elif isinstance(value, dict) and "data" in value:
        value = value["data"]
    rows = []
    for row in value or []:
        cells = list(row.values()) if isinstance(row, dict) else list(row)
        if all(_is_blank(c) for c in cells):
            continue
        item = {}
        for col, kind, cell in zip(field.columns, field.column_kinds, cells, strict=False):
            if _is_blank(cell):
                continue
            item[col] = _number(cell, kind, lang, f"{field.name}.{col}") if kind in ("number", "integer") else cell
        rows.append(item)
    return rows


def _numbers(field: FieldSpec, value: Any, lang: str = "en") -> list:
    if isinstance(value, list):
        return value
    # English: items separated by commas, semicolons or spaces. French: the comma is the decimal mark, so items are
    # separated by semicolons (or by spaces when there is no semicolon).
    pattern = (r";" if ";" in str(value) else r"\s+") if lang == "fr" else r"[,;\s]+"
    out = []
    for part in (p for p in re.split(pattern, str(value)) if p.strip()):
        num = _number(part, "number", lang, field.name)
        out.append(int(num) if num.is_integer() else num)
    return out


def collect_inputs(fields: list[FieldSpec], values: list[Any], lang: str = "en") -> dict[str, Any]:
    """The tool input from form values: blank optional fields are left out so the tool's defaults apply.

    Numbers are read in `lang` ("1 200,50" is 1200.5 in French). Raises ToolInputError naming the field when a
    number, a JSON or a list field cannot be read; every other rule is the tool's own (its validator names the field
    and the rule).
    """
    raw: dict[str, Any] = {}
    for field, value in zip(fields, values, strict=True):
        if field.kind == "boolean":
            raw[field.name] = bool(value)
        elif field.kind == "table":
            raw[field.name] = _table_rows(field, value, lang)
        elif _is_blank(value):
            continue
        elif field.kind in ("number", "integer"):
            raw[field.name] = _number(value, field.kind, lang, field.name)
        elif field.kind == "numbers":
            raw[field.name] = _numbers(field, value, lang)
        elif field.kind == "json":
            try:
                raw[field.name] = parse_json_value(value, field.name) if isinstance(value, str) else value
            except InputRefused as err:  # bounded: a 50 000-deep or 5 000-digit text is refused, not parsed
                raise ToolInputError(err.message("en"), field=field.name, message_fr=err.message("fr")) from None
        else:
            raw[field.name] = value.strip() if isinstance(value, str) else value
    return raw
