"""'Pourquoi mon CAC a explosé en avril ?': the change of a KPI in one period, split into what moved.

The answer compares the period with the previous ones (the anomaly panel's ratio-of-sums baseline), names the
channels flagged there with their reason (spend or customers), and says so plainly when the KPI did not move the
way the question assumes.
"""

from __future__ import annotations

import re

import pandas as pd
from babel.dates import format_date

from assistant.dataset.anomalies import Anomaly, baselines, cause, explain, find_anomalies
from assistant.dataset.display import format_value
from assistant.dataset.kpis import RATIO_BY_KEY, KpiTable, aggregate
from tools.base import Text

# A figure that moved ('a explosé', 'dropped'): about the user's own data whatever else the question says.
CHANGED = ("explose", "exploser", "flambe", "grimpe", "bondi", "augmente", "a augmente", "hausse", "chute", "a chute",
           "baisse", "a baisse", "plonge", "degringole", "double", "triple", "jump", "jumped", "spike", "spiked",
           "soar", "soared", "went up", "go up", "rose", "increased", "drop", "dropped", "fell", "collapsed",
           "skyrocketed", "doubled", "tripled", "que s est il passe", "what happened")
UP = ("explose", "exploser", "flambe", "grimpe", "bondi", "augmente", "hausse", "double", "triple", "jump", "jumped",
      "spike", "spiked", "soar", "soared", "went up", "go up", "rose", "increased", "skyrocketed", "doubled",
      "tripled")
DOWN = ("chute", "baisse", "plonge", "degringole", "drop", "dropped", "fell", "collapsed")
# 'Why' alone ('pourquoi le CAC est-il important ?') is about the data only with a period, a channel or 'my'.
ASK = ("pourquoi", "why", "how come", "comment se fait", "explique", "explain")
MINE = ("mon", "ma", "mes", "notre", "nos", "my", "our")


def is_why(q: str, scoped: bool) -> bool:
    """The normalized question asks why one of the user's figures changed. `scoped`: it names a period or channel."""
    if any(f" {w} " in q for w in CHANGED):
        return True
    return any(f" {w} " in q for w in ASK) and (scoped or any(f" {w} " in q for w in MINE))


def direction(q: str) -> str | None:
    """'up' or 'down' when the question says which way the figure moved."""
    up, down = any(f" {w} " in q for w in UP), any(f" {w} " in q for w in DOWN)
    return "up" if up and not down else "down" if down and not up else None


