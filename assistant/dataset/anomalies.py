"""Anomaly flags on the KPI table, each explained with its numbers and with what changed, in both languages.

A channel's period is compared with its own previous periods (up to TRAILING of them where the KPI is defined).
The baseline is a ratio of sums over those periods, like every other figure here, so the change splits exactly
into its two sides: CAC × 3 = spend × 1.5 ÷ customers ÷ 2. Whichever side moved most is named as the cause.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from assistant.dataset.columns import LABELS
from assistant.dataset.display import format_value
from assistant.dataset.kpis import RATIO_BY_KEY, KpiTable, aggregate
from tools.base import Text, fmt

CAC_RISE_FACTOR = 1.5  # CAC above 1.5× the channel's baseline is flagged
COLLAPSE_FACTOR = 0.5  # a conversion rate under half its baseline is flagged
TRAILING = 3  # previous periods in the baseline
MAIN_SHARE = 2 / 3  # a side that explains this share of the change (in log terms) is "the" cause


@dataclass(frozen=True)
class Anomaly:
    """One flag: the KPI, its value and baseline, and what moved (`drivers`: column → (value, baseline))."""

    kind: str  # cac_rise | conversion_collapse | spend_without_customers
    period: str
    channel: str
    value: float | None
    reference: float | None
    message: Text
    kpi: str = ""  # the ratio key of the KPI table (cac, lead_to_customer…)
    drivers: dict[str, tuple[float, float]] = field(default_factory=dict)
    changed: str = ""  # the column that explains most of the change, or "both"
    currency: str | None = None

    @property
    def factor(self) -> float | None:
        """Value ÷ baseline."""
        return round(self.value / self.reference, 4) if self.value is not None and self.reference else None


def _n(x: float, lang: str) -> str:
    return fmt(x).replace(".", ",") if lang == "fr" else fmt(x)


def _v(x: float, key: str, lang: str, currency: str | None) -> str:
    """Written as the table writes it: money with its currency, counts grouped the locale's way."""
    return format_value(x, key, lang, currency)


def baselines(rows: pd.DataFrame, key: str) -> list[tuple[float, dict[str, float]] | None]:
    """Per period: the ratio over the previous TRAILING defined periods (from sums) and each side's mean there."""
    r = RATIO_BY_KEY[key]
    out: list[tuple[float, dict[str, float]] | None] = []
    defined: list[int] = []
    num, den = rows[f"_n_{key}"], rows[f"_d_{key}"]
    for i in range(len(rows)):
        window = defined[-TRAILING:]
        if window:
            n, d = float(num.iloc[window].sum()), float(den.iloc[window].sum())
            means = {r.numerator: n / len(window), r.denominator: d / len(window)}
            out.append((n / d * r.scale, means) if d > 0 else None)
        else:
            out.append(None)
        if not pd.isna(rows[key].iloc[i]):
            defined.append(i)
    return out


def cause(drivers: dict[str, tuple[float, float]], num: str, den: str) -> str:
    """The side whose change explains most of the ratio's change (log shares), or 'both'."""
    (nv, nb), (dv, db) = drivers[num], drivers[den]
    if min(nv, nb, dv, db) <= 0:
        return den if dv <= 0 or db <= 0 else num
    ln, ld = math.log(nv / nb), -math.log(dv / db)
    total = ln + ld
    if total == 0:
        return "both"
    share = ln / total
    return num if share >= MAIN_SHARE else den if share <= 1 - MAIN_SHARE else "both"


def _side(col: str, value: float, base: float, lang: str, currency: str | None) -> str:
    name = LABELS[col].get(lang).lower()
    change = f" (×{_n(value / base, lang)})" if base else ""
    return f"{name} {_v(base, col, lang, currency)} → {_v(value, col, lang, currency)}{change}"


def explain(a: Anomaly, lang: str) -> str:
    """What changed, in words: 'mostly fewer customers: customers 5.5 → 2 (×0.36), spend 1 250 → 1 800 (×1.44)'."""
    r = RATIO_BY_KEY[a.kpi]
    order = [r.numerator, r.denominator]
    if a.changed in order:
        order.sort(key=lambda c: c != a.changed)
    sides = ", ".join(_side(c, *a.drivers[c], lang, a.currency) for c in order)
    if a.changed == "both":
        lead = "les deux côtés ont bougé" if lang == "fr" else "both sides moved"
    else:
        value, base = a.drivers[a.changed]
        name = LABELS[a.changed].get(lang).lower()
        if lang == "fr":
            lead = f"surtout {'plus' if value > base else 'moins'} de {name}"
        else:
            lead = f"mostly {'more' if value > base else 'less' if a.changed == 'spend' else 'fewer'} {name}"
    per = "moyenne par période avant → cette période" if lang == "fr" else "average per period before → this period"
    return f"{lead} ({per} : {sides})" if lang == "fr" else f"{lead} ({per}: {sides})"


