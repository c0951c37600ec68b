"""One tool run as the chat shows it: a collapsible step titled with the tool and its result, its inputs by title,
the formula with the numbers and the warnings, all in the user's language (no internal ids). Pure: no Gradio."""

from __future__ import annotations

from typing import Any

from assistant.offline.compose import formula_text, french_numbers
from assistant.offline.wording import readable, readable_health
from assistant.reply import ToolCall
from assistant.ui.texts import t
from assistant.ui.units import format_value
from assistant.values import number_text, value_text
from tools.base import KpiResult, Text
from tools.registry import ToolInputError, get_tool, is_tool

Message = dict[str, Any]


# Records that are not registered calculators (the SMART check): their title and their inputs' titles (en, fr).
_RECORDS = {"smart_objective": (("SMART objective", "Objectif SMART"), {
    "metric": ("KPI", "KPI"), "baseline": ("Baseline", "Valeur de départ"), "target": ("Target", "Cible"),
    "change_pct": ("Change (%)", "Variation (%)"), "deadline": ("Deadline", "Échéance")})}


def tool_title(name: str, lang: str) -> str:
    """The tool's title in `lang`, or its id when it is not in the registry."""
    try:
        return get_tool(name).title(lang)
    except ToolInputError:
        record = _RECORDS.get(name)
        return record[0][1 if lang == "fr" else 0] if record else name


def _record_inputs(tool: str, arguments: dict[str, Any], lang: str) -> list[str]:
    """A record's inputs by title; a KPI id as the KPI's title."""
    titles = _RECORDS.get(tool, ((), {}))[1]
    items = []
    for k, v in arguments.items():
        if v is None:
            continue
        title = titles.get(k, (k, k))[1 if lang == "fr" else 0]
        shown = tool_title(v, lang) if k == "metric" and isinstance(v, str) else _shown(v, None, lang)
        items.append(f"{title} {shown}")
    return items


def _money_unit(arguments: dict[str, Any], result: dict[str, Any]) -> str:
    currency = arguments.get("currency")
    if isinstance(currency, str) and currency:
        return currency
    unit = result.get("unit") or ""
    return unit if len(unit) == 3 and unit.isalpha() and unit.isupper() else "EUR"


def _shown(value: Any, unit: str | None, lang: str) -> str:
    """One argument as the user reads it: a number in their notation with its unit, a word as it is."""
    if isinstance(value, bool):
        return t("yes", lang) if value else t("no", lang)
    if isinstance(value, int | float):
        return value_text(value, unit, lang)
    if isinstance(value, list):
        return ", ".join(_shown(v, None, lang) for v in value)
    if isinstance(value, dict):  # e.g. a funnel stage {'name': 'Leads', 'count': 200}
        return " ".join(_shown(v, None, lang) for v in value.values())
    return str(value)


def _calculator_inputs(tool: str, arguments: dict[str, Any], result: dict[str, Any], lang: str) -> list[str]:
    """'Dépenses marketing 1 200 €', … for the figures the calculation used (defaults left at zero are not shown;
    the currency is in the money values)."""
    try:
        spec = get_tool(tool)
    except ToolInputError:
        return _record_inputs(tool, arguments, lang)
    kinds = spec.kinds()
    currency = _money_unit(arguments, result)
    fields = spec.input_model.model_fields
    items = []
    for name, value in arguments.items():
        field = fields.get(name)
        if value is None or name == "currency" or (field is not None and not field.is_required()
                                                   and value == field.default):
            continue
        kind = kinds.get(name)
        unit = currency if kind == "money" else kind if kind in ("%", "months", "days") else None
        title = spec.field_title(name, lang)
        if unit == "%":  # 'Marge brute (%) 70 %' says it twice
            title = title.removesuffix(" (%)")
        items.append(f"{title} {_shown(value, unit, lang)}")
    return items


