"""Numbers and values as a reader sees them, in their language: '1 234,5 €' in French (babel), '€1 234.5' in
English; one place for every answer and page of the product (engines, chat steps, calculators, plans)."""

from __future__ import annotations

import re

from babel.numbers import format_decimal

from tools.base import fmt

_SYMBOL = {"EUR": "€", "USD": "$", "GBP": "£"}
_UNIT_WORDS = {"months": ("months", "mois"), "days": ("days", "jours"), "per_day": ("per day", "par jour"),
               "points": ("points", "points"), "count": ("", ""), "ratio": ("", "")}


def number_text(value: float, lang: str) -> str:
    """A number in the reader's convention: French through babel (1 234,5), English as the formulas write it."""
    if lang == "fr":
        digits = 2 if abs(value) >= 0.01 or value == 0 else 6
        return format_decimal(round(value, digits), format="#,##0.######", locale="fr_FR")
    return fmt(value)


def value_text(value: float | None, unit: str | None, lang: str) -> str:
    """'80 €', '3 %', '14.29 months' in the reader's convention (decimal comma in French)."""
    if value is None:
        return "non défini" if lang == "fr" else "undefined"
    number = number_text(value, lang)
    if unit in _SYMBOL or (unit and re.fullmatch(r"[A-Z]{3}", unit)):
        sym = _SYMBOL.get(unit, unit)
        return f"{number} {sym}" if lang == "fr" or sym not in ("€", "$", "£") else f"{sym}{number}"
    if unit == "%":
        return f"{number} %"
    words = _UNIT_WORDS.get(unit or "", ("", ""))
    word = words[1] if lang == "fr" else words[0]
    return f"{number} {word}".strip()