def _flag(kind: str, ch: str, period: str, key: str, value: float, base: float, drivers: dict,
          currency: str | None) -> Anomaly:
    r = RATIO_BY_KEY[key]
    a = Anomaly(kind, period, ch, value, base, Text(en="", fr=""), key, drivers,
                cause(drivers, r.numerator, r.denominator), currency)
    label_en, label_fr = (x.removesuffix(" (%)") for x in (r.label.en, r.label.fr))
    factor = value / base
    if kind == "cac_rise":
        msg = Text(
            en=f"{ch}, {period}: CAC {_v(value, key, 'en', currency)} is {fmt(factor)}× its level of the previous "
               f"periods ({_v(base, key, 'en', currency)}), {explain(a, 'en')}. Check what changed on this channel "
               "before spending more.",
            fr=f"{ch}, {period} : CAC de {_v(value, key, 'fr', currency)}, soit {_n(factor, 'fr')}× son niveau des "
               f"périodes précédentes ({_v(base, key, 'fr', currency)}), {explain(a, 'fr')}. Vérifiez ce qui a changé "
               "sur ce canal avant d'y dépenser plus.")
    else:
        msg = Text(
            en=f"{ch}, {period}: {label_en} fell to {_v(value, key, 'en', currency)} from "
               f"{_v(base, key, 'en', currency)} over the previous periods (×{fmt(factor)}), {explain(a, 'en')}. Look "
               "for a broken form, page or offer.",
            fr=f"{ch}, {period} : {label_fr} tombé à {_v(value, key, 'fr', currency)} contre "
               f"{_v(base, key, 'fr', currency)} sur les périodes précédentes (×{_n(factor, 'fr')}), "
               f"{explain(a, 'fr')}. Cherchez un formulaire, une page ou une offre cassés.")
    return Anomaly(a.kind, a.period, a.channel, a.value, a.reference, msg, a.kpi, a.drivers, a.changed, currency)


def _scan(ch: str, rows: pd.DataFrame, key: str, kind: str, currency: str | None) -> list[Anomaly]:
    r = RATIO_BY_KEY[key]
    out = []
    for i, base in enumerate(baselines(rows, key)):
        value = rows[key].iloc[i]
        if base is None or pd.isna(value) or not base[0]:
            continue
        ref, means = base
        hit = value > CAC_RISE_FACTOR * ref if kind == "cac_rise" else value < COLLAPSE_FACTOR * ref
        if hit:
            now = {r.numerator: rows[f"_n_{key}"].iloc[i], r.denominator: rows[f"_d_{key}"].iloc[i]}
            drivers = {c: (float(now[c]), means[c]) for c in (r.numerator, r.denominator)}
            out.append(_flag(kind, ch, str(rows["period_label"].iloc[i]), key, float(value), round(ref, 4), drivers,
                             currency))
    return out


def _conversion_key(table: KpiTable) -> str | None:
    return next((k for k in ("lead_to_customer", "conversion_rate", "visit_to_lead") if k in table.ratios), None)


def _no_customers(table: KpiTable) -> list[Anomaly]:
    d = table.detail
    hit = d[(d["spend"] > 0) & (d["customers"] == 0)]
    cur = table.currency
    return [Anomaly("spend_without_customers", r.period_label, r.channel, float(r.spend), None, Text(
        en=f"{r.channel}, {r.period_label}: {_v(r.spend, 'spend', 'en', cur)} spent and no new customer, so CAC is "
           "undefined.",
        fr=f"{r.channel}, {r.period_label} : {_v(r.spend, 'spend', 'fr', cur)} dépensés et aucun nouveau client, le "
           "CAC n'est donc pas défini."), "cac", {"spend": (float(r.spend), 0.0), "customers": (0.0, 0.0)},
        "customers", cur) for r in hit.itertuples()]


def find_anomalies(table: KpiTable) -> list[Anomaly]:
    """Every flag, channel by channel in time order."""
    out: list[Anomaly] = []
    conv = _conversion_key(table)
    specs = [RATIO_BY_KEY[k] for k in ("cac", conv) if k in table.ratios]
    source = table.rows if table.rows is not None else table.detail
    detail = aggregate(source, ["period", "channel"], table.columns, specs, parts=True)
    detail = detail.merge(table.by_period[["period", "period_label"]], on="period")
    for ch, rows in detail.groupby("channel", sort=True):
        rows = rows.sort_values("period").reset_index(drop=True)
        if "cac" in table.ratios:
            out += _scan(str(ch), rows, "cac", "cac_rise", table.currency)
        if conv:
            out += _scan(str(ch), rows, conv, "conversion_collapse", table.currency)
    if {"spend", "customers"} <= set(table.columns):
        out += _no_customers(table)
    return out
