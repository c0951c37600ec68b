"""Every figure a correct answer about the uploaded data may state, for the LLM answer's number check.

The check (assistant.numbers_check) flags a number that no user message, tool result or cited entry accounts for.
A figure read from the user's file — a sum, a ratio of sums, an anomaly's baseline or factor, the amount a ratio
leaves out — is the user's own data: it is listed here so it is never flagged.
"""

from __future__ import annotations

import math

import pandas as pd

from assistant.dataset.anomalies import baselines, find_anomalies
from assistant.dataset.gaps import ratio_gaps
from assistant.dataset.kpis import RATIO_BY_KEY, KpiTable, aggregate


def _numbers(frame: pd.DataFrame) -> list[float]:
    values = frame.select_dtypes("number").to_numpy().ravel()
    return [float(v) for v in values if not (isinstance(v, float) and math.isnan(v))]


def _changes(table: KpiTable) -> list[float]:
    """Each ratio's baseline, factor and sides' per-period means, for every channel and for all channels."""
    out: list[float] = []
    rows = table.rows if table.rows is not None else table.detail
    specs = [RATIO_BY_KEY[k] for k in table.ratios]
    for channel in [None, *table.channels]:
        part = rows if channel is None else rows[rows["channel"] == channel]
        s = aggregate(part, ["period"], table.columns, specs, parts=True)
        for spec in specs:
            key = spec.key
            for i, base in enumerate(baselines(s, key)):
                if base is None:
                    continue
                out += [base[0], *base[1].values()]
                value = s[key].iloc[i]
                if base[0] and not pd.isna(value):
                    out.append(float(value) / base[0])
                for side, mean in base[1].items():
                    now = s[f"_n_{key}" if side == spec.numerator else f"_d_{key}"].iloc[i]
                    if mean and not pd.isna(now):
                        out.append(float(now) / mean)
    return out


def known_figures(table: KpiTable) -> list[float]:
    """Sums and ratios of every view, anomalies and period-over-period changes, and the ratios' left-out amounts."""
    out: list[float] = []
    for view in (table.detail, table.by_channel, table.by_period, table.total):
        out += _numbers(view)
    if table.rows is not None:
        out += _numbers(table.rows.drop(columns=["row", "period"], errors="ignore"))
    for a in find_anomalies(table):
        out += [x for x in (a.value, a.reference, a.factor) if x is not None]
        for value, base in a.drivers.values():
            out += [value, base] + ([value / base] if base else [])
    for g in ratio_gaps(table):
        out += [*g.used.values(), *g.left_out.values()]
        out += [g.used[c] + g.left_out[c] for c in g.used]
    out += _changes(table)
    return [x for x in out if math.isfinite(x)]
