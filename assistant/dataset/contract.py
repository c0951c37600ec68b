"""The data report as plain data: the public JSON contract of `kpi data FILE --json` (documented in the README).

KPIs are keyed by calculator id (`customer_acquisition_cost`, `conversion_rate`, `roas`, `marketing_roi`…), each
a ratio of sums; the funnel's stage rates (visitors → leads, leads → customers) go under `funnel_conversion`.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from assistant.dataset.anomalies import Anomaly
from assistant.dataset.gaps import ratio_gaps
from assistant.dataset.kpis import RATIO_BY_KEY, KpiTable

CALCULATOR_IDS = {"cac": "customer_acquisition_cost", "cpl": "cost_per_lead", "cpc": "cost_per_click",
                  "cpm": "cost_per_mille", "ctr": "click_through_rate", "conversion_rate": "conversion_rate",
                  "mql_to_sql": "mql_to_sql_rate", "roas": "roas", "roi": "marketing_roi"}
FUNNEL_STAGES = {"visit_to_lead": "visitors_to_leads", "lead_to_customer": "leads_to_customers"}


def _num(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    v = float(value)
    return None if math.isnan(v) or math.isinf(v) else round(v, 4)


def kpis_of(row: pd.Series, table: KpiTable) -> dict[str, Any]:
    """{calculator id: value} for one row of a view (None when undefined)."""
    out: dict[str, Any] = {}
    stages = {}
    for key in table.ratios:
        if key in CALCULATOR_IDS:
            out[CALCULATOR_IDS[key]] = _num(row[key])
        elif key in FUNNEL_STAGES:
            stages[FUNNEL_STAGES[key]] = _num(row[key])
    if stages:
        out["funnel_conversion"] = stages
    return out


def sums_of(row: pd.Series, table: KpiTable) -> dict[str, float | None]:
    """{column: sum} for one row of a view."""
    return {c: _num(row[c]) for c in table.columns}


def anomaly_dict(a: Anomaly, lang: str) -> dict[str, Any]:
    """One anomaly: channel, period, kpi (calculator id), value, baseline, factor, and what changed."""
    tool = CALCULATOR_IDS.get(a.kpi) or RATIO_BY_KEY[a.kpi].tool
    return {"channel": a.channel, "period": a.period, "kpi": tool, "ratio": a.kpi, "value": _num(a.value),
            "baseline": _num(a.reference), "factor": _num(a.factor), "kind": a.kind, "changed": a.changed or None,
            "drivers": {c: {"value": _num(v), "baseline": _num(b)} for c, (v, b) in a.drivers.items()},
            "message": a.message.get(lang)}


def report_dict(table: KpiTable, anomalies: list[Anomaly], lang: str = "en") -> dict[str, Any]:
    """Everything the Data tab shows, as JSON-ready data (texts in `lang`)."""
    total = table.total.iloc[0]
    return {
        "source": table.source_name,
        "encoding": table.encoding,
        "currency": table.currency,
        "columns": list(table.columns),
        "rows_used": table.rows_used,
        "rows_excluded": [{"row": e.row, "reason": e.reason.get(lang), "kind": e.kind} for e in table.excluded],
        "channels": table.channels,
        "periods": table.periods,
        "total": kpis_of(total, table),
        "by_channel": {str(r["channel"]): kpis_of(r, table) for _, r in table.by_channel.iterrows()},
        "by_period": {str(r["period_label"]): kpis_of(r, table) for _, r in table.by_period.iterrows()},
        "sums": {"total": sums_of(total, table),
                 "by_channel": {str(r["channel"]): sums_of(r, table) for _, r in table.by_channel.iterrows()},
                 "by_period": {str(r["period_label"]): sums_of(r, table) for _, r in table.by_period.iterrows()}},
        "ratio_gaps": [{"kpi": CALCULATOR_IDS.get(g.ratio) or RATIO_BY_KEY[g.ratio].tool, "ratio": g.ratio,
                        "rows": g.rows, "missing": {str(k): v for k, v in g.missing.items()},
                        "used": g.used, "left_out": g.left_out} for g in ratio_gaps(table)],
        "anomalies": [anomaly_dict(a, lang) for a in anomalies],
        "notes": [n.get(lang) for n in table.notes],
    }
