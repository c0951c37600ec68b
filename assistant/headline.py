"""The tool's result in one line, put before the model's answer when the model did not state it.

A weak model may get a tool result and still write its own arithmetic ("2.23 %" for a calculator's 2.2 %, "60 €" for
59.14 €). Its wrong figure is flagged by the answer check; the headline makes sure the right one is in the answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.numbers_check import find_numbers
from assistant.reply import ToolCall
from assistant.ui.units import format_value
from tools.registry import get_tool


def states_value(answer: str, value: float) -> bool:
    """Whether the answer writes `value`, at the rounding it is written with (0.5 % relative at least)."""
    for mention in find_numbers(answer):
        for reading in mention.readings:
            if abs(abs(reading.value) - abs(value)) <= max(reading.tolerance, 0.005 * abs(value), 0.006):
                return True
    return False


def _title(tool_id: str, lang: str) -> str:
    try:
        return get_tool(tool_id).title(lang)
    except Exception:  # an extra tool (the user's data) has no registry entry
        return tool_id


def result_line(call: ToolCall, lang: str) -> tuple[str, float | None]:
    """('**Title: value**', the value the line states), from one tool call's result."""
    result, args = call.result, call.arguments
    if call.name == "what_if":
        d = result.get("details") or {}
        unit = d.get("kpi_unit", "")
        old, new = d.get("old_value"), d.get("new_value")
        change = f"{format_value(old, unit, lang)} → {format_value(new, unit, lang)}"
        line = f"**{_title(str(args.get('tool')), lang)} : {change}**"
        return line.replace(" :", ":") if lang == "en" else line, new
    if call.name == "solve_for":
        spec = get_tool(str(args.get("tool")))
        label = spec.field_title(str(args.get("field")), lang)
        line = f"**{label} : {format_value(result.get('value'), result.get('unit', ''), lang)}**"
        return line.replace(" :", ":") if lang == "en" else line, result.get("value")
    judged = str(args.get("kpi")) if call.name == "kpi_health" else call.name  # a value judged: the KPI's title
    line = f"**{_title(judged, lang)} : {format_value(result.get('value'), result.get('unit', ''), lang)}**"
    return line.replace(" :", ":") if lang == "en" else line, result.get("value")


def headline(answer: str, calls: Sequence[ToolCall], lang: str) -> str:
    """The result lines (with their formula) of the calculations whose value the answer does not state, and of a
    value judged (kpi_health) the answer does not repeat."""
    lines = []
    computed = [c.result.get("value") for c in calls if c.name != "kpi_health"]
    for call in calls:
        if not isinstance(call.result.get("value"), int | float):
            continue
        if call.name == "kpi_health" and call.result["value"] in computed:
            continue  # the value judged is a result the lines already give
        line, value = result_line(call, lang)
        if isinstance(value, int | float) and not states_value(answer, value):
            formula = None if call.name == "kpi_health" else call.result.get("formula")
            lines.append(f"{line}\n`{formula}`" if formula else line)
        weak = (call.result.get("details") or {}).get("weakest_step") if call.name == "funnel_conversion" else None
        if isinstance(weak, dict) and isinstance(weak.get("rate_pct"), int | float) \
                and not states_value(answer, weak["rate_pct"]):  # the funnel's step to work on, from the tool
            from assistant.offline.compose import t

            lines.append(t("weakest", lang, step=f"{weak.get('from')} → {weak.get('to')}",
                           rate=format_value(weak["rate_pct"], "%", lang)))
    return "\n\n".join(lines)
