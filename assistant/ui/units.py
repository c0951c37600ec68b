"""A KPI value with its unit, as the page shows it in the reader's language (one formatter: assistant.values)."""

from __future__ import annotations

from assistant.values import value_text


def format_value(value: float | None, unit: str | None, lang: str) -> str:
    """'80 €' / '€80', '3 %', '14,29 mois' / '14.29 months'; 'non défini' / 'undefined' when there is no value."""
    return value_text(value, unit or None, lang)