def _period_name(label: str, lang: str) -> str:
    """'2026-04' → 'avril 2026' / 'April 2026'; any other label as written."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", label)
    if not m:
        return label
    return format_date(pd.Timestamp(f"{label}-01").date(), "MMMM y", locale="fr" if lang == "fr" else "en")


def _series(table: KpiTable, key: str, channel: str | None) -> pd.DataFrame:
    """The KPI period by period (one channel or all), with its numerator and denominator sums."""
    rows = table.rows if table.rows is not None else table.detail
    if channel:
        rows = rows[rows["channel"] == channel]
    out = aggregate(rows, ["period"], table.columns, [RATIO_BY_KEY[key]], parts=True)
    labels = table.by_period[["period", "period_label"]]
    return out.merge(labels, on="period").sort_values("period").reset_index(drop=True)


def _target(table: KpiTable, key: str, periods: list[str] | None, flags: list[Anomaly]) -> str | None:
    if periods:
        return periods[-1]
    flagged = [a.period for a in flags if a.kpi == key]
    return flagged[-1] if flagged else (table.periods[-1] if table.periods else None)


def answer_why(table: KpiTable, key: str, periods: list[str] | None, channel: str | None, lang: str,
               moved: str | None = None) -> str | None:
    """Why `key` (a ratio of the table) changed in the period asked (or the last flagged one); None otherwise.

    `moved`: the way the question says it went ('up' / 'down'); when the data says otherwise the answer says so first.
    """
    if key not in RATIO_BY_KEY or key not in table.ratios:
        return None
    flags = [a for a in find_anomalies(table) if a.kpi == key or (key == "cac" and a.kind == "spend_without_customers")]
    target = _target(table, key, periods, flags)
    if target is None:
        return None
    fr = lang == "fr"
    series = _series(table, key, channel)
    where = channel or ("tous canaux" if fr else "all channels")
    label = RATIO_BY_KEY[key].label.get(lang).removesuffix(" (%)")
    when = _period_name(target, lang)
    pos = series.index[series["period_label"] == target]
    value = series.loc[pos[0], key] if len(pos) else None
    base = baselines(series, key)[pos[0]] if len(pos) else None
    cur = table.currency

    def v(x: float) -> str:
        return format_value(x, key, lang, cur)

    lines = []
    if value is None or pd.isna(value):
        lines.append(f"{label} ({where}) n'est pas défini en {when}." if fr else
                     f"{label} ({where}) is undefined in {when}.")
    elif base is None:
        lines.append(f"{label} ({where}) en {when} : {v(value)} ; pas de période précédente pour comparer." if fr else
                     f"{label} ({where}) in {when}: {v(value)}; no earlier period to compare with.")
    else:
        factor = value / base[0] if base[0] else None
        change = f" (×{format_value(factor, 'roas', lang)})" if factor else ""
        if factor and moved and (factor > 1) != (moved == "up") and factor != 1:
            lines.append(f"{label} : pas de {'hausse' if moved == 'up' else 'baisse'} en {when}, au contraire."
                         if fr else f"{label}: no {'rise' if moved == 'up' else 'fall'} in {when}, the opposite.")
        lines.append(f"{label} ({where}) en {when} : {v(value)} contre {v(base[0])} sur les périodes précédentes"
                     f"{change}." if fr else
                     f"{label} ({where}) in {when}: {v(value)} against {v(base[0])} over the previous periods"
                     f"{change}.")
    hits = [a for a in flags if a.period == target and (channel is None or a.channel == channel)]
    if hits:
        lines.append("Ce que montre le panneau des anomalies :" if fr else "What the anomaly panel shows:")
        lines += [f"- {a.message.get(lang)}" for a in hits]
    else:
        lines.append(_no_flag(table, key, target, channel, lang))
    return "\n\n".join(lines)  # paragraphs: a chat renders single line breaks as spaces


def _no_flag(table: KpiTable, key: str, target: str, channel: str | None, lang: str) -> str:
    """No channel flagged: the channel whose KPI moved most, with what moved, or 'nothing unusual'."""
    fr = lang == "fr"
    r = RATIO_BY_KEY[key]
    best: tuple[float, Anomaly] | None = None
    for ch in ([channel] if channel else table.channels):
        s = _series(table, key, ch)
        pos = s.index[s["period_label"] == target]
        if not len(pos) or pd.isna(s.loc[pos[0], key]):
            continue
        base = baselines(s, key)[pos[0]]
        if base is None or not base[0]:
            continue
        value = float(s.loc[pos[0], key])
        drivers = {r.numerator: (float(s.loc[pos[0], f"_n_{key}"]), base[1][r.numerator]),
                   r.denominator: (float(s.loc[pos[0], f"_d_{key}"]), base[1][r.denominator])}
        a = Anomaly("change", target, ch, value, base[0], Text(en="", fr=""), key, drivers,
                    cause(drivers, r.numerator, r.denominator), table.currency)
        gap = abs((a.factor or 1) - 1)
        if best is None or gap > best[0]:
            best = (gap, a)
    if best is None:
        return ("Aucun canal n'a de période précédente comparable." if fr else
                "No channel has an earlier period to compare with.")
    a = best[1]
    factor = format_value(a.factor, "roas", lang)
    head = (f"Aucun canal n'est signalé comme anomalie (seuils : ×1,5 pour un coût, ×0,5 pour un taux). Le plus "
            f"grand écart est {a.channel} (×{factor}), {explain(a, lang)}." if fr else
            f"No channel is flagged as an anomaly (thresholds: ×1.5 for a cost, ×0.5 for a rate). The largest move is "
            f"{a.channel} (×{factor}), {explain(a, lang)}.")
    return head