def _inputs_line(call: ToolCall, lang: str) -> str:
    """The arguments as the user reads them: input titles in their language, values through value_text; for
    what-if and solve, the calculator's own inputs, then what changes or is looked for."""
    args = call.arguments or {}
    inner = args.get("tool")
    if call.name in ("what_if", "solve_for") and isinstance(inner, str) and isinstance(args.get("inputs"), dict):
        items = [tool_title(inner, lang), *_calculator_inputs(inner, args["inputs"], call.result or {}, lang)]
        try:
            spec = get_tool(inner)
            field = spec.field_title(str(args.get("field")), lang)
            kind = spec.kinds().get(str(args.get("field")))
        except ToolInputError:
            field, kind = str(args.get("field")), None
        unit = _money_unit(args["inputs"], {}) if kind == "money" else kind if kind in ("%", "months", "days") else None
        key, value = ("what_if_field", args.get("new_value")) if call.name == "what_if" else (
            "solve_field", args.get("target"))
        items.append(f"{t(key, lang)} : {field}" if lang == "fr" else f"{t(key, lang)}: {field}")
        label = t("new_value" if call.name == "what_if" else "target", lang)
        if value is not None:  # a what-if's new value is the input's; a solve's target is the KPI's
            items.append(f"{label} {_shown(value, unit if call.name == 'what_if' else None, lang)}")
        return " · ".join(items)
    if call.name == "kpi_health" and isinstance(args.get("kpi"), str):
        unit = (call.result or {}).get("unit") or None
        items = [f"{tool_title(args['kpi'], lang)} {_shown(args.get('value'), unit, lang)}"]
        items += [_shown(args[k], None, lang) for k in ("segment", "context") if args.get(k)]
        return " · ".join(items)
    return ", ".join(_calculator_inputs(call.name, args, call.result or {}, lang))


def _readable_result(call: ToolCall, lang: str) -> KpiResult | None:
    """The result with its formula and warnings in the user's words (titles, not ids), as the answers word them."""
    try:
        result = KpiResult.model_validate(call.result or {})
        get_tool(result.tool)
    except (ValueError, ToolInputError):  # a result from elsewhere: shown as the tool wrote it
        return None
    if result.tool == "kpi_health":
        return readable_health(result, (call.arguments or {}).get("segment"), lang)
    inner = result.details.get("kpi") if result.tool in ("what_if", "solve_for") else result.tool
    warnings = [Text(en=readable(w.en, inner, "en"), fr=readable(w.fr, inner, "fr")) for w in result.warnings] \
        if isinstance(inner, str) and is_tool(inner) else result.warnings
    return result.model_copy(update={"warnings": warnings})


def _formula(result: KpiResult, lang: str) -> str:
    """The formula with the numbers, as the answers write it (a French name and decimal commas in French); a
    what-if shows the calculator's formula before and after."""
    d = result.details
    if result.tool == "what_if" and is_tool(str(d.get("kpi"))) and d.get("old_formula") and d.get("new_formula"):
        old, new = (formula_text(result.model_copy(update={"tool": d["kpi"], "formula": d[k]}), lang)
                    for k in ("old_formula", "new_formula"))
        return f"{old}` → `{new}"
    if result.tool == "kpi_health":  # a value the user gave is judged, not computed
        return ""
    return formula_text(result, lang)


def _headline(result: dict[str, Any], lang: str) -> str:
    """The value in the step's title: a what-if gives the calculator's new value and the change."""
    d = result.get("details") or {}
    if result.get("tool") == "what_if" and d.get("new_value") is not None and result.get("value") is not None:
        change = number_text(result["value"], lang)
        sign = "+" if result["value"] > 0 else ""
        return f"{format_value(d['new_value'], d.get('kpi_unit'), lang)} ({sign}{change} %)"
    return format_value(result.get("value"), result.get("unit", ""), lang)


def _label(key: str, lang: str) -> str:
    return f"**{t(key, lang)}** :" if lang == "fr" else f"**{t(key, lang)}**:"


def tool_step_message(call: ToolCall, lang: str, index: int = 0) -> Message:
    """One tool run as a collapsible step: the title names the tool and its result; the body holds the
    inputs, the formula with the numbers and the result, all in the user's language."""
    raw = call.result or {}
    result = _readable_result(call, lang)
    value = _headline(raw, lang)
    inputs = _inputs_line(call, lang)
    body = [f"{_label('inputs', lang)} {inputs}"] if inputs else []
    formula = _formula(result, lang) if result is not None else str(raw.get("formula") or "")
    if formula:
        body.append(f"{_label('formula', lang)} `{formula}`")
    body.append(f"{_label('result', lang)} {value}")
    warnings = [w.get(lang) for w in result.warnings] if result is not None else [
        (w.get(lang) or w.get("en", "")) if isinstance(w, dict) else str(w) for w in raw.get("warnings") or []]
    body += [f"⚠️ {french_numbers(text, lang)}" for text in warnings]
    return {
        "role": "assistant",
        "content": "\n\n".join(body),
        "metadata": {"title": f"🧮 {tool_title(call.name, lang)} → {value}", "status": "done",
                     "id": f"tool-{index}"},
    }
