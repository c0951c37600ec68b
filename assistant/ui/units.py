"""A KPI value with its unit, as the page shows it in the reader's language."""

from __future__ import annotations

from assistant.ui.texts import t
from tools.base import fmt

UNIT_WORDS: dict[str, tuple[str, str]] = {
    "ratio": ("(ratio)", "(ratio)"),
    "months": ("months", "mois"),
    "days": ("days", "jours"),
    "per_day": ("per day", "par jour"),
    "points": ("points", "points"),
    "count": ("", ""),
}


def format_value(value: float | None, unit: str, lang: str) -> str:
    """'80 EUR', '3 %', '14.29 months' / '14.29 mois'; 'undefined' when there is no value."""
    if value is None:
        return t("undefined", lang)
    if unit == "%":
        return f"{fmt(value)} %"
    if unit in UNIT_WORDS:
        word = UNIT_WORDS[unit][1 if lang == "fr" else 0]
        return f"{fmt(value)} {word}".strip()
    return f"{fmt(value)} {unit}".strip()
