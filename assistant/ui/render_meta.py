"""What-if and reverse-solve results read as sentences in the user's language, instead of raw detail keys."""

from __future__ import annotations

from typing import Any

from assistant.ui.units import format_value
from tools.base import fmt
from tools.registry import get_tool

LEVEL_WORD = {"good": ("good", "bon"), "watch": ("watch", "à surveiller"), "alert": ("alert", "alerte")}


def level_word(level: str | None, lang: str) -> str:
    """'good' / 'bon', 'watch' / 'à surveiller', 'alert' / 'alerte' (the level itself when unknown)."""
    return LEVEL_WORD.get(level or "", (level or "—", level or "—"))[1 if lang == "fr" else 0]


def _what_if(result: dict[str, Any], lang: str) -> list[str]:
    d = result["details"]
    spec = get_tool(d["kpi"])
    unit = d.get("kpi_unit") or ""
    change = "—" if result.get("value") is None else f"{'+' if result['value'] > 0 else ''}{fmt(result['value'])} %"
    old, new = format_value(d.get("old_value"), unit, lang), format_value(d.get("new_value"), unit, lang)
    lines = [
        f"- **{spec.field_title(d['field'], lang)}**: {fmt(d.get('old_input'))} → {fmt(d.get('new_input'))}",
        f"- **{spec.title(lang)}**: {old} → **{new}** ({change})",
        f"- `{d.get('old_formula', '')}`", f"- `{d.get('new_formula', '')}`",
    ]
    if d.get("old_verdict") or d.get("new_verdict"):
        old_level, new_level = level_word(d.get("old_verdict"), lang), level_word(d.get("new_verdict"), lang)
        lines.append(f"- **Verdict**: {old_level} → {new_level}")
    return lines


def _solve(result: dict[str, Any], lang: str) -> list[str]:
    d = result["details"]
    spec = get_tool(d["kpi"])
    field = spec.field_title(d["field"], lang)
    reached = fmt(d.get("kpi_value_reached"))
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
