"""What-if and reverse-solve results read as sentences in the user's language, instead of raw detail keys."""

from __future__ import annotations

from typing import Any

from assistant.offline.compose import formula_text
from assistant.ui.units import format_value
from assistant.values import number_text
from tools.base import KpiResult
from tools.registry import get_tool

LEVEL_WORD = {"good": ("good", "bon"), "watch": ("watch", "à surveiller"), "alert": ("alert", "alerte")}


def level_word(level: str | None, lang: str) -> str:
    """'good' / 'bon', 'watch' / 'à surveiller', 'alert' / 'alerte' (the level itself when unknown)."""
    return LEVEL_WORD.get(level or "", (level or "—", level or "—"))[1 if lang == "fr" else 0]


def _what_if(result: dict[str, Any], lang: str) -> list[str]:
    d = result["details"]
    spec = get_tool(d["kpi"])
    unit = d.get("kpi_unit") or ""
    change = "—" if result.get("value") is None else \
        f"{'+' if result['value'] > 0 else ''}{number_text(result['value'], lang)} %"
    old, new = format_value(d.get("old_value"), unit, lang), format_value(d.get("new_value"), unit, lang)
    field_unit = _input_unit(spec, d["field"], result)
    old_in, new_in = (format_value(d.get(k), field_unit, lang) for k in ("old_input", "new_input"))
    colon = " :" if lang == "fr" else ":"
    old_formula, new_formula = (_formula(spec.id, d.get(k) or "", lang) for k in ("old_formula", "new_formula"))
    lines = [
        f"- **{spec.field_title(d['field'], lang)}**{colon} {old_in} → {new_in}",
        f"- **{spec.title(lang)}**{colon} {old} → **{new}** ({change})",
        f"- `{old_formula}`", f"- `{new_formula}`",
    ]
    if d.get("old_verdict") or d.get("new_verdict"):
        old_level, new_level = level_word(d.get("old_verdict"), lang), level_word(d.get("new_verdict"), lang)
        lines.append(f"- **Verdict**{colon} {old_level} → {new_level}")
    return lines


def _input_unit(spec: Any, field: str, result: dict[str, Any]) -> str | None:
    """The unit of one input: the currency for money, '%', 'months', 'days'; None for a count."""
    kind = spec.kinds().get(field)
    if kind == "money":
        inputs = (result.get("inputs") or {}).get("inputs") or {}
        return inputs.get("currency") or "EUR"
    return kind if kind in ("%", "months", "days") else None


def _formula(tool: str, formula: str, lang: str) -> str:
    """A calculator's formula as the answers write it (a French name and decimal commas in French)."""
    return formula_text(KpiResult(tool=tool, value=None, unit="", formula=formula, inputs={}), lang) if formula else ""


def _solve(result: dict[str, Any], lang: str) -> list[str]:
    d = result["details"]
    spec = get_tool(d["kpi"])
    field = spec.field_title(d["field"], lang)
    reached = number_text(d["kpi_value_reached"], lang) if d.get("kpi_value_reached") is not None else "—"
    value = format_value(result.get("value"), result.get("unit") or "", lang)
    if lang == "fr":
        return [f"- **{field}** = **{value}** amène **{spec.title(lang)}** à {reached}"]
    return [f"- **{field}** = **{value}** brings **{spec.title(lang)}** to {reached}"]


def meta_summary(result: dict[str, Any], lang: str) -> list[str] | None:
    """Readable lines for a what_if / solve_for result, or None for any other tool (or an incomplete result)."""
    details = result.get("details") or {}
    try:
        if result.get("tool") == "what_if" and {"kpi", "field"} <= details.keys():
            return _what_if(result, lang)
        if result.get("tool") == "solve_for" and {"kpi", "field"} <= details.keys() and result.get("value") is not None:
            return _solve(result, lang)
    except Exception:  # noqa: BLE001 - an unexpected detail shape falls back to the generic rendering
        return None
    return None
