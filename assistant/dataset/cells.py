"""Cells → numbers and dates, in French and English notation, refusing what no marketing export can hold.

"1 200,50", "1.200,50" and "1,200.50" are the same amount; "-", "n/a" and "" are missing values; "inf", "1e308",
a 400-digit number or a period in 2263 are not figures anyone spent or earned: they are refused with their row
rather than summed into an infinite CAC.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from tools.base import Text

MAX_VALUE = 1e12  # a thousand billion: above any spend, click or customer count a file of this tool can hold
YEARS = (1900, 2100)
MISSING = {"", "-", "—", "–", "n/a", "na", "nd", "n.d.", "none", "null", "nan", "#n/a", "#div/0!", "#value!"}
_THOUSANDS_DOT = re.compile(r"-?\d{1,3}(\.\d{3})+")
_STRIP = re.compile(r"[\s\u00a0\u202f€$£%]|(?i:eur|usd|gbp|chf)")

Problem = tuple[int, str]  # (position in the column, 'text' | 'negative' | 'absurd')


def to_numbers(col: pd.Series, decimal_comma: bool) -> tuple[pd.Series, list[Problem]]:
    """Floats (NaN when missing) and the cells that are not usable figures, with why."""
    is_num = col.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    direct = pd.to_numeric(col.where(is_num), errors="coerce").astype(float)
    text = col.where(~is_num, "").astype("string").fillna("").str.replace(_STRIP, "", regex=True)
    missing = text.str.lower().isin(MISSING) & ~is_num
    # A comma followed by one or two digits is a decimal comma even in a comma-separated file ("1,5" quoted);
    # followed by three digits it stays a thousands separator ("1,234").
    decimal_comma = decimal_comma or bool(text.str.fullmatch(r"-?\d+,\d{1,2}").fillna(False).any())
    if decimal_comma:
        has_comma = text.str.contains(",", regex=False)
        text = text.where(~has_comma, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
        thousands = text.str.fullmatch(_THOUSANDS_DOT.pattern) & ~has_comma
        text = text.where(~thousands, text.str.replace(".", "", regex=False))
    else:
        text = text.str.replace(",", "", regex=False)
    parsed_text = pd.to_numeric(pd.Series(text.to_numpy(dtype=object), index=text.index), errors="coerce")
    parsed = direct.where(is_num, parsed_text.astype(float).where(~missing))
    problems: list[Problem] = []
    for pos, (value, was_missing) in enumerate(zip(parsed.to_numpy(), missing.to_numpy(), strict=True)):
        if was_missing:
            continue
        if math.isnan(value):
            problems.append((pos, "text"))
        elif not math.isfinite(value) or abs(value) > MAX_VALUE:
            problems.append((pos, "absurd"))
        elif value < 0:
            problems.append((pos, "negative"))
    return parsed, problems


def date_out_of_range(value: pd.Timestamp | None) -> bool:
    """A period before 1900 or after 2100: a typo or a serial number read as a date, not a marketing period."""
    return value is not None and not YEARS[0] <= value.year <= YEARS[1]


def describe(problems: list[tuple[str, int, object, str]]) -> Text:
    """One message for every refused cell (the first ten, then how many more): column, row, value and why."""
    why = {"text": ("is not a number", "n'est pas un nombre"), "negative": ("is negative", "est négatif"),
           "absurd": (f"is not a plausible figure (over {MAX_VALUE:,.0f} or infinite)",
                      f"n'est pas un chiffre plausible (plus de {MAX_VALUE:,.0f} ou infini)".replace(",", "\u202f")),
           "date": (f"is a date outside {YEARS[0]}–{YEARS[1]}", f"est une date hors de {YEARS[0]}–{YEARS[1]}")}
    shown = problems[:10]
    more = len(problems) - len(shown)

    def cell(v: object, chars: str) -> str:
        text = v.isoformat()[:10] if isinstance(v, dt.date) else str(v)
        return repr(text if len(text) <= 24 else f"{text[:20]}… ({len(text)} {chars})")

    en = "; ".join(f"row {r}, column '{c}': {cell(v, 'characters')} {why[k][0]}" for c, r, v, k in shown)
    fr = "; ".join(f"ligne {r}, colonne « {c} » : {cell(v, 'caractères')} {why[k][1]}" for c, r, v, k in shown)
    return Text(
        en=f"Some cells cannot be used: {en}" + (f" (and {more} more)" if more else "")
        + ". Fix them and upload again.",
        fr=f"Certaines cellules sont inutilisables : {fr}" + (f" (et {more} de plus)" if more else "")
        + ". Corrigez-les et importez à nouveau.")
