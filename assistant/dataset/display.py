"""Figures of the uploaded data written the way the UI's language writes them, identically in tables and charts.

French: "1 200,50 €", "3,64 %"; English: "€1,200.50", "3.64%". Babel does the locale work; every shown value goes
through `format_value`, so the chart labels and the table cells always agree on rounding.
"""

from __future__ import annotations

import math

import pandas as pd
from babel.numbers import format_currency, format_decimal

from assistant.dataset.kpis import RATIO_BY_KEY, KpiTable, column_label

MONEY = {"spend", "revenue", "cac", "cpl", "cpc", "cpm"}
DEFAULT_CURRENCY = "EUR"
_LOCALES = {"fr": "fr_FR", "en": "en_US"}


def value_kind(key: str) -> str:
    """'money', 'percent', 'ratio' (ROAS) or 'count' for a column of the KPI table."""
    if key in MONEY:
        return "money"
    if key in RATIO_BY_KEY:
        return "percent" if RATIO_BY_KEY[key].scale == 100 else "ratio"
    return "count"


def format_value(value: object, key: str, lang: str, currency: str | None = None) -> str:
    """One shown figure: two decimals at most (money always two), the currency and the locale's separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "—"
    locale = _LOCALES.get(lang, "en_US")
    kind = value_kind(key)
    v = round(float(value), 2)
    if kind == "money":
        return format_currency(v, currency or DEFAULT_CURRENCY, locale=locale)
    text = format_decimal(v, format="#,##0.##", locale=locale)
    if kind == "percent":
        return f"{text}\u00a0%" if lang == "fr" else f"{text}%"
    return text


def header(key: str, lang: str) -> str:
    """A column's header in the shown table (no '(%)': the cells carry their unit)."""
    return column_label(key, lang).removesuffix(" (%)")


def styled_frame(table: KpiTable | None, level: str, lang: str):
    """The view to show: numbers kept as numbers (so columns sort), displayed with `format_value`."""
    if table is None:
        return pd.DataFrame()
    df = table.view(level).drop(columns=["period"], errors="ignore").copy()
    keys = list(df.columns)
    df.columns = [header(c, lang) for c in keys]
    formats = {header(k, lang): (lambda v, k=k: format_value(v, k, lang, table.currency))
               for k in keys if k not in ("channel", "period_label")}
    return df.style.format(formats)
