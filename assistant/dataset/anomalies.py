"""Anomaly flags on the KPI table, each explained with its numbers in both languages."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from assistant.dataset.kpis import RATIO_BY_KEY, KpiTable
from tools.base import Text, fmt

CAC_RISE_FACTOR = 1.5  # CAC above 1.5× the channel's trailing mean is flagged
COLLAPSE_FACTOR = 0.5  # a conversion rate under half its trailing mean is flagged
TRAILING = 3  # previous periods in the trailing mean


@dataclass(frozen=True)
class Anomaly:
    """One flag."""

    kind: str  # cac_rise | conversion_collapse | spend_without_customers
    period: str
    channel: str
    value: float | None
    reference: float | None
    message: Text


def _fr(x: float) -> str:
    return fmt(x).replace(".", ",")


def _trailing_means(values: pd.Series) -> list[float | None]:
    """For each period, the mean of the channel's last TRAILING defined values before it (None if none)."""
    defined = values.dropna()
    means = defined.shift(1).rolling(TRAILING, min_periods=1).mean()
    out = means.reindex(values.index)  # an undefined period gets None: it is never flagged
    return [None if pd.isna(v) else float(v) for v in out]


def _conversion_key(table: KpiTable) -> str | None:
    return next((k for k in ("lead_to_customer", "conversion_rate", "visit_to_lead") if k in table.ratios), None)


def _cac_rise(ch: str, rows: pd.DataFrame) -> list[Anomaly]:
    out = []
    cacs = [None if pd.isna(v) else float(v) for v in rows["cac"]]
    for period, cac, ref in zip(rows["period_label"], cacs, _trailing_means(rows["cac"].reset_index(drop=True)),
                                strict=True):
        if cac is not None and ref and cac > CAC_RISE_FACTOR * ref:
            out.append(Anomaly("cac_rise", period, ch, cac, ref, Text(
                en=f"{ch}, {period}: CAC {fmt(cac)} is {fmt(cac / ref)}× its mean of the previous periods "
                   f"({fmt(ref)}). Check what changed on this channel before spending more.",
                fr=f"{ch}, {period} : CAC de {_fr(cac)}, soit {_fr(cac / ref)}× sa moyenne des périodes précédentes "
                   f"({_fr(ref)}). Vérifiez ce qui a changé sur ce canal avant d'y dépenser plus.")))
    return out


def _collapse(ch: str, rows: pd.DataFrame, key: str) -> list[Anomaly]:
    out = []
    label = RATIO_BY_KEY[key].label
    rates = [None if pd.isna(v) else float(v) for v in rows[key]]
    for period, rate, ref in zip(rows["period_label"], rates, _trailing_means(rows[key].reset_index(drop=True)),
                                 strict=True):
        if rate is not None and ref and rate < COLLAPSE_FACTOR * ref:
            out.append(Anomaly("conversion_collapse", period, ch, rate, ref, Text(
                en=f"{ch}, {period}: {label.en} fell to {fmt(rate)} from a mean of {fmt(ref)} over the previous "
                   "periods (less than half). Look for a broken form, page or offer.",
                fr=f"{ch}, {period} : {label.fr} tombé à {_fr(rate)} contre une moyenne de {_fr(ref)} sur les "
                   "périodes précédentes (moins de la moitié). Cherchez un formulaire, une page ou une offre cassés.")))
    return out


def _no_customers(table: KpiTable) -> list[Anomaly]:
    d = table.detail
    hit = d[(d["spend"] > 0) & (d["customers"] == 0)]
    return [Anomaly("spend_without_customers", r.period_label, r.channel, float(r.spend), None, Text(
        en=f"{r.channel}, {r.period_label}: {fmt(r.spend)} spent and no new customer, so CAC is undefined.",
        fr=f"{r.channel}, {r.period_label} : {_fr(r.spend)} dépensés et aucun nouveau client, le CAC n'est donc "
           "pas défini.")) for r in hit.itertuples()]


def find_anomalies(table: KpiTable) -> list[Anomaly]:
    """Every flag, channel by channel in time order."""
    out: list[Anomaly] = []
    conv = _conversion_key(table)
    for ch, rows in table.detail.groupby("channel", sort=True):
        rows = rows.sort_values("period")
        if "cac" in table.ratios:
            out += _cac_rise(str(ch), rows)
        if conv:
            out += _collapse(str(ch), rows, conv)
    if {"spend", "customers"} <= set(table.columns):
        out += _no_customers(table)
    return out
